"""The soak exercise: the whole window used over and over, watching the reference count of None.

Run in a child process by tests/gui/test_soak.py (and in one long process by benchmarks/bench_soak.py):

    QT_QPA_PLATFORM=offscreen python -m tests.gui.soak_script --data /tmp/somewhere --cycles 2

Each cycle shows every page and dialog, scrolls every list and view, hovers list rows and chart canvases,
repaints a few hundred times, runs the study timer, ticks and undoes, and switches the theme. One JSON line
per phase goes to stdout (prefixed `SOAK `, flushed at once), so when the process aborts (PySide6 6.12.0's
`none_dealloc`) the parent still knows how far it got.
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

PREFIX = "SOAK "
SOAK_TODAY = date(2026, 3, 18)  # a Wednesday, as in the GUI tests: the plan has overdue tasks and future ones
PAGE_ORDER = ("today", "plan", "levels", "progress", "guide")
THEME_ORDER = ("light", "dark", "system")
DIALOGS = ("about", "backups", "import_preview", "plan", "wizard", "preferences")
# the views repainted most: the Levels checklist is the hot path that leaked under PySide6 6.12.0
REPAINT_SHARE = {"levels": 4, "today": 2, "plan": 2, "guide": 1, "window": 1}


def none_refs() -> int | None:
    """Return None's reference count after collecting garbage; None where None is immortal (3.12+)."""
    if sys.version_info >= (3, 12):
        return None
    gc.collect()
    return sys.getrefcount(None)


def emit(record: dict[str, Any]) -> None:
    """Print one result line for the parent process."""
    sys.stdout.write(PREFIX + json.dumps(record) + "\n")
    sys.stdout.flush()


def rss_bytes() -> int:
    """Return the process's resident memory (Linux /proc; the peak from `resource` elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def make_data(folder: Path) -> None:
    """Create a data folder with a 30-day Foundation plan started 6 days ago, some progress and sessions."""
    from mlops_tracker.core.clock import Clock, local_tz
    from mlops_tracker.core.commands import LogStudySession, UpdateItem
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.domain.model import Status

    tracker = Tracker.open(folder, clock=Clock(tz=local_tz(), fixed_day=SOAK_TODAY))
    try:
        if not tracker.plans():
            start = SOAK_TODAY - timedelta(days=6)
            exam = start + timedelta(days=32)
            tracker.create_plan(tracker.plan_spec("foundation", 30, start=start, exam=exam))
            items = [item.id for item in tracker.curriculum.items() if item.id.startswith("foundation.")]
            for item_id in items[:4]:
                tracker.run(UpdateItem(item_id, status=Status.DONE))
            for item_id in items[4:6]:
                tracker.run(UpdateItem(item_id, status=Status.IN_PROGRESS))
            for back in range(5):
                tracker.run(LogStudySession(day=SOAK_TODAY - timedelta(days=back), minutes=20 + 5 * back))
    finally:
        tracker.close()


class Soak:
    """Drive a main window through everything a learner does with it, counting what was exercised."""

    def __init__(self, window: Any, export_file: Path) -> None:
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance()
        self.window = window
        self.export_file = export_file
        self.counts: dict[str, int] = {
            "repaints": 0,
            "grabs": 0,
            "scroll_steps": 0,
            "rows_hovered": 0,
            "canvas_hovers": 0,
            "menu_hovers": 0,
            "ticks": 0,
            "undos": 0,
            "timer_ticks": 0,
            "sessions_logged": 0,
            "dialogs_shown": 0,
            "theme_switches": 0,
            "backups": 0,
        }
        self.pages_visited: set[str] = set()
        self.dialogs_shown: set[str] = set()
        self.themes_used: set[str] = set()

    # ---- helpers ------------------------------------------------------------------------------

    def settle(self) -> None:
        """Run pending events, deferred deletions included."""
        from PySide6.QtCore import QEvent

        self.app.processEvents()
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.app.processEvents()

    def repaint(self, widget: Any) -> None:
        """Paint a widget now (it must be visible to paint at all)."""
        widget.repaint()
        self.counts["repaints"] += 1

    def grab(self, widget: Any) -> None:
        """Render a widget into a pixmap, as a screenshot does."""
        pixmap = widget.grab()
        if pixmap.isNull():
            raise AssertionError(f"grab of {widget.objectName() or type(widget).__name__} gave nothing")
        self.counts["grabs"] += 1

    def show(self, name: str) -> Any:
        """Show a page and return it."""
        page = self.window.show_page(name)
        self.settle()
        if self.window.current_page_name() == name and page.isVisible():
            self.pages_visited.add(name)
        return page

    def hover_point(self, target: Any, point: Any) -> None:
        """Move the mouse over a point of a widget: a hover event and a mouse move, as a pointer sends."""
        from PySide6.QtCore import QEvent, QPointF, Qt
        from PySide6.QtGui import QHoverEvent, QMouseEvent

        local = QPointF(point)
        global_ = QPointF(target.mapToGlobal(point))
        hover = QHoverEvent(QEvent.Type.HoverMove, local, global_, local)
        self.app.sendEvent(target, hover)
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            local,
            global_,
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        self.app.sendEvent(target, move)

    def scroll_areas(self, root: Any) -> list[Any]:
        """Return the visible scrollable widgets under a widget (item views, text browsers, scroll areas)."""
        from PySide6.QtWidgets import QAbstractScrollArea

        areas = [root] if isinstance(root, QAbstractScrollArea) else []
        areas += root.findChildren(QAbstractScrollArea)
        return [area for area in areas if area.isVisible()]

    def scroll_all(self, root: Any) -> None:
        """Scroll each visible list, view and text under a widget from top to bottom and back, painting."""
        for area in self.scroll_areas(root):
            bar = area.verticalScrollBar()
            if bar.maximum() <= bar.minimum():
                self.repaint(area.viewport())
                continue
            step = max(bar.singleStep() * 3, (bar.maximum() - bar.minimum()) // 12, 1)
            for value in [*range(bar.minimum(), bar.maximum() + 1, step), bar.maximum(), bar.minimum()]:
                bar.setValue(value)
                self.repaint(area.viewport())
                self.counts["scroll_steps"] += 1

    def hover_rows(self, root: Any, limit: int = 40) -> None:
        """Hover the rows in view of each visible item view under a widget, repainting the hovered row."""
        from PySide6.QtWidgets import QAbstractItemView

        for view in self.scroll_areas(root):
            if not isinstance(view, QAbstractItemView) or view.model() is None:
                continue
            for index in self.indexes_in_view(view, limit):
                rect = view.visualRect(index)
                if rect.isEmpty():
                    continue
                self.hover_point(view.viewport(), rect.center())
                self.counts["rows_hovered"] += 1
            self.repaint(view.viewport())

    @staticmethod
    def indexes_in_view(view: Any, limit: int) -> Iterator[Any]:
        """Yield the first-column indexes of a view's rows, children of expanded rows included."""
        model = view.model()
        stack = [model.index(row, 0) for row in range(model.rowCount())]
        seen = 0
        while stack and seen < limit:
            index = stack.pop(0)
            seen += 1
            yield index
            if getattr(view, "isExpanded", None) and view.isExpanded(index):
                stack[0:0] = [model.index(row, 0, index) for row in range(model.rowCount(index))]

    # ---- phases -------------------------------------------------------------------------------

    def pages(self) -> None:
        """Show every page and every tab or section inside it; paint and grab each."""
        for name in PAGE_ORDER:
            page = self.show(name)
            self.repaint(self.window)
            self.grab(page)
            if name == "levels":
                tabs = page.level_tabs
                for tab in [*range(tabs.count()), tabs.currentIndex()]:
                    tabs.setCurrentIndex(tab)
                    self.repaint(page.view.viewport())
                combo = page.status_combo
                for position in [*range(combo.count()), 0]:
                    combo.setCurrentIndex(position)
                    self.repaint(page.view.viewport())
                page.search_edit.setText("model")
                self.repaint(page.view.viewport())
                page.search_edit.clear()
            elif name == "guide":
                for row in [*range(page.nav.count()), 0]:
                    page.nav.setCurrentRow(row)
                    self.settle()
                    self.repaint(page)
            elif name == "progress":
                combo = page.level_combo
                start = combo.currentIndex()
                for position in [*range(combo.count()), start]:
                    combo.setCurrentIndex(position)
                    self.settle()
                for panel in page.panels:
                    page.scroll.ensureWidgetVisible(panel)
                    self.settle()
                    self.repaint(panel.canvas)

    def scroll(self) -> None:
        """Scroll every list, view and text on every page (each guide section too)."""
        for name in PAGE_ORDER:
            page = self.show(name)
            if name == "guide":
                for row in range(page.nav.count()):
                    page.nav.setCurrentRow(row)
                    self.settle()
                    self.scroll_all(page)
                page.nav.setCurrentRow(0)
            else:
                self.scroll_all(page)

    def hover(self) -> None:
        """Hover the rows of every list, the navigation, and points across each chart canvas."""
        from PySide6.QtCore import QPoint

        for name in PAGE_ORDER:
            page = self.show(name)
            self.hover_rows(page)
            if name == "progress":
                for panel in page.panels:
                    page.scroll.ensureWidgetVisible(panel)
                    self.settle()
                    canvas = panel.canvas
                    width, height = canvas.width(), canvas.height()
                    for fx in (0.2, 0.4, 0.6, 0.8):
                        for fy in (0.3, 0.6):
                            self.hover_point(canvas, QPoint(int(width * fx), int(height * fy)))
                            self.counts["canvas_hovers"] += 1
                    self.repaint(canvas)
        self.hover_rows(self.window.navigation)

    def repaints(self, count: int) -> None:
        """Repaint the pages' views `count` times in all, most of them the Levels checklist."""
        targets: list[tuple[str, Callable[[Any], Any]]] = [
            ("levels", lambda page: page.view.viewport()),
            ("today", lambda page: page),
            ("plan", lambda page: page.agenda.viewport()),
            ("guide", lambda page: page),
            ("window", lambda _page: self.window),
        ]
        total_share = sum(REPAINT_SHARE.values())
        for name, widget_of in targets:
            page = self.show("levels" if name == "window" else name)
            widget = widget_of(page)
            for _ in range(max(1, count * REPAINT_SHARE[name] // total_share)):
                self.repaint(widget)

    def timer(self) -> None:
        """Start, tick, pause, resume and stop the study timer; log typed minutes and undo that."""
        self.show("today")
        timer = self.window.today_page.timer
        timer.start()
        for _ in range(5):
            # what QTimer does each second, without waiting for it
            timer._ticker.timeout.emit()
            self.counts["timer_ticks"] += 1
        self.repaint(timer)
        timer.pause()
        if timer.is_running():
            raise AssertionError("the study timer still runs after pause")
        timer.start()
        timer.stop()  # under a minute: nothing logged
        sessions = len(self.window.tracker.study_sessions())
        timer.log_typed_minutes()
        if len(self.window.tracker.study_sessions()) != sessions + 1:
            raise AssertionError("logging typed minutes did not add a study session")
        self.counts["sessions_logged"] += 1
        self.repaint(self.window)
        self.undo()
        if len(self.window.tracker.study_sessions()) != sessions:
            raise AssertionError("undo did not take the study session back")

    def undo(self) -> None:
        """Undo the last change through the window's Edit menu action."""
        self.window.undo_action.trigger()
        self.counts["undos"] += 1
        self.settle()

    def ticks(self, rows: int = 3) -> None:
        """Tick check boxes with the mouse on the Levels and Today lists, then undo every tick."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from tests.gui.fixtures_pages import check_point

        for name, view_of in (
            ("levels", lambda page: page.view),
            ("today", lambda page: page.task_view),
        ):
            page = self.show(name)
            view = view_of(page)
            model = view.model()
            for row in range(min(rows, model.rowCount())):
                index = model.index(row, 0)
                before = model.data(index, Qt.ItemDataRole.CheckStateRole)
                view.scrollTo(index)
                QTest.mouseClick(
                    view.viewport(),
                    Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier,
                    check_point(view, index),
                )
                self.settle()
                index = model.index(row, 0)
                after = model.data(index, Qt.ItemDataRole.CheckStateRole)
                if after == before:
                    raise AssertionError(f"a click did not tick row {row} on the {name} page")
                self.counts["ticks"] += 1
                self.repaint(view.viewport())
                self.undo()
                if model.data(model.index(row, 0), Qt.ItemDataRole.CheckStateRole) != before:
                    raise AssertionError(f"undo did not restore row {row} on the {name} page")

    def dialogs(self, *, back_up: bool = False) -> None:
        """Open every dialog without blocking, paint, scroll and hover it, then close it."""
        from PySide6.QtCore import QThreadPool

        from mlops_tracker.core import files
        from mlops_tracker.gui.dialogs.about import AboutDialog
        from mlops_tracker.gui.dialogs.data import BackupsDialog, ImportPreviewDialog
        from mlops_tracker.gui.dialogs.plan_dialog import PlanDialog
        from mlops_tracker.gui.dialogs.wizard import FirstRunWizard
        from mlops_tracker.gui.jobs import jobs_running
        from mlops_tracker.gui.reminder import PreferencesDialog

        window = self.window
        tracker = window.tracker
        document = files.read_export(tracker, self.export_file)
        preview = files.preview_document(tracker, document, self.export_file)
        titles = {item.id: item.title for item in tracker.curriculum.items()}
        makers: dict[str, Callable[[], Any]] = {
            "about": lambda: AboutDialog(tracker.folder, window),
            "backups": lambda: BackupsDialog(window, window),
            "import_preview": lambda: ImportPreviewDialog(preview, titles, window),
            "plan": lambda: PlanDialog(window.bridge, parent=window),
            "wizard": lambda: FirstRunWizard(window.bridge, window),
            "preferences": lambda: PreferencesDialog(tracker, window),
        }
        for name in DIALOGS:
            dialog = makers[name]()
            dialog.open()  # window-modal, returns at once
            self.settle()
            if not dialog.isVisible():
                raise AssertionError(f"the {name} dialog did not show")
            self.repaint(dialog)
            self.grab(dialog)
            self.scroll_all(dialog)
            self.hover_rows(dialog)
            if name == "wizard":
                for _ in range(3):
                    dialog.next()
                    self.settle()
                    self.repaint(dialog)
            if name == "backups" and back_up:
                dialog.back_up_now()
                # the worker reports through queued signals: wait for it, then deliver them
                QThreadPool.globalInstance().waitForDone(30_000)
                self.settle()
                if jobs_running():
                    raise AssertionError("the backup job did not report back")
                if dialog.table.rowCount() < 1:
                    raise AssertionError("Back up now did not list a backup")
                self.counts["backups"] += 1
            dialog.reject()
            dialog.deleteLater()
            self.settle()
            self.dialogs_shown.add(name)
            self.counts["dialogs_shown"] += 1

    def menus(self) -> None:
        """Pop up each menu of the menu bar without blocking, hover its entries, and close it."""
        bar = self.window.menuBar()
        for action in bar.actions():
            menu = action.menu()
            if menu is None:
                continue
            menu.popup(self.window.mapToGlobal(bar.actionGeometry(action).bottomLeft()))
            self.settle()
            for entry in menu.actions():
                if entry.isSeparator() or not entry.isVisible():
                    continue
                self.hover_point(menu, menu.actionGeometry(entry).center())
                self.counts["menu_hovers"] += 1
            self.repaint(menu)
            menu.hide()
            self.settle()

    def themes(self) -> None:
        """Switch light, dark and back to the system theme, painting pages in each."""
        for choice in THEME_ORDER:
            self.window.set_theme(choice)
            self.settle()
            self.themes_used.add(choice)
            self.counts["theme_switches"] += 1
            for name in ("levels", "today", "progress"):
                self.show(name)
                self.repaint(self.window)

    def phases(self, repaints: int, *, back_up: bool = False) -> list[tuple[str, Callable[[], None]]]:
        """Return one cycle's phases in order."""
        return [
            ("pages", self.pages),
            ("scroll", self.scroll),
            ("hover", self.hover),
            ("repaint", lambda: self.repaints(repaints)),
            ("timer", self.timer),
            ("ticks", self.ticks),
            ("dialogs", lambda: self.dialogs(back_up=back_up)),
            ("menus", self.menus),
            ("themes", self.themes),
        ]

    def summary(self) -> dict[str, Any]:
        """Return what was exercised so far."""
        return {
            "counts": dict(self.counts),
            "pages": sorted(self.pages_visited),
            "dialogs": sorted(self.dialogs_shown),
            "themes": sorted(self.themes_used),
        }


class ErrorLog:
    """Record exceptions raised in slots and Qt overrides (PySide prints them and goes on)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._previous = sys.excepthook

    def __call__(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        self.errors.append(f"{kind.__name__}: {error}")
        self._previous(kind, error, trace)


def quiet_dialogs() -> None:
    """Make static message boxes and file dialogs answer at once, so nothing waits for a person."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    for name in ("warning", "critical", "information"):
        setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)  # type: ignore[method-assign]
    QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: ("", ""))  # type: ignore[method-assign]
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: ("", ""))  # type: ignore[method-assign]


def open_window(folder: Path) -> tuple[Any, Soak]:
    """Build the data folder, the application and the shown main window; return it and its driver."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("MPLCONFIGDIR", str(Path(tempfile.gettempdir()) / "mlops-tracker-soak-mpl"))
    os.environ["MLOPS_TRACKER_TODAY"] = SOAK_TODAY.isoformat()
    make_data(folder)

    from mlops_tracker.core import files
    from mlops_tracker.gui.app import create_main_window

    window = create_main_window(folder)
    window.remember_layout = False
    quiet_dialogs()
    window.resize(1100, 720)
    window.show()
    window.activateWindow()
    export_file = folder.parent / f"{folder.name}-export.json"
    files.export_json(window.tracker, export_file)
    soak = Soak(window, export_file)
    soak.settle()
    for name in PAGE_ORDER:  # build every page (Progress loads matplotlib) before anything is measured
        soak.show(name)
    return window, soak


def close_window(window: Any, soak: Soak) -> None:
    """Close the window (it releases the database) and delete it."""
    window.close()
    window.deleteLater()
    soak.settle()


def main(argv: list[str] | None = None) -> int:
    """Run the warm-up cycle and the measured cycles, reporting None's drift per phase."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=os.environ.get("MLOPS_TRACKER_DATA_DIR"))
    parser.add_argument("--cycles", type=int, default=2, help="measured cycles after the warm-up")
    parser.add_argument("--repaints", type=int, default=150, help="repaints of the repaint phase per cycle")
    args = parser.parse_args(argv)
    faulthandler.enable()
    folder: Path = args.data or Path(tempfile.mkdtemp(prefix="mlops-tracker-soak-")) / "data"

    errors = ErrorLog()
    sys.excepthook = errors
    started = time.monotonic()
    from PySide6 import __version__ as pyside_version

    window, soak = open_window(folder)
    emit({"event": "start", "pyside": pyside_version, "python": sys.version.split()[0], "none": none_refs()})

    # warm-up: first uses fill caches, import modules, build dialogs' classes; not counted as drift
    for _name, phase in soak.phases(args.repaints, back_up=True):
        phase()
    soak.settle()
    baseline = none_refs()
    emit({"event": "warmed", "none": baseline, "seconds": round(time.monotonic() - started, 2)})

    drift_by_phase: dict[str, int] = {}
    for cycle in range(1, args.cycles + 1):
        for name, phase in soak.phases(args.repaints):
            before = none_refs()
            began = time.monotonic()
            phase()
            soak.settle()
            after = none_refs()
            drift = None if before is None or after is None else after - before
            if drift is not None:
                drift_by_phase[name] = drift_by_phase.get(name, 0) + drift
            emit(
                {
                    "event": "phase",
                    "cycle": cycle,
                    "phase": name,
                    "none_drift": drift,
                    "seconds": round(time.monotonic() - began, 3),
                }
            )
    end = none_refs()
    close_window(window, soak)
    emit(
        {
            "event": "done",
            "none_baseline": baseline,
            "none_end": end,
            "none_drift": None if baseline is None or end is None else end - baseline,
            "drift_by_phase": drift_by_phase if baseline is not None else None,
            "cycles": args.cycles,
            "errors": errors.errors,
            "seconds": round(time.monotonic() - started, 2),
            "rss_mb": round(rss_bytes() / 2**20, 1),
            **soak.summary(),
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

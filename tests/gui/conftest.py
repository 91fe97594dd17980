"""GUI fixtures: a data folder with a plan, the main window on it, and dialogs that never block."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWizard

from mlops_tracker.core.clock import Clock, local_tz
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import PlanSpec
from mlops_tracker.gui.app import create_main_window
from mlops_tracker.gui.main_window import MainWindow

TODAY = date(2026, 3, 18)  # a Wednesday
PLAN_START = TODAY - timedelta(days=6)  # tasks due on earlier days are overdue now


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend it is TODAY, so plans and overdue tasks are the same on every run."""
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", TODAY.isoformat())


@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Make message boxes, file dialogs and wizards return at once instead of waiting for a person."""
    shown: list[tuple[str, str]] = []

    def record(kind: str, answer: object) -> Callable[..., object]:
        def fake(_parent: object, title: str, text: str, *args: object, **kwargs: object) -> object:
            shown.append((kind, text))
            return answer

        return fake

    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", record("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", record("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Cancel)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QWizard, "exec", lambda self: 0)
    return shown


@pytest.fixture
def shown_messages(_no_blocking_dialogs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return the (kind, text) of every message box shown."""
    return _no_blocking_dialogs


def open_tracker(folder: Path, day: date = TODAY) -> Tracker:
    """Open a tracker on a folder with "today" fixed."""
    return Tracker.open(folder, clock=Clock(tz=local_tz(), fixed_day=day))


@pytest.fixture
def empty_folder(tmp_path: Path) -> Path:
    """Return a data folder with no plan."""
    folder = tmp_path / "empty"
    tracker = Tracker.open(folder)
    tracker.close()
    return folder


def create_item_plan(tracker: Tracker, spec: PlanSpec) -> None:
    """Store a plan of whole items, as made before study steps (one task per item).

    The pages' tests keep using it until Today and Plan are rebuilt on core/views.py with their steps:
    such plans stay in users' data after the upgrade, and the pages must keep showing them. A plan of
    steps on Today is tested in test_today_steps.py.
    """
    from mlops_tracker.core.commands import SetPlan
    from mlops_tracker.domain import scheduling

    tasks = tuple(scheduling.schedule(tracker.resolve_level(spec.level), spec))
    tracker.run(SetPlan(level=spec.level, spec=spec, tasks=tasks, verb="Create plan"))


@pytest.fixture
def plan_folder(tmp_path: Path) -> Path:
    """Return a data folder with a 30-day Foundation plan started 6 days ago, exam 2 days after its end."""
    folder = tmp_path / "planned"
    tracker = open_tracker(folder)
    try:
        spec = tracker.plan_spec("foundation", 30, start=PLAN_START, exam=PLAN_START + timedelta(days=32))
        create_item_plan(tracker, spec)
    finally:
        tracker.close()
    return folder


@pytest.fixture
def window_factory(qtbot) -> Iterator[Callable[[Path], MainWindow]]:  # type: ignore[no-untyped-def]
    """Return a function making main windows on a folder, each closed at the end of the test."""

    made: list[MainWindow] = []

    def make(folder: Path) -> MainWindow:
        window = create_main_window(folder)
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield make
    # close and delete now, while the Python side of every widget is still alive
    for window in made:
        window.close()
        window.deleteLater()
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def show_active(qtbot, window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    """Show a window and make it the active one, as a desktop does (shortcuts need an active window)."""
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
        window.windowHandle().requestActivate()
    return window


@pytest.fixture
def main_window(window_factory: Callable[[Path], MainWindow], plan_folder: Path, qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    """Return the shown main window on a folder with a plan."""
    return show_active(qtbot, window_factory(plan_folder))

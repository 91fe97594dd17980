"""File menu data dialogs: import (with a preview and an undo), export, backups, recovery at start-up.

Long work (backup, import, export) runs in a QThreadPool worker behind a busy indicator; the worker
never touches widgets and never notifies the tracker's listeners: the UI thread reloads when it is done.
A restore (a quick file copy) runs on the UI thread, so no read can open the file while it is replaced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker import APP_NAME
from mlops_tracker.core import files, recovery
from mlops_tracker.core import folder as backups
from mlops_tracker.core.folder import DatabaseDamaged
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError
from mlops_tracker.gui.bridge import TrackerBridge, show_error
from mlops_tracker.gui.jobs import run_in_background
from mlops_tracker.gui.widgets.labels import label
from mlops_tracker.paths import backups_dir

log = logging.getLogger("mlops_tracker.gui")

STATUS_MESSAGE_MS = 8000
UNDO_OFFER_MS = 120_000  # the "Undo import" button stays this long; the Backups dialog can undo later
AUTO_BACKUP_CHECK_MS = 60_000
JSON_FILTER = "MLOps Tracker export (*.json)"
CSV_FILTER = "Checklist for spreadsheets (*.csv)"


def _tracker(window: QMainWindow) -> Tracker:
    """Return the window's tracker (the main window, and the tests' stand-ins, carry one)."""
    tracker: Tracker = window.tracker  # type: ignore[attr-defined]
    return tracker


def _bridge(window: QMainWindow) -> TrackerBridge:
    bridge: TrackerBridge = window.bridge  # type: ignore[attr-defined]
    return bridge


# ---- background work: gui/jobs.py ----------------------------------------------------------------------


def run_now(parent: QWidget | None, work: Callable[[], object]) -> tuple[bool, object]:
    """Run short work that replaces the database on the UI thread, under a wait cursor.

    A restore must not race the UI thread: a read starting mid-way would open the file being replaced.
    Return (whether it worked, its result); a user error is shown in one dialog.
    """
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = work()
    except UserError as error:
        failure = str(error)
    else:
        return True, result
    finally:
        QApplication.restoreOverrideCursor()
    show_error(parent, failure)
    return False, None


def _show_status(window: QMainWindow, message: str) -> None:
    window.statusBar().showMessage(message, STATUS_MESSAGE_MS)


def _after_replace(window: QMainWindow) -> None:
    """Refresh every screen after the database was replaced or merged into (on the UI thread)."""
    reopen = getattr(window, "reopen_tracker", None)
    if callable(reopen):
        reopen()
    else:
        _tracker(window).reload()  # the tracker already works on the new data: screens just re-read it


# ---- export --------------------------------------------------------------------------------------


def export_data(window: QMainWindow) -> None:
    """Ask where to export, then write all data as JSON (or the checklist as CSV) in the background."""
    suggested = str(Path.home() / f"mlops-tracker-export-{datetime.now():%Y-%m-%d}.json")
    name, chosen_filter = QFileDialog.getSaveFileName(
        window,
        "Export data",
        suggested,
        f"{JSON_FILTER};;{CSV_FILTER}",
    )
    if not name:
        return
    path = Path(name)
    as_csv = path.suffix.lower() == ".csv" or (chosen_filter == CSV_FILTER and path.suffix.lower() != ".json")
    if as_csv and path.suffix.lower() != ".csv":
        path = path.with_suffix(".csv")
    elif not as_csv and not path.suffix:
        path = path.with_suffix(".json")
    tracker = _tracker(window)

    def work() -> str:
        if as_csv:
            rows = files.export_csv(tracker, path)
            return f"Wrote the checklist ({rows} items) to {path.name}."
        summary = files.export_json(tracker, path)
        return f"Exported {summary.describe()} to {path.name}."

    run_in_background(window, "Exporting…", work, lambda message: _show_status(window, message))


# ---- import --------------------------------------------------------------------------------------


class ImportPreviewDialog(QDialog):
    """Show what an import will change and ask whether to go ahead."""

    def __init__(self, preview: files.ImportPreview, titles: dict[str, str], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("Import data")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(label(f"Importing <b>{preview.source.name}</b> will add:", wrap=True))
        self.changes = QPlainTextEdit("\n".join(preview.describe(titles, limit=50)))
        self.changes.setReadOnly(True)
        self.changes.setAccessibleName("Changes the import makes")
        layout.addWidget(self.changes)
        note = label(
            "Nothing here is overwritten by something older. A backup is taken first, so the import "
            "can be undone.",
            role="muted",
            wrap=True,
        )
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _titles(tracker: Tracker) -> dict[str, str]:
    return {item.id: item.title for item in tracker.curriculum.items()}


def import_data(window: QMainWindow) -> None:
    """Ask for an export file, validate it, preview the changes, then merge it with a way to undo."""
    name, _ = QFileDialog.getOpenFileName(
        window,
        "Import data",
        str(Path.home()),
        f"{JSON_FILTER};;All files (*)",
    )
    if not name:
        return
    path = Path(name)
    tracker = _tracker(window)

    def validate() -> tuple[Any, files.ImportPreview]:
        document = files.read_export(tracker, path)
        return document, files.preview_document(tracker, document, path)

    def previewed(result: tuple[Any, files.ImportPreview]) -> None:
        document, preview = result
        if preview.nothing_to_do:
            QMessageBox.information(
                window,
                APP_NAME,
                f"Nothing to import: everything in {path.name} is already here.",
            )
            return
        dialog = ImportPreviewDialog(preview, _titles(tracker), window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        run_in_background(
            window,
            "Importing…",
            lambda: files.import_document(tracker, document, path, notify=False),
            lambda imported: _imported(window, imported),
        )

    run_in_background(window, "Checking the file…", validate, previewed)


def _imported(window: QMainWindow, result: files.ImportResult) -> None:
    """Refresh the screens and offer to undo the import from the status line."""
    _after_replace(window)
    preview = result.preview
    message = (
        f"Imported {preview.source.name}: {preview.new_events} new events, "
        f"{len(preview.status_changes)} status changes."
    )
    bar = window.statusBar()
    bar.showMessage(message, UNDO_OFFER_MS)
    if result.backup is None:
        return
    undo = QPushButton("Undo import")
    undo.setObjectName("undoImportButton")
    undo.setToolTip(f"Restore the backup taken just before the import ({result.backup.name})")
    bar.addPermanentWidget(undo)

    def remove() -> None:
        bar.removeWidget(undo)
        undo.deleteLater()

    def clicked() -> None:
        remove()
        undo_import(window, result)

    undo.clicked.connect(clicked)
    QTimer.singleShot(UNDO_OFFER_MS, undo, remove)  # undo is the receiver: no call once it is gone


def undo_import(window: QMainWindow, result: files.ImportResult) -> bool:
    """Restore the backup taken just before an import (the data of now is backed up first)."""
    tracker = _tracker(window)
    ok, _ = run_now(window, lambda: files.undo_import(tracker, result, notify=False))
    if ok:
        _after_replace(window)
        _show_status(window, "The import was undone.")
    return ok


# ---- backups -------------------------------------------------------------------------------------


class BackupsDialog(QDialog):
    """List the backups (date, reason, size); back up now, or restore one after confirming."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.tracker = _tracker(window)
        self.setWindowTitle("Backups")
        self.setMinimumSize(560, 360)
        layout = QVBoxLayout(self)
        intro = label(
            f"Backups are kept in {backups_dir(self.tracker.folder)}: every 30 minutes while you "
            "work, when you quit, and before any upgrade, import or restore.",
            wrap=True,
        )
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Date", "Reason", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Backups, newest first")
        layout.addWidget(self.table)
        self.empty_label = QLabel("No backups yet.")
        layout.addWidget(self.empty_label)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton("Back up now")
        self.restore_button = QPushButton("Restore…")
        close = QPushButton("Close")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        close.clicked.connect(self.accept)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.infos: list[backups.BackupInfo] = []
        self.refresh()

    def refresh(self) -> None:
        """Read the backups folder again."""
        self.infos = recovery.list_backups(self.tracker)
        self.table.setRowCount(len(self.infos))
        for row, info in enumerate(self.infos):
            local = info.created.astimezone(self.tracker.clock.tz)
            cells = (f"{local:%Y-%m-%d %H:%M}", info.reason.replace("-", " "), backups.human_size(info.size))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(info.path))
                self.table.setItem(row, column, cell)
        if self.infos:
            self.table.selectRow(0)
        self.empty_label.setVisible(not self.infos)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> backups.BackupInfo | None:
        """Return the selected backup."""
        rows = self.table.selectionModel().selectedRows()
        return self.infos[rows[0].row()] if rows else None

    def back_up_now(self) -> None:
        """Make a backup in the background, then list it."""
        tracker = self.tracker

        def done(path: Path) -> None:
            self.refresh()
            _show_status(self.window_, f"Backed up to {path.name}.")

        self.backup_button.setEnabled(False)

        def failed(message: str) -> None:
            self.backup_button.setEnabled(True)
            show_error(self, message)

        def finished(path: Path) -> None:
            self.backup_button.setEnabled(True)
            done(path)

        run_in_background(
            self, "Backing up…", lambda: recovery.backup_now(tracker), finished, on_failed=failed
        )

    def restore_selected(self) -> None:
        """Ask, then replace the current data by the selected backup (backing the current data up first)."""
        info = self.selected()
        if info is None:
            return
        answer = QMessageBox.question(
            self,
            "Restore backup",
            f"Replace your current data with the backup from {info.describe(self.tracker.clock.tz)}?\n\n"
            "Your current data is backed up first, so this can be undone from this list.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        tracker = self.tracker
        ok, _ = run_now(self, lambda: recovery.restore_backup(tracker, info.path, notify=False))
        if ok:
            _after_replace(self.window_)
            self.refresh()
            _show_status(self.window_, f"Restored the backup from {info.describe(tracker.clock.tz)}.")


def show_backups(window: QMainWindow) -> None:
    """Show the Backups dialog."""
    BackupsDialog(window, window).exec()


# ---- automatic backups ---------------------------------------------------------------------------


class AutoBackup(QObject):
    """Back up every 30 minutes while something changed (in the background), and on exit."""

    backed_up = Signal(object)  # Path

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        newest = recovery.list_backups(_tracker(window))
        self.schedule = backups.BackupSchedule(last_backup=newest[0].created if newest else datetime.now(UTC))
        self.busy = False
        _bridge(window).tracker_changed.connect(self._changed)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_BACKUP_CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def _changed(self, _changes: object) -> None:
        self.schedule.note_change()

    def check(self, now: datetime | None = None) -> bool:
        """Start a background backup when one is due; return whether one started."""
        moment = now or datetime.now(UTC)
        if self.busy or not self.schedule.is_due(moment):
            return False
        self.busy = True
        tracker = _tracker(self.window_)

        def done(path: Path) -> None:
            self.busy = False
            self.schedule.backed_up(moment)
            self.backed_up.emit(path)

        def failed(message: str) -> None:
            self.busy = False
            log.warning("automatic backup failed: %s", message)
            _show_status(self.window_, f"Automatic backup failed: {message}")

        run_in_background(
            self.window_,
            "Backing up…",
            lambda: recovery.backup_now(tracker, "auto"),
            done,
            busy=False,  # a routine backup never interrupts
            on_failed=failed,
        )
        return True

    def backup_on_exit(self) -> Path | None:
        """Back up now (on the UI thread: the window is closing) when something changed; never raise."""
        self.timer.stop()
        # an import or backup still running in the pool finishes before the database closes
        QThreadPool.globalInstance().waitForDone(30_000)
        if not self.schedule.is_due_on_exit():
            return None
        try:
            path = recovery.backup_now(_tracker(self.window_), "exit")
        except UserError as error:
            log.warning("backup on exit failed: %s", error)
            return None
        self.schedule.backed_up(datetime.now(UTC))
        return path


def install_auto_backup(window: QMainWindow) -> AutoBackup:
    """Start the 30-minute backup timer of a main window; call `backup_on_exit()` before closing."""
    return AutoBackup(window)


# ---- recovery at start-up ------------------------------------------------------------------------


def offer_recovery(parent: QWidget | None, error: DatabaseDamaged, folder: Path) -> bool:
    """Explain a damaged database and offer the newest good backup; return whether to go on opening.

    True: a backup was restored, or the user chose to start with an empty database (the damaged file
    stays aside). False: the user chose to quit.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText("Your database is damaged. Nothing was deleted.")
    lines = [
        f"What is wrong: {error.problem}.",
        f"The damaged file was moved aside to {error.moved_to}.",
    ]
    newest = error.newest_backup
    if newest is not None:
        lines.append(f"The newest good backup is from {newest.describe()} ({newest.path.name}).")
    else:
        lines.append("There is no good backup to restore.")
    box.setInformativeText("\n\n".join(lines))
    restore_button = None
    if newest is not None:
        restore_button = box.addButton("Restore newest backup", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(restore_button)
    empty_button = box.addButton("Start with an empty database", QMessageBox.ButtonRole.DestructiveRole)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    if restore_button is not None and clicked is restore_button:
        assert newest is not None
        try:
            backups.restore_after_damage(folder, newest.path)
        except UserError as failure:
            show_error(parent, str(failure))
            return False
        return True
    return clicked is empty_button

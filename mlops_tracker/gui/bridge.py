"""The Qt side of the Tracker: one signal that every screen refreshes from, and safe command running."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from mlops_tracker.core.commands import Changes, Command
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError

WATCH_INTERVAL_MS = 500  # how often the window asks whether another process changed the data


class TrackerBridge(QObject):
    """Wraps the Tracker for widgets: emits `tracker_changed(Changes)` after every change, undo and redo.

    With `watch_other_writers()` it also notices commits of other processes (the command line, another
    window) and then reloads the tracker, which emits `tracker_changed` like any change.
    """

    tracker_changed = Signal(object)  # Changes
    outside_change_seen = Signal()  # another process committed; the tracker was reloaded

    def __init__(self, tracker: Tracker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self._seen_version: int | None = None
        self._watch_timer: QTimer | None = None
        # first listener: our own commit is taken as seen before any screen starts reading
        tracker.subscribe(self._note_own_change)
        tracker.subscribe(self.tracker_changed.emit)

    def _note_own_change(self, _changes: Changes) -> None:
        if self._watch_timer is not None and QThread.currentThread() is self.thread():
            # data_version is per connection: read it on this thread's, the one the timer reads on;
            # our writes run on another connection than the reads, so data_version moves for them too
            self._seen_version = self.tracker.data_version()

    def watch_other_writers(self, interval_ms: int = WATCH_INTERVAL_MS) -> None:
        """Check every `interval_ms` whether another process committed, and reload when it did."""
        if self._watch_timer is None:
            self._watch_timer = QTimer(self)
            self._watch_timer.timeout.connect(self.check_other_writers)
        self._seen_version = self.tracker.data_version()
        self._watch_timer.start(interval_ms)

    def note_own_write(self) -> None:
        """Take the data as it is now as seen: this window's own write from a worker thread (a sync)."""
        if self._watch_timer is not None:
            self._seen_version = self.tracker.data_version()

    def stop_watching(self) -> None:
        """Stop checking for other writers (before the tracker closes)."""
        if self._watch_timer is not None:
            self._watch_timer.stop()

    def check_other_writers(self) -> bool:
        """Reload the tracker when another connection committed since the last look; return whether it did."""
        try:
            version = self.tracker.data_version()
        except (UserError, sqlite3.Error):
            return False  # the file is busy or being replaced: look again at the next tick
        if version == self._seen_version:
            return False
        self._seen_version = version
        self.tracker.reload()  # notifies every screen with ALL_CHANGED
        self.outside_change_seen.emit()
        return True

    def run(self, command: Command, parent: QWidget | None = None) -> Changes | None:
        """Run a command; show a user error in one dialog and return None."""
        try:
            return self.tracker.run(command)
        except UserError as error:
            show_error(parent, str(error))
            return None


def confirm(parent: QWidget | None, title: str, text: str, *, default_yes: bool = False) -> bool:
    """Ask a yes/no question; return whether the answer is yes."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, message: str, title: str = "MLOps Tracker") -> None:
    """Show a user error in one dialog."""
    QMessageBox.warning(parent, title, message)

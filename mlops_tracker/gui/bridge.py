"""The Qt side of the Tracker: one signal that every screen refreshes from, and safe command running."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from mlops_tracker.core.commands import Changes, Command
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError


class TrackerBridge(QObject):
    """Wraps the Tracker for widgets: emits `tracker_changed(Changes)` after every change, undo and redo."""

    tracker_changed = Signal(object)  # Changes

    def __init__(self, tracker: Tracker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        tracker.subscribe(self.tracker_changed.emit)

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

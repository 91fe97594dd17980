"""The Preferences dialog's Sync section: the server URL and a Test connection button (in the background)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from mlops_tracker.core import sync_state
from mlops_tracker.gui.jobs import run_in_background
from mlops_tracker.gui.widgets.labels import label

if TYPE_CHECKING:
    from mlops_tracker.core.sync import SyncIdentity
    from mlops_tracker.core.tracker import Tracker

PLACEHOLDER = "postgresql://ROLE@HOST:5432/DATABASE"


class SyncSettingsSection(QWidget):
    """Test a sync server URL in the background and, when it works, save it (never its password)."""

    saved = Signal(object)  # SyncIdentity

    def __init__(self, tracker: Tracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(label("Sync", role="heading"))
        row = QHBoxLayout()
        caption = QLabel("Ser&ver:")
        self.url_edit = QLineEdit(sync_state.configured_url(tracker) or "")
        self.url_edit.setObjectName("syncUrl")
        self.url_edit.setAccessibleName("Sync server URL")
        self.url_edit.setPlaceholderText(PLACEHOLDER)
        caption.setBuddy(self.url_edit)
        self.test_button = QPushButton("&Test connection")
        self.test_button.setObjectName("syncTest")
        self.test_button.clicked.connect(self.test_connection)
        row.addWidget(caption)
        row.addWidget(self.url_edit, 1)
        row.addWidget(self.test_button)
        layout.addLayout(row)
        self.result_label = label(
            "The password is never saved: put it in ~/.pgpass (or PGPASSWORD). A working connection is used "
            "at once: syncs every 5 minutes and on exit.",
            role="muted",
            wrap=True,
        )
        self.result_label.setObjectName("syncResult")
        layout.addWidget(self.result_label)

    def test_connection(self) -> None:
        """Log in with the URL in the background; save it when it works, else say why in one line."""
        url = self.url_edit.text().strip()
        if not url:
            self.result_label.setText(f"Type the server's address first, e.g. {PLACEHOLDER}.")
            return
        self.test_button.setEnabled(False)
        self.result_label.setText("Testing the connection…")
        tracker = self.tracker

        def work() -> SyncIdentity:
            from mlops_tracker.core import sync  # psycopg loads here, in the worker thread

            return sync.setup(tracker, url)

        run_in_background(self, "Testing…", work, self._worked, busy=False, on_failed=self._failed)

    def _worked(self, who: SyncIdentity) -> None:
        self.test_button.setEnabled(True)
        role = f"the trainer of {who.cohort}" if who.trainer else f"learner {who.name}"
        self.result_label.setText(f"Connected as {role}; saved. The password was not saved.")
        self.saved.emit(who)

    def _failed(self, message: str) -> None:
        self.test_button.setEnabled(True)
        self.result_label.setText(message)

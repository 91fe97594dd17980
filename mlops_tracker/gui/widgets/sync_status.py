"""The status bar's sync line: "Synced 2 min ago", "Offline: 12 changes waiting", "Syncing…"."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QLabel, QWidget

from mlops_tracker.core.sync_state import SyncStatus, status_text


class SyncStatusLabel(QLabel):
    """Shows where sync stands; the tooltip gives the server and, when offline, why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setAccessibleName("Sync status")
        self.state: SyncStatus | None = None
        self.problem: str | None = None

    def show_state(self, state: SyncStatus, problem: str | None = None, now: datetime | None = None) -> None:
        """Show a sync state; `problem` is the last sync's one-line failure (the line reads "Offline")."""
        self.state, self.problem = state, problem
        self.setVisible(state.server is not None)
        self.setText(status_text(state, now or datetime.now(UTC), offline=problem is not None))
        tip = f"Sync server: {state.server}"
        if problem:
            tip += f"\n{problem}\nYour changes are kept here and go out at the next sync."
        self.setToolTip(tip)

    def show_syncing(self) -> None:
        """Say a sync is under way."""
        self.setText("Syncing…")

    def tick(self, now: datetime | None = None) -> None:
        """Bring "2 min ago" up to date."""
        if self.state is not None:
            self.show_state(self.state, self.problem, now)

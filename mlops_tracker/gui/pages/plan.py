"""The Plan page: the schedule as an agenda by day; create, reschedule and delete plans."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from mlops_tracker.core.commands import Changes
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.pages.base import Page


class PlanPage(Page):
    """Show a plan's agenda and let the learner create, reschedule or delete plans."""

    title = "Plan"

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        QVBoxLayout(self)

    def create_plan(self, level: str | None = None) -> None:
        """Open the plan dialog and create the plan the learner chooses."""

    def refresh(self, changes: Changes) -> None:
        """Bring the agenda up to date after a change."""

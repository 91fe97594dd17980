"""The Levels page: every level's checklist with status, notes, evidence and confidence."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from mlops_tracker.core.commands import Changes
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.pages.base import Page


class LevelsPage(Page):
    """Show the checklists of the levels, with search, filters and an item editor."""

    title = "Levels"

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        QVBoxLayout(self)

    def focus_search(self) -> None:
        """Focus the search box and select its text."""

    def show_item(self, item_id: str) -> None:
        """Select an item, switching level and clearing filters as needed."""

    def refresh(self, changes: Changes) -> None:
        """Bring the checklist up to date after a change."""

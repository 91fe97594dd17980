"""The Guide page: the certification guide's text, tables and FAQ."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from mlops_tracker.core.commands import Changes
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.pages.base import Page


class GuidePage(Page):
    """Show the guide: overview, tracks, levels, paths, roles, next steps, providers and FAQ."""

    title = "Guide"

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        QVBoxLayout(self)

    def refresh(self, changes: Changes) -> None:
        """Nothing to refresh: the guide does not change with the learner's data."""

"""What every page of the main window provides."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mlops_tracker.core.commands import Changes
from mlops_tracker.gui.bridge import TrackerBridge


class Page(QWidget):
    """A page of the side navigation: built from the bridge, refreshed from change flags.

    Subclasses set `title` and implement `refresh(changes)`. A page that is not visible should only mark
    itself stale and refresh in `showEvent`, so a tick does not redraw every hidden page.
    """

    title = "Page"

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.tracker = bridge.tracker
        self._stale = False
        bridge.tracker_changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes) -> None:
        if self.isVisible():
            self.refresh(changes)
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._stale:
            self._stale = False
            self.refresh(Changes(items=True, plans=True, sessions=True, readiness=True, settings=True))
        super().showEvent(event)

    def refresh(self, changes: Changes) -> None:
        """Bring the page up to date after a change."""
        raise NotImplementedError

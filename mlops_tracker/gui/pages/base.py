"""What every page of the main window provides."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mlops_tracker.core.commands import ALL_CHANGED, Changes
from mlops_tracker.gui.bridge import TrackerBridge


class Page(QWidget):
    """A page of the side navigation: built from the bridge, refreshed from change flags.

    Subclasses set `title` and implement `refresh(changes)`. A page that is not visible only gathers the
    changes it missed and refreshes for them when shown, so a tick does not redraw every hidden page.
    """

    title = "Page"

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.tracker = bridge.tracker
        self._missed = Changes()  # what changed while the page was hidden
        bridge.tracker_changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes) -> None:
        if self.isVisible():
            self.refresh(changes)
        else:
            self._missed |= changes

    def mark_stale(self, changes: Changes = ALL_CHANGED) -> None:
        """Refresh for these changes when the page is next shown."""
        self._missed |= changes

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._missed:
            missed, self._missed = self._missed, Changes()
            self.refresh(missed)
        super().showEvent(event)

    def refresh(self, changes: Changes) -> None:
        """Bring the page up to date after a change."""
        raise NotImplementedError

"""Sync in the window: every 5 minutes and on exit, in the background, never blocking the window.

Installed after the first paint. Reads where sync stands without loading PostgreSQL's driver
(`core.sync_state`); the sync itself (`core.sync`, psycopg) is imported in the worker thread, and only when
a server is set up. A trainer's connection adds the Cohort page instead of syncing.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from mlops_tracker.core import sync_state
from mlops_tracker.gui.jobs import run_in_background
from mlops_tracker.gui.widgets.sync_status import SyncStatusLabel

if TYPE_CHECKING:
    from mlops_tracker.core.sync import SyncResult
    from mlops_tracker.gui.main_window import MainWindow

SYNC_INTERVAL_MS = 5 * 60 * 1000
TICK_MS = 30 * 1000  # "Synced 2 min ago" moves on
STATUS_MESSAGE_MS = 8000
log = logging.getLogger(__name__)


def _sync_folder(folder: Path) -> None:
    """Sync a data folder with its own tracker (the window's is closing); failures only go to the log."""
    from mlops_tracker.core import sync
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.domain.errors import UserError

    try:
        tracker = Tracker.open(folder, source="ui")
        try:
            sync.sync_now(tracker, notify=False)
        finally:
            tracker.close()
    except UserError as error:  # offline at exit: the changes wait for the next start
        log.info("sync on exit: %s", error)
    except Exception:
        log.exception("sync on exit failed")


class SyncService(QObject):
    """Runs the window's syncs and keeps the status bar's sync line current."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.tracker = window.tracker
        self.label = SyncStatusLabel()
        window.statusBar().addPermanentWidget(self.label)
        self.problem: str | None = None
        self.running = False
        self.exit_thread: threading.Thread | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_INTERVAL_MS)
        self.timer.timeout.connect(self.sync_now)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(lambda: self.label.tick())
        self.configured_changed()

    def configured_changed(self) -> None:
        """Take up a new or changed sync setup: start syncing, or add the Cohort page for a trainer."""
        self.refresh()
        if sync_state.configured_url(self.tracker) is None:
            return
        self.ticker.start()
        if sync_state.is_trainer(self.tracker):
            self.timer.stop()
            from mlops_tracker.gui.pages.cohort import CohortPage

            self.window.add_page("cohort", "Cohort", CohortPage(self.window.bridge))
            return
        self.timer.start()
        QTimer.singleShot(0, self, self.sync_now)  # a first sync as soon as the window is up

    def refresh(self) -> None:
        """Show the current state in the status bar."""
        self.label.show_state(sync_state.status(self.tracker), self.problem)

    def sync_now(self) -> None:
        """Start a sync in the background unless one runs, none is set up, or it is a trainer's."""
        if self.running or self.tracker.database.read_only is not None:
            return
        if sync_state.configured_url(self.tracker) is None or sync_state.is_trainer(self.tracker):
            return
        self.running = True
        self.label.show_syncing()
        tracker = self.tracker

        def work() -> SyncResult:
            from mlops_tracker.core import sync  # psycopg loads here, in the worker thread

            return sync.sync_now(tracker, notify=False)

        run_in_background(self.window, "Syncing…", work, self._done, busy=False, on_failed=self._failed)

    def _done(self, result: SyncResult) -> None:
        self.running, self.problem = False, None
        if result.pulled:
            self.tracker.reload()  # on the UI thread: every page reads the merged data
        else:
            self.window.bridge.note_own_write()  # its notes (last sync) are no change from elsewhere
        if result.warning:
            self.window.statusBar().showMessage(result.warning, STATUS_MESSAGE_MS)
        self.refresh()

    def _failed(self, message: str) -> None:
        self.running, self.problem = False, message
        self.refresh()

    def sync_on_exit(self) -> None:
        """Start a last sync in a thread of its own that the closing window never waits for."""
        self.timer.stop()
        self.ticker.stop()
        if self.running or self.tracker.database.read_only is not None:
            return
        if sync_state.configured_url(self.tracker) is None or sync_state.is_trainer(self.tracker):
            return
        # not a daemon: the process ends when the last sync has (at most the connect timeout offline)
        self.exit_thread = threading.Thread(
            target=_sync_folder, args=(self.tracker.folder,), name="sync-on-exit", daemon=False
        )
        self.exit_thread.start()


def install_sync(window: MainWindow) -> SyncService:
    """Add the sync line to the window's status bar and start syncing when a server is set up."""
    return SyncService(window)

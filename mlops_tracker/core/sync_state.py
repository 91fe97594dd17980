"""Where sync stands on this computer, read cheaply: no PostgreSQL driver is loaded to answer.

The window asks this after its first paint to decide whether to start syncing at all; `core.sync` (which
loads psycopg) is imported only when there is a server to talk to.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError
from mlops_tracker.storage import sync_local as local

SERVER_STATE = "server"  # keys of sync_state (device state, not settings): the URL without a password
LABEL_STATE = "server_label"
DEVICE_STATE = "device_id"
HIGH_WATER_STATE = "high_water"
LAST_SYNC_STATE = "last_sync"
ROLE_STATE = "role"
CLOCK_STATE = "clock_offset_seconds"


@dataclass(frozen=True)
class SyncStatus:
    """Where sync stands on this computer: `sync status --json` and the status bar."""

    server: str | None
    last_sync: datetime | None
    pending: int
    trainer: bool = False

    def as_json(self) -> dict[str, Any]:
        """Return the stable JSON form: {server, last_sync, pending}."""
        return {
            "server": self.server,
            "last_sync": local.moment_text(self.last_sync) if self.last_sync else None,
            "pending": self.pending,
        }


def _has_state(connection: sqlite3.Connection) -> bool:
    # a database opened read-only from an older app may lack the table: then sync was never set up
    return connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_state'").fetchone() is not None


def _state(tracker: Tracker, key: str) -> Any:
    with tracker.database.reading() as connection:
        return local.get_state(connection, key) if _has_state(connection) else None


def configured_url(tracker: Tracker) -> str | None:
    """Return the saved sync server URL (without a password), or None when sync is not set up."""
    return _state(tracker, SERVER_STATE)


def is_trainer(tracker: Tracker) -> bool:
    """Return whether the saved connection is a cohort trainer's."""
    role = _state(tracker, ROLE_STATE)
    return bool(role and role.get("trainer"))


def status(tracker: Tracker) -> SyncStatus:
    """Return the server, the last sync and how many local records wait to go up."""
    with tracker.database.reading() as connection:
        if not _has_state(connection) or local.get_state(connection, SERVER_STATE) is None:
            return SyncStatus(None, None, 0)
        label = local.get_state(connection, LABEL_STATE)
        last = local.get_state(connection, LAST_SYNC_STATE)
        trainer = bool((local.get_state(connection, ROLE_STATE) or {}).get("trainer"))
        pending = 0 if trainer else len(local.pending_records(connection))
    return SyncStatus(label, datetime.fromisoformat(last) if last else None, pending, trainer)


def require_url(tracker: Tracker, url: str | None = None) -> str:
    """Return the URL to sync with: the given one, else the saved one; refuse when there is none."""
    saved = url or configured_url(tracker)
    if not saved:
        raise UserError("Sync is not set up on this computer: run `mlops-tracker sync setup URL` first.")
    return saved


def status_text(state: SyncStatus, now: datetime, offline: bool = False) -> str:
    """Return the status bar's words: "Synced 2 min ago", "Offline: 12 changes waiting", "Not synced yet"."""
    from mlops_tracker.domain.phrases import duration, plural

    if state.trainer:
        return "Trainer connection: see the Cohort page"
    waiting = plural(state.pending, "change")
    if offline:
        return f"Offline: {waiting} waiting"
    if state.last_sync is None:
        return f"Not synced yet: {waiting} waiting" if state.pending else "Not synced yet"
    minutes = max(int((now - state.last_sync).total_seconds() // 60), 0)
    if minutes < 1:
        return "Synced just now"
    if minutes < 48 * 60:
        return f"Synced {duration(minutes if minutes < 60 else minutes // 60 * 60)} ago"
    return f"Synced {minutes // (24 * 60)} days ago"

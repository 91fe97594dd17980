"""Sync as the window and the command line use it: set up a connection, sync now, say where it stands.

Offline-first: the local database stays the app's store. A sync pushes the local records the server lacks
(`storage.sync_local.KINDS`, one entry per kind), pulls the others after this device's high-water mark and
merges them with the import's own merge, a page per local transaction together with the new mark, so a sync
killed at any point resumes with nothing lost and nothing twice. Imported only when sync is used.
"""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from mlops_tracker.core.commands import ALL_CHANGED, Changes
from mlops_tracker.core.sync_state import (
    CLOCK_STATE,
    DEVICE_STATE,
    HIGH_WATER_STATE,
    LABEL_STATE,
    LAST_SYNC_STATE,
    ROLE_STATE,
    SERVER_STATE,
    require_url,
)
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError
from mlops_tracker.formats.export import FORMAT_VERSION, ExportRejected, parse_export
from mlops_tracker.storage import sync_local as local
from mlops_tracker.storage import transfer as store
from mlops_tracker.sync import exchange
from mlops_tracker.sync.connection import connect, describe, open_engine, without_password
from mlops_tracker.sync.envelope import EventEnvelope, ServerEvent
from mlops_tracker.sync.errors import SyncError
from mlops_tracker.sync.server import check_schema

PULL_PAGE = 25_000  # events merged per local transaction: few merges on a first sync, bounded memory
# the export sections pulled records travel in besides plans (each kind of `local.KINDS` with a section)
PULLED_SECTIONS = tuple(kind.section for kind in local.KINDS if kind.section not in (None, "plans"))


@dataclass(frozen=True)
class SyncIdentity:
    """Who a sync URL logs in as: a learner (their own events) or a cohort's trainer."""

    name: str
    cohort: str | None
    trainer: bool


@dataclass(frozen=True)
class SyncResult:
    """What one sync did."""

    pushed: int  # records new to the server
    pulled: int  # records taken in from other devices
    pending: int  # local records still waiting (0 after a complete sync)
    warning: str | None = None  # the clock warning, when this computer's clock is off
    changes: Changes = field(default_factory=Changes)


def _who(connection: Connection) -> SyncIdentity:
    check_schema(connection)
    row = connection.execute(
        text("SELECT name, cohort, is_trainer FROM mlops_sync.learners WHERE role_name = session_user")
    ).first()
    if row is None:
        raise SyncError(
            "This login is not a registered learner or trainer: the administrator adds one with "
            "`mlops-tracker server add-learner URL NAME`."
        )
    return SyncIdentity(row.name, row.cohort, bool(row.is_trainer))


def test_connection(url: str) -> SyncIdentity:
    """Log in, check the server's schema and return who the URL is (raises `SyncError` with one line)."""
    with connect(url) as connection:
        return _who(connection)


def setup(tracker: Tracker, url: str) -> SyncIdentity:
    """Test a URL, then save it (never its password) as this computer's sync server."""
    who = test_connection(url)
    stored = without_password(url)
    with tracker.database.transaction() as session:
        connection = local.raw(session)
        if local.get_state(connection, SERVER_STATE) != stored:
            local.forget_server(session)  # another server: it has none of our records yet
        if local.get_state(connection, DEVICE_STATE) is None:
            host = "".join(c for c in socket.gethostname() if c.isalnum() or c in "-.")[:60] or "device"
            local.set_state(session, DEVICE_STATE, f"{host}-{uuid.uuid4().hex[:8]}")
        local.set_state(session, SERVER_STATE, stored)
        local.set_state(session, LABEL_STATE, describe(url))
        local.set_state(session, ROLE_STATE, {"name": who.name, "cohort": who.cohort, "trainer": who.trainer})
    return who


def sync_now(
    tracker: Tracker,
    url: str | None = None,
    *,
    notify: bool = True,
    now: Callable[[], datetime] | None = None,
    page_size: int = PULL_PAGE,
) -> SyncResult:
    """Push what the server lacks, pull what this computer lacks, merge it; return what happened.

    With notify=False (a worker thread) the caller calls `tracker.reload()` on the UI thread when
    `result.pulled` is not 0.
    """
    clock = now or (lambda: datetime.now(UTC))
    tracker.database.require_writable()
    target = require_url(tracker, url)
    with tracker.database.reading() as reader:
        device = local.get_state(reader, DEVICE_STATE)
        role = local.get_state(reader, ROLE_STATE) or {}
    if device is None or role.get("trainer"):
        if role.get("trainer"):
            raise UserError(
                "This computer's sync connection is a trainer's: it reads the cohort (`mlops-tracker "
                "cohort`) and has no progress of its own to sync."
            )
        raise UserError("Sync is not set up on this computer: run `mlops-tracker sync setup URL` first.")
    with connect(_engine(target)) as connection:
        offset = exchange.clock_offset(connection, clock)
        pushed = _push(tracker, connection, device)
        pulled = _pull(tracker, connection, page_size, device)
    with tracker.database.transaction() as session:
        local.advance_marks(session)
        local.set_state(session, LAST_SYNC_STATE, clock().isoformat())
        local.set_state(session, CLOCK_STATE, offset.total_seconds())
        pending = len(local.pending_records(local.raw(session)))
    changes = (tracker.reload() if notify else ALL_CHANGED) if pulled else Changes()
    return SyncResult(pushed, pulled, pending, exchange.clock_warning(offset), changes)


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _engine(url: str) -> Engine:
    """Return this process's engine for a URL, made once."""
    # the window syncs every 5 minutes: a new engine would ask the server its version and settings again
    with _engines_lock:
        if url not in _engines:
            _engines[url] = open_engine(url)
        return _engines[url]


def _push(tracker: Tracker, connection: Connection, device: str) -> int:
    with tracker.database.snapshot() as session:
        records = local.pending_records(local.raw(session))
    if not records:
        check_schema(connection)  # a newer server schema is reported even with nothing to send
        return 0
    if any(record.kind == "plan" for record in records):
        with tracker.database.transaction() as session:
            local.note_outgoing(session, records)
    envelopes = [
        EventEnvelope(record.event_id, record.kind, record.payload, record.at, device) for record in records
    ]
    added = exchange.push(connection, envelopes)  # commits on the server before anything is noted here
    with tracker.database.transaction() as session:
        local.remember(session, (r.local_id for r in records if r.kind != "setting"))
        for record in records:
            if record.kind == "setting":
                local.record_pushed_setting(session, record)
            elif record.kind == "plan":
                local.record_plan(session, record.payload)
    return added


def _pull(tracker: Tracker, connection: Connection, page_size: int, device: str) -> int:
    with tracker.database.reading() as reader:
        since = int(local.get_state(reader, HIGH_WATER_STATE, 0))
    taken = 0
    while True:
        # this device's own events are here already: the server leaves them out (the mark passes them)
        page = exchange.pull(connection, since, page_size, exclude_device=device)
        if page.events:
            taken += _apply_page(tracker, page.events, page.high_water)
        since = page.high_water
        if page.complete:
            return taken


def _apply_page(tracker: Tracker, events: tuple[ServerEvent, ...], high_water: int) -> int:
    """Merge one page of pulled events and store the new high-water mark, in one local transaction."""
    sections: dict[str, list[dict[str, Any]]] = {}
    own: dict[str, list[tuple[uuid.UUID, dict[str, Any]]]] = {}
    known: list[str] = []
    # others were made by a newer app: this one cannot read them (they stay on the server)
    readable = [event.envelope for event in events if event.envelope.kind in local.KIND_BY_NAME]
    standing, deletions = local.settle([(envelope.kind, envelope.payload) for envelope in readable])
    for index in sorted(standing):
        envelope = readable[index]
        kind, payload = local.KIND_BY_NAME[envelope.kind], envelope.payload
        if kind.section is not None:
            sections.setdefault(kind.section, []).append(payload)
            known.append(kind.local_id(payload))
        else:
            own.setdefault(kind.name, []).append((envelope.event_id, payload))
    with tracker.database.transaction() as session:
        document = _document(tracker, session, sections, deletions)
        plan = store.plan_merge(session, document)
        store.apply_merge(session, plan)
        changed = not plan.empty
        for name, pulled in own.items():
            apply = local.KIND_BY_NAME[name].apply
            assert apply is not None
            changed = apply(session, pulled) or changed
        local.apply_deletions(session, deletions)
        local.remember(session, known)
        local.set_state(session, HIGH_WATER_STATE, high_water)
    return (
        len(plan.events)
        + len(plan.changes)
        + len(plan.sessions)
        + len(plan.plans_added)
        + len(plan.plans_replaced)
        + len(plan.step_events)
        + len(plan.step_edits)
        + len(plan.exam_results)
        + len(plan.answers)
        + len(deletions)
        + (1 if changed and own else 0)
    )


def _document(
    tracker: Tracker,
    session: Any,
    sections: dict[str, list[dict[str, Any]]],
    deletions: list[dict[str, Any]],
) -> Any:
    """Return pulled payloads as one validated export document (as strictly checked as an import)."""
    document = {
        "format": "mlops-tracker-export",
        "format_version": FORMAT_VERSION,
        "exported_at": store.moment_text(datetime.now(UTC)),
        "app_version": "sync",
        "seed_version": tracker.curriculum.seed_version,
        "items": [],
        "plans": local.newest_plans(session, sections.pop("plans", []), deletions),
        "settings": {},
        **{name: sections.get(name, []) for name in PULLED_SECTIONS},
    }
    known_items = store.item_levels(session)
    try:
        return parse_export(
            json.dumps(document),
            source="the sync server",
            known_items=known_items,
            known_levels={level.id for level in tracker.curriculum.levels},
        )
    except ExportRejected as error:
        raise SyncError(
            f"{error} Nothing from that page was applied; update the app and sync again."
        ) from None

"""Push local events to the server and pull the others after a high-water mark; the server's clock.

Sync is a union: events are immutable and have unique ids, so a push may repeat (the server keeps the first
copy) and a pull hands back every event after the last `seq` seen, each exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    Insert,
    Text,
    Uuid,
    bindparam,
    cast,
    column,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB, insert

from mlops_tracker.domain.phrases import duration
from mlops_tracker.sync.connection import connect, translated
from mlops_tracker.sync.envelope import EventEnvelope, PullResult, ServerEvent
from mlops_tracker.sync.errors import SyncError
from mlops_tracker.sync.schema import events
from mlops_tracker.sync.server import check_schema

# pg_advisory_xact_lock key ("mlopspsh"): every push takes it before its first insert, and holds it to commit.
# Why: a sequence hands out values when rows are inserted, not when they commit. Two pushes at once can take
# seq 5 and 6 and commit 6 first; a puller reading then gets 6, moves its high-water mark to 6, and never
# sees 5 when it commits a moment later. With pushes taking turns, seq values become visible in the order
# they were given, so "everything up to my high-water mark is already visible" holds. Pushes are a few a
# minute per learner: the queue is short. (tests/sync/test_exchange.py shows the skip without the lock.)
# The server's trigger events_take_turns takes the same lock for inserts from any other client.
PUSH_LOCK = 0x6D6C6F7073707368
BATCH_SIZE = 1000  # events per statement: few round trips, small enough to keep memory flat
PULL_LIMIT = 5000
CLOCK_TOLERANCE = timedelta(minutes=5)

_COLUMNS = (events.c.seq, events.c.event_id, events.c.learner, events.c.kind, events.c.payload,
            events.c.device_time, events.c.device_id, events.c.received_at)  # fmt: skip


@contextmanager
def _transaction(target: Engine | Connection) -> Iterator[Connection]:
    """Yield a connection in a transaction: a new one for an engine, the caller's own if it has one open."""
    if isinstance(target, Engine):
        with connect(target) as connection, connection.begin():
            yield connection
    elif target.in_transaction():
        with translated(target.engine.url):  # the caller commits
            yield target
    else:
        with translated(target.engine.url), target.begin():
            yield target


def push(
    target: Engine | Connection,
    envelopes: Iterable[EventEnvelope],
    *,
    learner: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Send events in one transaction and return how many were new to the server (repeats are skipped).

    `learner` is normally left out: the server fills it in from the login role. When given, row-level security
    still refuses any name but the caller's own. With a `Connection` already in a transaction, the caller
    commits (and holds the push lock until then).
    """
    pending = list(envelopes)
    statement = _insert_page(learner)
    with _transaction(target) as connection:
        connection.execute(select(func.pg_advisory_xact_lock(PUSH_LOCK)))  # before any seq is drawn (above)
        check_schema(connection)
        added = 0
        for start in range(0, len(pending), batch_size):
            page = pending[start : start + batch_size]
            added += len(connection.execute(statement, _page(page)).all())
        return added


def _insert_page(learner: str | None) -> Insert:
    """Return INSERT … SELECT FROM jsonb_array_elements(:page) ON CONFLICT DO NOTHING RETURNING seq.

    A page of 1,000 events travels as one JSON document: json.dumps and the server's JSON parser are C, where
    a VALUES list has 5,000 placeholders for the driver to parse, and text arrays a regex escape per element
    (both measured several times slower end to end).
    """
    rows = (
        func.jsonb_array_elements(bindparam("page", type_=JSONB))
        .table_valued(column("doc", JSONB), with_ordinality="position")
        .render_derived()
    )
    doc = rows.c.doc
    names = ["event_id", "kind", "payload", "device_time", "device_id"]
    values = [
        cast(doc["event_id"].astext, Uuid),
        doc["kind"].astext,
        doc["payload"],
        cast(doc["device_time"].astext, DateTime(timezone=True)),
        doc["device_id"].astext,
    ]
    names.append("learner")
    if learner is None:
        # what the column's default says, the login role's learner, but as an InitPlan run once per page:
        # the default itself would call the function once per row
        values.append(select(func.mlops_sync.current_learner()).scalar_subquery())
    else:
        values.append(literal(learner, Text))
    source = select(*values).order_by(rows.c.position)  # seq in the order the device sent them
    return (
        insert(events)
        .from_select(names, source)
        .on_conflict_do_nothing(index_elements=[events.c.event_id])
        .returning(events.c.seq)
    )


def _page(envelopes: list[EventEnvelope]) -> dict[str, list[dict[str, Any]]]:
    # ISO 8601 with the offset and microseconds: timestamptz reads it back exactly
    return {
        "page": [
            {
                "event_id": str(envelope.event_id),
                "kind": envelope.kind,
                "payload": envelope.payload,
                "device_time": envelope.device_time.isoformat(),
                "device_id": envelope.device_id,
            }
            for envelope in envelopes
        ]
    }


def pull(
    target: Engine | Connection, since_seq: int, limit: int = PULL_LIMIT, *, exclude_device: str | None = None
) -> PullResult:
    """Return the events this role may read with seq above `since_seq`, in seq order, and the new mark.

    A learner's role gets its own events (from every device, this one included: skip the ids it has, or
    leave this device's out with `exclude_device`); a trainer's role gets its cohort's. Pull again from
    `high_water` while `complete` is False.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    if exclude_device is not None:
        return _pull_others(target, since_seq, limit, exclude_device)
    query = select(*_COLUMNS).where(events.c.seq > since_seq).order_by(events.c.seq).limit(limit)
    with _transaction(target) as connection:
        check_schema(connection)
        rows = connection.execute(query).all()
    pulled = tuple(
        ServerEvent(
            seq=row.seq,
            learner=row.learner,
            received_at=row.received_at,
            envelope=EventEnvelope(row.event_id, row.kind, row.payload, row.device_time, row.device_id),
        )
        for row in rows
    )
    return PullResult(pulled, pulled[-1].seq if pulled else since_seq, len(pulled) < limit)


def _pull_others(target: Engine | Connection, since_seq: int, limit: int, device: str) -> PullResult:
    """Pull the events of every other device; the mark passes this device's own events too.

    One statement, so one snapshot: the page and the newest seq this role can see are read at the same
    moment, and no event committed in between can fall below the mark unread (pushes take turns, above).
    """
    page = (
        select(*_COLUMNS)
        .where(events.c.seq > since_seq, events.c.device_id != device)
        .order_by(events.c.seq)
        .limit(limit)
        .cte("page")
    )
    top = select(func.max(events.c.seq).label("top")).where(events.c.seq > since_seq).subquery("top")
    query = select(*page.c, top.c.top).select_from(top.outerjoin(page, literal(True))).order_by(page.c.seq)
    with _transaction(target) as connection:
        check_schema(connection)
        rows = [row for row in connection.execute(query).all()]
    top_seq = rows[0].top if rows else None
    rows = [row for row in rows if row.seq is not None]
    pulled = tuple(
        ServerEvent(
            seq=row.seq,
            learner=row.learner,
            received_at=row.received_at,
            envelope=EventEnvelope(row.event_id, row.kind, row.payload, row.device_time, row.device_id),
        )
        for row in rows
    )
    if len(pulled) == limit:  # a full page: more may follow, from the last one returned
        return PullResult(pulled, pulled[-1].seq, False)
    return PullResult(pulled, max(since_seq, top_seq or since_seq), True)


def server_now(target: Engine | Connection) -> datetime:
    """Return the server's clock now (not the start of the transaction)."""
    with _transaction(target) as connection:
        return connection.execute(select(func.clock_timestamp())).scalar_one()


def clock_offset(
    target: Engine | Connection, device_clock: Callable[[], datetime] | None = None
) -> timedelta:
    """Return how far this device's clock is ahead of the server's (negative: behind).

    The device is read before and after the query and the midpoint compared, so the round trip cancels out.
    """
    clock = device_clock or (lambda: datetime.now(UTC))
    with _transaction(target) as connection:
        before = clock()
        server = connection.execute(select(func.clock_timestamp())).scalar_one()
        after = clock()
    return before + (after - before) / 2 - server


def clock_warning(offset: timedelta, tolerance: timedelta = CLOCK_TOLERANCE) -> str | None:
    """Return a one-line warning when the device clock is over `tolerance` off the server's, else None."""
    if abs(offset) <= tolerance:
        return None
    minutes = round(abs(offset).total_seconds() / 60)
    side = "ahead of" if offset > timedelta(0) else "behind"
    return (
        f"This computer's clock is {duration(minutes)} {side} the sync server's: set it right (or turn on "
        "automatic time) so the newest change wins as it should."
    )


__all__ = ["SyncError", "clock_offset", "clock_warning", "pull", "push", "server_now"]

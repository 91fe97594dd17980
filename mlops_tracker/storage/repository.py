"""Queries and writes on one Session, returning and taking domain objects."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mlops_tracker.domain.model import (
    Curriculum,
    FieldChange,
    ItemState,
    Plan,
    PlanSpec,
    PlanTask,
    ProgressEvent,
    StudySession,
    derive_state,
)
from mlops_tracker.domain.study import ExamResult, StepEdit, StepEvent
from mlops_tracker.storage import reads
from mlops_tracker.storage.models import (
    EventRow,
    ExamResultRow,
    FieldChangeRow,
    ItemRow,
    ItemStateRow,
    PlanRow,
    PlanTaskRow,
    SettingRow,
    StepEditRow,
    StudySessionRow,
    UndoRow,
)


def utc_naive(moment: datetime) -> datetime:
    """Return a moment as naive UTC, the form stored in SQLite."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class SeedSync:
    """What syncing the seed into the database did."""

    added: int
    updated: int
    retired: int
    restored: int


def sync_curriculum(session: Session, curriculum: Curriculum) -> SeedSync:
    """Upsert the seed's items by id; retire items the seed no longer has (never delete them)."""
    existing = {row.id: row for row in session.scalars(select(ItemRow))}
    added = updated = retired = restored = 0
    seen: set[str] = set()
    for item in curriculum.items():
        seen.add(item.id)
        values = {
            "level": item.level,
            "kind": item.kind.value,
            "title": item.title,
            "position": item.position,
            "phase": item.phase,
            "detail": item.detail,
        }
        row = existing.get(item.id)
        if row is None:
            session.add(ItemRow(id=item.id, retired=False, seed_version=curriculum.seed_version, **values))
            added += 1
            continue
        if row.retired:
            row.retired = False
            restored += 1
        if any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            updated += 1
        row.seed_version = curriculum.seed_version
    for item_id, row in existing.items():
        if item_id not in seen and not row.retired:
            row.retired = True
            retired += 1
    return SeedSync(added, updated, retired, restored)


def _raw(session: Session) -> sqlite3.Connection:
    """Return the session's driver connection, for the reads shared with the ORM-free path."""
    return session.connection().connection.driver_connection  # type: ignore[return-value]


def load_state(session: Session, item_id: str) -> ItemState:
    """Return one item's state (to do, empty, when never touched)."""
    return reads.load_state(_raw(session), item_id)


def load_states(session: Session) -> dict[str, ItemState]:
    """Return every touched item's state by id."""
    return reads.load_states(_raw(session))


def save_state(session: Session, state: ItemState, at: datetime) -> None:
    """Write an item's state."""
    row = session.get(ItemStateRow, state.item_id)
    if row is None:
        row = ItemStateRow(item_id=state.item_id)
        session.add(row)
    row.status = state.status.value
    row.notes = state.notes
    row.evidence = state.evidence
    row.confidence = state.confidence
    row.updated_at = utc_naive(at)


def add_event(session: Session, event: ProgressEvent) -> None:
    """Append an event to the log."""
    add_events(session, [event])  # a plain insert: a tick's rows need none of the ORM's unit of work


def add_field_change(session: Session, change: FieldChange) -> None:
    """Append a change of notes, evidence or confidence to the log."""
    add_field_changes(session, [change])


def add_events(session: Session, events: Iterable[ProgressEvent]) -> None:
    """Append many events to the log in one statement (an import, a sync): what `add_event` writes."""
    rows = [
        (e.id, e.item_id, e.from_status.value, e.to_status.value, _stored(e.at), e.source, int(e.evidenced))
        for e in events
    ]
    session.flush()  # rows the ORM still holds go first, in the same transaction
    _raw(session).executemany(
        "INSERT INTO events (id, item_id, from_status, to_status, at, source, evidenced) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def add_field_changes(session: Session, changes: Iterable[FieldChange]) -> None:
    """Append many field changes in one statement: what `add_field_change` writes."""
    rows = [(c.id, c.item_id, c.field, reads.field_text(c.value), _stored(c.at), c.source) for c in changes]
    session.flush()
    _raw(session).executemany(
        "INSERT INTO field_changes (id, item_id, field, value, at, source) VALUES (?, ?, ?, ?, ?, ?)", rows
    )


def _stored(moment: datetime) -> str:
    """Return a moment as SQLAlchemy's SQLite DateTime stores it: naive UTC with microseconds."""
    return utc_naive(moment).strftime("%Y-%m-%d %H:%M:%S.%f")


TICK = timedelta(microseconds=1)


def next_moment(session: Session, item_id: str, now: datetime) -> datetime:
    """Return the time for a new local change of an item: now, or just after its newest change.

    A hybrid logical clock: when the computer's clock went back (or another computer's changes arrived
    from its future), a new change still follows every change the item has, so time order is log order.
    """
    session.flush()  # changes of this transaction not yet written count too (a batch of commands)
    # one statement over the four logs, each by its (item_id, at) index: a tick's one read of its past
    (newest,) = (
        _raw(session)
        .execute(
            "SELECT max(m) FROM ("
            " SELECT max(at) AS m FROM events WHERE item_id = ?1"
            " UNION ALL SELECT max(at) FROM field_changes WHERE item_id = ?1"
            " UNION ALL SELECT max(at) FROM step_events WHERE item_id = ?1"
            " UNION ALL SELECT max(at) FROM step_edits WHERE item_id = ?1)",
            (item_id,),
        )
        .fetchone()
    )
    if newest is None:
        return now
    after = datetime.fromisoformat(newest + "+00:00") + TICK  # stored as naive UTC text
    return max(now, after)


def last_source(session: Session, item_id: str, field: str) -> str | None:
    """Return the source of an item's newest change of a field ("status" for its status events)."""
    if field == "status":
        query = (
            select(EventRow.source)
            .where(EventRow.item_id == item_id)
            .order_by(EventRow.at.desc(), EventRow.id.desc())
        )
    else:
        query = (
            select(FieldChangeRow.source)
            .where(FieldChangeRow.item_id == item_id, FieldChangeRow.field == field)
            .order_by(FieldChangeRow.at.desc(), FieldChangeRow.id.desc())
        )
    return session.execute(query.limit(1)).scalar()


def refresh_states(session: Session, item_ids: Iterable[str]) -> None:
    """Derive the state cache of these items from their log (the newest change of each field wins)."""
    wanted = sorted(set(item_ids))
    if not wanted:
        return
    session.flush()
    raw = _raw(session)
    # the state needs each item's newest event only: not its whole log (a tick after years of use)
    events = {item_id: [e] for item_id in wanted if (e := reads.load_newest_item_event(raw, item_id))}
    changes: dict[str, list[FieldChange]] = {item_id: [] for item_id in wanted}
    for start in range(0, len(wanted), 500):  # SQLite limits the parameters of one statement
        for change in reads.load_field_changes(raw, wanted[start : start + 500]):
            changes[change.item_id].append(change)
    for item_id in wanted:
        newest = events.get(item_id, [])
        moments = [e.at for e in newest] + [c.at for c in changes[item_id]]
        if not moments:
            continue
        save_state(session, derive_state(item_id, newest, changes[item_id]), max(moments))


def field_change_ids(session: Session) -> set[str]:
    """Return the ids of all stored field changes."""
    return set(session.scalars(select(FieldChangeRow.id)))


def item_logs(
    session: Session, item_ids: Iterable[str]
) -> tuple[dict[str, list[ProgressEvent]], dict[str, list[FieldChange]]]:
    """Return the status events and the field changes of these items, by item, in log order."""
    wanted = sorted(set(item_ids))
    events: dict[str, list[ProgressEvent]] = {item_id: [] for item_id in wanted}
    changes: dict[str, list[FieldChange]] = {item_id: [] for item_id in wanted}
    raw = _raw(session)
    for start in range(0, len(wanted), 500):  # SQLite limits the parameters of one statement
        chunk = wanted[start : start + 500]
        for event in reads.load_item_events(raw, chunk):
            events[event.item_id].append(event)
        for change in reads.load_field_changes(raw, chunk):
            changes[change.item_id].append(change)
    return events, changes


def load_events(session: Session, *, after_seq: int = 0) -> tuple[list[ProgressEvent], int]:
    """Return the events in time order (those after a sequence number) and the last sequence number."""
    return reads.load_events(_raw(session), after_seq=after_seq)


def last_event_seq(session: Session) -> int:
    """Return the newest event's sequence number (0 when the log is empty)."""
    return reads.last_event_seq(_raw(session))


def event_ids(session: Session) -> set[str]:
    """Return the ids of all stored events."""
    return set(session.scalars(select(EventRow.id)))


def load_plans(session: Session) -> list[Plan]:
    """Return every plan, newest first."""
    return reads.load_plans(_raw(session))


def plan_for_level(session: Session, level: str) -> Plan | None:
    """Return the plan of a level, if any."""
    plans = reads.load_plans(_raw(session), level)
    return plans[0] if plans else None


def delete_plan_of_level(session: Session, level: str) -> None:
    """Delete a level's plan and its tasks."""
    for row in session.scalars(select(PlanRow).where(PlanRow.level == level)):
        session.delete(row)
    session.flush()


def plan_identity(session: Session, level: str) -> tuple[int, datetime] | None:
    """Return (id, creation time in UTC) of a level's plan, if it has one."""
    row = session.execute(select(PlanRow.id, PlanRow.created_at).where(PlanRow.level == level)).first()
    return (row[0], row[1].replace(tzinfo=UTC)) if row else None


def plan_id_taken(session: Session, plan_id: int) -> bool:
    """Return whether a plan is stored under this id."""
    return session.get(PlanRow, plan_id) is not None


def study_session_exists(session: Session, uid: str) -> bool:
    """Return whether a study session with this uid is stored."""
    return session.scalars(select(StudySessionRow.id).where(StudySessionRow.uid == uid)).first() is not None


def save_plan(
    session: Session,
    spec: PlanSpec,
    tasks: Iterable[PlanTask],
    created_at: datetime,
    *,
    plan_id: int | None = None,
    baseline: Iterable[PlanTask] = (),
) -> int:
    """Store a plan with its tasks and baseline (under a given id, when it is put back), returning its id."""
    baseline = tuple(baseline)
    row = PlanRow(
        id=plan_id,
        level=spec.level,
        days=spec.days,
        start=spec.start,
        exam=spec.exam,
        study_weekdays=",".join(str(d) for d in sorted(spec.study_weekdays)),
        created_at=utc_naive(created_at),
        minutes_per_day=spec.minutes_per_day,
        baseline=reads.baseline_text(baseline) if baseline else "",
    )
    row.tasks = [
        PlanTaskRow(
            item_id=task.item_id,
            due=task.due,
            position=index,
            step_id=task.step_id,
            minutes=task.minutes,
            part=task.part,
            parts=task.parts,
        )
        for index, task in enumerate(tasks)
    ]
    session.add(row)
    session.flush()
    return row.id


def add_study_session(
    session: Session,
    uid: str,
    day: date,
    minutes: int,
    item_id: str | None,
    at: datetime,
    step_id: str | None = None,
) -> None:
    """Record minutes studied on a day (on an item, and one of its steps when given)."""
    session.add(
        StudySessionRow(
            uid=uid, day=day, minutes=minutes, item_id=item_id, created_at=utc_naive(at), step_id=step_id
        )
    )


def delete_study_session(session: Session, uid: str) -> StudySessionRow | None:
    """Delete a study session by uid, returning what was deleted."""
    row = session.scalars(select(StudySessionRow).where(StudySessionRow.uid == uid)).first()
    if row is not None:
        session.delete(row)
    return row


def load_study_sessions(session: Session) -> list[StudySession]:
    """Return every study session, oldest first."""
    return reads.load_study_sessions(_raw(session))


def get_setting(session: Session, key: str, default: object = None) -> object:
    """Return a setting's JSON value, or the default."""
    return reads.get_setting(_raw(session), key, default)


def set_setting(session: Session, key: str, value: object) -> None:
    """Store a setting as JSON."""
    row = session.get(SettingRow, key)
    text = json.dumps(value)
    if row is None:
        session.add(SettingRow(key=key, value=text))
    else:
        row.value = text


def push_undo_step(
    session: Session, stack: str, owner: str, label: str, command: str, at: datetime, keep: int
) -> None:
    """Push a step on one owner's undo or redo stack, keeping at most `keep` steps on it."""
    session.flush()
    raw = _raw(session)  # two plain statements: the ORM's unit of work cost more than the write itself
    raw.execute(
        "INSERT INTO undo_steps (stack, owner, label, command, created_at) VALUES (?, ?, ?, ?, ?)",
        (stack, owner, label, command, _stored(at)),
    )
    raw.execute(
        "DELETE FROM undo_steps WHERE id IN (SELECT id FROM undo_steps WHERE stack = ? AND owner = ? "
        "ORDER BY id DESC LIMIT -1 OFFSET ?)",
        (stack, owner, keep),
    )


def peek_undo_step(session: Session, stack: str, owner: str) -> tuple[int, str, str] | None:
    """Return (id, label, command JSON) of the top of one owner's stack, if any."""
    return reads.peek_undo_step(_raw(session), stack, owner)


def drop_undo_step(session: Session, step_id: int) -> None:
    """Remove a step from its stack."""
    session.execute(delete(UndoRow).where(UndoRow.id == step_id))


def clear_stack(session: Session, stack: str, owner: str) -> None:
    """Empty one owner's undo or redo stack."""
    session.flush()
    _raw(session).execute("DELETE FROM undo_steps WHERE stack = ? AND owner = ?", (stack, owner))


def add_step_event(session: Session, event: StepEvent) -> None:
    """Append a step tick or untick to the log."""
    session.flush()
    _raw(session).execute(
        "INSERT INTO step_events (id, step_id, item_id, done, at, source) VALUES (?, ?, ?, ?, ?, ?)",
        (event.id, event.step_id, event.item_id, int(event.done), _stored(event.at), event.source),
    )


def add_step_edit(session: Session, edit: StepEdit) -> None:
    """Append a learner's step edit to the log."""
    session.add(
        StepEditRow(
            id=edit.id,
            step_id=edit.step_id,
            item_id=edit.item_id,
            field=edit.field,
            value=edit.value,
            at=utc_naive(edit.at),
            source=edit.source,
        )
    )


def add_exam_result(session: Session, result: ExamResult) -> None:
    """Append an exam result to the log."""
    session.add(
        ExamResultRow(
            id=result.id,
            level=result.level,
            result=result.result,
            day=result.day,
            at=utc_naive(result.at),
            source=result.source,
        )
    )


def item_step_logs(session: Session, item_id: str) -> tuple[list[StepEvent], list[StepEdit]]:
    """Return one item's step ticks and step edits in log order."""
    session.flush()
    raw = _raw(session)
    return reads.load_step_events(raw, [item_id]), reads.load_step_edits(raw, [item_id])


def exam_log(session: Session) -> list[ExamResult]:
    """Return every exam result in log order."""
    session.flush()
    return reads.load_exam_results(_raw(session))

"""Reads of the user's data on a plain sqlite3 connection, returning domain objects.

Reads need no ORM: with the standard library alone, the window can open and paint the Today page before
SQLAlchemy (whose import alone takes about twice as long as a bare Qt window to appear) is loaded for the
first write. The write path (`repository`) calls these same functions on its session's connection, so each
query is written once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime

from mlops_tracker.domain.model import (
    FieldChange,
    ItemState,
    Plan,
    PlanSpec,
    PlanTask,
    ProgressEvent,
    Status,
    StudySession,
)
from mlops_tracker.domain.study import ExamResult, StepEdit, StepEvent

_STATUSES = {status.value: status for status in Status}


def _state(row: tuple) -> ItemState:
    return ItemState(
        item_id=row[0], status=_STATUSES[row[1]], notes=row[2], evidence=row[3], confidence=row[4]
    )


def load_state(connection: sqlite3.Connection, item_id: str) -> ItemState:
    """Return one item's state (to do, empty, when never touched)."""
    row = connection.execute(
        "SELECT item_id, status, notes, evidence, confidence FROM item_states WHERE item_id = ?", (item_id,)
    ).fetchone()
    return _state(row) if row else ItemState(item_id=item_id)


def load_states(connection: sqlite3.Connection) -> dict[str, ItemState]:
    """Return every touched item's state by id."""
    rows = connection.execute("SELECT item_id, status, notes, evidence, confidence FROM item_states")
    return {row[0]: _state(row) for row in rows}


def load_events(connection: sqlite3.Connection, *, after_seq: int = 0) -> tuple[list[ProgressEvent], int]:
    """Return the events in time order (those after a sequence number) and the last sequence number."""
    # after a sequence number only a few rows are new: find them by the key and sort them ("+" keeps SQLite
    # from walking the whole time index in order instead, 300 times slower on 50,000 events)
    order = "ORDER BY +at, +id" if after_seq else "ORDER BY at, id"
    rows = connection.execute(
        "SELECT seq, id, item_id, from_status, to_status, at, source, evidenced FROM events "
        f"WHERE seq > ? {order}",
        (after_seq,),
    ).fetchall()
    parse = datetime.fromisoformat
    events = [
        ProgressEvent(
            row[1],
            row[2],
            _STATUSES[row[3]],
            _STATUSES[row[4]],
            parse(row[5] + "+00:00"),
            row[6],
            bool(row[7]),
        )
        for row in rows
    ]
    return events, max((row[0] for row in rows), default=after_seq)


def load_item_events(connection: sqlite3.Connection, item_ids: Iterable[str]) -> list[ProgressEvent]:
    """Return the status events of some items in log order (time, then id)."""
    ids = tuple(item_ids)
    rows = connection.execute(
        "SELECT id, item_id, from_status, to_status, at, source, evidenced FROM events "
        f"WHERE item_id IN ({','.join('?' * len(ids))}) ORDER BY at, id",
        ids,
    ).fetchall()
    return [
        ProgressEvent(r[0], r[1], _STATUSES[r[2]], _STATUSES[r[3]], _moment(r[4]), r[5], bool(r[6]))
        for r in rows
    ]


def load_newest_item_event(connection: sqlite3.Connection, item_id: str) -> ProgressEvent | None:
    """Return an item's newest status event in log order (time, then id), found by the item's time index."""
    row = connection.execute(
        "SELECT id, item_id, from_status, to_status, at, source, evidenced FROM events "
        "WHERE item_id = ? ORDER BY at DESC, id DESC LIMIT 1",
        (item_id,),
    ).fetchone()
    if row is None:
        return None
    return ProgressEvent(
        row[0], row[1], _STATUSES[row[2]], _STATUSES[row[3]], _moment(row[4]), row[5], bool(row[6])
    )


def field_value(field: str, text: str) -> str | int | None:
    """Return a stored field change's value: text, or a confidence rating (None when cleared)."""
    if field != "confidence":
        return text
    return int(text) if text else None


def field_text(value: str | int | None) -> str:
    """Return a field change's value as stored: the text, the rating as text, "" for a cleared rating."""
    return "" if value is None else str(value)


def load_field_changes(
    connection: sqlite3.Connection, item_ids: Iterable[str] | None = None
) -> list[FieldChange]:
    """Return the field changes (of some items, or all) in log order (time, then id)."""
    query = "SELECT id, item_id, field, value, at, source FROM field_changes"
    args: tuple[str, ...] = ()
    if item_ids is not None:
        args = tuple(item_ids)
        query += f" WHERE item_id IN ({','.join('?' * len(args))})"
    rows = connection.execute(query + " ORDER BY at, id", args).fetchall()
    return [
        FieldChange(row[0], row[1], row[2], field_value(row[2], row[3]), _moment(row[4]), row[5])
        for row in rows
    ]


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


def last_event_seq(connection: sqlite3.Connection) -> int:
    """Return the newest event's sequence number (0 when the log is empty)."""
    return connection.execute("SELECT max(seq) FROM events").fetchone()[0] or 0


def load_plans(connection: sqlite3.Connection, level: str | None = None) -> list[Plan]:
    """Return every plan (or a level's), newest first, with its tasks in order and its baseline."""
    where, args = ("WHERE level = ?", (level,)) if level is not None else ("", ())
    plans = connection.execute(
        "SELECT id, level, days, start, exam, study_weekdays, minutes_per_day, baseline FROM plans "
        f"{where} ORDER BY created_at DESC, id DESC",
        args,
    ).fetchall()
    tasks: dict[int, list[PlanTask]] = {row[0]: [] for row in plans}
    if plans:
        marks = ",".join("?" * len(plans))
        for plan_id, item_id, due, step_id, minutes, part, parts in connection.execute(
            "SELECT plan_id, item_id, due, step_id, minutes, part, parts FROM plan_tasks "
            f"WHERE plan_id IN ({marks}) ORDER BY position",
            tuple(tasks),
        ):
            tasks[plan_id].append(PlanTask(item_id, date.fromisoformat(due), step_id, minutes, part, parts))
    return [
        Plan(
            id=plan_id,
            spec=PlanSpec(
                level=level_id,
                days=days,
                start=date.fromisoformat(start),
                exam=date.fromisoformat(exam) if exam else None,
                study_weekdays=frozenset(int(x) for x in weekdays.split(",") if x),
                minutes_per_day=minutes_per_day,
            ),
            tasks=tuple(tasks[plan_id]),
            baseline=baseline_tasks(baseline),
        )
        for plan_id, level_id, days, start, exam, weekdays, minutes_per_day, baseline in plans
    ]


def baseline_text(tasks: Iterable[PlanTask]) -> str:
    """Return a plan's baseline as stored: JSON rows [item, due, step, minutes, part, parts]."""
    return json.dumps(
        [[t.item_id, t.due.isoformat(), t.step_id, t.minutes, t.part, t.parts] for t in tasks],
        separators=(",", ":"),
    )


def baseline_tasks(text: str) -> tuple[PlanTask, ...]:
    """Return a stored baseline's tasks (empty for none)."""
    if not text:
        return ()
    return tuple(
        PlanTask(item, date.fromisoformat(due), step, minutes, part, parts)
        for item, due, step, minutes, part, parts in json.loads(text)
    )


def load_step_events(
    connection: sqlite3.Connection, item_ids: Iterable[str] | None = None
) -> list[StepEvent]:
    """Return the step ticks (of some items, or all) in log order."""
    query = "SELECT id, step_id, item_id, done, at, source FROM step_events"
    args: tuple[str, ...] = ()
    if item_ids is not None:
        args = tuple(item_ids)
        query += f" WHERE item_id IN ({','.join('?' * len(args))})"
    rows = connection.execute(query + " ORDER BY at, id", args).fetchall()
    return [StepEvent(r[0], r[1], r[2], bool(r[3]), _moment(r[4]), r[5]) for r in rows]


def load_step_edits(connection: sqlite3.Connection, item_ids: Iterable[str] | None = None) -> list[StepEdit]:
    """Return the learner's step edits (of some items, or all) in log order."""
    query = "SELECT id, step_id, item_id, field, value, at, source FROM step_edits"
    args: tuple[str, ...] = ()
    if item_ids is not None:
        args = tuple(item_ids)
        query += f" WHERE item_id IN ({','.join('?' * len(args))})"
    rows = connection.execute(query + " ORDER BY at, id", args).fetchall()
    return [StepEdit(r[0], r[1], r[2], r[3], r[4], _moment(r[5]), r[6]) for r in rows]


def load_exam_results(connection: sqlite3.Connection) -> list[ExamResult]:
    """Return every exam result in log order."""
    rows = connection.execute(
        "SELECT id, level, result, day, at, source FROM exam_results ORDER BY at, id"
    ).fetchall()
    return [ExamResult(r[0], r[1], r[2], date.fromisoformat(r[3]), _moment(r[4]), r[5]) for r in rows]


def load_study_sessions(connection: sqlite3.Connection) -> list[StudySession]:
    """Return every study session, oldest first."""
    rows = connection.execute(
        "SELECT id, day, minutes, item_id, step_id FROM study_sessions ORDER BY day, id"
    )
    return [
        StudySession(
            id=row[0], day=date.fromisoformat(row[1]), minutes=row[2], item_id=row[3], step_id=row[4]
        )
        for row in rows
    ]


def get_setting(connection: sqlite3.Connection, key: str, default: object = None) -> object:
    """Return a setting's JSON value, or the default."""
    row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return default
    try:
        return json.loads(row[0])
    except ValueError:  # written by hand or damaged: a bad setting must never stop the app
        return default


def peek_undo_step(connection: sqlite3.Connection, stack: str, owner: str) -> tuple[int, str, str] | None:
    """Return (id, label, command JSON) of the top of one owner's undo or redo stack, if any."""
    row = connection.execute(
        "SELECT id, label, command FROM undo_steps WHERE stack = ? AND owner = ? ORDER BY id DESC LIMIT 1",
        (stack, owner),
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def change_marker(connection: sqlite3.Connection) -> tuple[int, int]:
    """Return (newest undo step, newest event): it moves with every change a user makes."""
    row = connection.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM undo_steps), (SELECT coalesce(max(seq), 0) FROM events)"
    ).fetchone()
    return int(row[0]), int(row[1])


def holds_user_data(connection: sqlite3.Connection) -> bool:
    """Return whether a database holds anything the user made: events, item states, plans or sessions.

    Settings alone (a theme, a window size) do not count: a database without user data is never worth
    restoring or backing up before a restore.
    """
    row = connection.execute(
        "SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM item_states) "
        "OR EXISTS (SELECT 1 FROM step_events) OR EXISTS (SELECT 1 FROM exam_results) "
        "OR EXISTS (SELECT 1 FROM plans) OR EXISTS (SELECT 1 FROM study_sessions)"
    ).fetchone()
    return bool(row[0])


def schema_revision(connection: sqlite3.Connection) -> str | None:
    """Return the schema revision recorded in the database, None for a database without one."""
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise
    return str(row[0]) if row else None


def data_version(connection: sqlite3.Connection) -> int:
    """Return SQLite's data_version: it changes when another connection commits (same connection: never)."""
    return int(connection.execute("PRAGMA data_version").fetchone()[0])


def undo_labels(connection: sqlite3.Connection, owner: str) -> tuple[str | None, str | None]:
    """Return the labels of the tops of one owner's undo and redo stacks, in one query."""
    rows = connection.execute(
        "SELECT stack, label FROM undo_steps WHERE id IN "
        "(SELECT max(id) FROM undo_steps WHERE owner = ? GROUP BY stack)",
        (owner,),
    ).fetchall()
    labels = dict(rows)
    return labels.get("undo"), labels.get("redo")

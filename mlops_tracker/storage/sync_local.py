"""The local side of sync: one table of record kinds, this device's sync state, and what the server has.

Each kind of local record (a status event, a field change, a step tick, a step edit, an exam result, a study
session, an answer, a plan version, a learner's setting) travels as one payload in the export file's own shape
(format 3), so a pulled payload merges through the same code as an import (`storage.transfer.plan_merge` /
`apply_merge`). `KINDS` says, per kind, how to read the local records
the server lacks and where pulled ones go; a new kind of record is one entry there (plus its export section).

Device state lives in `sync_state` (key → JSON) and `sync_known` (local ids the server has), both made by
migration 0005, and `sync_tombstones` (this computer's deletions, migration 0006), never exported: they
describe this computer's copy, not the learner.

Deletions travel as records of their own ("deleted": {kind, id, at}), appended like any other. A study session
or an answer is deleted or added again only on the computer that made it, so per record the server's order
decides (the last of its adds and deletions wins); a level's plan can change on any computer, so a plan's
deletion takes part in the plans' later-wins order (see `newest_plans`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from mlops_tracker.domain.limits import setting_problem
from mlops_tracker.storage import reads
from mlops_tracker.storage import repository as repo

# an id for records whose local key is not a UUID (plans, settings, hand-made export ids): stable everywhere
SYNC_NAMESPACE = uuid.UUID("6d6c6f70-7300-4000-8000-73796e630001")
# settings that belong to the learner, not to this computer's window (geometry, last page) or its copy
LEARNER_SETTINGS = (
    "role",
    "reminder_time",
    "locale",
    "wizard_done",
    "theme",
    "practice_questions",
    "practice_minutes",
    "pass_mark",
)


@dataclass(frozen=True, slots=True)
class LocalRecord:
    """One local record as it travels: the local key `sync_known` remembers, the payload, the device time."""

    kind: str
    local_id: str
    event_id: uuid.UUID
    payload: dict[str, Any]
    at: datetime


Pending = Callable[[sqlite3.Connection], list[LocalRecord]]
Apply = Callable[[Session, list[tuple[uuid.UUID, dict[str, Any]]]], bool]


@dataclass(frozen=True, slots=True)
class SyncKind:
    """How one kind of record syncs: read the local ones the server lacks; where pulled ones go.

    Pulled payloads of a kind with a `section` merge as that section of an export document (the import's
    merge, one rule for both); a kind without one has its own `apply`, which returns whether it changed
    anything. `local_id` names a pulled payload as `pending` names a local record.
    """

    name: str
    pending: Pending
    local_id: Callable[[dict[str, Any]], str]
    section: str | None = None
    apply: Apply | None = None


def record_uuid(local_id: str) -> uuid.UUID:
    """Return the server's event id for a local id: the id itself when it is a UUID, else a stable one."""
    try:
        parsed = uuid.UUID(local_id)
    except ValueError:
        return uuid.uuid5(SYNC_NAMESPACE, local_id)
    return parsed if str(parsed) == local_id else uuid.uuid5(SYNC_NAMESPACE, local_id)


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def moment_text(moment: datetime) -> str:
    """Return an aware moment as the export writes it: ISO 8601 in UTC with a Z (storage.transfer's form)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _marked(
    connection: sqlite3.Connection, kind: str, table: str, columns: str, payload: Callable[[tuple], dict]
) -> list[LocalRecord]:
    """Return a never-deleted table's rows the server lacks, after the kind's seq mark, as records."""
    rows = connection.execute(
        f"SELECT {columns} FROM {table} AS t WHERE t.seq > ? "
        "AND NOT EXISTS (SELECT 1 FROM sync_known AS k WHERE k.id = t.id) ORDER BY t.seq",
        (mark(connection, kind),),
    )
    records = []
    for row in rows:
        body = payload(row)
        records.append(
            LocalRecord(kind, row[0], record_uuid(row[0]), body, datetime.fromisoformat(body["at"]))
        )
    return records


def _at(text: str) -> str:
    return moment_text(_moment(text))


def _status_events(connection: sqlite3.Connection) -> list[LocalRecord]:
    return _marked(
        connection,
        "status",
        "events",
        "id, item_id, from_status, to_status, at, source, evidenced",
        lambda row: {
            "id": row[0],
            "item_id": row[1],
            "from_status": row[2],
            "to_status": row[3],
            "at": _at(row[4]),
            "source": row[5],
            "evidenced": bool(row[6]),
        },
    )


def _field_changes(connection: sqlite3.Connection) -> list[LocalRecord]:
    return _marked(
        connection,
        "field",
        "field_changes",
        "id, item_id, field, value, at, source",
        lambda row: {
            "id": row[0],
            "item_id": row[1],
            "field": row[2],
            "value": reads.field_value(row[2], row[3]),
            "at": _at(row[4]),
            "source": row[5],
        },
    )


def _step_events(connection: sqlite3.Connection) -> list[LocalRecord]:
    return _marked(
        connection,
        "step_event",
        "step_events",
        "id, step_id, item_id, done, at, source",
        lambda row: {
            "id": row[0],
            "step_id": row[1],
            "item_id": row[2],
            "done": bool(row[3]),
            "at": _at(row[4]),
            "source": row[5],
        },
    )


def _step_edits(connection: sqlite3.Connection) -> list[LocalRecord]:
    return _marked(
        connection,
        "step_edit",
        "step_edits",
        "id, step_id, item_id, field, value, at, source",
        lambda row: {
            "id": row[0],
            "step_id": row[1],
            "item_id": row[2],
            "field": row[3],
            "value": row[4],
            "at": _at(row[5]),
            "source": row[6],
        },
    )


def _exam_results(connection: sqlite3.Connection) -> list[LocalRecord]:
    return _marked(
        connection,
        "exam_result",
        "exam_results",
        "id, level, result, day, at, source",
        lambda row: {
            "id": row[0],
            "level": row[1],
            "result": row[2],
            "day": row[3],
            "at": _at(row[4]),
            "source": row[5],
        },
    )


def _answers(connection: sqlite3.Connection) -> list[LocalRecord]:
    # no seq mark: an undone answer is deleted, and SQLite may give its seq to the next one
    rows = connection.execute(
        "SELECT id, question_id, item_id, choice, correct, seconds, at, source, practice_id "
        "FROM answers AS a WHERE NOT EXISTS (SELECT 1 FROM sync_known AS k WHERE k.id = a.id) ORDER BY a.seq"
    )
    return [
        LocalRecord("answer", row[0], record_uuid(row[0]), {
            "id": row[0], "question_id": row[1], "item_id": row[2], "choice": row[3],
            "correct": bool(row[4]), "seconds": row[5], "at": _at(row[6]), "source": row[7],
            "practice_id": row[8],
        }, _moment(row[6]))
        for row in rows
    ]  # fmt: skip


def _study_sessions(connection: sqlite3.Connection) -> list[LocalRecord]:
    # no seq mark here: an undone session is deleted, and SQLite may give its rowid to the next one
    rows = connection.execute(
        "SELECT uid, day, minutes, item_id, created_at, step_id FROM study_sessions AS s "
        "WHERE NOT EXISTS (SELECT 1 FROM sync_known AS k WHERE k.id = s.uid) ORDER BY s.id"
    )
    return [
        LocalRecord("session", row[0], record_uuid(row[0]), {
            "uid": row[0], "day": row[1], "minutes": row[2], "item_id": row[3],
            "created_at": moment_text(_moment(row[4])),
            **({"step_id": row[5]} if row[5] is not None else {}),  # absent: older apps read the payload
        }, _moment(row[4]))
        for row in rows
    ]  # fmt: skip


def plan_key(payload: dict[str, Any]) -> str:
    """Return a plan version's local key: the level's plan made at that moment, with this content.

    A reschedule (or a step edit that re-packs the plan) keeps the plan's creation time, so the content is
    part of the key: each version of a plan travels once.
    """
    content = {name: value for name, value in payload.items() if name != "revised_at"}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]
    return f"plan:{payload['level']}:{payload['created_at']}:{digest}"


def _task(row: Any) -> dict[str, Any]:
    item_id, due, step_id, minutes, part, parts = row
    return {
        "item_id": item_id,
        "due": due,
        "step_id": step_id,
        "minutes": minutes,
        "part": part,
        "parts": parts,
    }


def _plans(connection: sqlite3.Connection) -> list[LocalRecord]:
    known = {row[0] for row in connection.execute("SELECT id FROM sync_known WHERE id LIKE 'plan:%'")}
    records = []
    for plan_id, level, days, start, exam, weekdays, created, minutes, baseline in connection.execute(
        "SELECT id, level, days, start, exam, study_weekdays, created_at, minutes_per_day, baseline "
        "FROM plans ORDER BY id"
    ).fetchall():
        tasks = connection.execute(
            "SELECT item_id, due, step_id, minutes, part, parts FROM plan_tasks WHERE plan_id = ? "
            "ORDER BY position",
            (plan_id,),
        )
        payload = {  # the export's plan (format 3): storage.transfer.dump writes the same
            "level": level, "days": days, "start": start, "exam": exam,
            "study_weekdays": sorted(int(day) for day in weekdays.split(",") if day),
            "created_at": moment_text(_moment(created)), "tasks": [_task(row) for row in tasks],
            "minutes_per_day": minutes,
            "baseline": [
                _task((t.item_id, t.due.isoformat(), t.step_id, t.minutes, t.part, t.parts))
                for t in reads.baseline_tasks(baseline)
            ],
        }  # fmt: skip
        key = plan_key(payload)
        if key in known:
            continue
        now = datetime.now(UTC)
        # when this version reached the server: it beats an older version of the same plan (later wins)
        payload["revised_at"] = _revised(connection, payload, key, now)
        records.append(LocalRecord("plan", key, record_uuid(key), payload, now))
    return records


def _revised(connection: sqlite3.Connection, payload: dict[str, Any], key: str, now: datetime) -> str:
    """Return a new local version's revision time: now, never before the version it replaces.

    A push killed before it was noted here is retried with the time it was sent with (`note_outgoing`): the
    server keeps the first copy, and this device must believe the same time.
    """
    outgoing = get_state(connection, f"plan.outgoing.{payload['level']}")
    if outgoing is not None and outgoing["key"] == key:
        return str(outgoing["revised_at"])
    current = get_state(connection, f"plan.{payload['level']}")
    text = moment_text(now)
    if current and current["created_at"] == payload["created_at"] and current["revised_at"] >= text:
        return str(current["revised_at"])  # a clock set back: still after the version it replaces
    return text


def note_outgoing(session: Session, records: Iterable[LocalRecord]) -> None:
    """Remember the plan versions about to be pushed with their revision times (see `_revised`)."""
    for record in records:
        if record.kind == "plan":
            level, revised = record.payload["level"], record.payload["revised_at"]
            set_state(session, f"plan.outgoing.{level}", {"key": record.local_id, "revised_at": revised})


def record_plan(session: Session, payload: dict[str, Any]) -> None:
    """Remember the version of a level's plan this device holds (pushed or pulled), for later-wins."""
    set_state(
        session,
        f"plan.{payload['level']}",
        {
            "created_at": payload["created_at"],
            "revised_at": payload.get("revised_at", ""),
            "key": plan_key(payload),
        },
    )


def _plan_order(payload: dict[str, Any]) -> tuple[str, str, str]:
    """Return a pulled plan version's or plan deletion's place in the plans' order (later wins)."""
    if payload.get("kind") == "plan" and "level" not in payload:  # a tombstone: the plan deleted at `at`
        return (payload["created_at"], payload["at"], _TOMB_ORDER)
    return (payload["created_at"], payload.get("revised_at", ""), plan_key(payload))


def newest_plans(
    session: Session, pulled: Iterable[dict[str, Any]], deletions: Iterable[dict[str, Any]] = ()
) -> list[dict[str, Any]]:
    """Return the pulled plan versions to merge: per level the newest, if newer than this device's.

    A version of the plan this device holds (same creation time, revised later) cannot replace it through the
    import's merge, which replaces only a plan created later: the held one is deleted first, so the merge adds
    the newer version. A plan's deletion takes its place in the same order (made then, deleted at that
    moment): when it is the newest, the level's plan is deleted here. Strips `revised_at`, which the export
    format does not have.
    """
    newest: dict[str, dict[str, Any]] = {}
    tombs = [payload for payload in deletions if payload["kind"] == "plan"]
    for payload in [*pulled, *tombs]:
        level = payload["level"] if "level" in payload else payload["id"]
        held = newest.get(level)
        if held is None or _plan_order(payload) > _plan_order(held):
            newest[level] = payload
    connection = raw(session)
    chosen = []
    for level, payload in newest.items():
        row = connection.execute("SELECT created_at FROM plans WHERE level = ?", (level,)).fetchone()
        created = datetime.fromisoformat(payload["created_at"])
        if row is not None and _moment(row[0]) > created:
            continue  # a plan made later here: the merge keeps it
        if row is not None and _moment(row[0]) == created and _holds(connection, payload):
            continue  # this device holds that version, or a later one
        if row is None and _deleted_after(connection, level, payload):
            continue  # deleted here after that version
        if row is not None:
            repo.delete_plan_of_level(session, level)
        if "level" not in payload:
            _hold_deletion(session, payload)
            continue
        record_plan(session, payload)
        chosen.append({name: value for name, value in payload.items() if name != "revised_at"})
    return chosen


def _deleted_after(connection: sqlite3.Connection, level: str, payload: dict[str, Any]) -> bool:
    """Return whether this device deleted (or saw deleted) the level's plan after that version or deletion."""
    mine = get_state(connection, f"plan.{level}")
    if mine is None or mine["key"] != _TOMB_ORDER:
        return False
    return _plan_order(payload) <= (mine["created_at"], mine["revised_at"], mine["key"])


def _holds(connection: sqlite3.Connection, payload: dict[str, Any]) -> bool:
    """Return whether this device's plan of the level is that version of the plan, or a later one."""
    level = payload["level"] if "level" in payload else payload["id"]
    mine = get_state(connection, f"plan.{level}")
    if mine is None or mine["created_at"] != payload["created_at"]:
        return False
    return _plan_order(payload)[1:] <= (mine["revised_at"], mine["key"])


def _settings(connection: sqlite3.Connection) -> list[LocalRecord]:
    records = []
    for key in LEARNER_SETTINGS:
        row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            continue
        value = reads.get_setting(connection, key)
        synced = get_state(connection, f"setting.{key}")
        if synced is not None and synced["value"] == value:
            continue
        base = synced["at"] if synced else ""
        # the same id when a sync is retried after a crash: the server keeps the first copy
        local_id = "setting\x1f" + "\x1f".join((key, json.dumps(value, sort_keys=True), base))
        now = datetime.now(UTC)
        payload = {"key": key, "value": value, "at": moment_text(now)}
        records.append(LocalRecord("setting", local_id, record_uuid(local_id), payload, now))
    return records


def _apply_settings(session: Session, pulled: list[tuple[uuid.UUID, dict[str, Any]]]) -> bool:
    """Take each setting's newest pulled value when it is newer than the one last synced (later wins)."""
    connection = raw(session)
    newest: dict[str, tuple[str, str, Any]] = {}
    for event_id, payload in pulled:
        key = payload.get("key")
        if key not in LEARNER_SETTINGS or not isinstance(payload.get("at"), str):
            continue  # another version's setting: left out, as an import leaves out unknown keys
        if setting_problem(key, payload.get("value")) is not None:
            continue  # checked as strictly as typed input, as an import checks its settings
        candidate = (payload["at"], str(event_id), payload.get("value"))
        if key not in newest or candidate[:2] > newest[key][:2]:
            newest[key] = candidate
    changed = False
    for key, (at, event_id, value) in newest.items():
        synced = get_state(connection, f"setting.{key}")
        if synced is not None and (synced["at"], synced.get("id", "")) >= (at, event_id):
            continue
        repo.set_setting(session, key, value)
        set_state(session, f"setting.{key}", {"value": value, "at": at, "id": event_id})
        changed = True
    return changed


def record_pushed_setting(session: Session, record: LocalRecord) -> None:
    """Remember a pushed setting as the last synced value of its key."""
    payload = record.payload
    set_state(
        session,
        f"setting.{payload['key']}",
        {"value": payload["value"], "at": payload["at"], "id": str(record.event_id)},
    )


# ---- deletions ---------------------------------------------------------------------------------------------

DELETED = "deleted"  # the kind of a tombstone record: {kind, id, at} (a plan's also has its created_at)
_TOMB_ORDER = "deleted"  # a deleted plan's key in the plans' order: a version revised at the same moment wins


def note_deleted(
    session: Session, kind: str, key: str, at: datetime, created_at: datetime | None = None
) -> None:
    """Note a record deleted here (an undo, a deleted plan) as a tombstone the next sync pushes.

    The record's own id no longer counts as known to the server, so the record added again later (a redo)
    is pending again, under an id made from this tombstone's (`_reborn`).
    """
    connection = raw(session)
    if kind == "plan":
        assert created_at is not None
        at = _after_held(connection, key, moment_text(created_at))
    payload: dict[str, Any] = {"kind": kind, "id": key, "at": moment_text(at)}
    if kind == "plan":
        payload["created_at"] = moment_text(created_at)
        prefix = f"plan:{key}:"
        connection.execute("DELETE FROM sync_known WHERE substr(id, 1, ?) = ?", (len(prefix), prefix))
        _hold_deletion(session, payload)
        set_state(session, f"plan.outgoing.{key}", None)  # put back, the plan is a new version: sent anew
    else:
        connection.execute("DELETE FROM sync_known WHERE id = ?", (key,))
    connection.execute(
        "INSERT INTO sync_tombstones (id, kind, key, payload) VALUES (?, ?, ?, ?)",
        (str(uuid.uuid4()), kind, key, json.dumps(payload)),
    )


def _after_held(connection: sqlite3.Connection, level: str, created_at: str) -> datetime:
    """Return when a plan is deleted in the plans' order: now, by the clock versions are revised by.

    Never at or before the version it deletes (a clock set back): that version would still win.
    """
    now = datetime.now(UTC)
    held = get_state(connection, f"plan.{level}")
    if held and held["created_at"] == created_at and held["revised_at"] >= moment_text(now):
        return datetime.fromisoformat(held["revised_at"]) + timedelta(microseconds=1)
    return now


def _tombstones(connection: sqlite3.Connection) -> list[LocalRecord]:
    rows = connection.execute(
        "SELECT id, payload FROM sync_tombstones AS t "
        "WHERE NOT EXISTS (SELECT 1 FROM sync_known AS k WHERE k.id = t.id) ORDER BY t.seq"
    )
    records = []
    for tomb_id, text in rows:
        payload = json.loads(text)
        records.append(
            LocalRecord(DELETED, tomb_id, uuid.UUID(tomb_id), payload, datetime.fromisoformat(payload["at"]))
        )
    return records


def _reborn(connection: sqlite3.Connection, records: list[LocalRecord]) -> list[LocalRecord]:
    """Give each record deleted here before (and now back) an id of its own after its last tombstone.

    The server keeps the first copy of an id: the record added again under its first id would never reach
    the other computers, which saw it deleted. The id is made from the tombstone's, so a retried push sends
    the same one.
    """
    last = {
        (kind, key): tomb_id
        for kind, key, tomb_id in connection.execute("SELECT kind, key, id FROM sync_tombstones ORDER BY seq")
    }
    if not last:
        return records
    reborn = []
    for record in records:
        name = _DELETABLE.get(record.kind)
        tomb = last.get((record.kind, name(record.payload))) if name else None
        if tomb is not None:
            record = replace(record, event_id=uuid.uuid5(SYNC_NAMESPACE, f"{record.local_id}\x1f{tomb}"))
        reborn.append(record)
    return reborn


def _tombstone(payload: dict[str, Any]) -> tuple[str, str] | None:
    """Return (kind, id) of a pulled tombstone, or None when it is not one this app can apply."""
    kind, key = payload.get("kind"), payload.get("id")
    if kind not in _DELETABLE or not isinstance(key, str) or not isinstance(payload.get("at"), str):
        return None
    try:
        datetime.fromisoformat(payload["at"])
        if kind == "plan":
            datetime.fromisoformat(payload["created_at"])
    except (KeyError, TypeError, ValueError):
        return None
    return kind, key


def settle(pulled: list[tuple[str, dict[str, Any]]]) -> tuple[set[int], list[dict[str, Any]]]:
    """Return which of a page of pulled (kind, payload), in the server's order, stand, and its deletions.

    A session or an answer is added and deleted only by the computer that made it, in that order on the
    server: its last add or deletion in the page wins. Plans' deletions all stand (`newest_plans` orders
    them).
    """
    last: dict[tuple[str, str], int] = {}
    for index, (kind, payload) in enumerate(pulled):
        named = _tombstone(payload) if kind == DELETED else _named(kind, payload)
        if named is not None and named[0] != "plan":
            last[named] = index
    standing, deletions = set(), []
    for index, (kind, payload) in enumerate(pulled):
        named = _tombstone(payload) if kind == DELETED else _named(kind, payload)
        if named is not None and last.get(named, index) != index:
            continue  # added again, or deleted, later in the page
        if kind != DELETED:
            standing.add(index)
        elif named is not None:
            deletions.append(payload)
    return standing, deletions


def _named(kind: str, payload: dict[str, Any]) -> tuple[str, str] | None:
    name = _DELETABLE.get(kind)
    return (kind, name(payload)) if name else None


def apply_deletions(session: Session, deletions: Iterable[dict[str, Any]]) -> None:
    """Delete the pulled tombstones' sessions and answers here (no undo step: the undo was the other's)."""
    from mlops_tracker.storage import answers

    answer_ids = []
    for payload in deletions:
        if payload["kind"] == "session":
            repo.delete_study_session(session, payload["id"])
        elif payload["kind"] == "answer":
            answer_ids.append(payload["id"])
    if answer_ids:
        answers.delete_answers(session, answer_ids)
    session.flush()


def _hold_deletion(session: Session, payload: dict[str, Any]) -> None:
    """Remember a level's plan as deleted, at its place in the plans' order (see `newest_plans`)."""
    set_state(
        session,
        f"plan.{payload['id']}",
        {"created_at": payload["created_at"], "revised_at": payload["at"], "key": _TOMB_ORDER},
    )


# The one table of kinds.
KINDS: tuple[SyncKind, ...] = (
    SyncKind(DELETED, _tombstones, lambda payload: ""),  # first: a re-add travels after its deletion
    SyncKind("status", _status_events, lambda payload: payload["id"], section="events"),
    SyncKind("field", _field_changes, lambda payload: payload["id"], section="field_changes"),
    SyncKind("session", _study_sessions, lambda payload: payload["uid"], section="study_sessions"),
    SyncKind("plan", _plans, plan_key, section="plans"),
    SyncKind("step_event", _step_events, lambda payload: payload["id"], section="step_events"),
    SyncKind("step_edit", _step_edits, lambda payload: payload["id"], section="step_edits"),
    SyncKind("exam_result", _exam_results, lambda payload: payload["id"], section="exam_results"),
    SyncKind("answer", _answers, lambda payload: payload["id"], section="answers"),
    SyncKind("setting", _settings, lambda payload: "", apply=_apply_settings),
)
KIND_BY_NAME = {kind.name: kind for kind in KINDS}
# kinds whose rows are never deleted: a seq mark (sessions and answers are deleted by an undo: none)
_MARKED = {
    "status": "events",
    "field": "field_changes",
    "step_event": "step_events",
    "step_edit": "step_edits",
    "exam_result": "exam_results",
}


# kinds whose records can be deleted, and what a tombstone names a record by (a plan: its level)
_DELETABLE: dict[str, Callable[[dict[str, Any]], str]] = {
    "session": lambda payload: str(payload.get("uid")),
    "answer": lambda payload: str(payload.get("id")),
    "plan": lambda payload: str(payload.get("level")),
}


def raw(session: Session) -> sqlite3.Connection:
    """Return the session's driver connection (plain SQL reads, inside the session's transaction)."""
    return session.connection().connection.driver_connection  # type: ignore[return-value]


# ---- device state ----------------------------------------------------------------------------------------


def get_state(connection: sqlite3.Connection, key: str, default: Any = None) -> Any:
    """Return a sync state value (JSON), or the default."""
    row = connection.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def set_state(session: Session, key: str, value: Any) -> None:
    """Store a sync state value as JSON (None removes it)."""
    connection = raw(session)
    if value is None:
        connection.execute("DELETE FROM sync_state WHERE key = ?", (key,))
    else:
        connection.execute(
            "INSERT INTO sync_state (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )


def mark(connection: sqlite3.Connection, kind: str) -> int:
    """Return the local seq up to which every record of a kind is known to the server (0: none)."""
    return int(get_state(connection, f"mark.{kind}", 0))


def remember(session: Session, local_ids: Iterable[str]) -> None:
    """Record local ids as known to the server (pushed or pulled)."""
    raw(session).executemany(
        "INSERT OR IGNORE INTO sync_known (id) VALUES (?)",
        ((local_id,) for local_id in local_ids if local_id),
    )


def advance_marks(session: Session) -> None:
    """Move each seq mark up to just below the first record the server still lacks (cheap next time)."""
    connection = raw(session)
    for kind, table in _MARKED.items():
        since = mark(connection, kind)
        first_missing, last = connection.execute(
            f"SELECT min(CASE WHEN NOT EXISTS (SELECT 1 FROM sync_known AS k WHERE k.id = t.id) "
            f"THEN t.seq END), max(t.seq) FROM {table} AS t WHERE t.seq > ?",
            (since,),
        ).fetchone()
        new = (first_missing - 1) if first_missing is not None else (last or since)
        if new != since:
            set_state(session, f"mark.{kind}", new)


def pending_records(connection: sqlite3.Connection) -> list[LocalRecord]:
    """Return every local record the server lacks, kind by kind (deletions first: they precede re-adds)."""
    return _reborn(connection, [record for kind in KINDS for record in kind.pending(connection)])


def forget_server(session: Session) -> None:
    """Drop what this device knows of a server (another server: everything goes up again)."""
    connection = raw(session)
    connection.execute("DELETE FROM sync_known")
    connection.execute("DELETE FROM sync_state WHERE key != 'device_id'")

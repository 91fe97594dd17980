"""The local side of sync: one table of record kinds, this device's sync state, and what the server has.

Each kind of local record (a status event, a field change, a step tick, a step edit, an exam result, a study
session, an answer, a plan version, a learner's setting) travels as one payload in the export file's own shape
(format 3), so a pulled payload merges through the same code as an import (`storage.transfer.plan_merge` /
`apply_merge`). `KINDS` says, per kind, how to read the local records
the server lacks and where pulled ones go; a new kind of record is one entry there (plus its export section).

Device state lives in `sync_state` (key → JSON) and `sync_known` (local ids the server has), both made by
migration 0005 and never exported: they describe this computer's copy, not the learner.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
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


def newest_plans(session: Session, pulled: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the pulled plan versions to merge: per level the newest, if newer than this device's.

    A version of the plan this device holds (same creation time, revised later) cannot replace it through the
    import's merge, which replaces only a plan created later: the held one is deleted first, so the merge adds
    the newer version. Strips `revised_at`, which the export format does not have.
    """
    newest: dict[str, dict[str, Any]] = {}
    for payload in pulled:
        order = (payload["created_at"], payload.get("revised_at", ""), plan_key(payload))
        held = newest.get(payload["level"])
        if held is None or order > (held["created_at"], held.get("revised_at", ""), plan_key(held)):
            newest[payload["level"]] = payload
    connection = raw(session)
    chosen = []
    for level, payload in newest.items():
        row = connection.execute("SELECT created_at FROM plans WHERE level = ?", (level,)).fetchone()
        created = datetime.fromisoformat(payload["created_at"])
        if row is not None and _moment(row[0]) > created:
            continue  # a plan made later here: the merge keeps it
        if row is not None and _moment(row[0]) == created:
            if _holds(connection, payload):
                continue  # this device holds that version, or a later one
            repo.delete_plan_of_level(session, level)
        record_plan(session, payload)
        chosen.append({name: value for name, value in payload.items() if name != "revised_at"})
    return chosen


def _holds(connection: sqlite3.Connection, payload: dict[str, Any]) -> bool:
    """Return whether this device's plan of the level is that version of the plan, or a later one."""
    mine = get_state(connection, f"plan.{payload['level']}")
    if mine is None or mine["created_at"] != payload["created_at"]:
        return False
    return (payload.get("revised_at", ""), plan_key(payload)) <= (mine["revised_at"], mine["key"])


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


# The one table of kinds.
KINDS: tuple[SyncKind, ...] = (
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
    """Return every local record the server lacks, kind by kind."""
    return [record for kind in KINDS for record in kind.pending(connection)]


def forget_server(session: Session) -> None:
    """Drop what this device knows of a server (another server: everything goes up again)."""
    connection = raw(session)
    connection.execute("DELETE FROM sync_known")
    connection.execute("DELETE FROM sync_state WHERE key != 'device_id'")

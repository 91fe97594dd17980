"""Moving all user data in and out: the dump behind an export, and the merge of an import.

The merge is a union that never lets something older overwrite something newer:
- events are united by id; an item's status becomes the last event of the united log (by time, and for
  equal times the one written last, so imported events follow the existing ones);
- notes, evidence and confidence come from whichever side has the newer `updated_at`;
- a level's plan is replaced only by an imported plan created later; study sessions are united by uid;
- settings keep existing keys and gain missing ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import JsonValue
from sqlalchemy import select
from sqlalchemy.orm import Session

from mlops_tracker.domain.model import ItemState, PlanTask, ProgressEvent, Status
from mlops_tracker.formats.export import (
    EventModel,
    ExportDocument,
    PlanModel,
    StudySessionModel,
)
from mlops_tracker.storage import repository as repo
from mlops_tracker.storage.models import (
    EventRow,
    ItemRow,
    ItemStateRow,
    PlanRow,
    SettingRow,
    StudySessionRow,
)


def moment_text(moment: datetime) -> str:
    """Return a stored (naive UTC) moment as ISO 8601 with a Z."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat().replace("+00:00", "Z")


def known_item_ids(session: Session) -> set[str]:
    """Return every stored item id, retired ones included."""
    return set(session.scalars(select(ItemRow.id)))


def _setting_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:  # written by hand or by an old version: keep it as text rather than fail
        return text


def dump(session: Session) -> dict[str, Any]:
    """Return all user data as JSON-ready sections, each in a stable order."""
    items = [
        {
            "id": row.item_id,
            "status": row.status,
            "notes": row.notes,
            "evidence": row.evidence,
            "confidence": row.confidence,
            "updated_at": moment_text(row.updated_at),
        }
        for row in session.scalars(select(ItemStateRow).order_by(ItemStateRow.item_id))
    ]
    events = [
        {
            "id": row.id,
            "item_id": row.item_id,
            "from_status": row.from_status,
            "to_status": row.to_status,
            "at": moment_text(row.at),
            "source": row.source,
            "evidenced": bool(row.evidenced),
        }
        for row in session.scalars(select(EventRow).order_by(EventRow.at, EventRow.seq))
    ]
    plans = [
        {
            "level": row.level,
            "days": row.days,
            "start": row.start.isoformat(),
            "exam": row.exam.isoformat() if row.exam else None,
            "study_weekdays": sorted(int(day) for day in row.study_weekdays.split(",") if day),
            "created_at": moment_text(row.created_at),
            "tasks": [{"item_id": task.item_id, "due": task.due.isoformat()} for task in row.tasks],
        }
        for row in session.scalars(select(PlanRow).order_by(PlanRow.level, PlanRow.id))
    ]
    sessions = [
        {
            "uid": row.uid,
            "day": row.day.isoformat(),
            "minutes": row.minutes,
            "item_id": row.item_id,
            "created_at": moment_text(row.created_at),
        }
        for row in session.scalars(
            select(StudySessionRow).order_by(
                StudySessionRow.day, StudySessionRow.created_at, StudySessionRow.uid
            )
        )
    ]
    settings = {
        row.key: _setting_value(row.value)
        for row in session.scalars(select(SettingRow).order_by(SettingRow.key))
    }
    return {
        "items": items,
        "events": events,
        "plans": plans,
        "study_sessions": sessions,
        "settings": settings,
    }


@dataclass(frozen=True)
class StatusChange:
    """An item whose current status an import changes."""

    item_id: str
    before: str
    after: str


@dataclass(frozen=True)
class _StateWrite:
    item_id: str
    status: str
    notes: str
    evidence: str
    confidence: int | None
    updated_at: datetime  # naive UTC


@dataclass(frozen=True)
class MergePlan:
    """What merging an export into the database will do; computed without changing anything."""

    events: tuple[EventModel, ...]  # new events, in time order
    status_changes: tuple[StatusChange, ...]
    details_updated: tuple[str, ...]  # items whose notes, evidence or confidence the file updates
    plans_added: tuple[PlanModel, ...]
    plans_replaced: tuple[PlanModel, ...]
    sessions: tuple[StudySessionModel, ...]
    settings: dict[str, JsonValue]
    state_writes: tuple[_StateWrite, ...]

    @property
    def empty(self) -> bool:
        """Return whether the import would change nothing."""
        return not (
            self.events
            or self.state_writes
            or self.plans_added
            or self.plans_replaced
            or self.sessions
            or self.settings
        )


def _naive(moment: datetime) -> datetime:
    return repo.utc_naive(moment)


def _last_statuses(session: Session, item_ids: set[str]) -> dict[str, tuple[datetime, str]]:
    """Return (time, status) of the last stored event of each of these items."""
    last: dict[str, tuple[datetime, str]] = {}
    if not item_ids:
        return last
    rows = session.execute(
        select(EventRow.item_id, EventRow.at, EventRow.to_status)
        .where(EventRow.item_id.in_(item_ids))
        .order_by(EventRow.at, EventRow.seq)
    )
    for item_id, at, status in rows:
        last[item_id] = (at, status)  # rows come in log order: the last one wins
    return last


def plan_merge(session: Session, document: ExportDocument) -> MergePlan:
    """Return what merging a validated export would change, reading the database only."""
    present = repo.event_ids(session)
    new_events = tuple(sorted((e for e in document.events if e.id not in present), key=lambda e: e.at))
    file_items = {item.id: item for item in document.items}
    touched = {event.item_id for event in new_events}
    last = _last_statuses(session, set(file_items) | touched)
    for event in new_events:  # in time order; an equal time follows the stored events
        at = _naive(event.at)
        if event.item_id not in last or at >= last[event.item_id][0]:
            last[event.item_id] = (at, event.to_status)
    stored = {row.item_id: row for row in session.scalars(select(ItemStateRow))}
    writes: list[_StateWrite] = []
    changes: list[StatusChange] = []
    details: list[str] = []
    for item_id in sorted(set(file_items) | touched):
        row, model = stored.get(item_id), file_items.get(item_id)
        before = row.status if row else Status.TODO.value
        status = last[item_id][1] if item_id in last else before
        if model is not None and (row is None or _naive(model.updated_at) > row.updated_at):
            notes, evidence, confidence = model.notes, model.evidence, model.confidence
            updated = _naive(model.updated_at)
        elif row is not None:
            notes, evidence, confidence, updated = row.notes, row.evidence, row.confidence, row.updated_at
        else:  # the file has only events for this item
            notes, evidence, confidence, updated = "", "", None, last[item_id][0]
        old_details = (row.notes, row.evidence, row.confidence) if row else ("", "", None)
        details_changed = (notes, evidence, confidence) != old_details
        if row is not None and status == before and not details_changed:
            continue
        if status != before:
            changes.append(StatusChange(item_id, before, status))
        if details_changed:
            details.append(item_id)
        writes.append(_StateWrite(item_id, status, notes, evidence, confidence, updated))
    existing_plans = {row.level: row.created_at for row in session.scalars(select(PlanRow))}
    added = tuple(plan for plan in document.plans if plan.level not in existing_plans)
    replaced = tuple(
        plan
        for plan in document.plans
        if plan.level in existing_plans and _naive(plan.created_at) > existing_plans[plan.level]
    )
    uids = set(session.scalars(select(StudySessionRow.uid)))
    keys = set(session.scalars(select(SettingRow.key)))
    return MergePlan(
        events=new_events,
        status_changes=tuple(changes),
        details_updated=tuple(details),
        plans_added=added,
        plans_replaced=replaced,
        sessions=tuple(s for s in document.study_sessions if s.uid not in uids),
        settings={key: value for key, value in document.settings.items() if key not in keys},
        state_writes=tuple(writes),
    )


def apply_merge(session: Session, plan: MergePlan) -> None:
    """Write a merge plan (the caller's transaction makes it all or nothing)."""
    for event in plan.events:
        repo.add_event(
            session,
            ProgressEvent(
                id=event.id,
                item_id=event.item_id,
                from_status=Status(event.from_status),
                to_status=Status(event.to_status),
                at=event.at,
                source=event.source,
                evidenced=event.evidenced,
            ),
        )
    session.flush()  # events first: they are the history the states summarise
    for write in plan.state_writes:
        state = ItemState(write.item_id, Status(write.status), write.notes, write.evidence, write.confidence)
        repo.save_state(session, state, write.updated_at)
    for model in plan.plans_replaced:
        repo.delete_plan_of_level(session, model.level)
    for model in (*plan.plans_added, *plan.plans_replaced):
        tasks = [PlanTask(task.item_id, task.due) for task in model.tasks]
        repo.save_plan(session, model.spec(), tasks, model.created_at)
    for study in plan.sessions:
        repo.add_study_session(session, study.uid, study.day, study.minutes, study.item_id, study.created_at)
    for key, value in plan.settings.items():
        repo.set_setting(session, key, value)

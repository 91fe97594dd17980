"""Moving all user data in and out: the dump behind an export, and the merge of an import.

The merge is a union that never lets something older overwrite something newer:
- status events and field changes (notes, evidence, confidence) are united by id; each item's status and
  each of its fields then become the newest of the united log by (time, id) (`domain.model.log_order`),
  field by field, so a field one side never touched is never blanked by the other;
- a level's plan is replaced only by an imported plan created later; study sessions are united by uid,
  answers to self-check questions by id;
- settings keep existing keys and gain missing known ones; unknown keys are left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import JsonValue
from sqlalchemy import select
from sqlalchemy.orm import Session

from mlops_tracker.domain.answers import Answer, answer_order
from mlops_tracker.domain.model import (
    ITEM_FIELDS,
    FieldChange,
    ItemState,
    ProgressEvent,
    derive_state,
    log_order,
)
from mlops_tracker.domain.study import ExamResult, StepEdit, StepEvent
from mlops_tracker.formats.export import ExportDocument, PlanModel, StudySessionModel
from mlops_tracker.storage import answers as answer_store
from mlops_tracker.storage import reads
from mlops_tracker.storage import repository as repo
from mlops_tracker.storage.models import (
    EventRow,
    ExamResultRow,
    FieldChangeRow,
    ItemRow,
    ItemStateRow,
    PlanRow,
    SettingRow,
    StepEditRow,
    StepEventRow,
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
        for row in session.scalars(select(EventRow).order_by(EventRow.at, EventRow.id))
    ]
    changes = [
        {
            "id": row.id,
            "item_id": row.item_id,
            "field": row.field,
            "value": reads.field_value(row.field, row.value),
            "at": moment_text(row.at),
            "source": row.source,
        }
        for row in session.scalars(select(FieldChangeRow).order_by(FieldChangeRow.at, FieldChangeRow.id))
    ]
    plans = [
        {
            "level": row.level,
            "days": row.days,
            "start": row.start.isoformat(),
            "exam": row.exam.isoformat() if row.exam else None,
            "study_weekdays": sorted(int(day) for day in row.study_weekdays.split(",") if day),
            "created_at": moment_text(row.created_at),
            "tasks": [_task_json(task) for task in row.tasks],
            "minutes_per_day": row.minutes_per_day,
            "baseline": [_task_json(task) for task in reads.baseline_tasks(row.baseline)],
        }
        for row in session.scalars(select(PlanRow).order_by(PlanRow.level, PlanRow.id))
    ]
    step_events = [
        {
            "id": row.id,
            "step_id": row.step_id,
            "item_id": row.item_id,
            "done": bool(row.done),
            "at": moment_text(row.at),
            "source": row.source,
        }
        for row in session.scalars(select(StepEventRow).order_by(StepEventRow.at, StepEventRow.id))
    ]
    step_edits = [
        {
            "id": row.id,
            "step_id": row.step_id,
            "item_id": row.item_id,
            "field": row.field,
            "value": row.value,
            "at": moment_text(row.at),
            "source": row.source,
        }
        for row in session.scalars(select(StepEditRow).order_by(StepEditRow.at, StepEditRow.id))
    ]
    exams = [
        {
            "id": row.id,
            "level": row.level,
            "result": row.result,
            "day": row.day.isoformat(),
            "at": moment_text(row.at),
            "source": row.source,
        }
        for row in session.scalars(select(ExamResultRow).order_by(ExamResultRow.at, ExamResultRow.id))
    ]
    sessions = [
        {
            "uid": row.uid,
            "day": row.day.isoformat(),
            "minutes": row.minutes,
            "item_id": row.item_id,
            "created_at": moment_text(row.created_at),
            "step_id": row.step_id,
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
        "field_changes": changes,
        "plans": plans,
        "study_sessions": sessions,
        "settings": settings,
        "step_events": step_events,
        "step_edits": step_edits,
        "exam_results": exams,
        "answers": answer_store.dump_answers(session),
    }


def _task_json(task: Any) -> dict[str, Any]:
    return {
        "item_id": task.item_id,
        "due": task.due.isoformat(),
        "step_id": task.step_id,
        "minutes": task.minutes,
        "part": task.part,
        "parts": task.parts,
    }


@dataclass(frozen=True)
class FieldUpdate:
    """One field of an item that an import changes: status, notes, evidence or confidence, old → new."""

    item_id: str
    field: str
    before: str | int | None
    after: str | int | None


@dataclass(frozen=True)
class MergePlan:
    """What merging an export into the database will do; computed without changing anything."""

    events: tuple[ProgressEvent, ...]  # new status events, in log order
    changes: tuple[FieldChange, ...]  # new field changes, in log order
    updates: tuple[FieldUpdate, ...]  # what each touched item's state becomes
    plans_added: tuple[PlanModel, ...]
    plans_replaced: tuple[PlanModel, ...]
    sessions: tuple[StudySessionModel, ...]
    settings: dict[str, JsonValue]
    settings_ignored: tuple[str, ...]  # unknown (or this computer's own) keys left out
    touched: tuple[str, ...]  # items whose state is derived again
    step_events: tuple[StepEvent, ...] = ()  # new step ticks
    step_edits: tuple[StepEdit, ...] = ()  # new step edits
    exam_results: tuple[ExamResult, ...] = ()  # new exam results
    answers: tuple[Answer, ...] = ()  # new answers to self-check questions, in log order

    @property
    def empty(self) -> bool:
        """Return whether the import would change nothing."""
        return not (
            self.answers
            or self.events
            or self.changes
            or self.plans_added
            or self.plans_replaced
            or self.sessions
            or self.settings
            or self.step_events
            or self.step_edits
            or self.exam_results
        )


def item_levels(session: Session) -> dict[str, str]:
    """Return every stored item id (retired ones included) with its level."""
    return {item_id: level for item_id, level in session.execute(select(ItemRow.id, ItemRow.level))}


def plan_merge(session: Session, document: ExportDocument) -> MergePlan:
    """Return what merging a validated export would change, reading the database only."""
    present_events = repo.event_ids(session)
    present_changes = repo.field_change_ids(session)
    events = (e.domain() for e in document.events if e.id not in present_events)
    new_events = tuple(sorted(events, key=log_order))
    new_changes = tuple(sorted((c for c in document.changes() if c.id not in present_changes), key=log_order))
    touched = sorted({e.item_id for e in new_events} | {c.item_id for c in new_changes})
    united_events, united_changes = repo.item_logs(session, touched)
    for event in new_events:
        united_events[event.item_id].append(event)
    for change in new_changes:
        united_changes[change.item_id].append(change)
    states = repo.load_states(session)
    updates: list[FieldUpdate] = []
    for item_id in touched:
        old = states.get(item_id, ItemState(item_id))
        new = derive_state(item_id, united_events[item_id], united_changes[item_id])
        for field in ("status", *ITEM_FIELDS):
            before, after = getattr(old, field), getattr(new, field)
            if before != after:
                if field == "status":
                    before, after = before.value, after.value
                updates.append(FieldUpdate(item_id, field, before, after))
    existing_plans = {row.level: row.created_at for row in session.scalars(select(PlanRow))}
    added = tuple(plan for plan in document.plans if plan.level not in existing_plans)
    replaced = tuple(
        plan
        for plan in document.plans
        if plan.level in existing_plans and _naive(plan.created_at) > existing_plans[plan.level]
    )
    uids = set(session.scalars(select(StudySessionRow.uid)))
    keys = set(session.scalars(select(SettingRow.key)))
    present_ticks = set(session.scalars(select(StepEventRow.id)))
    present_edits = set(session.scalars(select(StepEditRow.id)))
    present_exams = set(session.scalars(select(ExamResultRow.id)))
    return MergePlan(
        step_events=tuple(e.domain() for e in document.step_events or () if e.id not in present_ticks),
        step_edits=tuple(e.domain() for e in document.step_edits or () if e.id not in present_edits),
        exam_results=tuple(e.domain() for e in document.exam_results or () if e.id not in present_exams),
        events=new_events,
        changes=new_changes,
        updates=tuple(updates),
        plans_added=added,
        plans_replaced=replaced,
        sessions=tuple(s for s in document.study_sessions if s.uid not in uids),
        settings={key: value for key, value in document.known_settings().items() if key not in keys},
        settings_ignored=document.ignored_settings(),
        touched=tuple(touched),
        answers=_new_answers(session, document),
    )


def _new_answers(session: Session, document: ExportDocument) -> tuple[Answer, ...]:
    """Return the file's answers this database lacks (a union by id), in log order."""
    present = answer_store.answer_ids(session)
    fresh = (model.domain() for model in document.answers or () if model.id not in present)
    return tuple(sorted(fresh, key=answer_order))


def _naive(moment: datetime) -> datetime:
    return repo.utc_naive(moment)


def apply_merge(session: Session, plan: MergePlan) -> None:
    """Write a merge plan (the caller's transaction makes it all or nothing)."""
    # one statement each: an import or a first sync brings tens of thousands (ORM objects cost 10x more)
    repo.add_events(session, plan.events)
    repo.add_field_changes(session, plan.changes)
    # the state cache follows the united log by the one rule, as after every local change
    repo.refresh_states(session, plan.touched)
    for model in plan.plans_replaced:
        repo.delete_plan_of_level(session, model.level)
    for model in (*plan.plans_added, *plan.plans_replaced):
        tasks = [task.domain() for task in model.tasks]
        baseline = [task.domain() for task in model.baseline]
        repo.save_plan(session, model.spec(), tasks, model.created_at, baseline=baseline)
    for tick in plan.step_events:
        repo.add_step_event(session, tick)
    for edit in plan.step_edits:
        repo.add_step_edit(session, edit)
    for result in plan.exam_results:
        repo.add_exam_result(session, result)
    for study in plan.sessions:
        repo.add_study_session(
            session, study.uid, study.day, study.minutes, study.item_id, study.created_at, study.step_id
        )
    for key, value in plan.settings.items():
        repo.set_setting(session, key, value)
    for answer in plan.answers:
        answer_store.add_answer(session, answer)

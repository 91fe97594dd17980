"""User actions as small command classes: each applies itself in one transaction and returns its inverse.

Undo history lives in the database, one history per owner (the window, the command line), so
`mlops-tracker undo` in a new process undoes the command line's last change and never the window's. An
inverse command carries what its target must still hold (`expect`): when another process changed the target
since, the undo is refused (`Conflict`) rather than overwriting that change. A command is stored as JSON:
`encode` and `decode` below.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import UTC, date, datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from mlops_tracker.domain import step_plan
from mlops_tracker.domain.errors import InvalidInput, NotFound, UserError
from mlops_tracker.domain.limits import check_confidence, check_day, check_minutes, check_text
from mlops_tracker.domain.model import (
    ITEM_FIELDS,
    Curriculum,
    FieldChange,
    ItemState,
    PlanSpec,
    PlanTask,
    ProgressEvent,
    Status,
)
from mlops_tracker.domain.study import (
    EXAM_RESULTS,
    OWN_STEP_MARK,
    STEP_FIELDS,
    ExamResult,
    StepEdit,
    StepEvent,
    StudyStep,
    StudySteps,
    effective_steps,
    exam_results,
    newest_by,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Conflict(UserError):
    """An undo (or redo) whose target was changed since by someone else: nothing was changed."""

    def __init__(self, what: str, by: str) -> None:
        self.what, self.by = what, by
        super().__init__(f"{what} was changed since {by}")


# who made a change, as the conflict message says it
_BY = {"cli": "by the command line", "ui": "in the window", "gui": "in the window", "undo": "by an undo"}


def changed_by(source: str | None) -> str:
    """Return who made a change, in words, from its source (None when unknown: plans keep no source)."""
    if source is None:
        return "elsewhere"
    return _BY.get(source, "elsewhere (an import or another computer)")


@dataclass(frozen=True)
class Changes:
    """What a command changed, so each screen refreshes only when it must."""

    items: bool = False
    plans: bool = False
    sessions: bool = False
    readiness: bool = False
    settings: bool = False
    reviews: bool = False  # answers: due reviews, retained readiness, practice results

    def __or__(self, other: Changes) -> Changes:
        return Changes(*(getattr(self, f.name) or getattr(other, f.name) for f in fields(self)))

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


ALL_CHANGED = Changes(items=True, plans=True, sessions=True, readiness=True, settings=True, reviews=True)


@dataclass
class UnitOfWork:
    """What a command may use while it applies: the session, the time, the source and the curriculum."""

    session: Session
    now: datetime
    source: str
    curriculum: Curriculum
    study: StudySteps | None = None  # the suggested steps (None: no item has suggested steps)
    new_events: list[ProgressEvent] = field(default_factory=list)

    def step_logs(self, item_id: str) -> tuple[tuple[StudyStep, ...], dict[str, bool]]:
        """Return an item's visible steps (the learner's edits applied) and which steps are done now."""
        ticks, edits = self.repo.item_step_logs(self.session, item_id)
        suggested = self.study.steps_of(item_id) if self.study is not None else ()
        title = self.curriculum.item(item_id).title
        steps = effective_steps(item_id, suggested, edits, title)
        done = {sid: event.done for sid, event in newest_by(ticks, lambda e: e.step_id).items()}
        return steps, done  # type: ignore[return-value]

    def log_step(self, step_id: str, item_id: str, done: bool, at: datetime) -> None:
        """Append a step tick or untick to the log."""
        self.repo.add_step_event(
            self.session, StepEvent(str(uuid.uuid4()), step_id, item_id, done, at, self.source)
        )

    @property
    def repo(self) -> ModuleType:
        """Return the storage repository (imported with SQLAlchemy on the first write, not at start-up)."""
        from mlops_tracker.storage import repository

        return repository

    def moment_for(self, item_id: str) -> datetime:
        """Return the time of a new change of an item: now, or just after its newest (clock gone back)."""
        return self.repo.next_moment(self.session, item_id, self.now)

    def log_event(self, item_id: str, before: Status, after: Status, evidenced: bool, at: datetime) -> None:
        """Append a status change to the event log."""
        event = ProgressEvent(
            id=str(uuid.uuid4()),
            item_id=item_id,
            from_status=before,
            to_status=after,
            at=at,
            source=self.source,
            evidenced=evidenced,
        )
        self.repo.add_event(self.session, event)
        self.new_events.append(event)

    def log_change(self, item_id: str, field: str, value: str | int | None, at: datetime) -> None:
        """Append a change of notes, evidence or confidence to the log."""
        change = FieldChange(str(uuid.uuid4()), item_id, field, value, at, self.source)
        self.repo.add_field_change(self.session, change)


class Command(Protocol):
    """A user action: `apply` does it and returns what changed and the command that takes it back."""

    name: ClassVar[str]

    def label(self, curriculum: Curriculum) -> str: ...

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]: ...


STATUS_LABELS = {
    Status.DONE: "Mark done",
    Status.IN_PROGRESS: "Mark in progress",
    Status.SKIPPED: "Skip",
    Status.TODO: "Mark to do",
}
CLEAR = 0  # a confidence of 0 clears the rating


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@dataclass(frozen=True)
class UpdateItem:
    """Set an item's status and/or its notes, evidence or confidence (None leaves a field alone)."""

    name: ClassVar[str] = "update_item"
    item_id: str
    status: Status | None = None
    notes: str | None = None
    evidence: str | None = None
    confidence: int | None = None
    # (step id, done) to set; a status of done without them ticks every step, to do unticks them
    steps: tuple[tuple[str, bool], ...] = ()
    # (field, value) the item must still hold for this to apply: set on undo and redo steps
    expect: tuple[tuple[str, Any], ...] = ()

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        if self.steps and self.status is None:
            verb = "Tick step" if all(done for _, done in self.steps) else "Untick step"
        elif self.status is not None:
            verb = STATUS_LABELS[self.status]
        elif self.evidence is not None:
            verb = "Edit evidence"
        elif self.notes is not None:
            verb = "Edit notes"
        else:
            verb = "Rate confidence"
        title = curriculum.item(self.item_id).title if curriculum.has_item(self.item_id) else self.item_id
        return f"{verb}: {_short(title)}"

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Log each changed field as its own change; return the update that restores the old values."""
        if not uow.curriculum.has_item(self.item_id):
            raise NotFound(f"Unknown item '{self.item_id}'.")
        if self.confidence is not None:
            check_confidence(self.confidence, clear=CLEAR)
        for text, what in ((self.notes, "note"), (self.evidence, "evidence")):
            if text is not None:
                check_text(text, what)
        item = uow.curriculum.item(self.item_id)
        old = uow.repo.load_state(uow.session, self.item_id)
        steps, step_done = uow.step_logs(self.item_id)
        known = {step.id for step in steps} | set(step_done)
        for step_id, _ in self.steps:
            if step_id not in known:
                raise NotFound(f"Unknown step '{step_id}' of '{self.item_id}'.")
        for name, value in self.expect:
            held = step_done.get(name[5:], False) if name.startswith("step:") else _field(old, name)
            if held != value:
                source = (
                    None
                    if name.startswith("step:")
                    else uow.repo.last_source(uow.session, self.item_id, name)
                )
                raise Conflict(f"'{_short(item.title)}'", changed_by(source))
        wanted = dict(self.steps)
        if not self.steps and self.status is Status.DONE:
            wanted = {step.id: True for step in steps}
        elif not self.steps and self.status is Status.TODO:
            wanted = {step.id: False for step in steps}
        step_changes = {sid: done for sid, done in wanted.items() if step_done.get(sid, False) != done}
        status = self.status
        if status is None and self.steps:
            status = _status_from_steps(old.status, steps, {**step_done, **wanted})
        new = ItemState(
            item_id=self.item_id,
            status=old.status if status is None else status,
            notes=old.notes if self.notes is None else self.notes,
            evidence=old.evidence if self.evidence is None else self.evidence,
            confidence=old.confidence if self.confidence is None else (self.confidence or None),
        )
        at = uow.moment_for(self.item_id)
        for step_id, done in step_changes.items():
            uow.log_step(step_id, self.item_id, done, at)
        changed = [name for name in ITEM_FIELDS if _field(new, name) != _field(old, name)]
        for name in changed:
            uow.log_change(self.item_id, name, _field(new, name), at)
        # A done project counts only with evidence: log when that changes too, so history stays exact.
        evidence_matters = item.kind.spec.needs_evidence and new.status is Status.DONE
        status_changed = new.status is not old.status
        if status_changed or (evidence_matters and new.has_evidence != old.has_evidence):
            uow.log_event(self.item_id, old.status, new.status, new.has_evidence, at)
        logged = status_changed or changed or (evidence_matters and new.has_evidence != old.has_evidence)
        if logged:  # a step tick that leaves the item as it was has no state to refresh
            uow.repo.refresh_states(uow.session, [self.item_id])
        if status_changed:
            changed.insert(0, "status")
        inverse = UpdateItem(
            item_id=self.item_id,
            status=old.status if status_changed else None,
            notes=old.notes if "notes" in changed else None,
            evidence=old.evidence if "evidence" in changed else None,
            confidence=(old.confidence or CLEAR) if "confidence" in changed else None,
            steps=tuple((sid, step_done.get(sid, False)) for sid in step_changes),
            expect=tuple((name, _field(new, name)) for name in changed)
            + tuple((f"step:{sid}", done) for sid, done in step_changes.items()),
        )
        # a confidence change rates the item's answers again: its card, due reviews and retained change
        reviews = "confidence" in changed
        # a step tick moves readiness too: steps give partial credit
        moved = status_changed or evidence_matters or bool(step_changes)
        return Changes(items=True, readiness=moved, reviews=reviews), inverse


def _status_from_steps(old: Status, steps: tuple[StudyStep, ...], done: dict[str, bool]) -> Status:
    """Return an item's status after its steps changed: done when every visible step is, else in progress."""
    if steps and all(done.get(step.id, False) for step in steps):
        return Status.DONE
    if old is Status.DONE or any(done.get(step.id, False) for step in steps):
        return Status.IN_PROGRESS if old in (Status.DONE, Status.TODO) else old
    return old


def _field(state: ItemState, name: str) -> Any:
    """Return one field of a state, the status by its name (as undo steps store it)."""
    return state.status.value if name == "status" else getattr(state, name)


@dataclass(frozen=True)
class SetPlan:
    """Make a level's plan the given one (spec and tasks), or remove it when `spec` is None."""

    name: ClassVar[str] = "set_plan"
    level: str
    spec: PlanSpec | None
    tasks: tuple[PlanTask, ...] = ()
    verb: str = "Create plan"
    baseline: tuple[PlanTask, ...] = ()  # the schedule as first made (empty: the tasks are the baseline)
    plan_id: int | None = None  # the identity to store it under (an undo puts a plan back as it was)
    created_at: datetime | None = None
    keep_identity: bool = False  # a reschedule changes the dates, not which plan it is
    # on undo and redo steps: the plan the level must still have (its creation time; "" for none)
    expect: str | None = None

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        return f"{self.verb}: {_level_name(curriculum, self.level)}"

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Replace the level's plan; return the command that puts the old one back."""
        old = uow.repo.plan_for_level(uow.session, self.level)
        identity = uow.repo.plan_identity(uow.session, self.level)
        if self.expect is not None and _plan_mark(identity) != self.expect:
            raise Conflict(f"the {_level_name(uow.curriculum, self.level)} plan", changed_by(None))
        if self.spec is not None:
            step_plan.check_spec(self.spec)
            if self.spec.level != self.level:
                raise InvalidInput(f"A plan for {self.spec.level} cannot be stored as the {self.level} plan.")
        uow.repo.delete_plan_of_level(uow.session, self.level)
        if self.spec is None and identity is not None:
            note_deleted(uow, "plan", self.level, identity[1])
        after: tuple[int, datetime] | None = None
        if self.spec is not None:
            plan_id, created_at = (
                identity if self.keep_identity and identity else (self.plan_id, self.created_at)
            )
            if plan_id is not None and uow.repo.plan_id_taken(uow.session, plan_id):
                plan_id = None  # another plan has its number now (an import): put it back under a new one
            created_at = created_at or uow.now
            plan_id = uow.repo.save_plan(
                uow.session, self.spec, self.tasks, created_at, plan_id=plan_id, baseline=self.baseline
            )
            after = (plan_id, created_at)
        inverse = SetPlan(
            level=self.level,
            spec=old.spec if old else None,
            tasks=old.tasks if old else (),
            verb=self.verb,
            baseline=old.baseline if old else (),
            plan_id=identity[0] if identity else None,
            created_at=identity[1] if identity else None,
            expect=_plan_mark(after),
        )
        return Changes(plans=True, readiness=True), inverse


def note_deleted(uow: UnitOfWork, kind: str, key: str, created_at: datetime | None = None) -> None:
    """Note a deleted record for sync, so the other computers delete it too (`storage.sync_local`)."""
    from mlops_tracker.storage import sync_local  # only when something is deleted: not before the first paint

    sync_local.note_deleted(uow.session, kind, key, uow.now, created_at)


def _level_name(curriculum: Curriculum, level: str) -> str:
    try:
        return curriculum.level(level).name
    except KeyError:
        return level


def _plan_mark(identity: tuple[int, datetime] | None) -> str:
    """Return what identifies a level's plan across an undo: its creation time ("" for no plan).

    Not its number: a plan put back after an import took its number gets a new one, and stays the same plan.
    """
    if identity is None:
        return ""
    moment = identity[1]
    return (moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)).isoformat()


@dataclass(frozen=True)
class LogStudySession:
    """Record minutes studied on a day, on an item and one of its steps when given."""

    name: ClassVar[str] = "log_study_session"
    day: date
    minutes: int
    item_id: str | None = None
    uid: str = field(default_factory=lambda: str(uuid.uuid4()))
    step_id: str | None = None  # None: the item as a whole

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        return f"Log {self.minutes} min"

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Store the session; return the command that deletes it."""
        check_minutes(self.minutes)
        check_day(self.day, "study day")
        if self.item_id is not None and not uow.curriculum.has_item(self.item_id):
            raise NotFound(f"Unknown item '{self.item_id}'.")
        if self.step_id is not None:
            _check_session_step(uow, self.item_id, self.step_id)
        if uow.repo.study_session_exists(uow.session, self.uid):
            raise NotFound("That study session is recorded already.")
        uow.repo.add_study_session(
            uow.session, self.uid, self.day, self.minutes, self.item_id, uow.now, step_id=self.step_id
        )
        return Changes(sessions=True), DeleteStudySession(uid=self.uid)


@dataclass(frozen=True)
class DeleteStudySession:
    """Delete a recorded study session."""

    name: ClassVar[str] = "delete_study_session"
    uid: str

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        return "Delete study session"

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Delete the session; return the command that records it again."""
        row = uow.repo.delete_study_session(uow.session, self.uid)
        if row is None:
            raise NotFound("That study session no longer exists.")
        note_deleted(uow, "session", self.uid)
        return Changes(sessions=True), LogStudySession(
            day=row.day, minutes=row.minutes, item_id=row.item_id, uid=self.uid, step_id=row.step_id
        )


def _check_session_step(uow: UnitOfWork, item_id: str | None, step_id: str) -> None:
    """Refuse a session's step unless it is a step of the session's item (a hidden one too: undo brings back
    a session logged before the step was hidden)."""
    if item_id is None or not step_id.startswith(item_id + ":"):
        raise NotFound(f"Step '{step_id}' is not a step of {f'{item_id!r}' if item_id else 'an item'}.")
    _, edits = uow.repo.item_step_logs(uow.session, item_id)
    suggested = uow.study.steps_of(item_id) if uow.study is not None else ()
    every = effective_steps(item_id, suggested, (), uow.curriculum.item(item_id).title)
    if step_id not in {step.id for step in every} | {edit.step_id for edit in edits}:
        raise NotFound(f"Unknown step '{step_id}' of '{item_id}'.")


@dataclass(frozen=True)
class EditStep:
    """Change one field of a step: its minutes, hidden or not, or an own step's title ("" removes it)."""

    name: ClassVar[str] = "edit_step"
    item_id: str
    step_id: str
    field: str  # one of STEP_FIELDS
    value: str
    expect: str | None = None  # on undo and redo steps: the value the field must still hold

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        verb = {
            "minutes": "Change step minutes",
            "hidden": "Hide step" if self.value else "Show step",
            "title": "Add step" if self.value else "Remove step",
        }[self.field]
        return f"{verb}: {_short(self.step_id.split(':', 1)[-1])}"

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Log the edit; return the edit that restores the old value."""
        if not uow.curriculum.has_item(self.item_id):
            raise NotFound(f"Unknown item '{self.item_id}'.")
        if self.field not in STEP_FIELDS:
            raise InvalidInput(f"A step's {self.field} cannot be changed.")
        _, edits = uow.repo.item_step_logs(uow.session, self.item_id)
        suggested = uow.study.steps_of(self.item_id) if uow.study is not None else ()
        every = effective_steps(self.item_id, suggested, (), uow.curriculum.item(self.item_id).title)
        own = OWN_STEP_MARK in self.step_id and self.step_id.startswith(self.item_id + ":")
        if self.step_id not in {step.id for step in every} and not own:
            raise NotFound(f"Unknown step '{self.step_id}'.")
        if self.field == "minutes" and self.value:  # "" puts back the suggested minutes
            check_minutes(int(self.value))
        if self.field == "title" and self.value:
            check_text(self.value, "step title")
        held = newest_by(edits, lambda e: (e.step_id, e.field)).get((self.step_id, self.field))
        old = held.value if held is not None else ""
        if self.expect is not None and old != self.expect:
            raise Conflict(f"the step '{_short(self.step_id)}'", changed_by(held.source if held else None))
        at = uow.moment_for(self.item_id)
        uow.repo.add_step_edit(
            uow.session,
            StepEdit(str(uuid.uuid4()), self.step_id, self.item_id, self.field, self.value, at, uow.source),
        )
        inverse = EditStep(self.item_id, self.step_id, self.field, old, expect=self.value)
        return Changes(items=True, plans=True, readiness=True), inverse


@dataclass(frozen=True)
class RecordExam:
    """Record a level's exam result: passed, failed, or cleared (no result)."""

    name: ClassVar[str] = "record_exam"
    level: str
    result: str
    day: date
    expect: str | None = None  # on undo and redo steps: the result the level must still have ("" none)

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        what = {"passed": "Exam passed", "failed": "Exam failed", "cleared": "Clear exam result"}
        return f"{what.get(self.result, 'Exam result')}: {_level_name(curriculum, self.level)}"

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Log the result; return the command that puts the old one back."""
        try:
            uow.curriculum.level(self.level)
        except KeyError:
            raise NotFound(f"Unknown level '{self.level}'.") from None
        if self.result not in EXAM_RESULTS:
            raise InvalidInput(f"Result '{self.result}' is not one of passed, failed.")
        check_day(self.day, "exam date")
        held = exam_results(uow.repo.exam_log(uow.session)).get(self.level)
        if self.expect is not None and (held.result if held else "") != self.expect:
            raise Conflict(f"the {_level_name(uow.curriculum, self.level)} exam result", changed_by(None))
        uow.repo.add_exam_result(
            uow.session, ExamResult(str(uuid.uuid4()), self.level, self.result, self.day, uow.now, uow.source)
        )
        inverse = RecordExam(
            self.level,
            held.result if held else "cleared",
            held.day if held else self.day,
            expect="" if self.result == "cleared" else self.result,
        )
        return Changes(plans=True, readiness=True), inverse


@dataclass(frozen=True)
class Batch:
    """Several commands as one user action: applied in order, undone together in reverse order."""

    name: ClassVar[str] = "batch"
    commands: tuple[Any, ...]  # the commands, each a Command
    title: str = ""  # the Edit menu's name; the first command's when empty

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        return self.title or self.commands[0].label(curriculum)

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Apply every command; return the batch of their inverses, last first."""
        changes = Changes()
        inverses: list[Any] = []
        for command in self.commands:
            changed, inverse = command.apply(uow)
            changes |= changed
            inverses.append(inverse)
        return changes, Batch(tuple(reversed(inverses)), self.title)


COMMANDS: dict[str, type[Any]] = {
    cls.name: cls
    for cls in (UpdateItem, SetPlan, LogStudySession, DeleteStudySession, EditStep, RecordExam, Batch)
}


def _to_json(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Status):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    if isinstance(value, PlanSpec | PlanTask) or (is_dataclass(value) and not isinstance(value, type)):
        return {f.name: _to_json(getattr(value, f.name)) for f in fields(value)}
    return value


def register(cls: type[Any]) -> type[Any]:
    """Make a command defined in another module decodable from the undo history (a class decorator)."""
    COMMANDS[cls.name] = cls
    return cls


def encode(command: Command) -> str:
    """Return a command as JSON."""
    return json.dumps(_encoded(command))


def _encoded(command: Command) -> dict[str, Any]:
    if isinstance(command, Batch):
        payload: dict[str, Any] = {
            "commands": [_encoded(c) for c in command.commands],
            "title": command.title,
        }
    else:
        payload = {f.name: _to_json(getattr(command, f.name)) for f in fields(command)}  # type: ignore[arg-type]
    return {"command": command.name, "args": payload}


def _spec(data: dict[str, Any] | None) -> PlanSpec | None:
    if data is None:
        return None
    return PlanSpec(
        level=data["level"],
        days=data["days"],
        start=date.fromisoformat(data["start"]),
        exam=date.fromisoformat(data["exam"]) if data["exam"] else None,
        study_weekdays=frozenset(data["study_weekdays"]),
        minutes_per_day=data.get("minutes_per_day", 60),
    )


def _tasks(rows: list[dict[str, Any]]) -> tuple[PlanTask, ...]:
    return tuple(
        PlanTask(
            t["item_id"],
            date.fromisoformat(t["due"]),
            t.get("step_id"),
            t.get("minutes", 0),
            t.get("part", 1),
            t.get("parts", 1),
        )
        for t in rows
    )


def decode(text: str) -> Command:
    """Return the command stored as JSON by `encode`."""
    return _decoded(json.loads(text))


def _decoded(data: dict[str, Any]) -> Command:
    cls = COMMANDS[data["command"]]
    args = dict(data["args"])
    if cls is Batch:
        return Batch(tuple(_decoded(c) for c in args["commands"]), args.get("title", ""))
    if hasattr(cls, "from_args"):  # a registered command reads its own arguments
        return cls.from_args(args)  # type: ignore[no-any-return]
    if cls is UpdateItem and args.get("status") is not None:
        args["status"] = Status(args["status"])
    if cls is UpdateItem:
        args["expect"] = tuple((name, value) for name, value in args.get("expect", ()))
        args["steps"] = tuple((sid, bool(done)) for sid, done in args.get("steps", ()))
    if cls is SetPlan:
        args["spec"] = _spec(args["spec"])
        args["tasks"] = _tasks(args["tasks"])
        args["baseline"] = _tasks(args.get("baseline", ()))
        if args.get("created_at"):
            args["created_at"] = datetime.fromisoformat(args["created_at"])
    if cls in (LogStudySession, RecordExam):
        args["day"] = date.fromisoformat(args["day"])
    return cls(**args)


def with_verb(command: SetPlan, verb: str) -> SetPlan:
    """Return a plan command under another name ("Reschedule plan", "Delete plan")."""
    return replace(command, verb=verb)

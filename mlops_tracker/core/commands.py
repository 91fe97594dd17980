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
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from mlops_tracker.domain import scheduling
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

    def __or__(self, other: Changes) -> Changes:
        return Changes(*(getattr(self, f.name) or getattr(other, f.name) for f in fields(self)))

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


ALL_CHANGED = Changes(items=True, plans=True, sessions=True, readiness=True, settings=True)


@dataclass
class UnitOfWork:
    """What a command may use while it applies: the session, the time, the source and the curriculum."""

    session: Session
    now: datetime
    source: str
    curriculum: Curriculum
    new_events: list[ProgressEvent] = field(default_factory=list)

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
    # (field, value) the item must still hold for this to apply: set on undo and redo steps
    expect: tuple[tuple[str, Any], ...] = ()

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        if self.status is not None:
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
        for name, value in self.expect:
            if _field(old, name) != value:
                source = uow.repo.last_source(uow.session, self.item_id, name)
                raise Conflict(f"'{_short(item.title)}'", changed_by(source))
        new = ItemState(
            item_id=self.item_id,
            status=old.status if self.status is None else self.status,
            notes=old.notes if self.notes is None else self.notes,
            evidence=old.evidence if self.evidence is None else self.evidence,
            confidence=old.confidence if self.confidence is None else (self.confidence or None),
        )
        at = uow.moment_for(self.item_id)
        changed = [name for name in ITEM_FIELDS if _field(new, name) != _field(old, name)]
        for name in changed:
            uow.log_change(self.item_id, name, _field(new, name), at)
        # A done project counts only with evidence: log when that changes too, so history stays exact.
        evidence_matters = item.kind.spec.needs_evidence and new.status is Status.DONE
        status_changed = new.status is not old.status
        if status_changed or (evidence_matters and new.has_evidence != old.has_evidence):
            uow.log_event(self.item_id, old.status, new.status, new.has_evidence, at)
        uow.repo.refresh_states(uow.session, [self.item_id])
        if status_changed:
            changed.insert(0, "status")
        inverse = UpdateItem(
            item_id=self.item_id,
            status=old.status if status_changed else None,
            notes=old.notes if "notes" in changed else None,
            evidence=old.evidence if "evidence" in changed else None,
            confidence=(old.confidence or CLEAR) if "confidence" in changed else None,
            expect=tuple((name, _field(new, name)) for name in changed),
        )
        return Changes(items=True, readiness=status_changed or evidence_matters), inverse


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
            scheduling.validate_spec(self.spec)
            if self.spec.level != self.level:
                raise InvalidInput(f"A plan for {self.spec.level} cannot be stored as the {self.level} plan.")
        uow.repo.delete_plan_of_level(uow.session, self.level)
        after: tuple[int, datetime] | None = None
        if self.spec is not None:
            plan_id, created_at = (
                identity if self.keep_identity and identity else (self.plan_id, self.created_at)
            )
            if plan_id is not None and uow.repo.plan_id_taken(uow.session, plan_id):
                plan_id = None  # another plan has its number now (an import): put it back under a new one
            created_at = created_at or uow.now
            plan_id = uow.repo.save_plan(uow.session, self.spec, self.tasks, created_at, plan_id=plan_id)
            after = (plan_id, created_at)
        inverse = SetPlan(
            level=self.level,
            spec=old.spec if old else None,
            tasks=old.tasks if old else (),
            verb=self.verb,
            plan_id=identity[0] if identity else None,
            created_at=identity[1] if identity else None,
            expect=_plan_mark(after),
        )
        return Changes(plans=True, readiness=True), inverse


@dataclass(frozen=True)
class SetPlans:
    """Set several levels' plans as one action: one transaction, one undo step (rescheduling every level)."""

    name: ClassVar[str] = "set_plans"
    steps: tuple[SetPlan, ...]
    verb: str = "Reschedule plans"

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        if len(self.steps) == 1:
            return self.steps[0].label(curriculum)
        return f"{self.verb}: {', '.join(_level_name(curriculum, step.level) for step in self.steps)}"

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Apply every step in order; return the steps that take them back, in reverse order."""
        changes, inverses = Changes(), []
        for step in self.steps:
            changed, inverse = step.apply(uow)
            changes, inverses = changes | changed, [inverse, *inverses]
        return changes, SetPlans(tuple(inverses), self.verb)  # type: ignore[arg-type]


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
    """Record minutes studied on a day."""

    name: ClassVar[str] = "log_study_session"
    day: date
    minutes: int
    item_id: str | None = None
    uid: str = field(default_factory=lambda: str(uuid.uuid4()))

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        return f"Log {self.minutes} min"

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Store the session; return the command that deletes it."""
        check_minutes(self.minutes)
        check_day(self.day, "study day")
        if self.item_id is not None and not uow.curriculum.has_item(self.item_id):
            raise NotFound(f"Unknown item '{self.item_id}'.")
        if uow.repo.study_session_exists(uow.session, self.uid):
            raise NotFound("That study session is recorded already.")
        uow.repo.add_study_session(uow.session, self.uid, self.day, self.minutes, self.item_id, uow.now)
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
        return Changes(sessions=True), LogStudySession(
            day=row.day, minutes=row.minutes, item_id=row.item_id, uid=self.uid
        )


COMMANDS: dict[str, type[Any]] = {
    cls.name: cls for cls in (UpdateItem, SetPlan, SetPlans, LogStudySession, DeleteStudySession)
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
    if isinstance(value, PlanSpec | PlanTask):
        return {f.name: _to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, SetPlan):
        return _payload(value)
    return value


def _payload(command: Command) -> dict[str, Any]:
    return {
        "command": command.name,
        "args": {f.name: _to_json(getattr(command, f.name)) for f in fields(command)},
    }  # type: ignore[arg-type]


def encode(command: Command) -> str:
    """Return a command as JSON."""
    return json.dumps(_payload(command))


def _spec(data: dict[str, Any] | None) -> PlanSpec | None:
    if data is None:
        return None
    return PlanSpec(
        level=data["level"],
        days=data["days"],
        start=date.fromisoformat(data["start"]),
        exam=date.fromisoformat(data["exam"]) if data["exam"] else None,
        study_weekdays=frozenset(data["study_weekdays"]),
    )


def decode(text: str) -> Command:
    """Return the command stored as JSON by `encode`."""
    return _command(json.loads(text))


def _command(data: dict[str, Any]) -> Command:
    cls = COMMANDS[data["command"]]
    args = dict(data["args"])
    if cls is UpdateItem and args.get("status") is not None:
        args["status"] = Status(args["status"])
    if cls is UpdateItem:
        args["expect"] = tuple((name, value) for name, value in args.get("expect", ()))
    if cls is SetPlan:
        args["spec"] = _spec(args["spec"])
        args["tasks"] = tuple(PlanTask(t["item_id"], date.fromisoformat(t["due"])) for t in args["tasks"])
        if args.get("created_at"):
            args["created_at"] = datetime.fromisoformat(args["created_at"])
    if cls is SetPlans:
        args["steps"] = tuple(_command(step) for step in args["steps"])
    if cls is LogStudySession:
        args["day"] = date.fromisoformat(args["day"])
    return cls(**args)


def with_verb(command: SetPlan, verb: str) -> SetPlan:
    """Return a plan command under another name ("Reschedule plan", "Delete plan")."""
    return replace(command, verb=verb)

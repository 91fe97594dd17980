"""User actions as small command classes: each applies itself in one transaction and returns its inverse.

Undo history lives in the database, so `mlops-tracker undo` in a new process undoes the last change made
by the window or by an earlier command. A command is stored as JSON: `encode` and `decode` below.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from mlops_tracker.domain.errors import InvalidInput, NotFound
from mlops_tracker.domain.limits import check_day, check_text
from mlops_tracker.domain.model import (
    Curriculum,
    ItemState,
    Kind,
    PlanSpec,
    PlanTask,
    ProgressEvent,
    Status,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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

    def log_event(self, item_id: str, before: Status, after: Status, evidenced: bool) -> None:
        """Append a status change to the event log."""
        event = ProgressEvent(
            id=str(uuid.uuid4()),
            item_id=item_id,
            from_status=before,
            to_status=after,
            at=self.now,
            source=self.source,
            evidenced=evidenced,
        )
        self.repo.add_event(self.session, event)
        self.new_events.append(event)


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
        """Write the new state and log a status change; return the update that restores the old state."""
        if not uow.curriculum.has_item(self.item_id):
            raise NotFound(f"Unknown item '{self.item_id}'.")
        if self.confidence is not None and not CLEAR <= self.confidence <= 5:
            raise InvalidInput(f"Confidence must be 1 to 5 (0 clears it); got {self.confidence}.")
        for text, what in ((self.notes, "note"), (self.evidence, "evidence")):
            if text is not None:
                check_text(text, what)
        item = uow.curriculum.item(self.item_id)
        old = uow.repo.load_state(uow.session, self.item_id)
        new = ItemState(
            item_id=self.item_id,
            status=old.status if self.status is None else self.status,
            notes=old.notes if self.notes is None else self.notes,
            evidence=old.evidence if self.evidence is None else self.evidence,
            confidence=old.confidence if self.confidence is None else (self.confidence or None),
        )
        uow.repo.save_state(uow.session, new, uow.now)
        # A done project counts only with evidence: log when that changes too, so history stays exact.
        evidence_matters = item.kind is Kind.PROJECT and new.status is Status.DONE
        if new.status is not old.status or (evidence_matters and new.has_evidence != old.has_evidence):
            uow.log_event(self.item_id, old.status, new.status, new.has_evidence)
        inverse = UpdateItem(
            item_id=self.item_id,
            status=old.status if new.status is not old.status else None,
            notes=old.notes if new.notes != old.notes else None,
            evidence=old.evidence if new.evidence != old.evidence else None,
            confidence=(old.confidence or CLEAR) if new.confidence != old.confidence else None,
        )
        status_changed = new.status is not old.status
        return Changes(items=True, readiness=status_changed or evidence_matters), inverse


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

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        try:
            name = curriculum.level(self.level).name
        except KeyError:
            name = self.level
        return f"{self.verb}: {name}"

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Replace the level's plan; return the command that puts the old one back."""
        old = uow.repo.plan_for_level(uow.session, self.level)
        identity = uow.repo.plan_identity(uow.session, self.level)
        uow.repo.delete_plan_of_level(uow.session, self.level)
        if self.spec is not None:
            plan_id, created_at = (
                identity if self.keep_identity and identity else (self.plan_id, self.created_at)
            )
            uow.repo.save_plan(uow.session, self.spec, self.tasks, created_at or uow.now, plan_id=plan_id)
        inverse = SetPlan(
            level=self.level,
            spec=old.spec if old else None,
            tasks=old.tasks if old else (),
            verb=self.verb,
            plan_id=identity[0] if identity else None,
            created_at=identity[1] if identity else None,
        )
        return Changes(plans=True, readiness=True), inverse


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
        if not 1 <= self.minutes <= 1440:
            raise InvalidInput(f"Minutes must be 1 to 1440; got {self.minutes}.")
        check_day(self.day, "study day")
        if self.item_id is not None and not uow.curriculum.has_item(self.item_id):
            raise NotFound(f"Unknown item '{self.item_id}'.")
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
    cls.name: cls for cls in (UpdateItem, SetPlan, LogStudySession, DeleteStudySession)
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
    return value


def encode(command: Command) -> str:
    """Return a command as JSON."""
    payload = {f.name: _to_json(getattr(command, f.name)) for f in fields(command)}  # type: ignore[arg-type]
    return json.dumps({"command": command.name, "args": payload})


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
    data = json.loads(text)
    cls = COMMANDS[data["command"]]
    args = dict(data["args"])
    if cls is UpdateItem and args.get("status") is not None:
        args["status"] = Status(args["status"])
    if cls is SetPlan:
        args["spec"] = _spec(args["spec"])
        args["tasks"] = tuple(PlanTask(t["item_id"], date.fromisoformat(t["due"])) for t in args["tasks"])
        if args.get("created_at"):
            args["created_at"] = datetime.fromisoformat(args["created_at"])
    if cls is LogStudySession:
        args["day"] = date.fromisoformat(args["day"])
    return cls(**args)


def with_verb(command: SetPlan, verb: str) -> SetPlan:
    """Return a plan command under another name ("Reschedule plan", "Delete plan")."""
    return replace(command, verb=verb)

"""The domain's plain data: curriculum, item state, events, plans and sessions (frozen dataclasses)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum


class Status(StrEnum):
    """Where a learner stands on one item."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        """Return the status as people read it."""
        return {"todo": "To do", "in_progress": "In progress", "done": "Done", "skipped": "Skipped"}[
            self.value
        ]


class Kind(StrEnum):
    """What sort of trackable item this is."""

    SKILL = "skill"
    PROJECT = "project"
    PHASE = "phase"
    MISTAKE = "mistake"

    @property
    def spec(self) -> KindSpec:
        """Return how this kind counts, reads and is planned (its row of `KINDS`)."""
        return KINDS[self]

    @property
    def label(self) -> str:
        """Return the kind as a plural heading."""
        return KINDS[self].plural


@dataclass(frozen=True)
class KindSpec:
    """How one kind of item counts for readiness, reads in the window and the report, and is planned."""

    seed_key: str  # its list in seed.json
    weight: int  # its weight in readiness
    singular: str  # a row's kind: "Skill"
    plural: str  # a group heading: "Skills"
    badge: str  # the short tag on a task row
    task_name: str  # the kind of a planned task in the agenda
    verb: str  # what raises readiness: "Learn skill: …"
    after_phase: int | None  # planned after this phase's activities (None: the phase activities themselves)
    needs_evidence: bool = False  # counts as done only with evidence


# The one table of item kinds: a new kind is a new row here (and its list in the seed schema's data).
KINDS: dict[Kind, KindSpec] = {
    Kind.SKILL: KindSpec("skills", 2, "Skill", "Skills", "Skill", "Skill", "Learn skill", after_phase=1),
    Kind.PROJECT: KindSpec(
        "projects",
        3,
        "Project",
        "Projects",
        "Project",
        "Project",
        "Finish project",
        after_phase=2,
        needs_evidence=True,
    ),
    Kind.PHASE: KindSpec(
        "phases",
        1,
        "Phase activity",
        "Phase activities",
        "Phase",
        "Phase activity",
        "Do phase activity",
        after_phase=None,
    ),
    Kind.MISTAKE: KindSpec(
        "mistakes",
        1,
        "Common mistake to review",
        "Common mistakes",
        "Review",
        "Mistake review",
        "Review mistake",
        after_phase=3,
    ),
}


MAIN_LEVELS: tuple[str, ...] = ("foundation", "professional", "advanced")
SPECIALIST_TRACKS: tuple[str, ...] = ("security", "financial")
ALL_LEVELS: tuple[str, ...] = MAIN_LEVELS + SPECIALIST_TRACKS


@dataclass(frozen=True)
class Item:
    """One trackable thing of a level: a skill, project, phase activity or common mistake to review."""

    id: str
    level: str
    kind: Kind
    title: str
    position: int
    phase: int | None = None  # 1..3 for phase activities, else None
    detail: str = ""  # e.g. a phase's span "7-14 days"
    retired: bool = False


@dataclass(frozen=True)
class Phase:
    """A step of a level's preparation plan, e.g. "30 days: practise building pipelines"."""

    number: int
    span: str
    days: int
    activity: str
    item_id: str


@dataclass(frozen=True)
class NextCertification:
    """A certification the guide suggests after a level."""

    option: str  # "same-track", "cross-track" or "leadership"
    title: str


@dataclass(frozen=True)
class Level:
    """A certification level (Foundation, Professional, Advanced) or a specialist track."""

    id: str
    name: str
    title: str
    kind: str  # "level" or "specialist"
    track: str
    audience: str
    prerequisites: str
    skills_covered: str
    recommended_order: str
    what_it_is: str = ""
    who_should_take_it: str = ""
    items: tuple[Item, ...] = ()
    phases: tuple[Phase, ...] = ()
    next_certifications: tuple[NextCertification, ...] = ()

    def items_of(self, kind: Kind) -> tuple[Item, ...]:
        """Return the level's items of one kind, in seed order."""
        return tuple(item for item in self.items if item.kind is kind)


@dataclass(frozen=True)
class Track:
    """A row of the guide's certification table."""

    track: str
    level: str
    audience: str
    prerequisites: str
    skills_covered: str
    recommended_order: str
    level_id: str


@dataclass(frozen=True)
class Section:
    """A heading with its paragraphs, for the guide's prose."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class LearningPath:
    """One of the guide's seven learning paths."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class RoleRecommendation:
    """A row of the role → recommended certifications table."""

    role: str
    certifications: tuple[str, ...]
    level_id: str  # the MLOps Manager level the row recommends


@dataclass(frozen=True)
class FaqEntry:
    """A question of the guide's FAQ with its answer."""

    section: str
    question: str
    answer: str


@dataclass(frozen=True)
class Provider:
    """A training and certification support provider named by the guide."""

    name: str
    description: str


@dataclass(frozen=True)
class Curriculum:
    """Everything the guide says, structured."""

    seed_version: int
    title: str
    overview: tuple[Section, ...]
    tracks: tuple[Track, ...]
    levels: tuple[Level, ...]
    paths: tuple[LearningPath, ...]
    roles: tuple[RoleRecommendation, ...]
    next_steps: tuple[Section, ...]
    providers: tuple[Provider, ...]
    faq: tuple[FaqEntry, ...]
    final_thoughts: Section
    _items_by_id: dict[str, Item] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._items_by_id.update({item.id: item for level in self.levels for item in level.items})

    def level(self, level_id: str) -> Level:
        """Return a level by id; KeyError when unknown."""
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def item(self, item_id: str) -> Item:
        """Return an item by id; KeyError when unknown."""
        return self._items_by_id[item_id]

    def has_item(self, item_id: str) -> bool:
        """Return whether the seed defines this item id."""
        return item_id in self._items_by_id

    def items(self) -> Iterator[Item]:
        """Yield every trackable item, level by level in seed order."""
        for level in self.levels:
            yield from level.items


@dataclass(frozen=True)
class ItemState:
    """The learner's state of one item."""

    item_id: str
    status: Status = Status.TODO
    notes: str = ""
    evidence: str = ""
    confidence: int | None = None  # 1..5

    @property
    def has_evidence(self) -> bool:
        """Return whether a project has its proof: a link, a file or a note."""
        return bool(self.evidence.strip() or self.notes.strip())


@dataclass(frozen=True, slots=True)  # slots: the window holds every event; a third of the memory each
class ProgressEvent:
    """One status change in the append-only log. `evidenced` records whether the item had evidence then."""

    id: str
    item_id: str
    from_status: Status
    to_status: Status
    at: datetime  # timezone-aware, UTC
    source: str  # "ui", "cli", "import" or "undo"
    evidenced: bool = False


ITEM_FIELDS: tuple[str, ...] = ("notes", "evidence", "confidence")  # changed one by one, besides status


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One change of an item's notes, evidence or confidence: immutable, merged across computers by id."""

    id: str
    item_id: str
    field: str  # one of ITEM_FIELDS
    value: str | int | None  # text for notes and evidence; 1–5 or None (cleared) for confidence
    at: datetime  # timezone-aware, UTC
    source: str


# Changes made from a value without its own change id (the schema upgrade, a version 1 export) get an id
# derived from the value, the same on every computer, so the same value is never added twice.
LEGACY_CHANGE_NAMESPACE = uuid.UUID("5d0f3c52-8f3e-4b8e-9d43-3f0b7c0e2a10")


def legacy_change_id(item_id: str, field: str, value: str, at: datetime) -> str:
    """Return the change id of an old value of an item's field that was set at a (UTC) moment."""
    naive = at if at.tzinfo is None else at.astimezone(UTC).replace(tzinfo=None)
    key = "\x1f".join((item_id, field, value, naive.isoformat(sep=" ", timespec="microseconds")))
    return str(uuid.uuid5(LEGACY_CHANGE_NAMESPACE, key))


def log_order(change: ProgressEvent | FieldChange) -> tuple[datetime, str]:
    """Return the one ordering of the log: by time, then by id (the same on every computer).

    The newest change of each field (and the newest status event) by this key is the item's state:
    the state cache, `check`, the export's validation and every merge use it.
    """
    return change.at, change.id


def derive_state(item_id: str, events: Iterable[ProgressEvent], changes: Iterable[FieldChange]) -> ItemState:
    """Return an item's state from its status events and field changes, the newest of each winning."""
    newest_event = max(events, key=log_order, default=None)
    values: dict[str, FieldChange] = {}
    for change in changes:
        held = values.get(change.field)
        if held is None or log_order(change) > log_order(held):
            values[change.field] = change
    confidence = values["confidence"].value if "confidence" in values else None
    return ItemState(
        item_id=item_id,
        status=newest_event.to_status if newest_event else Status.TODO,
        notes=str(values["notes"].value) if "notes" in values else "",
        evidence=str(values["evidence"].value) if "evidence" in values else "",
        confidence=confidence if isinstance(confidence, int) else None,
    )


@dataclass(frozen=True)
class PlanSpec:
    """What a plan is made from: level, length, dates and study days (0 = Monday … 6 = Sunday)."""

    level: str
    days: int
    start: date
    exam: date | None = None
    study_weekdays: frozenset[int] = frozenset(range(6))
    minutes_per_day: int = 60  # the daily budget of study minutes (15–480)


@dataclass(frozen=True)
class PlanTask:
    """A study step (or a part of one) scheduled on a study day; plans made before steps hold whole items."""

    item_id: str
    due: date
    step_id: str | None = None  # None: a task of a plan made before study steps existed (the whole item)
    minutes: int = 0
    part: int = 1  # 1-based part of a step split over days
    parts: int = 1


@dataclass(frozen=True)
class Plan:
    """A stored plan with its schedule."""

    id: int
    spec: PlanSpec
    tasks: tuple[PlanTask, ...]
    baseline: tuple[PlanTask, ...] = ()  # the schedule as first made; reschedules keep it (empty: = tasks)

    @property
    def first_schedule(self) -> tuple[PlanTask, ...]:
        """Return the baseline the buffer is measured against (the tasks when none was kept)."""
        return self.baseline or self.tasks


@dataclass(frozen=True)
class StudySession:
    """Minutes studied on a day, optionally on one item and one of its steps."""

    id: int
    day: date
    minutes: int
    item_id: str | None = None
    step_id: str | None = None  # None: the item as a whole


@dataclass(frozen=True)
class ReadinessPoint:
    """Readiness (0–100) at the end of a day."""

    day: date
    readiness: float

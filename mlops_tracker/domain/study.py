"""Study steps: the app's own suggestions of what to read or do for each item (not the guide's text)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Any


class StepKind(StrEnum):
    """What a study step asks the learner to do."""

    READ = "read"
    DO = "do"
    REVIEW = "review"
    EVIDENCE = "evidence"  # the last step of a project: publish the work and record its link


@dataclass(frozen=True)
class StudyStep:
    """One suggested step of an item: an instruction, its minutes and the outcome it leaves."""

    id: str  # "<item id>:<slug>", stable when steps are inserted or reordered
    item_id: str
    position: int  # 0-based order within the item
    title: str
    minutes: int
    outcome: str
    kind: StepKind
    links: tuple[str, ...] = ()  # https home pages of the projects named in the title


@dataclass(frozen=True)
class StudySteps:
    """Every item's suggested steps, in seed order, with the versions they were written for."""

    study_version: int
    seed_version: int
    label: str  # shown beside the steps: they are suggestions, not part of the guide
    steps: tuple[StudyStep, ...]

    @cached_property
    def _by_item(self) -> dict[str, tuple[StudyStep, ...]]:
        grouped: dict[str, list[StudyStep]] = {}
        for step in self.steps:
            grouped.setdefault(step.item_id, []).append(step)
        return {item_id: tuple(steps) for item_id, steps in grouped.items()}

    @cached_property
    def _by_id(self) -> dict[str, StudyStep]:
        return {step.id: step for step in self.steps}

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Return the ids of the items that have steps, in file order."""
        return tuple(self._by_item)

    def steps_of(self, item_id: str) -> tuple[StudyStep, ...]:
        """Return an item's steps in order; empty for an item without steps."""
        return self._by_item.get(item_id, ())

    def minutes_of(self, item_id: str) -> int:
        """Return the suggested minutes of an item: the sum of its steps."""
        return sum(step.minutes for step in self.steps_of(item_id))

    def step(self, step_id: str) -> StudyStep:
        """Return a step by id; KeyError when unknown."""
        return self._by_id[step_id]

    def has_step(self, step_id: str) -> bool:
        """Return whether a step id is known."""
        return step_id in self._by_id


# ---- the learner's side: step ticks, step edits, exam results (immutable events, merged by id) ----------

STEP_FIELDS: tuple[str, ...] = ("minutes", "hidden", "title")  # what a learner may change of a step
OWN_STEP_MARK = ":own-"  # an own step's id is "<item id>:own-<uuid>"
EXAM_RESULTS: tuple[str, ...] = ("passed", "failed", "cleared")  # "cleared": the result was taken back
DEFAULT_STEP_MINUTES = 30  # an item the study file has no steps for is one step of this length


@dataclass(frozen=True, slots=True)
class StepEvent:
    """One tick (done) or untick of a study step."""

    id: str
    step_id: str
    item_id: str
    done: bool
    at: datetime  # timezone-aware, UTC
    source: str


@dataclass(frozen=True, slots=True)
class StepEdit:
    """One change of a step by the learner: its minutes, hidden or not, or an own step's title."""

    id: str
    step_id: str
    item_id: str
    field: str  # one of STEP_FIELDS
    value: str  # minutes as text, "1"/"" for hidden, the title ("" removes an own step)
    at: datetime
    source: str


@dataclass(frozen=True, slots=True)
class ExamResult:
    """The result of a level's exam: passed, failed, or cleared (taken back), on a day."""

    id: str
    level: str
    result: str  # one of EXAM_RESULTS
    day: date
    at: datetime
    source: str


def newest_by(events: Iterable[Any], key: Callable[[Any], Hashable]) -> dict[Hashable, Any]:
    """Return the newest event (by time, then id) of each key: the one ordering every computer agrees on."""
    newest: dict[Hashable, Any] = {}
    for event in events:
        held = newest.get(key(event))
        if held is None or (event.at, event.id) > (held.at, held.id):
            newest[key(event)] = event
    return newest


def step_done(events: Iterable[StepEvent]) -> dict[str, StepEvent]:
    """Return the newest tick of each step that is done now (its event says when it was ticked)."""
    return {sid: e for sid, e in newest_by(events, lambda e: e.step_id).items() if e.done}  # type: ignore[misc]


def exam_results(events: Iterable[ExamResult]) -> dict[str, ExamResult]:
    """Return each level's standing exam result (a cleared result leaves the level without one)."""
    newest = newest_by(events, lambda e: e.level)
    return {level: e for level, e in newest.items() if e.result != "cleared"}  # type: ignore[misc]


def effective_steps(
    item_id: str, suggested: Sequence[StudyStep], edits: Iterable[StepEdit], fallback_title: str = ""
) -> tuple[StudyStep, ...]:
    """Return an item's visible steps: the suggested ones with the learner's minutes, then their own steps.

    An item without suggested steps is one step of DEFAULT_STEP_MINUTES titled by `fallback_title`.
    """
    if not suggested:
        suggested = (
            StudyStep(f"{item_id}:study", item_id, 0, fallback_title, DEFAULT_STEP_MINUTES, "", StepKind.DO),
        )
    values = newest_by(edits, lambda e: (e.step_id, e.field))
    first_seen: dict[str, tuple[datetime, str]] = {}
    for edit in edits:
        moment = (edit.at, edit.id)
        if edit.step_id not in first_seen or moment < first_seen[edit.step_id]:
            first_seen[edit.step_id] = moment

    def value(step_id: str, name: str) -> str | None:
        edit = values.get((step_id, name))
        return edit.value if edit is not None else None

    def adjusted(step: StudyStep) -> StudyStep | None:
        if value(step.id, "hidden"):
            return None
        minutes = value(step.id, "minutes")
        return replace(step, minutes=int(minutes)) if minutes else step

    visible = [s for s in map(adjusted, suggested) if s is not None]
    own_ids = sorted(
        (sid for sid in first_seen if OWN_STEP_MARK in sid and sid.startswith(item_id + ":")),
        key=lambda sid: first_seen[sid],
    )
    for offset, sid in enumerate(own_ids):
        title = value(sid, "title")
        if not title:
            continue  # removed (or never titled)
        step = adjusted(
            StudyStep(sid, item_id, len(suggested) + offset, title, DEFAULT_STEP_MINUTES, "", StepKind.DO)
        )
        if step is not None:
            visible.append(step)
    return tuple(visible)

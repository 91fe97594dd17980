"""Study steps: the app's own suggestions of what to read or do for each item (not the guide's text)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property


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

"""Practice exams: a seeded mixed selection of questions, the result derived from its answers, the outlook.

A practice exam is a set of answers sharing a `practice_id`; nothing else is stored. Its result (score out of
100, score by category, the wrong answers) is derived from them, so it exports, imports and syncs with them.
Questions the exam ran out of time for are answers without a choice: they count as wrong.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from mlops_tracker.domain.answers import Answer, answer_order

DEFAULT_QUESTIONS = 20
DEFAULT_MINUTES = 30
# the guide names no pass mark: this is our assumption, a setting, and the screens say so
DEFAULT_PASS_MARK = 70
PASS_MARK_NOTE = "The guide does not name a pass mark; 70% is this app's assumption (a setting)."


class Checkable(Protocol):
    """What selection needs of a question: its id and the item it checks."""

    @property
    def id(self) -> str: ...

    @property
    def item_id(self) -> str | None: ...


Q = TypeVar("Q", bound=Checkable)


def select_questions(questions: Iterable[Q], item_ids: Sequence[str], count: int, seed: int) -> list[Q]:
    """Return up to `count` questions about the given items, mixed across them, the same for the same seed.

    Items are taken in a shuffled round: every item gets one question before any gets a second, so a short
    exam still spans the level; the final order is shuffled too.
    """
    rng = random.Random(seed)
    by_item: dict[str, list[Q]] = defaultdict(list)
    wanted = set(item_ids)
    for question in sorted(questions, key=lambda q: q.id):
        if question.item_id in wanted:
            by_item[question.item_id].append(question)
    pools = [by_item[item] for item in sorted(by_item)]
    for pool in pools:
        rng.shuffle(pool)
    rng.shuffle(pools)
    chosen: list[Q] = []
    while len(chosen) < count and any(pools):
        for pool in pools:
            if pool and len(chosen) < count:
                chosen.append(pool.pop())
    rng.shuffle(chosen)
    return chosen


@dataclass(frozen=True)
class CategoryScore:
    """Right answers out of questions in one category (skills, projects, phases, mistakes, guide)."""

    category: str
    correct: int
    total: int

    @property
    def percent(self) -> float:
        """Return the category's score out of 100."""
        return 100 * self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class PracticeResult:
    """A practice exam's result, derived from its answers."""

    practice_id: str
    finished_at: datetime
    correct: int
    total: int
    by_category: tuple[CategoryScore, ...]
    wrong: tuple[Answer, ...]  # wrong or unanswered, in the order they were answered
    seconds: int

    @property
    def score(self) -> float:
        """Return the score out of 100."""
        return 100 * self.correct / self.total if self.total else 0.0

    def passed(self, pass_mark: int = DEFAULT_PASS_MARK) -> bool:
        """Return whether the score reaches the pass mark (percent)."""
        return self.score >= pass_mark


def practice_result(answers: Sequence[Answer], categories: Mapping[str, str]) -> PracticeResult:
    """Return the result of one practice exam's answers; `categories` maps a question id to its category."""
    ordered = sorted(answers, key=answer_order)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for answer in ordered:
        counts = tally[categories.get(answer.question_id, "other")]
        counts[0] += answer.correct
        counts[1] += 1
    return PracticeResult(
        practice_id=ordered[0].practice_id or "",
        finished_at=ordered[-1].at,
        correct=sum(answer.correct for answer in ordered),
        total=len(ordered),
        by_category=tuple(
            CategoryScore(name, right, total) for name, (right, total) in sorted(tally.items())
        ),
        wrong=tuple(answer for answer in ordered if not answer.correct),
        seconds=sum(answer.seconds or 0 for answer in ordered),
    )


def practice_results(answers: Iterable[Answer], categories: Mapping[str, str]) -> list[PracticeResult]:
    """Return every practice exam's result, oldest first."""
    exams: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        if answer.practice_id is not None:
            exams[answer.practice_id].append(answer)
    results = [practice_result(group, categories) for group in exams.values()]
    return sorted(results, key=lambda result: (result.finished_at, result.practice_id))


def exam_outlook(
    retained_now: float,
    scores: Sequence[float],
    pass_mark: int = DEFAULT_PASS_MARK,
    days_to_exam: int | None = None,
) -> str:
    """Return a one-line verdict: on track for the exam or not, from retained readiness and practice scores.

    On track when the mean of the last three practice scores reaches the pass mark and retained readiness
    does too; with no practice exam yet the verdict says to take one.
    """
    when = "" if days_to_exam is None else f" ({days_to_exam} days to the exam)"
    if not scores:
        return f"Take a practice exam to see whether you are on track{when}; retained {retained_now:.0f}%."
    recent = list(scores[-3:])
    mean = sum(recent) / len(recent)
    trend = ""
    if len(recent) >= 2:
        trend = (
            ", rising" if recent[-1] > recent[0] else ", falling" if recent[-1] < recent[0] else ", steady"
        )
    practice = f"practice {mean:.0f}%{trend}"
    if mean >= pass_mark and retained_now >= pass_mark:
        return f"On track{when}: {practice}, retained {retained_now:.0f}% (pass mark {pass_mark}%)."
    if mean >= pass_mark:
        return f"Nearly{when}: {practice} passes, but retained is {retained_now:.0f}%: review what is fading."
    return (
        f"Not yet on track{when}: {practice}, below the {pass_mark}% pass mark; retained {retained_now:.0f}%."
    )

"""Spaced reviews with FSRS: each item's card, rebuilt by replaying its answers, and its retrievability.

Choices that make every computer compute the same due dates from the same answers:
- **Day-based.** The scheduler has no learning or relearning steps (`learning_steps=()`,
  `relearning_steps=()`), so every review schedules whole days, and fuzzing is off. An item's answers of one
  local day are **one review** of its card, held at that day's 00:00 UTC: several questions about an item in
  one session check it once, they are not several spaced reviews. Due dates are then plain dates.
- **Ratings.** A day with any wrong answer rates Again; otherwise Good, or Hard when the item's confidence
  (as it was at that day's last answer) is 1 or 2. Unanswered practice questions (time ran out) are left out.
- **Order.** Answers are replayed by (time, id), so the order they were inserted in never matters.

Retrievability is the FSRS forgetting curve of the card on a day (1.0 on the day it was reviewed; 0 for an
item never checked). An item is *due* on its FSRS due date (where retrievability reaches the scheduler's 90%
target) and *fading* below 70% (`FADING_BELOW`), the mark the screens show as "due for review".
"""

from __future__ import annotations

import bisect
import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import accumulate, repeat
from typing import TYPE_CHECKING, NamedTuple

from mlops_tracker.domain import fsrs_step
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.model import FieldChange

if TYPE_CHECKING:
    from fsrs import Scheduler

FADING_BELOW = 0.70
AGAIN, HARD, GOOD = fsrs_step.AGAIN, fsrs_step.HARD, fsrs_step.GOOD  # fsrs.Rating values
LOW_CONFIDENCE = (1, 2)


@functools.cache
def scheduler() -> Scheduler:
    """Return the reference FSRS scheduler: our parameters, fuzzing off, no intra-day steps.

    The replay computes its step with `fsrs_step` (the same floats, ten times faster); this is the package
    object the tests hold it to.
    """
    from fsrs import Scheduler  # imported on first use: start-up never needs it

    return Scheduler(
        parameters=fsrs_step.PARAMETERS,
        desired_retention=fsrs_step.DESIRED_RETENTION,
        maximum_interval=fsrs_step.MAXIMUM_INTERVAL,
        enable_fuzzing=False,
        learning_steps=(),
        relearning_steps=(),
    )


def curve() -> tuple[float, float]:
    """Return (factor, decay) of the scheduler's forgetting curve (as fsrs computes them)."""
    return fsrs_step.FACTOR, fsrs_step.DECAY


class CardState(NamedTuple):
    """An item's card after a review day: when it was last reviewed, when it is due, and how it stands.

    A named tuple: a replay makes one per review day (thousands), several times cheaper than a dataclass.
    """

    item_id: str
    last_day: date
    due: date
    stability: float
    difficulty: float
    reviews: int  # review days so far
    lapses: int  # review days rated Again


def retrievability(card: CardState | None, day: date) -> float:
    """Return the probability of recalling an item on a day (0 for an item never checked)."""
    if card is None:
        return 0.0
    factor, decay = curve()
    elapsed = max(0, (day - card.last_day).days)
    return float((1 + factor * elapsed / card.stability) ** decay)


def confidence_timelines(changes: Iterable[FieldChange]) -> dict[str, list[tuple[datetime, str, int | None]]]:
    """Return each item's confidence ratings over time, in log order."""
    timelines: dict[str, list[tuple[datetime, str, int | None]]] = defaultdict(list)
    for change in sorted((c for c in changes if c.field == "confidence"), key=lambda c: (c.at, c.id)):
        value = change.value if isinstance(change.value, int) else None
        timelines[change.item_id].append((change.at, change.id, value))
    return timelines


def _confidence_at(
    timeline: Sequence[tuple[datetime, str, int | None]], at: datetime, answer_id: str
) -> int | None:
    index = bisect.bisect_right(timeline, (at, answer_id), key=lambda entry: (entry[0], entry[1]))
    return timeline[index - 1][2] if index else None


Check = tuple[
    str, datetime, str, bool
]  # an answered question about an item: (item id, time, answer id, right)


def review_days(
    answers: Iterable[Answer], changes: Iterable[FieldChange], tz: tzinfo
) -> dict[str, list[tuple[date, int]]]:
    """Return each item's review days with their rating, oldest first (see the module's rules)."""
    # a generator, not a list: each check is freed once counted, so the collector has fewer objects to chase
    checks = (
        (answer.item_id, answer.at, answer.id, answer.correct)
        for answer in answers
        if answer.item_id is not None and answer.choice is not None
    )
    return rate_days(checks, changes, tz)


def rate_days(
    checks: Iterable[Check], changes: Iterable[FieldChange], tz: tzinfo
) -> dict[str, list[tuple[date, int]]]:
    """Return each item's review days with their rating from its answered questions (`review_days`)."""
    confidence = confidence_timelines(changes)
    # no sort of the whole log: a day's rating needs only "any wrong" and its last answer by (time, id)
    days: dict[str, dict[date, tuple[bool, datetime, str]]] = defaultdict(dict)
    # answers come mostly in time order: the local day's bounds are found once per day and compared after
    # (in the answers' own tzinfo, which compares without utcoffset calls), not a conversion per answer
    low = high = None
    day = date.min
    for item_id, at, answer_id, correct in checks:
        by_day = days[item_id]
        if low is None or not low <= at < high:  # type: ignore[operator]
            day = at.astimezone(tz).date()
            low, high = _day_bounds(day, tz, at.tzinfo)
        held = by_day.get(day)
        if held is None:
            by_day[day] = (not correct, at, answer_id)
        elif at > held[1] or (at == held[1] and answer_id > held[2]):  # answer_order: by time, then id
            by_day[day] = (held[0] or not correct, at, answer_id)
        elif correct is False:
            by_day[day] = (True, held[1], held[2])
    ratings: dict[str, list[tuple[date, int]]] = {}
    for item_id, by_day in days.items():
        timeline = confidence.get(item_id)
        ratings[item_id] = [
            (
                day,
                AGAIN
                if wrong
                else HARD
                if timeline and _confidence_at(timeline, at, answer_id) in LOW_CONFIDENCE
                else GOOD,
            )
            for day, (wrong, at, answer_id) in sorted(by_day.items())
        ]
    return ratings


@functools.lru_cache(maxsize=4096)
def _day_bounds(day: date, tz: tzinfo, answers_tz: tzinfo | None) -> tuple[datetime, datetime]:
    """Return a local day's first and next day's first moment, in the answers' own tzinfo.

    Memoized: a learner's answers span a few hundred days, and a cohort's learners share most of them.
    """
    low = datetime.combine(day, time(0), tz).astimezone(answers_tz)
    return low, datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(answers_tz)


def replay(item_id: str, days: Sequence[tuple[date, int]]) -> list[CardState]:
    """Return the card's state after each review day, replaying them with FSRS."""
    return list(_replay(item_id, tuple(days)))


def card_states(item_id: str, days: Sequence[tuple[date, int]]) -> tuple[CardState, ...]:
    """Return the card's state after each review day, replayed without the memo (`replay` keeps one).

    For a caller that replays each card once, as the cohort view does with thousands of cards.
    """
    if not days:
        return ()
    dates = [day for day, _ in days]
    ordinals = list(map(date.toordinal, dates))
    ratings = [rating for _, rating in days]
    gaps = map(operator.sub, ordinals, [ordinals[0], *ordinals[:-1]])
    steps = fsrs_step.replay(zip(gaps, ratings, strict=True))
    stabilities, difficulties, intervals = zip(*steps, strict=True)
    dues = map(date.fromordinal, map(operator.add, ordinals, intervals))
    lapses = accumulate(map(operator.eq, ratings, repeat(AGAIN)), initial=0)
    next(lapses)  # the count before the first review
    counts = range(1, len(days) + 1)
    fields = zip([item_id] * len(days), dates, dues, stabilities, difficulties, counts, lapses, strict=True)
    # every state made in C: tuple.__new__ makes each named tuple (its generated __new__ is a Python call)
    return tuple(map(tuple.__new__, repeat(CardState), fields))


# A pure function of an item's review days, memoized: a new answer replays only its own item's card.
_replay = functools.lru_cache(maxsize=1024)(card_states)


Timelines = Mapping[str, Sequence[CardState]]


def timelines(
    answers: Iterable[Answer], changes: Iterable[FieldChange], tz: tzinfo
) -> dict[str, list[CardState]]:
    """Return every checked item's card states, one per review day, oldest first."""
    return {item_id: replay(item_id, days) for item_id, days in review_days(answers, changes, tz).items()}


def card_on(states: Sequence[CardState], day: date) -> CardState | None:
    """Return the card as it stood at the end of a day (None before its first review)."""
    index = bisect.bisect_right(states, day, key=lambda state: state.last_day)
    return states[index - 1] if index else None


def cards_on(all_states: Timelines, day: date) -> dict[str, CardState]:
    """Return every item's card as it stood at the end of a day (items not yet checked left out)."""
    cards = {}
    for item_id, states in all_states.items():
        card = card_on(states, day)
        if card is not None:
            cards[item_id] = card
    return cards


@dataclass(frozen=True)
class DueReview:
    """An item whose review is due: its due date and how likely it is to be recalled today."""

    item_id: str
    due: date
    retrievability: float

    @property
    def fading(self) -> bool:
        """Return whether recall fell below the mark the screens call "due for review"."""
        return self.retrievability < FADING_BELOW


def due_reviews(all_states: Timelines, day: date) -> list[DueReview]:
    """Return the items due on a day or before, most overdue first (then the least likely recalled)."""
    due = [
        DueReview(card.item_id, card.due, retrievability(card, day))
        for card in cards_on(all_states, day).values()
        if card.due <= day or retrievability(card, day) < FADING_BELOW
    ]
    return sorted(due, key=lambda review: (review.due, review.retrievability, review.item_id))

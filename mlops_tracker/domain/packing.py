"""Packing study steps into study days under a daily time budget, and the fit check in numbers.

The steps arrive in study order (the caller decides it: the guide's phases, skills before the projects of
their level, mistake reviews last). The packer treats them as one stream of minutes and cuts it into days:

- every study day gets an even share of the work, so no study day is empty while there is work for it;
- a day never holds more than the day's cap: the budget, or, when the work does not fit, the minutes a day the
  fit check asks for (the plan is still made and says how much it needs);
- a cut falls on a step boundary when one is near the even share, so most steps stay whole; a step is split
  into parts only when it is longer than a day can hold or when the days would otherwise be uneven;
- the last study day is kept for a final review when the plan has more than one study day;
- the same input always gives the same days.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.phrases import duration, plural

MIN_BUDGET, MAX_BUDGET, DEFAULT_BUDGET = 15, 480, 60
# a cut may move this far from the even share to land on a step boundary (keeps steps whole)
SNAP_MINUTES = 15
# a piece of a step shorter than this is not worth a separate sitting: the cut moves to keep it whole
MIN_PART_MINUTES = 10
# below this many minutes of work per study day, some study days may stay empty (nothing sensible to split)
MIN_USEFUL_DAY_MINUTES = 20


@dataclass(frozen=True)
class Work:
    """A step to place: its id, its item and its minutes."""

    step_id: str
    item_id: str
    minutes: int


@dataclass(frozen=True)
class Piece:
    """A step, or a part of one, placed on a study day."""

    day: date
    step_id: str
    item_id: str
    minutes: int
    part: int  # 1-based
    parts: int  # how many parts the step was split into (1: whole)


@dataclass(frozen=True)
class Fit:
    """Whether the work fits the study days at the budget, and what would make it fit."""

    total_minutes: int
    study_days: int
    budget: int
    needed_per_day: int  # the smallest budget that fits (the final review day included)
    later_exam: date | None  # the earliest exam date that fits at this budget (None when it fits)
    review_day: bool = True  # whether the last study day is kept free for a final review

    @property
    def fits(self) -> bool:
        """Return whether the work fits the days at the budget."""
        return self.needed_per_day <= self.budget

    @property
    def cap(self) -> int:
        """Return the most minutes a day may hold: the budget, or what the plan needs when it does not fit."""
        return max(self.budget, self.needed_per_day)


@dataclass(frozen=True)
class Packing:
    """The placed pieces in order, the final review day (if kept) and the fit check."""

    pieces: tuple[Piece, ...]
    final_review: date | None
    fit: Fit

    def load(self) -> dict[date, int]:
        """Return the planned minutes of each study day that holds work (the final review day included)."""
        load: dict[date, int] = {}
        for piece in self.pieces:
            load[piece.day] = load.get(piece.day, 0) + piece.minutes
        if self.final_review is not None:
            load[self.final_review] = load.get(self.final_review, 0) + self.fit.cap
        return load


def check_budget(minutes: int) -> int:
    """Return the daily budget, or say that it is out of range."""
    if not MIN_BUDGET <= minutes <= MAX_BUDGET:
        raise InvalidInput(f"Minutes per study day must be {MIN_BUDGET} to {MAX_BUDGET}; got {minutes}.")
    return minutes


def _study_days_after(day: date, weekdays: frozenset[int]) -> Iterator[date]:
    """Yield the study days after `day`, without end (weekdays is never empty)."""
    while True:
        day += timedelta(days=1)
        if day.weekday() in weekdays:
            yield day


def _working_days(study_days: int) -> int:
    """Return the study days that take steps: all but the last, which is kept for a final review."""
    return study_days - 1 if study_days > 1 else study_days


def fit_check(
    total_minutes: int,
    days: Sequence[date],
    budget: int,
    weekdays: frozenset[int],
    *,
    review_day: bool = True,
) -> Fit:
    """Return how the work fits the study days at the budget, and the budget and exam that would fit.

    `review_day`: the last study day is kept free for a final review (False: every day takes work).
    """
    check_budget(budget)
    working = _working_days(len(days)) if review_day else len(days)
    needed = math.ceil(total_minutes / working) if working else total_minutes
    later_exam = None
    if needed > budget and days and weekdays:
        # days of work at this budget, plus the final review day; the exam is the day after the last of them
        wanted = math.ceil(total_minutes / budget) + (1 if review_day else 0)
        last = days[-1]
        extra = _study_days_after(last, weekdays)
        for _ in range(wanted - len(days)):
            last = next(extra)
        later_exam = last + timedelta(days=1)
    return Fit(
        total_minutes=total_minutes,
        study_days=len(days),
        budget=budget,
        needed_per_day=needed,
        later_exam=later_exam,
        review_day=review_day,
    )


def _cut_points(minutes: Sequence[int], days: int, cap: int) -> list[int]:
    """Return where each day's work ends in the stream of minutes (one cumulative point per day).

    Every day gets at least one minute and at most `cap`, so the caller must give at least `days` minutes
    and at most `cap * days`; each cut is the even share of what is left, moved to a step boundary nearby.
    """
    total = sum(minutes)
    boundaries = [0]
    for length in minutes:
        boundaries.append(boundaries[-1] + length)
    points: list[int] = []
    done = 0
    for index in range(days):
        days_left = days - index
        if days_left == 1:
            points.append(total)
            break
        # leave every later day at least a minute and at most the cap
        low = max(done + 1, total - cap * (days_left - 1))
        high = min(done + cap, total - (days_left - 1))
        ideal = min(max(done + round((total - done) / days_left), low), high)
        near = [point for point in boundaries if low <= point <= high and abs(point - ideal) <= SNAP_MINUTES]
        if near:
            point = min(near, key=lambda p: (abs(p - ideal), p))
        else:
            point = _keep_parts_whole(ideal, boundaries, low, high)
        points.append(point)
        done = point
    return points


def _spread(count: int, days: int) -> list[int]:
    """Return the day index of each of count units (count <= days): first on day 0, last on the last."""
    if count == 1:
        return [0]
    return [(i * (days - 1) + (count - 1) // 2) // (count - 1) for i in range(count)]


def _keep_parts_whole(point: int, boundaries: Sequence[int], low: int, high: int) -> int:
    """Move a cut that splits a step so that neither part is shorter than MIN_PART_MINUTES, if allowed."""
    for start, end in itertools.pairwise(boundaries):
        if start < point < end:
            if point - start < MIN_PART_MINUTES and low <= start:
                return start
            if end - point < MIN_PART_MINUTES and end <= high:
                return end
            return point
    return point


def pack(
    work: Sequence[Work],
    days: Sequence[date],
    budget: int,
    weekdays: frozenset[int],
    *,
    review_day: bool = True,
) -> Packing:
    """Place the steps, in order, on the study days (see the module docstring for the rules).

    With `review_day` False every study day takes work: a plan whose steps end with the mistake reviews
    makes its last days the final review that way.
    """
    check_budget(budget)
    if any(step.minutes <= 0 for step in work):
        raise ValueError("every step needs a positive number of minutes")
    days = list(days)
    total = sum(step.minutes for step in work)
    fit = fit_check(total, days, budget, weekdays, review_day=review_day)
    if not days:
        return Packing(pieces=(), final_review=None, fit=fit)
    final_review = days[-1] if len(days) > 1 and review_day else None
    working = days[:-1] if final_review is not None else days
    if not work:
        return Packing(pieces=(), final_review=final_review, fit=fit)

    if total < MIN_USEFUL_DAY_MINUTES * len(working) and _whole_units(work, fit.cap) <= len(working):
        raw = _spread_whole(work, working, fit.cap)
    else:
        raw = _stream(work, working, fit.cap)

    parts: dict[str, int] = {}
    for _, step, _ in raw:
        parts[step.step_id] = parts.get(step.step_id, 0) + 1
    seen: dict[str, int] = {}
    pieces: list[Piece] = []
    for day, step, minutes in raw:
        seen[step.step_id] = seen.get(step.step_id, 0) + 1
        pieces.append(
            Piece(
                day=day,
                step_id=step.step_id,
                item_id=step.item_id,
                minutes=minutes,
                part=seen[step.step_id],
                parts=parts[step.step_id],
            )
        )
    return Packing(pieces=tuple(pieces), final_review=final_review, fit=fit)


def _whole_units(work: Sequence[Work], cap: int) -> int:
    """Return how many sittings the steps need when each is split only to stay within the cap."""
    return sum(math.ceil(step.minutes / cap) for step in work)


def _spread_whole(work: Sequence[Work], days: Sequence[date], cap: int) -> list[tuple[date, Work, int]]:
    """Place too little work to fill every day: one sitting a day, spread from the first day to the last."""
    units = [
        (step, minutes)
        for step in work
        for minutes in _even_parts(step.minutes, math.ceil(step.minutes / cap))
    ]
    return [
        (days[index], step, minutes)
        for (step, minutes), index in zip(units, _spread(len(units), len(days)), strict=True)
    ]


def _even_parts(minutes: int, parts: int) -> list[int]:
    """Return `parts` near-equal positive shares of `minutes`, the larger first."""
    base, extra = divmod(minutes, parts)
    return [base + 1 if index < extra else base for index in range(parts)]


def _stream(work: Sequence[Work], days: Sequence[date], cap: int) -> list[tuple[date, Work, int]]:
    """Cut the steps, as one stream of minutes, into the days (see _cut_points)."""
    points = _cut_points([step.minutes for step in work], len(days), cap)
    raw: list[tuple[date, Work, int]] = []
    day_index, position = 0, 0
    for step in work:
        cursor, end = position, position + step.minutes
        while cursor < end:
            while points[day_index] <= cursor:
                day_index += 1
            piece_end = min(end, points[day_index])
            raw.append((days[day_index], step, piece_end - cursor))
            cursor = piece_end
        position = end
    return raw


def describe_fit(fit: Fit) -> str:
    """Return the fit check for people, e.g. "needs 31 h 20 min; 26 study days × 60 min give 26 h: …"."""
    working = _working_days(fit.study_days) if fit.review_day else fit.study_days
    capacity = working * fit.budget
    days = plural(working, "study day")
    give = f"{days} × {fit.budget} min give {duration(capacity)}"
    head = f"needs {duration(fit.total_minutes)}; {give}"
    if fit.fits:
        return f"{head}: it fits."
    advice = f"raise to {fit.needed_per_day} min a day"
    if fit.later_exam is not None:
        advice += f" or move the exam to {fit.later_exam.day} {fit.later_exam:%b}"
    return f"{head}: {advice}."

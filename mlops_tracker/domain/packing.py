"""Packing study steps into study days under a daily time budget, and the fit check in numbers.

The steps arrive in study order (the caller decides it: the guide's phases, skills before the projects of
their level, mistake reviews last). The packer treats them as one stream of minutes and cuts it into days:

- a day never holds more than the budget: its review session (from `review_from` on) and the minutes already
  used on it (finished steps that keep their day) come off first;
- when the work does not fit, the longest run of whole steps from the start that fits is placed and the rest
  is kept, in order, as "does not fit" (unscheduled); the fit check says what would make it fit;
- every study day gets a share of the work in proportion to what it can hold, so no study day is empty while
  there is work for it;
- a cut falls on a step boundary when one is near the share, so most steps stay whole; a step is split into
  parts only when it is longer than a day can hold or when the days would otherwise be uneven;
- the last study day is kept for a final review when asked and the plan has more than one study day;
- the same input always gives the same days.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
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
# a study day's review session: about four due reviews (3 questions each at ~50 s), never over a third of
# a small budget so the day keeps time for its steps
REVIEW_SLOT_MINUTES = 10


def review_slot(budget: int) -> int:
    """Return the minutes a study day keeps for its review session at this budget."""
    return min(REVIEW_SLOT_MINUTES, budget // 3)


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

    total_minutes: int  # the steps' minutes
    study_days: int
    budget: int
    needed_per_day: int  # the smallest budget that fits (review sessions and the final review day counted)
    later_exam: date | None  # the earliest exam date that fits at this budget (None when it fits)
    review_day: bool = True  # whether the last study day is kept free for a final review
    review_minutes: int = 0  # the review sessions' minutes at this budget
    used_minutes: int = 0  # minutes already taken on these days (finished steps that keep their day), at
    # most the budget a day: the capacity is study_days × budget less these

    @property
    def fits(self) -> bool:
        """Return whether the work fits the days at the budget."""
        return self.needed_per_day <= self.budget


@dataclass(frozen=True)
class Packing:
    """The placed pieces in order, the steps that do not fit (in order), the final review day and the fit."""

    pieces: tuple[Piece, ...]
    final_review: date | None
    fit: Fit
    unscheduled: tuple[Work, ...] = ()


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


def _working(days: Sequence[date], review_day: bool) -> Sequence[date]:
    """Return the study days that take steps: all but the last when it is kept for a final review."""
    return days[:-1] if review_day and len(days) > 1 else days


def _day_cap(day: date, budget: int, review_from: date | None, used: Mapping[date, int]) -> int:
    """Return the step minutes a day can take: its budget less its review session and what is used."""
    slot = review_slot(budget) if review_from is not None and day >= review_from else 0
    return max(0, budget - slot - used.get(day, 0))


def _capacity(days: Sequence[date], budget: int, review_from: date | None, used: Mapping[date, int]) -> int:
    return sum(_day_cap(day, budget, review_from, used) for day in days)


def fit_check(
    total_minutes: int,
    days: Sequence[date],
    budget: int,
    weekdays: frozenset[int],
    *,
    review_day: bool = True,
    review_from: date | None = None,
    used: Mapping[date, int] | None = None,
) -> Fit:
    """Return how the work fits the study days at the budget, and the budget and exam that would fit.

    `review_day`: the last study day is kept free for a final review (False: every day takes work).
    `review_from`: study days from this one keep a review session. `used`: minutes already taken by day.
    """
    check_budget(budget)
    used = used or {}
    working = _working(days, review_day)
    needed = 0
    if total_minutes and not working:
        needed = total_minutes
    elif total_minutes:
        # the smallest budget whose capacity holds the work; capacity grows with the budget
        needed = max(1, math.ceil(total_minutes / len(working)))
        while _capacity(working, needed, review_from, used) < total_minutes:
            needed += 1
    later_exam = None
    if needed > budget and days and weekdays and budget > review_slot(budget):
        # add study days at this budget until the work fits; the exam is the day after the last of them
        candidate = list(days)
        extra = _study_days_after(days[-1], weekdays)
        caps = [_day_cap(day, budget, review_from, used) for day in candidate]
        held = sum(caps)  # kept as a running sum: a plan far too small may need hundreds more days
        while held - (caps[-1] if review_day and len(caps) > 1 else 0) < total_minutes:
            candidate.append(next(extra))
            caps.append(_day_cap(candidate[-1], budget, review_from, used))
            held += caps[-1]
        later_exam = candidate[-1] + timedelta(days=1)
    slot = review_slot(budget)
    return Fit(
        total_minutes=total_minutes,
        study_days=len(days),
        budget=budget,
        needed_per_day=needed,
        later_exam=later_exam,
        review_day=review_day,
        review_minutes=sum(slot for day in working if review_from is not None and day >= review_from),
        used_minutes=sum(min(budget, used.get(day, 0)) for day in working),
    )


def _cut_points(minutes: Sequence[int], caps: Sequence[int]) -> list[int]:
    """Return where each day's work ends in the stream of minutes (one cumulative point per day).

    Every day gets at least one minute and at most its cap, so the caller must give at least one minute a
    day and at most the caps' sum (every cap at least 1); each cut is the share of what is left in
    proportion to the day's cap, moved to a step boundary nearby.
    """
    total = sum(minutes)
    boundaries = [0, *itertools.accumulate(minutes)]
    suffix = [0] * len(caps)  # suffix[i]: what the days after day i can hold
    for index in range(len(caps) - 2, -1, -1):
        suffix[index] = suffix[index + 1] + caps[index + 1]
    points: list[int] = []
    done = 0
    days = len(caps)
    for index, cap in enumerate(caps):
        days_left = days - index
        if days_left == 1:
            points.append(total)
            break
        # leave every later day at least a minute and at most its cap
        low = max(done + 1, total - suffix[index])
        high = min(done + cap, total - (days_left - 1))
        share = round((total - done) * cap / (cap + suffix[index]))
        ideal = min(max(done + share, low), high)
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


def _fitting(work: Sequence[Work], capacity: int) -> int:
    """Return how many steps from the start fit, whole, in the capacity."""
    for count, reached in enumerate(itertools.accumulate(step.minutes for step in work)):
        if reached > capacity:
            return count
    return len(work)


def pack(
    work: Sequence[Work],
    days: Sequence[date],
    budget: int,
    weekdays: frozenset[int],
    *,
    review_day: bool = True,
    review_from: date | None = None,
    used: Mapping[date, int] | None = None,
) -> Packing:
    """Place the steps, in order, on the study days (see the module docstring for the rules).

    With `review_day` False every study day takes work: a plan whose steps end with the mistake reviews
    makes its last days the final review that way. Study days from `review_from` on keep a review session;
    `used` holds minutes already taken by day (they count against the budget).
    """
    check_budget(budget)
    if any(step.minutes <= 0 for step in work):
        raise ValueError("every step needs a positive number of minutes")
    used = used or {}
    days = list(days)
    total = sum(step.minutes for step in work)
    fit = fit_check(total, days, budget, weekdays, review_day=review_day, review_from=review_from, used=used)
    final_review = days[-1] if len(days) > 1 and review_day else None
    open_days = [
        (day, cap) for day in _working(days, review_day) if (cap := _day_cap(day, budget, review_from, used))
    ]
    count = _fitting(work, sum(cap for _, cap in open_days))
    placed, rest = work[:count], tuple(work[count:])
    if not placed:
        return Packing(pieces=(), final_review=final_review, fit=fit, unscheduled=rest)
    working = [day for day, _ in open_days]
    caps = [cap for _, cap in open_days]
    little = sum(step.minutes for step in placed) < MIN_USEFUL_DAY_MINUTES * len(working)
    if little and _whole_units(placed, min(caps)) <= len(working):
        raw = _spread_whole(placed, working, min(caps))
    else:
        raw = _stream(placed, working, caps)

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
    return Packing(pieces=tuple(pieces), final_review=final_review, fit=fit, unscheduled=rest)


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


def _stream(work: Sequence[Work], days: Sequence[date], caps: Sequence[int]) -> list[tuple[date, Work, int]]:
    """Cut the steps, as one stream of minutes, into the days (see _cut_points)."""
    points = _cut_points([step.minutes for step in work], caps)
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
    """Return the fit check for people, e.g. "needs 31 h 20 min; 26 study days × 60 min give 26 h: …".

    Every term is written out so the figures add up for a reader: the minutes of steps already done on the
    days counted (a started plan's) come off their budget, "less 55 min of steps already done on them".
    """
    working = fit.study_days - 1 if fit.review_day and fit.study_days > 1 else fit.study_days
    capacity = max(0, working * fit.budget - fit.used_minutes)
    days = f"{plural(working, 'study day')} × {fit.budget} min"
    if fit.used_minutes:
        days += f", less {duration(fit.used_minutes)} of steps already done on them,"
    give = f"{days} give {duration(capacity)}"
    needs = duration(fit.total_minutes + fit.review_minutes)
    if fit.review_minutes:
        needs += f" ({duration(fit.total_minutes)} of steps, {duration(fit.review_minutes)} of reviews)"
    head = f"needs {needs}; {give}"
    if fit.fits:
        return f"{head}: it fits."
    later = f"{fit.later_exam.day} {fit.later_exam:%b}" if fit.later_exam is not None else None
    if fit.needed_per_day > MAX_BUDGET:  # no budget the app accepts would do: only more days help
        even = f"it does not fit even at {MAX_BUDGET} min a day"
        advice = f"{even}: move the exam to {later}" if later else f"{even}: make the plan longer"
    else:
        advice = f"raise to {fit.needed_per_day} min a day"
        if later:
            advice += f" or move the exam to {later}"
    return f"{head}: {advice}."

"""Retained readiness: readiness with each item's coverage multiplied by its FSRS retrievability that day.

The same weighted sum over the same items as `readiness` (same weights, same denominator: skipped items
leave it), each item's earned share times the probability it is still recalled (0 for an item never
checked). Retrievability is at most 1, so retained never exceeds readiness.
"""

from __future__ import annotations

import bisect
import functools
import operator
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta, tzinfo
from itertools import accumulate, chain, repeat
from typing import NamedTuple

from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain.model import KINDS, Item, Kind, ProgressEvent, Status
from mlops_tracker.domain.reviews import CardState, Timelines, card_on, curve, retrievability

_FULL = 4  # quarters of an item's weight (readiness counts in quarters)


class RetainedPoint(NamedTuple):
    """Readiness and retained readiness (both 0–100) at the end of a day.

    A named tuple: a history is thousands of points, made several times cheaper than frozen dataclasses.
    """

    day: date
    readiness: float
    retained: float


def retained(
    items: Iterable[Item],
    statuses: Mapping[str, Status],
    evidenced: Collection[str],
    recall: Mapping[str, float],
) -> float:
    """Return retained readiness in [0, 100]: coverage × retrievability (`recall`, 0 when absent)."""
    earned = 0.0
    total = 0
    for item in items:
        if item.retired:
            continue
        status = statuses.get(item.id, Status.TODO)
        quarters = rd._quarters(item.kind is Kind.PROJECT, status, item.id in evidenced)
        if quarters is None:
            continue
        weight = rd.WEIGHTS[item.kind]
        total += weight
        earned += weight * quarters * recall.get(item.id, 0.0)
    return 100 * earned / (_FULL * total) if total else 0.0


def recall_on(cards: Timelines, day: date) -> dict[str, float]:
    """Return each checked item's retrievability on a day, from its card as it stood then."""
    return {item_id: retrievability(card_on(states, day), day) for item_id, states in cards.items()}


def recall_series(states: Sequence[CardState], first_day: date, days: int) -> list[float]:
    """Return an item's retrievability on each of `days` days from `first_day` (0 before its first check)."""
    return list(_recall_series(tuple(states), first_day, days))


# memoized: a refresh recomputes the curve only of items whose card changed (a pow per item and day)
@functools.lru_cache(maxsize=512)
def _recall_series(states: tuple[CardState, ...], first_day: date, days: int) -> tuple[float, ...]:
    factor, decay = curve()
    # the card in force each day, as day series built in C: the offset of its review and its stability
    starts: list[int] = []
    reviewed: list[int] = []
    stabilities: list[float] = []
    for card in states:
        offset = (card.last_day - first_day).days
        if offset >= days:
            break
        if starts and starts[-1] == max(0, offset):  # reviews before first_day: the newest one holds
            reviewed[-1], stabilities[-1] = offset, card.stability
            continue
        starts.append(max(0, offset))
        reviewed.append(offset)
        stabilities.append(card.stability)
    if not starts:
        return (0.0,) * days
    head = starts[0]  # 0 before the first check
    elapsed = map(operator.sub, range(head, days), _steps(starts, reviewed, days, 0)[head:])
    # retrievability's expression, (1 + factor * elapsed / stability) ** decay, day by day in C
    stability = _steps(starts, stabilities, days, 1.0)[head:]
    scaled = map(operator.truediv, map(operator.mul, repeat(factor), elapsed), stability)
    return (0.0,) * head + tuple(map(pow, map(operator.add, repeat(1.0), scaled), repeat(decay)))


def _steps(offsets: Sequence[int], values: Sequence[float], days: int, initial: float) -> list[float]:
    """Return a day series from its changes: `values[i]` from day offset `offsets[i]` (increasing) on."""
    lengths = map(operator.sub, [*offsets[1:], days], offsets)
    return [initial] * offsets[0] + list(chain.from_iterable(map(repeat, values, lengths)))


def retained_histories(
    levels: Mapping[str, Sequence[Item]],
    events: Sequence[ProgressEvent],
    cards: Timelines,
    first_day: date,
    last_day: date,
    tz: tzinfo,
) -> dict[str, list[RetainedPoint]]:
    """Return each level's readiness and retained readiness at the end of every day from first to last.

    Both come from the same per-item day series: quarters earned (the status events replayed by readiness's
    rule) and whether the item counts (not skipped); retained multiplies each checked item's quarters by its
    retrievability. Readiness is then the same integers and expression as `readiness.readiness_histories`,
    so the two agree exactly. Sums run over whole series (C loops), not item by item and day by day.
    """
    days = (last_day - first_day).days + 1
    if days <= 0:
        return {level_id: [] for level_id in levels}
    needs_evidence = {
        item.id: KINDS[item.kind].needs_evidence
        for items in levels.values()
        for item in items
        if not item.retired
    }
    # readiness's rule once per (item, status, evidence): (quarters earned, 1 if counted or 0 while skipped)
    rule: dict[tuple[str, Status, bool], tuple[float, float]] = {}
    for item_id, evidence_needed in needs_evidence.items():
        for status in Status:
            for has_evidence in (False, True):
                quarters = rd._quarters(evidence_needed, status, has_evidence)
                counts = (0.0, 0.0) if quarters is None else (float(quarters), 1.0)
                rule[item_id, status, has_evidence] = counts
    # the day offset of every event (they are in time order): the ends of the days cut the log in runs
    event_tz = events[0].at.tzinfo if events else None
    moments = list(map(operator.attrgetter("at"), events))
    offsets: list[int] = []
    begin = 0
    for offset in range(days):
        boundary = rd._end_of_day(first_day + timedelta(days=offset), tz).astimezone(event_tz)
        end = bisect.bisect_left(moments, boundary, begin)
        offsets.extend(repeat(offset, end - begin))
        begin = end
    item_ids = list(map(operator.attrgetter("item_id"), events))
    statuses = map(operator.attrgetter("to_status"), events)
    evidenced = map(operator.attrgetter("evidenced"), events)
    keys = zip(item_ids, statuses, evidenced, strict=True)
    # an item's last event of a day decides its day: a dict built in C keeps the last of each (item, day)
    # (zip stops at the last event before the last day's end: offsets is that long)
    last = dict(zip(zip(item_ids, offsets), map(rule.get, keys)))  # noqa: B905
    # each item's series as changes from day to day, summed up in C (the values are whole quarters: exact)
    earned_steps: dict[str, list[float]] = {}
    counted_steps: dict[str, list[float]] = {}
    held: dict[str, tuple[float, float]] = {}
    for (item_id, offset), value in last.items():
        if value is None:  # an item of no level
            continue
        before = held.get(item_id, (0.0, 1.0))
        held[item_id] = value
        if value[0] != before[0]:
            steps = earned_steps.get(item_id)
            if steps is None:
                steps = earned_steps[item_id] = [0.0] * days
            steps[offset] = value[0] - before[0]
        if value[1] != before[1]:
            steps = counted_steps.get(item_id)
            if steps is None:
                steps = counted_steps[item_id] = [0.0] * days
                steps[0] = 1.0
            steps[offset] += value[1] - before[1]
    earned_series = {item_id: list(accumulate(steps)) for item_id, steps in earned_steps.items()}
    counted_series = {item_id: list(accumulate(steps)) for item_id, steps in counted_steps.items()}
    recall = {item_id: _recall_series(tuple(states), first_day, days) for item_id, states in cards.items()}
    histories: dict[str, list[RetainedPoint]] = {}
    calendar = [first_day + timedelta(days=offset) for offset in range(days)]
    for level_id, items in levels.items():
        earned = [0.0] * days  # integer-valued: the same sums as readiness
        kept = [0.0] * days
        total = [0.0] * days
        for item in items:
            if item.retired:
                continue
            weight = float(rd.WEIGHTS[item.kind])
            counted = counted_series.get(item.id)
            total = (
                [t + weight for t in total]
                if counted is None
                else list(map(operator.add, total, map(operator.mul, counted, repeat(weight))))
            )
            quarters = earned_series.get(item.id)
            if quarters is None:
                continue
            weighted = list(map(operator.mul, quarters, repeat(weight)))
            earned = list(map(operator.add, earned, weighted))
            if item.id in recall:
                kept = list(map(operator.add, kept, map(operator.mul, weighted, recall[item.id])))
        histories[level_id] = [
            RetainedPoint(day, 100 * int(e) / (_FULL * int(t)), 100 * k / (_FULL * int(t)))
            if t
            else RetainedPoint(day, 0.0, 0.0)
            for day, e, k, t in zip(calendar, earned, kept, total, strict=True)
        ]
    return histories

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
from itertools import chain, repeat
from typing import NamedTuple

from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain.model import Item, Kind, ProgressEvent, Status
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
    series = [0.0] * days
    for index, card in enumerate(states):
        begin = max(0, (card.last_day - first_day).days)
        end = days if index + 1 == len(states) else min(days, (states[index + 1].last_day - first_day).days)
        if begin >= end:
            continue
        # elapsed days since the review on the segment's first day (the review may precede first_day)
        start = (first_day + timedelta(days=begin) - card.last_day).days
        elapsed = range(start, start + end - begin)
        # retrievability's expression, (1 + factor * elapsed / stability) ** decay, in C-level maps
        scaled = map(operator.truediv, map(operator.mul, repeat(factor), elapsed), repeat(card.stability))
        series[begin:end] = map(pow, map(operator.add, repeat(1.0), scaled), repeat(decay))
    return tuple(series)


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
    projects = {item.id for items in levels.values() for item in items if item.kind is Kind.PROJECT}
    wanted = {item.id for items in levels.values() for item in items if not item.retired}
    done, in_progress, skipped = Status.DONE, Status.IN_PROGRESS, Status.SKIPPED
    full, partial = float(_FULL), float(rd.IN_PROGRESS_SHARE * _FULL)
    # each item's changes: parallel lists of day offsets and the quarters earned from then on (-1: skipped)
    offsets: dict[str, list[int]] = {}
    values: dict[str, list[float]] = {}
    # the events (in time order) of each day lie between the ends of the day before and of the day; only
    # an item's last event of a day matters, found by a dict built in C (item -> its last position that day)
    event_tz = events[0].at.tzinfo if events else None
    moments = list(map(operator.attrgetter("at"), events))
    item_ids = list(map(operator.attrgetter("item_id"), events))
    begin = 0
    for offset in range(days):
        boundary = rd._end_of_day(first_day + timedelta(days=offset), tz).astimezone(event_tz)
        end = bisect.bisect_left(moments, boundary, begin)
        if end == begin:
            continue
        for item_id, position in dict(zip(item_ids[begin:end], range(begin, end), strict=True)).items():
            if item_id not in wanted:
                continue
            # readiness's _quarters inlined (this loop runs once per item and day with events)
            event = events[position]
            status = event.to_status
            if status == done:
                value = full if event.evidenced or item_id not in projects else partial
            elif status == in_progress:
                value = partial
            elif status == skipped:
                value = -1.0
            else:
                value = 0.0
            if item_id in offsets:
                offsets[item_id].append(offset)
                values[item_id].append(value)
            else:
                offsets[item_id] = [offset]
                values[item_id] = [value]
        begin = end
    earned_series: dict[str, list[float]] = {}
    counted_series: dict[str, list[float]] = {}
    for item_id, item_offsets in offsets.items():
        item_values = values[item_id]
        if -1.0 in item_values:
            earned_series[item_id] = _steps(item_offsets, [max(v, 0.0) for v in item_values], days, 0.0)
            counted_series[item_id] = _steps(item_offsets, [float(v >= 0) for v in item_values], days, 1.0)
        else:
            earned_series[item_id] = _steps(item_offsets, item_values, days, 0.0)
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

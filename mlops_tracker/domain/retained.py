"""Retained readiness: readiness with each item's coverage multiplied by its FSRS retrievability that day.

The same weighted sum over the same items as `readiness` (same weights, same denominator: skipped items
leave it), each item's earned share times the probability it is still recalled (0 for an item never
checked). Retrievability is at most 1, so retained never exceeds readiness.
"""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta, tzinfo
from itertools import chain, repeat
from typing import NamedTuple

from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain.model import Item, ProgressEvent, Status
from mlops_tracker.domain.reviews import CardState, Timelines, card_on, curve, retrievability


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
    steps: rd.Steps = rd.NO_STEPS,
) -> float:
    """Return retained readiness in [0, 100]: coverage × retrievability (`recall`, 0 when absent)."""
    earned = 0.0
    total = 0
    for item in items:
        if item.retired:
            continue
        units = rd.item_units(item, statuses, evidenced, steps)
        if units is None:
            continue
        weight = rd.WEIGHTS[item.kind]
        total += weight
        earned += weight * units * recall.get(item.id, 0.0)
    return 100 * earned / (rd.UNITS * total) if total else 0.0


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


def _held_series(changes: Sequence[tuple[int, float]], days: int, initial: float) -> list[float]:
    """Return a day series from its value changes (day offset, new value), the newest of a day winning."""
    series = [initial] * days
    for index, (offset, value) in enumerate(changes):
        end = changes[index + 1][0] if index + 1 < len(changes) else days
        if offset < end:
            series[offset:end] = [value] * (end - offset)
    return series


def retained_histories(
    levels: Mapping[str, Sequence[Item]],
    events: Sequence[ProgressEvent],
    cards: Timelines,
    first_day: date,
    last_day: date,
    tz: tzinfo,
    steps: rd.Steps = rd.NO_STEPS,
) -> dict[str, list[RetainedPoint]]:
    """Return each level's readiness and retained readiness at the end of every day from first to last.

    Both come from the same per-item day series: units earned (`readiness.unit_changes`, the one rule) and
    whether the item counts (not skipped); retained multiplies each checked item's units by its
    retrievability. Readiness is then the same integers and expression as `readiness.readiness_histories`,
    so the two agree exactly. Sums run over whole series (C loops), not item by item and day by day.
    """
    days = (last_day - first_day).days + 1
    if days <= 0:
        return {level_id: [] for level_id in levels}
    followed = [item for items in levels.values() for item in items if not item.retired]
    needs_evidence = {item.id: item.kind.spec.needs_evidence for item in followed}
    changes: dict[str, list[tuple[int, float]]] = defaultdict(list)  # item -> (day offset, units or -1)
    for offset, changed in enumerate(rd.unit_changes(needs_evidence, events, first_day, days, tz, steps)):
        for item_id, value in changed:
            changes[item_id].append((offset, -1.0 if value is None else float(value)))
    earned_series: dict[str, list[float]] = {}
    counted_series: dict[str, list[float]] = {}
    for item_id, held in changes.items():
        raw = _held_series(held, days, 0.0)
        earned_series[item_id] = [max(value, 0.0) for value in raw]
        if any(value < 0 for _, value in held):
            counted_series[item_id] = [0.0 if value < 0 else 1.0 for value in raw]
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
            units = earned_series.get(item.id)
            if units is None:
                continue
            weighted = list(map(operator.mul, units, repeat(weight)))
            earned = list(map(operator.add, earned, weighted))
            if item.id in recall:
                kept = list(map(operator.add, kept, map(operator.mul, weighted, recall[item.id])))
        full = rd.UNITS
        histories[level_id] = [
            RetainedPoint(day, 100 * int(e) / (full * int(t)), 100 * k / (full * int(t)))
            if t
            else RetainedPoint(day, 0.0, 0.0)
            for day, e, k, t in zip(calendar, earned, kept, total, strict=True)
        ]
    return histories

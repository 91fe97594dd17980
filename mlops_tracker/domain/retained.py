"""Retained readiness: readiness with each item's coverage multiplied by its FSRS retrievability that day.

The same weighted sum over the same items as `readiness` (same weights, same denominator: skipped items
leave it), each item's earned share times the probability it is still recalled (0 for an item never
checked). Retrievability is at most 1, so retained never exceeds readiness.
"""

from __future__ import annotations

import functools
import operator
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta, tzinfo
from itertools import accumulate, chain, repeat
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


def _weighted_units(changes: rd.ItemDays, days: int, weight: int) -> list[int]:
    """Return an item's weighted units on each of `days` days (0 while skipped) from its changes."""
    offsets, values = changes
    weighted = [0 if value is None else weight * value for value in values]
    row = [0] * days
    deque(map(row.__setitem__, offsets, map(operator.sub, weighted, [0, *weighted[:-1]])), maxlen=0)
    return list(accumulate(row))


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

    Both come from the same per-item day changes (`readiness.day_changes`, the one rule): readiness is
    `readiness.level_sums` as in `readiness.readiness_histories`, so the two agree exactly; retained adds
    each checked item's weighted units times its retrievability, day series summed in C.
    """
    days = (last_day - first_day).days + 1
    if days <= 0:
        return {level_id: [] for level_id in levels}
    needs_evidence = {
        item.id: item.kind.spec.needs_evidence
        for items in levels.values()
        for item in items
        if not item.retired
    }
    changes = rd.day_changes(needs_evidence, events, first_day, days, tz, steps)
    recall = {item_id: _recall_series(tuple(states), first_day, days) for item_id, states in cards.items()}
    calendar = [first_day + timedelta(days=offset) for offset in range(days)]
    histories: dict[str, list[RetainedPoint]] = {}
    for level_id, (earned, counted) in rd.level_sums(levels, changes, days).items():
        kept_rows = [
            list(
                map(
                    operator.mul,
                    _weighted_units(changes[item.id], days, rd.WEIGHTS[item.kind]),
                    recall[item.id],
                )
            )
            for item in levels[level_id]
            if not item.retired and item.id in changes and item.id in recall
        ]
        kept = list(map(sum, zip(*kept_rows, strict=True))) if kept_rows else [0.0] * days
        values = zip(calendar, rd.percents(earned, counted), _retained_percents(kept, counted), strict=True)
        # tuple.__new__ makes each named tuple in C (its generated __new__ is a Python call per point)
        histories[level_id] = list(map(tuple.__new__, repeat(RetainedPoint), values))
    return histories


def _retained_percents(kept: Sequence[float], counted: Sequence[int]) -> list[float]:
    """Return retained readiness day by day: kept units over the counted weight (0 when nothing counts)."""
    full = rd.UNITS
    return [100 * k / (full * t) if t else 0.0 for k, t in zip(kept, counted, strict=True)]

"""Readiness: the weighted share of a level's items covered, now and at the end of each past day.

One rule (`units`) says how much of its weight an item earns: all of it when done (a project only with its
evidence); otherwise the share of its visible steps' minutes that are ticked, at least a quarter while it is
in progress, and a project without evidence never more than three quarters, so only evidence completes it.
Skipped items leave the count. Every figure (now, the history, retained, the cohort) goes through it.
"""

from __future__ import annotations

import bisect
import operator
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import cached_property
from itertools import accumulate, repeat
from typing import NamedTuple

from mlops_tracker.domain.model import KINDS, Item, Kind, ProgressEvent, ReadinessPoint, Status
from mlops_tracker.domain.study import StepEvent, step_done

WEIGHTS: dict[Kind, int] = {kind: spec.weight for kind, spec in KINDS.items()}
IN_PROGRESS_SHARE = 0.25
PROJECT_SHARE_WITHOUT_EVIDENCE = 0.75

# Credit is counted in integer units of an item's weight so that the incremental history and a fresh
# recomputation add the same integers and give bit-identical floats. 720720 is divisible by 1..16: a step
# share of a few steps is exact, and the old quarters (done 4, in progress 1) are whole numbers of units.
UNITS = 720_720
_IN_PROGRESS_UNITS = UNITS // 4
_PROJECT_CAP_UNITS = UNITS * 3 // 4

_ACTIONS: dict[Kind, str] = {kind: spec.verb for kind, spec in KINDS.items()}


@dataclass(frozen=True)
class Steps:
    """What readiness reads of the learner's steps: each item's visible steps' minutes, and the tick log.

    Only items with steps need an entry; the minutes are those of now (hidden steps left out), the ticks
    are replayed up to whatever moment is asked, so a past day uses the ticks as they stood that day.
    """

    minutes: Mapping[str, Mapping[str, int]]  # item id -> {visible step id: minutes}
    ticks: Sequence[StepEvent] = ()  # in log order (time, then id)

    @cached_property
    def totals(self) -> dict[str, int]:
        """Return each item's visible minutes."""
        return {item_id: sum(steps.values()) for item_id, steps in self.minutes.items()}

    @cached_property
    def ticked_now(self) -> dict[str, int]:
        """Return each item's ticked visible minutes now."""
        return ticked_minutes(
            self.minutes, ((tick.item_id, tick.step_id) for tick in step_done(self.ticks).values())
        )

    @classmethod
    def ticked(cls, minutes: Mapping[str, Mapping[str, int]], ticked_now: dict[str, int]) -> Steps:
        """Return Steps whose ticked minutes are already summed (`ticked_minutes`): no log, no past day."""
        steps = cls(minutes)
        steps.__dict__["ticked_now"] = ticked_now  # the cached property's own slot: frozen, and already known
        return steps


def ticked_minutes(
    minutes: Mapping[str, Mapping[str, int]], done: Iterable[tuple[str, str]]
) -> dict[str, int]:
    """Return each item's ticked visible minutes from the (item, step) pairs that stand ticked."""
    ticked: dict[str, int] = {}
    for item_id, step_id in done:
        value = minutes.get(item_id, {}).get(step_id)
        if value:
            ticked[item_id] = ticked.get(item_id, 0) + value
    return ticked


NO_STEPS = Steps({})


def units(
    needs_evidence: bool, status: Status, evidenced: bool, ticked: int = 0, minutes: int = 0
) -> int | None:
    """Return the units of weight an item earns (UNITS in full), or None when skipped (out of the count)."""
    if status is Status.SKIPPED:
        return None
    if status is Status.DONE and (evidenced or not needs_evidence):
        return UNITS
    earned = ticked * UNITS // minutes if minutes else 0
    if status is not Status.TODO and earned < _IN_PROGRESS_UNITS:
        earned = _IN_PROGRESS_UNITS  # in progress (or a done project without evidence) earns a quarter
    if needs_evidence and earned > _PROJECT_CAP_UNITS:
        earned = _PROJECT_CAP_UNITS  # a project counts only with evidence: its steps alone stop short
    return earned


def item_units(
    item: Item, statuses: Mapping[str, Status], evidenced: Collection[str], steps: Steps
) -> int | None:
    """Return the units an item earns given the statuses, evidence and steps (None when skipped)."""
    return units(
        KINDS[item.kind].needs_evidence,
        statuses.get(item.id, Status.TODO),
        item.id in evidenced,
        steps.ticked_now.get(item.id, 0),
        steps.totals.get(item.id, 0),
    )


def _percent(earned_units: int, denominator: int) -> float:
    """Return readiness in percent from earned units and the total weight."""
    if denominator == 0:
        return 0.0
    return 100 * earned_units / (UNITS * denominator)


def coverage(item: Item, status: Status, evidenced: bool, ticked: int = 0, minutes: int = 0) -> float:
    """Return the share of the item's weight earned, 0–1 (skipped earns 0 and leaves the denominator)."""
    earned = units(KINDS[item.kind].needs_evidence, status, evidenced, ticked, minutes)
    return 0.0 if earned is None else earned / UNITS


def scope(items: Iterable[Item], phases_covered: int | None = None) -> list[Item]:
    """Return the items that count for readiness: not retired, phase items only of covered phases."""
    return [
        item
        for item in items
        if not item.retired
        and (phases_covered is None or item.kind is not Kind.PHASE or (item.phase or 1) <= phases_covered)
    ]


def _totals(
    items: Iterable[Item], statuses: Mapping[str, Status], evidenced: Collection[str], steps: Steps
) -> tuple[int, int]:
    """Return (earned units, total weight) over the non-retired, non-skipped items."""
    earned = total = 0
    for item in items:
        if item.retired:
            continue
        value = item_units(item, statuses, evidenced, steps)
        if value is None:
            continue
        weight = WEIGHTS[item.kind]
        earned += weight * value
        total += weight
    return earned, total


def readiness(
    items: Iterable[Item],
    statuses: Mapping[str, Status],
    evidenced: Collection[str],
    steps: Steps = NO_STEPS,
) -> float:
    """Return the weighted share of covered items in [0, 100] (retired items never count)."""
    return _percent(*_totals(items, statuses, evidenced, steps))


@dataclass(frozen=True)
class Gain:
    """What finishing one item would add to readiness, and how to say it."""

    item: Item
    points: float
    action: str


def explain(
    items: Iterable[Item],
    statuses: Mapping[str, Status],
    evidenced: Collection[str],
    steps: Steps = NO_STEPS,
) -> list[Gain]:
    """Return the readiness points each unfinished item would add (its remaining credit), biggest first."""
    items = [item for item in items if not item.retired]
    _, total = _totals(items, statuses, evidenced, steps)
    gains: list[Gain] = []
    for item in items:
        status = statuses.get(item.id, Status.TODO)
        has_evidence = item.id in evidenced
        earned = item_units(item, statuses, evidenced, steps)
        if earned is None or earned == UNITS:
            continue
        # the item stays in the denominator when finished, so only the numerator grows
        points = round(_percent(WEIGHTS[item.kind] * (UNITS - earned), total), 1)
        if KINDS[item.kind].needs_evidence and status == Status.DONE and not has_evidence:
            action = f"Add evidence to project: {item.title}"
        else:
            action = f"{_ACTIONS[item.kind]}: {item.title}"
        gains.append(Gain(item=item, points=points, action=action))
    gains.sort(key=lambda gain: (-gain.points, gain.item.position))
    return gains


def _end_of_day(day: date, tz: tzinfo) -> datetime:
    """Return the instant the local day ends (the next local midnight)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


def readiness_on(
    items: Iterable[Item],
    events: Iterable[ProgressEvent],
    day: date,
    tz: tzinfo,
    steps: Steps = NO_STEPS,
) -> float:
    """Return the items' readiness at the end of a local day, replaying events and step ticks up to then."""
    end = _end_of_day(day, tz)
    statuses: dict[str, Status] = {}
    evidenced: set[str] = set()
    for event in events:
        if event.at >= end:
            continue
        statuses[event.item_id] = event.to_status
        if event.evidenced:
            evidenced.add(event.item_id)
        else:
            evidenced.discard(event.item_id)
    then = Steps(steps.minutes, [tick for tick in steps.ticks if tick.at < end])
    return readiness(items, statuses, evidenced, then)


class ItemDays(NamedTuple):
    """An item's units at the end of the days they may have changed: day offsets (increasing) and units.

    Units are None on a day the item ends skipped; before its first offset the item earns 0 (todo).
    """

    offsets: list[int]
    units: list[int | None]


def _day_ends(first_day: date, days: int, tz: tzinfo, like: tzinfo | None) -> list[datetime]:
    """Return the end of each of `days` local days from first_day, in the tzinfo `like` of a log.

    Aware datetimes sharing a tzinfo compare without utcoffset calls: the log is cut at these.
    """
    first = _end_of_day(first_day, tz).astimezone(like)
    if isinstance(tz, timezone) and isinstance(like, timezone):  # fixed offsets: every day lasts 24 hours
        return list(accumulate(repeat(timedelta(days=1), days - 1), operator.add, initial=first))
    return [_end_of_day(first_day + timedelta(days=offset), tz).astimezone(like) for offset in range(days)]


def _day_offsets(moments: Sequence[datetime], ends: Sequence[datetime]) -> list[int]:
    """Return the day offset of each moment (in time order) that falls before the last end."""
    offsets: list[int] = []
    begin, count = 0, len(moments)
    for offset, end in enumerate(ends):
        if begin == count:
            break
        stop = bisect.bisect_left(moments, end, begin)
        offsets.extend(repeat(offset, stop - begin))
        begin = stop
    return offsets


_ITEM_ID = operator.attrgetter("item_id")
_AT = operator.attrgetter("at")
_STATE = operator.attrgetter("to_status", "evidenced")
_STATES: list[tuple[Status, bool]] = [(status, has) for status in Status for has in (False, True)]
_STATE_CODES: dict[tuple[Status, bool], int] = {state: code for code, state in enumerate(_STATES)}


def day_changes(
    needs_evidence: Mapping[str, bool],
    events: Sequence[ProgressEvent],
    first_day: date,
    days: int,
    tz: tzinfo,
    steps: Steps = NO_STEPS,
) -> dict[str, ItemDays]:
    """Return each followed item's units at the end of every day its status events or step ticks touch.

    `needs_evidence` names the items followed (id -> is a project); one left out is never touched in the
    `days` local days from first_day (0 units throughout). Both logs are in time order. The status log is
    cut into days and items with dicts, maps and a sort built in C; only items some step tick counts for
    walk their ticks in Python.
    """
    if days <= 0:
        return {}
    ticked_days = _ticked_days(needs_evidence, steps, first_day, days, tz)
    # each (item, day) as one int, item number × days + day offset, and each event's state as a small int:
    # ints, not tuples or event objects, keep the passes over the log in C and cache-friendly
    base = {item_id: n * days for n, item_id in enumerate(needs_evidence)}
    moments = list(map(_AT, events))
    offsets = _day_offsets(moments, _day_ends(first_day, days, tz, moments[0].tzinfo)) if events else []
    # an item not followed gets a negative key, left out below; map stops at the last day's end with offsets
    keys = map(operator.add, map(base.get, map(_ITEM_ID, events), repeat(-days)), offsets)
    codes = map(_STATE_CODES.__getitem__, map(_STATE, events))
    last = dict(zip(keys, codes))  # noqa: B905 (a dict built in C keeps each item's last state of a day)
    ordered = sorted(last)  # item by item, each in day order
    # readiness's rule once per state, for projects and for the rest
    rules = {needs: [units(needs, status, has) for status, has in _STATES] for needs in (False, True)}
    changes: dict[str, ItemDays] = {}
    begin = bisect.bisect_left(ordered, 0)
    for item_id, needs in needs_evidence.items():
        start = base[item_id]
        end = bisect.bisect_left(ordered, start + days, begin)
        keys_of = ordered[begin:end]
        begin = end
        item_offsets = list(map(operator.sub, keys_of, repeat(start)))
        item_codes = map(last.__getitem__, keys_of)
        ticked = ticked_days.get(item_id)
        if ticked is not None:
            statuses = dict(zip(item_offsets, map(_STATES.__getitem__, item_codes), strict=True))
            changes[item_id] = _merge(needs, statuses, ticked, steps.totals[item_id])
        elif keys_of:
            changes[item_id] = ItemDays(item_offsets, list(map(rules[needs].__getitem__, item_codes)))
    return changes


def _ticked_days(
    needs_evidence: Mapping[str, bool], steps: Steps, first_day: date, days: int, tz: tzinfo
) -> dict[str, dict[int, int]]:
    """Return the ticked visible minutes of each followed item a tick counts for, on each day they changed.

    Day offset -> minutes at the end of that day, for the items with a tick of a visible step with minutes.
    """
    ticks = steps.ticks
    if not ticks:
        return {}
    minutes = steps.minutes
    ends = _day_ends(first_day, days, tz, ticks[0].at.tzinfo)
    ticked: dict[str, int] = {}
    done_steps: set[str] = set()
    result: dict[str, dict[int, int]] = {}
    for tick, offset in zip(ticks, _day_offsets([tick.at for tick in ticks], ends)):  # noqa: B905
        item_id = tick.item_id
        value = minutes.get(item_id, {}).get(tick.step_id)
        if not value or item_id not in needs_evidence:
            continue
        days_of = result.setdefault(item_id, {})  # a tick counts for the item, even one changing nothing
        if (tick.step_id in done_steps) == tick.done:
            continue
        if tick.done:
            done_steps.add(tick.step_id)
            ticked[item_id] = ticked.get(item_id, 0) + value
        else:
            done_steps.discard(tick.step_id)
            ticked[item_id] -= value
        days_of[offset] = ticked[item_id]
    return result


def _merge(
    needs_evidence: bool, statuses: Mapping[int, tuple[Status, bool]], ticked: Mapping[int, int], total: int
) -> ItemDays:
    """Return an item's units on the days its status or its ticked minutes changed."""
    status, has_evidence, minutes = Status.TODO, False, 0
    offsets = sorted(statuses.keys() | ticked.keys())
    values: list[int | None] = []
    for offset in offsets:
        status, has_evidence = statuses.get(offset, (status, has_evidence))
        minutes = ticked.get(offset, minutes)
        values.append(units(needs_evidence, status, has_evidence, minutes, total))
    return ItemDays(offsets, values)


# a level's earned units and counted weight travel as one int, earned × _SHIFT + counted: one day series
# per item and one sum per day instead of two (the counted weight of all items stays far below _SHIFT)
_SHIFT_BITS = 32
_COUNTED = (1 << _SHIFT_BITS) - 1


def level_sums(
    levels: Mapping[str, Sequence[Item]], changes: Mapping[str, ItemDays], days: int
) -> dict[str, tuple[list[int], list[int]]]:
    """Return each level's weighted earned units and counted weight on each of `days` days.

    Sums of the integers `units` gives, as `readiness` adds them: a figure made from them matches it exactly.
    Each item's changes go into a day series of differences, summed per level and day and accumulated in C.
    """
    weight_of = {item.id: WEIGHTS[item.kind] for items in levels.values() for item in items}
    differences: dict[str, list[int]] = {}
    for item_id, (offsets, values) in changes.items():
        weight = weight_of[item_id]
        packed = [0 if value is None else (weight * value << _SHIFT_BITS) + weight for value in values]
        row = [0] * days
        deque(map(row.__setitem__, offsets, map(operator.sub, packed, [weight, *packed[:-1]])), maxlen=0)
        differences[item_id] = row
    sums: dict[str, tuple[list[int], list[int]]] = {}
    for level_id, items in levels.items():
        start = 0
        rows = []
        for item in items:
            if item.retired:
                continue
            start += WEIGHTS[item.kind]  # todo: counted, nothing earned
            row = differences.get(item.id)
            if row is not None:
                rows.append(row)
        daily = list(map(sum, zip(*rows, strict=True))) if rows else [0] * days
        daily[0] += start
        packed_days = list(accumulate(daily))
        sums[level_id] = (
            list(map(operator.rshift, packed_days, repeat(_SHIFT_BITS))),
            list(map(operator.and_, packed_days, repeat(_COUNTED))),
        )
    return sums


def readiness_histories(
    levels: Mapping[str, Sequence[Item]],
    events: Sequence[ProgressEvent],
    first_day: date,
    last_day: date,
    tz: tzinfo,
    steps: Steps = NO_STEPS,
) -> dict[str, list[ReadinessPoint]]:
    """Return each level's readiness at the end of every local day from first_day to last_day."""
    days = (last_day - first_day).days + 1
    if days <= 0:
        return {level_id: [] for level_id in levels}
    needs_evidence = {
        item.id: KINDS[item.kind].needs_evidence
        for items in levels.values()
        for item in items
        if not item.retired
    }
    changes = day_changes(needs_evidence, events, first_day, days, tz, steps)
    calendar = [first_day + timedelta(days=offset) for offset in range(days)]
    return {
        level_id: list(map(ReadinessPoint, calendar, percents(earned, counted)))
        for level_id, (earned, counted) in level_sums(levels, changes, days).items()
    }


def percents(earned: Sequence[int], counted: Sequence[int]) -> list[float]:
    """Return readiness day by day from earned units and counted weight (the expression of _percent)."""
    if 0 in counted:
        return list(map(_percent, earned, counted))
    # no day without a counted item: the same expression, divided in C
    return list(
        map(
            operator.truediv,
            map(operator.mul, repeat(100), earned),
            map(operator.mul, repeat(UNITS), counted),
        )
    )

"""Readiness: the weighted share of a level's items covered, now and at the end of each past day.

One rule (`units`) says how much of its weight an item earns: all of it when done (a project only with its
evidence); otherwise the share of its visible steps' minutes that are ticked, at least a quarter while it is
in progress, and a project without evidence never more than three quarters, so only evidence completes it.
Skipped items leave the count. Every figure (now, the history, retained, the cohort) goes through it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cached_property

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
        ticked: dict[str, int] = {}
        minutes = self.minutes
        for tick in step_done(self.ticks).values():
            value = minutes.get(tick.item_id, {}).get(tick.step_id)
            if value:
                ticked[tick.item_id] = ticked.get(tick.item_id, 0) + value
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


def unit_changes(
    needs_evidence: Mapping[str, bool],
    events: Sequence[ProgressEvent],
    first_day: date,
    days: int,
    tz: tzinfo,
    steps: Steps = NO_STEPS,
) -> Iterator[list[tuple[str, int | None]]]:
    """Yield, for each of `days` local days from first_day, the items whose units changed by its end.

    `needs_evidence` names the items followed (id -> is a project); each starts at todo, 0 units. The status
    events and the step ticks are walked with the days, one comparison per event.
    """
    current: dict[str, int | None] = dict.fromkeys(needs_evidence, 0)
    status_of: dict[str, Status] = {}
    evidenced_of: dict[str, bool] = {}
    ticked: dict[str, int] = {}
    done_steps: set[str] = set()
    minutes, totals = steps.minutes, steps.totals
    ticks = steps.ticks
    # compare in the events' own tzinfo: aware datetimes sharing a tzinfo compare without utcoffset calls
    event_tz = events[0].at.tzinfo if events else None
    tick_tz = ticks[0].at.tzinfo if ticks else None
    position, count = 0, len(events)
    tick_position, tick_count = 0, len(ticks)
    day = first_day
    one_day = timedelta(days=1)
    for _ in range(days):
        end = _end_of_day(day, tz)
        touched: set[str] = set()
        boundary = end.astimezone(event_tz)
        while position < count and events[position].at < boundary:
            event = events[position]
            position += 1
            item_id = event.item_id
            if item_id in current:
                status_of[item_id] = event.to_status
                evidenced_of[item_id] = event.evidenced
                touched.add(item_id)
        if tick_position < tick_count:
            boundary = end.astimezone(tick_tz)
            while tick_position < tick_count and ticks[tick_position].at < boundary:
                tick = ticks[tick_position]
                tick_position += 1
                value = minutes.get(tick.item_id, {}).get(tick.step_id)
                if not value or tick.item_id not in current or (tick.step_id in done_steps) == tick.done:
                    continue
                if tick.done:
                    done_steps.add(tick.step_id)
                    ticked[tick.item_id] = ticked.get(tick.item_id, 0) + value
                else:
                    done_steps.discard(tick.step_id)
                    ticked[tick.item_id] -= value
                touched.add(tick.item_id)
        changed = []
        for item_id in touched:
            new = units(
                needs_evidence[item_id],
                status_of.get(item_id, Status.TODO),
                evidenced_of.get(item_id, False),
                ticked.get(item_id, 0),
                totals.get(item_id, 0),
            )
            if new != current[item_id]:
                changed.append((item_id, new))
                current[item_id] = new
        yield changed
        day += one_day


def readiness_histories(
    levels: Mapping[str, Sequence[Item]],
    events: Sequence[ProgressEvent],
    first_day: date,
    last_day: date,
    tz: tzinfo,
    steps: Steps = NO_STEPS,
) -> dict[str, list[ReadinessPoint]]:
    """Return each level's readiness at the end of every local day from first_day to last_day."""
    level_ids = list(levels)
    earned = [0] * len(level_ids)
    total = [0] * len(level_ids)
    # item id -> [(level index, weight), ...]; an id may appear in several levels
    places: dict[str, list[tuple[int, int]]] = {}
    needs_evidence: dict[str, bool] = {}
    for index, level_id in enumerate(level_ids):
        for item in levels[level_id]:
            if item.retired:
                continue
            weight = WEIGHTS[item.kind]
            total[index] += weight
            places.setdefault(item.id, []).append((index, weight))
            needs_evidence[item.id] = KINDS[item.kind].needs_evidence
    # every item starts as todo: 0 units, counted in the denominator
    current: dict[str, int | None] = dict.fromkeys(places, 0)
    histories: dict[str, list[ReadinessPoint]] = {level_id: [] for level_id in level_ids}
    series = [histories[level_id] for level_id in level_ids]
    days = (last_day - first_day).days + 1
    day = first_day
    one_day = timedelta(days=1)
    for changed in unit_changes(needs_evidence, events, first_day, max(days, 0), tz, steps):
        for item_id, new in changed:
            old = current[item_id]
            current[item_id] = new
            for index, weight in places[item_id]:
                if old is None:
                    total[index] += weight
                else:
                    earned[index] -= weight * old
                if new is None:
                    total[index] -= weight
                else:
                    earned[index] += weight * new
        for index, points in enumerate(series):
            denominator = total[index]
            # the same expression as _percent, inlined for speed, so values match readiness() exactly
            value = 100 * earned[index] / (UNITS * denominator) if denominator else 0.0
            points.append(ReadinessPoint(day, value))
        day += one_day
    return histories

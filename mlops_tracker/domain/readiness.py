"""Readiness: the weighted share of a level's items that are done, now and at the end of each past day."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from mlops_tracker.domain.model import KINDS, Item, Kind, ProgressEvent, ReadinessPoint, Status

WEIGHTS: dict[Kind, int] = {kind: spec.weight for kind, spec in KINDS.items()}
IN_PROGRESS_SHARE = 0.25

# Credit is counted in integer quarters of an item's weight (done 4, in progress 1, todo 0) so that the
# incremental history and a fresh recomputation add the same integers and give bit-identical floats.
_QUARTERS_PER_ITEM = 4
_IN_PROGRESS_QUARTERS = 1

_ACTIONS: dict[Kind, str] = {kind: spec.verb for kind, spec in KINDS.items()}


def _quarters(is_project: bool, status: Status, evidenced: bool) -> int | None:
    """Return the quarters of weight an item earns, or None when skipped (out of the denominator)."""
    if status == Status.DONE:
        # a project counts as done only with its proof; until then it is as good as in progress
        return _QUARTERS_PER_ITEM if evidenced or not is_project else _IN_PROGRESS_QUARTERS
    if status == Status.IN_PROGRESS:
        return _IN_PROGRESS_QUARTERS
    if status == Status.SKIPPED:
        return None
    return 0


def _percent(numerator_quarters: int, denominator: int) -> float:
    """Return readiness in percent from earned quarters and the total weight."""
    if denominator == 0:
        return 0.0
    return 100 * numerator_quarters / (_QUARTERS_PER_ITEM * denominator)


def item_credit(item: Item, status: Status, evidenced: bool) -> float:
    """Return the share of the item's weight earned (skipped earns 0 and leaves the denominator)."""
    quarters = _quarters(KINDS[item.kind].needs_evidence, status, evidenced)
    return 0.0 if quarters is None else quarters / _QUARTERS_PER_ITEM


def scope(items: Iterable[Item], phases_covered: int | None = None) -> list[Item]:
    """Return the items that count for readiness: not retired, phase items only of covered phases."""
    return [
        item
        for item in items
        if not item.retired
        and (phases_covered is None or item.kind is not Kind.PHASE or (item.phase or 1) <= phases_covered)
    ]


def _totals(
    items: Iterable[Item], statuses: Mapping[str, Status], evidenced: Collection[str]
) -> tuple[int, int]:
    """Return (earned quarters, total weight) over the non-retired, non-skipped items."""
    earned = total = 0
    for item in items:
        if item.retired:
            continue
        weight = WEIGHTS[item.kind]
        quarters = _quarters(
            KINDS[item.kind].needs_evidence, statuses.get(item.id, Status.TODO), item.id in evidenced
        )
        if quarters is None:
            continue
        earned += weight * quarters
        total += weight
    return earned, total


def readiness(items: Iterable[Item], statuses: Mapping[str, Status], evidenced: Collection[str]) -> float:
    """Return the weighted share of done items in [0, 100] (retired items never count)."""
    return _percent(*_totals(items, statuses, evidenced))


@dataclass(frozen=True)
class Gain:
    """What finishing one item would add to readiness, and how to say it."""

    item: Item
    points: float
    action: str


def explain(items: Iterable[Item], statuses: Mapping[str, Status], evidenced: Collection[str]) -> list[Gain]:
    """Return the readiness points each unfinished item would add, biggest gain first."""
    items = [item for item in items if not item.retired]
    _, total = _totals(items, statuses, evidenced)
    gains: list[Gain] = []
    for item in items:
        status = statuses.get(item.id, Status.TODO)
        has_evidence = item.id in evidenced
        quarters = _quarters(KINDS[item.kind].needs_evidence, status, has_evidence)
        if quarters is None or quarters == _QUARTERS_PER_ITEM:
            continue
        # the item stays in the denominator when finished, so only the numerator grows
        points = round(_percent(WEIGHTS[item.kind] * (_QUARTERS_PER_ITEM - quarters), total), 1)
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


def readiness_on(items: Iterable[Item], events: Iterable[ProgressEvent], day: date, tz: tzinfo) -> float:
    """Return the items' readiness at the end of a local day, replaying the events up to then."""
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
    return readiness(items, statuses, evidenced)


def readiness_histories(
    levels: Mapping[str, Sequence[Item]],
    events: Sequence[ProgressEvent],
    first_day: date,
    last_day: date,
    tz: tzinfo,
) -> dict[str, list[ReadinessPoint]]:
    """Return each level's readiness at the end of every local day from first_day to last_day."""
    level_ids = list(levels)
    earned = [0] * len(level_ids)
    total = [0] * len(level_ids)
    # item id -> (is project, [(level index, weight), ...]); an id may appear in several levels
    memberships: dict[str, tuple[bool, list[tuple[int, int]]]] = {}
    for index, level_id in enumerate(level_ids):
        for item in levels[level_id]:
            if item.retired:
                continue
            weight = WEIGHTS[item.kind]
            total[index] += weight
            memberships.setdefault(item.id, (KINDS[item.kind].needs_evidence, []))[1].append((index, weight))
    # every item starts as todo: 0 quarters, counted in the denominator
    current: dict[str, int | None] = dict.fromkeys(memberships, 0)

    histories: dict[str, list[ReadinessPoint]] = {level_id: [] for level_id in level_ids}
    series = [histories[level_id] for level_id in level_ids]
    # compare in the events' own tzinfo: aware datetimes sharing a tzinfo compare without utcoffset calls
    event_tz = events[0].at.tzinfo if events else None
    position, count = 0, len(events)
    done, in_progress, skipped = Status.DONE, Status.IN_PROGRESS, Status.SKIPPED
    full, partial = _QUARTERS_PER_ITEM, _IN_PROGRESS_QUARTERS
    day = first_day
    one_day = timedelta(days=1)
    while day <= last_day:
        boundary = _end_of_day(day, tz).astimezone(event_tz)
        while position < count and events[position].at < boundary:
            event = events[position]
            position += 1
            member = memberships.get(event.item_id)
            if member is None:
                continue
            is_project, places = member
            # _quarters inlined: this loop runs once per event and dominates the cost
            status = event.to_status
            if status == done:
                new: int | None = full if event.evidenced or not is_project else partial
            elif status == in_progress:
                new = partial
            elif status == skipped:
                new = None
            else:
                new = 0
            old = current[event.item_id]
            if new == old:
                continue
            current[event.item_id] = new
            for index, weight in places:
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
            value = 100 * earned[index] / (full * denominator) if denominator else 0.0
            points.append(ReadinessPoint(day, value))
        day += one_day
    return histories

"""Streak: consecutive study days kept, with rest days and a few monthly freezes that do not break it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Streak:
    """The current and best runs of kept study days, the freezes that saved the current one, and today."""

    current: int
    best: int
    freezes_used: tuple[date, ...]
    today_done: bool


def streak(
    today: date,
    study_weekdays: Collection[int],
    tasks_by_day: Mapping[date, Collection[str]],
    completed_on: Mapping[str, date],
    activity_days: Collection[date],
    freezes_per_month: int = 2,
) -> Streak:
    """Return the streak as of today.

    Rest days (weekdays not studied) neither count nor break. A study day counts when all its planned tasks
    were completed by that day, or, without planned tasks, when there was activity that day. A study day
    that does not count is frozen while the month has freezes left, else it breaks the run. Today never
    breaks the run: it only adds when done. Days are walked forward from the earliest recorded date so
    freezes are spent in the order misses happened (the third miss of a month is the one that breaks);
    a miss with no run to protect spends no freeze. `today_done` is False on a rest day.
    """
    activity = set(activity_days)
    earliest = min(
        [*tasks_by_day.keys(), *activity, *completed_on.values(), today],
    )

    def counts(day: date) -> bool:
        tasks = tasks_by_day.get(day)
        if tasks:
            return all((done := completed_on.get(item)) is not None and done <= day for item in tasks)
        return day in activity

    studied = set(study_weekdays)
    freezes_spent: Counter[tuple[int, int]] = Counter()
    run, best = 0, 0
    frozen: list[date] = []
    today_done = False
    day = earliest
    while day <= today:
        if day.weekday() in studied:
            if counts(day):
                run += 1
                best = max(best, run)
                today_done = day == today
            elif day == today:
                pass  # the day is not over yet
            elif run > 0 and freezes_spent[(day.year, day.month)] < freezes_per_month:
                freezes_spent[(day.year, day.month)] += 1
                frozen.append(day)
            else:
                run = 0
                frozen = []
        day += timedelta(days=1)
    return Streak(current=run, best=best, freezes_used=tuple(frozen), today_done=today_done)

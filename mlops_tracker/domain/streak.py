"""Streak: consecutive study days kept, with rest days and a few monthly freezes that do not break it.

It rewards following the plan: a planned study day counts when its planned work is done by the end of the
day or its budget of minutes was logged; a study day of a plan without planned work counts when any study was
logged and otherwise is passed over like a rest day (it never spends a freeze); outside any plan, a study
weekday counts when there was activity.
"""

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
    freezes_left: int = 0  # this month's freezes still to spend


def streak(
    today: date,
    study_weekdays: Collection[int],
    tasks_by_day: Mapping[date, Collection[str]],
    completed_on: Mapping[str, date],
    activity_days: Collection[date],
    freezes_per_month: int = 2,
    *,
    plan_days: Collection[date] = (),
    minutes_by_day: Mapping[date, int] | None = None,
    budget_by_day: Mapping[date, int] | None = None,
) -> Streak:
    """Return the streak as of today.

    Rest days (weekdays not studied) neither count nor break. A study day counts when all its planned tasks
    were completed by that day, or, without planned tasks, when there was activity that day. A study day
    that does not count is frozen while the month has freezes left, else it breaks the run. Today never
    breaks the run: it only adds when done. Days are walked forward from the earliest recorded date so
    freezes are spent in the order misses happened (the third miss of a month is the one that breaks);
    a miss with no run to protect spends no freeze. `today_done` is False on a rest day.

    `plan_days` are the study days inside a plan's window: one of them without planned tasks counts with
    activity and is otherwise neutral. A planned day also counts when `minutes_by_day` reaches its
    `budget_by_day`.
    """
    activity = set(activity_days)
    in_plan = set(plan_days)
    minutes = minutes_by_day or {}
    budgets = budget_by_day or {}
    earliest = min(
        [*tasks_by_day.keys(), *activity, *completed_on.values(), today],
    )

    def counts(day: date) -> bool:
        tasks = tasks_by_day.get(day)
        if tasks:
            if day in budgets and minutes.get(day, 0) >= budgets[day]:
                return True
            return all((done := completed_on.get(item)) is not None and done <= day for item in tasks)
        return day in activity

    def neutral(day: date) -> bool:
        """Return whether a missed day is passed over: a plan's day with no planned work."""
        return day in in_plan and not tasks_by_day.get(day)

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
            elif day == today or neutral(day):
                pass  # the day is not over yet, or the plan asked nothing of it
            elif run > 0 and freezes_spent[(day.year, day.month)] < freezes_per_month:
                freezes_spent[(day.year, day.month)] += 1
                frozen.append(day)
            else:
                run = 0
                frozen = []
        day += timedelta(days=1)
    left = max(freezes_per_month - freezes_spent[(today.year, today.month)], 0)
    return Streak(
        current=run, best=best, freezes_used=tuple(frozen), today_done=today_done, freezes_left=left
    )

"""Streak: consecutive study days kept, with rest days and a few monthly freezes that do not break it.

It rewards following the plan: a planned study day counts when its planned work is done by the end of the
day or its budget of minutes was logged; a study day of a plan without planned work counts when any study was
logged and otherwise is passed over like a rest day (it never spends a freeze); outside any plan, a study
weekday counts when there was activity.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

FREEZES_PER_MONTH = 2  # missed study days a month that do not break the streak


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
    freezes_per_month: int = FREEZES_PER_MONTH,
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
    inputs = StreakInputs(
        frozenset(study_weekdays),
        tasks_by_day,
        completed_on,
        frozenset(activity_days),
        freezes_per_month,
        frozenset(plan_days),
        minutes_by_day or {},
        budget_by_day or {},
    )
    return walk(inputs, today)[0]


class StreakInputs(NamedTuple):
    """What a streak is walked from (see `streak`); two of them are compared to find the first changed day."""

    study_weekdays: frozenset[int]
    tasks_by_day: Mapping[date, Collection[str]]
    completed_on: Mapping[str, date]
    activity_days: frozenset[date]
    freezes_per_month: int
    plan_days: frozenset[date]
    minutes_by_day: Mapping[date, int]
    budget_by_day: Mapping[date, int]


class _State(NamedTuple):
    """The walk at the end of a day: the run, the best run, the run's freezes and the month's freezes."""

    run: int
    best: int
    frozen: tuple[date, ...]
    month: tuple[int, int]
    spent: int  # freezes spent in `month`


_START = _State(0, 0, (), (0, 0), 0)


class StreakWalk(NamedTuple):
    """A finished walk kept to be resumed: its inputs and its state at the end of each day before today."""

    inputs: StreakInputs
    start: date  # the first day walked
    states: tuple[_State, ...]  # states[i]: at the end of start + i days; today's is never kept


def walk(inputs: StreakInputs, today: date, previous: StreakWalk | None = None) -> tuple[Streak, StreakWalk]:
    """Return the streak as of today and the walk to resume next time.

    With the previous walk, only the days from the first one whose inputs changed are walked again (a tick
    today walks one day, not five years); the result is the same as a walk from the first day.
    """
    earliest = min(
        [*inputs.tasks_by_day.keys(), *inputs.activity_days, *inputs.completed_on.values(), today],
    )
    states: list[_State] = []
    state, day = _START, earliest
    if previous is not None and previous.start == earliest:
        resume = _first_change(previous.inputs, inputs, today)
        if resume is not None:
            kept = min((resume - earliest).days, len(previous.states))
            if kept > 0:
                states = list(previous.states[:kept])
                state, day = states[-1], earliest + timedelta(days=kept)
    tasks_by_day, completed_on, minutes, budgets = (
        inputs.tasks_by_day,
        inputs.completed_on,
        inputs.minutes_by_day,
        inputs.budget_by_day,
    )
    activity, in_plan, studied = inputs.activity_days, inputs.plan_days, inputs.study_weekdays
    per_month = inputs.freezes_per_month

    def counts(day: date) -> bool:
        tasks = tasks_by_day.get(day)
        if tasks:
            if day in budgets and minutes.get(day, 0) >= budgets[day]:
                return True
            return all((done := completed_on.get(item)) is not None and done <= day for item in tasks)
        return day in activity

    run, best, frozen, month, spent = state
    today_done = False
    one = timedelta(days=1)
    while day <= today:
        if day.weekday() in studied:
            if counts(day):
                run += 1
                best = max(best, run)
                today_done = day == today
            elif day == today or (day in in_plan and not tasks_by_day.get(day)):
                pass  # the day is not over yet, or the plan asked nothing of it
            else:
                if month != (day.year, day.month):
                    month, spent = (day.year, day.month), 0
                if run > 0 and spent < per_month:
                    spent += 1
                    frozen = (*frozen, day)
                else:
                    run = 0
                    frozen = ()
        if day < today:
            states.append(_State(run, best, frozen, month, spent))
        day += one
    left = max(per_month - (spent if month == (today.year, today.month) else 0), 0)
    result = Streak(current=run, best=best, freezes_used=frozen, today_done=today_done, freezes_left=left)
    return result, StreakWalk(inputs, earliest, tuple(states))


def _first_change(old: StreakInputs, new: StreakInputs, today: date) -> date | None:
    """Return the first day whose outcome the change from `old` to `new` can alter (None: walk all)."""
    if (
        old.study_weekdays != new.study_weekdays
        or old.freezes_per_month != new.freezes_per_month
        or old.plan_days != new.plan_days
        or old.tasks_by_day != new.tasks_by_day
        or old.budget_by_day != new.budget_by_day
    ):
        return None  # another plan: rare, walked in full
    first = today
    # a task's day counts when its item was completed by then: moving "completed on" from X to Y (or to
    # never) can change the days from the earlier of the two onwards
    if old.completed_on is not new.completed_on:
        first = min([first, *(day for _, day in old.completed_on.items() ^ new.completed_on.items())])
    if old.activity_days is not new.activity_days:
        first = min([first, *(old.activity_days ^ new.activity_days)])
    if old.minutes_by_day is not new.minutes_by_day:
        first = min([first, *(day for day, _ in old.minutes_by_day.items() ^ new.minutes_by_day.items())])
    return first

"""Streak: study days kept in a row, with rest days, monthly freezes and today still open."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_tracker.domain.streak import Streak, StreakInputs, streak, walk

MON_TO_SAT = frozenset(range(6))
MONDAY = date(2026, 11, 2)


def day(n: int) -> date:
    """Return the n-th day after Monday 2 November 2026 (0 = that Monday)."""
    return MONDAY + timedelta(days=n)


def active(*numbers: int) -> set[date]:
    return {day(n) for n in numbers}


def test_rest_days_neither_count_nor_break() -> None:
    # Monday to Saturday of week one, then Monday and Tuesday of week two; Sunday (6) is a rest day
    result = streak(day(8), MON_TO_SAT, {}, {}, active(0, 1, 2, 3, 4, 5, 7, 8))
    assert result == Streak(current=8, best=8, freezes_used=(), today_done=True, freezes_left=2)


def test_today_pending_does_not_break_the_streak() -> None:
    result = streak(day(8), MON_TO_SAT, {}, {}, active(0, 1, 2, 3, 4, 5, 7))
    assert result == Streak(current=7, best=7, freezes_used=(), today_done=False, freezes_left=2)


def test_planned_days_count_when_every_task_was_done_by_then() -> None:
    tasks = {day(0): {"a", "b"}, day(1): {"c"}, day(2): {"d"}}
    completed = {"a": day(0), "b": day(-3), "c": day(1), "d": day(3)}  # d finished a day late
    result = streak(day(3), MON_TO_SAT, tasks, completed, active(3))
    # day 2 missed (frozen), day 3 has no task but activity
    assert result == Streak(current=3, best=3, freezes_used=(day(2),), today_done=True, freezes_left=1)
    # activity alone does not make a planned day count
    assert streak(day(2), MON_TO_SAT, tasks, {}, active(0, 1, 2)).today_done is False


def test_two_freezes_a_month_and_the_third_miss_breaks() -> None:
    studied = [n for n in range(0, 27) if day(n).weekday() != 6]  # November 2026, Mondays to Saturdays
    misses = {3, 9, 15}  # Thursday 5, Wednesday 11, Tuesday 17 November
    result = streak(day(26), MON_TO_SAT, {}, {}, active(*(n for n in studied if n not in misses)))
    kept_after_third_miss = sum(1 for n in studied if n > 15)
    assert result.current == kept_after_third_miss
    assert result.freezes_used == ()
    # the first run kept going through two frozen days: days 0..14 minus the two misses and two Sundays
    assert result.best == sum(1 for n in studied if n < 15 and n not in misses)
    assert result.best > result.current


def test_freezes_renew_each_month() -> None:
    # misses on 27 and 28 November and on 1 and 2 December: two each month, all frozen
    first, last = date(2026, 11, 23), date(2026, 12, 4)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    misses = {date(2026, 11, 27), date(2026, 11, 28), date(2026, 12, 1), date(2026, 12, 2)}
    kept = {d for d in days if d.weekday() != 6 and d not in misses}
    result = streak(last, MON_TO_SAT, {}, {}, kept)
    assert result.freezes_used == tuple(sorted(misses))
    assert result.current == len(kept)
    assert streak(last, MON_TO_SAT, {}, {}, kept, freezes_per_month=1).current == 2


def test_a_miss_before_any_run_spends_no_freeze() -> None:
    tasks = {day(0): {"a"}}
    result = streak(day(2), MON_TO_SAT, tasks, {}, active(1, 2))
    assert result == Streak(current=2, best=2, freezes_used=(), today_done=True, freezes_left=2)


def test_nothing_recorded() -> None:
    assert streak(day(0), MON_TO_SAT, {}, {}, set()) == Streak(0, 0, (), False, freezes_left=2)


def test_a_rest_day_today() -> None:
    result = streak(day(6), MON_TO_SAT, {}, {}, active(0, 1, 2, 3, 4, 5, 6))
    # Sunday's activity does not add, and nothing is pending on a rest day
    assert result == Streak(current=6, best=6, freezes_used=(), today_done=False, freezes_left=2)


@settings(max_examples=200, deadline=None)
@given(
    st.sets(st.integers(0, 60)),
    st.frozensets(st.integers(0, 6), min_size=1),
    st.integers(0, 3),
)
def test_streak_bounds(activity: set[int], weekdays: frozenset[int], freezes: int) -> None:
    today = day(60)
    result = streak(today, weekdays, {}, {}, active(*activity), freezes_per_month=freezes)
    studied = sum(1 for n in activity if day(n).weekday() in weekdays)
    assert 0 <= result.current <= result.best <= studied
    assert all(d.weekday() in weekdays and d < today for d in result.freezes_used)
    assert result.today_done == (60 in activity and today.weekday() in weekdays)
    # one more active day today never shortens the streak
    more = streak(today, weekdays, {}, {}, active(*activity, 60), freezes_per_month=freezes)
    assert more.current >= result.current


@settings(max_examples=200, deadline=None)
@given(
    st.sets(st.integers(0, 30)),  # days of the plan's window
    st.sets(st.integers(0, 30)),  # days with a planned task (those inside the window get one)
    st.dictionaries(st.integers(0, 30), st.integers(0, 30)),  # task of day n completed on day m
    st.sets(st.integers(0, 30)),  # days with activity
    st.integers(0, 3),
)
def test_streak_with_planned_tasks(
    window: set[int], planned: set[int], completed: dict[int, int], activity: set[int], freezes: int
) -> None:
    today = day(30)
    plan_days = [day(n) for n in window if day(n).weekday() in MON_TO_SAT]
    tasks = {day(n): {f"t{n}"} for n in planned & window}
    done = {f"t{n}": day(m) for n, m in completed.items() if n in planned & window}

    def run(done_now: dict[str, date], per_month: int = freezes) -> Streak:
        return streak(
            today,
            MON_TO_SAT,
            tasks,
            done_now,
            active(*activity),
            freezes_per_month=per_month,
            plan_days=plan_days,
        )

    result = run(done)
    counted = {
        d
        for d in (day(n) for n in range(31))
        if d.weekday() in MON_TO_SAT
        and (
            all(done.get(t) is not None and done[t] <= d for t in tasks[d])
            if tasks.get(d)
            else d in active(*activity)
        )
    }
    assert 0 <= result.current <= result.best <= len(counted)
    # a freeze is spent only on a missed study day before today, never on a plan day that asked nothing
    for frozen in result.freezes_used:
        assert frozen < today and frozen.weekday() in MON_TO_SAT and frozen not in counted
        assert not (frozen in plan_days and not tasks.get(frozen))
    # without freezes, doing a planned task on its own day never shortens the streak (with freezes it may:
    # they are spent in the order misses happen, so an earlier run can spend a month's freezes sooner)
    strict = run(done, per_month=0)
    for due, items in tasks.items():
        (item,) = items
        better = run({**done, item: due}, per_month=0)
        assert better.current >= strict.current and better.best >= strict.best


def test_following_the_plan_grows_the_streak_over_days_without_planned_work() -> None:
    # a plan over two weeks whose tasks fall on every other study day; each is done on its day
    plan_days = [day(n) for n in range(14) if day(n).weekday() in MON_TO_SAT]
    tasks = {plan_days[i]: {f"t{i}"} for i in range(0, len(plan_days), 2)}
    completed = {f"t{i}": plan_days[i] for i in range(0, len(plan_days), 2)}
    result = streak(day(13), MON_TO_SAT, tasks, completed, set(), plan_days=plan_days)
    assert result.current == result.best == len(tasks)
    assert result.freezes_used == ()
    assert result.freezes_left == 2


def test_a_plan_day_without_planned_work_counts_with_study_and_never_spends_a_freeze() -> None:
    plan_days = [day(0), day(1), day(2)]
    tasks = {day(0): {"a"}}
    result = streak(day(2), MON_TO_SAT, tasks, {"a": day(0)}, active(2), plan_days=plan_days)
    # day 1 had nothing planned and no study: passed over; day 2 had study: counts
    assert (result.current, result.freezes_used, result.freezes_left) == (2, (), 2)


def test_a_planned_day_counts_when_its_budget_of_minutes_was_logged() -> None:
    tasks = {day(0): {"a", "b"}, day(1): {"c"}}
    minutes = {day(0): 60, day(1): 20}
    budgets = {day(0): 60, day(1): 60}
    result = streak(
        day(2), MON_TO_SAT, tasks, {}, set(), minutes_by_day=minutes, budget_by_day=budgets, plan_days=[]
    )
    # day 0: budget logged, counts; day 1: neither done nor budget: frozen
    assert result.current == 1
    assert result.freezes_used == (day(1),)
    assert result.freezes_left == 1


def test_freezes_left_counts_freezes_spent_this_month_even_after_a_break() -> None:
    # run of 1, then three misses in November: two freezes, then the break; none left this month
    result = streak(day(5), MON_TO_SAT, {}, {}, active(0))
    assert result.current == 0
    assert result.freezes_left == 0


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.integers(0, 60)),  # days with a planned task
    st.dictionaries(st.integers(0, 60), st.integers(0, 60)),  # task of day n completed on day m, before
    st.dictionaries(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 60))),  # ... after (None: undone)
    st.sets(st.integers(0, 60)),  # activity before
    st.sets(st.integers(0, 60)),  # activity after
    st.dictionaries(st.integers(0, 60), st.integers(0, 120)),  # minutes changed
    st.integers(0, 5),  # days between the two walks' "today"
    st.integers(0, 3),
)
def test_a_resumed_walk_equals_a_walk_from_the_first_day(
    planned: set[int],
    before: dict[int, int],
    after: dict[int, int | None],
    activity: set[int],
    activity_after: set[int],
    minutes_after: dict[int, int],
    later: int,
    freezes: int,
) -> None:
    tasks = {day(n): [f"t{n}"] for n in planned}
    plan_days = frozenset(day(n) for n in range(61) if day(n).weekday() in MON_TO_SAT)
    budgets = {d: 30 for d in plan_days}
    minutes = {day(n): 20 for n in range(0, 61, 3)}

    def inputs(done: dict[int, int], active_days: set[int], studied: dict) -> StreakInputs:
        return StreakInputs(
            frozenset(MON_TO_SAT),
            tasks,
            {f"t{n}": day(m) for n, m in done.items()},
            frozenset(day(n) for n in active_days),
            freezes,
            plan_days,
            studied,
            budgets,
        )

    done_after = {n: m for n, m in {**before, **after}.items() if m is not None}
    first = inputs(before, activity, minutes)
    second = inputs(done_after, activity_after, {**minutes, **{day(n): m for n, m in minutes_after.items()}})
    today = day(40)
    _, previous = walk(first, today)
    resumed, _ = walk(second, today + timedelta(days=later), previous)
    assert resumed == walk(second, today + timedelta(days=later))[0]


def test_a_tick_today_walks_today_only() -> None:
    # five years of daily activity, then a tick today: the days before today are not walked again
    today = day(5 * 365)
    old = StreakInputs(
        frozenset(MON_TO_SAT), {}, {}, frozenset(day(n) for n in range(5 * 365)), 2, frozenset(), {}, {}
    )
    result, previous = walk(old, today)
    ticked = old._replace(activity_days=old.activity_days | {today}, completed_on={"a": today})
    again, resumed = walk(ticked, today, previous)
    assert all(new is kept for new, kept in zip(resumed.states, previous.states, strict=True))
    assert again.today_done and again.current == result.current + 1
    # an untick of an item completed long ago walks again from that day, and agrees with a full walk
    undone = ticked._replace(activity_days=ticked.activity_days - {day(100)})
    partial, _ = walk(undone, today, resumed)
    assert partial == walk(undone, today)[0]

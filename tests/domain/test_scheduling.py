"""Scheduling: study days, phases, the balanced schedule, rescheduling, the plan curve and the buffer."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.model import Kind, Level, PlanSpec, PlanTask, ReadinessPoint
from mlops_tracker.domain.readiness import scope
from mlops_tracker.domain.scheduling import (
    MAX_DAILY_LOAD,
    buffer_days,
    phase_of_day,
    phases_covered,
    plan_curve,
    reschedule,
    schedule,
    study_days,
    validate_spec,
)
from tests.domain.factory import foundation, make_level, specialist

MONDAY = date(2026, 11, 2)
MON_TO_SAT = frozenset(range(6))


def spec(days: int = 30, start: date = MONDAY, exam: date | None = None, weekdays=MON_TO_SAT) -> PlanSpec:
    return PlanSpec(level="foundation", days=days, start=start, exam=exam, study_weekdays=frozenset(weekdays))


# ---- phases and study days


@pytest.mark.parametrize(("days", "phases"), [(7, 1), (14, 1), (15, 2), (30, 2), (31, 3), (60, 3)])
def test_phases_covered(days: int, phases: int) -> None:
    assert phases_covered(days) == phases


def test_study_days_skip_rest_days_and_stop_at_the_exam() -> None:
    days = study_days(spec(days=14))
    assert len(days) == 12
    assert all(day.weekday() != 6 for day in days)
    assert days[0] == MONDAY and days[-1] == MONDAY + timedelta(days=12)
    early = study_days(spec(days=30, exam=MONDAY + timedelta(days=3)))
    assert early == [MONDAY + timedelta(days=n) for n in range(4)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"days": 3}, "Plan length must be 7 to 60 days; got 3."),
        ({"days": 61}, "Plan length must be 7 to 60 days; got 61."),
        ({"weekdays": frozenset()}, "Choose at least one study day of the week."),
        ({"weekdays": frozenset({1, 7})}, "Study days must be weekdays 0 (Monday) to 6 (Sunday); got 7."),
        (
            {"exam": MONDAY - timedelta(days=1)},
            "The exam date 2026-11-01 is before the plan's start 2026-11-02.",
        ),
        ({"exam": MONDAY, "weekdays": frozenset({6})}, "No study day between 2026-11-02 and 2026-11-02"),
    ],
)
def test_validate_spec_explains_the_problem(changes: dict, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        validate_spec(spec(**changes))
    assert str(raised.value).startswith(message)


def test_a_valid_spec_passes() -> None:
    validate_spec(spec(days=7, exam=MONDAY))


def nth(plan: PlanSpec, number: int) -> date:
    return plan.start + timedelta(days=number - 1)


def test_phase_of_day_uses_the_guides_phase_ends() -> None:
    thirty = spec(days=30)
    assert [phase_of_day(thirty, nth(thirty, n)) for n in (1, 14, 15, 30, 31)] == [1, 1, 2, 2, 2]
    sixty = spec(days=60)
    assert [phase_of_day(sixty, nth(sixty, n)) for n in (14, 15, 30, 31, 60, 90)] == [1, 2, 2, 3, 3, 3]
    ten = spec(days=10)
    assert {phase_of_day(ten, nth(ten, n)) for n in range(-3, 15)} == {1}
    # 45 days: 14/30/60 scaled by 45/60 → phase ends after days 10.5 and 22.5
    forty_five = spec(days=45)
    assert [phase_of_day(forty_five, nth(forty_five, n)) for n in (10, 11, 22, 23, 45)] == [1, 2, 2, 3, 3]
    # a 20-day plan covers phases 1-2, so 14/30 scale by 20/30
    twenty = spec(days=20)
    assert [phase_of_day(twenty, nth(twenty, n)) for n in (9, 10, 20)] == [1, 2, 2]
    assert phase_of_day(thirty, MONDAY - timedelta(days=5)) == 1


# ---- schedule


def test_a_thirty_day_foundation_plan_with_sundays_off() -> None:
    level = foundation()
    plan = spec(days=30)
    tasks = schedule(level, plan)
    ids = [task.item_id for task in tasks]
    assert ids == [
        "foundation.phase.1",
        *(f"foundation.skill.{n}" for n in range(1, 5)),
        "foundation.phase.2",
        *(f"foundation.project.{n}" for n in range(1, 4)),
        "foundation.mistake.1",
        "foundation.mistake.2",
    ]
    kinds = Counter(level.items[[i.id for i in level.items].index(item_id)].kind for item_id in ids)
    assert kinds == {Kind.SKILL: 4, Kind.PROJECT: 3, Kind.PHASE: 2, Kind.MISTAKE: 2}
    days = study_days(plan)
    assert len(days) == 26
    assert all(task.due.weekday() != 6 for task in tasks)
    # evenly spread: the first task on the first study day, the last on the last, gaps of 2 or 3 days
    positions = [days.index(task.due) for task in tasks]
    assert positions[0] == 0 and positions[-1] == 25
    assert {b - a for a, b in itertools.pairwise(positions)} <= {2, 3}


def test_a_specialist_track_schedules_only_its_skills() -> None:
    track = specialist("security", skills=3)
    plan = PlanSpec("security", 7, MONDAY)
    tasks = schedule(track, plan)
    assert [task.item_id for task in tasks] == ["security.skill.1", "security.skill.2", "security.skill.3"]
    assert [task.due for task in tasks] == [MONDAY + timedelta(days=n) for n in (0, 3, 5)]


def test_more_tasks_than_days_keeps_loads_within_one() -> None:
    plan = spec(days=7, weekdays={0, 2, 4})  # three study days for 10 tasks (phase 1 only)
    tasks = schedule(foundation(), plan)
    assert [Counter(task.due for task in tasks)[day] for day in study_days(plan)] == [4, 3, 3]


def test_schedule_rejects_another_levels_spec() -> None:
    with pytest.raises(ValueError, match="professional"):
        schedule(foundation(), PlanSpec("professional", 30, MONDAY))


levels = st.builds(
    make_level,
    skills=st.integers(0, 6),
    projects=st.integers(0, 4),
    phases=st.integers(0, 3),
    mistakes=st.integers(0, 3),
    retired=st.sets(st.sampled_from(["foundation.skill.1", "foundation.project.2", "foundation.phase.1"])),
)


@st.composite
def specs(draw: st.DrawFn) -> PlanSpec:
    start = draw(st.dates(date(2025, 1, 1), date(2027, 12, 31)))
    days = draw(st.integers(7, 60))
    exam = draw(st.none() | st.integers(0, 70).map(lambda n: start + timedelta(days=n)))
    weekdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
    plan = PlanSpec("foundation", days, start, exam, weekdays)
    try:
        validate_spec(plan)
    except InvalidInput:
        assume(False)
    return plan


def study_order(level: Level, covered: int) -> list[str]:
    live = [i for i in level.items if not i.retired]
    phase = {
        n: [i.id for i in live if i.kind is Kind.PHASE and i.phase == n and n <= covered] for n in (1, 2, 3)
    }
    of = {kind: [i.id for i in live if i.kind is kind] for kind in Kind}
    return [*phase[1], *of[Kind.SKILL], *phase[2], *of[Kind.PROJECT], *phase[3], *of[Kind.MISTAKE]]


@settings(max_examples=300, deadline=None)
@given(levels, specs())
def test_schedule_properties(level: Level, plan: PlanSpec) -> None:
    tasks = schedule(level, plan)
    days = study_days(plan)
    covered = phases_covered(plan.days)
    # every live item of the level, phase activities only of covered phases, exactly once, in study order
    assert [task.item_id for task in tasks] == study_order(level, covered)
    assert {t.item_id for t in tasks} == {i.id for i in scope(level.items, covered)}
    # only study days, and the order of the sequence is the order of the days
    assert all(task.due in days for task in tasks)
    assert [task.due for task in tasks] == sorted(task.due for task in tasks)
    # balanced: every study day holds floor(n/d) or ceil(n/d)
    n, d = len(tasks), len(days)
    loads = Counter(task.due for task in tasks)
    assert {loads.get(day, 0) for day in days} <= {n // d, math.ceil(n / d)}
    # mistakes come after everything else and the last task is on the last study day
    mistakes = [t.due for t in tasks if ".mistake." in t.item_id]
    others = [t.due for t in tasks if ".mistake." not in t.item_id]
    if mistakes and others:
        assert min(mistakes) >= max(others)
    if tasks:
        assert tasks[0].due == days[0]  # a new plan has something to do on its first day
    if len(tasks) > 1:
        assert tasks[-1].due == days[-1]
    # deterministic
    assert schedule(level, plan) == tasks


# ---- reschedule


def test_reschedule_moves_overdue_tasks_from_today_and_the_exam_holds() -> None:
    plan = spec(days=30, exam=MONDAY + timedelta(days=29))
    tasks = schedule(foundation(), plan)
    today = MONDAY + timedelta(days=18)  # Friday 20 November; six tasks were due before
    result = reschedule(plan, tasks, {tasks[0].item_id}, today)
    assert result.tasks[0] == tasks[0]
    assert result.exam_holds
    assert result.extra_days_needed == 0
    assert result.advice == "All 10 open tasks fit before the exam on 2026-12-01, at most 1 task a day."
    assert [t.due for t in result.tasks[1:]] == [d for d in study_days(plan) if d >= today]
    assert result.moved == [t.item_id for t in tasks[1:10]]
    assert result.last_day == date(2026, 12, 1)


def test_reschedule_says_what_it_would_take_when_the_exam_cannot_hold() -> None:
    plan = spec(days=14, exam=MONDAY + timedelta(days=13), weekdays=range(5))
    tasks = schedule(foundation(), plan)  # ten tasks, Monday to Friday
    today = MONDAY + timedelta(days=10)  # Thursday of week two: 2 study days left, 10 open tasks
    result = reschedule(plan, tasks, set(), today, phase_activities={"foundation.phase.1"})
    assert not result.exam_holds
    assert result.extra_days_needed == 2
    assert result.last_day == date(2026, 11, 17)
    assert Counter(t.due for t in result.tasks) == {
        date(2026, 11, 12): 3,
        date(2026, 11, 13): 3,
        date(2026, 11, 16): 3,
        date(2026, 11, 17): 1,
    }
    assert result.advice == (
        "4 tasks do not fit before the exam on 2026-11-15: add 2 study days a week, "
        "or move the exam to 2026-11-17."
    )


def test_reschedule_suggests_skipping_phase_activities_when_that_is_enough() -> None:
    plan = spec(days=14, exam=MONDAY + timedelta(days=13), weekdays=range(5))
    tasks = schedule(foundation(), plan)
    finished = {t.item_id for t in tasks if ".skill." in t.item_id or ".project." in t.item_id}
    finished -= {"foundation.project.3"}
    # open: phase 1 (overdue), project 3, mistakes 1-2; one study day left at up to 3 a day
    result = reschedule(plan, tasks, finished, date(2026, 11, 13), phase_activities={"foundation.phase.1"})
    assert result.advice == (
        "1 task does not fit before the exam on 2026-11-15: add 1 study day a week, "
        "move the exam to 2026-11-16, or skip 1 optional phase activity."
    )
    assert result.extra_days_needed == 1


def test_reschedule_without_overdue_tasks_changes_nothing() -> None:
    plan = spec(days=30)
    tasks = schedule(foundation(), plan)
    result = reschedule(plan, tasks, set(), MONDAY)
    assert result.tasks == tasks
    assert result.moved == []
    assert result.exam_holds
    assert result.advice == "Nothing is overdue: 11 open tasks on schedule for the plan's end on 2026-12-01."


@settings(max_examples=300, deadline=None)
@given(levels, specs(), st.data())
def test_reschedule_properties(level: Level, plan: PlanSpec, data: st.DataObject) -> None:
    tasks = schedule(level, plan)
    finished = data.draw(st.sets(st.sampled_from([t.item_id for t in tasks]))) if tasks else set()
    today = plan.start + timedelta(days=data.draw(st.integers(-3, plan.days + 10)))
    result = reschedule(plan, tasks, finished, today)
    # every task still present exactly once, in the same list order; finished ones untouched
    assert [t.item_id for t in result.tasks] == [t.item_id for t in tasks]
    for old, new in zip(tasks, result.tasks, strict=True):
        if old.item_id in finished:
            assert new == old
        elif new != old:
            assert new.item_id in result.moved and new.due.weekday() in plan.study_weekdays
    assert result.moved == [n.item_id for o, n in zip(tasks, result.tasks, strict=True) if o != n]
    open_indexes = sorted(
        (i for i, t in enumerate(tasks) if t.item_id not in finished), key=lambda i: (tasks[i].due, i)
    )
    if not any(tasks[i].due < today for i in open_indexes):
        assert result.tasks == tasks and result.moved == []
        return
    # no open task before today, and the open tasks keep their order
    new_dues = [result.tasks[i].due for i in open_indexes]
    assert min(new_dues) >= today
    assert new_dues == sorted(new_dues)
    # loads stay bearable: at most the plan's own peak or MAX_DAILY_LOAD
    planned_peak = max(Counter(t.due for t in tasks).values())
    assert max(Counter(new_dues).values()) <= max(planned_peak, MAX_DAILY_LOAD)
    window_end = plan.start + timedelta(days=plan.days - 1)
    deadline = window_end if plan.exam is None else min(plan.exam, window_end)
    assert result.exam_holds == (max(new_dues) <= deadline)
    assert (result.extra_days_needed == 0) == result.exam_holds
    if result.exam_holds:
        left = sum(1 for day in study_days(plan) if day >= today)
        assert max(Counter(new_dues).values()) <= max(planned_peak, math.ceil(len(new_dues) / left))
    assert result.advice.startswith("All ") == result.exam_holds


# ---- plan curve and buffer


def test_plan_curve_climbs_to_100_on_the_last_task() -> None:
    level = foundation()
    plan = spec(days=30)
    tasks = schedule(level, plan)
    items = scope(level.items, phases_covered(plan.days))
    curve = plan_curve(items, tasks, MONDAY - timedelta(days=1), MONDAY + timedelta(days=31))
    assert curve[0].readiness == 0.0
    values = [p.readiness for p in curve]
    assert values == sorted(values)
    assert next(p.day for p in curve if p.readiness == 100.0) == tasks[-1].due
    # the first task is phase 1 (weight 1 of 21) on Tuesday
    assert curve[2] == ReadinessPoint(MONDAY + timedelta(days=1), pytest.approx(100 / 21))
    # an item outside the schedule keeps the curve below 100
    partial = plan_curve(level.items, tasks, tasks[-1].due, tasks[-1].due)
    assert partial[0].readiness == pytest.approx(100 * 21 / 22)


def test_plan_curve_counts_tasks_due_before_the_first_day() -> None:
    items = specialist(skills=2).items
    tasks = [PlanTask(items[0].id, MONDAY), PlanTask(items[1].id, MONDAY + timedelta(days=5))]
    curve = plan_curve(items, tasks, MONDAY + timedelta(days=1), MONDAY + timedelta(days=5))
    assert [p.readiness for p in curve] == [50.0, 50.0, 50.0, 50.0, 100.0]


def curve_of(*values: float) -> list[ReadinessPoint]:
    return [ReadinessPoint(MONDAY + timedelta(days=n), value) for n, value in enumerate(values)]


def test_buffer_days() -> None:
    curve = curve_of(0, 0, 10, 20, 30, 40, 50)
    today = MONDAY + timedelta(days=3)  # the plan expects 20 today
    assert buffer_days(20, curve, today) == 0
    assert buffer_days(25, curve, today) == 0
    assert buffer_days(30, curve, today) == 1
    assert buffer_days(10, curve, today) == 0  # today's work is still open, not late: the day is not over
    assert buffer_days(0, curve, today) == -1  # yesterday's work is late
    assert buffer_days(60, curve, today) == 3  # ahead of the whole curve: safe to its last day
    assert buffer_days(50, [], today) == 0


def test_a_new_plan_is_never_behind_on_its_first_morning() -> None:
    assert buffer_days(0, curve_of(10, 20), MONDAY) == 0
    # its first day's work turns late only the next day
    assert buffer_days(0, curve_of(10, 20), MONDAY + timedelta(days=1)) == -1
    assert buffer_days(0, curve_of(10, 20, 30), MONDAY + timedelta(days=2)) == -2


def test_once_the_exam_day_is_over_nothing_is_behind_it() -> None:
    curve = curve_of(10, 20, 30)
    late = MONDAY + timedelta(days=5)
    assert buffer_days(0, curve, late) == -5  # without an exam: behind since the plan began
    assert buffer_days(0, curve, late, exam=MONDAY + timedelta(days=4)) == 0  # the exam is over
    assert buffer_days(0, curve, late, exam=late) == -5  # the exam day itself is not over yet
    assert buffer_days(40, curve, late, exam=MONDAY) == 0  # ahead stays what it is (here: the plan is over)


def test_reschedule_advice_writes_its_dates_with_the_given_formatter() -> None:
    spec = PlanSpec(
        "foundation", 14, MONDAY, exam=MONDAY + timedelta(days=13), study_weekdays=frozenset(range(7))
    )
    tasks = [PlanTask(f"item{n}", MONDAY + timedelta(days=n)) for n in range(14)]
    result = reschedule(spec, tasks, set(), MONDAY + timedelta(days=10), write_day=lambda d: f"<{d.day}>")
    assert "-" not in result.advice.split(":")[0]  # no ISO date before the advice's options
    assert f"<{(MONDAY + timedelta(days=13)).day}>" in result.advice

"""Plans made of study steps: the done-when properties for every level, length, budget and study week."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date, timedelta

import pytest

from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.model import Kind, PlanSpec, PlanTask
from mlops_tracker.domain.packing import MIN_USEFUL_DAY_MINUTES, review_slot
from mlops_tracker.domain.scheduling import last_day, phases_covered, study_days, study_sequence
from mlops_tracker.domain.step_plan import (
    fit_line,
    plan_work,
    repack,
    review_sessions,
    schedule_steps,
    unscheduled,
    with_budget,
    with_exam,
)
from mlops_tracker.domain.study import effective_steps
from mlops_tracker.formats.seed import load_curriculum
from mlops_tracker.formats.study import load_study_steps

CURRICULUM = load_curriculum()
STUDY = load_study_steps()
START = date(2027, 1, 4)  # a Monday
PATTERNS = {
    "mon-sat": frozenset(range(6)),
    "weekdays": frozenset(range(5)),
    "every day": frozenset(range(7)),
    "weekends": frozenset({5, 6}),
    "mon-wed-fri": frozenset({0, 2, 4}),
}


def steps_of(item):
    return effective_steps(item.id, STUDY.steps_of(item.id), (), item.title)


def _check(level_id: str, days: int, budget: int, weekdays: frozenset[int]) -> tuple[PlanTask, ...]:
    level = CURRICULUM.level(level_id)
    spec = PlanSpec(level_id, days, START, study_weekdays=weekdays, minutes_per_day=budget)
    result = schedule_steps(level, spec, steps_of)
    again = schedule_steps(level, spec, steps_of)
    assert result == again, "the same plan every time"
    items = study_sequence(level, phases_covered(days))
    wanted = [step for item in items for step in steps_of(item)]
    placed: dict[str, int] = defaultdict(int)
    for task in result.tasks:
        placed[task.step_id] += task.minutes
        assert task.minutes > 0
    # every step exactly once: on study days (a split step's parts add up) or in the unscheduled list
    unplaced = [work.step_id for work in result.unscheduled]
    assert not set(placed) & set(unplaced)
    assert {**dict(placed), **{w.step_id: w.minutes for w in result.unscheduled}} == {
        step.id: step.minutes for step in wanted
    }
    assert unplaced == [step.id for step in wanted][len(wanted) - len(unplaced) :], "the tail, in order"
    assert bool(unplaced) == (not result.fit.fits)
    # the plan finds its unscheduled steps again from its tasks (they are not stored)
    assert unscheduled(level, spec, result.tasks, steps_of) == list(result.unscheduled)
    days_of_plan = study_days(spec)
    assert all(task.due in days_of_plan for task in result.tasks)
    load: dict[date, int] = defaultdict(int)
    for task in result.tasks:
        load[task.due] += task.minutes
    # never over the budget, the review session included; every study day after the first has one
    sessions = review_sessions(spec, result.tasks)
    assert set(sessions) == set(days_of_plan[1:])
    for day in days_of_plan:
        assert load.get(day, 0) + sessions.get(day, 0) <= budget
        if day in sessions:
            assert sessions[day] >= review_slot(budget)
    # no empty study day when the work allows
    if sum(load.values()) >= MIN_USEFUL_DAY_MINUTES * len(days_of_plan):
        assert set(load) == set(days_of_plan)
    # steps of an item keep their order; items keep the study order (skills before projects)
    order = list(dict.fromkeys(task.step_id for task in result.tasks))
    assert order == [step.id for step in wanted][: len(order)]
    assert [t.due for t in result.tasks] == sorted(t.due for t in result.tasks)
    # the mistake reviews are the plan's last work
    kinds = [CURRICULUM.item(task.item_id).kind for task in result.tasks]
    if Kind.MISTAKE in kinds:
        first_review = kinds.index(Kind.MISTAKE)
        assert all(kind is Kind.MISTAKE for kind in kinds[first_review:])
        if not unplaced:
            assert result.tasks[-1].due == days_of_plan[-1], "the last study day is the final review"
    return result.tasks


@pytest.mark.parametrize("level_id", [level.id for level in CURRICULUM.levels])
@pytest.mark.parametrize("days", [7, 14, 30, 60])
@pytest.mark.parametrize("budget", [30, 60, 120])
@pytest.mark.parametrize("pattern", list(PATTERNS))
def test_every_level_length_budget_and_study_week_gives_a_sound_plan(level_id, days, budget, pattern):
    _check(level_id, days, budget, PATTERNS[pattern])


def test_mistake_reviews_fall_in_the_last_third_of_a_plan_that_fits():
    for level in CURRICULUM.levels:
        spec = PlanSpec(level.id, 60, START, minutes_per_day=60)
        result = schedule_steps(level, spec, steps_of)
        days = study_days(spec)
        reviews = [t.due for t in result.tasks if CURRICULUM.item(t.item_id).kind is Kind.MISTAKE]
        if reviews:
            assert days.index(min(reviews)) >= 2 * len(days) // 3, level.id


def test_the_sixty_day_plan_studies_steps_not_the_guides_sentence():
    level = CURRICULUM.level("foundation")
    result = schedule_steps(level, PlanSpec("foundation", 60, START), steps_of)
    phase3 = [t for t in result.tasks if t.item_id == "foundation.phase.3"]
    assert phase3 and all(t.step_id.startswith("foundation.phase.3:") for t in phase3)
    titles = {STUDY.step(t.step_id).title for t in phase3}
    assert not any("usually does not require" in title for title in titles)


def test_a_plan_that_does_not_fit_says_so_in_numbers():
    level = CURRICULUM.level("professional")
    spec = PlanSpec("professional", 14, START, minutes_per_day=60)
    result = schedule_steps(level, spec, steps_of)
    assert not result.fit.fits
    line = fit_line(result.fit)
    assert line.startswith("Needs ") and "raise to" in line and "move the exam to" in line


def test_the_advice_is_what_makes_the_plan_fit():
    # the budget it names fits, and so does the exam it names with the plan lengthened to reach it,
    # even when the longer plan covers another phase of the guide (more work than the packer counted)
    level = CURRICULUM.level("foundation")
    spec = PlanSpec("foundation", 30, START, exam=START + timedelta(days=32), minutes_per_day=60)
    fit = schedule_steps(level, spec, steps_of).fit
    assert not fit.fits and fit.later_exam is not None
    assert schedule_steps(level, with_budget(spec, fit.needed_per_day), steps_of).fit.fits
    moved = with_exam(spec, fit.later_exam)
    assert moved.days == (fit.later_exam - START).days and phases_covered(moved.days) == 3
    assert schedule_steps(level, moved, steps_of).fit.fits
    earlier = with_exam(spec, fit.later_exam - timedelta(days=1))
    assert not schedule_steps(level, earlier, steps_of).fit.fits


def test_no_exam_is_advised_that_a_plan_cannot_reach():
    level = CURRICULUM.level("professional")
    spec = PlanSpec("professional", 14, START, minutes_per_day=30)
    fit = schedule_steps(level, spec, steps_of).fit
    assert not fit.fits and fit.later_exam is None
    assert "move the exam" not in fit_line(fit) and "raise to" in fit_line(fit)


def test_moving_the_exam_past_the_longest_plan_is_refused():
    spec = PlanSpec("foundation", 30, START, minutes_per_day=60)
    with pytest.raises(InvalidInput, match="at most 60 days"):
        with_exam(spec, START + timedelta(days=61))
    with pytest.raises(InvalidInput):
        with_budget(spec, 14)


def test_repacking_moves_open_steps_from_today_and_keeps_finished_ones():
    level = CURRICULUM.level("foundation")
    spec = PlanSpec("foundation", 30, START, exam=START + timedelta(days=29), minutes_per_day=120)
    tasks = schedule_steps(level, spec, steps_of).tasks
    today = START + timedelta(days=10)
    finished = {tasks[0].step_id}
    result = repack(level, spec, tasks, steps_of, finished, today)
    assert [t for t in result.tasks if t.step_id in finished] == [t for t in tasks if t.step_id in finished]
    assert all(t.due >= today for t in result.tasks if t.step_id not in finished)
    assert all(t.due <= last_day(spec) for t in result.tasks)
    assert result.moved and result.exam_holds


def test_a_new_plan_has_nothing_to_repack_on_its_first_morning():
    level = CURRICULUM.level("foundation")
    spec = PlanSpec("foundation", 30, START)
    tasks = schedule_steps(level, spec, steps_of).tasks
    assert repack(level, spec, tasks, steps_of, set(), START).moved == []


def test_creating_or_repacking_a_sixty_day_plan_of_every_level_takes_under_50_ms():
    specs = [(level, PlanSpec(level.id, 60, START)) for level in CURRICULUM.levels]
    plans = [schedule_steps(level, spec, steps_of).tasks for level, spec in specs]  # warm up
    began = time.perf_counter()
    for level, spec in specs:
        schedule_steps(level, spec, steps_of)
    for (level, spec), tasks in zip(specs, plans, strict=True):
        repack(level, spec, tasks, steps_of, set(), START + timedelta(days=20))
    assert time.perf_counter() - began < 0.05


def test_repacking_never_goes_over_the_budget_on_days_that_keep_finished_steps():
    level = CURRICULUM.level("foundation")
    spec = PlanSpec("foundation", 30, START, minutes_per_day=60)
    tasks = schedule_steps(level, spec, steps_of).tasks
    today = START + timedelta(days=3)
    # steps of the next days done early keep their days; the open work must not pile on top of them
    finished = {t.step_id for t in tasks if today <= t.due <= today + timedelta(days=4)}
    result = repack(level, spec, tasks, steps_of, finished, today, always=True)
    load: dict[date, int] = defaultdict(int)
    for task in result.tasks:
        load[task.due] += task.minutes
    sessions = review_sessions(spec, result.tasks)
    assert all(load[day] + sessions.get(day, 0) <= 60 for day in load if day >= today)


def test_repacking_brings_steps_that_did_not_fit_back_when_time_allows():
    level = CURRICULUM.level("professional")
    spec = PlanSpec("professional", 14, START, minutes_per_day=60)
    first = schedule_steps(level, spec, steps_of)
    assert first.unscheduled
    # the learner hides the suggested steps of the phase activities: the plan re-packs and more fits
    hidden = {
        w.step_id
        for w in plan_work(level, spec.days, steps_of)
        if CURRICULUM.item(w.item_id).kind is Kind.PHASE
    }

    def fewer(item):
        return tuple(step for step in steps_of(item) if step.id not in hidden)

    result = repack(level, spec, first.tasks, fewer, set(), START, always=True)
    left = unscheduled(level, spec, result.tasks, fewer)
    assert len(left) < len(first.unscheduled)
    assert {t.step_id for t in result.tasks} >= {w.step_id for w in first.unscheduled} - {
        w.step_id for w in left
    }


def test_a_plan_that_does_not_fit_lists_what_does_not_fit_and_says_what_would():
    level = CURRICULUM.level("professional")
    spec = PlanSpec("professional", 7, START, minutes_per_day=30)
    result = schedule_steps(level, spec, steps_of)
    assert result.unscheduled and not result.fit.fits
    assert fit_line(result.fit).startswith("Needs ")

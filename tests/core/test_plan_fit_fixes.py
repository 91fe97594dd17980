"""Making a plan fit in one action: a new daily budget or a later exam, re-packed, baseline kept, one undo."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, timedelta

import pytest

from mlops_tracker.core.clock import Clock
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.model import Plan
from mlops_tracker.domain.packing import review_slot
from mlops_tracker.domain.scheduling import study_days

START = date(2026, 11, 2)  # a Monday


def _at(tmp_path, day: date) -> Tracker:
    return Tracker.open(tmp_path / "data", source="ui", clock=Clock(tz=UTC, fixed_day=day))


@pytest.fixture
def tracker(tmp_path):
    opened = _at(tmp_path, START)
    # the default Foundation plan: 30 days at 60 min does not fit (review sessions on every study day)
    opened.create_plan(opened.plan_spec("foundation", 30, start=START, exam=START + timedelta(days=32)))
    yield opened
    opened.close()


def _stored(plan: Plan) -> tuple:
    return plan.id, plan.spec, plan.tasks, plan.baseline


def _load(plan: Plan) -> dict[date, int]:
    load: dict[date, int] = defaultdict(int)
    for task in plan.tasks:
        load[task.due] += task.minutes
    return load


def test_raising_the_budget_repacks_within_it_keeps_the_baseline_and_undoes_in_one_step(tracker):
    before = tracker.require_plan("foundation")
    fit = tracker.fit_check(before.spec)
    assert not fit.fits and tracker.unscheduled(before)
    tracker.set_plan_minutes(fit.needed_per_day, "foundation")
    plan = tracker.require_plan("foundation")
    assert plan.spec.minutes_per_day == fit.needed_per_day
    assert plan.id == before.id and plan.first_schedule == before.first_schedule
    assert not tracker.unscheduled(plan) and tracker.fit_check(plan.spec).fits
    first = study_days(plan.spec)[0]
    for day, minutes in _load(plan).items():  # never over the new budget, review sessions counted
        slot = review_slot(fit.needed_per_day) if day > first else 0
        assert minutes + slot <= fit.needed_per_day, day
    assert tracker.undo_label() == f"Set {fit.needed_per_day} min a day: Foundation"
    tracker.undo()
    assert _stored(tracker.require_plan("foundation")) == _stored(before)
    tracker.redo()
    assert tracker.require_plan("foundation").spec.minutes_per_day == fit.needed_per_day


def test_moving_the_exam_lengthens_the_plan_to_fit_and_undoes_in_one_step(tracker):
    before = tracker.require_plan("foundation")
    exam = tracker.fit_check(before.spec).later_exam
    assert exam is not None
    tracker.move_exam(exam, "foundation")
    plan = tracker.require_plan("foundation")
    assert plan.spec.exam == exam and plan.spec.days == (exam - START).days
    assert plan.spec.minutes_per_day == before.spec.minutes_per_day
    assert plan.first_schedule == before.first_schedule
    assert not tracker.unscheduled(plan) and tracker.fit_check(plan.spec).fits
    assert max(task.due for task in plan.tasks) < exam
    assert tracker.undo_label() == f"Move exam to {exam.day} {exam:%b}: Foundation"
    tracker.undo()
    assert _stored(tracker.require_plan("foundation")) == _stored(before)


def test_a_change_mid_plan_keeps_finished_steps_on_their_days(tmp_path, tracker):
    from mlops_tracker.core.commands import UpdateItem

    first = tracker.require_plan("foundation").tasks[0]
    tracker.run(UpdateItem(first.item_id, steps=((first.step_id, True),)))
    tracker.close()
    later = _at(tmp_path, START + timedelta(days=5))
    later.set_plan_minutes(90, "foundation")
    plan = later.require_plan("foundation")
    kept = [task for task in plan.tasks if task.step_id == first.step_id]
    assert [task.due for task in kept] == [first.due]
    assert all(task.due >= START + timedelta(days=5) for task in plan.tasks if task.step_id != first.step_id)
    later.close()


def test_bad_values_change_nothing(tracker):
    before = _stored(tracker.require_plan("foundation"))
    label = tracker.undo_label()
    for action in (
        lambda: tracker.set_plan_minutes(14, "foundation"),
        lambda: tracker.set_plan_minutes(481, "foundation"),
        lambda: tracker.move_exam(START + timedelta(days=90), "foundation"),
        lambda: tracker.move_exam(START - timedelta(days=1), "foundation"),
    ):
        with pytest.raises(InvalidInput):
            action()
    assert _stored(tracker.require_plan("foundation")) == before and tracker.undo_label() == label


@pytest.mark.parametrize("days_in", [2, 6])
def test_a_started_plan_behind_gets_advice_for_the_days_left_and_it_works(tmp_path, tracker, days_in):
    tracker.close()
    later = _at(tmp_path, START + timedelta(days=days_in))  # nothing done yet: steps are overdue
    plan = later.require_plan("foundation")
    fresh, left = later.fit_check(plan.spec), later.plan_fit(plan)
    assert left.needed_per_day > fresh.needed_per_day  # fewer days left than the plan began with
    later.set_plan_minutes(left.needed_per_day, "foundation")
    assert not later.unscheduled(later.require_plan("foundation"))
    later.undo()
    assert left.later_exam is not None
    later.move_exam(left.later_exam, "foundation")
    assert not later.unscheduled(later.require_plan("foundation"))
    later.close()

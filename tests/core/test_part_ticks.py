"""A split step's part before the last is done by its minutes logged on the step; the last by the tick."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mlops_tracker.core.clock import Clock, local_tz
from mlops_tracker.core.commands import LogStudySession, UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.core.views import TaskView
from mlops_tracker.domain.model import PlanTask

START = date(2027, 1, 4)  # a Monday


def _on(folder: Path, day: date) -> Tracker:
    return Tracker.open(folder, clock=Clock(tz=local_tz(), fixed_day=day))


def _split_in_two(tracker: Tracker) -> list[PlanTask]:
    """Return the two parts of the plan's first step split in two, part 1 first."""
    tasks = tracker.plan("foundation").tasks
    first = next(t for t in sorted(tasks, key=lambda t: t.due) if t.parts == 2)
    return sorted((t for t in tasks if t.step_id == first.step_id), key=lambda t: t.part)


def _views(tracker: Tracker, parts: list[PlanTask]) -> list[TaskView]:
    by_task = {view.task: view for view in tracker.view().all_tasks}
    return [by_task[part] for part in parts]


@pytest.fixture
def split(tmp_path):
    """A 15-minute-a-day plan (it splits steps) on its first day, with the first step split in two."""
    tracker = _on(tmp_path, START)
    tracker.create_plan(tracker.plan_spec("foundation", 30, start=START, minutes_per_day=15))
    yield tracker, _split_in_two(tracker)
    tracker.close()


def test_logging_part_one_s_minutes_finishes_part_one_only(split):
    tracker, (one, two) = split
    step = one.step_id
    tracker.run(LogStudySession(day=START, minutes=one.minutes - 1, item_id=one.item_id, step_id=step))
    assert [v.finished for v in _views(tracker, [one, two])] == [False, False]  # a minute short
    tracker.run(LogStudySession(day=START, minutes=1, item_id=one.item_id, step_id=step))
    first, second = _views(tracker, [one, two])
    assert (first.finished, second.finished) == (True, False)
    assert first.logged_done and not first.step_finished  # the step itself is not ticked
    assert step not in tracker.done_steps()
    # the last part asks for the tick, whatever is logged
    tracker.run(LogStudySession(day=START, minutes=two.minutes + 30, item_id=one.item_id, step_id=step))
    assert not _views(tracker, [two])[0].finished


def test_the_step_s_tick_finishes_every_part(split):
    tracker, (one, two) = split
    tracker.run(UpdateItem(one.item_id, steps=((one.step_id, True),)))
    assert [v.finished for v in _views(tracker, [one, two])] == [True, True]


def test_a_step_that_is_not_split_is_done_only_by_its_tick(tmp_path):
    tracker = _on(tmp_path, START)
    try:
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=START, minutes_per_day=120))
        whole = next(t for t in tracker.plan("foundation").tasks if t.parts == 1 and t.step_id is not None)
        step = whole.step_id
        tracker.run(LogStudySession(day=START, minutes=whole.minutes, item_id=whole.item_id, step_id=step))
        assert not _views(tracker, [whole])[0].finished
        assert _views(tracker, [whole])[0].part_minutes == 0
        tracker.run(UpdateItem(whole.item_id, steps=((step, True),)))
        assert _views(tracker, [whole])[0].finished
    finally:
        tracker.close()


def test_the_missing_minutes_are_what_part_one_still_needs(split):
    tracker, (one, _two) = split
    tracker.run(LogStudySession(day=START, minutes=4, item_id=one.item_id, step_id=one.step_id))
    view = tracker.view()
    first = _views(tracker, [one])[0]
    assert first.part_minutes == one.minutes
    assert view.part_minutes_missing(first) == one.minutes - 4


def test_a_part_done_by_minutes_keeps_the_streak_on_its_day(tmp_path):
    """Part 1 logged on its day and part 2 ticked on its day: both days count."""
    tracker = _on(tmp_path, START)
    tracker.create_plan(tracker.plan_spec("foundation", 30, start=START, minutes_per_day=15))
    tasks = sorted(tracker.plan("foundation").tasks, key=lambda t: t.due)
    tracker.close()
    day = START
    for task in tasks[:8]:  # follow the plan part by part, day by day
        tracker = _on(tmp_path, task.due)
        try:
            if task.part < task.parts:
                tracker.run(
                    LogStudySession(
                        day=task.due, minutes=task.minutes, item_id=task.item_id, step_id=task.step_id
                    )
                )
            else:
                tracker.run(UpdateItem(task.item_id, steps=((task.step_id, True),)))
        finally:
            tracker.close()
        day = task.due
    assert any(t.parts > 1 and t.part < t.parts for t in tasks[:7]), "some part before the last was followed"
    tracker = _on(tmp_path, day)
    try:
        streak = tracker.view().streak
        assert streak.freezes_used == () and streak.current == len({t.due for t in tasks[:8]})
    finally:
        tracker.close()

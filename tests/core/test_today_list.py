"""Today lists today's steps, the overdue open ones and those finished today: not a step ticked days ago."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from mlops_tracker.core.clock import Clock, local_tz
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status

START = date(2027, 1, 4)  # a Monday


def _on(folder: Path, day: date) -> Tracker:
    return Tracker.open(folder, clock=Clock(tz=local_tz(), fixed_day=day))


def test_the_step_that_finishes_an_item_leaves_its_earlier_steps_on_their_own_days(tmp_path):
    tracker = _on(tmp_path, START)
    tracker.create_plan(tracker.plan_spec("foundation", 14, start=START, minutes_per_day=45))
    tasks = sorted(tracker.plan("foundation").tasks, key=lambda task: task.due)
    tracker.close()
    # the first item whose steps span at least two days: each one ticked on its own day
    by_item: dict[str, list] = {}
    for task in tasks:
        by_item.setdefault(task.item_id, []).append(task)
    item_id, own = next((i, ts) for i, ts in by_item.items() if len({t.due for t in ts}) >= 2)
    for task in own:
        tracker = _on(tmp_path, task.due)
        if task.step_id not in tracker.done_steps():
            tracker.run(UpdateItem(item_id, steps=((task.step_id, True),)))
        tracker.close()
    last_day = own[-1].due
    tracker = _on(tmp_path, last_day)
    try:
        view = tracker.view()
        assert view.states[item_id].status is Status.DONE  # today's tick finished the item
        listed = [(task.task.due, task.step_id) for task in view.visible_tasks if task.item.id == item_id]
        assert listed == [(task.due, task.step_id) for task in own if task.due == last_day]
        assert all(task.task.due == last_day for task in view.visible_tasks if task.finished)
    finally:
        tracker.close()


def test_an_overdue_step_ticked_today_is_listed_as_done_today(tmp_path):
    tracker = _on(tmp_path, START)
    tracker.create_plan(tracker.plan_spec("foundation", 14, start=START, minutes_per_day=45))
    first = min(tracker.plan("foundation").tasks, key=lambda task: task.due)
    tracker.close()
    tracker = _on(tmp_path, first.due + timedelta(days=2))  # two days late
    try:
        assert any(task.step_id == first.step_id and task.overdue for task in tracker.view().visible_tasks)
        tracker.run(UpdateItem(first.item_id, steps=((first.step_id, True),)))
        listed = [task for task in tracker.view().visible_tasks if task.step_id == first.step_id]
        assert len(listed) == 1 and listed[0].finished  # struck out on today's list, not gone
    finally:
        tracker.close()


def test_parts_done_by_their_minutes_stay_on_their_own_days_when_the_last_part_ticks_the_step(tmp_path):
    from mlops_tracker.core.ticks import tick_command

    tracker = _on(tmp_path, START)
    tracker.create_plan(tracker.plan_spec("foundation", 30, start=START, minutes_per_day=15))
    first = next(task for task in tracker.view().visible_tasks if task.task.parts > 1)
    parts = sorted(
        (t for t in tracker.plan("foundation").tasks if t.step_id == first.step_id), key=lambda t: t.part
    )
    tracker.close()
    for part in parts:  # each part ticked on its own day: the last one ticks the step
        tracker = _on(tmp_path, part.due)
        view = tracker.view()
        task = next(t for t in view.visible_tasks if t.task == part)
        tracker.run(tick_command(view, task, True))
        tracker.close()
    tracker = _on(tmp_path, parts[-1].due)
    try:
        listed = [task.task.part for task in tracker.view().visible_tasks if task.step_id == first.step_id]
        assert listed == [parts[-1].part]  # the earlier parts were done on their days: not "done today"
        assert first.step_id in tracker.done_steps()
    finally:
        tracker.close()

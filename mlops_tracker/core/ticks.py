"""What ticking a planned task does: the one rule Today, the Plan page and `mark STEP done --part K` run."""

from __future__ import annotations

from mlops_tracker.core.commands import Batch, LogStudySession, UpdateItem
from mlops_tracker.core.views import TaskView, View
from mlops_tracker.domain.model import Status


def tick_command(current: View, view: TaskView, done: bool) -> UpdateItem | Batch | None:
    """Return what ticking (or unticking) a task's box runs; None when it changes nothing.

    A part before the last of an open step logs the minutes it still misses on the step (one undo step,
    named after the part); unticking one done by logged minutes changes nothing (undo takes the log back).
    A step ticks or unticks; a whole item gets done or to do.
    """
    if view.part_minutes and not view.step_finished:
        missing = current.part_minutes_missing(view) if done else 0
        if not missing:
            return None
        log = LogStudySession(current.today, missing, item_id=view.item.id, step_id=view.step_id)
        return Batch((log,), f"Part {view.task.part} of {view.task.parts} done: {view.step_title}")
    if view.step_id is not None:
        if view.step_finished == done and (done or view.state.status is not Status.DONE):
            return None
        return UpdateItem(view.item.id, steps=((view.step_id, done),))
    status = Status.DONE if done else Status.TODO
    return None if view.state.status is status else UpdateItem(view.item.id, status=status)

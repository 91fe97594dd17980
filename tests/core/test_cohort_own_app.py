"""A learner's cohort row says what their own app says: a plan that does not fit, a late start, a passed exam.

The learner's computer is a real Tracker; its records go to the cohort view as a sync would send them.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from mlops_tracker.core.clock import Clock, local_tz
from mlops_tracker.core.cohort import CohortView, build_cohort, describe, plan_text
from mlops_tracker.core.commands import RecordExam, UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.domain.step_plan import unscheduled
from mlops_tracker.storage import sync_local
from mlops_tracker.sync.envelope import EventEnvelope, ServerEvent

START = date(2027, 1, 4)  # a Monday
TZ = local_tz()


def _on(folder: Path, day: date) -> Tracker:
    return Tracker.open(folder, clock=Clock(tz=TZ, fixed_day=day))


def _cohort(tracker: Tracker, name: str = "Ana") -> CohortView:
    """Return the cohort view of this one learner, from their records as a sync sends them."""
    with tracker.database.snapshot() as session:
        records = sync_local.pending_records(sync_local.raw(session))
    events = [
        # through JSON, as the server stores a payload
        ServerEvent(
            n, name, r.at, EventEnvelope(r.event_id, r.kind, json.loads(json.dumps(r.payload)), r.at, "pc")
        )
        for n, r in enumerate(records, start=1)
    ]
    today = tracker.clock.today()
    return build_cohort(tracker.curriculum, [name], events, today, TZ, "A", tracker.study)


def _tick_open_steps(tracker: Tracker, count: int) -> None:
    """Tick the plan's first `count` open steps, oldest due first."""
    done = tracker.done_steps()
    open_tasks = [task for task in sorted(tracker.plan("foundation").tasks, key=lambda t: t.due)]
    for task in [task for task in open_tasks if task.step_id not in done][:count]:
        tracker.run(UpdateItem(task.item_id, steps=((task.step_id, True),)))


def test_a_plan_that_does_not_fit_measures_the_same_buffer_and_forecast_as_the_app(tmp_path):
    tracker = _on(tmp_path, START)
    spec = tracker.plan_spec("foundation", 7, start=START, exam=START + timedelta(days=9), minutes_per_day=30)
    tracker.create_plan(spec)
    plan = tracker.plan("foundation")
    level = tracker.curriculum.level("foundation")
    missing = unscheduled(level, plan.spec, plan.tasks, lambda item: tracker.steps_of(item.id))
    assert missing  # the steps that do not fit are expected on the plan's last day: the curve counts them
    tracker.close()
    # a start within the forecast's window; every step the plan placed is done by its second day: ahead of
    # the days that hold them, not of the steps that fit none (the curve expects those on the last day)
    for offset, ticks in ((0, 2), (1, len(plan.tasks))):
        tracker = _on(tmp_path, START + timedelta(days=offset))
        _tick_open_steps(tracker, ticks)
        tracker.close()
    tracker = _on(tmp_path, START + timedelta(days=3))
    try:
        own = tracker.view().level("foundation").status
        (row,) = _cohort(tracker).learners[0].levels
        assert own.buffer_days is not None and own.forecast.ready_on is not None
        assert (row.readiness, row.buffer_days) == (own.readiness, own.buffer_days)
        assert (row.ready_on, row.on_time, row.forecast) == (
            own.forecast.ready_on,
            own.forecast.on_time,
            own.forecast.message,
        )
    finally:
        tracker.close()


def test_after_the_exam_day_a_learner_is_never_behind_it(tmp_path):
    tracker = _on(tmp_path, START)
    tracker.create_plan(tracker.plan_spec("foundation", 7, start=START, exam=START + timedelta(days=7)))
    _tick_open_steps(tracker, 1)
    tracker.close()
    tracker = _on(tmp_path, START + timedelta(days=12))  # the exam day is over, the plan's work is not
    try:
        own = tracker.view().level("foundation").status
        (row,) = _cohort(tracker).learners[0].levels
        assert own.buffer_days == row.buffer_days == 0
    finally:
        tracker.close()


def test_a_passed_exam_shows_as_passed_not_behind(tmp_path):
    tracker = _on(tmp_path, START)
    tracker.create_plan(tracker.plan_spec("foundation", 14, start=START, exam=START + timedelta(days=10)))
    first = tracker.plan("foundation").tasks[0]
    tracker.run(UpdateItem(first.item_id, status=Status.DONE))
    tracker.close()
    tracker = _on(tmp_path, START + timedelta(days=10))
    try:
        before = _cohort(tracker).learners[0].levels[0]
        assert before.buffer_days is not None and before.buffer_days < 0 and before.passed_on is None
        tracker.run(RecordExam("foundation", "passed", START + timedelta(days=10)))
        assert "foundation" in tracker.passed_levels()
        view = _cohort(tracker)
    finally:
        tracker.close()
    (row,) = view.learners[0].levels
    assert row.passed_on == START + timedelta(days=10)
    assert (row.buffer_days, row.ready_on, row.on_time) == (None, None, None)
    assert plan_text(row) == "exam passed" and row.forecast == "Passed the exam on 2027-01-14."
    assert view.as_json()["learners"][0]["levels"][0]["passed_on"] == "2027-01-14"
    assert "exam passed; Passed the exam on 2027-01-14." in describe(view)[1]


def test_a_cleared_exam_result_puts_the_level_back_in_preparation(tmp_path):
    tracker = _on(tmp_path, START)
    tracker.create_plan(tracker.plan_spec("foundation", 14, start=START, exam=START + timedelta(days=10)))
    tracker.run(RecordExam("foundation", "passed", START))
    tracker.run(RecordExam("foundation", "cleared", START))
    try:
        (row,) = _cohort(tracker).learners[0].levels
    finally:
        tracker.close()
    assert row.passed_on is None and row.buffer_days == 0

"""The view's readiness with steps: now, each past day's history (ticks as of then), undo, edits, caching."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest

from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import EditStep, UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain import readiness as rd

ITEM = "foundation.skill.ml-lifecycle"
DAY1, DAY3 = date(2026, 11, 23), date(2026, 11, 25)


def _open(tmp_path, day: date) -> Tracker:
    return Tracker.open(tmp_path / "data", source="cli", clock=Clock(tz=UTC, fixed_day=day))


def _fresh_history(tmp_path, day: date) -> list:
    fresh = _open(tmp_path, day)  # a new Tracker: no cache, the whole log replayed
    try:
        return fresh.readiness_history("foundation")
    finally:
        fresh.close()


def test_a_step_tick_moves_readiness_and_undo_restores_it_exactly(tmp_path):
    tracker = _open(tmp_path, DAY1)
    try:
        steps = tracker.steps_of(ITEM)
        before = tracker.readiness("foundation")
        changes = tracker.run(UpdateItem(ITEM, steps=((steps[0].id, True),)))
        first = tracker.readiness("foundation")
        changes = tracker.run(UpdateItem(ITEM, steps=((steps[1].id, True),)))
        assert changes.readiness  # a tick that leaves the status as it was still moves readiness
        second = tracker.readiness("foundation")
        assert before < first < second
        tracker.undo()
        assert tracker.readiness("foundation") == first
        tracker.undo()
        assert tracker.readiness("foundation") == before
    finally:
        tracker.close()


def test_each_past_day_uses_the_step_ticks_as_of_that_day(tmp_path):
    tracker = _open(tmp_path, DAY1)
    steps = tracker.steps_of(ITEM)
    tracker.run(UpdateItem(ITEM, steps=((steps[0].id, True), (steps[1].id, True))))
    day1 = tracker.readiness("foundation")
    tracker.close()
    tracker = _open(tmp_path, DAY3)
    try:
        history = tracker.readiness_history("foundation")  # read and cached
        assert [p.readiness for p in history] == [day1] * 3
        tracker.run(UpdateItem(ITEM, steps=((steps[2].id, True),)))  # a tick today: only today's point moves
        history = tracker.readiness_history("foundation")
        now = tracker.readiness("foundation")
        assert [p.readiness for p in history] == [day1, day1, now] and now > day1
        assert history == _fresh_history(tmp_path, DAY3)
        view = tracker.view()
        for point in history:  # each day equals a naive recomputation from the logs
            naive = rd.readiness_on(view.scope("foundation"), view.events, point.day, UTC, view.steps_credit)
            assert point.readiness == naive
        # hiding a ticked step changes every day's share: the cached history is computed again
        tracker.run(EditStep(ITEM, steps[0].id, "hidden", "1"))
        assert tracker.readiness_history("foundation") == _fresh_history(tmp_path, DAY3)
        assert tracker.readiness_history("foundation")[0].readiness != day1
    finally:
        tracker.close()


def test_progress_explain_and_retained_read_the_same_partial_credit(tmp_path):
    tracker = _open(tmp_path, DAY1)
    try:
        steps = tracker.steps_of(ITEM)
        tracker.run(UpdateItem(ITEM, steps=tuple((step.id, True) for step in steps[:-1])))
        view = tracker.view()
        left = sum(s.minutes for s in steps[-1:]) / sum(s.minutes for s in steps)
        gain = next(g for g in view.explain("foundation") if g.item.id == ITEM)
        total = sum(rd.WEIGHTS[item.kind] for item in view.scope("foundation"))
        assert gain.points == round(100 * 2 * left / total, 1)  # the credit still missing
        assert view.level("foundation").status.readiness == view.readiness("foundation")
        assert view.retained("foundation") <= view.readiness("foundation")
    finally:
        tracker.close()


def test_ticking_each_step_on_its_day_keeps_the_learner_on_the_plan_curve(tmp_path):
    clock = Clock(tz=UTC, fixed_day=DAY1)
    tracker = Tracker.open(tmp_path / "data", source="cli", clock=clock)
    try:
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=DAY1))
        tasks = tracker.require_plan("foundation").tasks
        # a step split over days can be ticked on its last part's day
        due: dict[str, tuple[date, str]] = {}
        for task in tasks:
            if task.step_id is not None:
                held = due.get(task.step_id)
                due[task.step_id] = (max(task.due, held[0]) if held else task.due, task.item_id)
        for offset in range(12):
            day = DAY1 + timedelta(days=offset)
            clock.fixed_day = day
            for step_id, (when, item_id) in sorted(due.items()):
                if when == day:
                    tracker.run(
                        UpdateItem(item_id, steps=((step_id, True),), evidence="https://example.org/x")
                    )
            status = tracker.level_status("foundation")
            curve = {point.day: point.readiness for point in tracker.plan_curve("foundation")}
            assert status.readiness == pytest.approx(curve[day])  # partial credit: on the curve each day
            assert status.buffer_days is not None and status.buffer_days >= 0
    finally:
        tracker.close()

"""Study steps through the Tracker: ticking, the item done rule, undo as one step, edits, exams, progress."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest

from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import EditStep, LogStudySession, RecordExam, UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status

ITEM = "foundation.skill.ml-lifecycle"


def _at(tmp_path, day: date) -> Tracker:
    return Tracker.open(tmp_path / "data", source="cli", clock=Clock(tz=UTC, fixed_day=day))


@pytest.fixture
def tracker(tmp_path):
    opened = _at(tmp_path, date(2026, 11, 26))
    yield opened
    opened.close()


def test_an_item_is_done_when_all_its_visible_steps_are(tracker):
    steps = tracker.steps_of(ITEM)
    for step in steps[:-1]:
        tracker.run(UpdateItem(ITEM, steps=((step.id, True),)))
    assert tracker.item(ITEM).state.status is Status.IN_PROGRESS
    tracker.run(UpdateItem(ITEM, steps=((steps[-1].id, True),)))
    assert tracker.item(ITEM).state.status is Status.DONE
    tracker.run(UpdateItem(ITEM, steps=((steps[0].id, False),)))
    assert tracker.item(ITEM).state.status is Status.IN_PROGRESS
    # hiding the open step leaves only done steps: ticking any then makes the item done
    tracker.run(EditStep(ITEM, steps[0].id, "hidden", "1"))
    assert steps[0].id not in {s.id for s in tracker.steps_of(ITEM)}
    tracker.run(UpdateItem(ITEM, steps=((steps[1].id, True),)))
    assert tracker.item(ITEM).state.status is Status.DONE


def test_ticking_the_item_ticks_its_steps_and_one_undo_takes_both_back(tracker):
    steps = tracker.steps_of(ITEM)
    tracker.run(UpdateItem(ITEM, steps=((steps[0].id, True),)))
    tracker.run(UpdateItem(ITEM, status=Status.DONE))
    assert {s.id for s in steps} <= set(tracker.done_steps())
    tracker.undo()
    assert tracker.item(ITEM).state.status is Status.IN_PROGRESS
    assert set(tracker.done_steps()) == {steps[0].id}
    tracker.redo()
    assert {s.id for s in steps} <= set(tracker.done_steps())
    assert tracker.item(ITEM).state.status is Status.DONE


def test_step_edits_change_minutes_add_own_steps_and_undo(tracker):
    step = tracker.steps_of(ITEM)[0]
    tracker.run(EditStep(ITEM, step.id, "minutes", "15"))
    assert tracker.steps_of(ITEM)[0].minutes == 15
    own = f"{ITEM}:own-test"
    tracker.run(EditStep(ITEM, own, "title", "Read my team's runbook"))
    assert tracker.steps_of(ITEM)[-1].id == own
    tracker.undo()
    assert own not in {s.id for s in tracker.steps_of(ITEM)}
    tracker.undo()
    assert tracker.steps_of(ITEM)[0].minutes == step.minutes


def test_a_passed_exam_leaves_the_levels_being_prepared(tracker):
    tracker.run(UpdateItem(ITEM, status=Status.DONE))
    tracker.run(UpdateItem("security.skill.privacy", status=Status.DONE))
    tracker.create_plan(tracker.plan_spec("foundation", 30))
    tracker.run(RecordExam("foundation", "passed", tracker.clock.today()))
    assert tracker.preparing_levels() == ["security"]
    summary = tracker.summary()
    assert summary.overall == tracker.readiness("security")
    assert {level: r.result for level, r in summary.exam_results.items()} == {"foundation": "passed"}
    assert summary.levels["foundation"].buffer_days is None
    level, suggestion = tracker.next_certification()
    assert level == "Foundation" and suggestion.title
    tracker.undo()
    assert tracker.exam_results() == {}
    assert "foundation" in tracker.preparing_levels()


def test_a_new_plan_is_never_behind_on_its_first_morning(tmp_path):
    start = date(2026, 11, 2)
    t = _at(tmp_path, start)
    t.create_plan(t.plan_spec("foundation", 30, start=start))
    assert t.level_status("foundation").buffer_days >= 0
    assert not any(view.overdue for view in t.today_tasks())
    t.close()


def test_reschedule_keeps_the_baseline_so_lateness_is_not_hidden(tmp_path):
    start = date(2026, 11, 2)
    t = _at(tmp_path, start)
    t.create_plan(t.plan_spec("foundation", 30, start=start, minutes_per_day=120))
    baseline = t.require_plan("foundation").tasks
    t.close()
    t = _at(tmp_path, start + timedelta(days=10))
    behind = t.level_status("foundation").buffer_days
    assert behind < 0
    t.reschedule("foundation")
    plan = t.require_plan("foundation")
    assert plan.tasks != baseline and plan.first_schedule == baseline
    assert t.level_status("foundation").buffer_days == behind
    t.close()


def test_following_the_plan_tick_by_tick_grows_the_streak_and_is_never_behind(tmp_path):
    start = date(2026, 11, 2)
    t = _at(tmp_path, start)
    t.create_plan(t.plan_spec("foundation", 14, start=start))
    tasks = t.require_plan("foundation").tasks
    t.close()
    days = sorted({task.due for task in tasks})
    for number, day in enumerate(days, start=1):
        t = _at(tmp_path, day)
        assert (t.level_status("foundation").buffer_days or 0) >= 0
        for task in tasks:
            if task.due == day and task.step_id not in t.done_steps():
                # a project's last step publishes the evidence: the learner records its link with the tick
                last = t.steps_of(task.item_id)[-1].id == task.step_id
                evidence = "https://example.org/work" if ".project." in task.item_id and last else None
                t.run(UpdateItem(task.item_id, steps=((task.step_id, True),), evidence=evidence))
        streak = t.streak()
        assert streak.current == number and streak.today_done
        t.close()


def test_a_study_day_counts_when_its_budget_of_minutes_is_logged(tmp_path):
    start = date(2026, 11, 2)
    t = _at(tmp_path, start)
    t.create_plan(t.plan_spec("foundation", 14, start=start, minutes_per_day=30))
    t.run(LogStudySession(day=start, minutes=30))
    assert t.streak().today_done
    t.close()


def test_export_version_3_carries_step_ticks_edits_exams_and_the_plan_baseline(tmp_path):
    import json

    from mlops_tracker.core import files

    source = _at(tmp_path / "a", date(2026, 11, 2))
    source.create_plan(source.plan_spec("foundation", 30, minutes_per_day=90))
    steps = source.steps_of(ITEM)
    source.run(UpdateItem(ITEM, steps=((steps[0].id, True),)))
    source.run(EditStep(ITEM, steps[1].id, "minutes", "15"))
    source.run(RecordExam("security", "failed", date(2026, 11, 1)))
    source.clock.fixed_day = date(2026, 11, 20)
    source.reschedule("foundation")
    document = files.export_document(source)
    assert document["format_version"] == 3
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    target = _at(tmp_path / "b", date(2026, 11, 20))
    files.import_json(target, path)
    assert set(target.done_steps()) == {steps[0].id}
    assert target.steps_of(ITEM)[1].minutes == 15
    assert {level: r.result for level, r in target.exam_results().items()} == {"security": "failed"}
    mine, theirs = source.require_plan("foundation"), target.require_plan("foundation")
    assert theirs.spec.minutes_per_day == 90
    assert theirs.tasks == mine.tasks and theirs.baseline == mine.baseline != mine.tasks
    # a second import adds nothing
    assert files.preview_import(target, path).nothing_to_do
    # a version 2 file (no step sections, plans of items) still imports
    old = json.loads(json.dumps(document))
    old["format_version"] = 2
    for section in ("step_events", "step_edits", "exam_results", "answers"):
        del old[section]
    for plan in old["plans"]:
        del plan["minutes_per_day"], plan["baseline"]
        plan["tasks"] = [{"item_id": t["item_id"], "due": t["due"]} for t in plan["tasks"] if t["part"] == 1]
        plan["tasks"] = list({t["item_id"]: t for t in plan["tasks"]}.values())
    path.write_text(json.dumps(old), encoding="utf-8")
    fresh = _at(tmp_path / "c", date(2026, 11, 20))
    files.import_json(fresh, path)
    assert fresh.require_plan("foundation").spec.minutes_per_day == 60
    for tracker in (source, target, fresh):
        tracker.close()


def test_a_step_edit_re_packs_the_plan_and_one_undo_takes_both_back(tracker):
    tracker.create_plan(tracker.plan_spec("foundation", 30))
    before = tracker.require_plan("foundation")
    step = tracker.steps_of(ITEM)[0]
    tracker.edit_step(ITEM, step.id, ("minutes", "90"))
    after = tracker.require_plan("foundation")
    placed = sum(task.minutes for task in after.tasks if task.step_id == step.id)
    assert placed == 90 and after.baseline == before.tasks and after.id == before.id
    own = f"{ITEM}:own-mine"
    tracker.edit_step(ITEM, own, ("title", "Read my team's runbook"), ("minutes", "25"))
    assert sum(t.minutes for t in tracker.require_plan("foundation").tasks if t.step_id == own) == 25
    tracker.edit_step(ITEM, step.id, ("hidden", "1"))
    assert step.id not in {t.step_id for t in tracker.require_plan("foundation").tasks}
    tracker.undo()
    assert step.id in {t.step_id for t in tracker.require_plan("foundation").tasks}
    tracker.undo()
    tracker.undo()
    assert tracker.require_plan("foundation").tasks == before.tasks
    assert tracker.steps_of(ITEM)[0].minutes == step.minutes
    tracker.redo()
    assert tracker.steps_of(ITEM)[0].minutes == 90

"""The Tracker facade: commands, undo/redo, readiness, history and plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import LogStudySession, UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import InvalidInput, NotFound, UserError
from mlops_tracker.domain.model import Kind, Status

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.fixture
def clock() -> Clock:
    return Clock(tz=UTC, fixed_day=TODAY)


@pytest.fixture
def tracker(tmp_path, clock):
    opened = Tracker.open(tmp_path / "data", clock=clock, source="cli")
    yield opened
    opened.close()


def test_marking_done_raises_readiness_and_undo_restores_it(tracker):
    before = tracker.readiness("foundation")
    tracker.run(UpdateItem("foundation.skill.ml-lifecycle", status=Status.DONE))
    after = tracker.readiness("foundation")
    assert after > before
    assert tracker.undo_label().startswith("Mark done")
    tracker.undo()
    assert tracker.readiness("foundation") == before
    assert tracker.item("foundation.skill.ml-lifecycle").state.status is Status.TODO
    tracker.redo()
    assert tracker.readiness("foundation") == after


def test_every_change_logs_one_event_with_its_source(tracker):
    tracker.run(UpdateItem("foundation.skill.ml-lifecycle", status=Status.DONE))
    tracker.run(UpdateItem("foundation.skill.ml-lifecycle", notes="read the docs"))  # not a status change
    tracker.undo()  # notes back: still no status change
    tracker.undo()  # status back: one more event
    events = tracker.events()
    assert [(e.from_status, e.to_status, e.source) for e in events] == [
        (Status.TODO, Status.DONE, "cli"),
        (Status.DONE, Status.TODO, "undo"),
    ]


def test_a_new_change_clears_redo(tracker):
    tracker.run(UpdateItem("foundation.skill.ml-lifecycle", status=Status.DONE))
    tracker.undo()
    assert tracker.redo_label() is not None
    tracker.run(UpdateItem("foundation.skill.team-roles", status=Status.DONE))
    assert tracker.redo_label() is None
    with pytest.raises(UserError, match="Nothing to redo"):
        tracker.redo()


def test_undo_history_holds_at_least_100_steps(tracker):
    item = "foundation.skill.ml-lifecycle"
    for step in range(120):
        tracker.run(UpdateItem(item, notes=f"note {step}"))
    for _ in range(120):
        tracker.undo()
    assert tracker.item(item).state.notes == ""


def test_undo_survives_a_new_process(tmp_path, clock):
    first = Tracker.open(tmp_path / "d", clock=clock)
    first.run(UpdateItem("advanced.skill.cultural-shift", status=Status.IN_PROGRESS))
    first.close()
    second = Tracker.open(tmp_path / "d", clock=clock)
    second.undo()
    assert second.item("advanced.skill.cultural-shift").state.status is Status.TODO
    second.close()


def test_a_project_counts_as_done_only_with_evidence(tracker):
    project = "foundation.project.regression-workflow"
    tracker.run(UpdateItem(project, status=Status.DONE))
    without = tracker.readiness("foundation")
    assert tracker.item(project).needs_evidence
    tracker.run(UpdateItem(project, evidence="https://example.org/workflow"))
    assert tracker.readiness("foundation") > without
    assert not tracker.item(project).needs_evidence
    # the evidence change is in the log, so history is exact
    assert tracker.events()[-1].evidenced


def test_unknown_item_suggests_close_ids(tracker):
    with pytest.raises(NotFound, match=r"foundation\.skill\.ml-lifecycle"):
        tracker.resolve_item("foundation.skill.ml-lifecyle")


def test_confidence_out_of_range_changes_nothing(tracker):
    with pytest.raises(InvalidInput):
        tracker.run(UpdateItem("foundation.skill.ml-lifecycle", confidence=9))
    assert tracker.item("foundation.skill.ml-lifecycle").state.confidence is None
    assert tracker.undo_label() is None


def test_thirty_day_foundation_plan_with_sundays_off(tracker):
    spec = tracker.plan_spec("foundation", 30, study_weekdays=range(6))
    tracker.create_plan(spec)
    plan = tracker.require_plan("foundation")
    ids = [task.item_id for task in plan.tasks]
    level = tracker.curriculum.level("foundation")
    expected = {i.id for i in level.items if i.kind is not Kind.PHASE} | {
        "foundation.phase.1",
        "foundation.phase.2",
    }
    assert set(ids) == expected
    # every step of those items once (a split step's parts add up to its minutes)
    placed: dict[str, int] = {}
    for task in plan.tasks:
        placed[task.step_id] = placed.get(task.step_id, 0) + task.minutes
    assert placed == {step.id: step.minutes for item in expected for step in tracker.steps_of(item)}
    assert all(task.due.weekday() != 6 for task in plan.tasks)
    assert all(spec.start <= task.due < spec.start + timedelta(days=30) for task in plan.tasks)


def test_plan_create_delete_undo(tracker):
    tracker.create_plan(tracker.plan_spec("professional", 14))
    tracker.delete_plan("professional")
    assert tracker.plan("professional") is None
    tracker.undo()
    assert tracker.plan("professional") is not None
    assert tracker.plan("professional").spec.days == 14


def test_plan_length_out_of_range(tracker):
    with pytest.raises(InvalidInput, match="7 to 60"):
        tracker.plan_spec("foundation", 90)


def test_no_plan_yet_says_what_to_do(tracker):
    with pytest.raises(NotFound, match="plan create"):
        tracker.require_plan()


def _tracker_on(tmp_path, day: date) -> Tracker:
    return Tracker.open(tmp_path / "data", clock=Clock(tz=UTC, fixed_day=day))


def test_history_shows_the_change_on_the_day_it_happened(tmp_path):
    day1, day2 = date(2026, 11, 20), date(2026, 11, 23)
    t = _tracker_on(tmp_path, day1)
    t.run(UpdateItem("foundation.skill.ml-lifecycle", status=Status.DONE))
    t.close()
    t = _tracker_on(tmp_path, day2)
    t.run(UpdateItem("foundation.skill.team-roles", status=Status.DONE))
    history = {p.day: p.readiness for p in t.readiness_history("foundation")}
    t.close()
    assert min(history) == day1 and max(history) == day2
    assert history[day1] > 0
    assert history[date(2026, 11, 21)] == history[day1]
    assert history[day2] > history[day1]


def test_today_tasks_and_reschedule(tmp_path):
    start = date(2026, 11, 2)
    t = _tracker_on(tmp_path, start)
    t.create_plan(t.plan_spec("foundation", 30, start=start, exam=date(2026, 12, 10)))
    t.close()
    t = _tracker_on(tmp_path, date(2026, 11, 16))
    overdue = [view for view in t.today_tasks() if view.overdue]
    assert overdue, "two weeks in with nothing done, tasks are overdue"
    result = t.reschedule()
    assert set(result.moved) >= {view.step_id for view in overdue}
    assert all(view.task.due >= date(2026, 11, 16) for view in t.task_views(t.require_plan()))
    t.undo()  # a reschedule is undoable
    assert any(view.overdue for view in t.today_tasks())
    t.close()


def test_study_sessions_and_streak(tracker):
    tracker.run(LogStudySession(day=TODAY, minutes=25))
    assert tracker.study_sessions()[0].minutes == 25
    assert tracker.streak().current >= 1
    tracker.undo()
    assert tracker.study_sessions() == []


def test_summary_overall_is_mean_of_prepared_levels(tracker):
    tracker.run(UpdateItem("foundation.skill.ml-lifecycle", status=Status.DONE))
    tracker.run(UpdateItem("security.skill.privacy", status=Status.DONE))
    summary = tracker.summary()
    assert set(summary.levels) == {"foundation", "security"}
    expected = (tracker.readiness("foundation") + tracker.readiness("security")) / 2
    assert summary.overall == pytest.approx(expected)


def test_events_are_read_incrementally_and_in_time_order(tracker):
    tracker.run(UpdateItem("foundation.skill.ml-lifecycle", status=Status.DONE))
    first = list(tracker.events())
    tracker.run(UpdateItem("foundation.skill.team-roles", status=Status.DONE))
    events = tracker.events()
    assert events[: len(first)] == first and len(events) == 2
    assert all(e.at.tzinfo is not None and e.at <= datetime.now(UTC) for e in events)


def test_the_packaged_seed_is_validated_once_then_trusted_by_digest(tmp_path):
    """A second start on the same data folder builds the curriculum without pydantic."""
    import subprocess
    import sys

    folder = tmp_path / "seeded"
    script = (
        "import sys; from mlops_tracker.core.tracker import Tracker; "
        f"t = Tracker.open({str(folder)!r}); n = len(list(t.curriculum.items())); t.summary(); "
        "print(n, 'pydantic' in sys.modules, 'sqlalchemy' in sys.modules); t.close()"
    )
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert first.stdout.split() == ["39", "True", "True"]  # validated; the schema created with Alembic
    # trusted seed, and reads on plain sqlite3: start-up loads neither pydantic nor SQLAlchemy
    assert second.stdout.split() == ["39", "False", "False"]


def test_a_changed_seed_digest_validates_and_syncs_again(tmp_path, clock):
    from mlops_tracker.core.tracker import SEED_DIGEST_KEY

    first = Tracker.open(tmp_path / "d", clock=clock)
    digest = first.setting(SEED_DIGEST_KEY)
    first.set_setting(SEED_DIGEST_KEY, "from another version")
    first.close()
    again = Tracker.open(tmp_path / "d", clock=clock)
    assert again.setting(SEED_DIGEST_KEY) == digest
    assert len(again.items()) == 39
    again.close()


def test_evidence_added_a_day_later_does_not_move_the_completion_day(tmp_path):
    """A done project's evidence, added the next day, must not make its due day look missed."""
    start = date(2026, 3, 2)  # a Monday
    t = _tracker_on(tmp_path, start)
    t.create_plan(t.plan_spec("foundation", 7, start=start, study_weekdays=range(7)))
    tasks = t.require_plan("foundation").tasks
    t.close()
    for task in tasks:  # every task done on its day; projects get their evidence the day after
        on_day = _tracker_on(tmp_path, task.due)
        on_day.run(UpdateItem(task.item_id, status=Status.DONE))
        for earlier in tasks:
            if ".project." in earlier.item_id and earlier.due == task.due - timedelta(days=1):
                on_day.run(UpdateItem(earlier.item_id, evidence="https://example.org/proof"))
        on_day.close()
    last = _tracker_on(tmp_path, max(task.due for task in tasks))
    streak = last.streak()
    last.close()
    assert any(".project." in task.item_id for task in tasks)
    assert streak.freezes_used == ()
    assert streak.current == 7


def test_a_finished_plan_is_never_behind_and_shows_no_focus(tmp_path):
    start = date(2026, 10, 1)
    t = _tracker_on(tmp_path, start)
    t.create_plan(t.plan_spec("foundation", 14, start=start, exam=date(2026, 10, 10)))
    for item in t.scope("foundation"):
        t.run(UpdateItem(item.id, status=Status.DONE, evidence="https://example.org/proof"))
    t.close()
    t = _tracker_on(tmp_path, date(2026, 11, 27))
    status = t.level_status("foundation")
    assert status.readiness == 100
    assert status.buffer_days == 0
    assert t.focus_today() == []
    t.close()


def test_undoing_a_delete_puts_the_same_plan_back(tracker):
    tracker.create_plan(tracker.plan_spec("foundation", 30))
    tracker.create_plan(tracker.plan_spec("professional", 30))
    newest = tracker.plan()
    assert newest.spec.level == "professional"
    tracker.delete_plan("professional")
    tracker.undo()
    assert tracker.plan() == newest  # same id, same place as the newest plan
    tracker.redo()
    tracker.undo()
    assert tracker.plan() == newest


def test_a_reschedule_keeps_the_plan_s_identity(tmp_path):
    start = date(2026, 11, 2)
    t = _tracker_on(tmp_path, start)
    t.create_plan(t.plan_spec("foundation", 30, start=start))
    t.create_plan(t.plan_spec("professional", 30, start=start))
    t.close()
    t = _tracker_on(tmp_path, date(2026, 11, 16))
    before = t.require_plan("foundation").id
    assert t.reschedule("foundation").moved
    assert t.require_plan("foundation").id == before
    assert t.plan().spec.level == "professional"  # still the newest plan
    t.close()


def test_undo_restores_notes_exactly_as_they_were(tracker):
    item = "foundation.skill.ml-lifecycle"
    tracker.run(UpdateItem(item, notes="  see chapter 3\n"))
    tracker.run(UpdateItem(item, notes="rewritten"))
    tracker.undo()
    assert tracker.item(item).state.notes == "  see chapter 3\n"


def test_a_step_about_a_retired_item_is_dropped_not_stuck(tmp_path, clock):
    from dataclasses import replace

    t = Tracker.open(tmp_path / "d", clock=clock)
    t.run(UpdateItem("security.skill.privacy", status=Status.DONE))
    t.run(UpdateItem("foundation.skill.ml-lifecycle", status=Status.DONE))
    t.undo()
    t.close()
    full = Tracker.open(tmp_path / "d", clock=clock).curriculum
    without_privacy = replace(  # a later seed without the item
        full,
        levels=tuple(
            replace(level, items=tuple(i for i in level.items if i.id != "security.skill.privacy"))
            for level in full.levels
        ),
        _items_by_id={},
    )
    t = Tracker.open(tmp_path / "d", clock=clock, curriculum=without_privacy)
    with pytest.raises(UserError, match="can no longer be taken back"):
        t.undo()  # the first step was about the retired item
    assert t.undo_label() is None  # dropped, not stuck on top
    t.redo()  # the redo history is untouched
    assert t.item("foundation.skill.ml-lifecycle").state.status is Status.DONE
    t.close()


def test_a_summary_reads_each_table_once(tracker, monkeypatch):
    from mlops_tracker.storage import reads

    tracker.create_plan(tracker.plan_spec("foundation", 30))
    tracker.run(UpdateItem("foundation.skill.ml-lifecycle", status=Status.DONE))
    calls: list[str] = []
    for name in ("load_plans", "load_states", "load_study_sessions"):
        real = getattr(reads, name)
        monkeypatch.setattr(
            reads,
            name,
            lambda connection, *a, _real=real, _name=name: calls.append(_name) or _real(connection, *a),
        )
    summary = tracker.summary()
    assert summary.levels["foundation"].readiness > 0
    # the view reads what the last changes made stale, each table at most once
    assert "load_states" in calls and len(calls) == len(set(calls))


def test_states_plans_items_and_sessions_are_questions_of_the_view(tracker, monkeypatch):
    from mlops_tracker.storage import reads

    tracker.create_plan(tracker.plan_spec("foundation", 30))
    tracker.view()
    calls: list[str] = []
    for name in ("load_plans", "load_states", "load_study_sessions", "load_state"):
        real = getattr(reads, name)
        monkeypatch.setattr(
            reads,
            name,
            lambda connection, *a, _real=real, _name=name: calls.append(_name) or _real(connection, *a),
        )
    view = tracker.view()
    assert tracker.plans() == list(view.plans) and tracker.study_sessions() == list(view.sessions)
    assert tracker.states() == view.states and tracker.answers() == list(view.tables.answers)
    assert [v.item.id for v in tracker.items("foundation")] == [v.item.id for v in view.items("foundation")]
    assert calls == []  # nothing read again: one view answers them all
    tracker.run(UpdateItem("foundation.skill.ml-lifecycle", status=Status.DONE))
    assert tracker.states()["foundation.skill.ml-lifecycle"].status is Status.DONE  # a change is seen
    assert calls.count("load_states") == 1 and "load_plans" not in calls  # the write reads its item alone


def test_a_background_thread_reads_its_own_view_once_until_something_changes(tracker):
    import threading

    tracker.create_plan(tracker.plan_spec("foundation", 30))
    tracker.view()  # the window's thread owns the cache
    seen: list[object] = []

    def job() -> None:
        seen.extend([tracker.view(), tracker.view(), len(tracker.plans())])
        tracker.run(UpdateItem("foundation.skill.ml-lifecycle", status=Status.DONE))
        seen.append(tracker.states()["foundation.skill.ml-lifecycle"].status)

    thread = threading.Thread(target=job)
    thread.start()
    thread.join()
    assert seen[0] is seen[1] and seen[0] is not tracker.view()  # its own view, read once
    assert seen[2] == 1 and seen[3] is Status.DONE


def test_following_the_plan_day_by_day_keeps_a_growing_streak(tmp_path):
    clock = Clock(tz=UTC, fixed_day=TODAY)
    tracker = Tracker.open(tmp_path / "plan-follower", clock=clock, source="cli")
    try:
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=TODAY))
        plan = tracker.require_plan("foundation")
        due = sorted({task.due for task in plan.tasks})
        best = 0
        for day in due:
            clock.fixed_day = day
            for task in plan.tasks:
                if task.due == day:
                    tracker.run(UpdateItem(task.item_id, status=Status.DONE, evidence="https://example.org"))
            streak = tracker.streak()
            assert streak.today_done
            assert streak.current > best  # every day of the plan adds, empty plan days in between never break
            assert streak.freezes_used == ()
            best = streak.current
        assert best == len(due)
    finally:
        tracker.close()


def test_a_new_plan_is_not_behind_on_its_first_morning_but_is_the_next_day(tmp_path):
    clock = Clock(tz=UTC, fixed_day=TODAY)
    tracker = Tracker.open(tmp_path / "first-morning", clock=clock, source="cli")
    try:
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=TODAY))
        assert tracker.level_status("foundation").buffer_days == 0
        # behind once a day is over whose plan expected an item finished (its last step that day)
        tasks = tracker.require_plan("foundation").tasks
        first_item_due = max(task.due for task in tasks if task.item_id == tasks[0].item_id)
        clock.fixed_day = first_item_due
        assert tracker.level_status("foundation").buffer_days == 0
        clock.fixed_day = first_item_due + timedelta(days=1)
        assert tracker.level_status("foundation").buffer_days < 0
    finally:
        tracker.close()


def test_tick_undo_redo_counts_one_finished_item_for_the_day_and_the_week(tracker):
    item = "foundation.skill.ml-lifecycle"
    tracker.run(UpdateItem(item, status=Status.DONE))
    tracker.undo()
    tracker.redo()
    finished, _ = tracker.activity_by_day()
    assert finished == {TODAY: 1}
    assert tracker.finished_between(TODAY - timedelta(days=3), TODAY) == 1
    tracker.undo()
    assert tracker.activity_by_day()[0] == {}
    assert tracker.finished_between(TODAY - timedelta(days=3), TODAY) == 0


def _two_late_plans(tmp_path) -> Tracker:
    start = date(2026, 11, 2)
    t = _tracker_on(tmp_path, start)
    t.create_plan(t.plan_spec("foundation", 30, start=start))
    t.create_plan(t.plan_spec("professional", 30, start=start))
    t.close()
    return _tracker_on(tmp_path, date(2026, 11, 16))


def test_rescheduling_several_levels_is_one_undo_step(tmp_path):
    t = _two_late_plans(tmp_path)
    before = {level: t.require_plan(level).tasks for level in ("foundation", "professional")}
    results = t.reschedule_levels(["foundation", "professional"])
    assert all(result.moved for result in results.values())
    assert t.undo_label() == "Reschedule plans: Foundation, Professional"
    assert all(t.require_plan(level).tasks != tasks for level, tasks in before.items())
    t.undo()  # one undo takes every level back
    assert {level: t.require_plan(level).tasks for level in before} == before
    assert t.undo_label() == "Create plan: Professional"
    t.redo()
    assert all(t.require_plan(level).tasks != tasks for level, tasks in before.items())
    t.close()


def test_a_reschedule_failing_half_way_commits_nothing(tmp_path, monkeypatch):
    from mlops_tracker.storage import repository

    t = _two_late_plans(tmp_path)
    before = {level: t.require_plan(level).tasks for level in ("foundation", "professional")}
    label = t.undo_label()
    save = repository.save_plan
    calls: list[str] = []

    def save_then_fail(session, spec, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(spec.level)
        if len(calls) == 2:
            raise InvalidInput("the disk went away")
        return save(session, spec, *args, **kwargs)

    monkeypatch.setattr(repository, "save_plan", save_then_fail)
    with pytest.raises(InvalidInput):
        t.reschedule_levels(["foundation", "professional"])
    assert calls == ["foundation", "professional"]  # the first level was saved before the failure
    assert {level: t.require_plan(level).tasks for level in before} == before
    assert t.undo_label() == label
    t.close()

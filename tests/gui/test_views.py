"""Pages render one view: from a hand-built one in tests, and a tick costs at most three read queries."""

from __future__ import annotations

import sqlite3
from datetime import UTC, timedelta
from pathlib import Path

from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import Changes, LogStudySession, UpdateItem
from mlops_tracker.core.views import IndexSnapshot, Tables, View
from mlops_tracker.domain.model import ItemState, Plan, PlanSpec, PlanTask, Status, StudySession
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.models import ItemIdRole
from mlops_tracker.gui.pages.today import TodayPage
from tests.gui.conftest import TODAY, open_tracker

MAX_TICK_QUERIES = 3
TODAY_ITEM = "foundation.skill.versioning-lineage"  # the plan fixture's task due today
SKILL, PROJECT, LATE = (
    "foundation.skill.ml-lifecycle",
    "foundation.project.regression-workflow",
    "foundation.skill.team-roles",
)


def hand_built_view(tracker_curriculum, clock: Clock) -> View:  # type: ignore[no-untyped-def]
    """Return a view with a plan: a skill done today, a project due today, an overdue skill; 45 minutes."""
    spec = PlanSpec(
        "foundation", 30, TODAY - timedelta(days=3), TODAY + timedelta(days=40), frozenset(range(7))
    )
    plan = Plan(
        1, spec, (PlanTask(LATE, TODAY - timedelta(days=2)), PlanTask(SKILL, TODAY), PlanTask(PROJECT, TODAY))
    )
    tables = Tables(
        states={SKILL: ItemState(SKILL, Status.DONE)},
        plans=(plan,),
        sessions=(StudySession(1, TODAY, 45, None),),
    )
    index = IndexSnapshot(
        events=(),
        completed_on={SKILL: TODAY},
        activity_days=frozenset({TODAY}),
        item_days={SKILL: ((TODAY, Status.DONE),)},
    )
    return View(tracker_curriculum, clock, TODAY, tables, index)


def test_the_today_page_renders_a_hand_built_view(qtbot, empty_folder: Path) -> None:  # type: ignore[no-untyped-def]
    tracker = open_tracker(empty_folder)
    try:
        page = TodayPage(TrackerBridge(tracker))
        qtbot.addWidget(page)
        view = hand_built_view(tracker.curriculum, Clock(tz=UTC, fixed_day=TODAY))
        page.render(view)
        ids = [page.model.index(row).data(ItemIdRole) for row in range(page.model.rowCount())]
        assert ids == [LATE, SKILL, PROJECT]  # overdue first, then today's
        assert page.tasks_count.text() == "1 of 3 done"
        assert page.subtitle_label.text() == "2 tasks to do, 1 of them overdue, 1 done."
        assert page.reschedule_button.isVisibleTo(page)
        assert page.week_label.text() == "45 min studied · 1 item finished"
        assert page.streak_tile.value() == "0 days"  # the project due today is still open
        assert page.exam_tile.value() == "40 days"
        assert page.readiness_tile.value() == f"{view.overall:.0f}%"
    finally:
        tracker.close()


def test_finished_today_is_the_view_s_rule(empty_folder: Path) -> None:
    tracker = open_tracker(empty_folder)
    try:
        view = hand_built_view(tracker.curriculum, Clock(tz=UTC, fixed_day=TODAY))
        assert view.finished_today == {SKILL}
        assert view.week.finished == 1 and view.week.minutes == 45
        assert [task.item.id for task in view.tasks] == [LATE, PROJECT]  # open ones only
    finally:
        tracker.close()


def test_one_tick_on_the_today_page_costs_at_most_three_read_queries(qtbot, plan_folder: Path) -> None:  # type: ignore[no-untyped-def]
    tracker = open_tracker(plan_folder)
    try:
        bridge = TrackerBridge(tracker)
        page = TodayPage(bridge)
        qtbot.addWidget(page)
        page.show()
        tracker.warm_up()
        tracker.run(UpdateItem(SKILL, status=Status.IN_PROGRESS))  # the first change loads the write path
        queries: list[str] = []
        with tracker.database.reading() as connection:
            assert isinstance(connection, sqlite3.Connection)
        connection.set_trace_callback(queries.append)
        try:
            tracker.run(UpdateItem(SKILL, status=Status.DONE))  # the tick: the page refreshes from its slot
        finally:
            connection.set_trace_callback(None)
        reads = [q for q in queries if q.lstrip().upper().startswith("SELECT")]
        assert 0 < len(reads) <= MAX_TICK_QUERIES, queries
        assert page.view is tracker.view()  # one view per change, shared by every reader
        assert page.tasks_count.text().startswith("1 of")
    finally:
        tracker.close()


def test_a_view_is_the_same_object_until_something_changes(empty_folder: Path) -> None:
    tracker = open_tracker(empty_folder)
    try:
        first = tracker.view()
        assert tracker.view() is first
        tracker.run(UpdateItem(SKILL, status=Status.DONE))
        second = tracker.view()
        assert second is not first and second.readiness("foundation") > first.readiness("foundation")
        assert first.states[SKILL].status is Status.TODO  # the old view did not change
        tracker.clock.fixed_day = TODAY + timedelta(days=1)
        assert tracker.view().today == TODAY + timedelta(days=1)  # a new day: a new view
    finally:
        tracker.close()


def test_a_commit_of_another_process_is_read_in_full(empty_folder: Path) -> None:
    tracker = open_tracker(empty_folder)
    other = open_tracker(empty_folder)
    try:
        assert tracker.view().plans == ()
        other.create_plan(other.plan_spec("foundation", 30, start=TODAY))
        other.run(UpdateItem(SKILL, status=Status.DONE))
        view = tracker.view()
        assert [plan.spec.level for plan in view.plans] == ["foundation"]
        assert view.states[SKILL].status is Status.DONE and len(view.events) == 1
    finally:
        other.close()
        tracker.close()


def test_a_hidden_page_refreshes_when_shown_for_what_it_missed(main_window) -> None:  # type: ignore[no-untyped-def]
    plan_page = main_window.page("plan")  # built, hidden behind Today
    before = plan_page.fact_labels["progress"].text()
    calls: list[Changes] = []
    refresh = plan_page.refresh
    plan_page.refresh = lambda changes: (calls.append(changes), refresh(changes))
    tick = main_window.bridge.run(UpdateItem(TODAY_ITEM, status=Status.DONE))  # a tick on Today
    logged = main_window.bridge.run(LogStudySession(day=TODAY, minutes=30))  # two changes missed
    assert calls == []  # a hidden page does not rebuild on a change
    assert plan_page.fact_labels["progress"].text() == before
    main_window.show_page("plan")
    assert tick is not None and logged is not None
    assert tick.items and logged.sessions and not tick.sessions
    assert calls == [tick | logged]  # once, for what both changed
    done = int(before.split(" of ")[0])
    assert plan_page.fact_labels["progress"].text().startswith(f"{done + 1} of ")
    main_window.show_page("today")
    main_window.show_page("plan")
    assert len(calls) == 1  # nothing missed meanwhile: no refresh

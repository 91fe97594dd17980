"""collect_report_data reads what the report and portfolio show from a real Tracker with history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mlops_tracker.core import views
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import LogStudySession, UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import MAIN_LEVELS, ProgressEvent, Status
from mlops_tracker.reports.collect import collect_report_data, finished_days
from mlops_tracker.storage import repository as repo

TODAY = date(2026, 11, 20)
START = TODAY - timedelta(days=9)
EXAM = date(2026, 12, 15)
SKILLS = ("foundation.skill.ml-lifecycle", "foundation.skill.versioning-lineage")
WITH_EVIDENCE = "foundation.project.regression-workflow"
WITHOUT_EVIDENCE = "foundation.project.registry-components"


def on(tracker: Tracker, day: date) -> Tracker:
    """Make the tracker's "today" a given day, so the next commands are logged on it."""
    tracker.clock.fixed_day = day
    return tracker


@pytest.fixture
def tracker(tmp_path: Path) -> Iterator[Tracker]:
    """Return a tracker with ten days of Foundation history, a plan with an exam and study minutes."""
    tracker = Tracker.open(tmp_path / "d", clock=Clock(tz=UTC, fixed_day=START))
    tracker.create_plan(tracker.plan_spec("foundation", 30, start=START, exam=EXAM))
    on(tracker, START).run(UpdateItem(SKILLS[0], status=Status.DONE, confidence=4))
    on(tracker, START + timedelta(days=2)).run(UpdateItem(WITH_EVIDENCE, status=Status.DONE))
    on(tracker, START + timedelta(days=4)).run(UpdateItem(WITH_EVIDENCE, evidence="https://example.org/wf"))
    on(tracker, START + timedelta(days=5)).run(UpdateItem(WITHOUT_EVIDENCE, status=Status.DONE))
    on(tracker, START + timedelta(days=7)).run(UpdateItem(SKILLS[1], status=Status.DONE, notes="read it"))
    tracker.run(LogStudySession(day=START + timedelta(days=7), minutes=90))
    on(tracker, TODAY)
    yield tracker
    tracker.close()


def test_finished_projects_need_evidence_and_date_from_when_they_started_to_count(tracker):
    data = collect_report_data(tracker.view())
    titles = [project.title for project in data.projects]
    assert titles == [tracker.curriculum.item(WITH_EVIDENCE).title]
    [project] = data.projects
    assert project.evidence == "https://example.org/wf"
    assert project.level_name == "Foundation"
    # done on day 2 without proof, it counted from day 4 when the evidence came
    assert project.finished_on == START + timedelta(days=4)


def test_finished_day_is_the_last_time_a_project_started_to_count(tracker):
    on(tracker, TODAY - timedelta(days=1)).run(UpdateItem(WITH_EVIDENCE, status=Status.TODO))
    on(tracker, TODAY).run(UpdateItem(WITH_EVIDENCE, status=Status.DONE))
    assert finished_days(tracker.view(), tracker.events())[WITH_EVIDENCE] == TODAY


def test_summary_levels_checklist_and_series(tracker):
    data = collect_report_data(tracker.view(), learner="Ada")
    assert data.generated_on == TODAY and data.learner == "Ada"
    assert [level.level_id for level in data.levels] == ["foundation"]
    [level] = data.levels
    status = tracker.level_status("foundation")
    assert level.readiness == pytest.approx(status.readiness)
    assert level.buffer_days == status.buffer_days
    assert level.forecast_message == status.forecast.message
    assert level.exam == EXAM
    assert data.overall == pytest.approx(status.readiness)
    assert data.series["foundation"] == tracker.readiness_history("foundation")
    assert data.plans["foundation"] == tracker.plan_curve("foundation")
    assert data.exams == {"foundation": EXAM}
    # the checklist holds every Foundation item, with the learner's notes and confidence
    assert {row.level_name for row in data.checklist} == {"Foundation"}
    assert len(data.checklist) == len(tracker.items("foundation"))
    first = next(row for row in data.checklist if row.title == tracker.curriculum.item(SKILLS[0]).title)
    assert (first.status, first.confidence, first.kind_label) == (Status.DONE, 4, "Skills")


def test_activity_and_breakdown(tracker):
    data = collect_report_data(tracker.view())
    assert data.finished_per_day[START] == 1
    assert data.finished_per_day[START + timedelta(days=7)] == 1
    assert data.minutes_per_day == {START + timedelta(days=7): 90}
    assert data.breakdown["Foundation"][Status.DONE] == 4
    assert data.breakdown["Foundation · Skills"][Status.DONE] == 2
    assert data.breakdown["Foundation · Projects"] == {
        Status.DONE: 2,
        Status.IN_PROGRESS: 0,
        Status.TODO: 1,
        Status.SKIPPED: 0,
    }
    assert sum(data.breakdown["Foundation"].values()) == len(tracker.items("foundation"))


def test_no_level_prepared_reports_the_three_main_levels(tmp_path):
    tracker = Tracker.open(tmp_path / "empty", clock=Clock(tz=UTC, fixed_day=TODAY))
    try:
        data = collect_report_data(tracker.view())
    finally:
        tracker.close()
    assert [level.level_id for level in data.levels] == list(MAIN_LEVELS)
    assert data.overall == 0 and data.projects == [] and data.checklist == []
    assert all(level.buffer_days is None for level in data.levels)


def test_the_view_s_level_matches_the_facade(tracker):
    entry = tracker.view().level("foundation")
    assert entry.status == tracker.level_status("foundation")
    assert entry.exam == EXAM


def test_forecast_line_runs_from_today_to_the_ready_day(tracker):
    view = tracker.view()
    status = tracker.level_status("foundation")
    assert status.forecast.ready_on is not None
    line = view.level("foundation").forecast_line(TODAY)
    assert line == (TODAY, status.readiness, status.forecast.ready_on)
    assert view.level("advanced").forecast_line(TODAY) is None  # no history: no forecast
    # the report draws the same line
    assert collect_report_data(view).forecasts["foundation"] == line


def test_one_view_per_change_follows_ticks_undo_evidence_and_new_days(tracker, monkeypatch):
    tracker.view().progress()  # the first look reads the whole log
    replayed: list[list[str]] = []
    replay = views.rd.readiness_histories

    def counting(scopes, *args):  # type: ignore[no-untyped-def]
        replayed.append(list(scopes))
        return replay(scopes, *args)

    monkeypatch.setattr(views.rd, "readiness_histories", counting)

    def same() -> None:
        view = tracker.view()
        assert tracker.view() is view  # nothing changed: the same view
        progress = view.progress()
        assert list(progress) == view.preparing
        naive_first = tracker.clock.day_of(view.events[0].at)
        for level_id, entry in progress.items():
            scope = {level_id: view.scope(level_id)}
            events, tz, steps = list(view.events), tracker.clock.tz, view.steps_credit
            naive = replay(scope, events, naive_first, view.today, tz, steps)[level_id]
            assert entry.history == naive
            assert entry.plan_curve == tracker.plan_curve(level_id)

    steps = [
        UpdateItem("foundation.skill.terminology-tools", status=Status.DONE),
        UpdateItem(WITHOUT_EVIDENCE, notes="wrote it up"),  # a done project gets its proof
        UpdateItem("professional.skill.ml-cicd", status=Status.IN_PROGRESS),  # a second level starts
        UpdateItem("foundation.phase.1", status=Status.SKIPPED),
    ]
    for command in steps:
        tracker.run(command)
        same()
    tracker.undo()
    same()
    # ticks only replace today's point; the history of a level that starts is read once
    assert replayed == [["professional"]]
    tracker.run(LogStudySession(day=TODAY, minutes=30))
    same()
    assert tracker.view().minutes_by_day[TODAY] == 30
    tracker.clock.fixed_day = TODAY + timedelta(days=1)  # a new day adds a point
    tracker.run(UpdateItem(SKILLS[1], status=Status.TODO))
    same()
    tracker.create_plan(tracker.plan_spec("foundation", 60, start=START, exam=EXAM))
    same()


def test_finished_per_local_day_across_midnight_and_daylight_saving(tmp_path):
    berlin = ZoneInfo("Europe/Berlin")
    tracker = Tracker.open(tmp_path / "tz", clock=Clock(tz=berlin, fixed_day=date(2026, 11, 20)))
    items = [item.id for item in tracker.curriculum.level("foundation").items]
    # around local midnight in summer (UTC+2) and winter (UTC+1), and on the night the clocks change
    moments = [
        datetime(2026, 7, 1, 21, 59, tzinfo=UTC),
        datetime(2026, 7, 1, 22, 1, tzinfo=UTC),
        datetime(2026, 10, 24, 22, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 22, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 22, 59, tzinfo=UTC),
        datetime(2026, 11, 1, 23, 1, tzinfo=UTC),
    ]
    with tracker.database.transaction() as session:
        for number, (item_id, at) in enumerate(zip(items, moments, strict=False)):
            event = ProgressEvent(f"e{number}", item_id, Status.TODO, Status.DONE, at, "import")
            repo.add_event(session, event)
    try:
        finished = tracker.view().finished_by_day
        assert finished == {
            date(2026, 7, 1): 1,
            date(2026, 7, 2): 1,
            date(2026, 10, 25): 2,  # 00:30 summer time and 23:30 winter time of the same day
            date(2026, 11, 1): 1,
            date(2026, 11, 2): 1,
        }
    finally:
        tracker.close()

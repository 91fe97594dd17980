"""Answers are a part of the view: retained readiness now and on any past day, practice scores, the outlook,
due reviews, and the current schedule's curve beside the plan as first made."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, timedelta

import pytest

from mlops_tracker.core import reviews
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain import retained as rt
from mlops_tracker.domain.model import Status

START = date(2026, 11, 1)
TODAY = START + timedelta(days=12)
SKILL = "foundation.skill.ml-lifecycle"
OTHER = "foundation.skill.versioning-lineage"


def _answer(tracker: Tracker, item_id: str, right: bool = True) -> None:
    [question, *_] = reviews.bank().for_item(item_id)
    choice = question.answer + 1 if right else (question.answer + 1) % 4 + 1
    reviews.answer_question(tracker, question.id, choice)


@pytest.fixture
def tracker(tmp_path):  # type: ignore[no-untyped-def]
    """Return a tracker with a Foundation plan from START, two skills done and checked on START + 2."""
    tracker = Tracker.open(tmp_path / "d", clock=Clock(tz=UTC, fixed_day=START))
    tracker.create_plan(tracker.plan_spec("foundation", 30, start=START, exam=START + timedelta(days=32)))
    tracker.clock.fixed_day = START + timedelta(days=2)
    for item_id in (SKILL, OTHER):
        tracker.run(UpdateItem(item_id, status=Status.DONE))
    _answer(tracker, SKILL)
    _answer(tracker, OTHER, right=False)
    tracker.clock.fixed_day = TODAY
    yield tracker
    tracker.close()


def test_retained_now_is_coverage_times_recall_and_never_above_readiness(tracker):
    view = tracker.view()
    assert len(view.tables.answers) == 2
    statuses = {item_id: state.status for item_id, state in view.states.items()}
    naive = rt.retained(view.scope("foundation"), statuses, set(), rt.recall_on(view.cards, TODAY))
    assert 0 < view.retained("foundation") == pytest.approx(naive)
    assert view.retained("foundation") < view.readiness("foundation")
    assert reviews.retained(tracker, "foundation") == view.retained("foundation")  # one place per rule


def test_retained_on_any_past_day_is_exact(tracker):
    view = tracker.view()
    history = {point.day: point for point in view.retained_histories(["foundation"])["foundation"]}
    assert min(history) == START + timedelta(days=2) and max(history) == TODAY  # from the first event
    statuses = {item_id: state.status for item_id, state in view.states.items()}
    for offset in (2, 5, 9, 12):
        day = START + timedelta(days=offset)
        naive = rt.retained(view.scope("foundation"), statuses, set(), rt.recall_on(view.cards, day))
        assert history[day].retained == pytest.approx(naive)
        assert history[day].readiness == pytest.approx(view.readiness("foundation"))
    assert history[START + timedelta(days=5)].retained > history[TODAY].retained  # recall fades


def test_answers_are_read_again_only_when_a_change_flags_reviews(tracker):
    tracker.view()
    queries: list[str] = []
    with tracker.database.reading() as connection:
        assert isinstance(connection, sqlite3.Connection)
    connection.set_trace_callback(queries.append)
    try:
        tracker.run(UpdateItem("foundation.skill.team-roles", status=Status.DONE))
        tracker.view()
        assert not [q for q in queries if "FROM answers" in q]  # a tick does not read the answers
        _answer(tracker, "foundation.skill.team-roles")
        assert len(tracker.view().tables.answers) == 3
        assert [q for q in queries if "FROM answers" in q]
    finally:
        connection.set_trace_callback(None)
    # a confidence change rates answers again (Hard instead of Good): it flags reviews too
    assert tracker.run(UpdateItem(SKILL, confidence=1)).reviews
    assert not tracker.run(UpdateItem(SKILL, notes="read again")).reviews


def test_due_reviews_count_per_level(tracker):
    view = tracker.view()
    # ten days on both are due; the wrong answer was due first
    assert [review.item_id for review in view.due_reviews] == [OTHER, SKILL]
    assert view.due_count("foundation") == 2 and view.due_count("professional") == 0


def test_practice_scores_and_the_outlook_come_from_the_view(tracker):
    exam = reviews.start_practice(tracker, "foundation", count=5, minutes=10, seed=4)
    right = [(entry.answer + 1, 10) for entry in exam.questions]
    reviews.record_practice(tracker, exam, [*right[:4], (None, None)])
    view = tracker.view()
    assert view.practice_scores("foundation") == [(TODAY, 80.0)]
    assert view.outlook("foundation", 70).startswith("Nearly (20 days to the exam): practice 80%")
    assert view.outlook("foundation", 90).startswith("Not yet on track")
    assert reviews.outlook(tracker, "foundation") == view.outlook("foundation", 70)


def test_a_reschedule_keeps_the_plan_as_first_made_and_adds_the_current_schedule(tracker):
    view = tracker.view()
    baseline = view.plan_curve("foundation")
    assert view.schedule_curve("foundation") == []  # no reschedule yet: one curve
    tracker.reschedule("foundation")
    after = tracker.view()
    assert after.plan_curve("foundation") == baseline  # the baseline stays: lateness shows
    schedule = after.schedule_curve("foundation")
    assert schedule and schedule != baseline
    day = TODAY + timedelta(days=3)
    expected = {point.day: point.readiness for point in baseline}
    current = {point.day: point.readiness for point in schedule}
    assert current[day] < expected[day]  # overdue work moved later: the current schedule lags the baseline

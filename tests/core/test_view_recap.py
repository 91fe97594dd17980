"""The recap rule lives in the view: the items of the last study day before today with finished steps, which
today's review session offers to self-check when no review is due."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest

from mlops_tracker.core import reviews
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker

START = date(2026, 11, 2)  # a Monday; the default plan studies Monday to Saturday
LAST = date(2026, 11, 9)  # the last study day with a ticked step: two items, each with one step that day
TODAY = date(2026, 11, 10)
LAST_ITEMS = ["foundation.skill.versioning-lineage", "foundation.skill.terminology-tools"]


def _tick(tracker: Tracker, day: date) -> None:
    for task in tracker.plan().tasks:
        if task.due == day:
            tracker.run(UpdateItem(task.item_id, steps=((task.step_id, True),)))


@pytest.fixture
def tracker(tmp_path):  # type: ignore[no-untyped-def]
    """Return a tracker on TODAY with a Foundation plan from START and nothing ticked yet."""
    tracker = Tracker.open(tmp_path / "d", clock=Clock(tz=UTC, fixed_day=START))
    tracker.create_plan(tracker.plan_spec("foundation", 30, start=START, exam=START + timedelta(days=32)))
    tracker.clock.fixed_day = TODAY
    yield tracker
    tracker.close()


def test_the_recap_is_the_last_past_study_day_with_finished_steps(tracker):
    assert tracker.view().recap_items == []  # nothing ticked: nothing to recap
    days = sorted({task.due for task in tracker.plan().tasks if task.due <= TODAY})
    assert [task.item_id for task in tracker.plan().tasks if task.due == LAST] == LAST_ITEMS  # the fixture
    _tick(tracker, START)  # an earlier study day
    assert tracker.view().recap_items == ["foundation.phase.1"]
    _tick(tracker, LAST)
    _tick(tracker, TODAY)  # today's ticks are today's work, not a recap
    assert TODAY in days and tracker.view().recap_items == LAST_ITEMS  # in task order, each item once


def test_today_s_session_offers_the_recap_only_when_no_review_is_due(tracker):
    _tick(tracker, LAST)
    view = tracker.view()
    assert view.review_minutes_today  # today keeps a review session
    assert reviews.recap(view, reviews.today_reviews(tracker)) == LAST_ITEMS
    [first, *_] = reviews.bank().for_item(LAST_ITEMS[0])
    tracker.clock.fixed_day = TODAY - timedelta(days=3)
    reviews.answer_question(tracker, first.id, (first.answer + 1) % 4 + 1)  # wrong: due again by TODAY
    tracker.clock.fixed_day = TODAY
    due = reviews.today_reviews(tracker)
    assert [review.item_id for review in due.reviews] == [LAST_ITEMS[0]]
    assert reviews.recap(tracker.view(), due) == []
    tracker.undo()  # nothing due again
    tracker.clock.fixed_day = TODAY + timedelta(days=5)  # a Sunday: no review session, no recap offered
    due = reviews.today_reviews(tracker)
    assert not due.reviews and tracker.view().review_minutes_today is None
    assert tracker.view().recap_items and reviews.recap(tracker.view(), due) == []


def test_the_recap_asks_up_to_three_questions_of_each_item_in_item_order():
    asked = reviews.recap_questions(LAST_ITEMS)
    expected = [
        q.id for item in LAST_ITEMS for q in reviews.bank().for_item(item)[: reviews.QUESTIONS_PER_REVIEW]
    ]
    assert [q.id for q in asked] == expected
    assert {q.item_id for q in asked} == set(LAST_ITEMS)
    assert reviews.recap_questions([]) == []

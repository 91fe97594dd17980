"""What Today and Progress will read: due reviews with minutes, retained history and practice scores."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from mlops_tracker.core import reviews
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status

DAY = date(2026, 11, 20)


def _open(folder, day: date = DAY) -> Tracker:
    return Tracker.open(folder, clock=Clock(tz=UTC, fixed_day=day), source="ui")


def test_today_reviews_counts_due_items_and_estimates_minutes(tmp_path):
    tracker = _open(tmp_path / "a")
    asked = reviews.level_questions(tracker, "foundation")
    items = {q.item_id: q for q in asked}
    for entry in list(items.values())[:4]:
        reviews.answer_question(tracker, entry.id, (entry.answer + 1) % 4 + 1)  # wrong: due tomorrow
    assert reviews.today_reviews(tracker).reviews == ()
    tracker.clock = Clock(tz=UTC, fixed_day=DAY + timedelta(days=1))
    today = reviews.today_reviews(tracker)
    assert len(today.reviews) == 4 and today.minutes == 12 and today.label == "4 reviews due · 12 min"
    tracker.close()


def test_progress_gets_readiness_retained_and_practice_scores_by_level(tmp_path):
    tracker = _open(tmp_path / "a")
    tracker.run(UpdateItem("foundation.skill.ml-lifecycle", status=Status.DONE))
    exam = reviews.start_practice(tracker, "foundation", count=5, minutes=10, seed=3)
    assert exam == reviews.start_practice(tracker, "foundation", 5, 10, seed=3).__class__(
        exam.practice_id, "foundation", exam.questions, 10, 70
    )
    right = [(entry.answer + 1, 20) for entry in exam.questions]
    result = reviews.record_practice(tracker, exam, right[:4])  # the fifth ran out of time
    assert result.score == 80 and len(result.wrong) == 1 and result.wrong[0].choice is None
    tracker.clock = Clock(tz=UTC, fixed_day=DAY + timedelta(days=10))
    progress = reviews.progress_reviews(tracker, ["foundation"])
    history = progress.retained["foundation"]
    assert history[0].day == DAY and history[-1].day == DAY + timedelta(days=10)
    assert all(point.retained <= point.readiness for point in history)
    assert progress.practice["foundation"] == [(DAY, 80.0)]
    assert reviews.last_practice_score(tracker, "foundation") == 80.0
    assert "practice 80%" in reviews.outlook(tracker, "foundation")
    tracker.undo()  # the whole practice exam is one change
    assert reviews.practice_results(tracker) == {}
    tracker.close()

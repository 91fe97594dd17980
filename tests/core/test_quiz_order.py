"""A self-check of a level asks about what was studied before what was not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mlops_tracker.core import reviews
from mlops_tracker.core.clock import Clock, local_tz
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status

START = date(2027, 1, 4)


def _tracker(folder: Path) -> Tracker:
    tracker = Tracker.open(folder, clock=Clock(tz=local_tz(), fixed_day=START))
    tracker.create_plan(tracker.plan_spec("foundation", 30, start=START))
    return tracker


def test_studied_items_come_before_items_not_studied_yet(tmp_path):
    tracker = _tracker(tmp_path)
    try:
        skills = [
            item.id for item in tracker.curriculum.level("foundation").items if item.kind.value == "skill"
        ]
        done, stepped = skills[-1], skills[-2]  # the last in seed order: before the fix they came last
        tracker.run(UpdateItem(done, status=Status.DONE))
        first_step = tracker.steps_of(stepped)[0]
        tracker.run(UpdateItem(stepped, steps=((first_step.id, True),)))
        asked = [question.item_id for question in reviews.session_questions(tracker, "foundation", count=2)]
        assert sorted(asked) == sorted([done, stepped])
        # with more questions than studied items, the rest are about items not studied yet
        more = [question.item_id for question in reviews.session_questions(tracker, "foundation", count=4)]
        assert sorted(more[:2]) == sorted([done, stepped]) and not {done, stepped} & set(more[2:])
    finally:
        tracker.close()


def test_a_due_item_comes_first_even_when_not_studied(tmp_path):
    tracker = _tracker(tmp_path)
    try:
        skills = [
            item.id for item in tracker.curriculum.level("foundation").items if item.kind.value == "skill"
        ]
        tracker.run(UpdateItem(skills[0], status=Status.DONE))
        wrong_about = skills[-1]  # never studied, answered wrongly: due tomorrow
        question = reviews.bank().for_item(wrong_about)[0]
        wrong = (question.answer + 1) % 4 + 1
        reviews.answer_question(tracker, question.id, wrong)
    finally:
        tracker.close()
    tracker = Tracker.open(tmp_path, clock=Clock(tz=local_tz(), fixed_day=date(2027, 1, 5)))
    try:
        asked = [question.item_id for question in reviews.session_questions(tracker, "foundation", count=2)]
        assert asked == [wrong_about, skills[0]]
    finally:
        tracker.close()

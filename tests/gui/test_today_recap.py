"""Today's recap: with no review due, the review session offers a self-check of the last study day's items:
the same items (`View.recap_items`) and questions (`reviews.recap_questions`) as `quiz --recap`."""

from __future__ import annotations

from datetime import timedelta

from mlops_tracker.core import reviews
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.gui.dialogs.self_check import SelfCheckDialog
from tests.gui.conftest import TODAY, open_tracker, show_active

START = TODAY - timedelta(days=3)  # a Sunday; the default plan studies Monday to Saturday


def test_the_review_button_asks_the_last_study_day_s_recap_questions(window_factory, tmp_path, qtbot):
    folder = tmp_path / "data"
    tracker = open_tracker(folder)
    try:
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=START, exam=START + timedelta(days=32)))
        past = sorted({task.due for task in tracker.plan().tasks if task.due < TODAY})
        for task in tracker.plan().tasks:
            if task.due == past[0]:  # only the first study day: the last one with ticked steps
                tracker.run(UpdateItem(task.item_id, steps=((task.step_id, True),)))
        recap = list(dict.fromkeys(t.item_id for t in tracker.plan().tasks if t.due == past[0]))
    finally:
        tracker.close()
    assert len(past) > 1  # a later past study day, left unticked, is not the recap
    window = show_active(qtbot, window_factory(folder))
    page = window.today_page
    assert page.recap == window.tracker.view().recap_items == recap
    assert page.review_hint.text() == "No reviews due: take a self-check of the items of your last study day."
    assert page.review_button.isEnabled()
    page.review_button.click()
    qtbot.waitUntil(lambda: page.review_dialog is not None and page.review_dialog.isVisible())
    dialog = page.review_dialog
    assert isinstance(dialog, SelfCheckDialog)
    assert dialog.windowTitle() == "Self-check of your last study day"
    assert [q.id for q in dialog.questions] == [q.id for q in reviews.recap_questions(recap)]
    dialog.close()

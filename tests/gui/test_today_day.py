"""Today with a plan of steps: outcomes and sources, the budget, due reviews, the exam, edge days."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from mlops_tracker.core import reviews
from mlops_tracker.core.commands import LogStudySession, RecordExam, UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.gui.dialogs.self_check import SelfCheckDialog
from mlops_tracker.gui.models.tasks import DetailRole
from tests.gui.conftest import TODAY, open_tracker, show_active


def _plan_folder(tmp_path: Path, start=TODAY, weekdays=None, minutes: int = 60, days: int = 30) -> Path:
    folder = tmp_path / "data"
    tracker = open_tracker(folder)
    try:
        spec = tracker.plan_spec(
            "foundation", days, start=start, study_weekdays=weekdays, minutes_per_day=minutes
        )
        tracker.create_plan(spec)
    finally:
        tracker.close()
    return folder


def _tick_today(tracker: Tracker) -> None:
    for task in tracker.view().visible_tasks:
        tracker.run(UpdateItem(task.item.id, steps=((task.step_id, True),)))


def test_the_first_morning_lists_steps_with_outcome_source_and_budget(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_plan_folder(tmp_path)))
    page = window.today_page
    model = page.model
    assert model.rowCount() > 0
    first = model.task(0)
    detail = model.index(0).data(DetailRole)
    assert f"Guide: {first.item.title}" in detail
    outcome = next(s.outcome for s in window.tracker.steps_of(first.item.id) if s.id == first.step_id)
    assert outcome in detail and outcome in model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert page.tasks_heading.text() == "Today's steps"
    assert "retained" not in page.readiness_tile.detail()  # nothing checked yet: retained would mislead
    assert not page.suggested_label.isHidden() and "Suggested" in page.suggested_label.text()
    planned = sum(model.task(row).minutes for row in range(model.rowCount()))
    assert page.budget_label.text().startswith(f"{planned} of 60 min planned today")
    assert "behind" not in page.buffer_tile.findChild(type(page.budget_label), "tileValue").text()


def test_space_ticks_the_selected_step_and_the_timer_logs_against_it(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_plan_folder(tmp_path)))
    page = window.today_page
    view = page.task_view
    view.setFocus()
    view.setCurrentIndex(page.model.index(0))
    step = page.model.task(0)
    assert page.timer.item_id == step.item.id and step.step_title in page.timer.target_label.toolTip()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: step.step_id in window.tracker.done_steps())
    page.timer.minutes_spin.setValue(20)
    page.timer.log_button.click()
    sessions = window.tracker.study_sessions()
    assert [(s.minutes, s.item_id) for s in sessions] == [(20, step.item.id)]


def _answer_wrong(folder: Path, count: int) -> None:
    """Answer one question of `count` foundation items wrong five days ago: each is due for review now."""
    earlier = open_tracker(folder, TODAY - timedelta(days=5))
    try:
        items = [i for i in earlier.curriculum.level("foundation").items if reviews.bank().for_item(i.id)]
        for item in items[:count]:
            asked = reviews.bank().for_item(item.id)[0]
            reviews.answer_question(earlier, asked.id, (asked.answer + 1) % 4 + 1)  # wrong: due again soon
    finally:
        earlier.close()


def _planned_steps(page) -> int:
    today = page.view.today
    return sum(
        page.model.task(r).minutes
        for r in range(page.model.rowCount())
        if page.model.task(r).task.due == today
    )


def test_due_reviews_fill_the_review_session_and_today_refreshes(window_factory, tmp_path, qtbot):
    folder = _plan_folder(tmp_path, start=TODAY - timedelta(days=1))  # today is the plan's second study day
    _answer_wrong(folder, 1)
    window = show_active(qtbot, window_factory(folder))
    page = window.today_page
    slot = window.tracker.view().review_minutes_today
    assert slot and slot >= 10
    assert page.review_frame.isVisible()
    assert page.review_label.text() == f"1 review due · {slot} min"
    # once a self-check was answered, the readiness tile shows retained under the level's readiness (its
    # value), short enough for the tile at 1024 px; the tooltip has each level's figures in full
    view = window.tracker.view()
    assert page.readiness_tile.detail() == f"Foundation · retained {view.retained('foundation'):.0f}%"
    full = f"Foundation {view.readiness('foundation'):.0f}%, retained {view.retained('foundation'):.0f}%"
    assert page.readiness_tile.toolTip() == full
    planned = _planned_steps(page) + slot
    assert planned <= 60
    assert page.budget_label.text().startswith(
        f"{planned} of 60 min planned today (review session {slot} min"
    )
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # the button's mnemonic
    qtbot.waitUntil(lambda: page.review_dialog is not None and page.review_dialog.isVisible())
    dialog = page.review_dialog
    assert isinstance(dialog, SelfCheckDialog)
    for question in list(dialog.questions):
        qtbot.keyClick(dialog, Qt.Key.Key_1 + question.answer)  # right every time
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    # nothing due any more: the session stays, and says what to do with it
    qtbot.waitUntil(lambda: page.review_label.text() == f"Review session · {slot} min")
    assert page.review_hint.text().startswith("No reviews due:")
    assert page.budget_label.text().startswith(f"{planned} of 60 min planned today")


def test_today_s_total_stays_within_the_budget_however_many_reviews_are_due(window_factory, tmp_path, qtbot):
    folder = _plan_folder(tmp_path, start=TODAY - timedelta(days=1))
    _answer_wrong(folder, 12)  # 12 reviews of 3 questions: far more than a 10-minute session
    window = show_active(qtbot, window_factory(folder))
    page = window.today_page
    slot = window.tracker.view().review_minutes_today
    due = reviews.today_reviews(window.tracker)
    assert len(due.reviews) == 12 and due.minutes > slot
    shown = page.session.reviews
    assert 0 < len(shown) < 12 and page.session.waiting == 12 - len(shown)
    assert page.review_label.text() == f"{len(shown)} reviews due · {slot} min"
    assert f"{12 - len(shown)} more wait for the next session" in page.review_hint.text()
    planned = _planned_steps(page) + slot
    assert planned <= 60
    assert page.budget_label.text().startswith(f"{planned} of 60 min planned today")
    # the self-check asks the session's reviews only
    page.review_button.click()
    qtbot.waitUntil(lambda: page.review_dialog is not None and page.review_dialog.isVisible())
    asked = {q.item_id for q in page.review_dialog.questions}
    assert asked == {review.item_id for review in shown}
    page.review_dialog.reject()


def test_after_a_passed_exam_today_suggests_the_next_certification(window_factory, tmp_path, qtbot):
    folder = _plan_folder(tmp_path, start=TODAY - timedelta(days=40), days=30)
    window = show_active(qtbot, window_factory(folder))
    page = window.today_page
    assert page.passed_frame.isHidden()
    window.tracker.run(RecordExam("foundation", "passed", TODAY - timedelta(days=11)))
    qtbot.waitUntil(lambda: page.passed_frame.isVisible())
    _name, suggestion = window.tracker.next_certification()
    assert "passed the Foundation exam" in page.passed_label.text()
    assert suggestion.title in page.next_cert_label.text()
    texts = " ".join(w.text() for w in page.findChildren(type(page.budget_label)) if w.isVisible())
    assert "behind" not in texts
    assert "not started yet" not in page.focus_label.text()


def test_a_rest_day_says_so(window_factory, tmp_path, qtbot):
    weekdays = {0, 1, 3, 4, 5}  # TODAY is a Wednesday
    window = show_active(qtbot, window_factory(_plan_folder(tmp_path, start=TODAY, weekdays=weekdays)))
    page = window.today_page
    assert page.model.rowCount() == 0
    assert page.nothing_label.text().startswith("Rest day")
    assert "Next up on" in page.next_label.text() and "min)" in page.next_label.text()
    assert page.budget_label.isHidden()


def test_a_day_with_everything_done_says_all_done_with_the_minutes(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_plan_folder(tmp_path)))
    page = window.today_page
    planned = sum(page.model.task(r).minutes for r in range(page.model.rowCount()))
    _tick_today(window.tracker)
    qtbot.waitUntil(lambda: page.budget_label.text().startswith("All done for today"))
    assert page.budget_label.text() == f"All done for today: {planned} min of steps done."
    window.tracker.run(LogStudySession(day=TODAY, minutes=50))  # logged time is what was studied
    qtbot.waitUntil(lambda: page.budget_label.text() == "All done for today: 50 min studied.")


def test_no_plan_shows_the_start_panel(window_factory, empty_folder, qtbot):
    window = show_active(qtbot, window_factory(empty_folder))
    page = window.today_page
    assert page.content_stack.currentIndex() == 0
    assert page.passed_frame.isHidden() and page.review_frame.isHidden()


def test_a_step_split_over_days_names_its_part_before_its_title(window_factory, tmp_path, qtbot):
    from mlops_tracker.gui.models.tasks import TitleRole

    window = show_active(qtbot, window_factory(_plan_folder(tmp_path, minutes=15)))
    page = window.today_page
    rows = range(page.model.rowCount())
    shown = {page.model.task(row).task: page.model.index(row).data(TitleRole) for row in rows}
    split = [(task, title) for task, title in shown.items() if task.parts > 1]
    assert split, "a 15-minute budget splits the first day's longer step"
    for task, title in split:
        assert title.startswith(f"Part {task.part} of {task.parts}: ")
    whole = [title for task, title in shown.items() if task.parts == 1]
    assert all(not title.startswith("Part ") for title in whole)

"""The Progress page shows retained readiness, reviews due, the outlook, both plan curves, practice scores."""

# ruff: noqa: F811  (the Progress page's fixtures are imported from its own tests)

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from mlops_tracker.core import reviews
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.domain.model import Status
from mlops_tracker.gui.dialogs.practice_exam import PracticeExamDialog
from mlops_tracker.gui.numbers import percent
from mlops_tracker.gui.widgets.tiles import due_text, readiness_figures
from tests.gui.test_progress_page import (  # noqa: F401  (fixtures)
    SKILLS,
    TODAY,
    line,
    page,
    scroll_to,
    tracker,
    window,
)


def _check(tracker, item_id: str, right: bool = True) -> None:  # type: ignore[no-untyped-def]
    [question, *_] = reviews.bank().for_item(item_id)
    reviews.answer_question(
        tracker, question.id, question.answer + 1 if right else (question.answer + 1) % 4 + 1
    )


def test_tile_texts_put_retained_beside_readiness():
    assert readiness_figures("62%", "41%") == "Readiness 62% · retained 41%"
    assert due_text(3) == "3 due for review" and due_text(0) == "Nothing due for review"


def test_level_card_shows_retained_reviews_due_and_the_outlook(qtbot, page, tracker):
    card = page.cards["foundation"]
    assert card.retained.text().endswith("retained 0% · Nothing due for review")
    assert card.outlook.text().startswith("Take a practice exam to see whether you are on track")
    _check(tracker, SKILLS[0])
    _check(tracker, SKILLS[1], right=False)
    view = tracker.view()
    retained = percent(view.retained("foundation"))
    expected = f"Readiness {percent(view.readiness('foundation'))} · retained {retained} · Nothing due"
    assert card.retained.text() == expected + " for review" and retained != "0%"
    tracker.clock.fixed_day = TODAY + timedelta(days=1)  # the wrong answer comes back tomorrow
    page.refresh(reviews_changed())
    assert card.retained.text().endswith("· 1 due for review")
    assert "1 due for review" in card.accessibleDescription()


def reviews_changed():  # type: ignore[no-untyped-def]
    from mlops_tracker.core.commands import Changes

    return Changes(reviews=True)


def test_readiness_chart_adds_retained_and_the_current_schedule_after_a_reschedule(qtbot, page, tracker):
    ax = page.readiness_panel.axes
    assert not [a for a in ax.get_lines() if a.get_gid() in ("retained", "schedule")]
    _check(tracker, SKILLS[0])
    tracker.reschedule("foundation")
    qtbot.waitUntil(lambda: not page.readiness_panel.stale)
    ax = page.readiness_panel.axes
    view = tracker.view()
    retained = line(ax, "retained")
    assert retained.get_ydata()[-1] == view.retained("foundation")
    assert list(line(ax, "plan").get_ydata()) == [p.readiness for p in view.plan_curve("foundation")]
    assert list(line(ax, "schedule").get_ydata()) == [p.readiness for p in view.schedule_curve("foundation")]
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert {"Retained", "Plan as first made", "Current schedule"} <= set(labels)
    description = page.readiness_panel.canvas.accessibleDescription()
    today = view.today
    planned = [p.readiness for p in view.plan_curve("foundation") if p.day <= today][-1]
    current = [p.readiness for p in view.schedule_curve("foundation") if p.day <= today][-1]
    assert f"retained {percent(view.retained('foundation'))}" in description
    assert f"plan as first made {percent(planned)}, current schedule {percent(current)}" in description


def test_practice_chart_and_button_open_an_exam_of_the_chosen_level(qtbot, page, tracker):
    assert "No practice exam yet; pass mark 70% (assumed" in page.practice_panel.accessibleDescription()
    assert page.practice_button.text() == "Practice e&xam…"
    page.set_level("foundation")
    qtbot.mouseClick(page.practice_button, Qt.MouseButton.LeftButton)
    dialog = page.practice_dialog
    assert isinstance(dialog, PracticeExamDialog) and dialog.isVisible()
    assert dialog.exam.level == "foundation"
    for asked in dialog.exam.questions[:15]:
        qtbot.keyClick(dialog, str(asked.answer + 1))
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # ends the exam: 15 of 20 right
    assert dialog.result is not None and dialog.result.score == 75
    ax = scroll_to(qtbot, page, page.practice_panel)
    qtbot.waitUntil(
        lambda: [a for a in page.practice_panel.axes.get_lines() if a.get_gid() == "practice"] != []
    )
    ax = page.practice_panel.axes
    assert list(line(ax, "practice").get_ydata()) == [75.0]
    assert set(line(ax, "pass-mark").get_ydata()) == {70}
    assert page.practice_panel.accessibleDescription().startswith("Foundation 1 exam, latest 75%")
    assert page.cards["foundation"].outlook.text().startswith("Nearly")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.practice_dialog is None)


def test_the_pass_mark_is_a_setting(qtbot, page, tracker):
    tracker.set_setting(reviews.PASS_MARK_KEY, 80)
    qtbot.waitUntil(lambda: "pass mark 80%" in page.practice_panel.accessibleDescription())
    page.practice_panel.ensure_drawn()
    assert set(line(page.practice_panel.axes, "pass-mark").get_ydata()) == {80}


def test_a_tick_still_redraws_without_reading_answers(qtbot, page, tracker):
    tracker.run(UpdateItem("foundation.skill.team-roles", status=Status.DONE))
    assert page.view is tracker.view() and page.view.tables.answers == ()

"""The Levels page's item panel: study steps (tick, minutes, hide/show, own steps, links) and self-checks."""

# ruff: noqa: F401, F811  (the fixtures are imported by name, and pytest passes them as arguments)

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from mlops_tracker.core import reviews
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.dialogs.self_check import SelfCheckDialog
from mlops_tracker.gui.models.checklist import StepsRole
from mlops_tracker.gui.pages.levels import LevelsPage
from mlops_tracker.gui.widgets.item_list import badge_text
from mlops_tracker.gui.widgets.step_list import StepList
from tests.gui.fixtures_pages import Dialogs, dialogs, page_bridge, page_tracker
from tests.gui.test_keyboard_and_names import clashes, mnemonic, unnamed_controls

SKILL = "foundation.skill.versioning-lineage"
PROJECT = "foundation.project.regression-workflow"


@pytest.fixture
def page(qtbot, page_bridge: TrackerBridge, dialogs: Dialogs) -> LevelsPage:
    """Return the Levels page, shown, with the skill selected."""
    levels_page = LevelsPage(page_bridge)
    qtbot.addWidget(levels_page)
    levels_page.resize(1100, 760)
    levels_page.show()
    qtbot.waitExposed(levels_page)
    levels_page.show_item(SKILL)
    return levels_page


def steps_of(tracker: Tracker, item_id: str = SKILL) -> list[str]:
    """Return the ids of an item's visible steps."""
    return [step.id for step in tracker.view().steps[item_id]]


def step_list(page: LevelsPage) -> StepList:
    """Return the step list of the item panel."""
    return page.editor.step_list


def current_badge(page: LevelsPage) -> str:
    """Return the badge of the selected checklist row."""
    return badge_text(page.view.currentIndex())


# ---- showing ----------------------------------------------------------------------------------------


def test_the_panel_shows_each_step_with_minutes_outcome_and_links(
    page: LevelsPage, page_tracker: Tracker
) -> None:
    steps = page_tracker.view().steps[SKILL]
    rows = step_list(page).rows
    assert [row.step.id for row in rows] == [step.id for step in steps]
    assert 2 <= len(rows) <= 6
    for row, step in zip(rows, steps, strict=True):
        assert row.title.text() == step.title
        assert row.minutes is not None and row.minutes.value() == step.minutes
        assert row.check is not None and not row.check.isChecked()
        texts = [label.text() for label in row.widget.findChildren(type(row.title))]
        assert any(step.outcome in text and "suggested" in text for text in texts)
        assert [button.toolTip() for button in row.links] == list(step.links)
    assert any(row.links for row in rows)  # the skill names the documentation it links


def test_the_steps_are_labelled_as_suggestions_with_the_guides_sentence(page: LevelsPage) -> None:
    source = step_list(page).source.text()
    assert "Suggested by MLOps Tracker, not part of the guide" in source
    assert page.tracker.curriculum.item(SKILL).title in source


def test_a_link_opens_in_the_browser(page: LevelsPage, monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url).toString()) or True)
    row = next(row for row in step_list(page).rows if row.links)
    qtbot.mouseClick(row.links[0], Qt.MouseButton.LeftButton)
    assert opened == [row.step.links[0]]


# ---- ticking ------------------------------------------------------------------------------------------


def test_a_step_is_ticked_on_its_own_and_undo_takes_it_back(
    qtbot, page: LevelsPage, page_tracker: Tracker
) -> None:
    first = step_list(page).rows[0]
    assert first.check is not None
    qtbot.mouseClick(first.check, Qt.MouseButton.LeftButton)
    assert first.step.id in page_tracker.view().done_steps
    total = len(steps_of(page_tracker))
    assert page.view.currentIndex().data(StepsRole) == (1, total)
    assert current_badge(page) == f"1/{total} steps"
    assert f"1 of {total} done" in step_list(page).summary.text()
    assert (page_tracker.undo_label() or "").startswith("Tick step")
    page_tracker.undo()
    assert first.step.id not in page_tracker.view().done_steps
    assert not step_list(page).rows[0].check.isChecked()  # type: ignore[union-attr]
    assert current_badge(page) == ""


def test_ticking_every_step_makes_the_item_done(page: LevelsPage, page_tracker: Tracker) -> None:
    for step_id in steps_of(page_tracker):
        assert step_list(page).tick(step_id, True)
    assert page_tracker.item(SKILL).state.status is Status.DONE
    assert page.editor.status_group.checkedButton().objectName() == "status_done"
    assert current_badge(page) == ""  # done: no "n/m steps" badge


def test_space_ticks_the_focused_step(qtbot, page: LevelsPage, page_tracker: Tracker) -> None:
    check = step_list(page).rows[1].check
    assert check is not None
    check.setFocus()
    qtbot.waitUntil(check.hasFocus)
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert steps_of(page_tracker)[1] in page_tracker.view().done_steps
    assert step_list(page).rows[1].check.hasFocus()  # type: ignore[union-attr]  # the refresh keeps the focus


# ---- the learner's edits ---------------------------------------------------------------------------


def test_minutes_typed_in_the_spin_box_are_saved_and_undone(
    qtbot, page: LevelsPage, page_tracker: Tracker
) -> None:
    row = step_list(page).rows[0]
    suggested = row.step.minutes
    assert row.minutes is not None
    row.minutes.setFocus()
    qtbot.waitUntil(row.minutes.hasFocus)
    row.minutes.selectAll()
    qtbot.keyClicks(row.minutes, "25")
    qtbot.keyClick(row.minutes, Qt.Key.Key_Return)
    assert page_tracker.view().steps[SKILL][0].minutes == 25
    assert (page_tracker.undo_label() or "").startswith("Change step minutes")
    page_tracker.undo()
    assert page_tracker.view().steps[SKILL][0].minutes == suggested
    assert step_list(page).rows[0].minutes.value() == suggested  # type: ignore[union-attr]


def test_changing_minutes_re_packs_a_plan_of_steps(page: LevelsPage, page_tracker: Tracker) -> None:
    page_tracker.create_plan(page_tracker.plan_spec("foundation", 30))
    step_id = steps_of(page_tracker)[0]
    assert step_list(page).set_minutes(step_id, 7)
    planned = sum(task.minutes for task in page_tracker.plan("foundation").tasks if task.step_id == step_id)
    assert planned == 7


def test_a_suggested_step_is_hidden_and_shown_again(qtbot, page: LevelsPage, page_tracker: Tracker) -> None:
    before = steps_of(page_tracker)
    hidden = step_list(page).rows[1]
    qtbot.mouseClick(hidden.action, Qt.MouseButton.LeftButton)
    assert hidden.step.id not in steps_of(page_tracker)
    button = step_list(page).hidden_button
    assert button.isVisible() and "(1)" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    shown_again = step_list(page).row_of(hidden.step.id)
    assert shown_again.hidden and shown_again.check is None
    qtbot.mouseClick(shown_again.action, Qt.MouseButton.LeftButton)
    assert steps_of(page_tracker) == before
    assert not step_list(page).hidden_button.isVisible()
    page_tracker.undo()  # the show again
    assert hidden.step.id not in steps_of(page_tracker)
    page_tracker.undo()  # the hide
    assert steps_of(page_tracker) == before


def test_the_last_step_cannot_be_hidden(page: LevelsPage, page_tracker: Tracker) -> None:
    for step_id in steps_of(page_tracker)[1:]:
        assert step_list(page).hide(step_id)
    (last,) = step_list(page).rows
    assert not last.action.isEnabled()


def test_an_own_step_is_added_from_the_keyboard_and_undone(
    qtbot, page: LevelsPage, page_tracker: Tracker
) -> None:
    steps = step_list(page)
    steps.own_title.setFocus()
    qtbot.keyClicks(steps.own_title, "Sketch the lineage graph on paper")
    steps.own_minutes.setValue(20)
    qtbot.keyClick(steps.own_title, Qt.Key.Key_Return)
    own = page_tracker.view().steps[SKILL][-1]
    assert own.title == "Sketch the lineage graph on paper" and own.minutes == 20
    row = steps.rows[-1]
    assert row.step.id == own.id and row.action.text() == "Remove"
    assert steps.own_title.text() == ""
    page_tracker.undo()
    assert own.id not in steps_of(page_tracker)
    assert all(row.step.id != own.id for row in steps.rows)


def test_an_own_step_is_removed(qtbot, page: LevelsPage, page_tracker: Tracker) -> None:
    steps = step_list(page)
    steps.own_title.setText("Teach it to a friend")
    step_id = steps.add_own_step()
    assert step_id is not None
    qtbot.mouseClick(steps.row_of(step_id).action, Qt.MouseButton.LeftButton)
    assert step_id not in steps_of(page_tracker)
    assert not steps.hidden_button.isVisible()  # removed, not hidden


def test_an_own_step_without_a_title_is_refused(
    page: LevelsPage, page_tracker: Tracker, dialogs: Dialogs
) -> None:
    before = steps_of(page_tracker)
    label = page_tracker.undo_label()
    assert step_list(page).add_own_step() is None
    assert dialogs.texts("warning") == ["Give your step a title: what to read or do."]
    assert steps_of(page_tracker) == before and page_tracker.undo_label() == label


# ---- self-checks -------------------------------------------------------------------------------------


def test_check_yourself_opens_the_items_questions_and_shows_the_review(
    qtbot, page: LevelsPage, page_tracker: Tracker
) -> None:
    review = page.editor.review
    assert review.state_label.text() == "Not checked yet."
    assert mnemonic(review.check_button.text()) == "y"
    qtbot.mouseClick(review.check_button, Qt.MouseButton.LeftButton)
    dialog = review.dialog
    assert isinstance(dialog, SelfCheckDialog) and dialog.isVisible()
    questions = reviews.bank().for_item(SKILL)
    assert [q.id for q in dialog.questions] == [q.id for q in questions]
    qtbot.keyClick(dialog, Qt.Key.Key_1 + questions[0].answer)  # the right answer
    assert page_tracker.answers()[-1].correct
    text = review.state_label.text()
    assert text.startswith("Next review") or text.startswith("Due for review")
    dialog.reject()
    qtbot.waitUntil(lambda: review.dialog is None)


def test_an_item_due_for_review_says_so(page: LevelsPage, page_tracker: Tracker) -> None:
    wrong = next(q for q in reviews.bank().for_item(SKILL))
    reviews.answer_question(page_tracker, wrong.id, 1 + (wrong.answer + 1) % 4)
    page.editor.review.show_item(SKILL)
    due = {review.item_id for review in reviews.due_reviews(page_tracker, page_tracker.clock.today())}
    text = page.editor.review.state_label.text()
    assert text.startswith("Due for review") == (SKILL in due)
    assert text != "Not checked yet."


# ---- keyboard and screen readers ------------------------------------------------------------------


def test_every_step_control_has_a_name_and_no_mnemonic_clashes(qtbot, page: LevelsPage) -> None:
    page.show_item(PROJECT)
    steps = step_list(page)
    steps.hide(next(row.step.id for row in steps.rows if not row.links))
    steps.own_title.setText("Ask a colleague to read it")
    steps.add_own_step()
    steps.hidden_button.setChecked(True)
    QApplication.processEvents()
    assert any(row.hidden for row in steps.rows) and any(row.links for row in steps.rows)
    assert unnamed_controls(page) == []
    texts = [(b.text(), b.text()) for b in page.findChildren(type(steps.add_button)) if b.isVisible()]
    assert clashes(iter(texts)) == {}


def test_tab_walks_from_a_step_to_its_minutes_and_its_hide_button(qtbot, page: LevelsPage) -> None:
    row = step_list(page).rows[0]
    assert row.check is not None and row.minutes is not None
    row.check.setFocus()
    qtbot.waitUntil(row.check.hasFocus)
    order = []
    widget = row.check
    for _ in range(6):
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert row.minutes in order and row.action in order
    assert order.index(row.minutes) < order.index(row.action)

"""The Levels page: the checklist model and filter, search, status keys, the item editor."""

# ruff: noqa: F401, F811  (the fixtures are imported by name, and pytest passes them as arguments)

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.models import ItemIdRole, LevelRole, StatusRole
from mlops_tracker.gui.models.checklist import ChecklistFilter, ChecklistModel
from mlops_tracker.gui.pages.levels import LevelsPage
from mlops_tracker.gui.widgets.item_editor import EVIDENCE_MESSAGE
from tests.gui.fixtures_pages import (
    Dialogs,
    click_check,
    dialogs,
    empty_tracker,
    page_bridge,
    page_tracker,
)

SKILL = "foundation.skill.ml-lifecycle"
PROJECT = "foundation.project.regression-workflow"
SPECIALIST = "security.skill.model-security"


@pytest.fixture
def page(qtbot, page_bridge: TrackerBridge, dialogs: Dialogs) -> LevelsPage:
    """Return the Levels page, shown, on the Foundation level."""
    levels_page = LevelsPage(page_bridge)
    qtbot.addWidget(levels_page)
    levels_page.resize(1000, 700)
    levels_page.show()
    qtbot.waitExposed(levels_page)
    return levels_page


def visible_ids(page: LevelsPage) -> list[str]:
    """Return the ids of the rows the checklist shows."""
    return [page.proxy.index(row, 0).data(ItemIdRole) for row in range(page.proxy.rowCount())]


def select(page: LevelsPage, item_id: str) -> None:
    """Make an item the current row of the checklist."""
    page.show_item(item_id)
    assert page.current_item_id() == item_id


# ---- models -------------------------------------------------------------------------------------


def test_checklist_model_passes_the_model_tester(qtmodeltester, page_bridge: TrackerBridge) -> None:
    model = ChecklistModel(page_bridge)
    model.reload()
    assert model.rowCount() == len(list(page_bridge.tracker.curriculum.items()))
    qtmodeltester.check(model)


def test_checklist_filter_passes_the_model_tester(qtmodeltester, page_bridge: TrackerBridge) -> None:
    model = ChecklistModel(page_bridge)
    model.reload()
    proxy = ChecklistFilter()
    proxy.setSourceModel(model)
    proxy.set_level("foundation")
    proxy.set_search("model")
    qtmodeltester.check(proxy)


def test_the_model_answers_the_roles(page_tracker: Tracker, page_bridge: TrackerBridge) -> None:
    page_tracker.run(UpdateItem(SKILL, status=Status.DONE))
    page_tracker.run(UpdateItem(PROJECT, status=Status.IN_PROGRESS, notes="half way", evidence="http://x"))
    model = ChecklistModel(page_bridge)
    model.reload()
    skill = model.index(model.row_of(SKILL))
    project = model.index(model.row_of(PROJECT))
    assert skill.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert project.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked
    assert project.data(StatusRole) == "in_progress"
    assert project.data(LevelRole) == "foundation"
    tooltip = project.data(Qt.ItemDataRole.ToolTipRole)
    assert "In progress" in tooltip and "half way" in tooltip and "http://x" in tooltip


def test_ticking_a_row_in_the_model_marks_it_done(page_tracker: Tracker, page_bridge: TrackerBridge) -> None:
    model = ChecklistModel(page_bridge)
    model.reload()
    index = model.index(model.row_of(SKILL))
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert page_tracker.item(SKILL).state.status is Status.DONE
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.setData(index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert page_tracker.item(SKILL).state.status is Status.TODO


# ---- search and filters ---------------------------------------------------------------------------


def test_search_looks_across_every_level(qtbot, page: LevelsPage) -> None:
    assert page.proxy.level == "foundation"  # the planned level opens first
    before = page.proxy.rowCount()
    assert before == 12
    qtbot.keyClicks(page.search_edit, "security")
    ids = visible_ids(page)
    assert 0 < len(ids) < before
    assert SPECIALIST in ids  # a specialist track's item, though Foundation is the level shown
    assert "advanced.skill.ai-compliance" in ids
    assert all("security" in page.tracker.item(i).item.title.lower() or i.startswith("security") for i in ids)
    assert "found in all levels" in page.scope_label.text()


def test_a_search_without_matches_says_so(qtbot, page: LevelsPage) -> None:
    qtbot.keyClicks(page.search_edit, "zebra")
    assert page.proxy.rowCount() == 0
    assert page.list_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == "No items match 'zebra'."
    page.search_edit.clear()
    assert page.proxy.rowCount() == 12
    assert page.list_stack.currentWidget() is page.view


def test_the_status_filter(page: LevelsPage, page_tracker: Tracker) -> None:
    page_tracker.run(UpdateItem(SKILL, status=Status.DONE))
    page_tracker.run(UpdateItem(PROJECT, status=Status.SKIPPED))
    page.status_combo.setCurrentIndex(page.status_combo.findText("Done"))
    assert visible_ids(page) == [SKILL]
    page.status_combo.setCurrentIndex(page.status_combo.findText("Skipped"))
    assert visible_ids(page) == [PROJECT]
    page.status_combo.setCurrentIndex(page.status_combo.findText("To do"))
    assert SKILL not in visible_ids(page) and len(visible_ids(page)) == 10


def test_all_levels_lists_every_item(page: LevelsPage) -> None:
    page.level_tabs.setCurrentIndex(0)
    assert page.proxy.level is None
    assert page.proxy.rowCount() == len(list(page.tracker.curriculum.items()))


def test_tabs_show_readiness(page: LevelsPage, page_tracker: Tracker) -> None:
    page_tracker.run(UpdateItem(SKILL, status=Status.DONE))
    tab = page._tab_of("foundation")
    assert page.level_tabs.tabText(tab).endswith(f"{page_tracker.readiness('foundation'):.0f}%")
    assert page_tracker.readiness("foundation") > 0


# ---- keys and clicks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "status"),
    [
        (Qt.Key.Key_D, Status.DONE),
        (Qt.Key.Key_I, Status.IN_PROGRESS),
        (Qt.Key.Key_S, Status.SKIPPED),
    ],
)
def test_keys_set_the_status(
    qtbot, page: LevelsPage, page_tracker: Tracker, key: Qt.Key, status: Status
) -> None:
    select(page, SKILL)
    qtbot.keyClick(page.view, key)
    assert page_tracker.item(SKILL).state.status is status
    qtbot.keyClick(page.view, Qt.Key.Key_T)
    assert page_tracker.item(SKILL).state.status is Status.TODO


def test_space_toggles_done(qtbot, page: LevelsPage, page_tracker: Tracker) -> None:
    select(page, SKILL)
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    assert page_tracker.item(SKILL).state.status is Status.DONE
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    assert page_tracker.item(SKILL).state.status is Status.TODO


def test_the_status_actions_are_on_the_view(page: LevelsPage, page_tracker: Tracker) -> None:
    select(page, PROJECT)
    action = page.view.status_actions[Status.IN_PROGRESS]
    assert action.shortcut().toString() == "I"
    assert action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    action.trigger()
    assert page_tracker.item(PROJECT).state.status is Status.IN_PROGRESS


def test_clicking_the_check_box_marks_done(qtbot, page: LevelsPage, page_tracker: Tracker) -> None:
    # the first row starts a group: its check box sits below the header the delegate draws
    first = page.proxy.index(0, 0)
    item_id = first.data(ItemIdRole)
    click_check(qtbot, page.view, first)
    assert page_tracker.item(item_id).state.status is Status.DONE
    click_check(qtbot, page.view, page.proxy.index(0, 0))
    assert page_tracker.item(item_id).state.status is Status.TODO


def test_keys_keep_the_selection_and_refresh_the_row(qtbot, page: LevelsPage, page_tracker: Tracker) -> None:
    select(page, PROJECT)
    qtbot.keyClick(page.view, Qt.Key.Key_D)
    assert page.current_item_id() == PROJECT
    assert page.view.currentIndex().data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    # a change made elsewhere (the Today page, the command line) shows up and keeps the selection
    page_tracker.run(UpdateItem(SKILL, status=Status.IN_PROGRESS))
    assert page.current_item_id() == PROJECT
    row = page.proxy.mapFromSource(page.model.index(page.model.row_of(SKILL)))
    assert row.data(StatusRole) == "in_progress"


# ---- show_item and focus_search -------------------------------------------------------------------


def test_show_item_switches_level_and_clears_filters(qtbot, page: LevelsPage) -> None:
    qtbot.keyClicks(page.search_edit, "kubernetes")
    page.status_combo.setCurrentIndex(page.status_combo.findText("Done"))
    page.show_item("financial.skill.cloud-cost-for-ai")
    assert page.search_edit.text() == ""
    assert page.status_combo.currentIndex() == 0 and page.proxy.status is None
    assert page.proxy.level == "financial"
    assert page.current_item_id() == "financial.skill.cloud-cost-for-ai"
    assert page.view.selectionModel().isSelected(page.view.currentIndex())
    assert page.editor.item_id == "financial.skill.cloud-cost-for-ai"
    page.show_item(PROJECT)
    assert page.proxy.level == "foundation"
    assert page.current_item_id() == PROJECT


def test_focus_search_selects_the_text(qtbot, page: LevelsPage) -> None:
    page.search_edit.setText("data")
    page.activateWindow()
    page.focus_search()
    assert page.search_edit.selectedText() == "data"
    assert page.search_edit.objectName() == "levelSearch"
    assert page.search_edit.placeholderText() == "Search all levels (Ctrl+F)"


# ---- the item editor ------------------------------------------------------------------------------


def test_notes_are_saved(qtbot, page: LevelsPage, page_tracker: Tracker) -> None:
    select(page, SKILL)
    editor = page.editor
    editor.notes_edit.setFocus()
    qtbot.keyClicks(editor.notes_edit, "Read the MLflow docs")
    assert editor.save_notes_button.isEnabled()
    qtbot.mouseClick(editor.save_notes_button, Qt.MouseButton.LeftButton)
    assert page_tracker.item(SKILL).state.notes == "Read the MLflow docs"
    assert not editor.save_notes_button.isEnabled()
    assert (page_tracker.undo_label() or "").startswith("Edit notes: Understanding the ML lifecycle")


def test_notes_are_saved_when_the_notes_lose_focus(qtbot, page: LevelsPage, page_tracker: Tracker) -> None:
    select(page, SKILL)
    editor = page.editor
    editor.notes_edit.setFocus()
    qtbot.keyClicks(editor.notes_edit, "Watched a talk")
    assert page_tracker.item(SKILL).state.notes == ""
    editor.evidence_edit.setFocus()
    qtbot.waitUntil(lambda: page_tracker.item(SKILL).state.notes == "Watched a talk")


def test_notes_are_saved_when_another_item_is_chosen(qtbot, page: LevelsPage, page_tracker: Tracker) -> None:
    select(page, SKILL)
    page.editor.notes_edit.setPlainText("typed, not saved")
    page.editor.notes_edit.document().setModified(True)
    page.show_item(PROJECT)
    assert page_tracker.item(SKILL).state.notes == "typed, not saved"
    assert page.editor.notes_edit.toPlainText() == ""


def test_evidence_confidence_and_the_evidence_message(qtbot, page: LevelsPage, page_tracker: Tracker) -> None:
    select(page, PROJECT)
    editor = page.editor
    assert editor.evidence_message.isHidden()
    editor.status_group.button(2).click()  # Done
    assert page_tracker.item(PROJECT).state.status is Status.DONE
    assert not editor.evidence_message.isHidden()
    assert editor.evidence_message.text() == EVIDENCE_MESSAGE
    assert page.view.currentIndex().data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    editor.evidence_edit.setFocus()
    qtbot.keyClicks(editor.evidence_edit, "https://github.com/me/regression")
    qtbot.keyClick(editor.evidence_edit, Qt.Key.Key_Return)
    assert page_tracker.item(PROJECT).state.evidence == "https://github.com/me/regression"
    assert editor.evidence_message.isHidden()
    assert page_tracker.item(PROJECT).counts_as_done

    qtbot.mouseClick(editor.confidence_buttons[3], Qt.MouseButton.LeftButton)
    assert page_tracker.item(PROJECT).state.confidence == 4
    assert [b.isChecked() for b in editor.confidence_buttons] == [True, True, True, True, False]
    qtbot.mouseClick(editor.confidence_buttons[3], Qt.MouseButton.LeftButton)  # again: clear
    assert page_tracker.item(PROJECT).state.confidence is None
    assert editor.confidence_label.text() == "Not rated"


def test_browse_sets_a_file_as_evidence(
    qtbot, page: LevelsPage, page_tracker: Tracker, dialogs: Dialogs
) -> None:
    dialogs.file = "/home/me/report.pdf"
    select(page, PROJECT)
    qtbot.mouseClick(page.editor.browse_button, Qt.MouseButton.LeftButton)
    assert page_tracker.item(PROJECT).state.evidence == "/home/me/report.pdf"
    assert page.editor.open_button.isEnabled()


def test_the_status_buttons_have_mnemonics(page: LevelsPage) -> None:
    texts = [button.text() for button in page.editor.status_group.buttons()]
    assert texts == ["&To do", "&In progress", "&Done", "S&kipped"]


def test_undo_shows_in_the_page(page: LevelsPage, page_tracker: Tracker) -> None:
    select(page, SKILL)
    page.set_current_status(Status.DONE)
    page_tracker.undo()
    assert page.view.currentIndex().data(StatusRole) == "todo"
    assert page.editor.status_group.checkedId() == 0


def test_refresh_keeps_the_scroll_position(qtbot, page: LevelsPage, page_tracker: Tracker) -> None:
    page.level_tabs.setCurrentIndex(0)  # all levels: long enough to scroll
    bar = page.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    position = bar.value()
    select_id = page.proxy.index(page.proxy.rowCount() // 2, 0).data(ItemIdRole)
    page.view.setCurrentIndex(page.proxy.index(page.proxy.rowCount() // 2, 0))
    bar.setValue(position)
    page_tracker.run(UpdateItem("advanced.skill.ai-compliance", status=Status.SKIPPED))
    model = page.model
    row = next(
        r
        for r in range(model.rowCount())
        if model.index(r, 0).data(ItemIdRole) == "advanced.skill.ai-compliance"
    )
    qtbot.waitUntil(lambda: model.index(row, 0).data(StatusRole) == "skipped")
    assert page.current_item_id() == select_id
    assert abs(bar.value() - position) <= 2

"""Whole-window flows across pages, driven from the keyboard as a learner would."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from mlops_tracker.domain.model import Status
from mlops_tracker.gui.models import ItemIdRole
from tests.gui.conftest import show_active
from tests.gui.test_today import TODAY_ITEM, check_state, row_of

CTRL = Qt.KeyboardModifier.ControlModifier


def levels_model(window) -> QAbstractItemModel:  # type: ignore[no-untyped-def]
    """Return the Levels page's item model."""
    return window.levels_page.model


def test_keyboard_only_find_and_mark_done(main_window, qtbot):
    window = main_window
    model = levels_model(window)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.current_page_name() == "levels"
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    search = QApplication.focusWidget()
    assert isinstance(search, QLineEdit)
    qtbot.keyClicks(search, "versioning")
    qtbot.keyClick(search, Qt.Key.Key_Return)  # into the filtered list
    view = QApplication.focusWidget()
    assert isinstance(view, QAbstractItemView)
    found = [view.model().index(row, 0).data(ItemIdRole) for row in range(view.model().rowCount())]
    assert TODAY_ITEM in found and len(found) >= 2
    qtbot.keyClick(view, Qt.Key.Key_Up)  # a list starts at its first row; Up keeps it there
    qtbot.keyClick(view, Qt.Key.Key_Down)
    target = view.currentIndex().data(ItemIdRole)
    assert target == found[1]
    qtbot.keyClick(view, Qt.Key.Key_D)
    assert window.tracker.item(target).state.status is Status.DONE
    assert check_state(model, target) == Qt.CheckState.Checked
    assert window.undo_action.text().startswith("&Undo Mark done: ")
    # and back: Ctrl+Z from the list
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert window.tracker.item(target).state.status is Status.TODO
    assert check_state(model, target) == Qt.CheckState.Unchecked


def test_tick_on_today_shows_on_levels_and_undo_from_levels_shows_on_today(main_window, qtbot):
    window = main_window
    model = levels_model(window)
    today = window.today_page
    today.task_view.setFocus()
    today.task_view.setCurrentIndex(today.model.index(row_of(today.model, TODAY_ITEM)))
    qtbot.keyClick(today.task_view, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert check_state(model, TODAY_ITEM) == Qt.CheckState.Checked
    window.levels_page.show_item(TODAY_ITEM)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Z, CTRL)
    assert check_state(model, TODAY_ITEM) == Qt.CheckState.Unchecked
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert check_state(today.model, TODAY_ITEM) == Qt.CheckState.Unchecked
    assert window.statusBar().currentMessage().startswith("Undone: Mark done")


def test_first_run_to_first_tick(window_factory, empty_folder, qtbot):
    from mlops_tracker.gui.dialogs.wizard import FirstRunWizard

    window = show_active(qtbot, window_factory(empty_folder))
    assert window.today_page.content_stack.currentIndex() == 0
    wizard = FirstRunWizard(window.bridge, window)
    wizard.show()
    wizard.accept()
    assert window.tracker.plan() is not None
    page = window.today_page
    assert page.content_stack.currentIndex() == 1
    assert page.model.rowCount() >= 1  # a plan's first task is on its first study day
    page.task_view.setFocus()
    page.task_view.setCurrentIndex(page.model.index(0))
    qtbot.keyClick(page.task_view, Qt.Key.Key_Space)
    assert page.tasks_count.text().startswith("1 of")
    assert window.readiness_status.text() != "Readiness 0%"


def test_ctrl_q_closes_and_saves_the_layout(window_factory, plan_folder, qtbot):
    window = show_active(qtbot, window_factory(plan_folder))
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_Q, CTRL)
    assert not window.isVisible()
    again = window_factory(plan_folder)
    assert again.current_page_name() == "guide"


def test_ctrl_1_then_space_ticks_the_first_task(main_window, qtbot):
    window = main_window
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    view = window.today_page.task_view
    assert QApplication.focusWidget() is view
    view.setCurrentIndex(view.model().index(0))
    first = view.currentIndex().data(ItemIdRole)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert window.tracker.item(first).state.status is Status.DONE


def test_enter_on_a_task_opens_it_on_the_levels_page(main_window, qtbot):
    window = main_window
    levels_model(window)
    view = window.today_page.task_view
    view.setFocus()
    view.setCurrentIndex(view.model().index(row_of(view.model(), TODAY_ITEM)))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.current_page_name() == "levels"
    assert window.levels_page.current_item_id() == TODAY_ITEM

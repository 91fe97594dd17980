"""One click to make a plan fit: the wizard, the New plan dialog and the Plan page's does-not-fit group."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from mlops_tracker.gui.dialogs.plan_dialog import PlanDialog
from mlops_tracker.gui.dialogs.wizard import FirstRunWizard, from_qdate
from mlops_tracker.gui.widgets.fit_actions import advised_day
from tests.gui.conftest import TODAY, open_tracker, show_active
from tests.gui.test_keyboard_and_names import _texts as texts_of
from tests.gui.test_keyboard_and_names import clashes, unnamed_controls

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window(window_factory, empty_folder, qtbot):  # type: ignore[no-untyped-def]
    return show_active(qtbot, window_factory(empty_folder))


def _proposal(window, qtbot) -> FirstRunWizard:  # type: ignore[no-untyped-def]
    wizard = FirstRunWizard(window.bridge, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()  # welcome → role (the first role proposes Foundation, 14 days at 60 min: does not fit)
    wizard.next()  # role → proposal
    assert wizard.currentPage() is wizard.proposal_page
    return wizard


def test_wizard_offers_the_budget_that_fits_and_the_line_then_says_it_fits(window, qtbot):
    wizard = _proposal(window, qtbot)
    page = wizard.proposal_page
    fit = window.tracker.fit_check(page.spec())
    assert not fit.fits and "raise to" in page.fit_label.text()
    button = wizard.findChild(QPushButton, "wizardFitActionsMinutes")
    assert button.isVisible() and button.text() == f"&Use {fit.needed_per_day} min a day"
    assert button.accessibleName() == f"Use {fit.needed_per_day} minutes a day"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.minutes_spin.value() == fit.needed_per_day
    assert page.fit_label.text().split(" 6 steps")[0].endswith("it fits.")
    assert not page.fit_actions.isVisible()


def test_wizard_moves_the_exam_and_lengthens_the_plan_by_keyboard(window, qtbot):
    wizard = _proposal(window, qtbot)
    page = wizard.proposal_page
    fit = window.tracker.fit_check(page.spec())
    button = wizard.findChild(QPushButton, "wizardFitActionsExam")
    assert button.text() == f"Move the exam &to {advised_day(fit.later_exam)}"
    assert f"move the exam to {advised_day(fit.later_exam)}" in page.fit_label.text()
    wizard.activateWindow()  # a mnemonic reaches only the active window's buttons
    wizard.windowHandle().requestActivate()
    qtbot.waitUntil(wizard.isActiveWindow)
    page.level_combo.setFocus()
    qtbot.keyClick(page.level_combo, Qt.Key.Key_T, ALT)  # the button's mnemonic
    qtbot.waitUntil(lambda: from_qdate(page.exam_edit.date()) == fit.later_exam)
    start = from_qdate(page.start_edit.date())
    assert page.days_spin.value() == (fit.later_exam - start).days
    assert page.minutes_spin.value() == 60
    assert "it fits." in page.fit_label.text() and not page.fit_actions.isVisible()
    assert window.tracker.fit_check(page.spec()).fits


def test_new_plan_dialog_offers_both_and_each_makes_it_fit(window, qtbot):
    dialog = PlanDialog(window.bridge, level="foundation", parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    fit = window.tracker.fit_check(dialog.build_spec())
    assert not fit.fits and dialog.fit_actions.isVisible()
    qtbot.mouseClick(dialog.fit_actions.minutes_button, Qt.MouseButton.LeftButton)
    assert dialog.minutes_spin.value() == fit.needed_per_day and "it fits." in dialog.summary_label.text()
    assert not dialog.fit_actions.isVisible()
    dialog.minutes_spin.setValue(60)
    dialog.no_exam_check.setChecked(True)
    assert dialog.fit_actions.exam_button.isVisible()
    qtbot.mouseClick(dialog.fit_actions.exam_button, Qt.MouseButton.LeftButton)
    assert not dialog.no_exam_check.isChecked() and dialog.exam() == fit.later_exam
    assert "it fits." in dialog.summary_label.text() and not dialog.fit_actions.isVisible()
    assert not dialog.fit_actions.minutes_button.autoDefault()  # Enter still creates the plan


def _unfit_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "unfit"
    tracker = open_tracker(folder)
    try:
        start = TODAY - timedelta(days=2)  # started: two days of steps are overdue
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=start, exam=start + timedelta(days=32)))
    finally:
        tracker.close()
    return folder


def _stored(window) -> tuple:  # type: ignore[no-untyped-def]
    plan = window.tracker.require_plan("foundation")
    return plan.spec, plan.tasks, plan.baseline


def test_plan_page_raises_the_budget_in_one_undoable_step(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_unfit_folder(tmp_path)))
    page = window.show_page("plan")
    before = _stored(window)
    fit = window.tracker.plan_fit(window.tracker.require_plan("foundation"))  # for the days left
    assert f"raise to {fit.needed_per_day} min a day" in page.unfit_advice.text()
    assert page.unfit_frame.isVisible() and page.unfit_actions.isVisible()
    button = page.unfit_actions.minutes_button
    assert button.text() == f"R&aise to {fit.needed_per_day} min a day"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.unfit_frame.isVisible())
    assert window.tracker.require_plan("foundation").spec.minutes_per_day == fit.needed_per_day
    assert f"{fit.needed_per_day} min a study day" in page.fact_labels["progress"].text()
    assert window.undo_action.text() == f"&Undo Set {fit.needed_per_day} min a day: Foundation"
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: page.unfit_frame.isVisible())
    assert _stored(window) == before


def test_plan_page_moves_the_exam_after_asking(window_factory, tmp_path, qtbot, shown_messages):
    window = show_active(qtbot, window_factory(_unfit_folder(tmp_path)))
    page = window.show_page("plan")
    before = _stored(window)
    exam = window.tracker.plan_fit(window.tracker.require_plan("foundation")).later_exam
    button = page.unfit_actions.exam_button
    assert button.text() == f"Move the exam &to {advised_day(exam)}…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "Book the exam for that day too" in shown_messages[-1][1]
    qtbot.waitUntil(lambda: not page.unfit_frame.isVisible())
    spec = window.tracker.require_plan("foundation").spec
    assert spec.exam == exam and spec.days == (exam - before[0].start).days
    assert window.tracker.require_plan("foundation").first_schedule == before[1]
    window.undo()
    assert _stored(window) == before


def test_the_actions_keep_mnemonics_unique_and_have_names(window_factory, window, tmp_path, qtbot):
    wizard = _proposal(window, qtbot)
    assert wizard.proposal_page.fit_actions.isVisible()
    assert clashes(texts_of(wizard)) == {} and unnamed_controls(wizard.proposal_page) == []
    dialog = PlanDialog(window.bridge, level="foundation", parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.fit_actions.isVisible()
    assert clashes(texts_of(dialog)) == {} and unnamed_controls(dialog) == []
    planned = show_active(qtbot, window_factory(_unfit_folder(tmp_path)))
    page = planned.show_page("plan")
    assert page.unfit_actions.isVisible()
    menus = [(f"menu {a.text()!r}", a.text()) for a in planned.menuBar().actions()]
    assert clashes(iter([*menus, *texts_of(page)])) == {} and unnamed_controls(page) == []

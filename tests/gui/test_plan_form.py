"""The plan fields the wizard and the New plan dialog share (PlanForm): each host keeps its own way of showing
a problem, and a fit fix sets the length and the exam date in one refresh."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mlops_tracker.domain.errors import UserError
from mlops_tracker.gui.dialogs.plan_dialog import PlanDialog
from mlops_tracker.gui.dialogs.wizard import FirstRunWizard
from mlops_tracker.gui.widgets.plan_form import PlanForm, from_qdate
from tests.gui.conftest import show_active


@pytest.fixture
def window(window_factory, empty_folder, qtbot):  # type: ignore[no-untyped-def]
    return show_active(qtbot, window_factory(empty_folder))


def _wizard_page(window, qtbot) -> PlanForm:  # type: ignore[no-untyped-def]
    wizard = FirstRunWizard(window.bridge, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()  # welcome → role
    wizard.next()  # role → proposal
    return wizard.proposal_page


def _dialog(window, qtbot) -> PlanForm:  # type: ignore[no-untyped-def]
    dialog = PlanDialog(window.bridge, level="foundation", parent=window)  # no exam date yet
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


HOSTS = {"wizard": _wizard_page, "dialog": _dialog}


@pytest.mark.parametrize("host", HOSTS)
def test_an_exam_out_of_reach_is_refused_in_the_hosts_error_line(window, qtbot, host):
    form = HOSTS[host](window, qtbot)
    before = (form.days_spin.value(), form.exam_edit.date())
    start = from_qdate(form.start_edit.date())
    form.move_exam(start + timedelta(days=90))
    assert "at most 60 days" in form.error_label.text() and form.error_label.isVisible()
    assert (form.days_spin.value(), form.exam_edit.date()) == before  # nothing changed


@pytest.mark.parametrize("host", HOSTS)
def test_moving_the_exam_sets_length_and_date_in_one_refresh(window, qtbot, host):
    form = HOSTS[host](window, qtbot)
    start = from_qdate(form.start_edit.date())
    exam = start + timedelta(days=40)
    changes: list[object] = []
    form.days_spin.valueChanged.connect(changes.append)
    form.exam_edit.dateChanged.connect(changes.append)
    form.move_exam(exam)
    assert changes == []  # no refresh between the two values: the wizard would propose another exam date
    assert form.days_spin.value() == 40 and form.exam() == exam
    assert form.build_spec().exam == exam and form.build_spec().days == 40
    assert form.exam_edit.isEnabled() and form.focusWidget() is form.exam_edit  # the keyboard stays on it
    form.days_spin.setValue(30)  # a later length change keeps the chosen exam date
    assert form.exam() == exam


@pytest.mark.parametrize("host", HOSTS)
def test_values_that_make_no_plan_offer_no_fix(window, qtbot, host):
    form = HOSTS[host](window, qtbot)
    if form.no_exam_check is not None:
        form.no_exam_check.setChecked(False)
    form.minutes_spin.setValue(15)
    assert form.fit_actions.isVisible()
    form.exam_edit.setDate(form.start_edit.date().addDays(-1))  # an exam before the start makes no plan
    assert not form.fit_actions.isVisible()
    with pytest.raises(UserError):
        form.build_spec()

"""The first-run wizard: role, proposal, plan creation, skipping, and when it starts by itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel, QListWidget, QSpinBox, QWizard

from mlops_tracker.gui.dialogs.wizard import FirstRunWizard, from_qdate
from tests.gui.conftest import TODAY, show_active


@pytest.fixture
def window(window_factory, empty_folder, qtbot):  # type: ignore[no-untyped-def]
    """Return a shown window on a folder without a plan."""
    return show_active(qtbot, window_factory(empty_folder))


def make_wizard(window) -> FirstRunWizard:  # type: ignore[no-untyped-def]
    wizard = FirstRunWizard(window.bridge, window)
    wizard.show()
    return wizard


def field(wizard: FirstRunWizard, kind: type, name: str):  # type: ignore[no-untyped-def]
    widget = wizard.findChild(kind, name)
    assert widget is not None, name
    return widget


def choose_role(wizard: FirstRunWizard, role: str) -> None:
    roles: QListWidget = field(wizard, QListWidget, "roleList")
    (item,) = roles.findItems(role, Qt.MatchFlag.MatchExactly)
    roles.setCurrentItem(item)


def test_roles_come_from_the_guide(window):
    wizard = make_wizard(window)
    roles: QListWidget = field(wizard, QListWidget, "roleList")
    names = [roles.item(row).text() for row in range(roles.count())]
    assert names == [r.role for r in window.tracker.curriculum.roles]
    assert len(names) == 8
    choose_role(wizard, "SRE")
    text = field(wizard, QLabel, "roleRecommendation").text()
    assert "MLOps Manager Professional" in text and "SRE Practitioner" in text


def test_proposal_follows_the_role(window):
    wizard = make_wizard(window)
    wizard.next()  # welcome → role
    choose_role(wizard, "Platform Engineer")
    wizard.next()  # role → proposal
    assert wizard.currentPage() is wizard.proposal_page
    level: QComboBox = field(wizard, QComboBox, "levelCombo")
    days: QSpinBox = field(wizard, QSpinBox, "daysSpin")
    assert level.currentData() == "advanced"
    assert days.value() == 45
    assert (days.minimum(), days.maximum()) == (7, 60)
    assert from_qdate(field(wizard, QDateEdit, "startDateEdit").date()) == TODAY
    assert from_qdate(field(wizard, QDateEdit, "examDateEdit").date()) == TODAY + timedelta(days=47)
    boxes = [field(wizard, QCheckBox, f"weekday{n}") for n in range(7)]
    assert [b.isChecked() for b in boxes] == [True] * 6 + [False]
    assert level.count() == 5  # three levels and two specialist tracks

    level.setCurrentIndex(level.findData("foundation"))
    assert days.value() == 14
    assert from_qdate(field(wizard, QDateEdit, "examDateEdit").date()) == TODAY + timedelta(days=16)


def test_finishing_creates_the_plan(window):
    wizard = make_wizard(window)
    wizard.next()
    choose_role(wizard, "SRE")
    wizard.next()
    field(wizard, QSpinBox, "daysSpin").setValue(21)
    field(wizard, QCheckBox, "weekday5").setChecked(False)  # no Saturdays
    exam = TODAY + timedelta(days=25)
    field(wizard, QDateEdit, "examDateEdit").setDate(QDate(exam.year, exam.month, exam.day))
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    summary = field(wizard, QLabel, "wizardSummary").text()
    assert "Professional" in summary and "21 days" in summary and "SRE" in summary
    wizard.accept()
    assert wizard.result() == QWizard.DialogCode.Accepted
    plan = window.tracker.plan("professional")
    assert plan is not None
    assert (plan.spec.days, plan.spec.start, plan.spec.exam) == (21, TODAY, exam)
    assert plan.spec.study_weekdays == frozenset({0, 1, 2, 3, 4})
    assert window.tracker.setting("wizard_done") is True
    assert window.tracker.setting("role") == "SRE"
    # the Today page now shows the plan
    assert window.today_page.content_stack.currentIndex() == 1


def test_accept_right_away_creates_the_proposed_plan(window):
    wizard = make_wizard(window)
    wizard.accept()
    plan = window.tracker.plan()
    assert plan is not None
    assert plan.spec.level == window.tracker.curriculum.roles[0].level_id


def test_invalid_input_is_shown_inline(window):
    wizard = make_wizard(window)
    wizard.next()
    wizard.next()
    before = TODAY - timedelta(days=3)
    field(wizard, QDateEdit, "examDateEdit").setDate(QDate(before.year, before.month, before.day))
    wizard.next()
    assert wizard.currentPage() is wizard.proposal_page  # refused
    assert "before the plan's start" in field(wizard, QLabel, "wizardError").text()
    wizard.accept()
    assert wizard.result() != QWizard.DialogCode.Accepted
    assert window.tracker.plan() is None


def test_no_study_day_cannot_go_on(window):
    wizard = make_wizard(window)
    wizard.next()
    wizard.next()
    for n in range(7):
        field(wizard, QCheckBox, f"weekday{n}").setChecked(False)
    assert not wizard.proposal_page.isComplete()


def test_cancel_skips_the_wizard_for_good(window):
    wizard = make_wizard(window)
    wizard.reject()
    assert window.tracker.setting("wizard_done") is True
    assert window.tracker.plan() is None
    assert window.maybe_start_wizard() is False


def test_wizard_starts_by_itself_only_on_a_first_run(window, monkeypatch):
    runs: list[FirstRunWizard] = []
    monkeypatch.setattr(FirstRunWizard, "exec", lambda self: runs.append(self) or 0)
    assert window.maybe_start_wizard() is False  # exec returned 0: cancelled
    assert len(runs) == 1
    window.tracker.set_setting("wizard_done", True)
    assert window.maybe_start_wizard() is False
    assert len(runs) == 1


def test_wizard_does_not_start_when_there_is_a_plan(main_window, monkeypatch):
    runs: list[FirstRunWizard] = []
    monkeypatch.setattr(FirstRunWizard, "exec", lambda self: runs.append(self) or 0)
    assert main_window.maybe_start_wizard() is False
    assert runs == []


def test_file_menu_reruns_the_wizard(main_window, monkeypatch):
    runs: list[FirstRunWizard] = []
    monkeypatch.setattr(FirstRunWizard, "exec", lambda self: runs.append(self) or 0)
    main_window.wizard_action.trigger()
    assert len(runs) == 1


def test_summary_warns_before_replacing_a_plan(main_window):
    wizard = make_wizard(main_window)
    wizard.next()
    choose_role(wizard, "Data Engineer")  # recommends Foundation, which has a plan
    wizard.next()
    wizard.next()
    assert "replaces your current plan" in field(wizard, QLabel, "wizardSummary").text()


def test_the_wizard_asks_minutes_a_day_and_shows_the_fit_check(window):
    wizard = make_wizard(window)
    wizard.next()
    choose_role(wizard, "SRE")
    wizard.next()
    minutes = field(wizard, QSpinBox, "minutesSpin")
    assert minutes.value() == 60
    field(wizard, QSpinBox, "daysSpin").setValue(14)
    minutes.setValue(30)
    fit = field(wizard, QLabel, "wizardFit").text()
    assert "30 min give" in fit and "raise to" in fit  # 14 days of Professional do not fit 30 minutes
    assert "of reviews" in fit and "do not fit: the plan lists them apart." in fit  # counted, kept apart
    minutes.setValue(240)
    assert "it fits" in field(wizard, QLabel, "wizardFit").text()
    wizard.next()
    assert "it fits" in field(wizard, QLabel, "wizardSummary").text()
    wizard.accept()
    plan = window.tracker.plan("professional")
    assert plan.spec.minutes_per_day == 240
    assert all(task.step_id and task.minutes > 0 for task in plan.tasks)

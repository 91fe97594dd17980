"""The Plan page: the agenda model, ticking tasks, the plan dialog, rescheduling and deleting plans."""

# ruff: noqa: F401, F811  (the fixtures are imported by name, and pytest passes them as arguments)

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.dates import short_day
from mlops_tracker.gui.dialogs.plan_dialog import PlanDialog
from mlops_tracker.gui.models import DateRole, ItemIdRole, StatusRole
from mlops_tracker.gui.models.agenda import AgendaModel, DayStateRole, day_text
from mlops_tracker.gui.pages.plan import PlanPage, weekdays_text
from tests.gui.fixtures_pages import (
    PAGES_PLAN_START,
    PAGES_TODAY,
    Dialogs,
    click_check,
    dialogs,
    empty_tracker,
    page_bridge,
    page_tracker,
)


def make_page(qtbot, bridge: TrackerBridge) -> PlanPage:  # type: ignore[no-untyped-def]
    """Return a shown Plan page."""
    page = PlanPage(bridge)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot, page_bridge: TrackerBridge, dialogs: Dialogs) -> PlanPage:
    """Return the Plan page on the Foundation plan."""
    return make_page(qtbot, page_bridge)


def drive_dialog(monkeypatch: pytest.MonkeyPatch, fill: Callable[[PlanDialog], None]) -> list[PlanDialog]:
    """Make PlanDialog.exec fill the form, press Create plan and return the result, without blocking."""
    opened: list[PlanDialog] = []

    def exec_(dialog: PlanDialog) -> int:
        opened.append(dialog)
        fill(dialog)
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(PlanDialog, "exec", exec_)
    return opened


# ---- the agenda model ---------------------------------------------------------------------------


def test_agenda_model_passes_the_model_tester(qtmodeltester, page_bridge: TrackerBridge) -> None:
    model = AgendaModel(page_bridge)
    model.load(page_bridge.tracker.plan("foundation"))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_agenda_groups_tasks_by_day(page_tracker: Tracker, page_bridge: TrackerBridge) -> None:
    plan = page_tracker.plan("foundation")
    assert plan is not None
    model = AgendaModel(page_bridge)
    model.load(plan)
    tasks = {}
    for row in range(model.rowCount()):
        day = model.index(row, 0)
        for child in range(model.rowCount(day)):
            task = model.index(child, 0, day)
            assert task.data(DateRole) == day.data(DateRole)
            tasks[task.data(ItemIdRole)] = task.data(DateRole)
    assert tasks == {task.item_id: task.due for task in plan.tasks}
    first = model.index(0, 0)
    assert first.data(Qt.ItemDataRole.DisplayRole) == day_text(PAGES_PLAN_START, PAGES_TODAY) == "Thu, 12 Mar"
    assert first.data(DayStateRole) == "past"
    today = model.index(model.day_row(PAGES_TODAY), 0)
    assert today.data(DateRole) == PAGES_TODAY
    assert today.data(DayStateRole) == "today"
    assert today.data(Qt.ItemDataRole.DisplayRole).endswith("· Today")


def test_overdue_tasks_say_so(page_bridge: TrackerBridge) -> None:
    model = AgendaModel(page_bridge)
    model.load(page_bridge.tracker.plan("foundation"))
    first_task = model.index(0, 2, model.index(0, 0))
    assert first_task.data(Qt.ItemDataRole.DisplayRole) == "Overdue"


def test_ticking_a_task_in_the_agenda_marks_it_done(qtbot, page: PlanPage, page_tracker: Tracker) -> None:
    day = page.model.index(0, 0)
    task = page.model.index(0, 0, day)
    item_id = task.data(ItemIdRole)
    click_check(qtbot, page.agenda, task)
    assert page_tracker.item(item_id).state.status is Status.DONE
    task = page.agenda_index(item_id)
    assert task.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert task.data(StatusRole) == "done"
    assert page.model.index(0, 2, page.model.index(0, 0)).data() == "Done"
    click_check(qtbot, page.agenda, page.agenda_index(item_id))
    assert page_tracker.item(item_id).state.status is Status.TODO


def test_day_rows_cannot_be_ticked(page: PlanPage) -> None:
    day = page.model.index(0, 0)
    assert not page.model.flags(day) & Qt.ItemFlag.ItemIsUserCheckable
    assert not page.model.setData(day, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)


# ---- the page -------------------------------------------------------------------------------------


def test_the_page_shows_the_plan_facts(page: PlanPage) -> None:
    assert page.stack.currentWidget() is page.plan_page
    facts = {key: label.text() for key, label in page.fact_labels.items()}
    assert facts["level"] == "Certified MLOps Manager – Foundation"
    assert facts["length"].startswith("30 days")
    assert facts["start"] == "Thursday, 12 March 2026"
    assert facts["exam"] == "no date yet"
    assert facts["study_days"] == "Mon–Sat"
    assert page.phase_label.text().startswith("Today is in phase 1")
    assert not page.plan_combo.isVisibleTo(page)  # one plan: no selector


def test_empty_state_and_create_a_plan(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    empty_tracker: Tracker,
    dialogs: Dialogs,
) -> None:
    page = make_page(qtbot, TrackerBridge(empty_tracker))
    assert page.stack.currentWidget() is page.empty_page
    assert not page.delete_button.isEnabled() and not page.reschedule_button.isEnabled()

    def fill(dialog: PlanDialog) -> None:
        dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("professional"))
        dialog.days_spin.setValue(14)

    drive_dialog(monkeypatch, fill)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    plan = empty_tracker.plan("professional")
    assert plan is not None and plan.spec.days == 14
    assert page.stack.currentWidget() is page.plan_page
    assert page.model.rowCount() > 0
    assert page.fact_labels["level"].text() == "Certified MLOps Manager – Professional"


def test_several_plans_get_a_selector(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    page: PlanPage,
    page_tracker: Tracker,
) -> None:
    page_tracker.create_plan(page_tracker.plan_spec("advanced", 20))
    assert page.plan_combo.isVisibleTo(page)
    assert [page.plan_combo.itemData(i) for i in range(page.plan_combo.count())] == ["foundation", "advanced"]
    page.plan_combo.setCurrentIndex(1)
    page.plan_combo.activated.emit(1)
    assert page.fact_labels["level"].text() == "Certified MLOps Manager – Advanced"
    advanced_ids = {task.item_id for task in page_tracker.plan("advanced").tasks}  # type: ignore[union-attr]
    shown = {
        page.model.index(t, 0, page.model.index(d, 0)).data(ItemIdRole)
        for d in range(page.model.rowCount())
        for t in range(page.model.rowCount(page.model.index(d, 0)))
    }
    shown.discard(None)  # the days' review session rows belong to no item
    assert shown == advanced_ids


def test_delete_plan_then_undo_brings_it_back(
    qtbot,
    page: PlanPage,
    page_tracker: Tracker,
    dialogs: Dialogs,
) -> None:
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "You can undo this with Ctrl+Z" in dialogs.texts("question")[-1]
    assert page_tracker.plan("foundation") is None
    assert page.stack.currentWidget() is page.empty_page
    page_tracker.undo()
    assert page_tracker.plan("foundation") is not None
    assert page.stack.currentWidget() is page.plan_page
    assert page.model.rowCount() > 0


def test_delete_asks_first(qtbot, page: PlanPage, page_tracker: Tracker, dialogs: Dialogs) -> None:
    dialogs.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page_tracker.plan("foundation") is not None


def test_reschedule_moves_overdue_tasks(
    qtbot,
    page: PlanPage,
    page_tracker: Tracker,
    dialogs: Dialogs,
) -> None:
    plan = page_tracker.plan("foundation")
    assert plan is not None
    overdue = sum(1 for view in page_tracker.task_views(plan) if view.overdue)
    assert overdue > 1
    assert page.reschedule_button.isEnabled()
    assert page.overdue_label.text().startswith(f"{overdue} tasks are overdue")
    preview = page_tracker.reschedule_preview("foundation", short_day)
    qtbot.mouseClick(page.reschedule_button, Qt.MouseButton.LeftButton)
    question = dialogs.texts("question")[-1]
    assert preview.advice in question
    assert "plan's end still holds" in question or "exam date" in question
    plan = page_tracker.plan("foundation")
    assert plan is not None
    assert not any(view.overdue for view in page_tracker.task_views(plan))
    assert not page.reschedule_button.isEnabled()
    assert page.overdue_label.isHidden()


def test_reschedule_is_off_without_overdue_tasks(qtbot, empty_tracker: Tracker, dialogs: Dialogs) -> None:
    # 120 min a day: every step fits (steps that do not fit would turn Reschedule on to place them)
    empty_tracker.create_plan(empty_tracker.plan_spec("foundation", 30, minutes_per_day=120))
    page = make_page(qtbot, TrackerBridge(empty_tracker))
    assert not page.reschedule_button.isEnabled()


# ---- the plan dialog ------------------------------------------------------------------------------


def test_the_dialog_defaults(qtbot, page_bridge: TrackerBridge) -> None:
    dialog = PlanDialog(page_bridge)
    qtbot.addWidget(dialog)
    assert dialog.start_edit.date() == QDate(2026, 3, 18)
    assert dialog.start_edit.calendarPopup()
    assert dialog.weekdays() == frozenset(range(6))
    assert dialog.no_exam_check.isChecked() and not dialog.exam_edit.isEnabled()
    assert (dialog.days_spin.minimum(), dialog.days_spin.maximum()) == (7, 60)
    assert dialog.level_combo.count() == 5


def test_the_dialog_creates_a_plan_on_the_chosen_days(
    qtbot, page_tracker: Tracker, page_bridge: TrackerBridge
) -> None:
    dialog = PlanDialog(page_bridge)
    qtbot.addWidget(dialog)
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("advanced"))
    dialog.days_spin.setValue(21)
    dialog.set_weekdays({0, 2, 4})  # Monday, Wednesday, Friday
    dialog.no_exam_check.setChecked(False)
    dialog.exam_edit.setDate(QDate(2026, 4, 10))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    plan = page_tracker.plan("advanced")
    assert plan is not None
    assert plan.spec.study_weekdays == frozenset({0, 2, 4})
    assert plan.spec.exam is not None and plan.spec.exam.isoformat() == "2026-04-10"
    assert plan.tasks and {task.due.weekday() for task in plan.tasks} <= {0, 2, 4}


def test_the_dialog_shows_an_exam_before_the_start_inline(
    qtbot, page_tracker: Tracker, page_bridge: TrackerBridge
) -> None:
    dialog = PlanDialog(page_bridge, level="professional")
    qtbot.addWidget(dialog)
    dialog.no_exam_check.setChecked(False)
    dialog.exam_edit.setDate(dialog.start_edit.date().addDays(-3))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.error_label.isHidden()
    assert "before the plan's start" in dialog.error_label.text()
    assert page_tracker.plan("professional") is None
    dialog.no_exam_check.setChecked(True)  # fixing it clears the message
    assert dialog.error_label.isHidden()


def test_the_dialog_needs_a_study_day(qtbot, page_bridge: TrackerBridge) -> None:
    dialog = PlanDialog(page_bridge, level="professional")
    qtbot.addWidget(dialog)
    dialog.set_weekdays(set())
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "at least one study day" in dialog.error_label.text()


def test_replacing_a_plan_asks_first(
    qtbot,
    page_tracker: Tracker,
    page_bridge: TrackerBridge,
    dialogs: Dialogs,
) -> None:
    dialog = PlanDialog(page_bridge, level="foundation")
    qtbot.addWidget(dialog)
    dialog.days_spin.setValue(10)
    dialogs.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Replace it" in dialogs.texts("question")[-1]
    assert page_tracker.plan("foundation").spec.days == 30  # type: ignore[union-attr]
    dialogs.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert page_tracker.plan("foundation").spec.days == 10  # type: ignore[union-attr]


def test_new_plan_from_the_page(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    page: PlanPage,
    page_tracker: Tracker,
) -> None:
    def fill(dialog: PlanDialog) -> None:
        assert dialog.level() == "foundation"  # the plan shown is the default
        dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("security"))
        dialog.start_edit.setDate(QDate(2026, 3, 23))

    opened = drive_dialog(monkeypatch, fill)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    plan = page_tracker.plan("security")
    assert plan is not None and plan.spec.start.isoformat() == "2026-03-23"
    assert page.plan_combo.currentData() == "security"
    assert page.phase_label.text() == "The plan starts in 5 days."


def test_weekdays_text() -> None:
    assert weekdays_text(frozenset(range(6))) == "Mon–Sat"
    assert weekdays_text(frozenset(range(7))) == "every day"
    assert weekdays_text(frozenset({0, 2, 4})) == "Mon, Wed, Fri"
    assert weekdays_text(frozenset({5, 6})) == "Sat, Sun"


def test_the_plan_exam_countdown(qtbot, empty_tracker: Tracker, dialogs: Dialogs) -> None:
    empty_tracker.create_plan(
        empty_tracker.plan_spec("foundation", 30, exam=PAGES_TODAY + timedelta(days=20))
    )
    page = make_page(qtbot, TrackerBridge(empty_tracker))
    assert page.fact_labels["exam"].text() == "Tuesday, 7 April 2026 (in 20 days)"


def test_new_plan_dialog_asks_minutes_a_day_and_shows_the_fit_check(page_bridge, qtbot):
    dialog = PlanDialog(page_bridge, level="professional")
    qtbot.addWidget(dialog)
    assert dialog.minutes_spin.value() == 60
    dialog.days_spin.setValue(14)
    dialog.minutes_spin.setValue(30)
    assert "raise to" in dialog.summary_label.text()
    dialog.minutes_spin.setValue(300)
    assert "it fits" in dialog.summary_label.text()
    dialog.create()
    plan = page_bridge.tracker.plan("professional")
    assert plan.spec.minutes_per_day == 300

"""The Plan page with a plan of steps: minutes per day against the budget, the fit line, the exam result."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from mlops_tracker.domain.phrases import duration
from mlops_tracker.gui.dialogs.exam_result import ExamResultDialog
from tests.gui.conftest import TODAY, open_tracker, show_active


def _folder(tmp_path: Path, days: int = 30, minutes: int = 60, exam=None) -> Path:
    folder = tmp_path / "data"
    tracker = open_tracker(folder)
    try:
        spec = tracker.plan_spec(
            "foundation", days, start=TODAY - timedelta(days=2), exam=exam, minutes_per_day=minutes
        )
        tracker.create_plan(spec)
    finally:
        tracker.close()
    return folder


def test_agenda_lists_steps_with_minutes_and_each_day_against_the_budget(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_folder(tmp_path)))
    page = window.plan_page
    model = page.model
    first_day = model.days()[0]
    assert first_day.tasks and all(view.step_id for view in first_day.tasks)
    day_text = model.index(0, 2).data()
    assert day_text.endswith(f" · {first_day.minutes} of 60 min")
    assert first_day.minutes <= 60
    task = model.index(0, 0, model.index(0, 0))
    assert task.data().startswith(f"{first_day.tasks[0].minutes} min · ")
    assert first_day.tasks[0].step_title in task.data()
    assert task.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert page.fit_label.isHidden()
    assert "60 min a study day" in page.fact_labels["progress"].text()


def test_ticking_a_step_in_the_agenda_ticks_that_step(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_folder(tmp_path)))
    model = window.plan_page.model
    index = model.index(0, 0, model.index(0, 0))
    step = model.task_view(index)
    assert model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert step.step_id in window.tracker.done_steps()
    assert model.index(0, 0, model.index(0, 0)).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_steps_that_do_not_fit_are_grouped_after_the_agenda_with_the_fit_advice(
    window_factory, tmp_path, qtbot
):
    window = show_active(qtbot, window_factory(_folder(tmp_path, days=7, minutes=15)))
    page = window.show_page("plan")
    plan = page.current_plan()
    assert not window.tracker.fit_check(plan.spec).fits
    missing = window.tracker.unscheduled(plan)
    assert missing and page.unfit_frame.isVisible() and page.fit_label.isHidden()
    hours = duration(sum(work.minutes for work in missing))
    assert page.unfit_heading.text() == f"Does not fit ({len(missing)} steps, {hours})"
    assert page.unfit_advice.text().startswith("Needs ") and "raise to" in page.unfit_advice.text()
    assert page.unfit_list.count() == len(missing)
    assert page.unfit_list.item(0).text().startswith(f"{missing[0].minutes} min · ")
    # the agenda's days stay within the budget: their steps and review session
    assert all(day.minutes <= 15 for day in page.model.days())
    assert page.reschedule_button.isEnabled()  # re-packing may bring them back when time allows


def test_a_plan_that_fits_shows_no_does_not_fit_group(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_folder(tmp_path, days=60, minutes=60)))
    page = window.show_page("plan")
    assert page.agenda.isVisible() and not page.unfit_frame.isVisible()


def test_study_days_after_the_first_show_a_review_session_row(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_folder(tmp_path, days=60)))
    model = window.plan_page.model
    days = model.days()
    assert days[0].review == 0 and all(day.review >= 10 for day in days[1:] if not day.rest_day)
    second = model.index(1, 0)
    row = model.index(model.rowCount(second) - 1, 0, second)
    assert row.data() == f"Review session · {days[1].review} min"
    assert model.index(row.row(), 1, second).data() == "Review"
    assert not row.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert model.index(1, 2).data().endswith(f" · {days[1].minutes} of 60 min") and days[1].minutes <= 60


def test_record_exam_result_passed_is_undoable(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_folder(tmp_path, exam=TODAY - timedelta(days=1))))
    page = window.show_page("plan")
    dialog = page.open_exam_dialog()  # open(), never exec()
    assert isinstance(dialog, ExamResultDialog) and dialog.isVisible()
    assert dialog.buttons["passed"].isChecked()
    assert dialog.day() == TODAY - timedelta(days=1)  # the plan's exam day, past
    dialog.accept()
    results = window.tracker.exam_results()
    assert results["foundation"].result == "passed" and results["foundation"].day == TODAY - timedelta(days=1)
    assert "passed" in page.fact_labels["exam"].text()
    window.undo_action.trigger()
    assert "foundation" not in window.tracker.passed_levels()


def test_record_exam_result_failed_and_a_new_date(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_folder(tmp_path, exam=TODAY)))
    page = window.show_page("plan")
    dialog = page.open_exam_dialog()
    dialog.buttons["failed"].setChecked(True)
    dialog.accept()
    assert window.tracker.exam_results()["foundation"].result == "failed"
    new = TODAY + timedelta(days=45)
    assert page.record_exam("new_date", new)
    plan = window.tracker.plan("foundation")
    assert plan.spec.exam == new and plan.spec.start + timedelta(days=plan.spec.days - 1) >= new
    window.undo_action.trigger()
    assert window.tracker.plan("foundation").spec.exam == TODAY

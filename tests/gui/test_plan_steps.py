"""The Plan page with a plan of steps: minutes per day against the budget, the fit line, the exam result."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt

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


def test_the_fit_line_shows_when_the_work_does_not_fit(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_folder(tmp_path, days=7, minutes=15)))
    page = window.plan_page
    plan = page.current_plan()
    assert not window.tracker.fit_check(plan.spec).fits
    assert not page.fit_label.isHidden()
    assert page.fit_label.text() == window.tracker.fit_line(plan.spec)


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

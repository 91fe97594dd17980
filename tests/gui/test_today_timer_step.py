"""Today's timer runs against a step: it says which, logs the minutes there, counts them against the step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from mlops_tracker.gui.models.tasks import short_title
from tests.gui.conftest import TODAY, open_tracker, show_active


def _plan_folder(tmp_path: Path, minutes: int = 30) -> Path:
    folder = tmp_path / "data"
    tracker = open_tracker(folder)
    try:
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=TODAY, minutes_per_day=minutes))
    finally:
        tracker.close()
    return folder


def test_the_timer_runs_on_the_selected_step_and_logs_its_minutes_there(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_plan_folder(tmp_path)))
    page = window.today_page
    timer = page.timer
    row = page.model.rowCount() - 1  # not the first: the selection, not the default, decides
    page.task_view.setCurrentIndex(page.model.index(row))
    task = page.model.task(row)
    assert task.step_id is not None and timer.step_id == task.step_id
    now = [0]
    timer.now_ms = lambda: now[0]
    qtbot.mouseClick(timer.start_button, Qt.MouseButton.LeftButton)
    named = short_title(task)
    assert timer.target_label.toolTip() == named
    assert timer.target_label.text().startswith(f"Timing: {named[:30]}")  # long titles are shortened
    assert len(timer.target_label.text()) < len(f"Timing: {named}") or len(named) <= 60
    page.task_view.setCurrentIndex(page.model.index(0))  # a running session keeps its step
    assert timer.step_id == task.step_id
    now[0] = 12 * 60_000 + 5_000
    qtbot.mouseClick(timer.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.tracker.study_sessions()))
    sessions = window.tracker.study_sessions()
    assert [(s.minutes, s.item_id, s.step_id) for s in sessions] == [(12, task.item.id, task.step_id)]
    assert window.tracker.view().minutes_by_step == {task.step_id: 12}
    # stopped, it points at the row now selected again; going back to the step shows what was logged
    page.task_view.setCurrentIndex(page.model.index(row))
    step = next(s for s in window.tracker.steps_of(task.item.id) if s.id == task.step_id)
    assert timer.target_label.text().startswith(f"For: {named[:30]}")
    assert timer.target_label.text().endswith(f" · 12 of {step.minutes} min logged")


def test_with_nothing_selected_the_timer_runs_on_the_day_s_first_open_step(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_plan_folder(tmp_path)))
    page = window.today_page
    first = page.model.task(0)
    assert page.timer.step_id == first.step_id and page.timer.item_id == first.item.id
    page.timer.minutes_spin.setValue(15)
    page.timer.log_button.click()
    assert [(s.minutes, s.step_id) for s in window.tracker.study_sessions()] == [(15, first.step_id)]
    assert "15 of" in page.timer.target_label.text()


def test_a_split_step_is_named_with_its_part(window_factory, tmp_path, qtbot):
    window = show_active(qtbot, window_factory(_plan_folder(tmp_path, minutes=15)))
    page = window.today_page
    rows = [r for r in range(page.model.rowCount()) if page.model.task(r).task.parts > 1]
    assert rows, "a 15-minute budget splits some step of today"
    page.task_view.setCurrentIndex(page.model.index(rows[0]))
    task = page.model.task(rows[0])
    assert page.timer.target_label.text().startswith(f"For: Part {task.task.part} of {task.task.parts}: ")
    assert page.timer.target_label.toolTip() == short_title(task)

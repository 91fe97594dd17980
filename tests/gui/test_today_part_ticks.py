"""Ticking a split step's part on Today: a part before the last logs its minutes; the last ticks the step."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from mlops_tracker.gui.main_window import MainWindow
from tests.gui.conftest import PLAN_START, TODAY, open_tracker, show_active
from tests.gui.fixtures_pages import click_check


def _window(window_factory, tmp_path: Path, qtbot, start: date) -> MainWindow:  # type: ignore[no-untyped-def]
    folder = tmp_path / "data"
    tracker = open_tracker(folder)
    try:  # 15 minutes a day splits steps into parts on different days
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=start, minutes_per_day=15))
    finally:
        tracker.close()
    return show_active(qtbot, window_factory(folder))


def _checked(window: MainWindow, row: int) -> bool:
    index = window.today_page.model.index(row)
    return index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_ticking_a_first_part_logs_its_minutes_on_the_step_and_undo_takes_them_back(
    window_factory, tmp_path, qtbot
):  # type: ignore[no-untyped-def]
    window = _window(window_factory, tmp_path, qtbot, TODAY)
    page, tracker = window.today_page, window.tracker
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.task(r).task.part < model.task(r).task.parts)
    task = model.task(row)
    click_check(qtbot, page.task_view, model.index(row))
    qtbot.waitUntil(lambda: _checked(window, row))
    sessions = [(s.day, s.minutes, s.item_id, s.step_id) for s in tracker.study_sessions()]
    assert sessions == [(TODAY, task.minutes, task.item.id, task.step_id)]
    assert task.step_id not in tracker.done_steps()  # the step waits for its last part
    assert (
        window.undo_action.text()
        == f"&Undo Part {task.task.part} of {task.task.parts} done: {task.step_title}"
    )
    assert "1 of" in page.tasks_count.text()
    # done by its minutes, the box takes no click: the log is not thrown away by a stray click
    click_check(qtbot, page.task_view, model.index(row))
    assert _checked(window, row) and len(tracker.study_sessions()) == 1
    assert "Undo takes the log back" in str(model.index(row).data(Qt.ItemDataRole.ToolTipRole))
    window.undo_action.trigger()  # one undo step takes the part back
    qtbot.waitUntil(lambda: not _checked(window, row))
    assert tracker.study_sessions() == [] and task.step_id not in tracker.done_steps()


def test_ticking_a_part_logs_only_what_is_missing(window_factory, tmp_path, qtbot):  # type: ignore[no-untyped-def]
    window = _window(window_factory, tmp_path, qtbot, TODAY)
    page, tracker = window.today_page, window.tracker
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.task(r).task.part < model.task(r).task.parts)
    task = model.task(row)
    page.task_view.setCurrentIndex(model.index(row))  # the timer logs on the selected step
    page.timer.minutes_spin.setValue(task.minutes - 5)
    page.timer.log_button.click()
    assert not _checked(window, row)
    click_check(qtbot, page.task_view, model.index(row))
    qtbot.waitUntil(lambda: _checked(window, row))
    assert [s.minutes for s in tracker.study_sessions()] == [task.minutes - 5, 5]


def test_the_timer_finishes_a_part_when_its_minutes_are_logged(  # type: ignore[no-untyped-def]
    window_factory, tmp_path, qtbot
):
    window = _window(window_factory, tmp_path, qtbot, TODAY)
    page = window.today_page
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.task(r).task.part < model.task(r).task.parts)
    task = model.task(row)
    page.task_view.setCurrentIndex(model.index(row))
    page.timer.minutes_spin.setValue(task.minutes)
    page.timer.log_button.click()
    qtbot.waitUntil(lambda: _checked(window, row))
    step = next(s for s in window.tracker.steps_of(task.item.id) if s.id == task.step_id)
    assert page.timer.target_label.text().endswith(f" · {task.minutes} of {step.minutes} min logged")
    assert "1 of" in page.tasks_count.text()


def test_ticking_the_last_part_ticks_the_step(window_factory, tmp_path, qtbot):  # type: ignore[no-untyped-def]
    window = _window(window_factory, tmp_path, qtbot, PLAN_START)  # six days in: last parts are overdue
    page, tracker = window.today_page, window.tracker
    model = page.model
    row = next(
        r
        for r in range(model.rowCount())
        if model.task(r).task.parts > 1 and model.task(r).task.part == model.task(r).task.parts
    )
    task = model.task(row)
    click_check(qtbot, page.task_view, model.index(row))
    qtbot.waitUntil(lambda: task.step_id in tracker.done_steps())
    assert tracker.study_sessions() == []
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: task.step_id not in tracker.done_steps())

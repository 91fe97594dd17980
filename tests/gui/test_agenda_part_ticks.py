"""The Plan page's agenda ticks a split step's part as Today does: a part before the last logs its minutes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from mlops_tracker.core.views import TaskView
from mlops_tracker.gui.pages.plan import PlanPage
from tests.gui.conftest import TODAY, open_tracker, show_active
from tests.gui.fixtures_pages import click_check


def _first_part(page: PlanPage) -> tuple[QModelIndex, TaskView]:
    """Return the agenda index and task of the first part before the last of a split step."""
    model = page.model
    for day_row in range(model.rowCount()):
        day = model.index(day_row, 0)
        for row in range(model.rowCount(day)):
            index = model.index(row, 0, day)
            view = model.task_view(index)
            if view is not None and view.task.part < view.task.parts:
                return index, view
    raise AssertionError("the plan splits no step")


def test_ticking_a_first_part_in_the_agenda_logs_its_minutes_and_locks_the_box(
    window_factory, tmp_path: Path, qtbot
):  # type: ignore[no-untyped-def]
    folder = tmp_path / "data"
    tracker = open_tracker(folder)
    try:  # 15 minutes a day splits steps into parts on different days
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=TODAY, minutes_per_day=15))
    finally:
        tracker.close()
    window = show_active(qtbot, window_factory(folder))
    window.show_page("plan")
    page = window.plan_page
    index, view = _first_part(page)
    assert page.model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    click_check(qtbot, page.agenda, index)
    sessions = [(s.minutes, s.step_id) for s in window.tracker.study_sessions()]
    assert sessions == [(view.minutes, view.step_id)]
    assert view.step_id not in window.tracker.done_steps()  # the step waits for its last part
    index, _ = _first_part(page)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert page.model.index(index.row(), 2, index.parent()).data() == "Done"
    # done by its minutes: no click throws the log away, undo does (one step)
    assert not page.model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.tracker.study_sessions() == [])

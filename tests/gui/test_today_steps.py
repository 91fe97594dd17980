"""Today with a plan of study steps: each row is a step with its minutes; a tick ticks that step only."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mlops_tracker.domain.model import Status
from tests.gui.conftest import PLAN_START, open_tracker
from tests.gui.fixtures_pages import click_check


def test_today_lists_steps_and_a_click_ticks_one_step_not_its_item(window_factory, tmp_path, qtbot):
    folder = tmp_path / "steps"
    tracker = open_tracker(folder)
    try:
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=PLAN_START))
    finally:
        tracker.close()
    window = window_factory(folder)
    window.show()
    model = window.today_page.model
    assert model.rowCount() > 0
    view = model.task(0)
    assert view.step_id is not None
    assert view.step_title in model.index(0).data() and "min" in model.index(0).data()
    siblings = [row for row in range(model.rowCount()) if model.task(row).item.id == view.item.id]
    click_check(qtbot, window.today_page.task_view, model.index(0))
    qtbot.waitUntil(lambda: model.index(0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked)
    tracker = window.tracker
    assert view.step_id in tracker.done_steps()
    assert (
        tracker.item(view.item.id).state.status is not Status.DONE or len(tracker.steps_of(view.item.id)) == 1
    )
    for row in siblings[1:]:
        if model.task(row).step_id != view.step_id:
            state = model.index(row).data(Qt.ItemDataRole.CheckStateRole)
            assert state == Qt.CheckState.Unchecked
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: view.step_id not in tracker.done_steps())

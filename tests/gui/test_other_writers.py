"""The window follows other writers: a change by the command line or another window shows within a second."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mlops_tracker.cli import main as cli_main
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.domain.model import Status
from mlops_tracker.gui.main_window import MainWindow
from tests.gui.conftest import TODAY, open_tracker, show_active

TODAY_ITEM = "foundation.skill.versioning-lineage"  # the plan fixture's task due today
WAIT_MS = 3000  # the watch looks every 500 ms; a second is promised, three leave room for slow machines


def today_status(window: MainWindow, item_id: str = TODAY_ITEM) -> Status:
    """Return the status the Today page shows for a task."""
    model = window.today_page.model
    return model.task(model.row_of(item_id)).state.status


def levels_status(window: MainWindow, item_id: str = TODAY_ITEM) -> Status | None:
    """Return the status the Levels page's checklist shows for an item."""
    view = window.levels_page.model.view_of(item_id)
    return view.state.status if view is not None else None


def test_window_shows_a_change_made_by_another_tracker(window_factory, plan_folder: Path, qtbot) -> None:
    window = show_active(qtbot, window_factory(plan_folder))
    assert today_status(window) is Status.TODO
    window.show_page("levels")
    other = open_tracker(plan_folder)
    try:
        other.run(UpdateItem(TODAY_ITEM, status=Status.DONE))
    finally:
        other.close()
    qtbot.waitUntil(lambda: levels_status(window) is Status.DONE, timeout=WAIT_MS)
    window.show_page("today")
    assert today_status(window) is Status.DONE
    assert window.statusBar().currentMessage() == "Updated: the data was changed outside this window"


def test_window_shows_a_change_made_by_the_command_line(window_factory, plan_folder: Path, qtbot) -> None:
    window = show_active(qtbot, window_factory(plan_folder))
    status_line = window.readiness_status.text()
    assert cli_main(["--data-dir", str(plan_folder), "mark", TODAY_ITEM, "in_progress"]) == 0
    qtbot.waitUntil(lambda: today_status(window) is Status.IN_PROGRESS, timeout=WAIT_MS)
    assert cli_main(["--data-dir", str(plan_folder), "undo"]) == 0
    qtbot.waitUntil(lambda: today_status(window) is Status.TODO, timeout=WAIT_MS)
    assert window.readiness_status.text() == status_line


def test_window_shows_a_change_made_by_another_process(window_factory, plan_folder: Path, qtbot) -> None:
    window = show_active(qtbot, window_factory(plan_folder))
    window.show_page("levels")
    env = {**os.environ, "MLOPS_TRACKER_TODAY": TODAY.isoformat()}
    command = [sys.executable, "-m", "mlops_tracker", "--data-dir", str(plan_folder), "mark", TODAY_ITEM]
    subprocess.run([*command, "done"], env=env, check=True, capture_output=True, timeout=120)
    qtbot.waitUntil(lambda: levels_status(window) is Status.DONE, timeout=WAIT_MS)


def test_a_window_left_alone_does_not_refresh(window_factory, plan_folder: Path, qtbot) -> None:
    window = window_factory(plan_folder)
    timer = window.bridge._watch_timer
    assert timer is not None and timer.isActive()
    ticks: list[int] = []
    refreshes: list[object] = []
    timer.timeout.connect(lambda: ticks.append(1))
    window.bridge.tracker_changed.connect(refreshes.append)
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=5000)
    assert refreshes == []


def test_the_windows_own_change_is_not_taken_for_another_writers(window_factory, plan_folder: Path) -> None:
    window = window_factory(plan_folder)
    refreshes: list[object] = []
    window.bridge.tracker_changed.connect(refreshes.append)
    window.tracker.run(UpdateItem(TODAY_ITEM, status=Status.DONE))
    window.undo()
    assert len(refreshes) == 2  # the change and its undo, each notified once
    assert window.bridge.check_other_writers() is False
    assert len(refreshes) == 2


def test_an_outside_change_is_reloaded_once(window_factory, plan_folder: Path, qtbot) -> None:
    window = show_active(qtbot, window_factory(plan_folder))
    other = open_tracker(plan_folder)
    try:
        other.run(UpdateItem(TODAY_ITEM, status=Status.SKIPPED))
    finally:
        other.close()
    assert window.bridge.check_other_writers() is True
    assert today_status(window) is Status.SKIPPED
    assert window.bridge.check_other_writers() is False


def test_closing_the_window_stops_watching(window_factory, plan_folder: Path) -> None:
    window = window_factory(plan_folder)
    timer = window.bridge._watch_timer
    window.close()
    assert timer is not None and not timer.isActive()


def test_notes_being_typed_survive_an_outside_change(window_factory, plan_folder: Path, qtbot) -> None:
    window = show_active(qtbot, window_factory(plan_folder))
    window.show_item(TODAY_ITEM)
    editor = window.levels_page.editor
    editor.notes_edit.setPlainText("half a thought")
    editor.notes_edit.document().setModified(True)
    other = open_tracker(plan_folder)
    try:
        other.run(UpdateItem(TODAY_ITEM, status=Status.DONE))
    finally:
        other.close()
    qtbot.waitUntil(lambda: levels_status(window) is Status.DONE, timeout=WAIT_MS)
    assert editor.notes_edit.toPlainText() == "half a thought"
    assert editor.status_group.checkedButton() is editor.status_group.button(2)  # Done

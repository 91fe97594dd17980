"""The Today page: ticking tasks, overdue ones, rescheduling, the timer, tiles and empty states."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QMessageBox

from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.domain.model import Kind, Status
from mlops_tracker.gui.models import ItemIdRole
from mlops_tracker.gui.models.tasks import TaskListModel
from mlops_tracker.gui.widgets.timer import StudyTimer, format_elapsed
from tests.gui.conftest import PLAN_START, TODAY, create_item_plan, open_tracker, show_active

TODAY_ITEM = "foundation.skill.versioning-lineage"
OVERDUE_ITEMS = ("foundation.phase.1", "foundation.skill.ml-lifecycle")


def row_of(model: QAbstractItemModel, item_id: str) -> int:
    """Return the row of an item in a flat model, or -1."""
    for row in range(model.rowCount()):
        if model.index(row, 0).data(ItemIdRole) == item_id:
            return row
    return -1


def check_state(model: QAbstractItemModel, item_id: str) -> Qt.CheckState:
    """Return an item's check state in a model."""
    row = row_of(model, item_id)
    assert row >= 0, f"{item_id} is not in the model"
    value = model.index(row, 0).data(Qt.ItemDataRole.CheckStateRole)
    return value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)


def levels_state(window, item_id: str) -> Qt.CheckState:  # type: ignore[no-untyped-def]
    """Return the check state the Levels page's model shows for an item."""
    return check_state(window.levels_page.model, item_id)


def test_lists_today_and_overdue_tasks_overdue_first(main_window):
    model = main_window.today_page.model
    ids = [model.index(row).data(ItemIdRole) for row in range(model.rowCount())]
    assert ids[-1] == TODAY_ITEM
    overdue_ids = ids[:-1]
    assert len(overdue_ids) == 2
    for row in range(len(overdue_ids)):
        text = model.index(row).data(Qt.ItemDataRole.DisplayRole)
        assert "overdue since" in text
    first_due = main_window.tracker.task_views(main_window.tracker.plan())[0].task.due
    assert model.index(0).data().endswith(f"overdue since {first_due:%a}, {first_due.day} {first_due:%b}")
    assert "overdue" not in model.index(2).data()


def test_ticking_a_task_through_the_model_persists(window_factory, plan_folder, qtbot):
    window = window_factory(plan_folder)
    window.show()
    model = window.today_page.model
    row = row_of(model, TODAY_ITEM)
    assert check_state(model, TODAY_ITEM) == Qt.CheckState.Unchecked
    assert model.setData(model.index(row), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert check_state(model, TODAY_ITEM) == Qt.CheckState.Checked
    window.close()

    again = window_factory(plan_folder)
    again.show()
    assert check_state(again.today_page.model, TODAY_ITEM) == Qt.CheckState.Checked
    assert levels_state(again, TODAY_ITEM) == Qt.CheckState.Checked


def test_space_on_the_list_ticks_the_current_task_and_ctrl_z_undoes_it(window_factory, plan_folder, qtbot):
    window = show_active(qtbot, window_factory(plan_folder))
    view = window.today_page.task_view
    model = window.today_page.model
    view.setFocus()
    view.setCurrentIndex(model.index(row_of(model, TODAY_ITEM)))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert check_state(model, TODAY_ITEM) == Qt.CheckState.Checked
    assert "Mark done: Knowledge of model versioning" in window.undo_action.text()
    window.close()

    again = show_active(qtbot, window_factory(plan_folder))
    assert check_state(again.today_page.model, TODAY_ITEM) == Qt.CheckState.Checked
    assert levels_state(again, TODAY_ITEM) == Qt.CheckState.Checked
    assert again.undo_action.text() == "&Undo Mark done: Knowledge of model versioning and data…"
    again.today_page.task_view.setFocus()
    qtbot.keyClick(again, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert check_state(again.today_page.model, TODAY_ITEM) == Qt.CheckState.Unchecked
    assert again.tracker.item(TODAY_ITEM).state.status is Status.TODO
    assert again.statusBar().currentMessage().startswith("Undone: Mark done: Knowledge")


def test_space_again_unticks(main_window, qtbot):
    view = main_window.today_page.task_view
    model = main_window.today_page.model
    view.setFocus()
    view.setCurrentIndex(model.index(row_of(model, TODAY_ITEM)))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert check_state(model, TODAY_ITEM) == Qt.CheckState.Unchecked
    assert main_window.tracker.item(TODAY_ITEM).state.status is Status.TODO


def test_finished_tasks_stay_listed_ticked_until_tomorrow(main_window):
    page = main_window.today_page
    model = page.model
    for item_id in (TODAY_ITEM, *OVERDUE_ITEMS):
        model.setData(
            model.index(row_of(model, item_id)), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
        )
    assert model.rowCount() == 3
    assert all(check_state(model, i) == Qt.CheckState.Checked for i in (TODAY_ITEM, *OVERDUE_ITEMS))
    assert page.tasks_count.text() == "3 of 3 done"
    assert page.subtitle_label.text() == "All 3 tasks done for today. Well done."
    assert not page.reschedule_button.isVisibleTo(page)

    tomorrow = open_tracker(main_window.tracker.folder, TODAY + timedelta(days=1))
    try:
        ids = {view.item.id for view in tomorrow.today_tasks()}
    finally:
        tomorrow.close()
    assert not ids & {TODAY_ITEM, *OVERDUE_ITEMS}


def test_a_skipped_task_is_half_ticked(main_window):
    main_window.bridge.run(UpdateItem(TODAY_ITEM, status=Status.SKIPPED))
    assert check_state(main_window.today_page.model, TODAY_ITEM) == Qt.CheckState.PartiallyChecked


def test_model_passes_the_model_tester(main_window, qtmodeltester):
    model = main_window.today_page.model
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_model_tester_on_a_fresh_model_while_rows_change(main_window, qtmodeltester):
    model = TaskListModel(main_window.bridge)
    qtmodeltester.check(model)
    model.set_tasks(main_window.today_page.view.visible_tasks)
    qtmodeltester.check(model)
    model.set_tasks([])
    assert model.rowCount() == 0


def test_model_rows_are_user_checkable(main_window):
    model = main_window.today_page.model
    assert model.flags(model.index(0)) & Qt.ItemFlag.ItemIsUserCheckable
    tooltip = model.index(row_of(model, TODAY_ITEM)).data(Qt.ItemDataRole.ToolTipRole)
    assert "Skill · Foundation" in tooltip and "Status: To do" in tooltip


def test_reschedule_button_moves_overdue_tasks_when_confirmed(main_window, monkeypatch):
    page = main_window.today_page
    assert page.reschedule_button.isVisibleTo(page)
    shown: list[str] = []

    def confirm(box: QMessageBox) -> int:
        shown.append(box.informativeText())
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", confirm)
    page.reschedule_button.click()
    assert shown and "2 overdue tasks move forward from Wed, 18 Mar" in shown[0]
    assert "exam date still holds" in shown[0]
    model = page.model
    assert not any(model.index(row).data().count("overdue since") for row in range(model.rowCount()))
    assert not page.reschedule_button.isVisibleTo(page)
    assert main_window.undo_action.text().startswith("&Undo Reschedule plan")


def test_rescheduling_two_late_levels_is_one_undo_step(window_factory, plan_folder, monkeypatch):
    tracker = open_tracker(plan_folder)
    tracker.create_plan(tracker.plan_spec("professional", 30, start=PLAN_START))
    tracker.close()
    window = window_factory(plan_folder)
    page = window.today_page
    before = {plan.spec.level: plan.tasks for plan in window.tracker.plans()}
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Ok)
    page.reschedule_button.click()
    assert window.undo_action.text() == "&Undo Reschedule plans: Foundation, Professional"
    assert all(window.tracker.require_plan(level).tasks != tasks for level, tasks in before.items())
    window.undo()  # one undo takes both levels back
    assert {plan.spec.level: plan.tasks for plan in window.tracker.plans()} == before
    assert page.reschedule_button.isVisibleTo(page)


def test_reschedule_cancelled_changes_nothing(main_window, monkeypatch):
    page = main_window.today_page
    before = main_window.tracker.plan().tasks
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Cancel)
    page.reschedule_button.click()
    assert main_window.tracker.plan().tasks == before
    assert page.reschedule_button.isVisibleTo(page)


def test_tiles_show_readiness_streak_exam_and_buffer(main_window):
    page = main_window.today_page
    assert page.readiness_tile.value() == "0%"
    assert page.readiness_tile.detail() == "Foundation 0%"
    assert page.streak_tile.value() == "0 days"
    assert "2 freezes left" in page.streak_tile.detail()
    assert page.exam_tile.value() == "26 days"
    exam = PLAN_START + timedelta(days=32)
    assert page.exam_tile.detail() == f"until {exam:%a}, {exam.day} {exam:%b}"
    assert page.buffer_tile.value().endswith("behind")
    for item_id in (TODAY_ITEM, *OVERDUE_ITEMS):
        main_window.bridge.run(UpdateItem(item_id, status=Status.DONE))
    assert page.readiness_tile.value() != "0%"
    assert page.buffer_tile.value() in ("on plan",) or page.buffer_tile.value().endswith("ahead")
    assert page.streak_tile.value() == "1 day"


def test_focus_shows_the_phase_activity(main_window):
    text = main_window.today_page.focus_label.text()
    assert text.startswith("Foundation: Focus on core vocabulary")


def test_header_shows_the_date(main_window):
    assert main_window.today_page.date_label.text() == f"{TODAY:%A}, {TODAY.day} {TODAY:%B}"
    assert main_window.today_page.subtitle_label.text() == "3 tasks to do, 2 of them overdue."


def test_timer_logs_the_minutes_on_stop(main_window, monkeypatch):
    timer: StudyTimer = main_window.today_page.timer
    timer.start_button.click()
    assert timer.is_running()
    assert not timer.start_button.isEnabled() and timer.pause_button.isEnabled()
    monkeypatch.setattr(timer, "elapsed_ms", lambda: 25 * 60_000 + 42_000)
    timer.stop_button.click()
    sessions = main_window.tracker.study_sessions()
    assert [(s.day, s.minutes) for s in sessions] == [(TODAY, 25)]
    assert timer.total_label.text() == "Logged 25 min. Studied today: 25 min"
    assert not timer.is_running()
    assert main_window.undo_action.text() == "&Undo Log 25 min"


def test_timer_under_a_minute_logs_nothing(main_window, monkeypatch):
    timer = main_window.today_page.timer
    timer.start()
    monkeypatch.setattr(timer, "elapsed_ms", lambda: 40_000)
    assert timer.stop() == 0
    assert main_window.tracker.study_sessions() == []
    assert "nothing logged" in timer.total_label.text()


def test_timer_pause_keeps_the_time_and_resume_continues(main_window):
    timer = main_window.today_page.timer
    now = [1_000_000]
    timer.now_ms = lambda: now[0]
    timer.start()
    now[0] += 30_000
    timer.pause()
    assert timer.elapsed_ms() == 30_000
    assert timer.start_button.text() == "&Resume"
    now[0] += 600_000
    assert timer.elapsed_ms() == 30_000  # paused: the clock does not run
    timer.start()
    now[0] += 150_000
    assert timer.elapsed_ms() == 180_000
    timer._update_display()
    assert timer.display.text() == "03:00"
    assert timer.stop() == 3
    assert main_window.tracker.study_sessions()[-1].minutes == 3
    assert format_elapsed(65_000) == "01:05"
    assert format_elapsed(3_725_000) == "1:02:05"


def test_typed_minutes_are_logged(main_window):
    timer = main_window.today_page.timer
    timer.minutes_spin.setValue(40)
    timer.log_button.click()
    assert [s.minutes for s in main_window.tracker.study_sessions()] == [40]
    assert main_window.today_page.timer.total_label.text().endswith("Studied today: 40 min")


def test_no_plan_shows_the_friendly_panel(window_factory, empty_folder, monkeypatch):
    window = window_factory(empty_folder)
    window.show()
    page = window.today_page
    assert page.content_stack.currentIndex() == 0
    assert page.wizard_button.isVisible() and page.create_plan_button.isVisible()
    runs = []
    monkeypatch.setattr(
        "mlops_tracker.gui.dialogs.wizard.FirstRunWizard.exec", lambda self: runs.append(1) or 0
    )
    page.wizard_button.click()
    assert runs == [1]


def test_nothing_due_today_names_the_focus_and_the_next_task(window_factory, tmp_path: Path):
    folder = tmp_path / "quiet"
    yesterday = TODAY - timedelta(days=1)
    tracker = open_tracker(folder, yesterday)
    try:
        create_item_plan(tracker, tracker.plan_spec("foundation", 30, start=yesterday))
        first = tracker.plan().tasks[0]
        assert first.due == yesterday
        tracker.run(UpdateItem(first.item_id, status=Status.DONE))
        upcoming = sorted(t.due for t in tracker.plan().tasks if t.due > TODAY)[0]
    finally:
        tracker.close()
    window = window_factory(folder)
    window.show()
    page = window.today_page
    assert page.model.rowCount() == 0
    assert page.nothing_frame.isVisible()
    assert page.nothing_label.text().startswith("Nothing due today — focus: Focus on core vocabulary")
    assert page.next_label.text().startswith(f"Next up on {upcoming:%a}, {upcoming.day} {upcoming:%b}: ")
    assert not page.reschedule_button.isVisible()


def test_done_project_without_evidence_offers_to_add_it(window_factory, plan_folder, monkeypatch, qtbot):
    tracker = open_tracker(plan_folder)
    try:
        project = next(
            t for t in tracker.plan().tasks if tracker.curriculum.item(t.item_id).kind is Kind.PROJECT
        )
    finally:
        tracker.close()
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", project.due.isoformat())
    window = window_factory(plan_folder)
    window.show()
    page = window.today_page
    assert not page.evidence_frame.isVisible()
    window.bridge.run(UpdateItem(project.item_id, status=Status.DONE))
    assert page.evidence_frame.isVisible()
    assert page.evidence_label.text().endswith("is done. Add evidence so it counts.")
    page.evidence_button.click()
    assert window.current_page_name() == "levels"
    current = getattr(window.levels_page, "current_item_id", None)
    if current is not None:
        assert current() == project.item_id
    window.bridge.run(UpdateItem(project.item_id, evidence="https://example.org/workflow"))
    window.show_page("today")
    assert not page.evidence_frame.isVisibleTo(page)


def test_upcoming_lists_the_next_open_tasks(main_window):
    page = main_window.today_page
    upcoming = page.view.upcoming(4)
    assert len(upcoming) == 4
    assert all(view.task.due > TODAY for view in upcoming)
    assert upcoming[0].item.title.split(" (")[0] in page.upcoming_text()


def test_today_changes_are_seen_from_another_page(main_window):
    main_window.show_page("guide")
    main_window.bridge.run(UpdateItem(TODAY_ITEM, status=Status.DONE))
    main_window.show_page("today")
    assert check_state(main_window.today_page.model, TODAY_ITEM) == Qt.CheckState.Checked


def test_first_task_of_the_plan_fixture_is_overdue(main_window):
    assert min(t.due for t in main_window.tracker.plan().tasks) < TODAY
    assert isinstance(PLAN_START, date)


def test_week_card_sums_this_weeks_minutes_and_items(main_window):
    page = main_window.today_page
    assert page.week_label.text() == "0 min studied · 0 items finished"
    main_window.today_page.timer.log_minutes(70)
    main_window.bridge.run(UpdateItem(TODAY_ITEM, status=Status.DONE))
    assert page.week_label.text() == "1 h 10 min studied · 1 item finished"
    assert page.week_bars.minutes[TODAY.weekday()] == 70


def test_every_control_has_a_keyboard_path_and_a_name(main_window, qtbot):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSpinBox, QWidget

    page = main_window.today_page
    controls = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QAbstractSpinBox | QAbstractItemView) and w.isVisibleTo(page)
    ]
    assert len(controls) >= 7
    for control in controls:
        name = control.accessibleName() or getattr(control, "text", lambda: "")()
        assert name.replace("&", "").strip(), control.objectName()
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control.objectName()
    # Tab walks from the task list to the timer
    page.task_view.setFocus()
    order = []
    widget = page.task_view
    for _ in range(6):
        widget = widget.nextInFocusChain()
        while not (widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            widget = widget.nextInFocusChain()
        order.append(widget.objectName())
    assert order[:4] == ["rescheduleButton", "timerStart", "timerPause", "timerStop"]

"""The main window: navigation, menus and shortcuts, status line, undo, layout memory, errors."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from mlops_tracker import __version__
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.domain.model import Status
from mlops_tracker.gui import theme
from mlops_tracker.gui.main_window import DEFAULT_SIZE, PAGE_NAMES, MainWindow
from mlops_tracker.gui.models import ItemIdRole
from tests.gui.conftest import TODAY, open_tracker, show_active

TODAY_ITEM = "foundation.skill.versioning-lineage"  # the plan fixture's task due today
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _light_theme_after():
    """Leave the application in the light scheme, whatever a test chose."""
    yield
    if QApplication.instance() is not None:
        theme.apply_theme("light")


def ctrl(qtbot, window: MainWindow, key: Qt.Key, shift: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Press a Ctrl shortcut on the window."""
    modifiers = Qt.KeyboardModifier.ControlModifier
    if shift:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, key, modifiers)


def test_navigation_lists_the_five_pages_and_switches_with_ctrl_digits(main_window, qtbot):
    window = main_window
    labels = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert labels == ["Today", "Plan", "Levels", "Progress", "Guide"]
    assert window.stack.currentWidget() is window.today_page
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5]
    for name, key in reversed(list(zip(PAGE_NAMES, keys, strict=True))):
        ctrl(qtbot, window, key)
        assert window.current_page_name() == name
        assert window.page_actions[name].isChecked()
    assert window.stack.currentWidget() is window.today_page
    ctrl(qtbot, window, Qt.Key.Key_5)
    assert window.stack.currentWidget() is window.guide_page


def test_navigation_list_is_keyboard_navigable(main_window, qtbot):
    window = main_window
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.current_page_name() == "plan"
    assert window.stack.currentWidget() is window.plan_page
    qtbot.keyClick(window.navigation, Qt.Key.Key_End)
    assert window.current_page_name() == "guide"


def test_progress_page_is_built_only_when_first_shown(main_window):
    window = main_window
    assert window.progress_page is None
    page = window.show_page("progress")
    assert window.progress_page is page
    assert type(page).__name__ == "ProgressPage"
    assert window.show_page("progress") is page  # built once


def test_start_up_does_not_import_matplotlib(plan_folder):
    code = (
        "import sys\n"
        "from mlops_tracker.gui.app import create_main_window\n"
        f"window = create_main_window({str(plan_folder)!r})\n"
        "window.show()\n"
        "from PySide6.QtWidgets import QApplication\n"
        "QApplication.processEvents()\n"
        "print('matplotlib' in sys.modules)\n"
        "window.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_status_bar_shows_readiness_streak_and_days_to_the_exam(main_window):
    window = main_window
    assert window.readiness_status.text() == "Readiness 0%"
    assert window.streak_status.text() == "Streak 0 days"
    assert window.exam_status.text() == "Exam in 26 days"
    window.bridge.run(UpdateItem(TODAY_ITEM, status=Status.DONE))
    readiness = int(window.readiness_status.text().removeprefix("Readiness ").removesuffix("%"))
    assert readiness > 0
    assert window.readiness_status.text() == f"Readiness {window.tracker.summary().overall:.0f}%"


def test_undo_names_the_action_and_ctrl_z_takes_it_back(main_window, qtbot):
    window = main_window
    window.bridge.run(UpdateItem(TODAY_ITEM, status=Status.DONE))
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Mark done: Knowledge of model versioning and data…"
    ctrl(qtbot, window, Qt.Key.Key_Z)
    assert window.tracker.item(TODAY_ITEM).state.status is Status.TODO
    assert window.statusBar().currentMessage() == "Undone: Mark done: Knowledge of model versioning and data…"
    assert window.redo_action.text() == "&Redo Mark done: Knowledge of model versioning and data…"
    ctrl(qtbot, window, Qt.Key.Key_Z, shift=True)
    assert window.tracker.item(TODAY_ITEM).state.status is Status.DONE
    assert window.statusBar().currentMessage().startswith("Redone: Mark done")
    assert not window.redo_action.isEnabled()
    assert window.redo_action.text() == "&Redo"


def test_undo_is_disabled_when_there_is_nothing_to_undo(window_factory, empty_folder):
    window = window_factory(empty_folder)
    assert not window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo"
    window.undo()  # does nothing, raises nothing
    assert window.statusBar().currentMessage() == ""


def test_ctrl_z_reaches_the_window_from_a_text_box_with_nothing_to_undo(main_window, qtbot):
    window = main_window
    window.bridge.run(UpdateItem(TODAY_ITEM, status=Status.DONE))
    window.show_page("levels")
    box = window.levels_page.findChild(QLineEdit)
    assert box is not None, "the Levels page has a search box"
    box.setFocus()
    QApplication.processEvents()
    ctrl(qtbot, box, Qt.Key.Key_Z)
    assert window.tracker.item(TODAY_ITEM).state.status is Status.TODO


def test_ctrl_z_in_a_text_box_with_its_own_history_undoes_the_typing(main_window, qtbot):
    window = main_window
    window.bridge.run(UpdateItem(TODAY_ITEM, status=Status.DONE))
    window.show_page("levels")
    box = window.levels_page.findChild(QLineEdit)
    box.setFocus()
    QApplication.processEvents()
    qtbot.keyClicks(box, "zz")
    ctrl(qtbot, box, Qt.Key.Key_Z)
    assert box.text() == ""
    assert window.tracker.item(TODAY_ITEM).state.status is Status.DONE


def test_ctrl_f_goes_to_the_levels_search(main_window, qtbot):
    window = main_window
    ctrl(qtbot, window, Qt.Key.Key_F)
    assert window.current_page_name() == "levels"
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    assert window.levels_page.isAncestorOf(QApplication.focusWidget())


def test_show_item_opens_the_item_on_the_levels_page(main_window):
    window = main_window
    window.show_item(TODAY_ITEM)
    assert window.current_page_name() == "levels"
    current = getattr(window.levels_page, "current_item_id", None)
    if current is not None:
        assert current() == TODAY_ITEM


def test_layout_and_last_page_are_restored(window_factory, plan_folder, qtbot):
    first = show_active(qtbot, window_factory(plan_folder))
    # the offscreen screen is 800 px wide, so Qt clamps a restored width: the height tells
    first.resize(960, 650)
    first.show_page("guide")
    first.close()
    assert isinstance(open_tracker(plan_folder).setting("window_geometry"), str)
    second = show_active(qtbot, window_factory(plan_folder))
    assert second.current_page_name() == "guide"
    assert second.height() == 650 != DEFAULT_SIZE[1]


def test_nothing_is_written_outside_the_data_folder(window_factory, plan_folder, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    window = window_factory(plan_folder)
    window.show_page("plan")
    window.close()
    assert list(home.rglob("*")) == []


def test_theme_choice_is_stored_and_applied(main_window):
    window = main_window
    window.theme_actions["dark"].trigger()
    assert window.tracker.setting("theme") == "dark"
    assert theme.is_dark()
    assert QApplication.palette().window().color().lightness() < 80
    window.theme_actions["light"].trigger()
    assert window.tracker.setting("theme") == "light"
    assert not theme.is_dark()
    assert QApplication.palette().window().color().lightness() > 200


def test_menus_have_the_expected_shortcuts(main_window):
    window = main_window
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert window.redo_action.shortcut().toString() == "Ctrl+Shift+Z"
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    assert [a.shortcut().toString() for a in window.page_actions.values()] == [
        f"Ctrl+{n}" for n in range(1, 6)
    ]
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]


def test_new_plan_opens_the_plan_page(main_window, monkeypatch):
    window = main_window
    calls = []
    if hasattr(window.plan_page, "create_plan"):
        monkeypatch.setattr(window.plan_page, "create_plan", lambda: calls.append("dialog"))
    else:
        monkeypatch.setattr(window, "run_wizard", lambda: calls.append("wizard"))
    window.new_plan_action.trigger()
    assert window.current_page_name() == "plan"
    assert calls


def test_about_dialog_shows_version_and_data_folder(main_window, monkeypatch):
    from mlops_tracker.gui.dialogs.about import AboutDialog

    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self) or 0)
    opened = []
    monkeypatch.setattr(
        "mlops_tracker.gui.dialogs.about.QDesktopServices.openUrl", lambda url: opened.append(url) or True
    )
    main_window.about_action.trigger()
    (dialog,) = shown
    assert dialog.findChild(type(dialog.folder_label), "aboutVersion").text() == f"Version {__version__}"
    assert dialog.folder_label.text() == str(main_window.tracker.folder)
    assert dialog.folder_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    dialog.open_button.click()
    assert opened and opened[0].toLocalFile() == str(main_window.tracker.folder)


def test_preferences_set_the_daily_reminder(main_window, monkeypatch):
    from datetime import datetime, time

    from mlops_tracker.gui.reminder import PreferencesDialog

    def accept_with_time(dialog: PreferencesDialog) -> int:
        dialog.enabled_box.setChecked(True)
        dialog.time_edit.setTime(dialog.time_edit.time().fromString("07:30", "HH:mm"))
        dialog.accept()
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", accept_with_time)
    main_window.preferences_action.trigger()
    assert main_window.tracker.setting("reminder_time") == "07:30"
    reminder = main_window.reminder
    assert reminder is not None and reminder.at == time(7, 30)
    day = datetime.combine(TODAY, time(7, 0))
    reminder._last_check = day
    assert not reminder.check(datetime.combine(TODAY, time(7, 29)))
    assert reminder.check(datetime.combine(TODAY, time(7, 31)))
    assert reminder.last_message == "Time to study: 3 tasks today"
    assert not reminder.check(datetime.combine(TODAY, time(7, 32)))  # once a day


def test_unexpected_errors_are_logged_and_shown(tmp_path, shown_messages):
    from mlops_tracker.gui.app import _ExceptionHook, _file_logger
    from mlops_tracker.paths import log_path

    _file_logger(tmp_path)
    hook = _ExceptionHook(tmp_path, smoke_test=False)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        hook(*sys.exc_info())  # type: ignore[arg-type]
    for handler in logging.getLogger("mlops_tracker.gui").handlers:
        handler.flush()
    assert "boom in a slot" in log_path(tmp_path).read_text(encoding="utf-8")
    assert shown_messages and shown_messages[-1][0] == "critical"
    assert str(log_path(tmp_path)) in shown_messages[-1][1]


def _run_window(folder: Path, *extra_env: tuple[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MLOPS_TRACKER_SMOKE_TEST": "1"}
    env.update(dict(extra_env))
    return subprocess.run(
        [sys.executable, "-m", "mlops_tracker", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_smoke_run_quits_after_the_first_paint(plan_folder):
    result = _run_window(plan_folder, ("MLOPS_TRACKER_REPORT_MODULES", "1"))
    assert result.returncode == 0, result.stderr
    assert "matplotlib loaded at start-up: no" in result.stderr


def test_smoke_run_says_when_the_data_cannot_be_opened(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("not a folder")
    result = _run_window(not_a_folder)
    assert result.returncode == 2
    assert "error" in result.stderr


def test_a_second_window_on_the_same_folder_is_refused(plan_folder):
    from mlops_tracker.storage.instance_lock import acquire_instance_lock

    with acquire_instance_lock(plan_folder):
        result = _run_window(plan_folder)
    assert result.returncode == 2
    assert "already open" in result.stderr


def test_check_boxes_of_the_navigation_have_accessible_names(main_window):
    assert main_window.navigation.accessibleName() == "Pages"
    assert main_window.today_page.task_view.accessibleName() == "Today's tasks"
    tiles = [main_window.today_page.readiness_tile, main_window.today_page.exam_tile]
    assert all(tile.accessibleName() for tile in tiles)


def test_minimum_size_keeps_the_today_page_readable(main_window, qtbot):
    window = main_window
    window.resize(window.minimumSize())
    QApplication.processEvents()
    page = window.today_page
    for label in (page.date_label, page.readiness_tile.value_label, page.exam_tile.value_label):
        assert label.width() >= label.sizeHint().width(), label.text()
    assert page.task_view.height() >= 100


def test_item_id_role_of_today_rows(main_window):
    model = main_window.today_page.model
    ids = [model.index(row).data(ItemIdRole) for row in range(model.rowCount())]
    assert TODAY_ITEM in ids


def test_other_pages_are_built_when_first_needed_or_after_start_up(window_factory, plan_folder, qtbot):
    window = show_active(qtbot, window_factory(plan_folder))
    assert [name for name in PAGE_NAMES if window.is_built(name)] == ["today"]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.is_built("levels")
    assert window.stack.currentWidget() is window.levels_page
    assert window.stack.indexOf(window.levels_page) == PAGE_NAMES.index("levels")
    window.prebuild_pages()
    qtbot.waitUntil(lambda: window.is_built("plan") and window.is_built("guide"))
    assert not window.is_built("progress")
    assert [window.stack.indexOf(window.page(name)) for name in ("plan", "guide")] == [1, 4]


def test_start_services_starts_backups_and_the_wizard(window_factory, empty_folder, qtbot, monkeypatch):
    from mlops_tracker.gui.dialogs.wizard import FirstRunWizard

    runs: list[FirstRunWizard] = []
    monkeypatch.setattr(FirstRunWizard, "exec", lambda self: runs.append(self) or 0)
    window = show_active(qtbot, window_factory(empty_folder))
    window.start_services()
    assert len(runs) == 1
    assert window.auto_backup is not None


def test_ctrl_z_from_the_timer_minutes_box_undoes_the_last_change(main_window, qtbot):
    window = main_window
    window.bridge.run(UpdateItem(TODAY_ITEM, status=Status.DONE))
    spin = window.today_page.timer.minutes_spin
    spin.setFocus()
    QApplication.processEvents()
    ctrl(qtbot, spin, Qt.Key.Key_Z)
    assert window.tracker.item(TODAY_ITEM).state.status is Status.TODO


def test_the_system_scheme_is_followed_unless_the_user_chose(main_window):
    window = main_window
    window.set_theme("system")
    theme._on_system_scheme_changed(Qt.ColorScheme.Dark)
    assert theme.is_dark()
    theme._on_system_scheme_changed(Qt.ColorScheme.Light)
    assert not theme.is_dark()
    window.set_theme("light")
    theme._on_system_scheme_changed(Qt.ColorScheme.Dark)
    assert not theme.is_dark()  # the user's choice wins


def test_run_app_shows_a_user_error_and_returns_2(tmp_path, shown_messages, monkeypatch):
    from mlops_tracker.gui.app import run_app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_app installs its own: put it back after
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("not a folder")
    assert run_app(str(not_a_folder)) == 2
    assert shown_messages[-1][0] == "critical"
    assert str(not_a_folder) in shown_messages[-1][1]


def test_data_menu_items_call_the_data_dialogs(main_window, monkeypatch):
    import mlops_tracker.gui.dialogs.data as data

    calls = []
    for name in ("import_data", "export_data", "show_backups"):
        monkeypatch.setattr(data, name, lambda window, n=name: calls.append((n, window)))
    main_window.import_action.trigger()
    main_window.export_action.trigger()
    main_window.backups_action.trigger()
    assert calls == [(n, main_window) for n in ("import_data", "export_data", "show_backups")]


def test_colours_come_only_from_the_theme_modules():
    """A colour written into a page or widget would not follow the light and dark schemes."""
    import re

    hex_colour = re.compile(r"#[0-9a-fA-F]{6}\b")
    package = ROOT / "mlops_tracker" / "gui"
    found = {
        str(path.relative_to(ROOT)): hex_colour.findall(path.read_text())
        for path in package.rglob("*.py")
        if path.name != "theme.py"
    }
    assert {path: colours for path, colours in found.items() if colours} == {}


def test_first_paint_loads_no_question_bank_even_with_a_recap_to_offer(tmp_path):
    """Today offers a self-check of the last study day's items; the bank (pydantic) loads only when asked."""
    from datetime import timedelta

    folder = tmp_path / "recap"
    tracker = open_tracker(folder)
    try:
        start = TODAY - timedelta(days=3)
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=start, exam=start + timedelta(days=32)))
        for task in tracker.plan().tasks:
            if task.due < TODAY:
                tracker.run(UpdateItem(task.item_id, steps=((task.step_id, True),)))
    finally:
        tracker.close()
    code = (
        "import sys\n"
        "from mlops_tracker.gui.app import create_main_window\n"
        f"window = create_main_window({str(folder)!r})\n"
        "window.show()\n"
        "from PySide6.QtWidgets import QApplication\n"
        "QApplication.processEvents()\n"
        "page = window.today_page\n"
        "print(page.review_button.isEnabled(), page.review_hint.text())\n"
        "print('pydantic' in sys.modules)\n"
        "window.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MLOPS_TRACKER_TODAY": TODAY.isoformat()}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    offer, loaded = result.stdout.strip().splitlines()[-2:]
    assert offer == "True No reviews due: take a self-check of the items of your last study day."
    assert loaded == "False"

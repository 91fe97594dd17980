"""Start at login in the tray: the XDG autostart entry, the Preferences switch and the `--tray` start."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from mlops_tracker import APP_ID, autostart
from mlops_tracker.gui.reminder import PreferencesDialog


@pytest.fixture(autouse=True)
def _config_home(tmp_path, monkeypatch):
    """Never write the real user's autostart folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_the_entry_lives_in_the_xdg_autostart_folder(tmp_path):
    assert autostart.entry_path() == tmp_path / "config" / "autostart" / f"{APP_ID}.desktop"


def test_enable_writes_an_entry_that_starts_in_the_tray_and_disable_removes_it(tmp_path):
    folder = tmp_path / "my data %41 $HOME"
    path = autostart.enable(autostart.launch_command(folder))
    text = path.read_text()
    assert "Type=Application" in text and f"Icon={APP_ID}" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" --tray")
    assert "%%41" in exec_line and "\\\\$HOME" in exec_line  # a field code and a variable stay literal
    assert autostart.is_enabled()
    autostart.disable()
    assert not autostart.is_enabled()
    autostart.disable()  # twice is fine


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_the_entry_is_a_valid_desktop_file(tmp_path):
    path = autostart.enable(autostart.launch_command(tmp_path / "data with spaces"))
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_preferences_switch_start_at_login_on_and_off(main_window):
    dialog = PreferencesDialog(main_window.tracker, main_window)
    assert not dialog.autostart_box.isChecked()
    dialog.autostart_box.setChecked(True)
    dialog.accept()
    assert autostart.is_enabled()
    assert str(main_window.tracker.folder) in autostart.entry_path().read_text()
    dialog = PreferencesDialog(main_window.tracker, main_window)
    assert dialog.autostart_box.isChecked()
    dialog.autostart_box.setChecked(False)
    dialog.accept()
    assert not autostart.is_enabled()


def test_tray_flag_is_accepted_by_the_command_line():
    from mlops_tracker.cli import build_parser

    assert build_parser().parse_args(["--tray"]).tray is True


def test_tray_icon_offers_open_and_quit(main_window):
    from mlops_tracker.gui.app import tray_icon

    icon = tray_icon(main_window)
    texts = [action.text() for action in icon.contextMenu().actions() if not action.isSeparator()]
    assert texts == ["&Open MLOps Tracker", "&Quit"]
    main_window.hide()
    icon.contextMenu().actions()[0].trigger()
    assert main_window.isVisible()
    icon.hide()

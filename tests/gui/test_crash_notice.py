"""A window that crashes for real leaves a crash log; the next start tells it once, without blocking."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from mlops_tracker.core import crash_log
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.gui.crash_notice import CrashNoticeBanner, show_crash_notice
from mlops_tracker.paths import crash_log_path

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

ITEM = "foundation.skill.ml-lifecycle"
# the real window's start-up path (run_app); once its event loop runs, a tick, then a segmentation fault
CRASHING_WINDOW = f"""
import os, signal, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.domain.model import Status
from mlops_tracker.gui.app import ensure_application, run_app
from mlops_tracker.gui.main_window import MainWindow

def tick_then_crash():
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    assert window.bridge.run(UpdateItem("{ITEM}", status=Status.DONE)) is not None
    os.kill(os.getpid(), signal.SIGSEGV)

ensure_application()
QTimer.singleShot(0, tick_then_crash)
sys.exit(run_app(sys.argv[1]))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _crash_window(folder: Path) -> None:
    """Run the window in a child process and crash it with a segmentation fault."""
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_WINDOW, str(folder)],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == -signal.SIGSEGV, done.stderr


def _smoke_start(folder: Path) -> subprocess.CompletedProcess[str]:
    """Start `python -m mlops_tracker` on a folder; it quits after its first paint."""
    return subprocess.run(
        [sys.executable, "-m", "mlops_tracker", "--data-dir", str(folder), "--smoke-test"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=60,
    )


def test_a_crashed_window_is_told_once_at_the_next_start(tmp_path):
    folder = tmp_path / "data"
    _crash_window(folder)
    log = crash_log_path(folder)
    text = log.read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in text
    assert "run_app" in text  # the traceback goes through the window's start-up path
    tracker = Tracker.open(folder)
    try:
        assert tracker.item(ITEM).state.status is Status.DONE  # the tick made just before the crash is kept
    finally:
        tracker.close()

    first = _smoke_start(folder)
    assert first.returncode == 0, first.stderr
    assert "closed unexpectedly" in first.stderr
    assert "No tick was lost" in first.stderr
    assert str(log) in first.stderr

    second = _smoke_start(folder)
    assert second.returncode == 0, second.stderr
    assert "notice" not in second.stderr
    assert log.read_text(encoding="utf-8") == text  # clean runs add nothing


def test_a_clean_exit_leaves_no_notice(tmp_path):
    folder = tmp_path / "data"
    for _ in range(2):
        done = _smoke_start(folder)
        assert done.returncode == 0, done.stderr
        assert "notice" not in done.stderr
    assert crash_log.last_unexpected_end(folder) is None


def test_the_window_shows_the_notice_in_a_banner_and_the_status_bar(tmp_path, window_factory, qtbot):
    folder = tmp_path / "data"
    _crash_window(folder)
    end = crash_log.last_unexpected_end(folder)
    assert end is not None

    window = window_factory(folder)
    banner = show_crash_notice(window, folder, end)
    window.show()
    qtbot.waitExposed(window)
    assert isinstance(banner, CrashNoticeBanner) and banner.isVisible()
    assert window.today_page.isVisible()  # the pages are still there, under the banner
    assert banner.mapTo(window, QPoint(0, 0)).y() < window.navigation.mapTo(window, QPoint(0, 0)).y()
    assert "closed unexpectedly" in banner.label.text()
    assert "No tick was lost" in banner.label.text()
    assert str(crash_log_path(folder)) in banner.label.text()
    assert "no tick was lost" in window.statusBar().currentMessage()
    assert str(crash_log_path(folder)) in window.statusBar().currentMessage()

    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.findChildren(CrashNoticeBanner))
    assert window.statusBar().currentMessage() == ""
    # told: the next start has nothing to tell
    assert crash_log.last_unexpected_end(folder) is None

"""The crash log: a fatal signal leaves a traceback, a clean exit leaves nothing, each end is told once."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlops_tracker.core import crash_log
from mlops_tracker.paths import crash_log_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# a child that arms the crash log for a folder, then ends the way argv[2] says
CHILD = """
import os, signal, sys
from pathlib import Path
from mlops_tracker.core import crash_log

armed = crash_log.arm(Path(sys.argv[1]), "9.9.9")
assert armed is not None
how = sys.argv[2]
if how == "clean":
    armed.disarm()
elif how == "segfault":
    os.kill(os.getpid(), signal.SIGSEGV)
elif how == "abort":
    os.abort()
elif how == "kill":
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _run_child(folder: Path, how: str) -> int:
    """Run the child on a folder; return its exit status (negative: the signal that ended it)."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), how], capture_output=True, text=True, timeout=60
    )
    return done.returncode


@pytest.mark.parametrize(
    ("how", "signum", "name"),
    [("segfault", signal.SIGSEGV, "Segmentation fault"), ("abort", signal.SIGABRT, "Aborted")],
)
def test_a_fatal_signal_leaves_a_traceback_that_is_told_once(tmp_path, how, signum, name):
    assert _run_child(tmp_path, how) == -signum
    text = crash_log_path(tmp_path).read_text(encoding="utf-8")
    assert "MLOps Tracker 9.9.9" in text and crash_log.HEADER_END in text  # when and which run
    assert f"Fatal Python error: {name}" in text
    assert "most recent call first" in text  # the traceback itself
    end = crash_log.last_unexpected_end(tmp_path)
    assert end is not None and end.traceback_recorded
    assert end.log == crash_log_path(tmp_path)
    crash_log.acknowledge(tmp_path, end)
    assert crash_log.last_unexpected_end(tmp_path) is None


def test_a_clean_exit_leaves_nothing_to_tell(tmp_path):
    assert _run_child(tmp_path, "clean") == 0
    assert crash_log_path(tmp_path).read_text(encoding="utf-8") == ""
    assert crash_log.last_unexpected_end(tmp_path) is None


def test_a_killed_run_is_told_without_a_traceback(tmp_path):
    assert _run_child(tmp_path, "kill") == -signal.SIGKILL
    end = crash_log.last_unexpected_end(tmp_path)
    assert end is not None and not end.traceback_recorded
    assert "stopped from outside" in crash_log.notice_text(end)


def test_only_what_came_after_the_told_point_is_told(tmp_path):
    assert _run_child(tmp_path, "segfault") == -signal.SIGSEGV
    first = crash_log.last_unexpected_end(tmp_path)
    assert first is not None
    crash_log.acknowledge(tmp_path, first)
    assert _run_child(tmp_path, "clean") == 0
    assert crash_log.last_unexpected_end(tmp_path) is None
    assert _run_child(tmp_path, "kill") == -signal.SIGKILL
    second = crash_log.last_unexpected_end(tmp_path)
    assert second is not None
    assert "Fatal Python error" not in second.text  # the told segfault is not told again
    assert crash_log_path(tmp_path).read_text(encoding="utf-8").count(crash_log.HEADER_END) == 2


def test_a_log_emptied_since_is_read_from_its_start(tmp_path):
    crash_log.seen_path(tmp_path).write_text("5000", encoding="ascii")
    crash_log_path(tmp_path).write_text("Fatal Python error: Aborted\n", encoding="utf-8")
    end = crash_log.last_unexpected_end(tmp_path)
    assert end is not None and end.traceback_recorded


def test_disarm_keeps_what_was_written_after_the_header(tmp_path):
    armed = crash_log.arm(tmp_path, "9.9.9", now=datetime(2026, 3, 18, 9, 30, tzinfo=UTC))
    assert armed is not None
    try:
        with crash_log_path(tmp_path).open("a", encoding="utf-8") as other:
            other.write("Fatal Python error: written meanwhile\n")
    finally:
        armed.disarm()
    text = crash_log_path(tmp_path).read_text(encoding="utf-8")
    assert "2026-03-18" in text and "written meanwhile" in text
    assert not armed.armed


def test_notice_names_the_log_and_says_no_tick_was_lost(tmp_path):
    end = crash_log.UnexpectedEnd(log=crash_log_path(tmp_path), text="Fatal Python error: x", end=21)
    text = crash_log.notice_text(end)
    assert "closed unexpectedly" in text
    assert "No tick was lost" in text
    assert str(crash_log_path(tmp_path)) in text

"""One window per data folder: a second is refused with the holder's pid; a crashed holder never blocks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from mlops_tracker.storage.instance_lock import (
    AlreadyRunning,
    LockUnavailable,
    acquire_instance_lock,
    lock_path,
)

HOLD = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from mlops_tracker.storage.instance_lock import acquire_instance_lock\n"
    "lock = acquire_instance_lock(Path(sys.argv[1]))\n"
    "print('locked', flush=True)\n"
    "time.sleep(60)\n"
)


def _holder(folder):
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    return process


def test_a_second_lock_on_the_same_folder_is_refused_until_the_first_is_released(tmp_path):
    first = acquire_instance_lock(tmp_path)
    with pytest.raises(AlreadyRunning) as caught:
        acquire_instance_lock(tmp_path)
    assert caught.value.pid == os.getpid()
    assert f"(process {os.getpid()})" in str(caught.value)
    first.release()
    assert not first.held
    with acquire_instance_lock(tmp_path) as second:
        assert second.held
    assert not second.held


def test_different_folders_do_not_block_each_other(tmp_path):
    with acquire_instance_lock(tmp_path / "a"), acquire_instance_lock(tmp_path / "b"):
        pass


def test_the_message_names_the_other_process(tmp_path):
    process = _holder(tmp_path)
    try:
        with pytest.raises(
            AlreadyRunning, match=f"already open on this data folder \\(process {process.pid}\\)"
        ):
            acquire_instance_lock(tmp_path)
    finally:
        process.kill()
        process.wait()


def test_a_crashed_holder_never_blocks_the_folder(tmp_path):
    process = _holder(tmp_path)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert lock_path(tmp_path).exists()  # the file stays, with the dead pid in it
    with acquire_instance_lock(tmp_path) as lock:
        assert lock.held
        assert lock_path(tmp_path).read_text() == str(os.getpid())


def test_a_folder_that_cannot_exist_gives_a_plain_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(LockUnavailable, match="Cannot use the data folder"):
        acquire_instance_lock(blocker / "data")

"""Launching the app while it runs on the same data folder brings the running window to the front."""

from __future__ import annotations

import os
import subprocess
import sys

from mlops_tracker.core.folder import acquire_instance_lock
from mlops_tracker.gui.app import bring_to_front
from mlops_tracker.gui.single_instance import ActivationServer, ask_running_window, server_name


def test_a_second_launch_asks_the_running_window_and_exits_0(tmp_path, qtbot, main_window):
    folder = main_window.tracker.folder
    lock = acquire_instance_lock(folder)  # as the running app holds it
    server = ActivationServer(folder, main_window)
    asked: list[bool] = []
    server.activation_requested.connect(lambda: asked.append(True))
    child: subprocess.Popen[bytes] | None = None
    try:
        assert server.listening
        env = {**os.environ, "MLOPS_TRACKER_DATA_DIR": str(folder), "QT_QPA_PLATFORM": "offscreen"}
        child = subprocess.Popen(
            [sys.executable, "-m", "mlops_tracker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        # our event loop must run for the child's message to arrive
        qtbot.waitUntil(lambda: bool(asked) and child.poll() is not None, timeout=60_000)
        _, err = child.communicate(timeout=30)
        assert child.returncode == 0, err.decode()
        assert "brought the open window" in err.decode()
    finally:
        if child is not None and child.poll() is None:
            child.kill()  # it would otherwise wait on its "already open" dialog
            child.wait(timeout=30)
        server.close()
        lock.release()


def test_no_running_window_means_nobody_to_ask(tmp_path):
    assert not ask_running_window(tmp_path / "nobody", timeout_ms=200)


def test_each_data_folder_has_its_own_socket(tmp_path):
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a")


def test_bring_to_front_restores_a_minimised_window(main_window, qtbot):
    main_window.showMinimized()
    qtbot.waitUntil(main_window.isMinimized)
    bring_to_front(main_window)
    qtbot.waitUntil(lambda: not main_window.isMinimized())
    assert main_window.isVisible()

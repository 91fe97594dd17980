"""Killed at any moment: a process marking items is SIGKILLed repeatedly; nothing it committed is lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from mlops_tracker.paths import database_path
from mlops_tracker.storage.integrity import file_problem, full_check

ROUNDS = 6
STARTUP_TIMEOUT_S = 30.0

# Marks items in a loop; prints "seq item status" after each commit, flushed, so a line means committed.
MARKER = """
import itertools, sys
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.storage import repository as repo

tracker = Tracker.open(sys.argv[1], source="cli")
items = [item.id for item in tracker.curriculum.items()][:7]
statuses = [Status.DONE, Status.IN_PROGRESS, Status.SKIPPED, Status.TODO]
print("ready", flush=True)
for n in itertools.count():
    item = items[n % 7]
    # always a real change, so every mark writes exactly one event
    current = tracker.item(item).state.status
    status = statuses[(statuses.index(current) + 1) % 4]
    tracker.run(UpdateItem(item, status=status))
    with tracker.database.transaction() as session:
        seq = repo.last_event_seq(session)
    print(seq, item, status.value, flush=True)
"""


class _Reader(threading.Thread):
    """Collect a process's output lines as they come, so the pipe never fills."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        super().__init__(daemon=True)
        self.process = process
        self.lines: list[str] = []
        self.ready = threading.Event()

    def run(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if not line.endswith("\n"):
                break  # cut short by the kill: not a complete report
            if line == "ready\n":
                self.ready.set()
            else:
                self.lines.append(line.strip())


def _run_and_kill(folder: Path, delay: float, wait_ready: bool) -> list[tuple[int, str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", MARKER, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    reader = _Reader(process)
    reader.start()
    if wait_ready:
        assert reader.ready.wait(STARTUP_TIMEOUT_S), "the marking process did not start"
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    reader.join(5)
    reports = []
    for line in reader.lines:
        seq, item, status = line.split()
        reports.append((int(seq), item, status))
    return reports


def test_marks_reported_as_committed_survive_sigkill_at_random_moments(tmp_path):
    seed = int(os.environ.get("CRASH_TEST_SEED", time.time_ns() % 2**32))
    rng = random.Random(seed)
    folder = tmp_path / "data"
    reported: list[tuple[int, str, str]] = []
    for round_number in range(ROUNDS):
        # the first kill may land while the database is being created; later ones in the marking loop
        first = round_number == 0
        delay = rng.uniform(0.0, 1.5) if first else rng.uniform(0.0, 0.4)
        reported += _run_and_kill(folder, delay, wait_ready=not first)
        path = database_path(folder)
        context = f"seed {seed}, round {round_number}"
        assert file_problem(path) is None, context
        if path.exists() and path.stat().st_size:
            report = full_check(path)
            assert report.ok, f"{context}: {report.findings}"
    assert len(reported) > 0, f"seed {seed}: no mark was ever committed"
    connection = sqlite3.connect(database_path(folder))
    stored = {
        seq: (item, status)
        for seq, item, status in connection.execute("SELECT seq, item_id, to_status FROM events")
    }
    connection.close()
    missing = [(seq, item, status) for seq, item, status in reported if stored.get(seq) != (item, status)]
    assert not missing, f"seed {seed}: committed marks lost: {missing[:5]}"

"""Today-page tick benchmark: from the click on a task's check box to the repainted window.

Run with `QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_tick.py [--events N] [--ticks N]`.
The database of `bench_progress.build` (five years, 50,000 status changes, study sessions, a plan with an
exam); the main window on it, showing Today, with its write path warm (as after the first paint). Each tick
ticks or unticks a task of today through the task model (what a click does), and the clock stops when the
window has repainted (`processEvents` returned: the slot of every page and the status bar ran, the list
painted). Reads on the window's sqlite3 connection are counted with a trace callback. The CPU time of each
tick is printed beside its wall time: on a shared machine it is the figure to compare between runs.
Targets: < 10 ms median from the click to the repaint; at most 3 read queries per tick.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_progress import build

TARGET_MS = 10.0
MAX_QUERIES = 3


def measure(folder: Path, ticks: int) -> tuple[list[float], list[float], list[int], list[float], list[float]]:
    """Return each tick's time (ms), the part after the commit, its reads, Today's refresh, its CPU time.

    The CPU time (`time.process_time`, this process's threads) is what a loaded machine does not inflate:
    other processes' work counts in the wall time of a tick, not in its CPU time.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from mlops_tracker.domain.model import Status
    from mlops_tracker.gui.app import create_main_window, ensure_application

    ensure_application()
    app = QApplication.instance()
    assert app is not None
    window = create_main_window(folder)
    window.show()
    window.start_services()
    app.processEvents()
    page = window.today_page
    model = page.model
    assert model.rowCount(), "the plan has a task today"
    with window.tracker.database.reading() as connection:
        pass
    queries: list[str] = []
    connection.set_trace_callback(queries.append)
    times, after_commit, counts, refreshes, cpu = [], [], [], [], []
    committed: list[float] = []
    tracker = window.tracker
    notify = tracker._notify

    def timed_notify(*args, **kwargs):  # type: ignore[no-untyped-def]
        committed.append(time.perf_counter())  # the write is done: the listeners start
        return notify(*args, **kwargs)

    tracker._notify = timed_notify  # type: ignore[method-assign]
    today_refresh: list[float] = []
    refresh = page.refresh

    def timed_refresh(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return refresh(*args, **kwargs)
        finally:
            today_refresh.append((time.perf_counter() - start) * 1000)

    page.refresh = timed_refresh  # type: ignore[method-assign]
    for n in range(ticks + 1):
        row = n % model.rowCount()
        index = model.index(row, 0)
        task = model.task(row)
        # a step ticks on its own; a whole item by its status (a skipped item's step shows half-ticked)
        done = task.step_finished if task.step_id else task.state.status is Status.DONE
        new = Qt.CheckState.Unchecked if done else Qt.CheckState.Checked
        queries.clear()
        committed.clear()
        today_refresh.clear()
        begin, begin_cpu = time.perf_counter(), time.process_time()
        model.setData(index, new, Qt.ItemDataRole.CheckStateRole)  # what the click does
        app.processEvents()  # every slot ran and the window repainted
        end, end_cpu = time.perf_counter(), time.process_time()
        if n:  # the first tick of a process loads the rest of the write path
            times.append((end - begin) * 1000)
            cpu.append((end_cpu - begin_cpu) * 1000)
            after_commit.append((end - committed[0]) * 1000)
            counts.append(sum(1 for q in queries if q.lstrip().upper().startswith("SELECT")))
            refreshes.append(sum(today_refresh))
    connection.set_trace_callback(None)
    window.close()
    return times, after_commit, counts, refreshes, cpu


def every_day(folder: Path) -> None:
    """Make the plan start today on any weekday: its first task is due today."""
    from datetime import date, timedelta

    from mlops_tracker.core.commands import UpdateItem
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.domain.model import Status

    tracker = Tracker.open(folder)
    today = date.today()
    spec = tracker.plan_spec(
        "foundation",
        30,
        start=today,
        exam=today + timedelta(days=35),
        study_weekdays=range(7),
    )
    tracker.create_plan(spec)
    # a learner following the plan: today's items are still to do (the synthetic log left some skipped)
    for item_id in {task.item.id for task in tracker.today_tasks()}:
        if tracker.view().states[item_id].status is not Status.TODO:
            tracker.run(UpdateItem(item_id, status=Status.TODO))
    tracker.close()


def main() -> None:
    """Build the database, tick, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--ticks", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bench"
        build(folder, args.events)
        every_day(folder)
        os.environ.pop("MLOPS_TRACKER_TODAY", None)
        times, after_commit, counts, refreshes, cpu = measure(folder, args.ticks)

    def figures(values: list[float]) -> str:
        p95 = sorted(values)[int(0.95 * (len(values) - 1))]
        return f"median {statistics.median(values):.2f} ms, p95 {p95:.2f} ms"

    met = "met" if statistics.median(times) < TARGET_MS else "NOT met"
    print(f"tick on Today, click to repaint: {figures(times)} over {len(times)} ticks")
    print(f"  target < {TARGET_MS:.0f} ms median: {met}")
    print(f"  CPU time of a tick (this process; not inflated by a loaded machine): {figures(cpu)}")
    print(f"  after the commit (view, every page's refresh, status bar, paint): {figures(after_commit)}")
    print(f"  Today's refresh (the page's slot; its paint comes after): {figures(refreshes)}")
    print(
        f"read queries per tick: max {max(counts)} (target ≤ {MAX_QUERIES}: "
        f"{'met' if max(counts) <= MAX_QUERIES else 'NOT met'})"
    )


if __name__ == "__main__":
    main()

"""Readiness with partial credit for steps: the full history, and the view after a step tick.

Run with `.venv/bin/python benchmarks/bench_readiness.py [--events N] [--ticks N]`.
The database of `bench_progress.build` (five years, 50,000 status changes, a Foundation plan with an exam).
Figures: (1) every level's daily readiness history computed from scratch (`readiness_histories` over the
whole log, cache bypassed), median of 15; (2) a step tick of a Foundation skill through the Tracker, then
the view's level (readiness now, its history, buffer, forecast) and `explain`, as the window does after a
tick: the part after the commit is timed, median and p95. Targets: (1) < 50 ms, (2) < 16 ms (one frame).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_progress import build

from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain import readiness as rd


def _p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def main() -> None:
    """Build the database and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--ticks", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bench"
        build(folder, args.events)
        tracker = Tracker.open(folder, clock=Clock(tz=UTC, fixed_day=date.today()))
        view = tracker.view()
        levels = [level.id for level in tracker.curriculum.levels]
        scopes = {level: view.scope(level) for level in levels}
        first, today, tz = view.first_day, view.today, tracker.clock.tz
        assert first is not None
        extra = {"steps": view.steps_credit} if hasattr(view, "steps_credit") else {}
        runs, cpu = [], []
        for _ in range(15):
            began, began_cpu = time.perf_counter(), time.process_time()
            rd.readiness_histories(scopes, view.events, first, today, tz, **extra)
            runs.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
        days = (today - first).days + 1
        # the CPU time too: on a shared machine the wall clock counts the waits for a core
        print(
            f"full history from scratch, {len(levels)} levels x {days:,} days: "
            f"median {statistics.median(runs):.1f} ms wall, {statistics.median(cpu):.1f} ms CPU "
            "(target < 50 ms)"
        )

        item = next(
            item for item in tracker.curriculum.level("foundation").items if item.kind.value == "skill"
        )
        step = tracker.steps_of(item.id)[0]
        tracker.view().level("foundation")  # warm: the history is cached as the window has it
        after = []
        for n in range(args.ticks + 1):
            tracker.run(UpdateItem(item.id, steps=((step.id, n % 2 == 0),)))
            began = time.perf_counter()
            view = tracker.view()
            view.level("foundation")
            view.explain("foundation")
            if n:
                after.append((time.perf_counter() - began) * 1000)
        print(
            f"view after a step tick (level, history, explain): median {statistics.median(after):.2f} ms, "
            f"p95 {_p95(after):.2f} ms over {len(after)} ticks (target < 16 ms)"
        )
        tracker.close()


if __name__ == "__main__":
    main()

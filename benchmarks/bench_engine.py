"""Engine benchmark: tick latency and full readiness history on five years of synthetic activity.

Run with `make bench` or `.venv/bin/python benchmarks/bench_engine.py [--events N] [--ticks N]`.
Targets: one tick (a `mark` through the Tracker, commit included) p95 under 5 ms; the full daily
readiness history of every level under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.storage.models import EventRow, ItemStateRow

YEARS = 5


def fill(tracker: Tracker, events: int, seed: int = 7) -> None:
    """Write `events` status changes spread over five years of daily activity, in one transaction."""
    rng = random.Random(seed)
    items = [item.id for item in tracker.curriculum.items()]
    status = dict.fromkeys(items, Status.TODO)
    start = datetime.now(UTC) - timedelta(days=365 * YEARS)
    step = timedelta(days=365 * YEARS) / events
    rows = []
    for n in range(events):
        item = rng.choice(items)
        new = rng.choice([s for s in Status if s is not status[item]])
        rows.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                "item_id": item,
                "from_status": status[item].value,
                "to_status": new.value,
                "at": (start + step * n).replace(tzinfo=None),
                "source": "ui",
                "evidenced": rng.random() < 0.5,
            }
        )
        status[item] = new
    now = datetime.now(UTC).replace(tzinfo=None)
    with tracker.database.transaction() as session:
        session.execute(EventRow.__table__.insert(), rows)
        session.execute(
            ItemStateRow.__table__.insert(),
            [
                {"item_id": i, "status": s.value, "notes": "", "evidence": "", "updated_at": now}
                for i, s in status.items()
            ],
        )


def percentile(values: list[float], share: float) -> float:
    """Return the value below which `share` of the sorted values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    """Build the database, measure, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--ticks", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        tracker = Tracker.open(Path(folder), clock=Clock(tz=UTC, fixed_day=date.today()))
        tracker.create_plan(tracker.plan_spec("foundation", 30))
        fill(tracker, args.events)
        size_mb = Path(folder, "tracker.sqlite3").stat().st_size / 1e6
        print(f"database: {args.events:,} events over {YEARS} years, {size_mb:.1f} MB")

        started = time.perf_counter()
        histories = tracker.readiness_histories()
        cold = (time.perf_counter() - started) * 1000
        days = len(next(iter(histories.values())))
        warm = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            tracker.readiness_histories()
            warm.append((time.perf_counter() - started) * 1000)
        print(f"full daily history, {len(histories)} levels x {days:,} days:")
        print(f"  first call (reads the event log): {cold:7.1f} ms")
        print(f"  later calls, median:               {statistics.median(warm):7.1f} ms   (target < 50 ms)")

        ids = [item.id for item in tracker.curriculum.items()]
        rng = random.Random(3)
        ticks = []
        for _ in range(args.ticks):
            command = UpdateItem(rng.choice(ids), status=rng.choice(list(Status)))
            started = time.perf_counter()
            tracker.run(command)
            ticks.append((time.perf_counter() - started) * 1000)
        print(f"tick (mark through the Tracker, commit included), {args.ticks} ticks:")
        median, p95 = statistics.median(ticks), percentile(ticks, 0.95)
        print(f"  median {median:.2f} ms, p95 {p95:.2f} ms   (target p95 < 5 ms)")

        steps = [step for item_steps in tracker.all_steps().values() for step in item_steps]
        step_ticks = []
        for _ in range(args.ticks):
            step = rng.choice(steps)
            command = UpdateItem(step.item_id, steps=((step.id, rng.random() < 0.7),))
            started = time.perf_counter()
            tracker.run(command)
            step_ticks.append((time.perf_counter() - started) * 1000)
        print(f"step tick (mark STEP_ID through the Tracker, commit included), {args.ticks} ticks:")
        median, p95 = statistics.median(step_ticks), percentile(step_ticks, 0.95)
        print(f"  median {median:.2f} ms, p95 {p95:.2f} ms   (target p95 < 5 ms)")

        levels = [level.id for level in tracker.curriculum.levels]
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            for level in levels:
                tracker.schedule(tracker.plan_spec(level, 60))
            timings.append((time.perf_counter() - started) * 1000)
        print(f"packing a 60-day plan of every level ({len(levels)} levels) at once:")
        print(f"  median {statistics.median(timings):.2f} ms   (target < 50 ms)")
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            for level in levels:
                if tracker.plan(level) is not None:
                    tracker.reschedule_preview(level)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"  re-packing the stored plan(s): median {statistics.median(timings):.2f} ms")
        tracker.close()


if __name__ == "__main__":
    main()

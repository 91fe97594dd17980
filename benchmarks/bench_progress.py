"""Progress page benchmark: first opening and redraw after a tick, on five years of synthetic history.

Run with `.venv/bin/python benchmarks/bench_progress.py [--events N] [--ticks N]`.
The database is built once; the page is measured in a fresh Python process so imports are cold, the way
the main window imports the page the first time it is shown. Before the clock starts, that process has
Qt running and the tracker warm (the window's status line has read the event log already).
Targets: first opening (import + construction + first paint of every chart) under 1.0 s; a redraw
after one tick (the tick, the refresh and the paint of the charts it touched) under 100 ms, median.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import YEARS, fill

from mlops_tracker.core.clock import Clock
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.storage.models import StudySessionRow

SIZE = (1200, 760)


def add_sessions(tracker: Tracker, days: int, seed: int = 11) -> int:
    """Write a study session on most days of the period, in one transaction; return how many."""
    rng = random.Random(seed)
    today = tracker.clock.today()
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {
            "uid": str(uuid.UUID(int=rng.getrandbits(128))),
            "day": today - timedelta(days=offset),
            "minutes": rng.choice((20, 30, 45, 60, 90)),
            "item_id": None,
            "created_at": now,
        }
        for offset in range(days)
        if rng.random() < 0.7
    ]
    with tracker.database.transaction() as session:
        session.execute(StudySessionRow.__table__.insert(), rows)
    return len(rows)


def build(folder: Path, events: int) -> None:
    """Make the database: a plan with an exam, `events` status changes and study sessions over five years."""
    today = date.today()
    tracker = Tracker.open(folder, clock=Clock(tz=UTC, fixed_day=today))
    tracker.create_plan(tracker.plan_spec("foundation", 30, exam=today + timedelta(days=35)))
    fill(tracker, events)
    sessions = add_sessions(tracker, 365 * YEARS)
    tracker.close()
    size = (folder / "tracker.sqlite3").stat().st_size / 1e6
    print(f"database: {events:,} events and {sessions:,} study sessions over {YEARS} years, {size:.1f} MB")


def measure(folder: Path, ticks: int) -> dict[str, object]:
    """Open the page as the window would and time it, then redraws after ticks (in a fresh process)."""
    from PySide6.QtWidgets import QApplication

    from mlops_tracker.core.commands import UpdateItem
    from mlops_tracker.domain.model import Status
    from mlops_tracker.gui.bridge import TrackerBridge

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tracker = Tracker.open(folder, clock=Clock(tz=UTC, fixed_day=date.today()))
    bridge = TrackerBridge(tracker)
    tracker.summary()  # what the window's status line has done before anyone opens Progress
    assert "matplotlib" not in sys.modules

    started = time.perf_counter()
    from mlops_tracker.gui.pages.progress import ProgressPage

    imported = time.perf_counter()
    page = ProgressPage(bridge)
    page.resize(*SIZE)
    built = time.perf_counter()
    page.show()
    app.processEvents()  # Qt paints what is in view; each chart in view draws itself first
    painted = time.perf_counter()
    in_view = [panel.name for panel in page.panels if panel.is_exposed()]
    assert all(not panel.canvas.render_pending for panel in page.panels if panel.is_exposed())
    painted_again = time.perf_counter()
    for panel in page.panels:  # what scrolling down does: the charts out of view draw themselves
        page.scroll.ensureWidgetVisible(panel)
        app.processEvents()
    scrolled = time.perf_counter()
    assert all(panel.draws for panel in page.panels)

    page.scroll.verticalScrollBar().setValue(0)  # back to the top, as the page opens
    app.processEvents()
    ids = [item.id for item in tracker.curriculum.items() if item.level == "foundation"]
    rng = random.Random(5)
    redraws = []
    for _ in range(ticks):
        item_id = rng.choice(ids)
        current = tracker.item(item_id).state.status
        command = UpdateItem(item_id, status=rng.choice([s for s in Status if s is not current]))
        begin = time.perf_counter()
        bridge.tracker.run(command)  # tracker_changed → page.refresh → draw_idle
        app.processEvents()  # the idle draws and the paint
        redraws.append((time.perf_counter() - begin) * 1000)
    days = len(tracker.readiness_history("foundation"))
    page.close()
    tracker.close()
    return {
        "import_ms": (imported - started) * 1000,
        "construct_ms": (built - imported) * 1000,
        "paint_ms": (painted - built) * 1000,
        "first_open_ms": (painted - started) * 1000,
        "scroll_ms": (scrolled - painted_again) * 1000,
        "in_view": in_view,
        "redraw_ms": redraws,
        "days": days,
    }


def _spread(values: list[float]) -> str:
    """Return "median (min–max)" in milliseconds."""
    return f"{statistics.median(values):6.0f} ms ({min(values):.0f}–{max(values):.0f})"


def main() -> None:
    """Build the database, measure in fresh processes, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--ticks", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes to measure in")
    parser.add_argument("--measure", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure), args.ticks)))
        return

    runs = []
    with tempfile.TemporaryDirectory() as folder:
        build(Path(folder) / "data", args.events)
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        for run in range(args.runs):
            copy = Path(folder) / f"run-{run}"  # every process starts from the same data
            shutil.copytree(Path(folder) / "data", copy)
            result = subprocess.run(
                [sys.executable, __file__, "--measure", str(copy), "--ticks", str(args.ticks)],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            runs.append(json.loads(result.stdout.strip().splitlines()[-1]))

    def figure(key: str) -> list[float]:
        return [run[key] for run in runs]

    redraws = [statistics.median(run["redraw_ms"]) for run in runs]
    worst = max(max(run["redraw_ms"]) for run in runs)
    in_view = " and ".join(runs[0]["in_view"])
    print(
        f"Progress page at {SIZE[0]}x{SIZE[1]}, readiness history of {runs[0]['days']:,} days; "
        f"median (min–max) of {len(runs)} fresh processes:"
    )
    print(f"  first opening:                                     {_spread(figure('first_open_ms'))}")
    print("                                                     (target < 1000 ms)")
    print(f"    import of the page module (matplotlib included): {_spread(figure('import_ms'))}")
    print(f"    construction (summary, explanation, data read):  {_spread(figure('construct_ms'))}")
    print(f"    show and first paint ({in_view} in view)")
    print(f"                                                     {_spread(figure('paint_ms'))}")
    print(f"  scrolling down (the other charts draw themselves): {_spread(figure('scroll_ms'))}")
    print(f"  redraw after a tick, median of {args.ticks} per process:   {_spread(redraws)}")
    print(
        f"                                                     (slowest tick {worst:.0f} ms; target < 100 ms)"
    )


if __name__ == "__main__":
    main()

"""Start-up benchmark: launch to the first painted, populated Today page, against a bare PySide6 window.

Run with `QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py [--runs N] [--write]`.
Each run is a fresh process: `python -m mlops_tracker --data-dir TMP` with MLOPS_TRACKER_SMOKE_TEST=1 quits
right after the Today page's first paint, on a data folder holding a 30-day Foundation plan with some
progress. The baseline process shows a QMainWindow with a label and quits after its first paint the same
way. Wall time is measured from launch to exit; peak memory is the child's ru_maxrss (os.wait4).
Targets: the app within 3× the bare window's time and 2× its memory; matplotlib not imported at start-up.
`--write` puts the figures in benchmarks/README.md under "## Start-up (bench_startup.py)".
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = Path(__file__).resolve().parent / "README.md"
HEADING = "## Start-up (bench_startup.py)"
TIME_TARGET = 3.0
MEMORY_TARGET = 2.0
MODULES_LINE = "matplotlib loaded at start-up:"

BARE_WINDOW = """
import sys
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
label = QLabel("Hello")
window.setCentralWidget(label)
window.resize(1100, 720)


class FirstPaint(QObject):
    done = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print(f"first paint at {time.time():.6f}", file=sys.stderr)
            QTimer.singleShot(0, app.quit)
        return False


watcher = FirstPaint()
label.installEventFilter(watcher)
window.show()
sys.exit(app.exec())
"""


# the import rows' "first paint" is the moment their imports are done
IMPORTS = "import sys, time; import {module}; print(f'first paint at {{time.time():.6f}}', file=sys.stderr)"
ENGINE_IMPORTS = IMPORTS.format(module="mlops_tracker.core.tracker")
ALEMBIC_IMPORTS = IMPORTS.format(module="sqlalchemy.orm, alembic.runtime.migration, alembic.script")


@dataclass(frozen=True)
class Run:
    """One process: time to its first paint and to its exit, peak memory, exit code and its stderr."""

    seconds: float  # launch to exit
    max_rss_mb: float
    code: int
    stderr: str
    launched: float  # wall-clock time of the launch

    @property
    def to_paint(self) -> float:
        """Return the seconds from launch to the first paint (to exit when the process did not say)."""
        for line in self.stderr.splitlines():
            if "first paint at " in line:
                return float(line.rsplit(" ", 1)[1]) - self.launched
        return self.seconds


def prepare(folder: Path) -> None:
    """Fill a data folder with a 30-day Foundation plan started a week ago and a few finished tasks."""
    sys.path.insert(0, str(ROOT))
    from mlops_tracker.core.clock import Clock, local_tz
    from mlops_tracker.core.commands import LogStudySession, UpdateItem
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.domain.model import Status

    today = date.today()
    tracker = Tracker.open(folder, clock=Clock(tz=local_tz(), fixed_day=today))
    try:
        start = today - timedelta(days=7)
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=start, exam=start + timedelta(days=32)))
        for task in tracker.plan().tasks:
            if task.due < today - timedelta(days=2):
                tracker.run(UpdateItem(task.item_id, status=Status.DONE))
        tracker.run(LogStudySession(day=today, minutes=30))
        tracker.set_setting("wizard_done", True)
    finally:
        tracker.close()


def measure(command: list[str], env: dict[str, str]) -> Run:
    """Run a process to its end; return its wall time and peak memory."""
    with tempfile.TemporaryFile() as err:
        launched = time.time()
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors="replace")
    # Linux reports ru_maxrss in KiB, macOS in bytes
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    return Run(seconds, usage.ru_maxrss * scale, process.returncode, text, launched)


def series(command: list[str], env: dict[str, str], runs: int) -> list[Run]:
    """Run a command once to warm the caches, then `runs` times."""
    measure(command, env)
    results = [measure(command, env) for _ in range(runs)]
    failed = [r for r in results if r.code != 0]
    if failed:
        raise SystemExit(f"{' '.join(command[:3])} failed with {failed[0].code}:\n{failed[0].stderr}")
    return results


def median(values: list[float]) -> float:
    """Return the median."""
    return statistics.median(values)


def _ms(values: list[float]) -> str:
    """Return "median ms (min–max)"."""
    return f"{median(values) * 1000:.0f} ms ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"


def report(app: list[Run], bare: list[Run], engine: list[Run], alembic: list[Run]) -> tuple[str, bool]:
    """Return the figures as Markdown and whether every target is met."""
    app_paint, bare_paint = median([r.to_paint for r in app]), median([r.to_paint for r in bare])
    app_exit, bare_exit = median([r.seconds for r in app]), median([r.seconds for r in bare])
    app_mem, bare_mem = median([r.max_rss_mb for r in app]), median([r.max_rss_mb for r in bare])
    lines = [line for r in app for line in r.stderr.splitlines() if MODULES_LINE in line]
    matplotlib_loaded = any(line.rstrip().endswith("yes") for line in lines)
    time_ratio, mem_ratio = app_paint / bare_paint, app_mem / bare_mem
    ok = time_ratio <= TIME_TARGET and mem_ratio <= MEMORY_TARGET and not matplotlib_loaded and bool(lines)

    def mark(good: bool) -> str:
        return "met" if good else "MISSED"

    engine_share = median([r.to_paint for r in engine]) / app_paint
    text = "\n".join(
        [
            f"Median (min–max) of {len(app)} runs each, a fresh process per run, QT_QPA_PLATFORM=offscreen. "
            "*To first paint*: from launch to the first paint of the window (the process prints the moment); "
            "*to exit*: the process quits right after that paint (Python's shutdown included).",
            "",
            "| Process | To first paint | To exit | Peak memory |",
            "|---|---:|---:|---:|",
            f"| MLOps Tracker, Today page populated | {_ms([r.to_paint for r in app])} | "
            f"{_ms([r.seconds for r in app])} | {app_mem:.0f} MB |",
            f"| Bare PySide6 QMainWindow | {_ms([r.to_paint for r in bare])} | "
            f"{_ms([r.seconds for r in bare])} | {bare_mem:.0f} MB |",
            f"| Engine imports alone (`import mlops_tracker.core.tracker`, no Qt; *to first paint* = "
            f"imports done) | {_ms([r.to_paint for r in engine])} | {_ms([r.seconds for r in engine])} | "
            f"{median([r.max_rss_mb for r in engine]):.0f} MB |",
            f"| SQLAlchemy and Alembic alone (not imported before the first paint) | "
            f"{_ms([r.to_paint for r in alembic])} | {_ms([r.seconds for r in alembic])} | "
            f"{median([r.max_rss_mb for r in alembic]):.0f} MB |",
            f"| **Ratio** app / bare window | **{time_ratio:.2f}×** (target ≤ {TIME_TARGET:.0f}×: "
            f"{mark(time_ratio <= TIME_TARGET)}) | {app_exit / bare_exit:.2f}× | **{mem_ratio:.2f}×** "
            f"(target ≤ {MEMORY_TARGET:.0f}×: {mark(mem_ratio <= MEMORY_TARGET)}) |",
            "",
            f"matplotlib imported at start-up: **{'yes' if matplotlib_loaded else 'no'}**"
            + ("" if lines else " (no report: MLOPS_TRACKER_REPORT_MODULES was not honoured)"),
            "",
            f"The engine's start-up imports (the domain, the plain-sqlite3 reads, the Tracker; no "
            f"SQLAlchemy, Alembic or pydantic) take {engine_share:.0%} of the app's time to first paint. "
            "What keeps it there: the first page is painted from plain sqlite3 reads and SQLAlchemy is "
            "loaded for the first write, right after the paint; Alembic only when a migration is due; the "
            "packaged seed validated with pydantic once per app version and then trusted by its digest; "
            "Plan, Levels and Guide built after the first paint, Progress (matplotlib) when first shown.",
            "",
            f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {os.cpu_count()} CPUs; recorded {date.today()}.",
        ]
    )
    return text, ok


def write_section(text: str) -> None:
    """Replace (or add) this benchmark's section of benchmarks/README.md, leaving other sections alone."""
    command = "QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py --write"
    body = f"{HEADING}\n\n`{command}`\n\n{text}\n"
    current = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    if HEADING in current:
        before, rest = current.split(HEADING, 1)
        after = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
        updated = before + body + ("\n" + after if after else "")
    else:
        updated = current.rstrip("\n") + "\n\n" + body
    README.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Measure, print, and optionally record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each process (default 7)")
    parser.add_argument("--write", action="store_true", help="record the figures in benchmarks/README.md")
    args = parser.parse_args(argv)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory(prefix="mlops-bench-") as tmp:
        folder = Path(tmp) / "data"
        env["MPLCONFIGDIR"] = str(Path(tmp) / "mpl")
        env.pop("MLOPS_TRACKER_TODAY", None)
        # an installed app runs from compiled bytecode (installing the wheel compiles it): let the warm-up
        # run write it, or every measured run would compile every module again
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        prepare(folder)
        app_env = {**env, "MLOPS_TRACKER_SMOKE_TEST": "1", "MLOPS_TRACKER_REPORT_MODULES": "1"}
        app = series([sys.executable, "-m", "mlops_tracker", "--data-dir", str(folder)], app_env, args.runs)
        bare = series([sys.executable, "-c", BARE_WINDOW], env, args.runs)
        engine = series([sys.executable, "-c", ENGINE_IMPORTS], env, args.runs)
        alembic = series([sys.executable, "-c", ALEMBIC_IMPORTS], env, args.runs)
    text, ok = report(app, bare, engine, alembic)
    print(text)
    print()
    print("All targets met." if ok else "Some targets MISSED.")
    if args.write:
        write_section(text)
        print(f"Recorded in {README.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

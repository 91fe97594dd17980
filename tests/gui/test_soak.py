"""Soak test: the whole window used for a while in a child process, None's reference count watched.

PySide6-Essentials 6.12.0 takes a reference from None each time C++ calls one of our overrides with a null
pointer or a default argument (delegates' paint/sizeHint, TrackerStyle.drawPrimitive); after a few hundred
repaints the process aborts with `Fatal Python error: none_dealloc`. The exercise runs in a child process
(tests/gui/soak_script.py) so that abort becomes a failure here. SOAK_PYTHON=/path/to/python runs the child
with another interpreter (another PySide6), e.g. to show the test fails on 6.12.0.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.gui.soak_script import DIALOGS, PAGE_ORDER, PREFIX, THEME_ORDER

REPO = Path(__file__).resolve().parents[2]
SOAK_PYTHON_ENV = "SOAK_PYTHON"
CYCLES = 2  # measured cycles after the warm-up cycle
REPAINTS = 150  # repaints of the repaint phase per cycle (scrolling, hovering and the rest add to them)
# None may lose a few references between two measurements for reasons of its own (a cache letting go of a
# value); a leak per paint loses thousands per phase
NONE_TOLERANCE = 200
TIMEOUT_S = 300


def run_soak(tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]]]:
    """Run the soak exercise in a child process on a private data folder; return it and its records."""
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "MLOPS_TRACKER_DATA_DIR": str(tmp_path / "data"),
            "MPLCONFIGDIR": str(tmp_path / "mpl"),
            "HOME": str(home),  # nothing may reach the real data folder, even by a default path
            "XDG_DATA_HOME": str(home / "share"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
        }
    )
    python = os.environ.get(SOAK_PYTHON_ENV) or sys.executable
    command = [python, "-m", "tests.gui.soak_script", "--cycles", str(CYCLES), "--repaints", str(REPAINTS)]
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    records = [
        json.loads(line.removeprefix(PREFIX))
        for line in result.stdout.splitlines()
        if line.startswith(PREFIX)
    ]
    return result, records


def death_message(result: subprocess.CompletedProcess[str], records: list[dict[str, Any]]) -> str:
    """Say how the child died, where it was, and what it printed last."""
    code = result.returncode
    how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
    phases = [r for r in records if r.get("event") == "phase"]
    where = f"after cycle {phases[-1]['cycle']} phase {phases[-1]['phase']}" if phases else "before any phase"
    fatal = [line for line in result.stderr.splitlines() if "Fatal Python error" in line or "Error" in line]
    tail = "\n".join(fatal[:5] or result.stderr.splitlines()[-15:])
    drifts = ", ".join(f"{r['phase']} {r['none_drift']:+}" for r in phases if r["none_drift"] is not None)
    return f"the soak process died ({how}) {where}; None drift per phase: {drifts or 'n/a'}\n{tail}"


def test_long_use_keeps_none_alive_and_the_process_running(tmp_path: Path) -> None:
    result, records = run_soak(tmp_path)
    done = [r for r in records if r.get("event") == "done"]
    assert result.returncode == 0 and done, death_message(result, records)
    report = done[0]
    start = records[0]

    # every phase of every cycle ran: a soak that skips its work cannot pass
    phases = [r for r in records if r.get("event") == "phase"]
    assert len(phases) == CYCLES * 9, [r["phase"] for r in phases]
    assert report["pages"] == sorted(PAGE_ORDER)
    assert report["dialogs"] == sorted(DIALOGS)
    assert report["themes"] == sorted(THEME_ORDER)
    counts = report["counts"]
    assert counts["repaints"] >= (CYCLES + 1) * REPAINTS, counts
    assert counts["scroll_steps"] > 50, counts
    assert counts["rows_hovered"] > 50, counts
    assert counts["canvas_hovers"] > 0, counts
    assert counts["menu_hovers"] > 0, counts
    assert counts["ticks"] > 0 and counts["undos"] >= counts["ticks"], counts
    assert counts["timer_ticks"] > 0 and counts["sessions_logged"] > 0, counts
    assert counts["dialogs_shown"] == (CYCLES + 1) * len(DIALOGS), counts
    assert counts["backups"] == 1, counts
    assert report["errors"] == [], report["errors"]

    if start["none"] is None:
        return  # Python 3.12+: None is immortal, so surviving the soak is the whole check
    falls = {
        f"cycle {r['cycle']} {r['phase']}": r["none_drift"]
        for r in phases
        if r["none_drift"] < -NONE_TOLERANCE
    }
    assert not falls, f"None lost references (PySide {start['pyside']}): {falls}"
    assert report["none_drift"] >= -NONE_TOLERANCE, (
        f"None lost {-report['none_drift']} references over {CYCLES} cycles (PySide {start['pyside']}): "
        f"{report['drift_by_phase']}"
    )

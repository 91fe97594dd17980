"""Self-check latency: from a key press to the dialog painted with the result, and Enter to the next question.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_self_check.py [--questions 40]`.
Target: from an answer to the next question on screen < 16 ms (one frame at 60 Hz). Each step is a real key
event through Qt followed by a synchronous `repaint()`; the answer step includes recording the answer (one
fsync'd SQLite transaction with its undo step) and replaying the item's FSRS card.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    """Answer every question of a long self-check with the keyboard and print the latencies."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=40)
    args = parser.parse_args()
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from mlops_tracker.core import reviews
    from mlops_tracker.core.clock import Clock
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.gui.bridge import TrackerBridge
    from mlops_tracker.gui.dialogs.self_check import SelfCheckDialog

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        tracker = Tracker.open(Path(folder), clock=Clock(tz=UTC, fixed_day=date(2026, 11, 26)), source="ui")
        tracker.warm_up()
        bridge = TrackerBridge(tracker)
        asked = [
            q
            for level in ("foundation", "professional", "advanced")
            for q in reviews.level_questions(tracker, level)
        ][: args.questions]
        dialog = SelfCheckDialog(bridge, asked)
        dialog.resize(720, 520)
        dialog.show()
        app.processEvents()
        answer_ms, next_ms = [], []
        for question in asked:
            began = time.perf_counter()
            QTest.keyClick(dialog, str(question.answer + 1))
            dialog.repaint()
            answer_ms.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            QTest.keyClick(dialog, Qt.Key.Key_Return)
            dialog.repaint()
            next_ms.append((time.perf_counter() - began) * 1000)
        dialog.close()
        tracker.close()

    def line(name: str, samples: list[float]) -> str:
        p95 = statistics.quantiles(samples, n=20)[-1]
        return f"  {name:<48} median {statistics.median(samples):5.1f} ms   p95 {p95:5.1f} ms"

    print(f"{len(asked)} questions answered with the keyboard (offscreen)")
    print(line("key 1-4 → answer recorded, explanation painted", answer_ms))
    print(line("Enter → next question painted (target < 16 ms)", next_ms))


if __name__ == "__main__":
    main()

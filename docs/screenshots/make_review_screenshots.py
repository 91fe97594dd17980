"""Screenshots of a self-check (an answer with its explanation) and of a practice exam's result.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_review_screenshots.py`.
Writes `self-check.png` and `practice-exam.png` beside this file, from a throwaway data folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    """Open the dialogs on a demo folder, answer with the keyboard as a learner would, and save them."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from mlops_tracker.core import reviews
    from mlops_tracker.core.clock import Clock
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.gui import theme
    from mlops_tracker.gui.bridge import TrackerBridge
    from mlops_tracker.gui.dialogs.practice_exam import PracticeExamDialog
    from mlops_tracker.gui.dialogs.self_check import SelfCheckDialog

    app = QApplication.instance() or QApplication([])
    theme.apply_theme("light")
    with tempfile.TemporaryDirectory() as folder:
        tracker = Tracker.open(Path(folder), clock=Clock(tz=UTC, fixed_day=date(2026, 11, 26)), source="ui")
        bridge = TrackerBridge(tracker)
        asked = reviews.session_questions(tracker, "foundation", 5)
        check = SelfCheckDialog(bridge, asked)
        check.resize(720, 520)
        check.show()
        QTest.keyClick(check, str((asked[0].answer + 1) % 4 + 1))  # a wrong answer shows both marks
        app.processEvents()
        check.grab().save(str(HERE / "self-check.png"))
        check.close()

        seconds = [1000.0]
        exam = reviews.start_practice(tracker, "foundation", count=10, minutes=30, seed=4)
        dialog = PracticeExamDialog(bridge, exam, clock=lambda: seconds[0])
        dialog.resize(720, 640)
        dialog.show()
        for number, question in enumerate(exam.questions):
            right = question.answer + 1
            QTest.keyClick(dialog, str(right if number % 3 else right % 4 + 1))
            seconds[0] += 70
            QTest.keyClick(dialog, Qt.Key.Key_Return)
        app.processEvents()
        dialog.grab().save(str(HERE / "practice-exam.png"))
        dialog.close()
        tracker.close()
    print(f"wrote {HERE / 'self-check.png'} and {HERE / 'practice-exam.png'}")


if __name__ == "__main__":
    main()

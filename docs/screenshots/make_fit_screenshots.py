"""Make the fit screenshots: the wizard's minutes page and the Plan page's "Does not fit" group, with the
one-click actions that make the plan fit.

Run from the repository root:  .venv/bin/python docs/screenshots/make_fit_screenshots.py
It works offscreen (no display needed) and never touches the real data folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 3, 18)  # a Wednesday
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main() -> int:
    """Write wizard-minutes.png and plan-does-not-fit.png (the window at 1024×640)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["MLOPS_TRACKER_TODAY"] = TODAY.isoformat()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    from make_screenshots import settle
    from PySide6.QtWidgets import QApplication

    from mlops_tracker.core.clock import Clock, local_tz
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.gui.app import create_main_window
    from mlops_tracker.gui.dialogs.wizard import FirstRunWizard

    with tempfile.TemporaryDirectory(prefix="mlops-tracker-fit-") as tmp:
        os.environ.setdefault("MPLCONFIGDIR", str(Path(tmp) / "mpl"))
        fresh = Path(tmp) / "fresh"
        os.environ["MLOPS_TRACKER_DATA_DIR"] = str(fresh)
        window = create_main_window(fresh)
        app = QApplication.instance()
        wizard = FirstRunWizard(window.bridge, window)
        wizard.resize(680, 600)
        wizard.show()  # never exec(): the script drives it
        wizard.next()  # welcome → role
        wizard.next()  # role → proposal: the default Foundation plan at 60 min a day does not fit
        settle(app)
        wizard.grab().save(str(HERE / "wizard-minutes.png"))
        wizard.close()
        window.close()

        folder = Path(tmp) / "planned"
        tracker = Tracker.open(folder, clock=Clock(tz=local_tz(), fixed_day=TODAY))
        start = TODAY - timedelta(days=2)
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=start, exam=start + timedelta(days=32)))
        tracker.set_setting("wizard_done", True)
        tracker.close()
        window = create_main_window(folder)
        window.remember_layout = False
        window.resize(1024, 640)
        window.show()
        page = window.show_page("plan")
        settle(app)
        page.ensureWidgetVisible(page.unfit_frame) if hasattr(page, "ensureWidgetVisible") else None
        page.unfit_actions.minutes_button.setFocus()
        settle(app)
        window.grab().save(str(HERE / "plan-does-not-fit.png"))
        window.close()
    for name in ("wizard-minutes.png", "plan-does-not-fit.png"):
        print((HERE / name).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Make the README screenshots: a learner 12 days into a 30-day Foundation plan; every page, light and dark.

Run from the repository root:  .venv/bin/python docs/screenshots/make_screenshots.py
It works offscreen (no display needed) and never touches the real data folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 3, 18)  # a Wednesday
PLAN_DAYS = 30
STARTED_DAYS_AGO = 12
SIZE = (1200, 760)
PAGES = ("today", "plan", "levels", "guide", "progress")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def build_demo(folder: Path) -> None:
    """Fill a data folder with a plan and 12 days of realistic history, written day by day."""
    from mlops_tracker.core import reviews
    from mlops_tracker.core.clock import Clock, local_tz
    from mlops_tracker.core.commands import LogStudySession, UpdateItem
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.domain.model import Status

    tz = local_tz()
    start = TODAY - timedelta(days=STARTED_DAYS_AGO)

    def on(day: date) -> Tracker:
        return Tracker.open(folder, clock=Clock(tz=tz, fixed_day=day))

    tracker = on(start)
    spec = tracker.plan_spec("foundation", PLAN_DAYS, start=start, exam=start + timedelta(days=PLAN_DAYS + 2))
    # the learner takes the minutes the fit check asks for, as the wizard's "Use N min a day" offers
    fit = tracker.fit_check(spec)
    if not fit.fits:
        spec = dataclasses.replace(spec, minutes_per_day=fit.needed_per_day)
    tracker.create_plan(spec)
    tracker.set_setting("wizard_done", True)
    tracker.set_setting("role", "Data Engineer")
    tasks = sorted(tracker.plan().tasks, key=lambda t: t.due)
    tracker.close()

    past = [t for t in tasks if t.due < TODAY]
    missed = past[-1].step_id if len(past) >= 3 else None  # one overdue step to show rescheduling
    late = past[1].step_id if len(past) >= 3 else None  # one done a day late
    minutes = [35, 25, 0, 45, 30, 20, 50, 0, 40, 25, 30, 55]
    for offset in range(STARTED_DAYS_AGO):
        day = start + timedelta(days=offset)
        tracker = on(day)
        try:
            for task in tasks:
                if task.step_id in (missed, late):
                    continue
                if task.due == day:
                    tracker.run(UpdateItem(task.item_id, steps=((task.step_id, True),)))
            late_task = next((t for t in tasks if t.step_id == late), None)
            if late_task is not None and late_task.due == day - timedelta(days=1):
                tracker.run(UpdateItem(late_task.item_id, steps=((late, True),)))
            if minutes[offset] and day.weekday() != 6:
                tracker.run(LogStudySession(day=day, minutes=minutes[offset]))
            if offset in (2, 6):  # self-checks: one answer wrong, so reviews are due today
                done = [t for t in tasks if t.due <= day and reviews.bank().for_item(t.item_id)]
                for task in done[:3]:
                    asked = reviews.bank().for_item(task.item_id)[0]
                    wrong = offset == 6 and task is done[0]
                    reviews.answer_question(tracker, asked.id, (asked.answer + (1 if wrong else 0)) % 4 + 1)
        finally:
            tracker.close()

    tracker = on(TODAY)
    try:
        todays = [t for t in tasks if t.due == TODAY]
        if todays:
            tracker.run(UpdateItem(todays[0].item_id, steps=((todays[0].step_id, True),)))
        tracker.run(LogStudySession(day=TODAY, minutes=20))
        tracker.run(UpdateItem("foundation.project.regression-workflow", status=Status.IN_PROGRESS))
        # two of the project's steps ticked: the Levels page shows an item part way through its steps
        first_steps = tracker.view().steps["foundation.project.regression-workflow"][:2]
        tracker.run(
            UpdateItem(
                "foundation.project.regression-workflow", steps=tuple((s.id, True) for s in first_steps)
            )
        )
    finally:
        tracker.close()


def settle(app, wait_ms: int = 150) -> None:  # type: ignore[no-untyped-def]
    """Let layouts, timers and deferred chart drawing finish."""
    from PySide6.QtTest import QTest

    for _ in range(3):
        app.processEvents()
        QTest.qWait(wait_ms // 3)


def shoot(folder: Path, out: Path, only: set[str] | None, size: tuple[int, int] = SIZE) -> list[Path]:
    """Open the window on the demo folder and save every page in light and dark."""
    from PySide6.QtWidgets import QApplication

    from mlops_tracker.gui.app import create_main_window

    window = create_main_window(folder)
    app = QApplication.instance()
    window.remember_layout = False
    window.resize(*size)
    window.show()
    settle(app)
    saved = []
    for scheme in ("light", "dark"):
        window.set_theme(scheme)
        settle(app)
        for page in PAGES:
            if only and page not in only:
                continue
            if page == "progress" and not only and (HERE / "make_progress_screenshots.py").exists():
                continue  # the Progress page has its own, richer demo: make_progress_screenshots.py
            widget = window.show_page(page)
            if page == "levels" and hasattr(widget, "show_item"):
                window.show_item("foundation.project.regression-workflow")
            if page == "today":
                window.today_page.task_view.clearSelection()
                window.navigation.setFocus()
            settle(app, 400 if page == "progress" else 150)
            path = out / f"{page}-{scheme}.png"
            window.grab().save(str(path))
            saved.append(path)
    window.set_theme("system")
    window.close()
    return saved


def shoot_timer(folder: Path, out: Path, size: tuple[int, int] = SIZE) -> Path:
    """Save Today with the timer running on a step that already has some minutes logged."""
    from PySide6.QtWidgets import QApplication

    from mlops_tracker.core.commands import LogStudySession
    from mlops_tracker.gui.app import create_main_window

    window = create_main_window(folder)
    app = QApplication.instance()
    window.remember_layout = False
    window.resize(*size)
    window.show()
    page = window.show_page("today")
    model = page.model
    rows = [r for r in range(model.rowCount()) if model.task(r).step_id and not model.task(r).finished]
    split = [r for r in rows if model.task(r).task.parts > 1]
    row = (split or rows)[0]
    task = model.task(row)
    day = window.tracker.clock.today()
    logged = LogStudySession(day=day, minutes=15, item_id=task.item.id, step_id=task.step_id)
    window.bridge.run(logged, window)
    page.task_view.setCurrentIndex(model.index(row))
    now = [0]
    page.timer.now_ms = lambda: now[0]  # a still picture of a running timer: 12:34 on its clock
    page.timer.start()
    now[0] = 12 * 60_000 + 34_000
    page.timer._update_display()
    settle(app)
    path = out / "today-timer.png"
    window.grab().save(str(path))
    page.timer.pause()
    window.close()
    return path


def shoot_wizard(folder: Path, out: Path) -> Path:
    """Save the first-run wizard's proposal page: the minutes a day and the fit check in numbers."""
    from PySide6.QtWidgets import QApplication

    from mlops_tracker.gui.app import create_main_window
    from mlops_tracker.gui.dialogs.wizard import FirstRunWizard

    window = create_main_window(folder)
    app = QApplication.instance()
    wizard = FirstRunWizard(window.bridge, window)
    wizard.resize(680, 560)
    wizard.show()  # never exec(): the script drives it
    wizard.next()  # welcome → role
    wizard.next()  # role → proposal
    wizard.proposal_page.minutes_spin.setValue(45)
    settle(app)
    path = out / "wizard-minutes.png"
    wizard.grab().save(str(path))
    wizard.close()
    window.close()
    return path


def main(argv: list[str] | None = None) -> int:
    """Build the demo data and write the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the PNG files")
    parser.add_argument("--page", action="append", choices=PAGES, help="only these pages")
    parser.add_argument("--size", help="window size WIDTHxHEIGHT (default 1200x760)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["MLOPS_TRACKER_TODAY"] = TODAY.isoformat()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="mlops-tracker-demo-") as tmp:
        folder = Path(tmp) / "data"
        os.environ["MLOPS_TRACKER_DATA_DIR"] = str(folder)
        os.environ.setdefault("MPLCONFIGDIR", str(Path(tmp) / "mpl"))
        build_demo(folder)
        args.out.mkdir(parents=True, exist_ok=True)
        size = tuple(int(n) for n in args.size.split("x")) if args.size else SIZE
        saved = shoot(folder, args.out, set(args.page) if args.page else None, size)  # type: ignore[arg-type]
        if not args.page and not args.size:
            saved.append(shoot_wizard(Path(tmp) / "fresh", args.out))
            saved.append(shoot_timer(folder, args.out))
        for path in saved:
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

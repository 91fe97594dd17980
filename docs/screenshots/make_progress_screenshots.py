"""Render the Progress page (light, dark, 1024×640, German locale) and the report's first pages as PNGs.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_progress_screenshots.py`.
Each scheme renders in a fresh process: Qt's colour scheme and style are chosen before any widget exists.
The report page needs `pdftoppm` (poppler-utils); without it the summary is drawn with the chart code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlops_tracker.core.tracker import Tracker

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 20)
SIZE = (1200, 760)


def build_demo(folder: Path, today: date = TODAY) -> Tracker:
    """Return a Tracker with two weeks of Foundation history, a 30-day plan with an exam, study minutes,
    self-checks of the done items, a reschedule three days ago and three practice exams."""
    from mlops_tracker.core import reviews
    from mlops_tracker.core.clock import Clock
    from mlops_tracker.core.commands import LogStudySession, UpdateItem
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.domain.model import Kind, Status

    start = today - timedelta(days=13)
    tracker = Tracker.open(folder, clock=Clock(tz=UTC, fixed_day=start))
    tracker.create_plan(tracker.plan_spec("foundation", 30, start=start, exam=start + timedelta(days=30)))
    plan = tracker.require_plan("foundation")
    tasks = sorted(plan.tasks, key=lambda task: task.due)
    minutes = [45, 30, 0, 60, 25, 50, 0, 40, 35, 0, 55, 30, 20, 45]
    done = 0
    for offset in range(14):
        day = start + timedelta(days=offset)
        tracker.clock.fixed_day = day
        if minutes[offset]:
            tracker.run(LogStudySession(day=day, minutes=minutes[offset]))
        # about one task every other day, a little behind the plan
        while done < len(tasks) and tasks[done].due <= day - timedelta(days=2) and offset % 3 != 2:
            item = tracker.curriculum.item(tasks[done].item_id)
            evidence = "https://github.com/example/mlops-foundations" if item.kind is Kind.PROJECT else None
            tracker.run(UpdateItem(item.id, status=Status.IN_PROGRESS))
            tracker.run(UpdateItem(item.id, status=Status.DONE, evidence=evidence))
            # a self-check of what was just finished: mostly right, now and then wrong
            for number, question in enumerate(reviews.bank().for_item(item.id)[:2]):
                wrong = (done + number) % 4 == 3
                choice = (question.answer + 1) % 4 + 1 if wrong else question.answer + 1
                reviews.answer_question(tracker, question.id, choice, seconds=40)
            done += 1
        if offset == 10:  # fallen behind: the overdue work moves forward, the plan as first made stays
            tracker.reschedule("foundation")
        if offset in (4, 8, 12):  # practice exams, improving
            exam = reviews.start_practice(tracker, "foundation", count=20, minutes=30, seed=offset)
            right = {4: 9, 8: 12, 12: 15}[offset]
            choices = [
                (question.answer + 1 if index < right else (question.answer + 1) % 4 + 1, 50)
                for index, question in enumerate(exam.questions)
            ]
            reviews.record_practice(tracker, exam, choices)
    tracker.run(UpdateItem(tasks[done].item_id, status=Status.IN_PROGRESS))
    # a first step on the next level, so the summary shows two levels
    for item in tracker.curriculum.level("professional").items_of(Kind.SKILL)[:2]:
        tracker.run(UpdateItem(item.id, status=Status.IN_PROGRESS))
    tracker.clock.fixed_day = today
    return tracker


def render_page(
    scheme: str, target: Path, locale: str = "", size: tuple[int, int] = SIZE, whole: bool = True
) -> None:
    """Render the Progress page in one colour scheme and locale (run in its own process).

    `whole`: the whole scrolled page, every chart; otherwise what a window of `size` shows.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    QApplication.setStyle("Fusion")
    QApplication.styleHints().setColorScheme(
        Qt.ColorScheme.Dark if scheme == "dark" else Qt.ColorScheme.Light
    )
    try:  # the window's own palette and style sheet, when that module is there
        from mlops_tracker.gui import theme

        theme.apply_theme(scheme, app)  # type: ignore[arg-type]
    except ImportError:
        pass
    from mlops_tracker.gui import dates
    from mlops_tracker.gui.bridge import TrackerBridge
    from mlops_tracker.gui.pages.progress import ProgressPage

    dates.apply_locale(locale)  # dates and numbers: "20. Nov.", "36 %" in German

    with tempfile.TemporaryDirectory() as folder:
        tracker = build_demo(Path(folder))
        bridge = TrackerBridge(tracker)
        page = ProgressPage(bridge)
        page.resize(*size)
        page.show()
        for _ in range(3):
            app.processEvents()
        for panel in page.panels:
            panel.ensure_drawn()  # charts out of view wait for a scroll; a screenshot wants them all
            panel.canvas.draw()
        app.processEvents()
        (page.scroll.widget() if whole else page).grab().save(str(target))
        page.close()
        tracker.close()


def render_report(target: Path) -> None:
    """Render the first two pages of the demo's progress report, side by side, at 60 dpi."""
    from mlops_tracker.reports.collect import collect_report_data
    from mlops_tracker.reports.progress_report import write_progress_report

    with tempfile.TemporaryDirectory() as folder:
        tracker = build_demo(Path(folder) / "data")
        data = collect_report_data(tracker.view(), learner="Ada Lovelace")
        tracker.close()
        pdf = Path(folder) / "report.pdf"
        write_progress_report(data, pdf)
        if shutil.which("pdftoppm"):
            prefix = Path(folder) / "page"
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", pdf, prefix], check=True)
            pages = sorted(Path(folder).glob("page-*.png"))
            _side_by_side(pages, target)
        else:  # draw the summary with the same figure code the report uses
            from mlops_tracker.charts.export import new_figure, save_figure
            from mlops_tracker.charts.readiness import draw_readiness

            fig = new_figure()
            level = data.levels[0]
            draw_readiness(fig.add_subplot(), data.series[level.level_id], data.plans.get(level.level_id, []))
            save_figure(fig, target)


def _side_by_side(pages: list[Path], target: Path) -> None:
    """Put page images next to each other on a grey background, as a PDF viewer shows them."""
    from matplotlib.figure import Figure
    from matplotlib.image import imread

    images = [imread(str(page)) for page in pages]
    height = max(image.shape[0] for image in images)
    gap = 16
    width = sum(image.shape[1] for image in images) + gap * (len(images) + 1)
    dpi = 100
    fig = Figure(figsize=(width / dpi, (height + 2 * gap) / dpi), dpi=dpi, facecolor="#8A8F98")
    x = gap
    for image in images:  # tops aligned, as a viewer lays out a portrait and a landscape page
        fig.figimage(image, xo=x, yo=gap + height - image.shape[0], origin="upper")
        x += image.shape[1] + gap
    fig.savefig(str(target), dpi=dpi, facecolor=fig.get_facecolor())


def main() -> None:
    """Render every screenshot, each Qt one in a fresh process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=("light", "dark", "small", "de", "report"))
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("MLOPS_TRACKER_TODAY", TODAY.isoformat())
    if args.only in ("light", "dark"):
        render_page(args.only, HERE / f"progress-{args.only}.png")
    elif args.only == "small":  # the smallest window we support: what it shows without scrolling
        render_page("light", HERE / "progress-1024x640.png", size=(1024, 640), whole=False)
    elif args.only == "de":  # the same page in a German locale
        render_page("light", HERE / "progress-de.png", "de_DE")
    elif args.only == "report":
        render_report(HERE / "report-page1.png")
    else:
        for only in ("light", "dark", "small", "de", "report"):
            subprocess.run([sys.executable, __file__, "--only", only], check=True)
            print(f"rendered {only}")


if __name__ == "__main__":
    main()

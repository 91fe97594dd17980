"""Document subcommands: report, portfolio, chart.

matplotlib, the charts and the reports load inside the handlers, so the other commands start without them.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from mlops_tracker.cli.common import Subcommands
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.reports.chart_specs import CHART_NAMES
from mlops_tracker.reports.chart_specs import CHARTS as CHART_SPECS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHARTS: tuple[str, ...] = CHART_NAMES
PER_LEVEL: tuple[str, ...] = tuple(spec.name for spec in CHART_SPECS if spec.per_level)
CHART_SUFFIXES: tuple[str, ...] = (".png", ".svg", ".pdf")
PORTFOLIO_SUFFIXES: tuple[str, ...] = (".md", ".pdf")
T = TypeVar("T")


def _target(text: str, suffixes: tuple[str, ...], what: str) -> Path:
    """Return the output path, or say why it cannot be written."""
    path = Path(text).expanduser()
    if path.suffix.lower() not in suffixes:
        names = " or ".join(", ".join(suffixes).rsplit(", ", 1))
        raise InvalidInput(f"Cannot write the {what} to '{path.name}': use {names}.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(f"Cannot write '{path}': the folder '{folder}' does not exist.")
    if path.is_dir():
        raise InvalidInput(f"Cannot write '{path}': it is a folder.")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InvalidInput(f"Cannot write '{path}': permission denied.")
    return path


def _pages(count: int) -> str:
    """Return "1 page" / "7 pages"."""
    return f"{count} page" if count == 1 else f"{count} pages"


def _write(action: str, path: Path, write: Callable[[], T]) -> T:
    """Run a writer and turn an operating-system error into a message for people."""
    try:
        return write()
    except OSError as error:
        raise InvalidInput(f"Cannot {action} '{path}': {error.strerror or error}.") from None


def cmd_report(tracker: Tracker, args: argparse.Namespace) -> None:
    """Write the printable progress report as a PDF."""
    path = _target(args.file, (".pdf",), "report")
    from mlops_tracker.reports.collect import collect_report_data
    from mlops_tracker.reports.progress_report import write_progress_report

    data = collect_report_data(tracker.view(), pass_mark=pass_mark(tracker))
    pages = _write("write the report to", path, lambda: write_progress_report(data, path))
    print(f"Wrote {path} ({_pages(pages)}).")


def cmd_portfolio(tracker: Tracker, args: argparse.Namespace) -> None:
    """Write the portfolio of finished projects as Markdown or PDF."""
    path = _target(args.file, PORTFOLIO_SUFFIXES, "portfolio")
    from mlops_tracker.reports.collect import collect_report_data
    from mlops_tracker.reports.portfolio import write_portfolio

    data = collect_report_data(tracker.view())
    pages = _write("write the portfolio to", path, lambda: write_portfolio(data, path))
    count = len(data.projects)
    projects = f"{count} finished project" + ("" if count == 1 else "s")
    detail = projects if path.suffix.lower() == ".md" else f"{_pages(pages)}, {projects}"
    print(f"Wrote {path} ({detail}).")


def pass_mark(tracker: Tracker) -> int:
    """Return the practice exams' pass mark (a setting; the guide names none)."""
    from mlops_tracker.core.reviews import practice_settings

    return practice_settings(tracker)[2]


def chart_figure(tracker: Tracker, name: str, level: str | None) -> Figure:
    """Return a light-themed figure with one chart drawn from the tracker's current view."""
    from mlops_tracker.charts.export import new_figure
    from mlops_tracker.reports.chart_specs import chart_data, draw

    view = tracker.view()
    level_id = tracker.resolve_level(level).id if level else None
    if name == "readiness" and level_id is None:
        level_id = view.shown_levels[0]
    fig = new_figure()
    draw(name, fig.add_subplot(), chart_data(view, level_id, pass_mark=pass_mark(tracker)))
    return fig


def cmd_chart(tracker: Tracker, args: argparse.Namespace) -> None:
    """Export one chart as PNG, SVG or PDF."""
    name = args.name.strip().lower()
    if name not in CHARTS:
        raise InvalidInput(f"Unknown chart '{args.name}': use one of {', '.join(CHARTS)}.")
    path = _target(args.file, CHART_SUFFIXES, "chart")
    if args.level is not None and name not in PER_LEVEL:
        raise InvalidInput(f"--level applies to the readiness and breakdown charts, not to {name}.")
    from mlops_tracker.charts.export import save_figure

    fig = chart_figure(tracker, name, args.level)
    _write("write the chart to", path, lambda: save_figure(fig, path))
    print(f"Wrote {path} ({name} chart).")


def register(sub: Subcommands) -> None:
    """Add the document subcommands."""
    report = sub.add("report", cmd_report, "write the printable progress report (PDF)")
    report.add_argument("file", metavar="FILE.pdf")
    portfolio = sub.add(
        "portfolio", cmd_portfolio, "write the portfolio of finished projects (Markdown or PDF)"
    )
    portfolio.add_argument("file", metavar="FILE.md|FILE.pdf")
    chart = sub.add("chart", cmd_chart, "export a chart: readiness, activity, breakdown or minutes")
    chart.add_argument("name", metavar="NAME", help=", ".join(CHARTS))
    chart.add_argument("file", metavar="FILE", help="FILE.png, FILE.svg or FILE.pdf")
    chart.add_argument("--level", help="the level of the readiness chart (breakdown: its categories)")

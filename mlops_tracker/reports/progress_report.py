"""Write the printable progress report: a summary, the charts and every checklist, as one PDF."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from mlops_tracker.charts.activity import draw_activity
from mlops_tracker.charts.breakdown import draw_breakdown
from mlops_tracker.charts.export import atomic_file, new_figure
from mlops_tracker.charts.minutes import draw_minutes, weekly_minutes
from mlops_tracker.charts.readiness import draw_readiness
from mlops_tracker.reports.data import ChecklistRow, ReportData, buffer_text
from mlops_tracker.reports.layout import A4_LANDSCAPE, MUTED, Column, PageWriter

TITLE = "MLOps Tracker — progress report"
# TrueType (Type 42) fonts keep the text real, searchable text; the default Type 3 glyphs do not.
# Text is never mathtext: a note's "$\\frac{a}{$" or "100$ and 200$" is printed as typed. The context is
# scoped to writing one document (every Text, tick labels made while saving included, is created inside
# it) and restores the caller's settings after, so the window's charts are not changed by it.
PDF_RC = {"pdf.fonttype": 42, "text.parse_math": False}
MINUTES_WEEKS = (12, 52)  # the minutes chart shows at least 12 and at most 52 weeks

LEVEL_COLUMNS = (
    Column("Level", 1.55),
    Column("Readiness", 0.9),
    Column("Buffer", 1.45),
    Column("Exam", 0.95),
    Column("Forecast", 2.02),
)
CHECKLIST_COLUMNS = (
    Column("Item", 2.35),
    Column("Status", 0.85),
    Column("Conf.", 0.5),
    Column("Notes", 1.8),
    Column("Evidence", 1.37),
)


def write_progress_report(data: ReportData, path: Path) -> int:
    """Write the report as a multi-page PDF at `path` and return its page count."""
    metadata = {"Title": TITLE, "Author": data.learner or "MLOps Tracker", "Creator": "MLOps Tracker"}
    footer = f"{TITLE} · {data.generated_on.isoformat()}"
    with (
        matplotlib.rc_context(PDF_RC),
        atomic_file(Path(path)) as stream,
        PdfPages(stream, metadata=metadata) as pdf,
    ):
        writer = PageWriter(pdf, footer)
        _write_summary(writer, data)
        for chart in _charts(data):
            writer.add_figure_page(chart)
        _write_checklists(writer, data.checklist)
        pages = writer.finish()
    return pages


def long_date(day: date) -> str:
    """Return a date as people write it: "20 November 2026"."""
    return f"{day.day} {day:%B %Y}"


def _write_summary(writer: PageWriter, data: ReportData) -> None:
    """Write page 1: title, date, overall readiness and the levels table."""
    writer.text(TITLE, size=20, bold=True)
    writer.space(0.08)
    byline = f"Generated on {long_date(data.generated_on)}"
    if data.learner:
        byline += f" for {data.learner}"
    writer.text(byline, size=10, colour=MUTED)
    writer.space(0.35)
    writer.text(f"Overall readiness: {data.overall:.0f}%", size=16, bold=True)
    writer.space(0.3)
    if not data.levels:
        writer.text("No level is being prepared yet: create a plan to start tracking readiness.")
        return
    writer.text("Levels", size=13, bold=True, keep_with=0.5)
    writer.space(0.08)
    rows = [
        [
            level.name,
            f"{level.readiness:.0f}%",
            buffer_text(level.buffer_days) or "No plan",
            level.exam.isoformat() if level.exam else "—",
            level.forecast_message or "—",
        ]
        for level in data.levels
    ]
    writer.table(LEVEL_COLUMNS, rows, size=9)


def _chart_page() -> tuple[Figure, Axes]:
    """Return a landscape A4 figure with one axes, leaving room at the bottom for the footer."""
    fig = new_figure(*A4_LANDSCAPE)
    fig.get_layout_engine().set(rect=(0.03, 0.05, 0.94, 0.9), w_pad=0.1, h_pad=0.1)
    return fig, fig.add_subplot()


def _charts(data: ReportData) -> Iterator[Figure]:
    """Yield one figure per chart: readiness per level with history, activity, breakdown, minutes."""
    for level in data.levels:
        series = data.series.get(level.level_id, [])
        if not series:
            continue
        fig, ax = _chart_page()
        subtitle = " · ".join(
            part for part in (buffer_text(level.buffer_days), level.forecast_message) if part
        )
        draw_readiness(
            ax,
            series,
            data.plans.get(level.level_id, []),
            data.forecasts.get(level.level_id),
            exam=data.exams.get(level.level_id) or level.exam,
            title=f"{level.name} readiness",
            subtitle=subtitle,
        )
        yield fig

    fig, ax = _chart_page()
    draw_activity(ax, data.finished_per_day, data.minutes_per_day, data.generated_on)
    yield fig

    fig, ax = _chart_page()
    draw_breakdown(ax, data.breakdown)
    yield fig

    fig, ax = _chart_page()
    draw_minutes(ax, weekly_minutes(data.minutes_per_day.items(), *_minutes_range(data)))
    yield fig


def _minutes_range(data: ReportData) -> tuple[date, date]:
    """Return the days the minutes chart covers: since the first session, within 12 to 52 weeks."""
    last = data.generated_on
    shortest, longest = (last - timedelta(weeks=weeks - 1) for weeks in MINUTES_WEEKS)
    earliest = min(data.minutes_per_day, default=last)
    return max(longest, min(shortest, earliest)), last


def _write_checklists(writer: PageWriter, rows: list[ChecklistRow]) -> None:
    """Write each level's checklist, grouped by kind, on fresh pages."""
    levels: dict[str, dict[str, list[ChecklistRow]]] = {}
    for row in rows:
        levels.setdefault(row.level_name, {}).setdefault(row.kind_label, []).append(row)
    for level_name, kinds in levels.items():
        writer.new_page()
        writer.text(f"{level_name} — checklist", size=15, bold=True)
        writer.space(0.15)
        for kind_label, items in kinds.items():
            writer.text(kind_label, size=11, bold=True, keep_with=0.6)
            writer.space(0.05)
            writer.table(CHECKLIST_COLUMNS, [_checklist_cells(item) for item in items])
            writer.space(0.25)


def _checklist_cells(row: ChecklistRow) -> list[str]:
    """Return a checklist row's cells as text."""
    confidence = f"{row.confidence}/5" if row.confidence is not None else "—"
    return [row.title, row.status.label, confidence, row.notes, row.evidence]

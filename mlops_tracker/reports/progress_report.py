"""Write the printable progress report: a summary, the charts and every checklist, as one PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages

from mlops_tracker.charts.export import atomic_file
from mlops_tracker.charts.theme import LIGHT
from mlops_tracker.domain.model import ReadinessPoint
from mlops_tracker.reports.chart_specs import CHARTS, ChartData, LevelSeries
from mlops_tracker.reports.data import ChecklistRow, LevelSummary, ReportData, buffer_text
from mlops_tracker.reports.layout import MUTED, Column, PageWriter, document_fonts, text_width

TITLE = "MLOps Tracker — progress report"
SUBTITLE_SIZE = 10  # points: a chart's "medium" subtitle at matplotlib's default 10-point font size
CHART_INSET = 0.7  # inches of the text width a chart's y axis labels take
MINUTES_WEEKS = (12, 52)  # the minutes chart shows at least 12 and at most 52 weeks

LEVEL_COLUMNS = (
    Column("Level", 1.3),
    Column("Readiness", 0.85),
    Column("Retained", 0.8),
    Column("Buffer", 1.25),
    Column("Exam", 0.95),
    Column("Forecast", 1.72),
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
    return lay_out_progress_report(data, path).pages


def lay_out_progress_report(data: ReportData, path: Path) -> PageWriter:
    """Write the report as a PDF at `path` and return the writer that laid it out (pages, text blocks)."""
    metadata = {"Title": TITLE, "Author": data.learner or "MLOps Tracker", "Creator": "MLOps Tracker"}
    footer = f"{TITLE} · {data.generated_on.isoformat()}"
    with (
        document_fonts(),
        atomic_file(Path(path)) as stream,
        PdfPages(stream, metadata=metadata) as pdf,
    ):
        writer = PageWriter(pdf, footer)
        _write_summary(writer, data)
        writer.charts(
            _charts(data, writer.width - CHART_INSET)
        )  # under the summary on page 1, then two to a page
        _write_checklists(writer, data.checklist)
        writer.finish()
    return writer


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
    rows = [
        [
            level.name,
            f"{level.readiness:.0f}%",
            f"{level.retained:.0f}%",
            buffer_text(level.buffer_days) or "No plan",
            level.exam.isoformat() if level.exam else "—",
            level.forecast_message or "—",
        ]
        for level in data.levels
    ]
    writer.text(
        "Levels", size=13, bold=True, keep_with=0.08 + writer.table_start(LEVEL_COLUMNS, rows, size=9)
    )
    writer.space(0.08)
    writer.table(LEVEL_COLUMNS, rows, size=9)
    writer.space(0.2)
    outlooks = [level for level in data.levels if level.outlook]
    if outlooks:
        writer.text("Exam outlook", size=13, bold=True, keep_with=0.4)
        writer.space(0.05)
        for level in outlooks:
            writer.text(f"{level.name}: {level.outlook}", size=9)
        writer.text(
            "Retained readiness is readiness with each item weighted by how likely you still recall it "
            f"(spaced reviews). The pass mark of {data.pass_mark}% is this app's assumption: "
            "the guide names none.",
            size=8,
            colour=MUTED,
        )


def _chart_subtitle(level: LevelSummary, width: float) -> str:
    """Return the buffer and the forecast under a readiness chart's title, or the buffer alone if too long.

    A subtitle is one line that constrained layout cannot wrap; the forecast is in the levels table anyway.
    """
    buffer = buffer_text(level.buffer_days)
    both = " · ".join(part for part in (buffer, level.forecast_message) if part)
    return both if text_width(both, SUBTITLE_SIZE) <= width else buffer


def _charts(data: ReportData, width: float) -> list[Callable[[Axes], object]]:
    """Return one drawing per chart of `CHARTS`: readiness per level with history, then the others."""
    first, _last = _minutes_range(data)
    shared = ChartData(
        today=data.generated_on,
        finished=data.finished_per_day,
        minutes=data.minutes_per_day,
        breakdown=data.breakdown,
        minutes_first=first,
        practice=data.practice,
        pass_mark=data.pass_mark,
    )
    draws: list[Callable[[Axes], object]] = []
    for spec in CHARTS:
        if spec.name == "practice" and not data.practice:
            continue  # no practice exam yet: an empty chart would say nothing the summary does not
        if not spec.per_level:
            draws.append(lambda ax, spec=spec: spec.draw(ax, shared, LIGHT))
        elif spec.name == "readiness":
            for level in data.levels:
                series = data.series.get(level.level_id, [])
                if series:
                    one = shared._replace(level=_series(data, level, series, width))
                    draws.append(lambda ax, spec=spec, one=one: spec.draw(ax, one, LIGHT))
        else:
            draws.append(lambda ax, spec=spec: spec.draw(ax, shared, LIGHT))
    return draws


def _series(data: ReportData, level: LevelSummary, series: list[ReadinessPoint], width: float) -> LevelSeries:
    return LevelSeries(
        level.name,
        series,
        data.plans.get(level.level_id, []),
        data.forecasts.get(level.level_id),
        data.exams.get(level.level_id) or level.exam,
        _chart_subtitle(level, width),
        data.retained.get(level.level_id, []),
        data.schedules.get(level.level_id, []),
    )


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
            cells = [_checklist_cells(item) for item in items]
            # the heading goes with the table's heading row and its first row
            writer.text(
                kind_label, size=11, bold=True, keep_with=0.05 + writer.table_start(CHECKLIST_COLUMNS, cells)
            )
            writer.space(0.05)
            writer.table(CHECKLIST_COLUMNS, cells)
            writer.space(0.25)


def _checklist_cells(row: ChecklistRow) -> list[str]:
    """Return a checklist row's cells as text."""
    confidence = f"{row.confidence}/5" if row.confidence is not None else "—"
    return [row.title, row.status.label, confidence, row.notes, row.evidence]

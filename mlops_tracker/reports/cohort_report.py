"""Write a trainer's cohort as a printable PDF: one table row per learner and level."""

from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages

from mlops_tracker.charts.export import atomic_file
from mlops_tracker.core.cohort import CohortView, plan_text
from mlops_tracker.reports.layout import MUTED, Column, PageWriter, document_fonts

TITLE = "MLOps Tracker — cohort report"
COLUMNS = (  # 6.87 in, an A4 page inside its margins; a date needs 0.82 in at 8.5 pt to stay on one line
    Column("Learner", 1.2),
    Column("Level", 0.85),
    Column("Ready", 0.5),
    Column("Retained", 0.72),
    Column("Plan", 1.14),
    Column("Exam", 0.82),
    Column("Forecast", 0.82),
    Column("Last activity", 0.82),
)


def cohort_rows(view: CohortView) -> list[list[str]]:
    """Return the report's table: a row per learner and level (a learner without progress gets one).

    Retained is "—" while a learner has answered no self-check, as on the Cohort page.
    """
    rows = []
    for learner in view.learners:
        seen = learner.last_activity.date().isoformat() if learner.last_activity else "never"
        if not learner.levels:
            rows.append([learner.name, "—", "—", "—", "—", "—", "—", seen])
        for level in learner.levels:
            if level.passed_on is not None:
                outlook = f"passed {level.passed_on.isoformat()}"
            elif level.ready_on is None:
                outlook = "no recent pace"
            else:
                outlook = level.ready_on.isoformat()
                if level.on_time is not None:
                    outlook += " (on time)" if level.on_time else " (late)"
            rows.append([
                learner.name, level.name, f"{level.readiness:.0f}%",
                "—" if level.retained is None else f"{level.retained:.0f}%", plan_text(level),
                level.exam.isoformat() if level.exam else "—", outlook, seen,
            ])  # fmt: skip
    return rows


def write_cohort_report(view: CohortView, path: Path) -> Path:
    """Write the cohort as a PDF at `path` (atomically) and return the path."""
    metadata = {"Title": TITLE, "Author": "MLOps Tracker", "Creator": "MLOps Tracker"}
    footer = f"{TITLE} · {view.today.isoformat()}"
    with document_fonts(), atomic_file(Path(path)) as stream, PdfPages(stream, metadata=metadata) as pdf:
        writer = PageWriter(pdf, footer)
        writer.text(TITLE, size=20, bold=True)
        writer.space(0.08)
        writer.text(
            f"Cohort {view.cohort or '—'} · {len(view.learners)} learners · {view.today.isoformat()}",
            size=10,
            colour=MUTED,
        )
        writer.space(0.3)
        rows = cohort_rows(view)
        if rows:
            writer.table(COLUMNS, rows, size=8.5)
        else:
            writer.text("No learner in this cohort yet.")
        writer.finish()
    return Path(path)

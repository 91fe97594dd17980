"""Write the portfolio of finished projects with their evidence, as Markdown or PDF."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages

from mlops_tracker.charts.export import atomic_file
from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.reports.data import FinishedProject, ReportData
from mlops_tracker.reports.layout import INK, MUTED, PageWriter, line_height, wrap
from mlops_tracker.reports.progress_report import PDF_RC, long_date

TITLE = "Portfolio of finished projects"
INTRO = (
    "Real-world projects finished while preparing for the Certified MLOps Manager certification, "
    "each with its evidence."
)
EMPTY = (
    "No finished projects yet… Mark a project done and add its evidence (a link, a file or a note), "
    "and it will appear here."
)
LINK_COLOUR = "#0072B2"
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def looks_like_url(text: str) -> bool:
    """Return whether evidence is a web address rather than a file path or a note."""
    return bool(_URL.match(text.strip()))


def _href(url: str) -> str:
    """Return a link target, adding the scheme to a bare www address."""
    url = url.strip()
    return url if "://" in url else f"https://{url}"


def _escape(text: str) -> str:
    """Escape the characters Markdown would read as formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _byline(project: FinishedProject) -> str:
    """Return "Foundation · finished 20 November 2026" (without the date when unknown)."""
    if project.finished_on is None:
        return project.level_name
    return f"{project.level_name} · finished {long_date(project.finished_on)}"


def _evidence_markdown(evidence: str) -> str:
    """Return evidence as a Markdown link when it is a URL, else as code (a path) or text."""
    evidence = evidence.strip()
    if looks_like_url(evidence):
        href = _href(evidence)
        if "(" in href or ")" in href:
            return f"<{href}>"
        return f"[{_escape(evidence)}]({href})"
    if "\n" in evidence or "`" in evidence:
        return _escape(evidence)
    return f"`{evidence}`"


def portfolio_markdown(data: ReportData) -> str:
    """Return the portfolio as a Markdown document."""
    lines = [f"# {TITLE}", ""]
    byline = f"Generated on {long_date(data.generated_on)}"
    if data.learner:
        byline = f"{_escape(data.learner)} · {byline}"
    lines += [f"*{byline}*", "", INTRO, ""]
    if not data.projects:
        lines += [EMPTY, ""]
    for project in data.projects:
        lines += [f"## {_escape(project.title)}", "", f"*{_escape(_byline(project))}*", ""]
        if project.evidence.strip():
            lines += [f"**Evidence:** {_evidence_markdown(project.evidence)}", ""]
        if project.notes.strip():
            lines += [project.notes.strip(), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_portfolio(data: ReportData, path: Path) -> int:
    """Write the portfolio as .md or .pdf (by suffix) and return the pages written (1 for Markdown)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".md":
        with atomic_file(path) as stream:
            stream.write(portfolio_markdown(data).encode("utf-8"))
        return 1
    if suffix == ".pdf":
        return _write_pdf(data, path)
    raise InvalidInput(f"Cannot write the portfolio to '{path.name}': use .md or .pdf.")


def _write_pdf(data: ReportData, path: Path) -> int:
    """Write the portfolio as a PDF, one block per project, and return its page count."""
    metadata = {"Title": TITLE, "Author": data.learner or "MLOps Tracker", "Creator": "MLOps Tracker"}
    with (
        matplotlib.rc_context(PDF_RC),
        atomic_file(path) as stream,
        PdfPages(stream, metadata=metadata) as pdf,
    ):
        writer = PageWriter(pdf, f"MLOps Tracker — {TITLE.lower()} · {data.generated_on.isoformat()}")
        writer.text(TITLE, size=20, bold=True)
        writer.space(0.08)
        byline = f"Generated on {long_date(data.generated_on)}"
        writer.text(f"{data.learner} · {byline}" if data.learner else byline, colour=MUTED)
        writer.space(0.2)
        writer.text(INTRO)
        writer.space(0.3)
        if not data.projects:
            writer.text(EMPTY, colour=MUTED)
        for project in data.projects:
            _write_project(writer, project)
        pages = writer.finish()
    return pages


def _write_project(writer: PageWriter, project: FinishedProject) -> None:
    """Write one project's block, kept on one page when it fits."""
    evidence = project.evidence.strip()
    notes = project.notes.strip()
    block = line_height(13) * len(wrap(project.title, writer.width, 13)) + 3 * line_height(10)
    block += line_height(10) * (len(wrap(evidence, writer.width, 10)) + len(wrap(notes, writer.width, 10)))
    writer.keep(min(block + 0.5, 4.0))  # a long block may still break, but never right after its title
    writer.rule()
    writer.space(0.12)
    writer.text(project.title, size=13, bold=True)
    writer.text(_byline(project), size=9, colour=MUTED)
    writer.space(0.08)
    if evidence:
        url = _href(evidence) if looks_like_url(evidence) else None
        writer.text(f"Evidence: {evidence}", colour=LINK_COLOUR if url else INK, url=url)
    if notes:
        writer.space(0.05)
        writer.text(notes)
    writer.space(0.25)

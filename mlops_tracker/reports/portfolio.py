"""Write the portfolio of finished projects with their evidence, as Markdown or PDF."""

from __future__ import annotations

import re
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages

from mlops_tracker.charts.export import atomic_file
from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.links import web_link
from mlops_tracker.reports.data import FinishedProject, ReportData
from mlops_tracker.reports.layout import INK, MUTED, PageWriter, document_fonts, line_height, wrap
from mlops_tracker.reports.progress_report import long_date

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
# every character Markdown (CommonMark, and GitHub's tables, strikethrough and $math$) may read as
# formatting, HTML or an entity, wherever it stands in a line
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!$])")
# what starts a block at the beginning of a line: a list item, a quote, a setext underline, an ordered item
_LINE_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")


def _escape(text: str) -> str:
    """Return one line of the learner's text as literal Markdown (line breaks become spaces)."""
    return _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _escape_line(line: str) -> str:
    line = _INLINE_SPECIAL.sub(r"\\\1", line.strip())  # leading blanks would make a code block
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group(1).isdigit():  # "1. " would number a list: escape its dot or parenthesis
        end = match.end()
        return f"{line[:end]}\\{line[end:]}"
    return f"\\{line}"


def escape_block(text: str) -> str:
    """Return the learner's multi-line text (notes) as literal Markdown, keeping its line breaks."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    blocks = []
    for paragraph in paragraphs:
        lines = [_escape_line(line) for line in paragraph.splitlines() if line.strip()]
        blocks.append("\\\n".join(lines))  # a backslash at the end of a line is a hard line break
    return "\n\n".join(block for block in blocks if block)


def _link_target(url: str) -> str:
    """Return a link destination that nothing in the URL can end early (the URL holds no blanks)."""
    if not any(char in url for char in "()<>"):
        return url
    return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"


def _byline(project: FinishedProject) -> str:
    """Return "Foundation · finished 20 November 2026" (without the date when unknown)."""
    if project.finished_on is None:
        return project.level_name
    return f"{project.level_name} · finished {long_date(project.finished_on)}"


def _evidence_markdown(evidence: str) -> str:
    """Return evidence as a Markdown link when it is an http(s) link, else as code (a path) or text."""
    evidence = evidence.strip()
    url = web_link(evidence)
    if url is not None:
        return f"[{_escape(evidence)}]({_link_target(url)})"
    if "\n" in evidence or "`" in evidence:
        return escape_block(evidence)
    return f"`{evidence}`"  # a code span shows its content as written: no HTML, no formatting


def portfolio_markdown(data: ReportData) -> str:
    """Return the portfolio as a Markdown document; the learner's text is escaped, never read as Markdown."""
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
            lines += [escape_block(project.notes), ""]
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
        return lay_out_portfolio(data, path).pages
    raise InvalidInput(f"Cannot write the portfolio to '{path.name}': use .md or .pdf.")


def lay_out_portfolio(data: ReportData, path: Path) -> PageWriter:
    """Write the portfolio as a PDF, one block per project, and return the writer that laid it out."""
    metadata = {"Title": TITLE, "Author": data.learner or "MLOps Tracker", "Creator": "MLOps Tracker"}
    with (
        document_fonts(),
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
        writer.finish()
    return writer


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
        url = web_link(evidence)  # only http and https become links: the rule "Open" follows
        writer.text(f"Evidence: {evidence}", colour=LINK_COLOUR if url else INK, url=url)
    if notes:
        writer.space(0.05)
        writer.text(notes)
    writer.space(0.25)

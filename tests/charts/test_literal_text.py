"""Text is never mathtext, and Markdown output escapes the learner's text: hostile notes print as typed."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

import matplotlib
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from mlops_tracker.charts.activity import draw_activity
from mlops_tracker.charts.breakdown import draw_breakdown
from mlops_tracker.charts.export import new_figure
from mlops_tracker.charts.minutes import draw_minutes
from mlops_tracker.charts.readiness import draw_readiness
from mlops_tracker.domain.model import ReadinessPoint, Status
from mlops_tracker.reports.data import ChecklistRow, FinishedProject
from mlops_tracker.reports.portfolio import escape_block, portfolio_markdown, write_portfolio
from mlops_tracker.reports.progress_report import write_progress_report
from tests.charts.test_reports import TODAY, pdf_text, report_data

MATH = ["$\\frac{a}{$", "$x$", "100$ and 200$"]
HOSTILE_NOTES = "\n".join(MATH)


def hostile_data():  # type: ignore[no-untyped-def]
    """Return report data whose notes, evidence, titles and learner would break mathtext."""
    data = report_data(
        projects=[FinishedProject("Foundation", "Cost $x$ model", "/tmp/$x$.pdf", HOSTILE_NOTES, TODAY)]
    )
    data.checklist.append(
        ChecklistRow("Foundation", "Skills", "Pricing 100$ and 200$", Status.DONE, notes=HOSTILE_NOTES)
    )
    return dataclasses.replace(data, learner="Ada $\\frac{a}{$")


def test_the_report_prints_mathtext_notes_as_typed(tmp_path) -> None:
    target = tmp_path / "report.pdf"
    with matplotlib.rc_context({"pdf.compression": 0}):
        write_progress_report(hostile_data(), target)
    text = pdf_text(target.read_bytes())
    for literal in [*MATH, "Pricing 100$ and 200$", "Ada $\\frac{a}{$"]:
        assert literal in text


def test_the_portfolio_pdf_prints_mathtext_notes_as_typed(tmp_path) -> None:
    target = tmp_path / "portfolio.pdf"
    with matplotlib.rc_context({"pdf.compression": 0}):
        write_portfolio(hostile_data(), target)
    text = pdf_text(target.read_bytes())
    for literal in [*MATH, "Cost $x$ model", "Evidence: /tmp/$x$.pdf", "Ada $\\frac{a}{$"]:
        assert literal in text


def test_writing_a_document_leaves_the_global_settings_alone(tmp_path) -> None:
    before = matplotlib.rcParams["text.parse_math"]
    write_portfolio(hostile_data(), tmp_path / "portfolio.pdf")
    write_progress_report(hostile_data(), tmp_path / "report.pdf")
    assert matplotlib.rcParams["text.parse_math"] == before


def texts_of(fig: Figure) -> list[Text]:
    """Return every text artist of a figure."""
    return [text for text in fig.findobj(Text) if text.get_text()]


def drawn(draw) -> Figure:  # type: ignore[no-untyped-def]
    """Return a figure a chart function drew on, rendered once (which would raise on bad mathtext)."""
    fig = new_figure()
    draw(fig.add_subplot())
    fig.canvas.draw()
    return fig


@pytest.mark.parametrize("title", MATH)
def test_charts_draw_titles_labels_and_legends_literally(title: str) -> None:
    day = date(2026, 11, 1)
    series = [ReadinessPoint(day + timedelta(days=i), 10.0 * i) for i in range(5)]
    figures = [
        drawn(lambda ax: draw_readiness(ax, series, series, title=title, subtitle=title)),
        drawn(lambda ax: draw_readiness(ax, [], title=title, subtitle=title)),  # the early return
        drawn(lambda ax: draw_breakdown(ax, {title: {Status.DONE: 2}, "Other": {}}, title=title)),
        drawn(lambda ax: draw_breakdown(ax, {}, title=title)),
        drawn(lambda ax: draw_activity(ax, {day: 1}, {day: 30}, day, title=title)),
        drawn(lambda ax: draw_minutes(ax, [(day, 30)], title=title)),
    ]
    for fig in figures:
        texts = texts_of(fig)
        assert title in [text.get_text() for text in texts]
        assert not any(text.get_parse_math() for text in texts)


def test_the_window_s_figures_keep_their_own_setting() -> None:
    fig = drawn(lambda ax: draw_minutes(ax, [], title="$x$"))
    assert matplotlib.rcParams["text.parse_math"] is True  # nothing global was switched off
    other = Figure()
    assert other.text(0, 0, "$x$").get_parse_math() is True
    assert fig is not other


# ---- Markdown --------------------------------------------------------------------------------------


HOSTILE_MARKDOWN = [
    "<h1>Big</h1>",
    "# Heading",
    "*bold* and _it_",
    "[x](javascript:alert(1))",
    "`code`",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&lt;h1&gt;",
    "> quoted",
    "- item",
    "+ item",
    "1. first",
    "2) second",
    "---",
    "===",
    "    indented code",
    "| a | b |",
    "~~gone~~",
    "$x$",
    "![img](http://example.org/x.png)",
    "[ref]: javascript:alert(1)",
    "<https://example.org>",
]


def render_like_commonmark(markdown: str) -> str:
    """Return what a CommonMark renderer shows of escaped text: escapes resolved, hard breaks kept."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown.replace("\\\n", "\n"))


@pytest.mark.parametrize("note", HOSTILE_MARKDOWN)
def test_a_hostile_note_is_escaped_in_markdown(note: str) -> None:
    project = FinishedProject("Foundation", "Project", "", note, TODAY)
    markdown = portfolio_markdown(report_data(projects=[project]))
    block = escape_block(note)
    assert block in markdown
    assert render_like_commonmark(block) == note.strip()
    first = block[0]
    assert first == "\\" or first.isalnum()  # no line starts a heading, list, quote, HTML or code block
    for special in "<>*_[]`#|~&$!":
        assert re.search(rf"(?<!\\){re.escape(special)}", block) is None, special


def test_notes_keep_their_lines_and_paragraphs() -> None:
    note = "first line\n# not a heading\n\nsecond <b>paragraph</b>\n  - not a list"
    block = escape_block(note)
    assert block.split("\n\n") == [
        "first line\\\n\\# not a heading",
        "second \\<b\\>paragraph\\</b\\>\\\n\\- not a list",
    ]


def test_titles_learner_and_evidence_are_escaped() -> None:
    project = FinishedProject("Foundation", "<h1>Title</h1>", "<b>not a link</b>", "", TODAY)
    data = dataclasses.replace(report_data(projects=[project]), learner="Ada\n# Lovelace <i>")
    markdown = portfolio_markdown(data)
    assert "## \\<h1\\>Title\\</h1\\>" in markdown
    assert "*Ada \\# Lovelace \\<i\\> · Generated on" in markdown
    assert "**Evidence:** `<b>not a link</b>`" in markdown  # a code span shows it as written
    assert "<h1>" not in markdown.replace("`<b>not a link</b>`", "")


@pytest.mark.parametrize(
    "evidence",
    [
        "javascript:alert(1)",
        "smb://host/share",
        "file:///usr/bin/xterm",
        "www.example.org",
        "data:text/html,x",
    ],
)
def test_only_http_evidence_becomes_a_link(evidence: str) -> None:
    project = FinishedProject("Foundation", "Project", evidence, "", TODAY)
    markdown = portfolio_markdown(report_data(projects=[project]))
    assert f"**Evidence:** `{evidence}`" in markdown
    assert "](" not in markdown


def test_http_evidence_is_a_link_that_cannot_break_out() -> None:
    for evidence, expected in [
        ("https://example.org/a", "[https://example.org/a](https://example.org/a)"),
        ("HTTPS://example.org/(x)", "[HTTPS://example.org/(x)](<https://example.org/(x)>)"),
        ("https://example.org/<b>", "[https://example.org/\\<b\\>](<https://example.org/%3Cb%3E>)"),
    ]:
        project = FinishedProject("Foundation", "Project", evidence, "", TODAY)
        assert f"**Evidence:** {expected}" in portfolio_markdown(report_data(projects=[project]))


def test_multi_line_evidence_is_escaped_text() -> None:
    project = FinishedProject("Foundation", "Project", "see `this`\n<h1>x</h1>", "", TODAY)
    markdown = portfolio_markdown(report_data(projects=[project]))
    assert "**Evidence:** see \\`this\\`\\\n\\<h1\\>x\\</h1\\>" in markdown


def test_the_portfolio_pdf_links_only_http_evidence(tmp_path) -> None:
    projects = [
        FinishedProject("Foundation", "Web", "https://example.org/p", "", TODAY),
        FinishedProject("Foundation", "Script", "javascript:alert(1)", "", TODAY),
        FinishedProject("Foundation", "Share", "smb://host/share", "", TODAY),
    ]
    target = tmp_path / "portfolio.pdf"
    with matplotlib.rc_context({"pdf.compression": 0}):
        write_portfolio(report_data(projects=projects), target)
    data = target.read_bytes()
    assert re.findall(rb"/URI \(([^)]*)\)", data) == [b"https://example.org/p"]
    assert "Evidence: javascript:alert(1)" in pdf_text(data)

"""The progress report and the portfolio: real PDFs and Markdown with the learner's text in them."""

from __future__ import annotations

import re
import zlib
from datetime import date, timedelta

import matplotlib
import pytest

from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.model import ReadinessPoint, Status
from mlops_tracker.reports.data import ChecklistRow, FinishedProject, LevelSummary, ReportData, buffer_text
from mlops_tracker.reports.portfolio import EMPTY, portfolio_markdown, write_portfolio
from mlops_tracker.reports.progress_report import write_progress_report

TODAY = date(2026, 11, 20)
PAGE = re.compile(rb"/Type\s*/Page\b")
PROJECTS = [
    FinishedProject(
        "Foundation",
        "Reproducible training pipeline",
        "https://github.com/example/pipeline",
        "Used DVC and MLflow.",
        TODAY - timedelta(days=3),
    ),
    FinishedProject("Professional", "Drift monitoring dashboard", "/home/me/monitoring.pdf", "", None),
]


def report_data(*, rows: int = 6, projects: list[FinishedProject] | None = None) -> ReportData:
    """Return report data for two levels, one of them with history."""
    series = [ReadinessPoint(TODAY - timedelta(days=9 - i), i * 5.0) for i in range(10)]
    plan = [ReadinessPoint(TODAY - timedelta(days=9 - i), i * 6.0) for i in range(17)]
    checklist = [
        ChecklistRow(
            "Foundation",
            "Skills",
            f"Skill number {i}",
            Status.DONE if i % 2 else Status.TODO,
            notes="Practised with a small example " * (i % 3),
            evidence="",
            confidence=(i % 5) + 1,
        )
        for i in range(rows)
    ]
    checklist.append(ChecklistRow("Professional", "Projects", "Canary release", Status.IN_PROGRESS))
    return ReportData(
        generated_on=TODAY,
        overall=37.5,
        levels=[
            LevelSummary("foundation", "Foundation", 45.0, -3, "Ready on 2026-12-30", date(2026, 12, 20)),
            LevelSummary("professional", "Professional", 30.0, None, "Not enough activity to forecast", None),
        ],
        checklist=checklist,
        projects=PROJECTS if projects is None else projects,
        series={"foundation": series},
        plans={"foundation": plan},
        exams={"foundation": date(2026, 12, 20)},
        finished_per_day={TODAY - timedelta(days=2): 2},
        minutes_per_day={TODAY - timedelta(days=2): 60, TODAY - timedelta(days=30): 25},
        breakdown={"Foundation": {Status.DONE: 3, Status.TODO: 3}, "Professional": {Status.IN_PROGRESS: 1}},
        learner="Ada Lovelace",
    )


def _objects(data: bytes) -> dict[int, bytes]:
    """Return each PDF object's body by number, streams inflated."""
    objects = {}
    for number, body in re.findall(rb"(\d+) 0 obj\s(.*?)endobj", data, re.S):
        stream = re.search(rb"stream\r?\n(.*)\r?\nendstream", body, re.S)
        if stream:
            try:
                body = zlib.decompress(stream.group(1))
            except zlib.error:
                body = stream.group(1)
        objects[int(number)] = body
    return objects


def _to_unicode(cmap: bytes) -> dict[int, str]:
    """Return a ToUnicode CMap's code → text map (bfchar and bfrange, as matplotlib writes them)."""

    def text(hex_: bytes) -> str:
        return bytes.fromhex(hex_.decode()).decode("utf-16-be")

    mapping: dict[int, str] = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, target in re.findall(rb"<(\w+)>\s*<(\w+)>", section):
            mapping[int(code, 16)] = text(target)
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, targets in re.findall(rb"<(\w+)>\s*<(\w+)>\s*(\[[^\]]*\]|<\w+>)", section):
            codes = range(int(low, 16), int(high, 16) + 1)
            if targets.startswith(b"["):
                mapping.update(zip(codes, map(text, re.findall(rb"<(\w+)>", targets)), strict=True))
            else:
                first = ord(text(targets.strip(b"<>")))
                mapping.update((code, chr(first + offset)) for offset, code in enumerate(codes))
    return mapping


def _unescape(literal: bytes) -> bytes:
    """Return a PDF literal string's bytes."""
    return re.sub(
        rb"\\(.)", lambda m: {b"n": b"\n", b"r": b"\r"}.get(m.group(1), m.group(1)), literal, flags=re.S
    )


def pdf_text(data: bytes) -> str:
    """Return the text a PDF shows, decoded through its fonts' ToUnicode maps (Type 0 fonts, 2-byte codes)."""
    objects = _objects(data)
    fonts: dict[bytes, dict[int, str]] = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", data):
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects.get(int(number), b""))
        fonts[name] = _to_unicode(objects[int(to_unicode.group(1))]) if to_unicode else {}
    shown: list[str] = []
    for body in objects.values():
        font: dict[int, str] = {}
        for name, array in re.findall(rb"/(F\d+) [\d.]+ Tf|\[((?:\\.|[^\]\\])*)\]\s*TJ", body, re.S):
            if name:
                font = fonts.get(name, {})
                continue
            raw = b"".join(_unescape(s) for s in re.findall(rb"\(((?:\\.|[^\\)])*)\)", array, re.S))
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
            shown.append("".join(font.get(code, chr(code)) for code in codes))
    return "".join(shown)


def page_count(data: bytes) -> int:
    """Return how many pages a PDF holds."""
    return len(PAGE.findall(data))


def test_report_pages_match_the_returned_count_and_hold_every_chart(tmp_path):
    target = tmp_path / "report.pdf"
    pages = write_progress_report(report_data(), target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert page_count(data) == pages
    # page 1: the summary and the first chart; two charts to a page after; a checklist page per level
    charts = 1 + 3  # readiness of the one level with history, activity, breakdown, minutes
    assert pages == 1 + (charts - 1 + 1) // 2 + 2
    assert [path.name for path in tmp_path.iterdir()] == ["report.pdf"]


def test_report_text_is_searchable(tmp_path):
    target = tmp_path / "report.pdf"
    with matplotlib.rc_context({"pdf.compression": 0}):
        write_progress_report(report_data(), target)
    data = target.read_bytes()
    text = pdf_text(data)
    for expected in (
        "MLOps Tracker — progress report",
        "Overall readiness: 38%",
        "3 days behind plan",
        "Ready on 2026-12-30",
        "Skill number 3",
        "Canary release",
        "In progress",
    ):
        assert expected in text
    assert "MLOps Tracker — progress report".encode("utf-16-be") in data  # the /Title, as UTF-16 for the dash
    assert b"/Author (Ada Lovelace)" in data


def test_long_checklists_run_over_several_pages(tmp_path):
    short = write_progress_report(report_data(rows=5), tmp_path / "short.pdf")
    long = write_progress_report(report_data(rows=120), tmp_path / "long.pdf")
    assert long - short >= 2
    assert page_count((tmp_path / "long.pdf").read_bytes()) == long


def test_report_without_levels_still_has_a_summary_and_charts(tmp_path):
    empty = ReportData(generated_on=TODAY, overall=0.0)
    pages = write_progress_report(empty, tmp_path / "empty.pdf")
    assert pages == 2  # the summary with the activity chart, then breakdown and minutes


def test_buffer_is_said_in_words():
    assert buffer_text(-3) == "3 days behind plan"
    assert buffer_text(1) == "1 day ahead of plan"
    assert buffer_text(0) == "On plan"
    assert buffer_text(None) == ""


def test_portfolio_markdown_lists_projects_with_links():
    markdown = portfolio_markdown(report_data())
    assert markdown.startswith("# ")
    assert "## Reproducible training pipeline" in markdown
    assert "## Drift monitoring dashboard" in markdown
    assert "[https://github.com/example/pipeline](https://github.com/example/pipeline)" in markdown
    assert "`/home/me/monitoring.pdf`" in markdown
    assert "17 November 2026" in markdown
    assert "Used DVC and MLflow." in markdown


def test_portfolio_markdown_escapes_titles():
    project = FinishedProject("Foundation", "Serve *all* models_v2", "", "", None)
    assert "## Serve \\*all\\* models\\_v2" in portfolio_markdown(report_data(projects=[project]))


def test_empty_portfolio_says_so(tmp_path):
    data = report_data(projects=[])
    assert EMPTY in portfolio_markdown(data)
    assert EMPTY.startswith("No finished projects yet")
    with matplotlib.rc_context({"pdf.compression": 0}):
        pages = write_portfolio(data, tmp_path / "portfolio.pdf")
    assert pages == 1
    assert "No finished projects yet" in pdf_text((tmp_path / "portfolio.pdf").read_bytes())


def test_write_portfolio_markdown(tmp_path):
    target = tmp_path / "portfolio.md"
    assert write_portfolio(report_data(), target) == 1
    assert target.read_text(encoding="utf-8") == portfolio_markdown(report_data())


def test_write_portfolio_pdf_holds_the_titles(tmp_path):
    target = tmp_path / "portfolio.pdf"
    with matplotlib.rc_context({"pdf.compression": 0}):
        pages = write_portfolio(report_data(), target)
    data = target.read_bytes()
    assert page_count(data) == pages == 1
    text = pdf_text(data)
    assert "Reproducible training pipeline" in text and "Drift monitoring dashboard" in text
    assert b"/URI (https://github.com/example/pipeline)" in data  # the evidence is a clickable link


def test_many_projects_need_more_pages(tmp_path):
    projects = [FinishedProject("Foundation", f"Project {i}", "", "A note " * 60, TODAY) for i in range(20)]
    target = tmp_path / "portfolio.pdf"
    pages = write_portfolio(report_data(projects=projects), target)
    assert pages > 1 and page_count(target.read_bytes()) == pages


def test_write_portfolio_rejects_other_suffixes(tmp_path):
    with pytest.raises(InvalidInput, match=r"use \.md or \.pdf"):
        write_portfolio(report_data(), tmp_path / "portfolio.docx")


def test_the_report_draws_each_level_s_forecast_line(tmp_path, monkeypatch):
    from mlops_tracker.charts import readiness

    drawn = []
    real = readiness.draw_readiness

    def spy(ax, series, plan=(), forecast=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(forecast)
        real(ax, series, plan, forecast, *args, **kwargs)

    monkeypatch.setattr(readiness, "draw_readiness", spy)  # the chart list draws it, whoever asks
    data = report_data()
    line = (TODAY, 45.0, date(2026, 12, 30))
    data.forecasts["foundation"] = line
    write_progress_report(data, tmp_path / "with-forecast.pdf")
    assert drawn == [line]

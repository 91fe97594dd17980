"""Reports that hold any text: long notes continue on the next page, every script prints, nothing is cut.

The PDFs are read back with pypdf; where a block sits on its page comes from the layout's own measurements.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import matplotlib
import pytest
from pypdf import PdfReader

from mlops_tracker.charts.theme import font_families, font_package
from mlops_tracker.domain.model import ReadinessPoint, Status
from mlops_tracker.reports.data import ChecklistRow, FinishedProject, LevelSummary, ReportData
from mlops_tracker.reports.layout import FOOTER_HEIGHT, MARGIN, PAGE, PageWriter, document_fonts
from mlops_tracker.reports.portfolio import lay_out_portfolio
from mlops_tracker.reports.progress_report import CHECKLIST_COLUMNS, lay_out_progress_report

TODAY = date(2026, 11, 20)
POINTS = 72
SLACK = 0.01  # inches of rounding allowed when comparing measured positions


def numbered_note(length: int) -> str:
    """Return a note of about `length` characters whose words are numbered, so their order can be checked."""
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < length:
        words.append(f"step{len(words):05d}")
    return " ".join(words)


NOTE_1800 = numbered_note(1_800)
NOTE_20000 = numbered_note(20_000)
# (sample, the family that draws it); the test of a script is skipped when its family is not installed
SCRIPTS = {
    "japanese": ("日本語のノート：毎週モデルを再学習する", "Noto Sans CJK JP"),
    "chinese": ("中文笔记：每周重新训练模型", "Noto Sans CJK JP"),
    "korean": ("한국어 메모: 매주 모델 재학습", "Noto Sans CJK JP"),
    "hindi": ("हिन्दी नोट्स मॉडल प्रशिक्षण", "Noto Sans Devanagari"),
    "arabic": ("ملاحظات عربية عن تدريب النموذج", "Noto Sans Arabic"),
    "emoji": ("Shipped it 🚀✅🎉", "Symbola"),
}


def _require(family: str) -> None:
    """Skip unless the family is installed, naming the Debian package that installs it."""
    if family not in font_families():
        pytest.skip(f"the font '{family}' is not installed: apt-get install {font_package(family)}")


def report_data(notes: list[str], *, learner: str = "Ada Lovelace") -> ReportData:
    """Return report data whose checklist and portfolio carry each note."""
    series = [ReadinessPoint(TODAY - timedelta(days=9 - i), i * 5.0) for i in range(10)]
    checklist = [
        ChecklistRow("Foundation", "Skills", f"Skill {i}", Status.DONE, notes=note, confidence=3)
        for i, note in enumerate(notes)
    ]
    checklist += [
        ChecklistRow("Foundation", "Projects", f"Project {i}", Status.TODO, notes="short") for i in range(3)
    ]
    projects = [
        FinishedProject("Foundation", f"Project {i}", "", note, TODAY) for i, note in enumerate(notes)
    ]
    return ReportData(
        generated_on=TODAY,
        overall=42.0,
        levels=[LevelSummary("foundation", "Foundation", 45.0, -3, "Ready on 2026-12-30", None)],
        checklist=checklist,
        projects=projects,
        series={"foundation": series},
        finished_per_day={TODAY: 1},
        minutes_per_day={TODAY: 30},
        breakdown={"Foundation": {Status.DONE: len(notes), Status.TODO: 3}},
        learner=learner,
    )


def page_texts(path: Path) -> list[str]:
    """Return the text of each page, as pypdf extracts it."""
    return [page.extract_text() for page in PdfReader(path).pages]


def squash(text: str) -> str:
    """Return the text without white space (line breaks fall where the wrapping put them)."""
    return "".join(text.split())


def read_in_order(note: str, pages: list[str]) -> Iterator[int]:
    """Yield the pages the note runs over, checking it is all there, in order, part after part."""
    rest = squash(note)
    for number, page in enumerate(pages, start=1):
        text = squash(page)
        low, high = 0, len(rest)  # the longest start of the rest this page holds
        while low < high:
            middle = (low + high + 1) // 2
            if rest[:middle] in text:
                low = middle
            else:
                high = middle - 1
        if low:
            yield number
            rest = rest[low:]
        if not rest:
            return
    raise AssertionError(f"the note is cut: {rest[:60]!r}… is missing")


def assert_nothing_cut(writer: PageWriter) -> None:
    """Check every text block lies within its page's text area and its column, above the footer."""
    assert writer.blocks
    top, bottom = PAGE[1] - MARGIN, MARGIN + FOOTER_HEIGHT
    for block in writer.blocks:
        where = f"page {block.page}: {block.text[:40]!r}"
        assert block.left >= MARGIN - SLACK, where
        assert block.left + block.width <= block.right + SLACK, where
        assert block.right <= PAGE[0] - MARGIN + SLACK, where
        assert block.top <= top + SLACK, where
        assert block.top - block.height >= bottom - SLACK, where


def assert_text_within_margins(path: Path) -> None:
    """Check, from the PDF itself, that every line starts inside the margins and above the footer."""
    for number, page in enumerate(PdfReader(path).pages, start=1):
        starts: list[tuple[float, float, str]] = []

        def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            if text.strip():
                starts.append((cm[4] + tm[4], cm[5] + tm[5], text))  # noqa: B023 - used at once

        page.extract_text(visitor_text=seen)
        footer = min(y for _, y, _ in starts)
        for x, y, text in starts:
            where = f"page {number}: {text[:30]!r} at ({x:.0f}, {y:.0f})"
            assert (MARGIN - SLACK) * POINTS <= x <= (PAGE[0] - MARGIN) * POINTS, where
            assert y <= (PAGE[1] - MARGIN) * POINTS, where
            assert y == footer or y >= (MARGIN + FOOTER_HEIGHT) * POINTS - 3, where  # 3 pt of descent


def assert_no_lonely_heading(writer: PageWriter) -> None:
    """Check no page ends with a table's heading row and no row under it."""
    last_kind: dict[int, str] = {}
    for block in writer.blocks:
        if block.kind in ("heading", "cell"):
            last_kind[block.page] = block.kind
    lonely = [page for page, kind in last_kind.items() if kind == "heading"]
    assert not lonely, f"pages ending with a table heading: {lonely}"


def assert_one_page_size(path: Path) -> None:
    """Check every page is portrait A4."""
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(path).pages}
    assert sizes == {(round(PAGE[0] * POINTS), round(PAGE[1] * POINTS))}


@pytest.mark.parametrize("note", [NOTE_1800, NOTE_20000], ids=["1800-chars", "20000-chars"])
def test_a_long_note_continues_on_the_next_pages_of_the_report(tmp_path, note):
    target = tmp_path / "report.pdf"
    writer = lay_out_progress_report(report_data([note]), target)
    pages = page_texts(target)
    assert len(pages) == writer.pages
    spread = list(read_in_order(note, pages))
    assert spread == list(range(spread[0], spread[-1] + 1))  # page after page
    if len(note) > 10_000:
        assert len(spread) > 3
    assert_nothing_cut(writer)
    assert_text_within_margins(target)
    assert_no_lonely_heading(writer)
    assert_one_page_size(target)


@pytest.mark.parametrize("note", [NOTE_1800, NOTE_20000], ids=["1800-chars", "20000-chars"])
def test_a_long_note_continues_on_the_next_pages_of_the_portfolio(tmp_path, note):
    target = tmp_path / "portfolio.pdf"
    writer = lay_out_portfolio(report_data([note, "A short note after it."]), target)
    pages = page_texts(target)
    assert len(pages) == writer.pages
    list(read_in_order(note, pages))
    assert "A short note after it." in "".join(pages)
    assert_nothing_cut(writer)
    assert_text_within_margins(target)
    assert_one_page_size(target)


class _NoPdf:
    """Stand in for PdfPages where only the layout matters: pages are laid out, never saved."""

    def savefig(self, figure: object) -> None:
        """Drop the page."""


@pytest.mark.parametrize("titled", [True, False], ids=["titled", "bare"])
@pytest.mark.parametrize("first_row_lines", [1, 3, 12, 60])
def test_a_table_heading_never_ends_a_page(first_row_lines, titled):
    columns = CHECKLIST_COLUMNS
    first = ["Item", "Done", "3/5", numbered_note(first_row_lines * 20), ""]
    rows = [first] + [["Item", "To do", "—", "short", ""]] * 3
    step = 0.02  # inches: every place the heading can start, down to the bottom of the page
    with document_fonts():
        for filled in range(int((PAGE[1] - 2 * MARGIN) / step)):
            writer = PageWriter(_NoPdf(), "footer")  # type: ignore[arg-type]
            writer.space(filled * step)
            if titled:
                writer.text("Projects", size=11, bold=True, keep_with=writer.table_start(columns, rows))
            writer.table(columns, rows)
            writer.finish()
            assert_no_lonely_heading(writer)
            assert_nothing_cut(writer)
            titles = [b for b in writer.blocks if b.kind == "text"]
            cells = [b for b in writer.blocks if b.kind == "cell"]
            assert not titles or titles[0].page == cells[0].page  # "Projects" stays with its table


def test_page_one_carries_the_summary_and_a_chart(tmp_path):
    target = tmp_path / "report.pdf"
    lay_out_progress_report(report_data(["A note."]), target)
    first = page_texts(target)[0]
    for expected in ("progress report", "Overall readiness: 42%", "Levels", "3 days behind plan"):
        assert expected in first
    assert "Foundation readiness" in first  # the first chart fills the rest of the page
    assert_one_page_size(target)


@dataclass
class Written:
    """The report and portfolio written with every script's sample, and what they said while written."""

    texts: dict[str, str]  # file name → its text
    writers: dict[str, PageWriter]
    messages: list[str]  # warnings and log records of WARNING and above
    stderr: str


@pytest.fixture(scope="module")
def all_scripts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Written]:
    """Write one report and one portfolio holding every script, in notes, titles and the learner's name."""
    folder = tmp_path_factory.mktemp("scripts")
    samples = [sample for sample, _ in SCRIPTS.values()]
    data = replace(report_data(samples), learner="Learner 日本語 हिन्दी")
    data.checklist.extend(
        ChecklistRow("Foundation", "Skills", f"Title {sample}", Status.TODO) for sample in samples
    )
    data.projects.extend(
        FinishedProject("Foundation", f"Project {sample}", "", "", TODAY) for sample in samples
    )
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    stderr = io.StringIO()
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(stderr):
            warnings.simplefilter("always")
            writers = {
                "report.pdf": lay_out_progress_report(data, folder / "report.pdf"),
                "portfolio.pdf": lay_out_portfolio(data, folder / "portfolio.pdf"),
            }
    finally:
        logging.getLogger().removeHandler(handler)
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in records]
    texts = {name: "".join(page_texts(folder / name)) for name in writers}
    yield Written(texts, writers, messages, stderr.getvalue())


def _shows(script: str, expected: str, text: str) -> bool:
    """Say whether the extracted text holds the expected words (wherever the wrapping broke the lines)."""
    if script == "hindi":
        # matplotlib maps each glyph of a shaped cluster to the whole cluster ("हि" twice), so the letters
        # come back in order with some repeated
        return _subsequence(squash(expected), squash(text))
    if script == "arabic":  # comes back in visual (right-to-left) word order: word by word
        return all(word in text for word in expected.split())
    return squash(expected) in squash(text)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_every_script_prints_as_text(all_scripts, script):
    sample, family = SCRIPTS[script]
    _require(family)
    report, portfolio = all_scripts.texts["report.pdf"], all_scripts.texts["portfolio.pdf"]
    assert _shows(script, sample, report), "the note in the report"
    assert _shows(script, f"Title {sample}", report), "the item's title in the report"
    assert _shows(script, sample, portfolio), "the note in the portfolio"
    assert _shows(script, f"Project {sample}", portfolio), "the project's title in the portfolio"
    for writer in all_scripts.writers.values():
        assert_nothing_cut(writer)


def test_the_learner_s_name_prints_in_any_script(all_scripts):
    for family in ("Noto Sans CJK JP", "Noto Sans Devanagari"):
        _require(family)
    for text in all_scripts.texts.values():
        assert _shows("japanese", "日本語", text)
        assert _shows("hindi", "हिन्दी", text)


def test_no_glyph_warning_reaches_the_user(all_scripts):
    assert not [m for m in all_scripts.messages if "Glyph" in m or "findfont" in m]
    assert "Glyph" not in all_scripts.stderr


def _subsequence(word: str, text: str) -> bool:
    """Say whether the word's characters appear in the text in order."""
    letters = iter(text)
    return all(char in letters for char in word)


def test_a_glyph_no_font_has_is_logged_not_shown(tmp_path, recwarn, caplog, capfd):
    hieroglyph = "\U00013000"  # no fallback family draws Egyptian hieroglyphs
    caplog.set_level(logging.DEBUG, logger="mlops_tracker.reports")
    target = tmp_path / "report.pdf"
    lay_out_progress_report(report_data([f"A sign {hieroglyph} here"]), target)
    assert hieroglyph in "".join(page_texts(target))  # still in the text layer
    assert not [w for w in recwarn if "Glyph" in str(w.message)]
    assert "Glyph" not in capfd.readouterr().err
    debug = [
        r for r in caplog.records if r.name == "mlops_tracker.reports.layout" and "Glyph" in r.getMessage()
    ]
    assert debug and all(r.levelno == logging.DEBUG for r in debug)


def test_writing_a_document_leaves_the_callers_settings_and_warnings_alone(tmp_path):
    before = dict(matplotlib.rcParams)
    filters = list(warnings.filters)
    lay_out_progress_report(report_data(["日本語 🚀"]), tmp_path / "report.pdf")
    assert dict(matplotlib.rcParams) == before
    assert warnings.filters == filters


def test_other_warnings_still_reach_the_caller(tmp_path, monkeypatch):
    from mlops_tracker.reports import progress_report

    real = progress_report._write_summary

    def noisy(writer, data):  # type: ignore[no-untyped-def]
        warnings.warn("something else", DeprecationWarning, stacklevel=1)
        real(writer, data)

    monkeypatch.setattr(progress_report, "_write_summary", noisy)
    with pytest.warns(DeprecationWarning, match="something else"):
        lay_out_progress_report(report_data(["A note."]), tmp_path / "report.pdf")


def test_no_page_is_left_empty():
    # a title at the top of a page whose followers cannot fit stays there: no blank page before it
    with document_fonts():
        writer = PageWriter(_NoPdf(), "footer")  # type: ignore[arg-type]
        writer.text("A title", size=20, keep_with=PAGE[1])
        writer.text(numbered_note(20_000))
        writer.finish()
    pages = {block.page for block in writer.blocks}
    assert pages == set(range(1, writer.pages + 1))

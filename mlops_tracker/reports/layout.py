"""Flow headings, paragraphs, wrapped tables and charts onto A4 PDF pages, starting new pages as they fill.

Every page is portrait A4, charts included (two to a page, or under the summary on page 1), so a printed
report reads without turning pages. Text longer than a page continues on the next one; nothing is cut.
"""

from __future__ import annotations

import functools
import logging
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath

from mlops_tracker.charts.theme import LIGHT, font_families

A4_PORTRAIT = (8.27, 11.69)  # inches
PAGE = A4_PORTRAIT  # the one page size and orientation of every page of a document
MARGIN = 0.7
FOOTER_HEIGHT = 0.45
POINTS_PER_INCH = 72
WRAP_SAFETY = 0.97  # measured widths ignore kerning: leave a little slack
LINE_SPACING = 1.3
CELL_PADDING = 0.05  # inches above and below a table row's text
INK = LIGHT.foreground
MUTED = LIGHT.muted
RULE = "#C9C9C9"
HEADER_FILL = "#F1F2F4"
CHART_HEIGHT = 4.6  # inches of page a chart takes: two fit on a page
MIN_SPLIT_LINES = 2  # a paragraph or row broken across pages leaves at least this many lines on each
KEEP_WHOLE_LINES = 6  # up to this many lines, a paragraph moves to the next page rather than break
_TEXT_TO_PATH = TextToPath()
# TrueType (Type 42) fonts keep the text real, searchable text; the default Type 3 glyphs do not.
# Text is never mathtext: a note's "$\\frac{a}{$" or "100$ and 200$" is printed as typed.
PDF_RC = {"pdf.fonttype": 42, "text.parse_math": False}
# matplotlib's loggers that speak of fonts and glyphs while a document is written
_FONT_LOGGERS = (
    "matplotlib.font_manager",
    "matplotlib.backends.backend_pdf",
    "matplotlib.mathtext",
    "matplotlib._mathtext",
    "matplotlib.text",
    "matplotlib.textpath",
)
_WRITING = threading.Lock()  # warnings.catch_warnings is process-wide: one document at a time
log = logging.getLogger(__name__)


class _ToDebug(logging.Filter):
    """Send a matplotlib font message to the app's log at debug level instead of the user's terminal."""

    def filter(self, record: logging.LogRecord) -> bool:
        log.debug("%s: %s", record.name, record.getMessage())
        return False


def _is_font_warning(message: warnings.WarningMessage) -> bool:
    """Say whether a warning is matplotlib's about a glyph or font it could not find."""
    text = str(message.message)
    return "missing from font" in text or "findfont" in text


@contextmanager
def document_fonts() -> Iterator[None]:
    """Set text in the fallback fonts for the length of one document write, and keep font warnings quiet.

    Everything is scoped to the write (every Text, tick labels made while saving included, is created and
    saved inside it) and restored after, so the window's charts and the caller's settings are unchanged.
    A glyph no installed font has is logged at debug level, never shown to the user.
    """
    quiet = _ToDebug()
    with _WRITING, warnings.catch_warnings(record=True) as caught:
        warnings.filterwarnings("always", message=r".*missing from font", category=UserWarning)
        loggers = [logging.getLogger(name) for name in _FONT_LOGGERS]
        for logger in loggers:
            logger.addFilter(quiet)
        try:
            with matplotlib.rc_context({**PDF_RC, "font.family": font_families()}):
                yield
        finally:
            for logger in loggers:
                logger.removeFilter(quiet)
    for message in caught:
        if _is_font_warning(message):
            log.debug("%s", message.message)
        else:  # not ours to hide
            warnings.warn_explicit(message.message, message.category, message.filename, message.lineno)


@dataclass(frozen=True)
class Column:
    """A table column: its heading and its width in inches."""

    heading: str
    width: float


@functools.cache
def _font(size: float, bold: bool, families: tuple[str, ...]) -> FontProperties:
    """Return the font text is set in."""
    return FontProperties(family=list(families), size=size, weight="bold" if bold else "normal")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width in inches of one line of text in the current fonts (the fallback list included)."""
    return _text_width(text, size, bold, tuple(matplotlib.rcParams["font.family"]))


@functools.lru_cache(maxsize=8192)
def _text_width(text: str, size: float, bold: bool, families: tuple[str, ...]) -> float:
    font = _font(size, bold, families)
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, font, ismath=False)
    return width / POINTS_PER_INCH


def wrap(text: str, width_inches: float, size: float, bold: bool = False) -> list[str]:
    """Return the text broken into lines that fit the width at the font size."""
    limit = width_inches * WRAP_SAFETY
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= limit:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:  # a word longer than the line (a URL, a path) is cut where it must be
                if line and text_width(line + char, size, bold) > limit:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    return lines


def line_height(size: float) -> float:
    """Return the height in inches of one line of text at the font size."""
    return size * LINE_SPACING / POINTS_PER_INCH


@dataclass(frozen=True)
class Block:
    """Where a text block was placed, in inches from the page's bottom left: what tests check against."""

    page: int  # 1-based
    left: float
    top: float
    width: float  # the widest line, as measured for wrapping
    height: float
    text: str
    right: float  # the edge the text must stay left of: the text width's or its column's
    kind: str = "text"  # "text", or a table's "heading" or "cell"


class PageWriter:
    """Write text and charts top to bottom on portrait A4 pages of a PDF, with a footer on each page."""

    def __init__(self, pdf: PdfPages, footer: str) -> None:
        self._pdf = pdf
        self._footer = footer
        self._fig: Figure | None = None
        self._charted = False  # the open page has its charts: one layout per page
        self._y = 0.0  # inches from the bottom of the page to the next line's top
        self.pages = 0
        self.width = PAGE[0] - 2 * MARGIN
        self.blocks: list[Block] = []

    @property
    def _bottom(self) -> float:
        return MARGIN + FOOTER_HEIGHT

    @property
    def _body(self) -> float:
        """Return the height of a page's text area."""
        return PAGE[1] - MARGIN - self._bottom

    def _page(self) -> Figure:
        """Return the current page, starting one when none is open."""
        if self._fig is None:
            self._fig = Figure(figsize=PAGE)
            self._charted = False
            self._y = PAGE[1] - MARGIN
        return self._fig

    def new_page(self) -> None:
        """Finish the current page (if any) so the next text starts on a fresh one."""
        if self._fig is None:
            return
        self.pages += 1
        self._fig.text(
            0.5,
            MARGIN * 0.6 / PAGE[1],
            f"{self._footer} · page {self.pages}",
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=MUTED,
            parse_math=False,
        )
        self._pdf.savefig(self._fig)
        self._fig = None

    def finish(self) -> int:
        """Finish the last page and return how many pages were written."""
        self.new_page()
        return self.pages

    @property
    def room(self) -> float:
        """Return the inches left above the footer on the current page (a fresh page's when none is open)."""
        return self._y - self._bottom if self._fig is not None else self._body

    def keep(self, height: float) -> None:
        """Start a new page unless `height` inches still fit on this one."""
        self._page()
        if self._y - height < self._bottom:
            self.new_page()
            self._page()

    def space(self, inches: float) -> None:
        """Leave vertical space (none at the top of a page, where it would only push text down)."""
        self._page()
        self._y = max(self._y - inches, self._bottom)

    def charts(self, draws: Sequence[Callable[[Axes], object]]) -> None:
        """Draw charts under what is on the page, as many as fit, then two to a page."""
        queue = list(draws)
        while queue:
            self._page()
            count = min(len(queue), int(self.room // CHART_HEIGHT))
            if count == 0 or self._charted:
                self.new_page()
                continue
            fig = self._page()
            height = count * CHART_HEIGHT
            fig.set_layout_engine("constrained")
            # constrained layout places the axes, their titles, labels and legends within this rectangle
            rect = (MARGIN / PAGE[0], (self._y - height) / PAGE[1], self.width / PAGE[0], height / PAGE[1])
            fig.get_layout_engine().set(rect=rect, w_pad=0.05, h_pad=0.12)
            grid = fig.add_gridspec(count, 1)
            for row, draw in enumerate(queue[:count]):
                draw(fig.add_subplot(grid[row]))
            self._charted = True
            self._y -= height
            queue = queue[count:]

    def text(
        self,
        text: str,
        *,
        size: float = 10,
        colour: str = INK,
        bold: bool = False,
        indent: float = 0,
        keep_with: float = 0,
        url: str | None = None,
    ) -> None:
        """Write wrapped text, continued on the next page when it does not fit.

        `keep_with` inches of what follows must fit on the same page as the end of the text.
        """
        lines = wrap(text, self.width - indent, size, bold)
        step = line_height(size)
        self._page()
        too_long = len(lines) * step + keep_with > self.room
        if (
            too_long
            and not self._fresh
            and (len(lines) <= KEEP_WHOLE_LINES or self.room < MIN_SPLIT_LINES * step)
        ):
            self.new_page()
            self._page()
        while True:
            fits = int(self.room // step)
            if fits >= len(lines):
                self._lines(lines, size, colour, bold, indent, url)
                return
            if fits < 1 and not self._fresh:
                self.new_page()
                self._page()
                continue
            # leave the next page at least MIN_SPLIT_LINES lines; a fresh page always takes one
            fits = max(1, min(fits, len(lines) - MIN_SPLIT_LINES))
            self._lines(lines[:fits], size, colour, bold, indent, url)
            lines = lines[fits:]
            self.new_page()
            self._page()

    @property
    def _fresh(self) -> bool:
        """Say whether nothing is written on the open page yet."""
        return self._y >= PAGE[1] - MARGIN

    def _lines(
        self, lines: Sequence[str], size: float, colour: str, bold: bool, indent: float, url: str | None
    ) -> None:
        """Write lines that fit on the current page."""
        fig = self._page()
        height = len(lines) * line_height(size)
        fig.text(
            MARGIN + indent,
            self._y,
            "\n".join(lines),
            transform=fig.dpi_scale_trans,
            ha="left",
            va="top",
            fontsize=size,
            color=colour,
            fontweight="bold" if bold else "normal",
            linespacing=LINE_SPACING,
            url=url,
            parse_math=False,  # the learner's text, never mathtext
        )
        widest = max((text_width(line, size, bold) for line in lines), default=0.0)
        right = MARGIN + self.width
        self.blocks.append(
            Block(self.pages + 1, MARGIN + indent, self._y, widest, height, "\n".join(lines), right)
        )
        self._y -= height

    def rule(self, colour: str = RULE) -> None:
        """Draw a thin horizontal line across the text width."""
        fig = self._page()
        fig.add_artist(
            Line2D(
                [MARGIN, MARGIN + self.width],
                [self._y, self._y],
                transform=fig.dpi_scale_trans,
                color=colour,
                linewidth=0.6,
            )
        )

    def table_start(
        self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *, size: float = 8
    ) -> float:
        """Return the inches a table's heading row and the start of its first row need on one page."""
        if not rows:
            return 0.0
        return _heading_height(size) + self._row_start(self._cells(columns, rows[0], size), size)

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *, size: float = 8) -> None:
        """Write a table with wrapped cells, repeating the heading row on each new page.

        A heading never ends a page: it moves to the next page with its first row. A row taller than a
        third of a page breaks across pages, each part under the heading; a shorter one moves whole.
        """
        if not rows:
            return  # a heading with no rows says nothing
        self.keep(self.table_start(columns, rows, size=size))
        self._table_heading(columns, size)
        for row in rows:
            cells = self._cells(columns, row, size)
            step = line_height(size)
            while cells:
                lines = max(len(cell) for cell in cells)
                if lines * step + 2 * CELL_PADDING > self.room:
                    if self._row_start(cells, size) > self.room:
                        self.new_page()
                        self._page()
                        self._table_heading(columns, size)
                        continue
                    fits = int((self.room - 2 * CELL_PADDING) // step)
                    fits = min(fits, lines - MIN_SPLIT_LINES) if lines > MIN_SPLIT_LINES else fits
                    fits = max(fits, 1)
                else:
                    fits = lines
                part = [cell[:fits] for cell in cells]
                cells = [cell[fits:] for cell in cells] if fits < lines else []
                height = max(len(cell) for cell in part) * step + 2 * CELL_PADDING
                self._row(columns, part, size, height)
                self.rule()
                if cells:
                    self.new_page()
                    self._page()
                    self._table_heading(columns, size)

    @staticmethod
    def _cells(columns: Sequence[Column], row: Sequence[str], size: float) -> list[list[str]]:
        """Return a row's cells wrapped to their columns."""
        return [wrap(cell, column.width - 0.1, size) for cell, column in zip(row, columns, strict=True)]

    def _row_start(self, cells: Sequence[Sequence[str]], size: float) -> float:
        """Return the inches a row needs on its first page: all of it, or its first lines if it breaks."""
        lines = max(len(cell) for cell in cells)
        whole = lines * line_height(size) + 2 * CELL_PADDING
        if whole <= self._body / 3:
            return whole
        return min(lines, MIN_SPLIT_LINES) * line_height(size) + 2 * CELL_PADDING

    def _table_heading(self, columns: Sequence[Column], size: float) -> None:
        """Write the shaded heading row."""
        height = _heading_height(size)
        fig = self._page()
        fig.add_artist(
            Rectangle(
                (MARGIN, self._y - height),
                self.width,
                height,
                transform=fig.dpi_scale_trans,
                facecolor=HEADER_FILL,
                edgecolor="none",
            )
        )
        self._row(columns, [[column.heading] for column in columns], size, height, bold=True)
        self.rule(INK)

    def _row(
        self,
        columns: Sequence[Column],
        cells: Sequence[Sequence[str]],
        size: float,
        height: float,
        bold: bool = False,
    ) -> None:
        """Write one table row's cells (lines each) side by side and move below it."""
        fig = self._page()
        x = MARGIN
        for column, lines in zip(columns, cells, strict=True):
            cell = "\n".join(lines)
            fig.text(
                x + 0.04,
                self._y - CELL_PADDING,
                cell,
                transform=fig.dpi_scale_trans,
                ha="left",
                va="top",
                fontsize=size,
                color=INK,
                fontweight="bold" if bold else "normal",
                linespacing=LINE_SPACING,
                parse_math=False,
            )
            widest = max((text_width(line, size, bold) for line in lines), default=0.0)
            kind = "heading" if bold else "cell"
            top = self._y - CELL_PADDING
            text_height = height - 2 * CELL_PADDING
            block = Block(self.pages + 1, x + 0.04, top, widest, text_height, cell, x + column.width, kind)
            self.blocks.append(block)
            x += column.width
        self._y -= height


def _heading_height(size: float) -> float:
    """Return the height of a table's heading row."""
    return line_height(size) + 2 * CELL_PADDING

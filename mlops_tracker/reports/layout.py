"""Flow headings, paragraphs and wrapped tables onto A4 PDF pages, starting new pages as they fill."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath

from mlops_tracker.charts.theme import LIGHT

A4_PORTRAIT = (8.27, 11.69)  # inches
A4_LANDSCAPE = (11.69, 8.27)
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
_TEXT_TO_PATH = TextToPath()


@dataclass(frozen=True)
class Column:
    """A table column: its heading and its width in inches."""

    heading: str
    width: float


@functools.cache
def _font(size: float, bold: bool) -> FontProperties:
    """Return the font text is set in."""
    return FontProperties(size=size, weight="bold" if bold else "normal")


@functools.lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width in inches of one line of text."""
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, _font(size, bold), ismath=False)
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


class PageWriter:
    """Write text top to bottom on portrait A4 pages of a PDF, with a footer on each page."""

    def __init__(self, pdf: PdfPages, footer: str) -> None:
        self._pdf = pdf
        self._footer = footer
        self._fig: Figure | None = None
        self._y = 0.0  # inches from the bottom of the page to the next line's top
        self.pages = 0
        self.width = A4_PORTRAIT[0] - 2 * MARGIN

    @property
    def _bottom(self) -> float:
        return MARGIN + FOOTER_HEIGHT

    def _page(self) -> Figure:
        """Return the current page, starting one when none is open."""
        if self._fig is None:
            self._fig = Figure(figsize=A4_PORTRAIT)
            self._y = A4_PORTRAIT[1] - MARGIN
        return self._fig

    def new_page(self) -> None:
        """Finish the current page (if any) so the next text starts on a fresh one."""
        if self._fig is None:
            return
        self.pages += 1
        self._fig.text(
            0.5,
            MARGIN * 0.6 / A4_PORTRAIT[1],
            f"{self._footer} · page {self.pages}",
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=MUTED,
            parse_math=False,
        )
        self._pdf.savefig(self._fig)
        self._fig = None

    def add_figure_page(self, fig: Figure) -> None:
        """Finish the current page and add a ready-made figure (a chart) as its own page."""
        self.new_page()
        self.pages += 1
        fig.text(
            0.5,
            0.012,
            f"{self._footer} · page {self.pages}",
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=MUTED,
            parse_math=False,
        )
        self._pdf.savefig(fig)

    def finish(self) -> int:
        """Finish the last page and return how many pages were written."""
        self.new_page()
        return self.pages

    def keep(self, height: float) -> None:
        """Start a new page unless `height` inches still fit on this one."""
        self._page()
        if self._y - height < self._bottom:
            self.new_page()
            self._page()

    def space(self, inches: float) -> None:
        """Leave vertical space."""
        self._page()
        self._y -= inches

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
        """Write wrapped text; `keep_with` inches of what follows must fit on the same page."""
        lines = wrap(text, self.width - indent, size, bold)
        height = len(lines) * line_height(size)
        self.keep(height + keep_with)
        fig = self._page()
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

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *, size: float = 8) -> None:
        """Write a table with wrapped cells, repeating the heading row on each new page."""
        self.keep(2 * (line_height(size) + 2 * CELL_PADDING))
        self._table_heading(columns, size)
        for row in rows:
            cells = [wrap(cell, column.width - 0.1, size) for cell, column in zip(row, columns, strict=True)]
            height = max(len(lines) for lines in cells) * line_height(size) + 2 * CELL_PADDING
            if self._y - height < self._bottom:
                self.new_page()
                self._page()
                self._table_heading(columns, size)
            self._row(columns, ["\n".join(lines) for lines in cells], size, height)
            self.rule()

    def _table_heading(self, columns: Sequence[Column], size: float) -> None:
        """Write the shaded heading row."""
        height = line_height(size) + 2 * CELL_PADDING
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
        self._row(columns, [column.heading for column in columns], size, height, bold=True)
        self.rule(INK)

    def _row(
        self, columns: Sequence[Column], cells: Sequence[str], size: float, height: float, bold: bool = False
    ) -> None:
        """Write one table row's cells side by side and move below it."""
        fig = self._page()
        x = MARGIN
        for column, cell in zip(columns, cells, strict=True):
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
            x += column.width
        self._y -= height

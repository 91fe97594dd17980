"""Light and dark chart themes on a colour-blind safe palette (Okabe–Ito)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import FigureBase
from matplotlib.legend import Legend
from matplotlib.text import Text

from mlops_tracker.domain.model import Status

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

# The families a document's text is set in, tried in order for each character (matplotlib's font fallback),
# with the Debian package that installs each. matplotlib cannot draw colour bitmap fonts (Noto Color Emoji),
# so emoji come from an outline font. A character no family has still goes into the PDF's text layer.
FONT_FALLBACK: tuple[tuple[str, str], ...] = (
    ("DejaVu Sans", "matplotlib"),  # Latin, Greek, Cyrillic, symbols; ships with matplotlib
    ("Noto Sans", "fonts-noto-core"),
    ("Noto Sans CJK JP", "fonts-noto-cjk"),  # Japanese, Chinese and Korean
    ("Droid Sans Fallback", "fonts-droid-fallback"),  # the same in 4 MB: the bundle ships it
    ("Noto Sans Devanagari", "fonts-noto-core"),
    ("Noto Sans Arabic", "fonts-noto-core"),
    ("Noto Emoji", "fonts-noto-emoji (monochrome)"),
    ("Symbola", "fonts-symbola"),  # emoji in outline; the bundle ships it
    # the same scripts from the fonts Windows and macOS come with, where no Noto font is installed
    ("Yu Gothic", "Windows"),
    ("Malgun Gothic", "Windows"),
    ("Nirmala UI", "Windows"),
    ("Segoe UI", "Windows"),
    ("Segoe UI Emoji", "Windows"),
    ("Segoe UI Symbol", "Windows"),
    ("Hiragino Sans", "macOS"),
    ("Apple SD Gothic Neo", "macOS"),
    ("Kohinoor Devanagari", "macOS"),
    ("Geeza Pro", "macOS"),
    ("Apple Symbols", "macOS"),
)
# the files of those families, looked for when matplotlib's font cache predates their installation
FONT_FILES = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJK-Bold.ttc",
    "DroidSansFallbackFull.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansDevanagari-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoEmoji-Regular.ttf",
    "Symbola_hint.ttf",
    "Symbola.ttf",
)
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts")


@functools.cache
def _register_fonts() -> None:
    """Add the fallback fonts matplotlib's cached font list does not know yet (installed since, bundled)."""
    known = {Path(entry.fname).name for entry in font_manager.fontManager.ttflist}
    folders = [*FONT_FOLDERS]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # the PyInstaller bundle's own fonts
        folders.insert(0, Path(bundle) / "fonts")
    wanted = set(FONT_FILES) - known
    for folder in folders:
        if not wanted or not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if path.name in wanted:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # unreadable or not a font matplotlib can draw
                    continue
                wanted.discard(path.name)


def font_families() -> list[str]:
    """Return the fallback families installed on this machine, in the order characters try them."""
    _register_fonts()
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return [family for family, _ in FONT_FALLBACK if family in installed] or ["DejaVu Sans"]


def font_package(family: str) -> str:
    """Return the Debian package that installs a fallback family."""
    return dict(FONT_FALLBACK)[family]


@dataclass(frozen=True)
class ChartTheme:
    """The colours a chart is drawn with."""

    name: str
    background: str
    foreground: str
    muted: str  # subtitles and secondary text
    grid: str
    readiness: str
    retained: str  # retained readiness: coverage × recall
    plan: str
    forecast: str
    exam: str
    heatmap: str  # a matplotlib colormap name
    empty: str  # a calendar day without activity
    todo: str
    in_progress: str
    done: str
    skipped: str

    def status_colour(self, status: Status) -> str:
        """Return the colour of a status segment."""
        return {
            Status.TODO: self.todo,
            Status.IN_PROGRESS: self.in_progress,
            Status.DONE: self.done,
            Status.SKIPPED: self.skipped,
        }[status]


LIGHT = ChartTheme(
    name="light",
    background="#FFFFFF",
    foreground="#222222",
    muted="#5F5F5F",
    grid="#E3E3E3",
    readiness=OKABE_ITO["blue"],
    retained=OKABE_ITO["reddish_purple"],
    plan=OKABE_ITO["orange"],
    forecast=OKABE_ITO["bluish_green"],
    exam=OKABE_ITO["vermillion"],
    heatmap="Greens",
    empty="#EBEDF0",
    todo="#CFCFCF",
    in_progress=OKABE_ITO["blue"],  # blue for "in progress", as the checklist shows it
    done=OKABE_ITO["bluish_green"],
    skipped=OKABE_ITO["reddish_purple"],
)

DARK = ChartTheme(
    name="dark",
    background="#1E1F22",
    foreground="#E6E6E6",
    muted="#A8A8A8",
    grid="#3A3C40",
    readiness=OKABE_ITO["sky_blue"],
    retained=OKABE_ITO["reddish_purple"],
    plan=OKABE_ITO["orange"],
    forecast=OKABE_ITO["bluish_green"],
    exam=OKABE_ITO["vermillion"],
    heatmap="viridis",
    empty="#2E3035",
    todo="#5A5D63",
    in_progress=OKABE_ITO["sky_blue"],
    done=OKABE_ITO["bluish_green"],
    skipped=OKABE_ITO["reddish_purple"],
)


def apply_theme(fig: FigureBase, ax: Axes, theme: ChartTheme) -> None:
    """Colour the figure and axes background, ticks, labels, title and spines."""
    fig.patch.set_facecolor(theme.background)
    ax.set_facecolor(theme.background)
    ax.tick_params(colors=theme.foreground, which="both")
    ax.xaxis.label.set_color(theme.foreground)
    ax.yaxis.label.set_color(theme.foreground)
    ax.title.set_color(theme.foreground)
    for spine in ax.spines.values():
        spine.set_color(theme.grid)


P = ParamSpec("P")
R = TypeVar("R")


def literal_text(ax: Axes) -> None:
    """Draw every text on the axes as written: a `$` in a title, label or legend never starts mathtext."""
    for text in ax.findobj(Text):
        text.set_parse_math(False)


def draws_literal_text(draw: Callable[Concatenate[Axes, P], R]) -> Callable[Concatenate[Axes, P], R]:
    """Make a chart function leave all its text literal, whichever way it returns.

    Per artist, not through rcParams: a chart draws on a figure it was given (the window's, a report's),
    and changing the global settings would reach figures that are not ours.
    """

    @functools.wraps(draw)
    def wrapper(ax: Axes, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return draw(ax, *args, **kwargs)
        finally:
            literal_text(ax)

    return wrapper


def style_legend(legend: Legend, theme: ChartTheme) -> None:
    """Colour a legend's frame and text for the theme."""
    legend.get_frame().set_facecolor(theme.background)
    legend.get_frame().set_edgecolor(theme.grid)
    for text in legend.get_texts():
        text.set_color(theme.foreground)


def text_colour_on(background: str) -> str:
    """Return black or white, whichever reads better on a fill colour."""
    red, green, blue = to_rgb(background)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if luminance > 0.45 else "#FFFFFF"


def set_titles(ax: Axes, title: str, subtitle: str, theme: ChartTheme, *, room: float = 0) -> None:
    """Put a left-aligned title on the axes, a smaller subtitle under it, and `room` points between."""
    pad = (18 if subtitle else 8) + room
    ax.set_title(title, loc="left", color=theme.foreground, fontsize="large", pad=pad, parse_math=False)
    if subtitle:
        ax.annotate(
            subtitle,
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, 5),
            textcoords="offset points",
            ha="left",
            va="bottom",
            color=theme.muted,
            fontsize="medium",
            gid="subtitle",
            parse_math=False,
        )

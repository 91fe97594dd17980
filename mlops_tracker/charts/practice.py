"""Draw practice exam scores over time, one line per level, with the pass mark."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MultipleLocator

from mlops_tracker.charts.dates import date_axis
from mlops_tracker.charts.theme import (
    LIGHT,
    OKABE_ITO,
    ChartTheme,
    apply_theme,
    draws_literal_text,
    set_titles,
    style_legend,
)
from mlops_tracker.domain.phrases import PLAIN, Notation

# after the theme's readiness colour, a colour per further level (colour-blind safe, none the pass mark's)
_LEVEL_COLOURS = ("bluish_green", "reddish_purple", "orange", "yellow")


def pass_mark_label(pass_mark: int, notation: Notation = PLAIN) -> str:
    """Return the pass mark's legend entry, which says the guide names none."""
    return f"Pass mark {notation.percent(pass_mark)} (assumed: the guide names none)"


@draws_literal_text
def draw_practice(
    ax: Axes,
    scores: Mapping[str, Sequence[tuple[date, float]]],
    pass_mark: int,
    *,
    title: str = "Practice exam scores",
    theme: ChartTheme = LIGHT,
    notation: Notation = PLAIN,
) -> None:
    """Draw each level's practice scores (by level name: day, score 0–100) and the pass mark line."""
    apply_theme(ax.get_figure(), ax, theme)
    shown = {name: points for name, points in scores.items() if points}
    total = sum(len(points) for points in shown.values())
    subtitle = f"{total} practice exam{'s' if total != 1 else ''}" if total else ""
    set_titles(ax, title, subtitle, theme)
    ax.grid(True, color=theme.grid, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_locator(MultipleLocator(25))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: notation.percent(value)))
    ax.axhline(
        pass_mark,
        color=theme.exam,
        linestyle="--",
        linewidth=1.4,
        label=pass_mark_label(pass_mark, notation),
        gid="pass-mark",
    )
    if not shown:
        ax.text(
            0.5,
            0.5,
            "No practice exam yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=theme.muted,
            fontsize="large",
            gid="empty",
        )
        ax.set_xticks([])
    colours = [theme.readiness, *(OKABE_ITO[name] for name in _LEVEL_COLOURS)]
    for index, (name, points) in enumerate(shown.items()):
        ax.plot(
            [day for day, _ in points],
            [score for _, score in points],
            marker="o",
            markersize=5,
            linewidth=1.8,
            color=colours[index % len(colours)],
            label=name,
            gid="practice",
        )
    if shown:
        days = [day for points in shown.values() for day, _ in points]
        first, last = min(days), max(days)
        margin = max(timedelta(days=1), (last - first) / 20)
        ax.set_xlim(first - margin, last + margin)
        date_axis(ax, notation)
    legend = ax.legend(loc="lower left", frameon=True, fontsize="small")
    style_legend(legend, theme)

"""Draw items by status as horizontal stacked bars, one bar per level or category."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from mlops_tracker.charts.theme import (
    LIGHT,
    ChartTheme,
    apply_theme,
    draws_literal_text,
    set_titles,
    style_legend,
    text_colour_on,
)
from mlops_tracker.domain.model import Status
from mlops_tracker.domain.phrases import PLAIN, Notation

SEGMENTS: tuple[Status, ...] = (Status.DONE, Status.IN_PROGRESS, Status.TODO, Status.SKIPPED)


@draws_literal_text
def draw_breakdown(
    ax: Axes,
    counts: Mapping[str, Mapping[Status, int]],
    *,
    title: str = "Items by status",
    theme: ChartTheme = LIGHT,
    notation: Notation = PLAIN,
) -> None:
    """Draw one stacked bar per row label: done, in progress, to do and skipped (counts in `notation`)."""
    apply_theme(ax.get_figure(), ax, theme)
    rows = list(counts)
    set_titles(ax, title, "", theme, room=18 if rows else 0)  # the legend sits between title and bars
    if not rows:
        ax.text(0.5, 0.5, "No items", transform=ax.transAxes, ha="center", va="center", color=theme.muted)
        ax.set_xticks([])
        ax.set_yticks([])
        return
    positions = list(range(len(rows)))
    lefts = [0] * len(rows)
    for status in SEGMENTS:
        widths = [counts[row].get(status, 0) for row in rows]
        colour = theme.status_colour(status)
        bars = ax.barh(
            positions,
            widths,
            left=lefts,
            height=0.65,
            color=colour,
            edgecolor=theme.background,
            linewidth=0.8,
            label=status.label,
            gid=f"breakdown-{status}",
        )
        ax.bar_label(
            bars,
            labels=[notation.count(width) if width else "" for width in widths],
            label_type="center",
            color=text_colour_on(colour),
            fontsize="small",
        )
        lefts = [left + width for left, width in zip(lefts, widths, strict=True)]

    ax.set_yticks(positions, rows)
    ax.invert_yaxis()  # first row on top, as in the checklist
    ax.set_xlim(0, max(max(lefts), 1) * 1.02)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: notation.count(round(value))))
    ax.set_xlabel("Items")
    ax.grid(True, axis="x", color=theme.grid, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    legend = ax.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncols=len(SEGMENTS),
        frameon=False,
        fontsize="small",
        borderaxespad=0.2,
    )
    style_legend(legend, theme)

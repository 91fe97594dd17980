"""Draw an activity calendar: one cell per day, weeks as columns, Monday at the top."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import matplotlib
import numpy
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.image import AxesImage
from matplotlib.patches import Patch

from mlops_tracker.charts.theme import (
    LIGHT,
    ChartTheme,
    apply_theme,
    draws_literal_text,
    set_titles,
    style_legend,
)
from mlops_tracker.domain.phrases import PLAIN, Notation

MINUTES_PER_POINT = 30  # half an hour of study counts as much as one finished item
LABELLED_WEEKDAYS = (0, 2, 4)  # Monday, Wednesday, Friday: rows labelled on the grid's left
LEVEL_BOUNDS = (1.0 + 1e-9, 2.0 + 1e-9, 4.0 + 1e-9)  # a cell's colour: none, up to 1, up to 2, up to 4, more
LEVEL_LABELS = ("none", "≤ 1", "≤ 2", "≤ 4", "more")


def activity_grid(
    finished: Mapping[date, int], minutes: Mapping[date, int], end: date, weeks: int = 52
) -> tuple[numpy.ndarray, date]:
    """Return the 7×weeks activity scores (NaN after `end`) and the Monday of the first column."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    first = end - timedelta(days=end.weekday()) - timedelta(weeks=weeks - 1)
    grid = numpy.zeros((7, weeks), dtype=float)
    for col in range(weeks):
        for row in range(7):
            day = activity_at(first, row, col)
            if day > end:
                grid[row, col] = numpy.nan
            else:
                grid[row, col] = finished.get(day, 0) + minutes.get(day, 0) / MINUTES_PER_POINT
    return grid, first


def activity_at(grid_first_day: date, row: int, col: int) -> date:
    """Return the day shown in a cell of the activity grid."""
    return grid_first_day + timedelta(days=col * 7 + row)


@draws_literal_text
def draw_activity(
    ax: Axes,
    finished: Mapping[date, int],
    minutes: Mapping[date, int],
    end: date,
    weeks: int = 52,
    *,
    title: str = "Activity, last 52 weeks",
    theme: ChartTheme = LIGHT,
    notation: Notation = PLAIN,
) -> AxesImage:
    """Draw the activity grid as one image, with weekday and month labels."""
    grid, first = activity_grid(finished, minutes, end, weeks)
    apply_theme(ax.get_figure(), ax, theme)
    set_titles(ax, title, "", theme)
    cmap, norm = _levels(theme, grid)
    image = ax.imshow(grid, cmap=cmap, norm=norm, aspect="equal", interpolation="nearest", gid="activity")
    # The hover code needs the first day to turn a cell back into a date; images never reach a legend,
    # so the label is free to carry it.
    image.set_label(first.isoformat())

    # the grid's first row is a Monday (activity_grid): the labels are those rows' weekdays
    ax.set_yticks(
        list(LABELLED_WEEKDAYS), [notation.weekday(first + timedelta(days=row)) for row in LABELLED_WEEKDAYS]
    )
    columns, months = _month_ticks(first, weeks, notation)
    ax.set_xticks(columns, months)
    ax.tick_params(which="both", length=0, labelsize="small")
    ax.set_xlabel(
        f"Score per day: items finished + minutes studied ÷ {MINUTES_PER_POINT}",
        color=theme.muted,
        fontsize="x-small",
        loc="right",
    )
    # thin background-coloured lines between the cells, as on a wall calendar
    ax.set_xticks(numpy.arange(-0.5, weeks), minor=True)
    ax.set_yticks(numpy.arange(-0.5, 7), minor=True)
    ax.grid(which="minor", color=theme.background, linewidth=1.2)
    ax.grid(which="major", visible=False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [Patch(facecolor=colour, edgecolor=theme.grid, linewidth=0.5) for colour in cmap.colors]
    legend = ax.legend(
        handles,
        LEVEL_LABELS,
        loc="lower right",
        bbox_to_anchor=(1, 1),
        ncols=len(LEVEL_LABELS),
        frameon=False,
        fontsize="x-small",
        handlelength=1,
        handleheight=1,
        columnspacing=1,
        borderaxespad=0.2,
    )
    style_legend(legend, theme)
    return image


def _levels(theme: ChartTheme, grid: numpy.ndarray) -> tuple[ListedColormap, BoundaryNorm]:
    """Return five discrete colours (none, up to 1, 2, 4, more) and the norm that picks them."""
    ramp = matplotlib.colormaps[theme.heatmap]
    colours = [theme.empty, *(ramp(share) for share in (0.3, 0.5, 0.7, 0.9))]
    cmap = ListedColormap(colours).with_extremes(bad=theme.background)
    peak = float(numpy.nanmax(grid)) if numpy.isfinite(grid).any() else 0.0
    bounds = [0, 1e-9, *LEVEL_BOUNDS, max(peak, LEVEL_BOUNDS[-1]) + 1]
    return cmap, BoundaryNorm(bounds, ncolors=len(colours))


def _month_ticks(first: date, weeks: int, notation: Notation = PLAIN) -> tuple[list[int], list[str]]:
    """Return the columns holding each month's first day, with the month's short name."""
    columns: list[int] = []
    labels: list[str] = []
    day = date(first.year, first.month, 1)
    last = first + timedelta(weeks=weeks)
    while day < last:
        col = (day - first).days // 7
        if day >= first and (not columns or col - columns[-1] >= 3):
            columns.append(col)
            labels.append(notation.month(day))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return columns, labels

"""Draw study minutes per week."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from mlops_tracker.charts.dates import date_axis
from mlops_tracker.charts.theme import LIGHT, ChartTheme, apply_theme, draws_literal_text, set_titles
from mlops_tracker.domain.phrases import PLAIN, Notation

BAR_WIDTH_DAYS = 5.5


def monday_of(day: date) -> date:
    """Return the Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def weekly_minutes(sessions: Iterable[tuple[date, int]], first: date, last: date) -> list[tuple[date, int]]:
    """Return (Monday, total minutes) for every week from `first` to `last`, empty weeks as zero."""
    start, stop = monday_of(first), monday_of(last)
    totals: dict[date, int] = {}
    week = start
    while week <= stop:
        totals[week] = 0
        week += timedelta(weeks=1)
    for day, minutes in sessions:
        if first <= day <= last:
            totals[monday_of(day)] += minutes
    return list(totals.items())


@draws_literal_text
def draw_minutes(
    ax: Axes,
    weeks: Sequence[tuple[date, int]],
    *,
    title: str = "Study minutes per week",
    theme: ChartTheme = LIGHT,
    notation: Notation = PLAIN,
) -> None:
    """Draw one bar per week, starting on its Monday (minutes written in `notation`)."""
    apply_theme(ax.get_figure(), ax, theme)
    set_titles(ax, title, "", theme)
    ax.grid(True, axis="y", color=theme.grid, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not weeks:
        ax.text(
            0.5,
            0.5,
            "No study sessions yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=theme.muted,
        )
        ax.set_xticks([])
        return
    ax.bar(
        [monday for monday, _ in weeks],
        [minutes for _, minutes in weeks],
        width=BAR_WIDTH_DAYS,
        align="edge",
        color=theme.readiness,
        gid="minutes",
    )
    date_axis(ax, notation, most=10)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: notation.count(round(value))))
    ax.set_ylabel("Minutes")
    if max(minutes for _, minutes in weeks) == 0:
        ax.set_ylim(0, 60)

"""Draw readiness and retained readiness over time with the plan curves, the forecast and the exam date.

Two plan curves: the plan as first made (its baseline: the buffer is measured against it) and, after a
reschedule, the current schedule, so a reschedule never hides lateness.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MultipleLocator

from mlops_tracker.charts.dates import date_axis
from mlops_tracker.charts.theme import (
    LIGHT,
    ChartTheme,
    apply_theme,
    draws_literal_text,
    set_titles,
    style_legend,
)
from mlops_tracker.domain.model import ReadinessPoint
from mlops_tracker.domain.phrases import PLAIN, Notation

Forecast = tuple[date, float, date]  # (today, readiness now, the day readiness reaches 100)

# A forecast far beyond everything else would squash the history into a sliver: show at most this
# much of it past the other dates, and let the dotted line run off the edge.
_FORECAST_REACH = 1.0
_MIN_REACH = timedelta(days=30)


@draws_literal_text
def draw_readiness(
    ax: Axes,
    series: Sequence[ReadinessPoint],
    plan: Sequence[ReadinessPoint] = (),
    forecast: Forecast | None = None,
    exam: date | None = None,
    *,
    retained: Sequence[tuple[date, float]] = (),
    schedule: Sequence[ReadinessPoint] = (),
    title: str = "Readiness",
    subtitle: str = "",
    theme: ChartTheme = LIGHT,
    notation: Notation = PLAIN,
) -> None:
    """Draw readiness, retained, the plan curves, the forecast and the exam date (figures in `notation`).

    `plan` is the plan as first made; `schedule` the current schedule after a reschedule (empty: none).
    """
    apply_theme(ax.get_figure(), ax, theme)
    set_titles(ax, title, subtitle, theme)
    ax.grid(True, color=theme.grid, linewidth=0.6)
    ax.set_axisbelow(True)

    if series:
        ax.plot(
            [point.day for point in series],
            [point.readiness for point in series],
            drawstyle="steps-post",
            linewidth=2.2,
            color=theme.readiness,
            label="Readiness",
            gid="readiness",
            zorder=3,  # above the plan where they meet
        )
    else:
        ax.text(
            0.5,
            0.5,
            "No history yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=theme.muted,
            fontsize="large",
            gid="empty",
        )
    if retained:
        ax.plot(
            [day for day, _ in retained],
            [value for _, value in retained],
            drawstyle="steps-post",
            linewidth=1.8,
            color=theme.retained,
            label="Retained",
            gid="retained",
            zorder=2.9,
        )
    if plan:
        ax.plot(
            [point.day for point in plan],
            [point.readiness for point in plan],
            linestyle="--",
            linewidth=1.6,
            color=theme.plan,
            label="Plan as first made" if schedule else "Plan",
            gid="plan",
        )
    if schedule:
        ax.plot(
            [point.day for point in schedule],
            [point.readiness for point in schedule],
            linestyle="-.",
            linewidth=1.4,
            color=theme.plan,
            alpha=0.75,
            label="Current schedule",
            gid="schedule",
        )
    if forecast is not None:
        today, now, ready_on = forecast
        ax.plot(
            [today, ready_on],
            [now, 100.0],
            linestyle=":",
            linewidth=2.0,
            color=theme.forecast,
            label="Forecast",
            gid="forecast",
        )
    if exam is not None:
        ax.axvline(exam, color=theme.exam, linewidth=1.6, label="Exam", gid="exam")

    kept = [ReadinessPoint(day, value) for day, value in retained]
    _format_axes(ax, [*series, *kept], [*plan, *schedule], forecast, exam, theme, notation)


def _format_axes(
    ax: Axes,
    series: Sequence[ReadinessPoint],
    plan: Sequence[ReadinessPoint],
    forecast: Forecast | None,
    exam: date | None,
    theme: ChartTheme,
    notation: Notation,
) -> None:
    """Set the 0–100 % y axis, the date x axis and the legend."""
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_locator(MultipleLocator(25))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: notation.percent(value)))

    days = [point.day for point in (*series, *plan)]
    if exam is not None:
        days.append(exam)
    if forecast is not None:
        days.append(forecast[0])
    if not days:
        ax.set_xticks([])
        return
    date_axis(ax, notation)
    ax.set_xlim(*_date_range(days, forecast))

    if ax.get_legend_handles_labels()[0]:
        legend = ax.legend(loc="upper left", frameon=True, fontsize="small")
        style_legend(legend, theme)


def _date_range(days: list[date], forecast: Forecast | None) -> tuple[date, date]:
    """Return the x limits: every date shown, the forecast's end only when not absurdly far."""
    first, last = min(days), max(days)
    if forecast is not None:
        reach = max((last - first) * _FORECAST_REACH, _MIN_REACH)
        last = max(last, min(forecast[2], last + reach))
    if first == last:
        return first - timedelta(days=3), last + timedelta(days=3)
    margin = max(timedelta(days=1), (last - first) / 40)
    return first - margin, last + margin

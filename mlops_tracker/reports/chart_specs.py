"""The one list of charts: what the Progress page, `mlops-tracker chart` and the progress report draw.

Each chart is a row of `CHARTS`: its name on the command line, its heading in the window, whether it is
drawn per level, and how it draws itself from `ChartData` (plain figures, taken from one view or from the
report's data). A new chart is a drawing function in `charts/` and a row here.

The drawing modules load inside the drawing functions: the command line lists the chart names without
loading matplotlib (and the rows are named tuples: the command line imports this module at start-up).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from mlops_tracker.core.views import ForecastLine, View
from mlops_tracker.domain.model import ReadinessPoint, Status
from mlops_tracker.domain.phrases import PLAIN, Notation
from mlops_tracker.domain.practice import DEFAULT_PASS_MARK

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from mlops_tracker.charts.theme import ChartTheme

_EMPTY: Mapping = MappingProxyType({})


class LevelSeries(NamedTuple):
    """One level's readiness chart: its history, retained history, plan curves, forecast line and exam."""

    name: str
    history: Sequence[ReadinessPoint]
    plan_curve: Sequence[ReadinessPoint] = ()  # the plan as first made
    forecast: ForecastLine | None = None
    exam: date | None = None
    subtitle: str = ""
    retained: Sequence[tuple[date, float]] = ()  # retained readiness at the end of each day
    schedule: Sequence[ReadinessPoint] = ()  # the current schedule, after a reschedule


class ChartData(NamedTuple):
    """The figures the charts are drawn from."""

    today: date
    level: LevelSeries | None = None
    finished: Mapping[date, int] = _EMPTY
    minutes: Mapping[date, int] = _EMPTY
    breakdown: Mapping[str, Mapping[Status, int]] = _EMPTY
    breakdown_title: str = "Items by status"
    minutes_first: date | None = None  # the first day the minutes chart covers (default: the first session)
    notation: Notation = PLAIN  # how figures and days are written: the window passes its locale's
    practice: Mapping[str, Sequence[tuple[date, float]]] = _EMPTY  # practice scores by level name
    pass_mark: int = DEFAULT_PASS_MARK


class ChartSpec(NamedTuple):
    """A chart: its command-line name, its heading in the window, and how it draws itself."""

    name: str
    heading: str
    per_level: bool  # one per level: `--level` chooses it, as the page's level list does
    draw: Callable[[Axes, ChartData, ChartTheme], None]


def _readiness(ax: Axes, data: ChartData, theme: ChartTheme) -> None:
    from mlops_tracker.charts.readiness import draw_readiness

    level = data.level
    if level is None:
        draw_readiness(ax, [], theme=theme, notation=data.notation)
        return
    draw_readiness(
        ax,
        level.history,
        level.plan_curve,
        level.forecast,
        level.exam,
        retained=level.retained,
        schedule=level.schedule,
        title=f"{level.name} readiness",
        subtitle=level.subtitle,
        theme=theme,
        notation=data.notation,
    )


def _activity(ax: Axes, data: ChartData, theme: ChartTheme) -> None:
    from mlops_tracker.charts.activity import draw_activity

    draw_activity(ax, data.finished, data.minutes, data.today, theme=theme, notation=data.notation)


def _breakdown(ax: Axes, data: ChartData, theme: ChartTheme) -> None:
    from mlops_tracker.charts.breakdown import draw_breakdown

    draw_breakdown(ax, data.breakdown, title=data.breakdown_title, theme=theme, notation=data.notation)


def _minutes(ax: Axes, data: ChartData, theme: ChartTheme) -> None:
    from mlops_tracker.charts.minutes import draw_minutes, weekly_minutes

    first = data.minutes_first or min(data.minutes, default=data.today)
    weeks = weekly_minutes(data.minutes.items(), min(first, data.today), data.today) if data.minutes else []
    draw_minutes(ax, weeks, theme=theme, notation=data.notation)


def _practice(ax: Axes, data: ChartData, theme: ChartTheme) -> None:
    from mlops_tracker.charts.practice import draw_practice

    draw_practice(ax, data.practice, data.pass_mark, theme=theme, notation=data.notation)


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("readiness", "Readiness", True, _readiness),
    ChartSpec("activity", "Activity", False, _activity),
    ChartSpec("breakdown", "Breakdown", True, _breakdown),
    ChartSpec("minutes", "Study minutes", False, _minutes),
    ChartSpec("practice", "Practice exams", False, _practice),
)
CHART_NAMES: tuple[str, ...] = tuple(spec.name for spec in CHARTS)


def chart(name: str) -> ChartSpec:
    """Return a chart by its name."""
    return next(spec for spec in CHARTS if spec.name == name)


def level_series(view: View, level_id: str, subtitle: str | None = None) -> LevelSeries:
    """Return a level's readiness series from a view (subtitle: its buffer unless given)."""
    from mlops_tracker.reports.data import buffer_text

    entry = view.level(level_id)
    status = entry.status
    return LevelSeries(
        status.name,
        entry.history,
        entry.plan_curve,
        entry.forecast_line(view.today),
        entry.exam,
        buffer_text(status.buffer_days) if subtitle is None else subtitle,
        retained_series(view, level_id),
        view.schedule_curve(level_id),
    )


def retained_series(view: View, level_id: str) -> list[tuple[date, float]]:
    """Return a level's retained readiness at the end of each day, or nothing before its first check."""
    if not view.tables.answers:
        return []  # never checked: retained is 0 throughout, a line on the axis says nothing
    points = [(point.day, point.retained) for point in view.retained_histories([level_id])[level_id]]
    return points if any(value for _, value in points) else []  # none of the level's items checked yet


def practice_scores(view: View, levels: Sequence[str] | None = None) -> dict[str, list[tuple[date, float]]]:
    """Return the practice scores of the levels (default: the levels shown and any with scores) by name."""
    wanted = list(levels) if levels is not None else view.shown_levels
    wanted += [level for level in view.practice_results if level not in wanted and level]
    return {
        view.curriculum.level(level).name: view.practice_scores(level)
        for level in wanted
        if view.practice_scores(level)
    }


def chart_data(
    view: View,
    level_id: str | None = None,
    *,
    by_level: Sequence[str] | None = None,
    minutes_first: date | None = None,
    pass_mark: int = DEFAULT_PASS_MARK,
) -> ChartData:
    """Return the charts' figures from one view.

    `level_id`: the level of the readiness chart and of the breakdown by category; the breakdown is by
    level (of `by_level`, default the levels shown) when no level is given.
    """
    from mlops_tracker.reports.collect import breakdown_by_category, breakdown_by_level

    if level_id is not None:
        name = view.curriculum.level(level_id).name
        prefix = f"{name} · "
        rows = {
            label.removeprefix(prefix): counts
            for label, counts in breakdown_by_category(view, [level_id]).items()
        }
        title = f"{name} items by category"
    else:
        rows = breakdown_by_level(view, list(by_level) if by_level is not None else view.shown_levels)
        title = "Items by status"
    return ChartData(
        today=view.today,
        level=level_series(view, level_id) if level_id is not None else None,
        finished=view.finished_by_day,
        minutes=view.minutes_by_day,
        breakdown=rows,
        breakdown_title=title,
        minutes_first=minutes_first,
        practice=practice_scores(view),
        pass_mark=pass_mark,
    )


def draw(name: str, ax: Axes, data: ChartData, theme: ChartTheme | None = None) -> None:
    """Draw one chart by name (light theme by default)."""
    from mlops_tracker.charts.theme import LIGHT

    chart(name).draw(ax, data, theme or LIGHT)

"""Charts draw what the data says: checked on the artists of an Agg figure, no Qt."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy
import pytest
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D

from mlops_tracker.charts.activity import activity_at, activity_grid, draw_activity
from mlops_tracker.charts.breakdown import draw_breakdown
from mlops_tracker.charts.export import SUPPORTED, new_figure, save_figure
from mlops_tracker.charts.hover import describe_point
from mlops_tracker.charts.minutes import draw_minutes, weekly_minutes
from mlops_tracker.charts.readiness import draw_readiness
from mlops_tracker.charts.theme import DARK, LIGHT, apply_theme
from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.model import ReadinessPoint, Status

TODAY = date(2026, 11, 20)  # a Friday
SERIES = [
    ReadinessPoint(date(2026, 11, 16), 10.0),
    ReadinessPoint(date(2026, 11, 17), 25.0),
    ReadinessPoint(date(2026, 11, 18), 25.0),
    ReadinessPoint(date(2026, 11, 19), 33.5),
    ReadinessPoint(date(2026, 11, 20), 42.0),
]
PLAN = [ReadinessPoint(date(2026, 11, 16) + timedelta(days=i), i * 10.0) for i in range(11)]
EXAM = date(2026, 12, 4)
FORECAST = (TODAY, 42.0, date(2026, 12, 10))


def axes() -> Axes:
    """Return fresh axes on an Agg figure."""
    return new_figure().add_subplot()


def line(ax: Axes, gid: str) -> Line2D:
    """Return the one line with this gid."""
    [found] = [artist for artist in ax.get_lines() if artist.get_gid() == gid]
    return found


def nums(days: list[date]) -> list[float]:
    """Return matplotlib date numbers."""
    return [float(mdates.date2num(day)) for day in days]


def drawn_readiness() -> Axes:
    """Return axes with the full readiness chart."""
    ax = axes()
    draw_readiness(ax, SERIES, PLAN, FORECAST, EXAM, subtitle="3 days behind plan")
    ax.get_figure().canvas.draw()
    return ax


# --- readiness ------------------------------------------------------------------------------------


def test_readiness_line_holds_the_series():
    ax = drawn_readiness()
    readiness = line(ax, "readiness")
    assert list(readiness.get_xydata()[:, 0]) == nums([p.day for p in SERIES])
    assert list(readiness.get_ydata()) == [p.readiness for p in SERIES]
    assert readiness.get_drawstyle() == "steps-post"
    assert readiness.get_label() == "Readiness"


def test_plan_is_dashed_with_the_plan_data():
    plan = line(drawn_readiness(), "plan")
    assert list(plan.get_xydata()[:, 0]) == nums([p.day for p in PLAN])
    assert list(plan.get_ydata()) == [p.readiness for p in PLAN]
    assert plan.get_linestyle() == "--"


def test_forecast_runs_from_now_to_ready_on_at_100():
    forecast = line(drawn_readiness(), "forecast")
    (x0, y0), (x1, y1) = forecast.get_xydata()
    assert (x0, y0) == (mdates.date2num(TODAY), 42.0)
    assert (x1, y1) == (mdates.date2num(date(2026, 12, 10)), 100.0)
    assert forecast.get_linestyle() == ":"


def test_exam_is_a_vertical_line_at_the_exam_date():
    exam = line(drawn_readiness(), "exam")
    assert set(exam.get_xydata()[:, 0]) == {mdates.date2num(EXAM)}
    assert exam.get_label() == "Exam"


def test_readiness_axes_run_from_0_to_100_percent_with_a_legend_and_subtitle():
    ax = drawn_readiness()
    assert ax.get_ylim() == (0, 100)
    assert ax.yaxis.get_major_formatter()(50, 0) == "50%"
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "Readiness",
        "Plan",
        "Forecast",
        "Exam",
    ]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "subtitle"] == ["3 days behind plan"]
    low, high = ax.get_xlim()
    assert low <= mdates.date2num(SERIES[0].day) and high >= mdates.date2num(date(2026, 12, 10))


def test_empty_history_says_so():
    ax = axes()
    draw_readiness(ax, [])
    ax.get_figure().canvas.draw()
    assert "No history yet" in [text.get_text() for text in ax.texts]
    assert not [artist for artist in ax.get_lines() if artist.get_gid() == "readiness"]


def test_far_forecast_does_not_squash_the_history():
    ax = axes()
    draw_readiness(ax, SERIES, forecast=(TODAY, 42.0, TODAY + timedelta(days=3650)))
    assert ax.get_xlim()[1] < mdates.date2num(TODAY + timedelta(days=100))
    assert line(ax, "forecast").get_xydata()[1][0] == mdates.date2num(TODAY + timedelta(days=3650))


# --- activity -------------------------------------------------------------------------------------


def test_activity_grid_scores_items_and_half_hours():
    day = date(2026, 11, 18)  # a Wednesday, in the last column
    grid, first = activity_grid({day: 2}, {day: 60, date(2026, 11, 16): 15}, TODAY)
    assert grid.shape == (7, 52)
    assert first.weekday() == 0 and first == date(2026, 11, 16) - timedelta(weeks=51)
    assert grid[2, 51] == 4.0
    assert grid[0, 51] == 0.5
    assert grid[4, 51] == 0.0  # the end day itself has no activity yet, but is not in the future
    assert all(math.isnan(grid[row, 51]) for row in (5, 6))  # Saturday and Sunday after the end
    assert numpy.isfinite(grid[:, :51]).all()


def test_activity_ignores_days_before_the_grid():
    grid, _ = activity_grid({date(2020, 1, 1): 5}, {}, TODAY, weeks=4)
    assert grid.shape == (7, 4)
    assert numpy.nansum(grid) == 0


def test_activity_at_maps_cells_back_to_days():
    first = date(2025, 11, 24)
    assert activity_at(first, 0, 0) == first
    assert activity_at(first, 2, 51) == date(2026, 11, 18)


def test_draw_activity_is_one_image_with_weekday_and_month_labels():
    ax = axes()
    image = draw_activity(ax, {date(2026, 11, 18): 2}, {date(2026, 11, 18): 60}, TODAY)
    ax.get_figure().canvas.draw()
    assert isinstance(image, AxesImage) and image.get_gid() == "activity"
    assert ax.get_images() == [image] and not ax.patches
    assert image.get_array().shape == (7, 52)
    assert image.get_array()[2, 51] == 4.0
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Mon", "Wed", "Fri"]
    months = [label.get_text() for label in ax.get_xticklabels()]
    assert "Nov" in months and "Jan" in months


# --- breakdown and minutes ------------------------------------------------------------------------

COUNTS = {
    "Foundation": {Status.DONE: 3, Status.IN_PROGRESS: 1, Status.TODO: 5, Status.SKIPPED: 1},
    "Foundation · Projects": {Status.DONE: 1, Status.TODO: 2},
}


def test_breakdown_bars_are_stacked_counts():
    ax = axes()
    draw_breakdown(ax, COUNTS)
    ax.get_figure().canvas.draw()
    done = [bar for bar in ax.patches if bar.get_gid() == "breakdown-done"]
    todo = [bar for bar in ax.patches if bar.get_gid() == "breakdown-todo"]
    skipped = [bar for bar in ax.patches if bar.get_gid() == "breakdown-skipped"]
    assert [bar.get_width() for bar in done] == [3, 1]
    assert [bar.get_width() for bar in todo] == [5, 2]
    assert [bar.get_x() for bar in todo] == [4, 1]  # after done and in progress
    assert [bar.get_width() for bar in skipped] == [1, 0]
    assert [label.get_text() for label in ax.get_yticklabels()] == list(COUNTS)
    labels = [text.get_text() for text in ax.texts]
    assert labels.count("5") == 1 and "0" not in labels


def test_weekly_minutes_sums_by_monday_and_fills_gaps():
    sessions = [
        (date(2026, 11, 2), 30),
        (date(2026, 11, 8), 45),
        (date(2026, 11, 18), 20),
        (date(2026, 10, 1), 99),
    ]
    weeks = weekly_minutes(sessions, date(2026, 11, 4), TODAY)
    assert weeks == [(date(2026, 11, 2), 45), (date(2026, 11, 9), 0), (date(2026, 11, 16), 20)]


def test_draw_minutes_draws_one_bar_per_week():
    weeks = [(date(2026, 11, 2), 45), (date(2026, 11, 9), 0), (date(2026, 11, 16), 20)]
    ax = axes()
    draw_minutes(ax, weeks)
    bars = [bar for bar in ax.patches if bar.get_gid() == "minutes"]
    assert [bar.get_height() for bar in bars] == [45, 0, 20]
    assert [bar.get_x() for bar in bars] == nums([monday for monday, _ in weeks])


# --- theme and export -----------------------------------------------------------------------------


@pytest.mark.parametrize("theme", [LIGHT, DARK])
def test_theme_colours_the_figure(theme):
    fig = new_figure()
    ax = fig.add_subplot()
    apply_theme(fig, ax, theme)
    from matplotlib.colors import to_hex

    assert to_hex(fig.get_facecolor()) == theme.background.lower()
    assert to_hex(ax.get_facecolor()) == theme.background.lower()


@pytest.mark.parametrize(
    ("suffix", "magic"), [(".png", (b"\x89PNG",)), (".svg", (b"<?xml", b"<svg")), (".pdf", (b"%PDF",))]
)
def test_save_figure_writes_each_format(tmp_path, suffix, magic):
    fig = new_figure()
    draw_readiness(fig.add_subplot(), SERIES, PLAN, theme=DARK)
    target = tmp_path / f"chart{suffix}"
    save_figure(fig, target)
    assert target.read_bytes().startswith(magic)
    assert [path.name for path in tmp_path.iterdir()] == [target.name]  # no temporary file left behind
    assert suffix in SUPPORTED


def test_save_figure_rejects_other_formats_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "x.gif"
    with pytest.raises(InvalidInput, match=r"Cannot export to 'x\.gif': use \.png, \.svg or \.pdf\."):
        save_figure(new_figure(), target)
    assert not target.exists()


def test_save_figure_replaces_an_existing_file(tmp_path):
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")
    save_figure(new_figure(), target)
    assert target.read_bytes().startswith(b"\x89PNG")


def test_new_figure_is_constrained_with_an_agg_canvas():
    fig = new_figure(6, 3)
    assert type(fig.canvas).__name__ == "FigureCanvasAgg"
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    assert tuple(fig.get_size_inches()) == (6, 3)


# --- hover ----------------------------------------------------------------------------------------


def test_hover_names_the_readiness_point():
    ax = drawn_readiness()
    assert describe_point(ax, mdates.date2num(date(2026, 11, 19)), 34) == "2026-11-19: 34%"


def test_hover_names_plan_forecast_and_exam():
    ax = drawn_readiness()
    assert describe_point(ax, mdates.date2num(date(2026, 11, 26)), 100) == "Plan, 2026-11-26: 100%"
    assert describe_point(ax, mdates.date2num(date(2026, 12, 10)), 99) == "Forecast: 100% on 2026-12-10"
    assert describe_point(ax, mdates.date2num(EXAM), 20) == "Exam on 2026-12-04"


def test_hover_far_from_everything_is_none():
    ax = drawn_readiness()
    assert describe_point(ax, mdates.date2num(date(2026, 11, 17)), 90) is None


def test_hover_on_the_heatmap_names_day_and_score():
    ax = axes()
    draw_activity(ax, {date(2026, 11, 18): 2}, {date(2026, 11, 18): 60}, TODAY)
    assert describe_point(ax, 51.2, 1.8) == "2026-11-18: activity 4"
    assert describe_point(ax, 51, 6) is None  # Sunday after the end
    assert describe_point(ax, 80, 1) is None


def test_hover_on_bars_names_row_status_and_count():
    ax = axes()
    draw_breakdown(ax, COUNTS)
    assert describe_point(ax, 6.0, 0.1) == "Foundation: To do 5"
    assert describe_point(ax, 0.5, 1.0) == "Foundation · Projects: Done 1"
    minutes = axes()
    draw_minutes(minutes, [(date(2026, 11, 16), 120)])
    assert describe_point(minutes, mdates.date2num(date(2026, 11, 18)), 60) == "Week of 2026-11-16: 120 min"


def test_date_ticks_name_the_year_on_new_year_the_month_on_the_first_and_else_the_day():
    from mlops_tracker.charts.dates import tick_label
    from mlops_tracker.domain.phrases import PLAIN, Notation

    assert [tick_label(day, PLAIN) for day in (date(2027, 1, 1), date(2026, 12, 1), date(2026, 12, 8))] == [
        "2027",
        "Dec",
        "8",
    ]
    shouting = Notation(month=lambda day: day.strftime("%B").upper(), count=lambda n: f"<{n}>")
    assert tick_label(date(2026, 3, 1), shouting) == "MARCH"
    assert tick_label(date(2026, 3, 9), shouting) == "<9>"

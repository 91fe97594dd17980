"""Describe the chart element under the cursor in a few words, for a tooltip."""

from __future__ import annotations

from datetime import date

import numpy
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from mlops_tracker.charts.activity import activity_at
from mlops_tracker.domain.model import Status
from mlops_tracker.domain.phrases import PLAIN, Notation

TOLERANCE = 0.04  # how close, as a fraction of the axes, the cursor must be to a line


def describe_point(ax: Axes, x: float, y: float, notation: Notation = PLAIN) -> str | None:
    """Return a short text for the chart element nearest to (x, y) in data coordinates, or None.

    Figures and days are written in `notation`: plainly with ISO dates by default, the window passes its
    locale's.
    """
    for describe in (_describe_image, _describe_bar, _describe_line, _describe_exam):
        text = describe(ax, x, y, notation)
        if text is not None:
            return text
    return None


def _day(value: float) -> date:
    """Return the date of a matplotlib date number."""
    return mdates.num2date(value).date()


def _number(value: float, notation: Notation) -> str:
    """Return a value without a trailing '.0'."""
    return notation.count(round(value)) if float(value).is_integer() else notation.decimal(value, 1)


def _describe_image(ax: Axes, x: float, y: float, notation: Notation) -> str | None:
    """Describe the activity cell under the cursor."""
    for image in ax.get_images():
        if not isinstance(image, AxesImage) or image.get_gid() != "activity":
            continue
        grid = image.get_array()
        row, col = round(y), round(x)
        if grid is None or not (0 <= row < grid.shape[0] and 0 <= col < grid.shape[1]):
            return None
        value = grid[row, col]
        if numpy.ma.is_masked(value) or numpy.isnan(value):
            return None
        day = activity_at(date.fromisoformat(image.get_label()), row, col)
        return f"{notation.day(day)}: activity {_number(float(value), notation)}"
    return None


def _describe_bar(ax: Axes, x: float, y: float, notation: Notation) -> str | None:
    """Describe the breakdown segment or weekly-minutes bar under the cursor."""
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if not isinstance(patch, Rectangle) or not (gid.startswith("breakdown-") or gid == "minutes"):
            continue
        left, bottom = patch.get_x(), patch.get_y()
        right, top = left + patch.get_width(), bottom + patch.get_height()
        if not (min(left, right) <= x <= max(left, right) and min(bottom, top) <= y <= max(bottom, top)):
            continue
        if gid == "minutes":
            return f"Week of {notation.day(_day(left))}: {_number(patch.get_height(), notation)} min"
        status = Status(gid.removeprefix("breakdown-"))
        row = _row_label(ax, bottom + patch.get_height() / 2)
        return f"{row}: {status.label} {_number(patch.get_width(), notation)}"
    return None


def _row_label(ax: Axes, y: float) -> str:
    """Return the y tick label of the bar row at y."""
    for tick, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=False):
        if round(tick) == round(y):
            return label.get_text()
    return ""


# the lines a hover names, with the words before their day ("" for readiness itself)
_LINE_NAMES = {
    "readiness": "",
    "retained": "Retained, ",
    "plan": "Plan, ",
    "schedule": "Current schedule, ",
    "practice": "Practice exam, ",
}


def _describe_line(ax: Axes, x: float, y: float, notation: Notation) -> str | None:
    """Describe the nearest point of the readiness, plan or forecast line, when close enough."""
    to_axes = ax.transData + ax.transAxes.inverted()
    cursor = to_axes.transform((x, y))
    best: tuple[float, Line2D, int] | None = None
    for line in ax.get_lines():
        if line.get_gid() not in _LINE_NAMES and line.get_gid() != "forecast":
            continue
        points = to_axes.transform(line.get_xydata())
        if len(points) == 0:
            continue
        distances = numpy.hypot(*(points - cursor).T)
        index = int(numpy.argmin(distances))
        if distances[index] <= TOLERANCE and (best is None or distances[index] < best[0]):
            best = (float(distances[index]), line, index)
    if best is None:
        return None
    _, line, index = best
    day_number, value = line.get_xydata()[index]
    day = notation.day(_day(day_number))
    if line.get_gid() == "forecast":
        end_number = line.get_xydata()[-1][0]
        return f"Forecast: {notation.percent(100)} on {notation.day(_day(end_number))}"
    return f"{_LINE_NAMES[line.get_gid()]}{day}: {notation.percent(value)}"


def _describe_exam(ax: Axes, x: float, y: float, notation: Notation) -> str | None:
    """Name the exam date when the cursor is on its vertical line."""
    to_axes = ax.transData + ax.transAxes.inverted()
    cursor_x = to_axes.transform((x, y))[0]
    for line in ax.get_lines():
        if line.get_gid() != "exam":
            continue
        exam_number = line.get_xydata()[0][0]
        exam_x = to_axes.transform((exam_number, y))[0]
        if abs(exam_x - cursor_x) <= TOLERANCE / 2:
            return f"Exam on {notation.day(_day(exam_number))}"
    return None

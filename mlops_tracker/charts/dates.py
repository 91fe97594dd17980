"""The date axis of the time charts, written in the caller's notation (the window's locale, or plainly)."""

from __future__ import annotations

from datetime import date

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from mlops_tracker.domain.phrases import Notation


def tick_label(day: date, notation: Notation) -> str:
    """Return a tick's text: the year on 1 January, the month on the 1st, else the day of the month."""
    if day.day == 1:
        return str(day.year) if day.month == 1 else notation.month(day)
    return notation.count(day.day)


def date_axis(ax: Axes, notation: Notation, *, most: int = 8) -> None:
    """Put 3 to `most` date ticks on the x axis, each written with `tick_label`."""
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=most))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: tick_label(mdates.num2date(value).date(), notation))
    )

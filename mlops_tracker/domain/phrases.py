"""The phrases the command line, the window and the report share: plurals, durations, the buffer, the exam.

One place for each phrasing, so "3 days behind" reads the same on every screen. Qt-free and stdlib only:
numbers are written plainly ("1234", "36%") unless the caller passes its own way of writing them (the
window passes its locale's, see `Notation`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

Count = Callable[[int], str]  # writes a whole number: "100000", "1,00,000", "100.000"


def plain_percent(value: float) -> str:
    """Return a percentage as the command line writes it: "36%"."""
    return f"{value:.0f}%"


def plain_decimal(value: float, digits: int = 1) -> str:
    """Return a number with `digits` decimals as the command line writes it: "12.5"."""
    return f"{value:.{digits}f}"


def plain_month(day: date) -> str:
    """Return a month's short English name, as files and the report write it: "Dec"."""
    return day.strftime("%b")


def plain_weekday(day: date) -> str:
    """Return a weekday's short English name: "Mon"."""
    return day.strftime("%a")


@dataclass(frozen=True)
class Notation:
    """How figures and days are written: plainly (ISO dates) for the command line, files and the report;
    the window passes one that follows its locale."""

    count: Count = str
    percent: Callable[[float], str] = plain_percent
    decimal: Callable[[float, int], str] = plain_decimal
    day: Callable[[date], str] = date.isoformat
    month: Callable[[date], str] = plain_month  # the month's short name (chart axes)
    weekday: Callable[[date], str] = plain_weekday  # the weekday's short name (the activity grid)


PLAIN = Notation()


def plural(count: int, word: str, many: str | None = None, *, number: Count = str) -> str:
    """Return "1 day" / "3 days" ("1 activity" / "2 activities" with `many`)."""
    return f"{number(count)} {word if count == 1 else (many or word + 's')}"


def duration(minutes: int, *, number: Count = str) -> str:
    """Return "45 min", "2 h" or "31 h 20 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{number(rest)} min"
    return f"{number(hours)} h" if not rest else f"{number(hours)} h {number(rest)} min"


def buffer(days: int | None, *, number: Count = str) -> str:
    """Return the buffer as people say it: "2 days ahead", "3 days behind", "on plan", "no plan"."""
    if days is None:
        return "no plan"
    if days > 0:
        return f"{plural(days, 'day', number=number)} ahead"
    if days < 0:
        return f"{plural(-days, 'day', number=number)} behind"
    return "on plan"


def days_to_exam(days: int | None, *, number: Count = str) -> str:
    """Return "exam in 3 days", "exam today", "exam was 2 days ago" or "" without an exam date."""
    if days is None:
        return ""
    if days < 0:
        return f"exam was {plural(-days, 'day', number=number)} ago"
    return "exam today" if days == 0 else f"exam in {plural(days, 'day', number=number)}"

"""The phrases the command line, the window and the report share: plurals, durations, the buffer, the exam.

One place for each phrasing, so "3 days behind" reads the same on every screen. Qt-free and stdlib only.
"""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """Return "1 day" / "3 days" ("1 activity" / "2 activities" with `many`)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def duration(minutes: int) -> str:
    """Return "45 min", "2 h" or "31 h 20 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def buffer(days: int | None) -> str:
    """Return the buffer as people say it: "2 days ahead", "3 days behind", "on plan", "no plan"."""
    if days is None:
        return "no plan"
    if days > 0:
        return f"{plural(days, 'day')} ahead"
    if days < 0:
        return f"{plural(-days, 'day')} behind"
    return "on plan"


def days_to_exam(days: int | None) -> str:
    """Return "exam in 3 days", "exam today", "exam was 2 days ago" or "" without an exam date."""
    if days is None:
        return ""
    if days < 0:
        return f"exam was {plural(-days, 'day')} ago"
    return "exam today" if days == 0 else f"exam in {plural(days, 'day')}"

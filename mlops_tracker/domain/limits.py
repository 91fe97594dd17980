"""Limits every way into the data shares (typed, imported, scheduled), so what is stored always exports."""

from __future__ import annotations

from datetime import date

from mlops_tracker.domain.errors import InvalidInput

MIN_YEAR, MAX_YEAR = 2000, 2999  # far enough either way; keeps date arithmetic clear of overflow
MAX_TEXT = 100_000  # notes and evidence longer than this are not something a person typed


def check_day(day: date, what: str = "date") -> date:
    """Return the day, or say that it is outside the years the app keeps."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidInput(f"The {what} {day} is outside the years {MIN_YEAR}–{MAX_YEAR}.")
    return day


def check_text(text: str, what: str) -> str:
    """Return the text, or say that it is too long to keep."""
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"The {what} is {len(text):,} characters long; the most is {MAX_TEXT:,}.")
    return text

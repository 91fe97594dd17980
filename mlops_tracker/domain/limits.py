"""Limits every way into the data shares (typed, imported, scheduled), so what is stored always exports.

One rule per limit: the CLI, the window, the plan scheduler and the import validator all call these.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from datetime import date, datetime, time

from mlops_tracker.domain.errors import InvalidInput

# The supported range of every stored or accepted date: far enough either way for a study tracker, and
# near enough that date arithmetic (a plan's days, a history's rows, a chart's axis) never overflows.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
MIN_YEAR, MAX_YEAR = FIRST_DAY.year, LAST_DAY.year
MAX_TEXT = 100_000  # notes and evidence longer than this are not something a person typed
MIN_CONFIDENCE, MAX_CONFIDENCE = 1, 5
MIN_MINUTES, MAX_MINUTES = 1, 1440  # a study session lasts at most a day

# An import holds at most this much, so every page (which replays the log and lists the plans) stays
# responsive. A plan's tasks are capped by its level (each item once: see formats/export.py).
# 100,000 changes is 45 a day for six years; 50,000 sessions is 20 a day for seven years.
MAX_IMPORT_EVENTS = 100_000
MAX_IMPORT_FIELD_CHANGES = 100_000
MAX_IMPORT_SESSIONS = 50_000
MAX_IMPORT_ANSWERS = 200_000


def day_problem(day: date) -> str | None:
    """Return why a date is outside the supported range, or None when it is inside."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"{day.isoformat()} is outside the supported dates {FIRST_DAY} to {LAST_DAY}"


def check_day(day: date, what: str = "date") -> date:
    """Return the day, or say that it is outside the supported range."""
    if day_problem(day) is not None:
        raise InvalidInput(
            f"The {what} {day.isoformat()} is outside the supported dates {FIRST_DAY} to {LAST_DAY}."
        )
    return day


def check_moment(moment: datetime, what: str = "time") -> datetime:
    """Return a moment whose (UTC) date is in the supported range, or say that it is not."""
    check_day(moment.date(), what)
    return moment


def check_text(text: str, what: str) -> str:
    """Return the text, or say that it is too long to keep."""
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"The {what} is {len(text):,} characters long; the most is {MAX_TEXT:,}.")
    return text


def check_confidence(value: int, *, clear: int | None = None) -> int:
    """Return a confidence rating 1–5 (or the `clear` value, when one is allowed), or say it is wrong."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    if whole and (MIN_CONFIDENCE <= value <= MAX_CONFIDENCE or (clear is not None and value == clear)):
        return value
    also = f" ({clear} clears it)" if clear is not None else ""
    raise InvalidInput(f"Confidence must be {MIN_CONFIDENCE} to {MAX_CONFIDENCE}{also}; got {value}.")


def check_minutes(minutes: int) -> int:
    """Return a study session's minutes, or say they are out of range."""
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidInput(f"Minutes must be {MIN_MINUTES} to {MAX_MINUTES}; got {minutes}.")
    return minutes


# ---- settings ------------------------------------------------------------------------------------
# Every key the app reads, with the check its value must pass. An import drops unknown keys and refuses
# bad values of known ones; whoever reads a setting still falls back to its default on a bad value.

THEMES: tuple[str, ...] = ("system", "light", "dark")
MAX_LAYOUT = 64 * 1024  # Qt's saved geometry and dock state are a few hundred bytes
_NAME_RE = re.compile(r"[a-z_]{1,40}")
_HEX_RE = re.compile(r"[0-9a-f]{16,128}")


def _theme(value: object) -> str | None:
    return None if value in THEMES else f"should be one of {', '.join(THEMES)}"


def _layout(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > MAX_LAYOUT:
        return "should be the window's saved layout (base64 text)"
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return "should be the window's saved layout (base64 text)"
    return None


def _page(value: object) -> str | None:
    return None if isinstance(value, str) and _NAME_RE.fullmatch(value) else "should be a page name"


def _flag(value: object) -> str | None:
    return None if isinstance(value, bool) else "should be true or false"


def _clock_time(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"[0-9]{2}:[0-9]{2}", value):
        try:
            time.fromisoformat(value)
            return None
        except ValueError:
            pass
    return "should be a time written HH:MM, or null"


def _short_text(value: object) -> str | None:
    if isinstance(value, str) and len(value) <= 200:
        return None
    return "should be text of at most 200 characters"


_LOCALE_RE = re.compile(r"[a-z]{2,3}(?:_[A-Za-z0-9]{2,4}){0,2}")


def _locale(value: object) -> str | None:
    if value == "" or (isinstance(value, str) and _LOCALE_RE.fullmatch(value)):
        return None
    return 'should be a locale name such as "de_DE", or "" for the system\'s'


def _digest(value: object) -> str | None:
    return None if isinstance(value, str) and _HEX_RE.fullmatch(value) else "should be a hexadecimal digest"


def _whole(low: int, high: int) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if type(value) is int and low <= value <= high:
            return None
        return f"should be a whole number from {low} to {high}"

    return check


# practice exams (domain/practice.py): questions per exam, minutes allowed, pass mark in percent
PRACTICE_QUESTIONS = (5, 100)
PRACTICE_MINUTES = (1, 240)
PASS_MARK = (1, 100)

SETTINGS: dict[str, Callable[[object], str | None]] = {
    "theme": _theme,
    "window_geometry": _layout,
    "window_state": _layout,
    "last_page": _page,
    "wizard_done": _flag,
    "reminder_time": _clock_time,
    "role": _short_text,
    "locale": _locale,
    "seed_digest": _digest,
    "study_digest": _digest,
    "practice_questions": _whole(*PRACTICE_QUESTIONS),
    "practice_minutes": _whole(*PRACTICE_MINUTES),
    "pass_mark": _whole(*PASS_MARK),
}
# settings that describe this computer's copy of the app, not the learner: never taken from an import
LOCAL_SETTINGS = frozenset({"seed_digest", "study_digest"})


def setting_problem(key: str, value: object) -> str | None:
    """Return why a value is not valid for a known setting (None when it is, or the key is unknown)."""
    check = SETTINGS.get(key)
    return check(value) if check is not None else None

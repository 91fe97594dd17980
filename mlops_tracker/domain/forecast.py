"""Forecast: from the recent pace, the day readiness reaches 100%, against the exam date."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mlops_tracker.domain.model import ReadinessPoint
from mlops_tracker.domain.phrases import plain_percent

# beyond this a date is not a forecast anyone can plan with (and date arithmetic could overflow)
MAX_FORECAST_DAYS = 3650


@dataclass(frozen=True)
class Forecast:
    """When readiness reaches 100% at the recent pace, and whether that is before the exam."""

    ready_on: date | None
    pace_per_day: float
    exam: date | None
    on_time: bool | None  # None without an exam or without a forecast
    note: str = ""  # the sentence when there is no date to forecast ("No progress in the last 14 days…")

    @property
    def message(self) -> str:
        """Return the forecast as a sentence with ISO dates (the command line's)."""
        return self.describe()

    def describe(
        self, day: Callable[[date], str] = date.isoformat, *, percent: Callable[[float], str] = plain_percent
    ) -> str:
        """Return the forecast as a sentence, writing dates with `day` and percentages with `percent`
        (the window passes its locale's)."""
        if self.note or self.ready_on is None:
            return self.note
        against = _against_exam(self.ready_on, self.exam, day)
        sentence = f"At this pace you reach {percent(100)} on {day(self.ready_on)}{against}"
        return sentence if sentence.endswith(".") else sentence + "."  # a day may end in one: "7. Dez."


def _days(count: int) -> str:
    """Return "1 day" / "3 days"."""
    return f"{count} day" if count == 1 else f"{count} days"


def _against_exam(ready_on: date, exam: date | None, day: Callable[[date], str]) -> str:
    """Return how a ready date compares with the exam, as the tail of a sentence."""
    if exam is None:
        return ""
    if ready_on == exam:
        return ", on the exam day"
    if ready_on < exam:
        return f", {_days((exam - ready_on).days)} before the exam"
    return f", {_days((ready_on - exam).days)} after the exam on {day(exam)}"


def forecast(history: Sequence[ReadinessPoint], today: date, exam: date | None, window: int = 14) -> Forecast:
    """Return when readiness reaches 100% at the pace of the last `window` days."""
    known = sorted((point for point in history if point.day <= today), key=lambda point: point.day)
    if not known:
        return Forecast(None, 0.0, exam, None, "No readiness history yet: no forecast.")
    # the value today is the last one known (a day without a point kept the previous readiness)
    now = known[-1].readiness
    if now >= 100:
        tail = f", {_days((exam - today).days)} before the exam" if exam and exam > today else ""
        return Forecast(
            today,
            0.0,
            exam,
            None if exam is None else today <= exam,
            f"You are at 100%{tail}.",
        )
    start = today - timedelta(days=window)
    earlier = [point for point in known if point.day <= start]
    # with less history than the window, measure from the first point
    past = earlier[-1] if earlier else known[0]
    span = (today - past.day).days
    if span <= 0:
        return Forecast(None, 0.0, exam, None, "Not enough history yet: no forecast.")
    pace = (now - past.readiness) / span
    if pace <= 0:
        last = "the last day" if span == 1 else f"the last {span} days"
        return Forecast(None, pace, exam, None, f"No progress in {last}: no forecast yet.")
    # round first so float noise (2.0000000001) does not add a whole day
    needed = math.ceil(round((100 - now) / pace, 9))
    if needed > MAX_FORECAST_DAYS:
        return Forecast(
            None,
            pace,
            exam,
            None if exam is None else False,
            "At this pace 100% is more than ten years away.",
        )
    ready_on = today + timedelta(days=needed)
    on_time = None if exam is None else ready_on <= exam
    return Forecast(ready_on, pace, exam, on_time)

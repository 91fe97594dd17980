"""Forecast: the day readiness reaches 100% at the recent pace, against the exam."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mlops_tracker.domain.forecast import Forecast, forecast
from mlops_tracker.domain.model import ReadinessPoint

TODAY = date(2026, 11, 30)


def history(*values: float, last: date = TODAY) -> list[ReadinessPoint]:
    """Return one point a day ending on `last`."""
    first = last - timedelta(days=len(values) - 1)
    return [ReadinessPoint(first + timedelta(days=n), value) for n, value in enumerate(values)]


def linear(start: float, per_day: float, days: int = 20) -> list[ReadinessPoint]:
    return history(*(start + per_day * n for n in range(days)))


def test_on_time_before_the_exam() -> None:
    # 2 points a day over the last 14 days, at 72 today: 14 days to go
    result = forecast(linear(72 - 19 * 2, 2), TODAY, exam=date(2026, 12, 20))
    assert result == Forecast(
        ready_on=date(2026, 12, 14),
        pace_per_day=pytest.approx(2.0),
        exam=date(2026, 12, 20),
        on_time=True,
    )
    assert result.message == "At this pace you reach 100% on 2026-12-14, 6 days before the exam."
    in_words = result.describe(lambda day: f"{day:%d/%m}")
    assert in_words == "At this pace you reach 100% on 14/12, 6 days before the exam."
    german = result.describe(lambda day: f"{day.day}. Dez.", percent=lambda value: f"{value:.0f}\u00a0%")
    assert german == "At this pace you reach 100\u00a0% on 14. Dez., 6 days before the exam."
    late = forecast(linear(10, 1), TODAY, exam=date(2026, 12, 20)).describe(lambda day: f"{day.day}. Dez.")
    assert late.endswith(" after the exam on 20. Dez.")  # one full stop, not two


def test_late_for_the_exam() -> None:
    result = forecast(linear(10, 1), TODAY, exam=date(2026, 12, 20))
    # at 29 today, 1 point a day: 71 more days
    assert result.ready_on == TODAY + timedelta(days=71)
    assert result.on_time is False
    assert (
        result.message == "At this pace you reach 100% on 2027-02-09, 51 days after the exam on 2026-12-20."
    )


def test_on_the_exam_day_and_without_an_exam() -> None:
    on_the_day = forecast(linear(72 - 38, 2), TODAY, exam=date(2026, 12, 14))
    assert on_the_day.on_time is True
    assert on_the_day.message.endswith("on 2026-12-14, on the exam day.")
    no_exam = forecast(linear(72 - 38, 2), TODAY, exam=None)
    assert no_exam.on_time is None
    assert no_exam.message == "At this pace you reach 100% on 2026-12-14."


def test_the_pace_uses_only_the_window() -> None:
    # fast long ago, 1 point a day for the last 14 days
    values = [0, 30, 60, *(60 + n for n in range(1, 18))]
    result = forecast(history(*values), TODAY, exam=None)
    assert result.pace_per_day == pytest.approx(1.0)
    assert result.ready_on == TODAY + timedelta(days=100 - values[-1])
    assert forecast(history(*values), TODAY, exam=None, window=30).pace_per_day == pytest.approx(77 / 19)


def test_short_history_measures_from_its_first_point() -> None:
    result = forecast(history(40, 50, 60), TODAY, exam=None)
    assert result.pace_per_day == pytest.approx(10.0)
    assert result.ready_on == TODAY + timedelta(days=4)


def test_no_progress_gives_no_forecast() -> None:
    result = forecast(history(*[30.0] * 20), TODAY, exam=date(2026, 12, 20))
    assert result.ready_on is None
    assert result.on_time is None
    assert result.message == "No progress in the last 14 days: no forecast yet."
    assert (
        forecast(history(40, 30), TODAY, exam=None).message == "No progress in the last day: no forecast yet."
    )


def test_already_ready() -> None:
    result = forecast(history(90, 100), TODAY, exam=date(2026, 12, 20))
    assert result.ready_on == TODAY
    assert result.on_time is True
    assert result.message == "You are at 100%, 20 days before the exam."


def test_without_enough_history() -> None:
    assert forecast([], TODAY, exam=None).message == "No readiness history yet: no forecast."
    assert forecast(history(20), TODAY, exam=None).message == "Not enough history yet: no forecast."
    future_only = history(20, last=TODAY + timedelta(days=3))
    assert forecast(future_only, TODAY, exam=None).ready_on is None


def test_a_crawl_is_not_a_date() -> None:
    result = forecast(linear(0, 0.001), TODAY, exam=date(2026, 12, 20))
    assert result.ready_on is None
    assert result.on_time is False
    assert result.message == "At this pace 100% is more than ten years away."


def test_history_ending_before_today_carries_the_last_value() -> None:
    points = history(10, 20, 30, last=TODAY - timedelta(days=2))
    result = forecast(points, TODAY, exam=None)
    assert result.pace_per_day == pytest.approx(20 / 4)

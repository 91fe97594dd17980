"""The fit check's sentence adds up: study days × budget, less what is already done, give the capacity."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_tracker.domain.packing import describe_fit, fit_check

START = date(2027, 1, 4)  # a Monday
WEEKDAYS = frozenset(range(5))
GIVE = re.compile(
    r"(\d+) study days? × (\d+) min(?:, less (.+?) of steps already done on them,)? give (.+?):"
)


def minutes_of(text: str) -> int:
    """Return the minutes a duration such as "7 h 20 min", "8 h" or "55 min" says."""
    hours = re.search(r"(\d+) h", text)
    mins = re.search(r"(\d+) min", text)
    return (int(hours.group(1)) * 60 if hours else 0) + (int(mins.group(1)) if mins else 0)


def _days(count: int) -> list[date]:
    days, day = [], START
    while len(days) < count:
        if day.weekday() in WEEKDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def test_minutes_already_done_on_the_days_are_named_in_the_sentence():
    # the learner's day 10: 11 study days at 45 min, 55 min of steps already ticked on them
    days = _days(11)
    used = {days[0]: 32, days[1]: 23}
    fit = fit_check(1080, days, 45, WEEKDAYS, review_day=False, review_from=days[0], used=used)
    text = describe_fit(fit)
    assert "11 study days × 45 min, less 55 min of steps already done on them, give 7 h 20 min" in text
    assert text.startswith("needs 19 h 50 min (18 h of steps, 1 h 50 min of reviews);")


def test_a_plan_with_nothing_done_reads_as_before():
    days = _days(11)
    text = describe_fit(fit_check(1080, days, 45, WEEKDAYS, review_day=False, review_from=days[1]))
    assert "11 study days × 45 min give 8 h 15 min:" in text and "less" not in text


@settings(max_examples=200, deadline=None)
@given(
    count=st.integers(1, 40),
    budget=st.integers(15, 480),
    total=st.integers(1, 20_000),
    used=st.lists(st.integers(0, 600), max_size=40),
    review_day=st.booleans(),
)
def test_the_sentence_adds_up(count, budget, total, used, review_day):
    days = _days(count)
    taken = {day: minutes for day, minutes in zip(days, used, strict=False) if minutes}
    fit = fit_check(total, days, budget, WEEKDAYS, review_day=review_day, review_from=days[0], used=taken)
    match = GIVE.search(describe_fit(fit))
    assert match is not None
    working, per_day = int(match.group(1)), int(match.group(2))
    less = minutes_of(match.group(3)) if match.group(3) else 0
    assert per_day == budget
    assert working * per_day - less == minutes_of(match.group(4))

"""Packing study steps into study days: each step once, in order, within the cap, no empty day."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.packing import (
    MIN_USEFUL_DAY_MINUTES,
    REVIEW_SLOT_MINUTES,
    Work,
    check_budget,
    describe_fit,
    fit_check,
    pack,
    review_slot,
)
from mlops_tracker.domain.phrases import duration

START = date(2027, 1, 4)  # a Monday


def study_days(weekdays: frozenset[int], length: int, start: date = START) -> list[date]:
    """Return the study days of a plan window of `length` days."""
    return [
        start + timedelta(days=i) for i in range(length) if (start + timedelta(days=i)).weekday() in weekdays
    ]


def work_of(minutes: list[int]) -> list[Work]:
    return [
        Work(step_id=f"item{i // 3}:step{i}", item_id=f"item{i // 3}", minutes=m)
        for i, m in enumerate(minutes)
    ]


weekday_sets = st.sets(st.integers(0, 6), min_size=1).map(frozenset)
step_minutes = st.lists(st.integers(1, 240), min_size=0, max_size=80)


def _load(packing) -> dict[date, int]:
    load: dict[date, int] = defaultdict(int)
    for piece in packing.pieces:
        load[piece.day] += piece.minutes
    return load


@settings(max_examples=300, deadline=None)
@given(
    minutes=step_minutes,
    weekdays=weekday_sets,
    length=st.integers(7, 60),
    budget=st.integers(15, 480),
    review_day=st.booleans(),
    reviews=st.booleans(),
    used=st.lists(st.integers(0, 480), max_size=60),
)
def test_every_step_is_placed_once_in_order_on_study_days_within_the_budget(
    minutes, weekdays, length, budget, review_day, reviews, used
):
    days = study_days(weekdays, length)
    work = work_of(minutes)
    review_from = days[1] if reviews and len(days) > 1 else None
    taken = {day: minutes_used for day, minutes_used in zip(days, used, strict=False) if minutes_used}
    packing = pack(work, days, budget, weekdays, review_day=review_day, review_from=review_from, used=taken)
    # every step exactly once: placed (a split step's parts add up) or in the unscheduled list, the tail
    placed: dict[str, int] = defaultdict(int)
    for piece in packing.pieces:
        placed[piece.step_id] += piece.minutes
    kept = work[: len(work) - len(packing.unscheduled)]
    assert list(packing.unscheduled) == work[len(kept) :]
    assert placed == {step.step_id: step.minutes for step in kept}
    if packing.unscheduled:
        assert not packing.fit.fits or taken
    elif not taken:
        assert packing.fit.fits or not work
    # in order: the pieces follow the steps, days never go back, parts count up
    order = [piece.step_id for piece in packing.pieces]
    assert [s for i, s in enumerate(order) if i == 0 or order[i - 1] != s] == [s.step_id for s in kept]
    assert [p.day for p in packing.pieces] == sorted(p.day for p in packing.pieces)
    for step in kept:
        parts = [p for p in packing.pieces if p.step_id == step.step_id]
        assert [p.part for p in parts] == list(range(1, len(parts) + 1))
        assert all(p.parts == len(parts) for p in parts)
    # only on study days, never on the final review day
    assert {p.day for p in packing.pieces} <= set(days)
    if review_day and len(days) > 1:
        assert packing.final_review == days[-1]
        assert all(p.day != days[-1] for p in packing.pieces)
    # never over the budget: the review session and the minutes already used come off first
    slot = review_slot(budget)
    for day, load in _load(packing).items():
        reserved = slot if review_from is not None and day >= review_from else 0
        assert load + reserved + taken.get(day, 0) <= budget


@settings(max_examples=300, deadline=None)
@given(
    minutes=step_minutes,
    weekdays=weekday_sets,
    length=st.integers(7, 60),
    budget=st.integers(15, 480),
    reviews=st.booleans(),
)
def test_no_study_day_is_empty_when_the_work_allows(minutes, weekdays, length, budget, reviews):
    days = study_days(weekdays, length)
    working = days[:-1] if len(days) > 1 else days
    review_from = days[1] if reviews and len(days) > 1 else None
    packing = pack(work_of(minutes), days, budget, weekdays, review_from=review_from)
    placed = sum(p.minutes for p in packing.pieces)
    if placed >= MIN_USEFUL_DAY_MINUTES * len(working):
        assert {p.day for p in packing.pieces} == set(working)
    elif packing.pieces:
        # too little work for every day: it still starts on the first day
        assert packing.pieces[0].day == days[0]


@settings(max_examples=100, deadline=None)
@given(minutes=step_minutes, weekdays=weekday_sets, length=st.integers(7, 60), budget=st.integers(15, 480))
def test_the_same_input_gives_the_same_plan(minutes, weekdays, length, budget):
    days = study_days(weekdays, length)
    again = pack(work_of(minutes), days, budget, weekdays, review_from=days[-1])
    assert pack(work_of(minutes), days, budget, weekdays, review_from=days[-1]) == again


def test_days_are_even_and_most_steps_stay_whole():
    # 26 study days (Mon–Sat over 30 days) and 40 steps of 30–60 minutes
    weekdays = frozenset(range(6))
    days = study_days(weekdays, 30)
    minutes = [30 + (i * 7) % 31 for i in range(40)]
    packing = pack(work_of(minutes), days, 120, weekdays)
    load: dict[date, int] = defaultdict(int)
    for piece in packing.pieces:
        load[piece.day] += piece.minutes
    share = sum(minutes) / (len(days) - 1)
    assert max(load.values()) - min(load.values()) <= 2 * 15 + 1
    assert all(abs(value - share) <= 60 for value in load.values())
    split = {p.step_id for p in packing.pieces if p.parts > 1}
    assert len(split) <= len(minutes) // 4


def test_a_step_longer_than_the_budget_is_split_into_parts_within_the_budget():
    weekdays = frozenset(range(7))
    days = study_days(weekdays, 14)
    packing = pack(work_of([300, 20]), days, 60, weekdays)
    long_parts = [p for p in packing.pieces if p.step_id == "item0:step0"]
    assert len(long_parts) >= 5
    assert all(p.minutes <= 60 for p in long_parts)


def test_work_that_does_not_fit_is_planned_within_the_budget_and_the_rest_kept_as_not_fitting():
    weekdays = frozenset(range(6))
    days = study_days(weekdays, 30)  # 26 study days: 25 for steps and a final review
    work = work_of([80] * 25)
    packing = pack(work, days, 60, weekdays)
    fit = packing.fit
    assert not fit.fits
    assert fit.needed_per_day == math.ceil(2000 / 25) == 80
    # 25 days × 60 min hold 18 whole steps of 80 min; the other 7 do not fit, in order
    assert sum(p.minutes for p in packing.pieces) == 18 * 80
    assert packing.unscheduled == tuple(work[18:])
    assert max(_load(packing).values()) <= 60
    assert fit.later_exam is not None
    # at 60 min a day the steps need 34 study days and a final review: the exam the day after the 35th
    later = study_days(weekdays, 60)
    assert fit.later_exam == later[34] + timedelta(days=1)


def test_review_sessions_count_in_the_fit_check():
    weekdays = frozenset(range(7))
    days = study_days(weekdays, 10)
    # 10 days × 60 min = 600 min; with a 10-min session on days 2–10 the steps get 510
    assert fit_check(510, days, 60, weekdays, review_day=False, review_from=days[1]).fits
    fit = fit_check(520, days, 60, weekdays, review_day=False, review_from=days[1])
    assert not fit.fits and fit.needed_per_day == 61 and fit.review_minutes == 90
    text = describe_fit(fit)
    assert text.startswith("needs 10 h 10 min (8 h 40 min of steps, 1 h 30 min of reviews); 10 study days")
    assert review_slot(15) == 5 and review_slot(60) == REVIEW_SLOT_MINUTES


def test_fit_is_described_in_numbers():
    weekdays = frozenset(range(6))
    days = study_days(weekdays, 31)[:26]
    fit = fit_check(1880, days, 60, weekdays)
    text = describe_fit(fit)
    assert text.startswith("needs 31 h 20 min; 25 study days × 60 min give 25 h: raise to 76 min a day")
    assert f"move the exam to {fit.later_exam.day} {fit.later_exam:%b}" in text
    assert describe_fit(fit_check(600, days, 60, weekdays)).endswith("it fits.")


def test_minutes_read_as_hours_and_minutes():
    assert [duration(m) for m in (45, 60, 120, 1880)] == ["45 min", "1 h", "2 h", "31 h 20 min"]


@pytest.mark.parametrize("budget", [14, 481, 0])
def test_a_budget_out_of_range_is_refused_in_one_line(budget):
    with pytest.raises(InvalidInput, match="15 to 480") as caught:
        check_budget(budget)
    assert "\n" not in str(caught.value)


def test_a_plan_of_one_study_day_keeps_no_final_review():
    weekdays = frozenset({0})
    days = study_days(weekdays, 7)
    packing = pack(work_of([30, 30]), days, 60, weekdays)
    assert packing.final_review is None
    assert {p.day for p in packing.pieces} == {days[0]}


def test_fit_advice_never_asks_for_a_budget_over_the_limit():
    weekdays = frozenset(range(6))
    days = study_days(weekdays, 3)[:2]  # one working day and the final review
    fit = fit_check(1300, days, 60, weekdays)
    assert fit.needed_per_day > 480
    text = describe_fit(fit)
    assert "raise to" not in text
    assert "it does not fit even at 480 min a day: move the exam to" in text

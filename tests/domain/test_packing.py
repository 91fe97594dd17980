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
    Work,
    check_budget,
    describe_fit,
    fit_check,
    pack,
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


@settings(max_examples=300, deadline=None)
@given(minutes=step_minutes, weekdays=weekday_sets, length=st.integers(7, 60), budget=st.integers(15, 480))
def test_every_step_is_placed_once_in_order_on_study_days_within_the_cap(minutes, weekdays, length, budget):
    days = study_days(weekdays, length)
    work = work_of(minutes)
    packing = pack(work, days, budget, weekdays)
    placed: dict[str, int] = defaultdict(int)
    for piece in packing.pieces:
        placed[piece.step_id] += piece.minutes
    assert placed == {step.step_id: step.minutes for step in work} or (not days and not packing.pieces)
    if not days:
        return
    # in order: the pieces follow the steps, days never go back, parts count up
    order = [piece.step_id for piece in packing.pieces]
    assert [s for i, s in enumerate(order) if i == 0 or order[i - 1] != s] == [s.step_id for s in work]
    assert [p.day for p in packing.pieces] == sorted(p.day for p in packing.pieces)
    for step in work:
        parts = [p for p in packing.pieces if p.step_id == step.step_id]
        assert [p.part for p in parts] == list(range(1, len(parts) + 1))
        assert all(p.parts == len(parts) for p in parts)
    # only on study days, never on the final review day
    assert {p.day for p in packing.pieces} <= set(days)
    if len(days) > 1:
        assert packing.final_review == days[-1]
        assert all(p.day != days[-1] for p in packing.pieces)
    # never over the cap, and the cap is the budget whenever the work fits
    load: dict[date, int] = defaultdict(int)
    for piece in packing.pieces:
        load[piece.day] += piece.minutes
    assert all(minutes_of_day <= packing.fit.cap for minutes_of_day in load.values())
    if packing.fit.fits:
        assert packing.fit.cap == budget


@settings(max_examples=300, deadline=None)
@given(minutes=step_minutes, weekdays=weekday_sets, length=st.integers(7, 60), budget=st.integers(15, 480))
def test_no_study_day_is_empty_when_the_work_allows(minutes, weekdays, length, budget):
    days = study_days(weekdays, length)
    working = days[:-1] if len(days) > 1 else days
    packing = pack(work_of(minutes), days, budget, weekdays)
    if sum(minutes) >= MIN_USEFUL_DAY_MINUTES * len(working):
        assert {p.day for p in packing.pieces} == set(working)
    elif minutes:
        # too little work for every day: it still starts on the first day
        assert packing.pieces[0].day == days[0]


@settings(max_examples=100, deadline=None)
@given(minutes=step_minutes, weekdays=weekday_sets, length=st.integers(7, 60), budget=st.integers(15, 480))
def test_the_same_input_gives_the_same_plan(minutes, weekdays, length, budget):
    days = study_days(weekdays, length)
    assert pack(work_of(minutes), days, budget, weekdays) == pack(work_of(minutes), days, budget, weekdays)


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


def test_work_that_does_not_fit_is_still_planned_at_the_budget_it_needs():
    weekdays = frozenset(range(6))
    days = study_days(weekdays, 30)  # 26 study days: 25 for steps and a final review
    packing = pack(work_of([80] * 25), days, 60, weekdays)
    fit = packing.fit
    assert not fit.fits
    assert fit.needed_per_day == math.ceil(2000 / 25) == 80
    assert sum(p.minutes for p in packing.pieces) == 2000
    assert fit.later_exam is not None
    # at 60 min a day the steps need 34 study days and a final review: the exam the day after the 35th
    later = study_days(weekdays, 60)
    assert fit.later_exam == later[34] + timedelta(days=1)


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

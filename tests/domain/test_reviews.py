"""FSRS cards replayed from answers: deterministic, order-free, and a right answer pushes the review later."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_tracker.domain import reviews
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.model import FieldChange

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ITEM = "foundation.skill.ml-lifecycle"
OTHER = "foundation.skill.team-roles"


def _answer(day: int, correct: bool, item: str = ITEM, minute: int = 0, choice: int | None = 0) -> Answer:
    at = START + timedelta(days=day, minutes=minute)
    return Answer(str(uuid.uuid4()), f"q.{item}.x", item, choice, correct, 10, at, "cli")


histories = st.lists(
    st.tuples(st.integers(0, 60), st.booleans(), st.sampled_from([ITEM, OTHER]), st.integers(0, 600)),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(history=histories, gap=st.integers(1, 40))
def test_a_right_answer_moves_the_next_review_later_than_a_wrong_one(history, gap):
    answers = [_answer(day, ok, item, minute) for day, ok, item, minute in history]
    last = max((day for day, *_ in history), default=0) + gap
    right = reviews.timelines([*answers, _answer(last, True)], [], UTC)[ITEM][-1]
    wrong = reviews.timelines([*answers, _answer(last, False)], [], UTC)[ITEM][-1]
    # FSRS never schedules less than a day: a very weak card is due tomorrow either way, but a right answer
    # always leaves it stronger, so it is due no sooner and recalled better on every later day
    assert right.due >= wrong.due and right.stability > wrong.stability
    assert reviews.retrievability(right, right.due) > reviews.retrievability(wrong, right.due)


def test_a_first_right_answer_is_due_later_than_a_first_wrong_one():
    right = reviews.timelines([_answer(0, True)], [], UTC)[ITEM][-1]
    wrong = reviews.timelines([_answer(0, False)], [], UTC)[ITEM][-1]
    assert right.due > wrong.due


@settings(max_examples=100, deadline=None)
@given(history=histories, data=st.data())
def test_the_same_answers_in_any_order_of_insertion_give_the_same_cards(history, data):
    answers = [_answer(day, ok, item, minute) for day, ok, item, minute in history]
    shuffled = data.draw(st.permutations(answers))
    assert reviews.timelines(shuffled, [], UTC) == reviews.timelines(answers, [], UTC)


def test_several_answers_on_one_day_are_one_review_and_any_wrong_one_rates_again():
    days = reviews.review_days([_answer(0, True), _answer(0, False, minute=5), _answer(2, True)], [], UTC)
    assert days[ITEM] == [(START.date(), reviews.AGAIN), (START.date() + timedelta(days=2), reviews.GOOD)]


def test_low_confidence_at_the_time_of_the_answer_rates_hard():
    low = FieldChange("c1", ITEM, "confidence", 2, START - timedelta(hours=1), "cli")
    high = FieldChange("c2", ITEM, "confidence", 5, START + timedelta(days=1), "cli")
    days = reviews.review_days([_answer(0, True), _answer(3, True)], [low, high], UTC)
    assert [rating for _, rating in days[ITEM]] == [reviews.HARD, reviews.GOOD]
    hard = reviews.timelines([_answer(0, True)], [low], UTC)[ITEM][-1]
    good = reviews.timelines([_answer(0, True)], [], UTC)[ITEM][-1]
    assert hard.due <= good.due and hard.stability < good.stability


def test_unanswered_practice_questions_and_guide_questions_make_no_card():
    guide = Answer("g", "q.guide.x", None, 1, True, 5, START, "cli")
    assert reviews.timelines([_answer(0, False, choice=None), guide], [], UTC) == {}


def test_retrievability_is_the_fsrs_curve_one_on_the_review_day_and_zero_never_checked():
    from fsrs import Card, Rating

    card = reviews.timelines([_answer(0, True), _answer(4, True)], [], UTC)[ITEM][-1]
    fsrs_card = Card(card_id=1, due=datetime.combine(START.date(), datetime.min.time(), UTC))
    for day in (0, 4):
        moment = datetime.combine(START.date() + timedelta(days=day), datetime.min.time(), UTC)
        fsrs_card, _ = reviews.scheduler().review_card(fsrs_card, Rating.Good, moment)
    for later in (0, 1, 10, 100):
        day = card.last_day + timedelta(days=later)
        expected = reviews.scheduler().get_card_retrievability(
            fsrs_card, datetime.combine(day, datetime.min.time(), UTC)
        )
        assert abs(reviews.retrievability(card, day) - expected) < 1e-12
    assert reviews.retrievability(card, card.last_day) == 1.0
    assert reviews.retrievability(None, date(2026, 5, 1)) == 0.0


def test_due_reviews_lists_items_due_by_the_day_with_the_card_as_it_stood():
    states = reviews.timelines([_answer(0, False), _answer(0, True, item=OTHER)], [], UTC)
    first = START.date()
    assert reviews.due_reviews(states, first) == []
    due = reviews.due_reviews(states, first + timedelta(days=30))
    assert [r.item_id for r in due] == [ITEM, OTHER] and all(r.fading for r in due)
    assert reviews.card_on(states[ITEM], first - timedelta(days=1)) is None


# two days before each daylight-saving change of 2026: at 02:00, at midnight, by half an hour
CHANGES = [
    ("Europe/Berlin", datetime(2026, 3, 27, tzinfo=UTC)),
    ("Europe/Berlin", datetime(2026, 10, 23, tzinfo=UTC)),
    ("America/Santiago", datetime(2026, 4, 2, tzinfo=UTC)),
    ("America/Santiago", datetime(2026, 9, 4, tzinfo=UTC)),
    ("Australia/Lord_Howe", datetime(2026, 4, 3, tzinfo=UTC)),
    ("UTC", datetime(2026, 3, 27, tzinfo=UTC)),
]


def _local_days(answers: list[Answer], zone: str) -> tuple[list, list]:
    """Return the review days of `answers` and those of the rule applied answer by answer."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    expected: dict[date, bool] = {}
    for answer in answers:  # its local date; any wrong answer that day rates it Again
        day = answer.at.astimezone(tz).date()
        expected[day] = expected.get(day, False) or not answer.correct
    rated = [(day, reviews.AGAIN if wrong else reviews.GOOD) for day, wrong in sorted(expected.items())]
    return reviews.review_days(answers, [], tz).get(ITEM, []), rated


def _at(start: datetime, minutes: list[int]) -> list[Answer]:
    return [
        Answer(f"a{n}", "q", ITEM, 0, n % 3 != 0, 5, start + timedelta(minutes=minute), "cli")
        for n, minute in enumerate(minutes)
    ]


@settings(max_examples=300, deadline=None)
@given(
    moments=st.lists(st.integers(0, 5 * 24 * 60), max_size=60),
    change=st.sampled_from(CHANGES),
    in_order=st.booleans(),
)
def test_each_answer_counts_on_its_local_day_in_any_order(moments, change, in_order):
    zone, start = change
    days, expected = _local_days(_at(start, sorted(moments) if in_order else moments), zone)
    assert days == expected


def test_each_answer_counts_on_its_local_day_around_daylight_saving_changes():
    from zoneinfo import ZoneInfo

    for zone, start in CHANGES:
        tz = ZoneInfo(zone)
        for parity in (0, 1):  # one answer a day, late one day and just after midnight the next, in order
            answers = []
            for k in range(6):
                day = start.date() + timedelta(days=k)
                local = time(20) if k % 2 == parity else time(0, 10)
                at = datetime.combine(day, local, tz).astimezone(UTC)
                answers.append(Answer(f"a{k}", "q", ITEM, 0, True, 5, at, "cli"))
            days, expected = _local_days(answers, zone)
            assert days == expected, (zone, parity)

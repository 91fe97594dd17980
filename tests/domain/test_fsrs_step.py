"""The replay's own FSRS step gives exactly the card `fsrs.Scheduler.review_card` gives (the reference)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fsrs import Card, Rating, State
from fsrs.scheduler import DEFAULT_PARAMETERS
from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_tracker.domain import fsrs_step, reviews

FIRST = date(2024, 1, 1)

# (days after the previous review, rating): gaps from one day to years, every rating the package knows
sequences = st.lists(
    st.tuples(st.one_of(st.integers(1, 30), st.integers(31, 3000)), st.integers(1, 4)),
    min_size=1,
    max_size=60,
)


def _reference(steps: list[tuple[int, int]]) -> list[Card]:
    """Return the package's card after each review of `steps`, reviews held at 00:00 UTC."""
    scheduler = reviews.scheduler()
    moment = datetime.combine(FIRST, time(0), UTC)
    card = Card(card_id=1, due=moment)
    cards = []
    for gap, rating in steps:
        moment += timedelta(days=gap)
        card, _ = scheduler.review_card(card, Rating(rating), moment)
        cards.append(card)
    return cards


@settings(max_examples=400, deadline=None)
@given(steps=sequences)
def test_the_replay_gives_the_packages_card_bit_for_bit(steps):
    days, day = [], FIRST
    for gap, rating in steps:
        day += timedelta(days=gap)
        days.append((day, rating))
    ours = reviews.replay("item", days)
    for state, card in zip(ours, _reference(steps), strict=True):
        assert card.state is State.Review  # no learning steps: a card leaves Learning at its first review
        assert (state.stability, state.difficulty) == (card.stability, card.difficulty)  # exact, not close
        assert state.due == card.due.date()
        assert reviews.retrievability(state, state.due) == reviews.scheduler().get_card_retrievability(
            card, card.due
        )


@settings(max_examples=200, deadline=None)
@given(stability=st.floats(0.001, 40000), difficulty=st.floats(1, 10), rating=st.integers(1, 4))
def test_a_same_day_review_follows_the_packages_short_term_rule(stability, difficulty, rating):
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    card = Card(card_id=1, state=State.Review, stability=stability, difficulty=difficulty, due=moment,
                last_review=moment)  # fmt: skip
    expected, _ = reviews.scheduler().review_card(card, Rating(rating), moment + timedelta(hours=3))
    got = fsrs_step.review(stability, difficulty, 0, rating)
    assert got == (expected.stability, expected.difficulty, (expected.due - expected.last_review).days)


def test_our_parameters_are_the_packages_defaults():
    assert tuple(DEFAULT_PARAMETERS) == fsrs_step.PARAMETERS
    assert reviews.scheduler().parameters == fsrs_step.PARAMETERS
    assert reviews.curve() == (reviews.scheduler()._FACTOR, reviews.scheduler()._DECAY)

"""The FSRS-6 review step for the one scheduler the app uses, as plain float arithmetic.

`fsrs.Scheduler(parameters=PARAMETERS, enable_fuzzing=False, learning_steps=(), relearning_steps=())` is the
reference (`reviews.scheduler()`); this module computes the same card for that subset only: no fuzz, no
intra-day steps (so a card leaves Learning at its first review and an Again keeps it in Review), reviews at
whole days. Every expression is the package's own, term for term and in its order, so the floats are
bit-identical (tests/domain/test_fsrs_step.py replays random answer sequences through both). Why: a
`review_card` call copies a `Card`, builds a `ReviewLog` and datetimes, about 10 µs a review; this is about
1 µs, and five years of answers are thousands of reviews (a cohort, hundreds of thousands).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

# fsrs 6.3.2's DEFAULT_PARAMETERS (a test checks they still are the package's defaults)
PARAMETERS = (
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
)  # fmt: skip
DESIRED_RETENTION = 0.9
MAXIMUM_INTERVAL = 36500
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4  # fsrs.Rating values

_STABILITY_MIN = 0.001
_MIN_DIFFICULTY, _MAX_DIFFICULTY = 1.0, 10.0
_W = PARAMETERS
DECAY = -_W[20]
FACTOR = 0.9 ** (1 / DECAY) - 1
# the terms of fsrs's formulas that do not depend on the card, computed as fsrs computes them
_INTERVAL_SCALE = (DESIRED_RETENTION ** (1 / DECAY)) - 1
_EASY_DIFFICULTY = _W[4] - (math.e ** (_W[5] * (EASY - 1))) + 1  # _initial_difficulty(Easy, clamp=False)
_REVERSION = _W[7] * _EASY_DIFFICULTY
_KEEP = 1 - _W[7]
_RECALL_SCALE = math.e ** _W[8]
_FORGET_SHORT = math.e ** (_W[17] * _W[18])
_DELTA = {rating: -(_W[6] * (rating - 3)) for rating in (AGAIN, HARD, GOOD, EASY)}
_PENALTY = {AGAIN: 1, HARD: _W[15], GOOD: 1, EASY: 1}
_BONUS = {AGAIN: 1, HARD: 1, GOOD: 1, EASY: _W[16]}


def first_review(rating: int) -> tuple[float, float, int]:
    """Return (stability, difficulty, interval in days) of a new card after its first review."""
    stability = max(_W[rating - 1], _STABILITY_MIN)
    difficulty = min(max(_W[4] - (math.e ** (_W[5] * (rating - 1))) + 1, _MIN_DIFFICULTY), _MAX_DIFFICULTY)
    return stability, difficulty, interval(stability)


def review(stability: float, difficulty: float, elapsed: int, rating: int) -> tuple[float, float, int]:
    """Return (stability, difficulty, interval in days) after a review `elapsed` whole days after the last."""
    return next(review_steps(stability, difficulty, ((elapsed, rating),)))


def replay(steps: Iterable[tuple[int, int]]) -> Iterator[tuple[float, float, int]]:
    """Yield (stability, difficulty, interval) after each (days since the last review, rating) of a new card.

    The first step's days are not used: it is the card's first review.
    """
    steps = iter(steps)
    first = next(steps, None)
    if first is None:
        return
    card = first_review(first[1])
    yield card
    yield from review_steps(card[0], card[1], steps)


def review_steps(
    stability: float, difficulty: float, steps: Iterable[tuple[int, int]]
) -> Iterator[tuple[float, float, int]]:
    """Yield (stability, difficulty, interval) after each (days since the previous review, rating) step.

    One loop, the step written out with its constants in locals: a replay is thousands of steps, and a
    function call and global look-ups per step cost more than the arithmetic.
    """
    e = math.e
    w10, w11, w14, w17, w18 = _W[10], _W[11], _W[14], _W[17], _W[18]
    minus_w9, minus_w12, w13, minus_w19 = -_W[9], -_W[12], _W[13], -_W[19]
    factor, decay, scale, longest = FACTOR, DECAY, _INTERVAL_SCALE, MAXIMUM_INTERVAL
    recall_scale, forget_short = _RECALL_SCALE, _FORGET_SHORT
    reversion, keep, delta, penalty, bonus = _REVERSION, _KEEP, _DELTA, _PENALTY, _BONUS
    for elapsed, rating in steps:
        if elapsed < 1:  # fsrs's same-day branch (never taken by whole review days; kept for exactness)
            increase = (e ** (w17 * (rating - 3 + w18))) * (stability**minus_w19)
            if rating != AGAIN:
                increase = max(increase, 1.0)
            new_stability = stability * increase
        else:
            recall = (1 + factor * elapsed / stability) ** decay
            if rating == AGAIN:
                new_stability = (
                    w11
                    * (difficulty**minus_w12)
                    * (((stability + 1) ** w13) - 1)
                    * (e ** ((1 - recall) * w14))
                )
                forget = stability / forget_short
                if forget < new_stability:
                    new_stability = forget
            else:
                new_stability = stability * (
                    1
                    + recall_scale
                    * (11 - difficulty)
                    * (stability**minus_w9)
                    * ((e ** ((1 - recall) * w10)) - 1)
                    * penalty[rating]
                    * bonus[rating]
                )
        if new_stability < _STABILITY_MIN:
            new_stability = _STABILITY_MIN
        damped = difficulty + (10.0 - difficulty) * delta[rating] / 9.0
        difficulty = reversion + keep * damped
        if difficulty < _MIN_DIFFICULTY:
            difficulty = _MIN_DIFFICULTY
        elif difficulty > _MAX_DIFFICULTY:
            difficulty = _MAX_DIFFICULTY
        stability = new_stability
        days = round((stability / factor) * scale)  # `interval`, written out
        yield stability, difficulty, 1 if days < 1 else longest if days > longest else days


def interval(stability: float) -> int:
    """Return the whole days until a card of this stability falls to the desired retention (1 at least)."""
    days = round((stability / FACTOR) * _INTERVAL_SCALE)
    return min(max(days, 1), MAXIMUM_INTERVAL)

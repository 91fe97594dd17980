"""Practice exams: seeded mixed selection, results derived from answers, and the one-line outlook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mlops_tracker.domain import practice
from mlops_tracker.domain.answers import Answer


@dataclass(frozen=True)
class Q:
    id: str
    item_id: str | None


BANK = [Q(f"q.{item}.{n}", item) for item in "abcdefghij" for n in range(3)] + [Q("q.guide.x", None)]
ITEMS = list("abcdefghij")


@given(seed=st.integers(0, 10_000), count=st.integers(1, 40))
def test_selection_is_deterministic_by_seed_and_mixed_across_items(seed, count):
    chosen = practice.select_questions(BANK, ITEMS, count, seed)
    assert chosen == practice.select_questions(list(reversed(BANK)), ITEMS, count, seed)
    assert len(chosen) == min(count, 30) and len({q.id for q in chosen}) == len(chosen)
    items = [q.item_id for q in chosen]
    # every item appears once before any appears a second time
    assert len(set(items)) == min(len(chosen), len(ITEMS))


def test_other_seeds_give_other_exams():
    exams = {tuple(q.id for q in practice.select_questions(BANK, ITEMS, 10, seed)) for seed in range(10)}
    assert len(exams) > 5


def _answer(n: int, correct: bool, question: str, choice: int | None = 0) -> Answer:
    at = datetime(2026, 11, 20, 10, tzinfo=UTC) + timedelta(seconds=n)
    return Answer(f"a{n}", question, "x", choice, correct, 30, at, "ui", "p1")


def test_the_result_scores_out_of_100_by_category_and_lists_the_wrong_answers():
    answers = [
        _answer(0, True, "s1"),
        _answer(1, False, "s2"),
        _answer(2, True, "m1"),
        _answer(3, False, "m2", choice=None),  # time ran out: wrong
    ]
    categories = {"s1": "skill", "s2": "skill", "m1": "mistake", "m2": "mistake"}
    (result,) = practice.practice_results(answers, categories)
    assert result.score == 50 and result.total == 4 and not result.passed(70) and result.passed(50)
    assert [(c.category, c.correct, c.total) for c in result.by_category] == [
        ("mistake", 1, 2),
        ("skill", 1, 2),
    ]
    assert [a.question_id for a in result.wrong] == ["s2", "m2"]


def test_the_outlook_is_one_line_and_follows_practice_and_retained():
    assert "Take a practice exam" in practice.exam_outlook(40, [])
    assert practice.exam_outlook(80, [75, 82], 70, 12).startswith("On track (12 days to the exam)")
    assert practice.exam_outlook(50, [90], 70).startswith("Nearly")
    assert practice.exam_outlook(90, [40, 60], 70).startswith("Not yet on track")
    assert "\n" not in practice.exam_outlook(90, [40, 60], 70)

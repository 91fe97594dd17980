"""Self-checks, spaced reviews, retained readiness and practice exams for the window and the command line.

Functions over an open Tracker (its answers, status events, confidence changes and settings); the rules live
in the domain (`reviews`, `retained`, `practice`). People number choices 1–4; the log stores 0–3.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from mlops_tracker.core.answer_commands import RecordAnswers
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain import practice as pr
from mlops_tracker.domain import retained as rt
from mlops_tracker.domain import reviews as rv
from mlops_tracker.domain.answers import CHOICES, Answer
from mlops_tracker.domain.errors import InvalidInput, NotFound
from mlops_tracker.domain.limits import PASS_MARK, PRACTICE_MINUTES, PRACTICE_QUESTIONS
from mlops_tracker.domain.model import Status

if TYPE_CHECKING:  # the bank's pydantic models load with the bank, never before the first paint
    from mlops_tracker.core.views import View
    from mlops_tracker.formats.questions_schema import Question, QuestionBank

MINUTES_PER_QUESTION = 1.0  # reading, answering and reading the explanation: Today's estimate
QUESTIONS_PER_REVIEW = 3  # a review asks up to this many of the item's questions
_STUDIED = (Status.DONE, Status.IN_PROGRESS)  # with a ticked step: what a self-check checks first
PRACTICE_QUESTIONS_KEY = "practice_questions"
PRACTICE_MINUTES_KEY = "practice_minutes"
PASS_MARK_KEY = "pass_mark"


def bank() -> QuestionBank:
    """Return the packaged question bank (validated once, cached)."""
    from mlops_tracker.formats.questions_schema import load_question_bank

    return load_question_bank()


def question(question_id: str) -> Question:
    """Return a question by id, or say that there is none."""
    try:
        return bank().question(question_id)
    except KeyError:
        raise NotFound(
            f"Unknown question '{question_id}'. See `mlops-tracker questions --level LEVEL` for the ids."
        ) from None


def level_questions(tracker: Tracker, level: str) -> list[Question]:
    """Return the questions about a level's items, in item (seed) order."""
    items = [item.id for item in tracker.resolve_level(level).items if not item.retired]
    by_item: dict[str | None, list[Question]] = defaultdict(list)
    for entry in bank().questions:
        by_item[entry.item_id].append(entry)
    return [entry for item_id in items for entry in by_item[item_id]]


# ---- answers and cards --------------------------------------------------------------------------


def cards(tracker: Tracker) -> dict[str, list[rv.CardState]]:
    """Return every checked item's card states, replayed from the answers (see `View.cards`)."""
    return tracker.view().cards


@dataclass(frozen=True)
class AnswerOutcome:
    """What answering a question did: right or wrong, the right choice (1–4), why, and the next review."""

    answer: Answer
    correct: bool
    correct_choice: int
    explanation: str
    item_id: str | None
    next_review: date | None  # None for a question about the guide itself (no card)


def check_choice(choice: int) -> int:
    """Return a choice numbered 1–4 as the log's 0–3, or say what is wrong with it."""
    if type(choice) is not int or not 1 <= choice <= CHOICES:
        raise InvalidInput(f"Choice {choice} is not one of 1, 2, 3, 4.")
    return choice - 1


def check_seconds(seconds: int | None) -> int | None:
    """Return how long an answer took, or say what is wrong with it (0–86,400 seconds)."""
    if seconds is not None and not 0 <= seconds <= 86_400:
        raise InvalidInput(f"--seconds {seconds} is not between 0 and 86400.")
    return seconds


def answer_question(
    tracker: Tracker, question_id: str, choice: int, seconds: int | None = None
) -> AnswerOutcome:
    """Record an answer (choice 1–4) as an undoable change; return the outcome with the item's next review."""
    asked = question(question_id)
    index = check_choice(choice)
    check_seconds(seconds)
    if asked.item_id is not None:
        tracker.resolve_item(asked.item_id)
    answer = Answer(
        id=str(uuid.uuid4()),
        question_id=asked.id,
        item_id=asked.item_id,
        choice=index,
        correct=index == asked.answer,
        seconds=seconds,
        at=tracker._now(),
        source=tracker.source,
    )
    tracker.run(RecordAnswers((answer,), verb=f"Answer {'right' if answer.correct else 'wrong'}: {asked.id}"))
    states = cards(tracker).get(asked.item_id or "", [])
    return AnswerOutcome(
        answer,
        answer.correct,
        asked.answer + 1,
        asked.explanation,
        asked.item_id,
        states[-1].due if states else None,
    )


# ---- reviews ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """An item due for review: its due date, recall today, and the questions that check it."""

    item_id: str
    due: date
    retrievability: float
    questions: tuple[str, ...]

    @property
    def fading(self) -> bool:
        """Return whether recall fell below 70% (the screens' "due for review" mark)."""
        return self.retrievability < rv.FADING_BELOW


def due_reviews(tracker: Tracker, day: date | None = None) -> list[Review]:
    """Return the items due for review on a day (today by default) or before, most overdue first."""
    day = day or tracker.clock.today()
    due = rv.due_reviews(cards(tracker), day)
    return [
        Review(r.item_id, r.due, r.retrievability, tuple(q.id for q in bank().for_item(r.item_id)))
        for r in due
        if tracker.curriculum.has_item(r.item_id)
    ]


@dataclass(frozen=True)
class TodayReviews:
    """What Today shows: the due reviews and the minutes they take ("4 reviews due · 10 min").

    With a review session today, `minutes` is the session's and `reviews` the due ones that fit it; `waiting`
    counts the due reviews left for the next session.
    """

    reviews: tuple[Review, ...]
    minutes: int
    waiting: int = 0

    @property
    def label(self) -> str:
        """Return the line Today shows, or "" when nothing is due."""
        if not self.reviews:
            return ""
        count = len(self.reviews)
        return f"{count} review{'s' if count != 1 else ''} due · {self.minutes} min"


def review_minutes(review: Review) -> float:
    """Return the minutes a review takes (its questions, up to QUESTIONS_PER_REVIEW)."""
    return min(len(review.questions), QUESTIONS_PER_REVIEW) * MINUTES_PER_QUESTION


def today_reviews(tracker: Tracker) -> TodayReviews:
    """Return today's due reviews with their estimated minutes."""
    due = due_reviews(tracker)
    return TodayReviews(tuple(due), math.ceil(sum(review_minutes(review) for review in due)))


def fill_session(due: TodayReviews, session: int | None) -> TodayReviews:
    """Return the due reviews that fill today's review session of `session` minutes (None: no budget).

    The most overdue come first; the session never grows to take more: the others wait for the next one,
    so reviews never push the day over its budget.
    """
    if session is None:
        return due
    fitting: list[Review] = []
    used = 0.0
    for review in due.reviews:
        if used + review_minutes(review) > session:
            break
        fitting.append(review)
        used += review_minutes(review)
    return TodayReviews(tuple(fitting), session, len(due.reviews) - len(fitting))


def recap(view: View, due: TodayReviews) -> list[str]:
    """Return the items today's review session offers to self-check: the last study day's when no review is
    due (none on a day without a review session)."""
    return list(view.recap_items) if view.review_minutes_today and not due.reviews else []


def recap_questions(item_ids: Iterable[str]) -> list[Question]:
    """Return the questions of a self-check of these items (the last study day's): up to
    QUESTIONS_PER_REVIEW of each item's, in item order; the window's recap and `quiz --recap` ask these."""
    return [entry for item_id in item_ids for entry in bank().for_item(item_id)[:QUESTIONS_PER_REVIEW]]


def session_questions(tracker: Tracker, level: str, count: int = 5) -> list[Question]:
    """Return questions for a self-check of a level: what was studied before what was not.

    Due items first; then the items studied (done, in progress or with a ticked step) never checked; then
    the weakest checked ones; items not studied yet come last (a wrong guess there would make a review of
    something never learnt), and the phases the plan does not cover after them. One question per item in
    turn; of an item's questions the one answered longest ago (or never) first.
    """
    if count < 1:
        raise InvalidInput(f"--count {count} should be at least 1.")
    today = tracker.clock.today()
    states = cards(tracker)
    view = tracker.view()
    in_plan = {item.id for item in view.scope(tracker.resolve_level(level).id)}
    ticked, items = view.steps_credit.ticked_now, view.states
    last_asked: dict[str, tuple] = {}
    for answer in tracker.answers():
        last_asked[answer.question_id] = (answer.at, answer.id)
    by_item: dict[str, list[Question]] = defaultdict(list)
    for entry in level_questions(tracker, level):
        assert entry.item_id is not None
        by_item[entry.item_id].append(entry)

    def priority(item_id: str) -> tuple:
        card = rv.card_on(states.get(item_id, []), today)
        if card is not None and card.due <= today:
            return (0, card.due.toordinal(), item_id)
        if item_id not in in_plan:
            return (4, 0.0, item_id)
        if items[item_id].status not in _STUDIED and not ticked.get(item_id):
            return (3, 0.0, item_id)
        if card is None:
            return (1, 0.0, item_id)
        return (2, rv.retrievability(card, today), item_id)

    order = sorted(by_item, key=priority)
    pools = [sorted(by_item[item], key=lambda q: last_asked.get(q.id, ()), reverse=True) for item in order]
    chosen: list[Question] = []
    while len(chosen) < count and any(pools):
        for pool in pools:
            if pool and len(chosen) < count:
                chosen.append(pool.pop())
    return chosen


# ---- retained readiness ---------------------------------------------------------------------------


def retained(tracker: Tracker, level: str, day: date | None = None) -> float:
    """Return a level's retained readiness (0–100) at the end of a day (today by default)."""
    view = tracker.view()
    if day is None or day == view.today:
        return view.retained(level)
    history = view.retained_histories([level])[level]
    return next((p.retained for p in history if p.day == day), 0.0)


def retained_histories(
    tracker: Tracker, levels: Iterable[str] | None = None
) -> dict[str, list[rt.RetainedPoint]]:
    """Return readiness and retained at the end of each day since the first event or answer, per level."""
    wanted = list(levels) if levels is not None else [level.id for level in tracker.curriculum.levels]
    return tracker.view().retained_histories(wanted)


# ---- practice exams ---------------------------------------------------------------------------------


def _setting(tracker: Tracker, key: str, default: int, bounds: tuple[int, int]) -> int:
    value = tracker.setting(key, default)
    return value if type(value) is int and bounds[0] <= value <= bounds[1] else default


def practice_settings(tracker: Tracker) -> tuple[int, int, int]:
    """Return (questions, minutes, pass mark %) of a practice exam, from the settings or the defaults."""
    return (
        _setting(tracker, PRACTICE_QUESTIONS_KEY, pr.DEFAULT_QUESTIONS, PRACTICE_QUESTIONS),
        _setting(tracker, PRACTICE_MINUTES_KEY, pr.DEFAULT_MINUTES, PRACTICE_MINUTES),
        _setting(tracker, PASS_MARK_KEY, pr.DEFAULT_PASS_MARK, PASS_MARK),
    )


@dataclass(frozen=True)
class PracticeExam:
    """A practice exam about to be taken: its id, questions, time limit and pass mark."""

    practice_id: str
    level: str
    questions: tuple[Question, ...]
    minutes: int
    pass_mark: int


def start_practice(
    tracker: Tracker,
    level: str,
    count: int | None = None,
    minutes: int | None = None,
    seed: int | None = None,
) -> PracticeExam:
    """Return a new practice exam of a level: a seeded mixed selection (settings give the defaults)."""
    default_count, default_minutes, pass_mark = practice_settings(tracker)
    count = default_count if count is None else count
    minutes = default_minutes if minutes is None else minutes
    for value, (low, high), what in (
        (count, PRACTICE_QUESTIONS, "--count"),
        (minutes, PRACTICE_MINUTES, "--minutes"),
    ):
        if not low <= value <= high:
            raise InvalidInput(f"{what} {value} is not between {low} and {high}.")
    practice_id = str(uuid.uuid4())
    seed = uuid.UUID(practice_id).int % 2**32 if seed is None else seed
    items = [item.id for item in tracker.resolve_level(level).items if not item.retired]
    chosen = pr.select_questions(bank().questions, items, count, seed)
    if not chosen:
        raise NotFound(f"The {tracker.resolve_level(level).name} level has no questions yet.")
    return PracticeExam(practice_id, level, tuple(chosen), minutes, pass_mark)


def categories() -> dict[str, str]:
    """Return each question's category (skill, project, phase, mistake, guide) by id."""
    return {entry.id: entry.category for entry in bank().questions}


def record_practice(
    tracker: Tracker, exam: PracticeExam, choices: Sequence[tuple[int | None, int | None]]
) -> pr.PracticeResult:
    """Record a finished practice exam as one undoable change; `choices[i]` is (choice 1–4 or None, seconds).

    Questions with no choice (time ran out, or the exam was stopped) are recorded unanswered: counted wrong.
    """
    now = tracker._now()
    answers = []
    for index, asked in enumerate(exam.questions):
        choice, seconds = choices[index] if index < len(choices) else (None, None)
        picked = None if choice is None else check_choice(choice)
        answers.append(
            Answer(
                id=str(uuid.uuid4()),
                question_id=asked.id,
                item_id=asked.item_id,
                choice=picked,
                correct=picked == asked.answer,
                seconds=check_seconds(seconds),
                at=now,
                source=tracker.source,
                practice_id=exam.practice_id,
            )
        )
    name = tracker.resolve_level(exam.level).name
    tracker.run(RecordAnswers(tuple(answers), verb=f"Practice exam: {name}"))
    return pr.practice_result(answers, categories())


def practice_results(tracker: Tracker) -> dict[str, list[pr.PracticeResult]]:
    """Return every practice exam's result by level (the level of most of its questions), oldest first."""
    return tracker.view().practice_results


def last_practice_score(tracker: Tracker, level: str) -> float | None:
    """Return the score of a level's latest practice exam, or None when there is none."""
    results = practice_results(tracker).get(level, [])
    return results[-1].score if results else None


def outlook(tracker: Tracker, level: str) -> str:
    """Return the one-line verdict on the level's exam from retained readiness and the practice scores."""
    return tracker.view().outlook(level, practice_settings(tracker)[2])


@dataclass(frozen=True)
class ProgressReviews:
    """What the Progress page needs, by level: readiness and retained per day, practice scores over time."""

    retained: dict[str, list[rt.RetainedPoint]]
    practice: dict[str, list[tuple[date, float]]]


def progress_reviews(tracker: Tracker, levels: Iterable[str] | None = None) -> ProgressReviews:
    """Return the retained history and the practice scores of each level (all levels by default)."""
    wanted = list(levels) if levels is not None else [level.id for level in tracker.curriculum.levels]
    view = tracker.view()
    return ProgressReviews(
        view.retained_histories(wanted), {level: view.practice_scores(level) for level in wanted}
    )

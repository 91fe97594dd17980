"""Self-check subcommands: questions, answer, reviews, quiz, practice."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, TextIO

from mlops_tracker.cli.common import Subcommands, print_json
from mlops_tracker.core import reviews
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.core.views import View
from mlops_tracker.domain import practice as pr
from mlops_tracker.domain.errors import NotFound
from mlops_tracker.formats.questions_schema import Question

STOP = ("q", "quit", "stop")


def cmd_questions(tracker: Tracker, args: argparse.Namespace) -> None:
    """List a level's questions, without their answers."""
    asked = reviews.level_questions(tracker, args.level)
    if args.json:
        print_json(
            [
                {"id": q.id, "item_id": q.item_id, "prompt": q.prompt, "choices": list(q.choices)}
                for q in asked
            ]
        )
        return
    for entry in asked:
        print(f"{entry.id}\n  {entry.prompt}")
        for number, choice in enumerate(entry.choices, start=1):
            print(f"    {number}. {choice}")


def _outcome_json(outcome: reviews.AnswerOutcome) -> dict[str, Any]:
    return {
        "correct": outcome.correct,
        "correct_choice": outcome.correct_choice,
        "explanation": outcome.explanation,
        "item_id": outcome.item_id,
        "next_review": outcome.next_review.isoformat() if outcome.next_review else None,
    }


def cmd_answer(tracker: Tracker, args: argparse.Namespace) -> None:
    """Answer one question (choice 1–4); `undo` takes the answer back."""
    outcome = reviews.answer_question(tracker, args.question_id, args.choice, args.seconds)
    if args.json:
        print_json(_outcome_json(outcome))
        return
    print(_verdict(outcome))


def _verdict(outcome: reviews.AnswerOutcome) -> str:
    head = "Right." if outcome.correct else f"Wrong: the answer is {outcome.correct_choice}."
    tail = f"\nNext review: {outcome.next_review.isoformat()}" if outcome.next_review else ""
    return f"{head} {outcome.explanation}{tail}"


def cmd_reviews(tracker: Tracker, args: argparse.Namespace) -> None:
    """List the items due for review today or earlier."""
    due = reviews.due_reviews(tracker)
    if args.json:
        print_json(
            [
                {
                    "item_id": review.item_id,
                    "due": review.due.isoformat(),
                    "retrievability": round(review.retrievability, 3),
                    "questions": list(review.questions),
                }
                for review in due
            ]
        )
        return
    if not due:
        print("No reviews due.")
        return
    print(reviews.today_reviews(tracker).label)
    for review in due:
        mark = "  (due for review)" if review.fading else ""
        print(f"  {review.due}  {review.retrievability:4.0%}  {review.item_id}{mark}")


def _ask(entry: Question, number: int, total: int, stdin: TextIO) -> int | None:
    """Print a question and read a choice 1–4 from stdin; None when the learner stops (q or end of input)."""
    print(f"\n[{number}/{total}] {entry.prompt}")
    for index, choice in enumerate(entry.choices, start=1):
        print(f"  {index}. {choice}")
    while True:
        print("Your answer (1-4, q to stop): ", end="", flush=True)
        line = stdin.readline()
        if not line:
            print()
            return None
        text = line.strip().lower()
        if text in STOP:
            return None
        if text in ("1", "2", "3", "4"):
            return int(text)
        print("Type 1, 2, 3 or 4 (or q to stop).")


def cmd_quiz(tracker: Tracker, args: argparse.Namespace) -> None:
    """Run a self-check in the terminal (a level's, due items first, or the last study day's with --recap);
    each answer is recorded and explained."""
    if args.recap:
        items = tracker.view().recap_items
        asked = reviews.recap_questions(items)
        if not asked:
            why = "its items have no questions" if items else "no step of a past study day is ticked"
            raise NotFound(f"Nothing to recap: {why}; try `mlops-tracker quiz --level LEVEL`.")
    else:
        asked = reviews.session_questions(tracker, args.level, args.count)
    right = done = 0
    for number, entry in enumerate(asked, start=1):
        began = time.monotonic()
        choice = _ask(entry, number, len(asked), sys.stdin)
        if choice is None:
            break
        outcome = reviews.answer_question(tracker, entry.id, choice, round(time.monotonic() - began))
        done += 1
        right += outcome.correct
        print(_verdict(outcome))
    print(f"\n{right} of {done} right." if done else "\nNo answers recorded.")


def cmd_practice(tracker: Tracker, args: argparse.Namespace) -> None:
    """Take a timed practice exam in the terminal; the result is recorded when it ends."""
    exam = reviews.start_practice(tracker, args.level, args.count, args.minutes)
    print(f"Practice exam: {len(exam.questions)} questions, {exam.minutes} minutes. {pr.PASS_MARK_NOTE}")
    deadline = time.monotonic() + exam.minutes * 60
    choices: list[tuple[int | None, int | None]] = []
    for number, entry in enumerate(exam.questions, start=1):
        if time.monotonic() >= deadline:
            print("Time is up.")
            break
        began = time.monotonic()
        choice = _ask(entry, number, len(exam.questions), sys.stdin)
        if choice is None:
            break
        late = time.monotonic() > deadline
        choices.append((None if late else choice, round(time.monotonic() - began)))
    result = reviews.record_practice(tracker, exam, choices)
    verdict = "passed" if result.passed(exam.pass_mark) else "not passed"
    print(
        f"\nScore: {result.score:.0f}/100 ({result.correct} of {result.total}), {verdict} "
        f"(pass mark {exam.pass_mark}%)."
    )
    for category in result.by_category:
        print(f"  {category.category:<8} {category.correct}/{category.total}")
    for answer in result.wrong:
        entry = reviews.question(answer.question_id)
        print(
            f"\n  {entry.prompt}\n  Answer: {entry.answer + 1}. {entry.correct_choice}\n  {entry.explanation}"
        )


def add_status_fields(tracker: Tracker, summary: View, data: dict[str, Any]) -> None:
    """Give each level of `status --json` its `retained` (0–100) and `practice` (last score or null)."""
    for level_id, level in data["levels"].items():
        if level_id in summary.levels:
            level["retained"] = round(reviews.retained(tracker, level_id), 1)
            score = reviews.last_practice_score(tracker, level_id)
            level["practice"] = None if score is None else round(score, 1)


def _choice(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not one of 1, 2, 3, 4") from None
    if not 1 <= value <= 4:
        raise argparse.ArgumentTypeError(f"{value} is not one of 1, 2, 3, 4")
    return value


def register(sub: Subcommands) -> None:
    """Add the self-check subcommands."""
    command = sub.add("questions", cmd_questions, "list a level's self-check questions (without answers)")
    command.add_argument("--level", required=True)
    command.add_argument("--json", action="store_true")

    command = sub.add(
        "answer", cmd_answer, "answer a self-check question with a choice 1-4 (undo takes it back)"
    )
    command.add_argument("question_id", metavar="QUESTION_ID")
    command.add_argument("choice", metavar="CHOICE", type=_choice, help="1, 2, 3 or 4")
    command.add_argument("--seconds", type=int, help="how long it took")
    command.add_argument("--json", action="store_true")

    command = sub.add("reviews", cmd_reviews, "list the items due for review today or earlier")
    command.add_argument("--json", action="store_true")

    command = sub.add(
        "quiz", cmd_quiz, "self-check in the terminal: answers 1-4 from standard input, q stops"
    )
    chosen = command.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--level", help="a level's questions, due items first")
    chosen.add_argument(
        "--recap", action="store_true", help="the items of your last study day (today's review session)"
    )
    command.add_argument("--count", type=int, default=5, help="questions with --level (default 5)")

    command = sub.add("practice", cmd_practice, "a timed practice exam in the terminal, scored at the end")
    command.add_argument("--level", required=True)
    command.add_argument("--count", type=int, help=f"questions (default {pr.DEFAULT_QUESTIONS}, a setting)")
    command.add_argument("--minutes", type=int, help=f"time limit (default {pr.DEFAULT_MINUTES}, a setting)")

"""Reviews benchmark: retained readiness history of every level over five years of events and answers.

Run with `.venv/bin/python benchmarks/bench_reviews.py [--events 50000] [--answers 20000]`.
Target: the daily readiness-and-retained history of every level (5 years) with 50,000 status events and
20,000 answers under 100 ms. Pure domain functions on lists in memory (the Tracker holds the logs in memory
the same way); the figures printed say which part costs what.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta

from mlops_tracker.domain import retained as rt
from mlops_tracker.domain import reviews
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.model import ProgressEvent, Status
from mlops_tracker.formats.questions_schema import load_question_bank
from mlops_tracker.formats.seed import load_packaged_curriculum

YEARS = 5
DAYS = 365 * YEARS + 1


def make_events(item_ids: list[str], count: int, start: datetime, rng: random.Random) -> list[ProgressEvent]:
    """Return `count` status changes spread evenly over five years."""
    status = dict.fromkeys(item_ids, Status.TODO)
    step = timedelta(days=DAYS - 1) / count
    events = []
    for n in range(count):
        item = rng.choice(item_ids)
        new = rng.choice([s for s in Status if s is not status[item]])
        events.append(
            ProgressEvent(
                str(uuid.UUID(int=rng.getrandbits(128))),
                item,
                status[item],
                new,
                start + step * n,
                "ui",
                rng.random() < 0.5,
            )
        )
        status[item] = new
    return events


def make_answers(
    questions: dict[str, list[str]], count: int, start: datetime, rng: random.Random
) -> list[Answer]:
    """Return `count` answers in self-check sessions: each check of an item asks 2–4 of its questions."""
    answers: list[Answer] = []
    items = sorted(questions)
    while len(answers) < count:
        day = rng.randrange(DAYS - 1)
        item = rng.choice(items)
        moment = start + timedelta(days=day, hours=rng.randrange(7, 22))
        for question in rng.sample(questions[item], k=min(len(questions[item]), rng.randint(2, 4))):
            moment += timedelta(seconds=rng.randint(5, 60))
            correct = rng.random() < 0.75
            answers.append(
                Answer(
                    str(uuid.UUID(int=rng.getrandbits(128))),
                    question,
                    item,
                    0 if correct else 1,
                    correct,
                    20,
                    moment,
                    "ui",
                )
            )
    # in the log's order, as the Tracker reads them (`ORDER BY at, id`)
    return sorted(answers[:count], key=lambda answer: (answer.at, answer.id))


def main() -> None:
    """Build the data, time the parts and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    curriculum, _ = load_packaged_curriculum(None)
    bank = load_question_bank()
    questions: dict[str, list[str]] = {}
    for question in bank.questions:
        if question.item_id is not None:
            questions.setdefault(question.item_id, []).append(question.id)
    rng = random.Random(13)
    start = datetime(2021, 12, 1, tzinfo=UTC)
    events = make_events([item.id for item in curriculum.items()], args.events, start, rng)
    answers = make_answers(questions, args.answers, start, rng)
    levels = {level.id: list(level.items) for level in curriculum.levels}
    first, last = start.date(), start.date() + timedelta(days=DAYS - 1)

    def replay() -> dict[str, list[reviews.CardState]]:
        return reviews.timelines(answers, [], UTC)

    def history(cards: dict[str, list[reviews.CardState]]) -> None:
        rt.retained_histories(levels, events, cards, first, last, UTC)

    def timed(work) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        """Return the median wall and CPU milliseconds (on a shared machine the wall clock counts waits)."""
        samples, cpu = [], []
        for _ in range(args.runs):
            began, began_cpu = time.perf_counter(), time.process_time()
            work()
            samples.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
        return statistics.median(samples), statistics.median(cpu)

    def cold() -> None:
        reviews._replay.cache_clear()
        rt._recall_series.cache_clear()
        history(replay())

    cards = replay()
    checks = sum(len(states) for states in cards.values())
    cold_ms = timed(cold)
    warm_ms = timed(lambda: history(replay()))
    history_ms = timed(lambda: history(cards))
    print(f"{args.events:,} events, {len(answers):,} answers ({checks:,} review days of {len(cards)} items),")
    print(f"{len(levels)} levels × {DAYS:,} days; median of {args.runs} runs")
    rows = (
        ("first in a process: replay every card, every curve, history", cold_ms),
        ("a refresh: group the answers, cards and curves memoized, history", warm_ms),
        ("the history alone (cards given)", history_ms),
    )
    print(f"  {'(target < 100 ms)':66} {'wall ms':>8} {'CPU ms':>8}")
    for label, (wall, cpu) in rows:
        print(f"  {label:66} {wall:8.1f} {cpu:8.1f}")


if __name__ == "__main__":
    main()

"""Sync benchmark: first push and first pull of 50,000 events, and an incremental pull with nothing new.

Run with `.venv/bin/python benchmarks/bench_sync.py [--events N] [--runs N]` (needs the PostgreSQL server
binaries: `apt-get install -y postgresql`). It starts its own throwaway server on 127.0.0.1 with PostgreSQL's
default durability (fsync on), makes the schema, one learner's role and a trainer of the learner's cohort,
and talks to it as the learner would: a login with a password (SCRAM), through `exchange.push` / `pull`.
Targets: 50,000 events up < 10 s and down < 10 s; an incremental pull with nothing new < 50 ms.

Then the app's own sync (`core.sync.sync_now`, as `mlops-tracker sync` and the window run it): the first sync
of a data folder holding 50,000 status changes (up), the first sync of a new data folder (down, merged into
SQLite with the import's merge), a sync with nothing new, and the cohort view of 500 learners × 2,000 events
built from the events a trainer's pull hands back (`core.cohort.build_cohort`).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench_engine import fill

from mlops_tracker.sync import exchange, server
from mlops_tracker.sync.connection import open_engine
from mlops_tracker.sync.envelope import EventEnvelope, ServerEvent
from mlops_tracker.sync.testing import ThrowawayServer

KINDS = ("status", "note", "evidence", "confidence", "step", "session", "answer")


def make_envelopes(count: int, seed: int = 7) -> list[EventEnvelope]:
    """Return `count` events like the app's, spread over a year from two devices."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        EventEnvelope(
            event_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            kind=(kind := rng.choice(KINDS)),
            payload={
                "item": f"professional.skill.{rng.randrange(40)}",
                kind: rng.choice(["done", "in_progress", "Read chapter 3 and wrote the summary", 3, 45]),
                "source": "ui",
            },
            device_time=start + timedelta(minutes=10 * n),
            device_id=rng.choice(["work-laptop", "home-desktop"]),
        )
        for n in range(count)
    ]


def pull_all(engine_or_connection, since: int = 0) -> tuple[int, int]:
    """Pull every page after `since`; return the number of events and the new high-water mark."""
    count = 0
    while True:
        result = exchange.pull(engine_or_connection, since)
        count += len(result.events)
        since = result.high_water
        if result.complete:
            return count, since


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> None:
    """Start a server, measure, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=21, help="incremental pulls to take the median of")
    parser.add_argument("--learners", type=int, default=500, help="learners in the cohort view")
    parser.add_argument("--per-learner", type=int, default=2000, help="events per learner in the cohort view")
    parser.add_argument("--server-only", action="store_true", help="skip the app's sync and the cohort view")
    parser.add_argument("--cohort-only", action="store_true", help="only the cohort view (no server needed)")
    parser.add_argument(
        "--answers", type=float, default=0.2, help="share of a learner's events that are answers"
    )
    parser.add_argument(
        "--steps", type=float, default=0.1, help="share of a learner's events that are step ticks and edits"
    )
    args = parser.parse_args()
    if args.cohort_only:
        print(cohort_figure(args))
        return
    envelopes = make_envelopes(args.events)
    with ThrowawayServer(durable=True) as pg:
        database_url = pg.url()
        server.init_server(database_url)
        password = server.add_learner(database_url, "Bench Learner", cohort="Bench")
        trainer_password = server.add_learner(database_url, "Bench Trainer", cohort="Bench", trainer=True)
        learner = open_engine(pg.url(role=server.learner_role("Bench Learner"), password=password))
        trainer = open_engine(pg.url(role=server.learner_role("Bench Trainer"), password=trainer_password))

        began = time.perf_counter()
        added = exchange.push(learner, envelopes)
        push_time = time.perf_counter() - began
        assert added == args.events
        began = time.perf_counter()
        assert exchange.push(learner, envelopes) == 0
        repeat_time = time.perf_counter() - began

        began = time.perf_counter()
        pulled, mark = pull_all(learner)  # a new data folder: from seq 0, a new connection per page
        pull_time = time.perf_counter() - began
        assert pulled == args.events
        began = time.perf_counter()
        cohort, _ = pull_all(trainer)
        cohort_time = time.perf_counter() - began
        assert cohort == args.events

        connected = []  # the way a sync every 5 minutes runs: a new connection (and login) each time
        for _ in range(args.runs):
            began = time.perf_counter()
            assert exchange.pull(learner, mark).events == ()
            connected.append(time.perf_counter() - began)
        open_connection = []
        with learner.connect() as connection:
            for _ in range(args.runs):
                began = time.perf_counter()
                assert exchange.pull(connection, mark).events == ()
                open_connection.append(time.perf_counter() - began)
        client_lines = [] if args.server_only else client_figures(pg, database_url, args)

    print(f"{args.events:,} events, PostgreSQL on 127.0.0.1 (fsync on), learner's role, SCRAM login")
    print(f"  push, first time (one transaction):   {ms(push_time)}  (target < 10 s)")
    print(f"  push again (all already there):       {ms(repeat_time)}")
    print(f"  pull all from seq 0 (pages of 5,000): {ms(pull_time)}  (target < 10 s)")
    print(f"  trainer's pull of the cohort:         {ms(cohort_time)}")
    print(
        f"  incremental pull, nothing new, new connection: median {ms(statistics.median(connected))}, "
        f"max {ms(max(connected))}  (target < 50 ms)"
    )
    print(
        f"  incremental pull, nothing new, open connection: median {ms(statistics.median(open_connection))}, "
        f"max {ms(max(open_connection))}"
    )
    for line in client_lines:
        print(line)
    print(f"machine: {platform.machine()}, {platform.system()}, Python {sys.version.split()[0]}")


def client_figures(pg: ThrowawayServer, database_url: str, args: argparse.Namespace) -> list[str]:
    """Measure the app's sync between two data folders and the cohort view; print the figures."""
    from mlops_tracker.core import sync
    from mlops_tracker.core.tracker import Tracker

    password = server.add_learner(database_url, "Bench Client", cohort="Bench")
    url = pg.url(role=server.learner_role("Bench Client"), password=password)
    os.environ["PGPASSWORD"] = password  # the saved URL has none, as in real use
    with tempfile.TemporaryDirectory(prefix="mlops-bench-sync-") as root:
        laptop = Tracker.open(Path(root) / "laptop", source="cli")
        fill(laptop, args.events, seed=99)  # not the ids the server side above pushed
        sync.setup(laptop, url)
        began = time.perf_counter()
        up = sync.sync_now(laptop)
        up_time = time.perf_counter() - began
        assert up.pushed == args.events and up.pending == 0, up
        desktop = Tracker.open(Path(root) / "desktop", source="cli")
        sync.setup(desktop, url)
        began = time.perf_counter()
        down = sync.sync_now(desktop)
        down_time = time.perf_counter() - began
        assert len(desktop.events()) == args.events, down
        idle = []
        for _ in range(args.runs):
            began = time.perf_counter()
            assert sync.sync_now(laptop).pulled == 0
            idle.append(time.perf_counter() - began)
        laptop.close()
        desktop.close()
    return [
        f"The app's sync ({args.events:,} status changes in SQLite, the learner's role):",
        f"  first sync up (read, push, note):       {ms(up_time)}  (target < 10 s)",
        f"  first sync down into a new data folder: {ms(down_time)}  (target < 10 s)",
        f"  sync with nothing new: median {ms(statistics.median(idle))}, max {ms(max(idle))}"
        "  (target < 50 ms)",
        cohort_figure(args),
    ]


def cohort_events(
    learners: int, per_learner: int, seed: int = 11, answer_share: float = 0.2, step_share: float = 0.1
) -> tuple[list[str], list[ServerEvent]]:
    """Return a cohort's names and its events as a trainer's pull returns them.

    A step plan as the app makes it (the same for every learner), then evidence changes (10%), self-check
    answers (`answer_share`, in sessions of 2–4 questions about one item, three in four right), ticks and
    unticks of the packaged study steps (`step_share`: the default 10% is 200 of a learner's 2,000 events,
    each of the ~100 steps of the two levels ticked about twice; one learner in five also changes a step's
    minutes or hides one, 1 step event in 25) and status changes (the rest).
    """
    from mlops_tracker.domain import step_plan
    from mlops_tracker.domain.model import PlanSpec
    from mlops_tracker.domain.study import effective_steps
    from mlops_tracker.formats.seed import load_packaged_curriculum
    from mlops_tracker.formats.study import load_study_steps

    curriculum, _ = load_packaged_curriculum(None)
    items = [item.id for item in curriculum.items() if item.level in ("foundation", "professional")]
    study = load_study_steps()
    step_ids = [(step.item_id, step.id) for step in study.steps if step.item_id in set(items)]
    # the plan the app makes: Foundation's steps packed into 30 days at 60 minutes (a bootcamp's learners
    # make the same one); what the cohort measures each learner's buffer against
    spec = PlanSpec("foundation", 30, date(2026, 1, 5), date(2026, 2, 10), frozenset(range(5)), 60)
    level = curriculum.level("foundation")
    steps_of = lambda item: effective_steps(item.id, study.steps_of(item.id), (), item.title)  # noqa: E731
    packed = [
        {"item_id": task.item_id, "due": task.due.isoformat(), "step_id": task.step_id,
         "minutes": task.minutes, "part": task.part, "parts": task.parts}
        for task in step_plan.schedule_steps(level, spec, steps_of).tasks
    ]  # fmt: skip
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    names, events, seq = [], [], 0
    for number in range(learners):
        name = f"Learner {number:03d}"
        names.append(name)
        status = dict.fromkeys(items, "todo")
        plan = {
            "level": "foundation", "days": 30, "start": "2026-01-05", "exam": "2026-02-10",
            "study_weekdays": [0, 1, 2, 3, 4], "created_at": "2026-01-05T08:00:00Z",
            "minutes_per_day": 60, "tasks": packed, "baseline": packed,
        }  # fmt: skip
        session: list[str] = []  # the item of the self-check session under way, once per question left
        ticked: set[str] = set()
        edits_steps = number % 5 == 0  # one learner in five edits steps too
        for n in range(per_learner):
            seq += 1
            at = start + timedelta(minutes=97 * n + number)
            # sessions of 3 questions on average start often enough for answers to be `answer_share` of all
            if not session and n and rng.random() < answer_share / (3 * (1 - answer_share)):
                session = [rng.choice(items)] * rng.randint(2, 4)
            if n == 0:
                kind, payload = "plan", plan
            elif session:
                item = session.pop()
                kind = "answer"
                payload = {"id": str(uuid.uuid4()), "question_id": f"q.{item}.{rng.randrange(3)}",
                           "item_id": item, "choice": 0, "correct": rng.random() < 0.75, "seconds": 20,
                           "at": at.isoformat(), "source": "ui", "practice_id": None}  # fmt: skip
            elif rng.random() < step_share / (1 - answer_share):  # of the events that are not answers
                item, step_id = rng.choice(step_ids)
                if edits_steps and rng.random() < 0.04:
                    kind = "step_edit"
                    minutes = str(rng.choice((15, 25, 45, 60)))
                    field, value = rng.choice([("minutes", minutes), ("hidden", "1"), ("hidden", "")])
                    payload = {"id": str(uuid.uuid4()), "step_id": step_id, "item_id": item, "field": field,
                               "value": value, "at": at.isoformat(), "source": "ui"}  # fmt: skip
                else:
                    kind = "step_event"
                    done = step_id not in ticked or rng.random() < 0.1  # a tick, or an untick of a ticked one
                    (ticked.add if done else ticked.discard)(step_id)
                    payload = {"id": str(uuid.uuid4()), "step_id": step_id, "item_id": item, "done": done,
                               "at": at.isoformat(), "source": "ui"}  # fmt: skip
            elif n % 10 == 0:
                item = rng.choice(items)
                kind = "field"
                payload = {"id": str(uuid.uuid4()), "item_id": item, "field": "evidence",
                           "value": "https://example.org", "at": at.isoformat(), "source": "ui"}  # fmt: skip
            else:
                item = rng.choice(items)
                new = rng.choice([s for s in ("todo", "in_progress", "done", "skipped") if s != status[item]])
                kind = "status"
                payload = {"id": str(uuid.uuid4()), "item_id": item, "from_status": status[item],
                           "to_status": new, "at": at.isoformat(), "source": "ui",
                           "evidenced": False}  # fmt: skip
                status[item] = new
            envelope = EventEnvelope(uuid.uuid4(), kind, payload, at, "laptop")
            events.append(ServerEvent(seq, name, at, envelope))
    return names, events


def cohort_figure(args: argparse.Namespace) -> str:
    """Build the cohort view of 500 learners × 2,000 events; print the median of a few runs."""
    from mlops_tracker.core.clock import local_tz
    from mlops_tracker.core.cohort import build_cohort
    from mlops_tracker.formats.seed import load_packaged_curriculum
    from mlops_tracker.formats.study import load_study_steps

    curriculum, _ = load_packaged_curriculum(None)
    study = load_study_steps()  # as the trainer's app passes it: the suggested steps' minutes
    names, events = cohort_events(args.learners, args.per_learner, answer_share=args.answers,
                                  step_share=args.steps)  # fmt: skip
    answers = sum(event.envelope.kind == "answer" for event in events)
    steps = sum(event.envelope.kind in ("step_event", "step_edit") for event in events)
    times, cpu = [], []
    for _ in range(3):
        began, began_cpu = time.perf_counter(), time.process_time()
        view = build_cohort(curriculum, names, events, date(2026, 5, 20), local_tz(), "Bench", study)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    assert len(view.learners) == args.learners
    # CPU time too: on a shared machine the wall clock also counts the time other processes held the CPU
    return (
        f"  cohort view, {args.learners} learners × {args.per_learner:,} events ({len(events):,}, "
        f"{answers:,} answers, {steps:,} step ticks and edits): "
        f"median {ms(statistics.median(times))}, max {ms(max(times))}, "
        f"CPU median {ms(statistics.median(cpu))}  (target < 1 s)"
    )


if __name__ == "__main__":
    main()

"""Sync benchmark: first push and first pull of 50,000 events, and an incremental pull with nothing new.

Run with `.venv/bin/python benchmarks/bench_sync.py [--events N] [--runs N]` (needs the PostgreSQL server
binaries: `apt-get install -y postgresql`). It starts its own throwaway server on 127.0.0.1 with PostgreSQL's
default durability (fsync on), makes the schema, one learner's role and a trainer of the learner's cohort,
and talks to it as the learner would: a login with a password (SCRAM), through `exchange.push` / `pull`.
Targets: 50,000 events up < 10 s and down < 10 s; an incremental pull with nothing new < 50 ms.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

from mlops_tracker.sync import exchange, server
from mlops_tracker.sync.connection import open_engine
from mlops_tracker.sync.envelope import EventEnvelope
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
    args = parser.parse_args()
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
    print(f"machine: {platform.machine()}, {platform.system()}, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()

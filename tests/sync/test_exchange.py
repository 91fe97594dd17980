"""Push and pull against a real server: repeats are harmless, and the high-water mark never skips an event."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from mlops_tracker.sync import exchange
from mlops_tracker.sync.connection import open_engine
from mlops_tracker.sync.envelope import EventEnvelope, ServerEvent

from .events import START, envelopes

RAW_INSERT = text(
    "INSERT INTO mlops_sync.events (event_id, kind, payload, device_time, device_id)"
    " VALUES (:id, 'status', '{}', now(), 'laptop') RETURNING seq"
)


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Poll a condition on the server until it holds, with a deadline (no sleeping for a guessed time)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition did not hold in time"


def pull_everything(engine_or_connection, since: int = 0, limit: int = 1000) -> tuple[list[ServerEvent], int]:
    events: list[ServerEvent] = []
    while True:
        result = exchange.pull(engine_or_connection, since, limit)
        events += result.events
        since = result.high_water
        if result.complete:
            return events, since


def test_pushing_twice_stores_each_event_once(site):
    alice = site.add("Alice")
    sent = envelopes(10)
    assert exchange.push(alice, sent) == 10
    assert exchange.push(alice, sent) == 0
    assert exchange.push(alice, sent[5:] + envelopes(5)) == 5  # a push cut short, then retried with more
    twice = envelopes(1)
    assert exchange.push(alice, twice + twice) == 1  # the same event twice in one page
    assert site.count() == 16
    events, _ = pull_everything(alice)
    assert [event.envelope for event in events][:10] == sent
    assert len({event.envelope.event_id for event in events}) == 16


def test_a_push_that_dies_before_commit_leaves_nothing_and_the_retry_completes(site):
    alice = site.add("Alice")
    sent = envelopes(2500)  # three pages
    connection = alice.connect()
    connection.begin()
    assert exchange.push(connection, sent) == 2500  # in the caller's transaction: not committed yet
    connection.invalidate()  # the process is killed: the server rolls the transaction back
    connection.close()
    assert site.count() == 0
    assert exchange.push(alice, sent) == 2500
    assert exchange.push(alice, sent) == 0
    assert site.count() == 2500


def test_pull_pages_in_seq_order_and_hands_back_what_was_sent(site):
    alice = site.add("Alice")
    sent = envelopes(25)
    exchange.push(alice, sent)
    pages = []
    mark = 0
    while True:
        result = exchange.pull(alice, mark, limit=10)
        pages.append(len(result.events))
        mark = result.high_water
        if result.complete:
            break
    assert pages == [10, 10, 5]
    events, last = pull_everything(alice)
    assert [event.envelope for event in events] == sent  # ids, kinds, payloads (unicode), device times
    assert [event.seq for event in events] == sorted(event.seq for event in events) and last == events[-1].seq
    assert exchange.pull(alice, last) == ((), last, True)


def test_interleaved_pushes_from_two_learners_reach_each_puller_exactly_once(site):
    alice = site.add("Alice", cohort="A")
    bob = site.add("Bob", cohort="A")
    tess = site.add("Tess", cohort="A", trainer=True)
    marks = {"Alice": 0, "Bob": 0, "Tess": 0}
    seen: dict[str, list[uuid.UUID]] = {name: [] for name in marks}
    sent: dict[str, list[uuid.UUID]] = {"Alice": [], "Bob": []}
    engines = {"Alice": alice, "Bob": bob, "Tess": tess}
    for round_ in range(6):
        for name, device in (("Alice", "laptop"), ("Bob", "desktop"), ("Alice", "home")):
            batch = envelopes(3 + round_, device=device)
            exchange.push(engines[name], batch)
            sent[name] += [event.event_id for event in batch]
            puller = ("Alice", "Bob", "Tess")[round_ % 3]  # pullers catch up at different moments
            result = exchange.pull(engines[puller], marks[puller])
            seen[puller] += [event.envelope.event_id for event in result.events]
            marks[puller] = result.high_water
    for name in marks:
        events, marks[name] = pull_everything(engines[name], marks[name])
        seen[name] += [event.envelope.event_id for event in events]
    assert seen["Alice"] == sent["Alice"]  # in push order, each once
    assert seen["Bob"] == sent["Bob"]
    assert sorted(seen["Tess"]) == sorted(sent["Alice"] + sent["Bob"])
    assert len(seen["Tess"]) == len(set(seen["Tess"]))


def test_concurrent_pushers_and_a_puller_see_every_event_exactly_once(site):
    pushers = {name: site.add(name, cohort="A") for name in ("Alice", "Bob")}
    tess = site.add("Tess", cohort="A", trainer=True)
    batches = {name: [envelopes(20, device=f"{name}-{n}") for n in range(15)] for name in pushers}
    failures: list[BaseException] = []

    def push_all(name: str) -> None:
        try:
            with pushers[name].connect() as connection:  # one connection per pusher, a transaction per batch
                for batch in batches[name]:
                    exchange.push(connection, batch)
        except BaseException as error:  # surfaced by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=push_all, args=(name,)) for name in pushers]
    for thread in threads:
        thread.start()
    seen: list[ServerEvent] = []
    mark = 0
    with tess.connect() as connection:
        while any(thread.is_alive() for thread in threads):  # pull while the pushes are landing
            result = exchange.pull(connection, mark, limit=50)
            seen += result.events
            mark = result.high_water
        for thread in threads:
            thread.join()
        rest, mark = pull_everything(connection, mark)
        seen += rest
    assert not failures
    sent = {event.event_id for name in batches for batch in batches[name] for event in batch}
    ids = [event.envelope.event_id for event in seen]
    assert len(ids) == len(sent) == 600 and set(ids) == sent
    seqs = [event.seq for event in seen]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def _advisory_waiters(site) -> int:
    with site.admin() as connection:
        query = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        return connection.execute(query).fetchone()[0]


def test_without_the_push_lock_a_puller_skips_an_event_that_commits_late(site):
    """Why push takes the lock: seq values are drawn at insert time, but become visible at commit time."""
    alice = site.add("Alice", cohort="A")
    bob = site.add("Bob", cohort="A")
    tess = site.add("Tess", cohort="A", trainer=True)
    with site.admin() as connection:  # the server's own guard would make these inserts take turns too
        connection.execute("ALTER TABLE mlops_sync.events DISABLE TRIGGER events_take_turns")
    with alice.connect() as first, bob.connect() as second:
        first.begin()
        early = first.execute(RAW_INSERT, {"id": uuid.uuid4()}).scalar_one()
        second.begin()
        late = second.execute(RAW_INSERT, {"id": uuid.uuid4()}).scalar_one()
        second.commit()  # the higher seq commits first
        seen = exchange.pull(tess, 0)
        first.commit()
    assert early < late and [event.seq for event in seen.events] == [late]
    assert exchange.pull(tess, seen.high_water).events == ()  # `early` is on the server but never pulled
    assert site.count() == 2


def test_with_the_push_lock_pushes_take_turns_and_the_puller_skips_nothing(site):
    alice = site.add("Alice", cohort="A")
    bob = site.add("Bob", cohort="A")
    tess = site.add("Tess", cohort="A", trainer=True)
    done = threading.Event()
    failures: list[BaseException] = []

    def bob_pushes() -> None:
        try:
            exchange.push(bob, envelopes(1, device="bob"))
        except BaseException as error:  # surfaced by the assertion below
            failures.append(error)
        finally:
            done.set()

    with alice.connect() as first:
        first.begin()
        exchange.push(first, envelopes(1, device="alice"))  # holds the lock until it commits
        pusher = threading.Thread(target=bob_pushes)
        pusher.start()
        wait_until(lambda: _advisory_waiters(site) == 1)  # Bob's push waits for the lock, seq not drawn yet
        assert not done.is_set()
        seen = exchange.pull(tess, 0)
        assert seen.events == ()
        first.commit()
    pusher.join()
    assert not failures
    after = exchange.pull(tess, seen.high_water)
    assert [event.learner for event in after.events] == ["Alice", "Bob"]
    assert after.events[0].seq < after.events[1].seq


def test_server_clock_and_skew_warning(site):
    alice = site.add("Alice")
    assert abs(exchange.server_now(alice) - datetime.now(UTC)) < timedelta(minutes=1)  # one machine here
    offset = exchange.clock_offset(alice, lambda: datetime.now(UTC) + timedelta(minutes=12))
    assert timedelta(minutes=11) < offset < timedelta(minutes=13)
    warning = exchange.clock_warning(offset)
    assert warning and "12 min ahead of the sync server's" in warning and "\n" not in warning
    assert exchange.clock_warning(exchange.clock_offset(alice)) is None


@pytest.mark.parametrize(
    ("offset", "said"),
    [
        (timedelta(minutes=4, seconds=59), None),
        (timedelta(minutes=-5), None),
        (timedelta(minutes=5, seconds=31), "6 min ahead of"),
        (timedelta(hours=-2, minutes=-3), "2 h 3 min behind"),
    ],
)
def test_clock_warning_only_beyond_five_minutes(offset, said):
    warning = exchange.clock_warning(offset)
    assert (warning is None) if said is None else (said in warning)


def test_envelopes_refuse_what_the_server_could_misread():
    with pytest.raises(ValueError, match="time zone"):
        EventEnvelope(uuid.uuid4(), "status", {}, START.replace(tzinfo=None), "laptop")
    with pytest.raises(TypeError, match="uuid"):
        EventEnvelope(str(uuid.uuid4()), "status", {}, START, "laptop")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="JSON object"):
        EventEnvelope(uuid.uuid4(), "status", [], START, "laptop")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind"):
        EventEnvelope(uuid.uuid4(), "", {}, START, "laptop")


def test_a_pull_with_an_admin_engine_reads_everything(site):
    alice = site.add("Alice")
    exchange.push(alice, envelopes(3))
    admin: Engine = open_engine(site.admin_url)
    assert len(exchange.pull(admin, 0).events) == 3


def test_inserts_from_any_client_take_the_push_lock(site):
    """The server's trigger takes push()'s lock for a plain INSERT too (an old client, psql)."""
    alice = site.add("Alice")
    with alice.connect() as first, site.admin() as other:
        first.begin()
        first.execute(RAW_INSERT, {"id": uuid.uuid4()})
        taken = other.execute("SELECT pg_try_advisory_xact_lock(%s)", (exchange.PUSH_LOCK,)).fetchone()[0]
        assert taken is False  # held by the open insert until it commits
        first.commit()
        assert other.execute("SELECT pg_try_advisory_xact_lock(%s)", (exchange.PUSH_LOCK,)).fetchone()[0]


def test_a_pull_can_leave_out_this_devices_own_events_and_its_mark_still_passes_them(site):
    engine = site.add("Ana")
    exchange.push(engine, envelopes(3, device="laptop"))
    exchange.push(engine, envelopes(2, device="desktop"))
    exchange.push(engine, envelopes(4, device="laptop"))
    first = exchange.pull(engine, 0, limit=1, exclude_device="laptop")
    assert [e.envelope.device_id for e in first.events] == ["desktop"] and not first.complete
    rest = exchange.pull(engine, first.high_water, limit=10, exclude_device="laptop")
    assert [e.envelope.device_id for e in rest.events] == ["desktop"] and rest.complete
    assert rest.high_water == 9  # past the laptop's last four: the next pull starts after them
    nothing = exchange.pull(engine, rest.high_water, exclude_device="laptop")
    assert nothing.events == () and nothing.high_water == 9 and nothing.complete

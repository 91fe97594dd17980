"""Security is the database's: each promise of the grants and row-level security, proven on the server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy.exc
from sqlalchemy import Engine, text

from mlops_tracker.sync import exchange, server
from mlops_tracker.sync.connection import open_engine
from mlops_tracker.sync.errors import SyncError

from .events import envelopes

INSERT = text(
    "INSERT INTO mlops_sync.events (event_id, learner, kind, payload, device_time, device_id)"
    " VALUES (:id, :learner, 'status', '{}', now(), 'laptop')"
)


def denied(engine: Engine, statement: str, **params) -> str:
    """Run a statement as a role and return the server's refusal (SQLSTATE 42501: insufficient privilege)."""
    with pytest.raises(sqlalchemy.exc.ProgrammingError) as refused, engine.begin() as connection:
        connection.execute(text(statement), params)
    assert refused.value.orig.sqlstate == "42501", refused.value
    return str(refused.value.orig)


@pytest.fixture
def cohorts(site):
    """Alice and Bob in cohort A with trainer Tess; Carol in cohort B with trainer Theo; three events each."""
    engines = {
        "Alice": site.add("Alice", cohort="A"),
        "Bob": site.add("Bob", cohort="A"),
        "Carol": site.add("Carol", cohort="B"),
        "Tess": site.add("Tess", cohort="A", trainer=True),
        "Theo": site.add("Theo", cohort="B", trainer=True),
    }
    sent = {name: envelopes(3, device=f"{name}-laptop") for name in ("Alice", "Bob", "Carol")}
    for name, events in sent.items():
        assert exchange.push(engines[name], events) == 3
    return engines, sent


def pulled(engine: Engine) -> list[tuple[str, uuid.UUID]]:
    return [(event.learner, event.envelope.event_id) for event in exchange.pull(engine, 0).events]


def test_a_learner_reads_its_own_events_only(cohorts):
    engines, sent = cohorts
    for name in ("Alice", "Bob", "Carol"):
        assert pulled(engines[name]) == [(name, event.event_id) for event in sent[name]]
    with engines["Alice"].connect() as connection:
        others = connection.execute(text("SELECT count(*) FROM mlops_sync.events WHERE learner <> 'Alice'"))
        assert others.scalar() == 0
        # the learners table too: a learner sees its own row, not the cohort's
        assert connection.execute(text("SELECT name FROM mlops_sync.learners")).all() == [("Alice",)]


def test_a_learner_can_never_update_or_delete_even_its_own_events(cohorts, site):
    alice = cohorts[0]["Alice"]
    assert "permission denied for table events" in denied(alice, "UPDATE mlops_sync.events SET kind = 'x'")
    assert "permission denied" in denied(alice, "DELETE FROM mlops_sync.events")
    assert "permission denied" in denied(alice, "TRUNCATE mlops_sync.events")
    assert "permission denied" in denied(alice, "UPDATE mlops_sync.learners SET cohort = 'B'")
    assert site.count() == 9


def test_a_learner_cannot_add_events_under_another_name(cohorts, site):
    engines, _ = cohorts
    with pytest.raises(SyncError, match=r"did not allow this .*row-level security") as refused:
        exchange.push(engines["Alice"], envelopes(2), learner="Bob")
    assert "\n" not in str(refused.value)
    assert "row-level security" in denied(engines["Alice"], INSERT.text, id=uuid.uuid4(), learner="Carol")
    assert site.count() == 9
    # naming itself is allowed: the check is who the login role is, not what the client says
    assert exchange.push(engines["Alice"], envelopes(1), learner="Alice") == 1


def test_a_learner_cannot_choose_the_servers_columns(cohorts):
    alice = cohorts[0]["Alice"]
    # a huge seq would move every puller's high-water mark past the events still to come
    insert_seq = (
        "INSERT INTO mlops_sync.events (seq, event_id, kind, payload, device_time, device_id)"
        " OVERRIDING SYSTEM VALUE VALUES (999999, :id, 'status', '{}', now(), 'laptop')"
    )
    assert "permission denied" in denied(alice, insert_seq, id=uuid.uuid4())
    insert_received = (
        "INSERT INTO mlops_sync.events (event_id, kind, payload, device_time, device_id, received_at)"
        " VALUES (:id, 'status', '{}', now(), 'laptop', '2000-01-01')"
    )
    assert "permission denied" in denied(alice, insert_received, id=uuid.uuid4())
    with alice.connect() as connection:  # the definer's functions tell a learner nothing about others
        assert connection.execute(text("SELECT * FROM mlops_sync.cohort_learners()")).all() == []
        assert connection.execute(text("SELECT mlops_sync.current_learner()")).scalar() == "Alice"


def test_a_trainer_reads_its_cohort_only_and_adds_nothing(cohorts):
    engines, sent = cohorts
    cohort_a = [(name, event.event_id) for name in ("Alice", "Bob") for event in sent[name]]
    assert pulled(engines["Tess"]) == cohort_a
    assert pulled(engines["Theo"]) == [("Carol", event.event_id) for event in sent["Carol"]]
    with engines["Tess"].connect() as connection:
        names = connection.execute(text("SELECT name FROM mlops_sync.learners ORDER BY 1")).scalars().all()
    assert names == ["Alice", "Bob", "Tess"]
    with pytest.raises(SyncError, match="permission denied for table events"):
        exchange.push(engines["Tess"], envelopes(1))


def test_new_learners_join_their_trainers_view(cohorts, site):
    engines, _ = cohorts
    dana = site.add("Dana", cohort="A")
    sent = envelopes(2, device="dana-phone")
    exchange.push(dana, sent)
    assert [learner for learner, _ in pulled(engines["Tess"])].count("Dana") == 2
    assert "Dana" not in {learner for learner, _ in pulled(engines["Theo"])}


def test_a_role_outside_sync_sees_nothing(cohorts, site):
    with site.admin() as connection:
        connection.execute("CREATE ROLE mlops_outsider LOGIN PASSWORD 'outsider-password'")
    try:
        outsider = open_engine(site.server.url(site.database, "mlops_outsider", "outsider-password"))
        with pytest.raises(SyncError, match="permission denied for schema mlops_sync"):
            exchange.pull(outsider, 0)
    finally:
        with site.admin() as connection:
            connection.execute("DROP ROLE mlops_outsider")


def test_the_device_time_is_kept_and_the_receipt_time_is_the_servers(cohorts):
    alice = cohorts[0]["Alice"]
    before = exchange.server_now(alice)
    sent = envelopes(1)[0]
    exchange.push(alice, [sent])
    event = exchange.pull(alice, 0).events[-1]
    assert event.envelope == sent
    assert event.envelope.device_time == sent.device_time  # 2026-11-02, what the device said
    assert before <= event.received_at <= exchange.server_now(alice)
    assert event.received_at.tzinfo is not None and sent.device_time < datetime.now(UTC)


def test_a_learner_cannot_make_roles_or_learners(cohorts, site):
    refusal = r"did not allow this \(permission denied to create role\)"
    with pytest.raises(SyncError, match=refusal) as refused:
        server.add_learner(site.url("Alice"), "Mallory", cohort="A")
    assert "administrator's role" in str(refused.value) and "\n" not in str(refused.value)
    with site.admin() as connection:
        assert connection.execute("SELECT count(*) FROM mlops_sync.learners").fetchone()[0] == 5
        assert connection.execute("SELECT 1 FROM pg_roles WHERE rolname = 'mlops_mallory'").fetchone() is None

"""`server init` and `add-learner` on a real PostgreSQL: idempotent, refuses newer schemas, quotes safely."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from mlops_tracker.sync import exchange, server
from mlops_tracker.sync.connection import open_engine
from mlops_tracker.sync.errors import SyncError
from mlops_tracker.sync.schema import KNOWN_REVISIONS, LEARNER_GROUP, SCHEMA_HEAD, TRAINER_GROUP

from .events import envelopes

# what init makes, read from the catalogs: equal snapshots mean init changed nothing
SNAPSHOT = [
    "SELECT version_num FROM mlops_sync.mlops_sync_version",
    "SELECT rolname, rolcanlogin, rolinherit FROM pg_roles WHERE rolname LIKE 'mlops%' ORDER BY 1",
    "SELECT tablename, policyname, roles::text, cmd, qual, with_check FROM pg_policies"
    " WHERE schemaname = 'mlops_sync' ORDER BY 1, 2",
    "SELECT relname, relacl::text, relrowsecurity FROM pg_class"
    " WHERE relnamespace = 'mlops_sync'::regnamespace ORDER BY 1",
    "SELECT attrelid::regclass::text, attname, attacl::text FROM pg_attribute"
    " WHERE attrelid = 'mlops_sync.events'::regclass AND attacl IS NOT NULL ORDER BY 2",
    "SELECT proname, proacl::text, prosrc FROM pg_proc"
    " WHERE pronamespace = 'mlops_sync'::regnamespace ORDER BY 1",
    "SELECT nspacl::text FROM pg_namespace WHERE nspname = 'mlops_sync'",
    "SELECT learner, count(*) FROM mlops_sync.events GROUP BY 1 ORDER BY 1",
    "SELECT * FROM mlops_sync.learners ORDER BY 1",
]


def snapshot(site) -> list[list[tuple]]:
    with site.admin() as connection:
        return [connection.execute(query).fetchall() for query in SNAPSHOT]


def test_the_code_knows_its_newest_migration():
    assert server.script_head() == SCHEMA_HEAD == KNOWN_REVISIONS[-1]


def test_init_makes_the_schema_once_and_a_second_run_changes_nothing(bare_site):
    first = server.init_server(bare_site.admin_url)
    assert first == (None, SCHEMA_HEAD) and first.changed
    before = snapshot(bare_site)
    assert before[0] == [(SCHEMA_HEAD,)]
    assert [row[1] for row in before[2]] == [
        "learner_adds_own", "learner_reads_own", "trainer_reads_cohort",
        "learner_sees_self", "trainer_sees_cohort",
    ]  # fmt: skip
    second = server.init_server(bare_site.admin_url)
    assert second == (SCHEMA_HEAD, SCHEMA_HEAD) and not second.changed
    assert snapshot(bare_site) == before


def test_a_newer_server_schema_is_refused_in_one_line_and_nothing_is_written(site):
    alice = site.add("Alice")
    exchange.push(alice, envelopes(2))
    with site.admin() as connection:
        connection.execute("UPDATE mlops_sync.mlops_sync_version SET version_num = 's9999'")
    before = snapshot(site)
    with pytest.raises(SyncError, match="newer than this version of MLOps Tracker") as refused:
        server.init_server(site.admin_url)
    assert "\n" not in str(refused.value) and "s9999" in str(refused.value)
    with pytest.raises(SyncError, match="newer"):
        exchange.push(alice, envelopes(3))
    with pytest.raises(SyncError, match="newer"):
        exchange.pull(alice, 0)
    with pytest.raises(SyncError, match="newer"):
        server.add_learner(site.admin_url, "Bob")
    assert snapshot(site) == before


def test_add_learner_waits_for_server_init(bare_site):
    with pytest.raises(SyncError, match=r"not set up for MLOps Tracker.*server init"):
        server.add_learner(bare_site.admin_url, "Alice")


def test_add_learner_makes_a_login_role_in_the_group_and_registers_it(site):
    password = server.add_learner(site.admin_url, "Ana María", cohort="Bootcamp 3")
    trainer_password = server.add_learner(site.admin_url, "Tomás", cohort="Bootcamp 3", trainer=True)
    assert len(password) >= 32 and password != trainer_password
    with site.admin() as connection:
        members = connection.execute(
            "SELECT r.rolname, g.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member"
            " JOIN pg_roles g ON g.oid = m.roleid"
            " WHERE r.rolname IN ('mlops_ana_maria', 'mlops_tomas') ORDER BY 1"
        ).fetchall()
        registered = connection.execute("SELECT * FROM mlops_sync.learners ORDER BY 1").fetchall()
        stored = connection.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'mlops_ana_maria'"
        ).fetchone()
    assert members == [("mlops_ana_maria", LEARNER_GROUP), ("mlops_tomas", TRAINER_GROUP)]
    assert registered == [
        ("Ana María", "mlops_ana_maria", "Bootcamp 3", False),
        ("Tomás", "mlops_tomas", "Bootcamp 3", True),
    ]
    assert stored[0].startswith("SCRAM-SHA-256$")  # hashed by libpq before it left this process
    assert (
        exchange.pull(open_engine(site.server.url(site.database, "mlops_ana_maria", password)), 0).events
        == ()
    )


def test_names_and_passwords_are_quoted_never_formatted_into_sql(site):
    name = "Robert'); DROP TABLE mlops_sync.events; --"
    password = 'it\'s a "quoted" pass; DROP ROLE x; --'
    assert server.add_learner(site.admin_url, name, password=password) == password
    role = server.learner_role(name)
    assert role == "mlops_robert_drop_table_mlops_sync_events"
    engine = open_engine(site.server.url(site.database, role, password))
    assert exchange.push(engine, envelopes(1)) == 1
    assert site.count() == 1


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Alice", "mlops_alice"),
        ("Ana María", "mlops_ana_maria"),
        ("  O'Brien-Smith  ", "mlops_o_brien_smith"),
        ("x" * 80, "mlops_" + "x" * 40),
        ("学生", None),  # nothing left in ASCII: a digest
        ("learner", None),  # would be the group role mlops_learner: a digest
    ],
)
def test_learner_roles_are_safe_identifiers(name, role):
    made = server.learner_role(name)
    assert made.startswith("mlops_") and len(made) <= 63
    assert made.isascii() and made.replace("_", "").isalnum() and made == made.lower()
    if role is None:
        assert made.startswith("mlops_u") and len(made) == len("mlops_u") + 12
        assert made != server.learner_role(name + "2")
    else:
        assert made == role


def test_add_learner_refuses_what_it_cannot_do(site):
    server.add_learner(site.admin_url, "Alice")
    with pytest.raises(SyncError, match="already registered"):
        server.add_learner(site.admin_url, "Alice")
    with pytest.raises(SyncError, match="cohort"):
        server.add_learner(site.admin_url, "Tess", trainer=True)
    with pytest.raises(SyncError, match="at least 12"):
        server.add_learner(site.admin_url, "Bob", password="short")
    with site.admin() as connection:
        connection.execute("CREATE ROLE mlops_carol")  # someone else's role with the same name
    try:
        with pytest.raises(SyncError, match="already has a role named mlops_carol"):
            server.add_learner(site.admin_url, "Carol")
    finally:
        with site.admin() as connection:
            connection.execute("DROP ROLE mlops_carol")


def test_set_password_replaces_the_old_one(site):
    alice = site.add("Alice")
    new = server.set_password(site.admin_url, "Alice")
    with pytest.raises(SyncError, match="refused the login"):
        exchange.pull(alice, 0)
    assert exchange.pull(open_engine(site.url("Alice", new)), 0).events == ()


def test_an_older_server_schema_asks_for_server_init(site, monkeypatch):
    monkeypatch.setattr(server, "KNOWN_REVISIONS", ("s0000", *KNOWN_REVISIONS))  # as if s0001 followed s0000
    alice: Engine = site.add("Alice")
    with site.admin() as connection:
        connection.execute("UPDATE mlops_sync.mlops_sync_version SET version_num = 's0000'")
    with pytest.raises(SyncError, match="older than this app"):
        exchange.pull(alice, 0)

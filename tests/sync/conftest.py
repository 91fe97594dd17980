"""A real PostgreSQL for the sync tests: one throwaway server per session, one fresh database per test.

Without the server binaries the tests are skipped with the command that installs them; with
MLOPS_TRACKER_REQUIRE_POSTGRES=1 (CI) they fail instead, so a CI run can never pass by skipping them.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine

from mlops_tracker.sync.connection import open_engine
from mlops_tracker.sync.server import add_learner, init_server, learner_role
from mlops_tracker.sync.testing import ServerUnavailable, ThrowawayServer

REQUIRE = "MLOPS_TRACKER_REQUIRE_POSTGRES"


def make_server() -> ThrowawayServer:
    """Return an unstarted throwaway server, or skip (fail when REQUIRE is set) when there is none to run."""
    try:
        return ThrowawayServer()
    except ServerUnavailable as error:
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"{error} ({REQUIRE}=1: the sync tests must run here)", pytrace=False)
        pytest.skip(str(error))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[ThrowawayServer]:
    server = make_server()
    try:  # removed even when it fails to start: the temporary folder and any half-started server
        yield server.start()
    finally:
        server.remove()


@pytest.fixture(autouse=True)
def _no_libpq_settings_from_outside(tmp_path, monkeypatch):
    """Keep the caller's PGPASSWORD, ~/.pgpass, PGHOST… out: every login in these tests is explicit."""
    for name in list(os.environ):
        if name.startswith("PG"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


@dataclass
class SyncSite:
    """One test's database on the throwaway server, with `server init` run, and its learners' engines."""

    server: ThrowawayServer
    database: str
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def admin_url(self) -> str:
        return self.server.url(self.database)

    def url(self, name: str, password: str | None = None) -> str:
        """Return the URL of a learner's role, with its password unless another is given."""
        return self.server.url(self.database, learner_role(name), password or self.passwords[name])

    def add(self, name: str, cohort: str | None = None, trainer: bool = False) -> Engine:
        """Register a learner (or trainer) and return an engine logged in as its role."""
        self.passwords[name] = add_learner(self.admin_url, name, cohort=cohort, trainer=trainer)
        return open_engine(self.url(name))

    def admin(self) -> psycopg.Connection:
        """Return an autocommit connection as the superuser, on this database."""
        return self.server.admin_connection(self.database)

    def count(self) -> int:
        """Return how many events the server holds (the superuser sees past row-level security)."""
        with self.admin() as connection:
            return connection.execute("SELECT count(*) FROM mlops_sync.events").fetchone()[0]


@pytest.fixture
def bare_site(pg_server) -> Iterator[SyncSite]:
    """A fresh empty database; its learners' roles are dropped afterwards (roles are cluster-wide)."""
    database = f"sync_{secrets.token_hex(4)}"
    with pg_server.admin_connection() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    site = SyncSite(pg_server, database)
    try:
        yield site
    finally:
        with site.admin() as connection:
            registered = connection.execute("SELECT to_regclass('mlops_sync.learners')").fetchone()[0]
            roles = (
                [row[0] for row in connection.execute("SELECT role_name FROM mlops_sync.learners")]
                if registered
                else []
            )
        with pg_server.admin_connection() as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(database)))
            for role in roles:
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.fixture
def site(bare_site) -> SyncSite:
    """A fresh database with the sync schema, roles and policies in place."""
    init_server(bare_site.admin_url)
    return bare_site

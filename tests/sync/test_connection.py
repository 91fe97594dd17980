"""Connections: libpq finds the password (.pgpass), and every failure is one line saying what to do."""

from __future__ import annotations

import pytest

from mlops_tracker.sync import connection as sync_connection
from mlops_tracker.sync import exchange, server, testing
from mlops_tracker.sync.connection import describe, open_engine, parse_url, without_password
from mlops_tracker.sync.errors import SyncError
from mlops_tracker.sync.testing import ServerUnavailable, free_port

from . import conftest


def one_line(error: pytest.ExceptionInfo[SyncError]) -> str:
    message = str(error.value)
    assert message and "\n" not in message and "Traceback" not in message
    assert error.value.__suppress_context__  # raised `from None`: no driver traceback chained to it
    return message


def test_a_password_from_pgpass_logs_in(site, tmp_path, monkeypatch):
    site.add("Alice")
    port = site.server.port
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{port}:{site.database}:mlops_alice:{site.passwords['Alice']}\n")
    pgpass.chmod(0o600)  # libpq ignores a password file others can read
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    url = f"postgresql://mlops_alice@127.0.0.1:{port}/{site.database}"
    assert exchange.push(open_engine(url), []) == 0
    assert exchange.pull(open_engine(url), 0).events == ()


def test_without_a_password_anywhere_the_login_is_refused_in_one_line(site):
    site.add("Alice")
    url = f"postgresql://mlops_alice@127.0.0.1:{site.server.port}/{site.database}"
    with pytest.raises(SyncError) as refused:
        exchange.pull(open_engine(url), 0)
    message = one_line(refused)
    assert "refused the login" in message and "~/.pgpass" in message and "mlops_alice@127.0.0.1" in message


def test_a_wrong_password_is_refused_in_one_line_without_showing_it(site):
    site.add("Alice")
    with pytest.raises(SyncError) as refused:
        exchange.pull(open_engine(site.url("Alice", "not-the-password")), 0)
    message = one_line(refused)
    assert "refused the login" in message and "not-the-password" not in message


def test_a_server_that_is_down_is_reported_in_one_line():
    port = free_port()  # nothing listens there: as a stopped server
    url = f"postgresql://mlops_alice:secret-password@127.0.0.1:{port}/sync"
    for attempt in (lambda: exchange.pull(open_engine(url), 0), lambda: server.init_server(url)):
        with pytest.raises(SyncError) as refused:
            attempt()
        message = one_line(refused)
        assert message.startswith(f"Cannot reach the sync server mlops_alice@127.0.0.1:{port}/sync")
        assert "refused" in message and "secret-password" not in message


def test_a_missing_database_is_named(pg_server):
    with pytest.raises(SyncError, match="no such database") as refused:
        server.init_server(pg_server.url("no_such_database"))
    one_line(refused)


def test_connections_time_out_quickly_and_say_who_they_are(site):
    site.add("Alice")
    with open_engine(site.url("Alice")).connect() as connection:
        parameters = connection.connection.driver_connection.info.get_parameters()
    assert parameters["connect_timeout"] == str(sync_connection.CONNECT_TIMEOUT) == "5"
    assert parameters["application_name"] == "mlops-tracker"


def test_urls_are_checked_and_never_shown_with_their_password():
    assert parse_url("postgres://ann@db.example.org/study").drivername == "postgresql+psycopg"
    assert describe("postgresql://ann:pw@db.example.org:6543/study") == "ann@db.example.org:6543/study"
    assert without_password("postgresql://ann:pw@db.example.org/study?sslmode=require") == (
        "postgresql://ann@db.example.org/study?sslmode=require"
    )
    for bad in ("sqlite:///tracker.db", "mysql://ann@db/study", "not a url"):
        with pytest.raises(SyncError, match="postgresql://"):
            parse_url(bad)


def test_missing_server_binaries_skip_or_fail_with_the_install_command(monkeypatch):
    def missing() -> None:
        raise ServerUnavailable(
            f"PostgreSQL server binaries (initdb, pg_ctl) not found: {testing.INSTALL_HINT}"
        )

    monkeypatch.setattr(testing, "find_binaries", missing)
    monkeypatch.delenv(conftest.REQUIRE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y postgresql"):
        conftest.make_server()
    monkeypatch.setenv(conftest.REQUIRE, "1")
    with pytest.raises(
        pytest.fail.Exception, match=r"apt-get install -y postgresql.*MLOPS_TRACKER_REQUIRE_POSTGRES"
    ):
        conftest.make_server()

"""Connections to the sync server: libpq conventions for secrets, short timeouts, and errors as one line.

Passwords are never stored by the app: a URL may leave the password out, and libpq then looks in PGPASSWORD
and in ~/.pgpass (or PGPASSFILE); PGSSLMODE and the other PG* variables apply as they do for psql.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import sqlalchemy.exc
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from mlops_tracker.sync.errors import SyncError

CONNECT_TIMEOUT = 5  # seconds: an unreachable server must not hold a sync (or the window's exit) for long
DRIVER = "postgresql+psycopg"
_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}

# SQLSTATE classes and codes the server answers with, mapped to what the person should do
_PERMISSION = "42501"  # insufficient_privilege, also raised by row-level security
_NOT_SET_UP = {"3F000", "42P01", "42883"}  # no schema / table / function: `server init` has not run
_LOGIN = {"28000", "28P01"}  # invalid authorization / password


def parse_url(url: str | URL) -> URL:
    """Return the URL with the psycopg driver; refuse anything that is not a PostgreSQL URL."""
    try:
        parsed = make_url(url)
    except sqlalchemy.exc.ArgumentError:
        raise SyncError(
            "The sync server address is not a PostgreSQL URL: write it as postgresql://ROLE@HOST:PORT/DATABASE."
        ) from None
    if parsed.drivername not in _SCHEMES:
        raise SyncError(
            f"The sync server address starts with '{parsed.drivername}://', not 'postgresql://': "
            "write it as postgresql://ROLE@HOST:PORT/DATABASE."
        )
    return parsed.set(drivername=DRIVER)


def describe(url: str | URL) -> str:
    """Return "role@host:port/database" for messages: never the password."""
    parsed = parse_url(url)
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"
    return f"{parsed.username}@{where}" if parsed.username else where


def without_password(url: str | URL) -> str:
    """Return the URL to store in the settings, as psql writes it: the password left to libpq's lookups."""
    # URL.set() ignores None, so replace the field itself
    return (
        parse_url(url)._replace(password=None, drivername="postgresql").render_as_string(hide_password=False)
    )


def open_engine(url: str | URL) -> Engine:
    """Return an engine for the server; it connects on first use (errors come from `translated`)."""
    parsed = parse_url(url)
    # a desktop app syncs every few minutes: pooled connections would go stale between syncs
    return create_engine(
        parsed,
        poolclass=NullPool,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": "mlops-tracker"},
    )


@contextmanager
def connect(url: str | URL | Engine) -> Iterator[Connection]:
    """Open one connection to the server, with every failure turned into a one-line `SyncError`."""
    engine = url if isinstance(url, Engine) else open_engine(url)
    with translated(engine.url), engine.connect() as connection:
        yield connection


@contextmanager
def translated(url: str | URL) -> Iterator[None]:
    """Turn driver errors raised in the block into a `SyncError` naming the server (never the password)."""
    try:
        yield
    except sqlalchemy.exc.DBAPIError as error:
        raise SyncError(_message(error.orig, describe(url))) from None
    except psycopg.Error as error:
        raise SyncError(_message(error, describe(url))) from None


def _first_line(error: BaseException | None) -> str:
    text = str(error or "").strip()
    # libpq prefixes connection failures with 'connection failed: connection to server at "…" failed: '
    line = text.splitlines()[0] if text else "no reason given"
    return line.rsplit("failed: ", 1)[-1].strip() if "connection" in line and "failed: " in line else line


def _message(error: BaseException | None, where: str) -> str:
    state = getattr(error, "sqlstate", None) or ""
    reason = _first_line(error)
    lowered = str(error).lower()
    if state in _LOGIN or "password authentication failed" in lowered or "no password supplied" in lowered:
        return (
            f"The sync server {where} refused the login ({reason}): check the role name and its password "
            "(PGPASSWORD or ~/.pgpass)."
        )
    if state == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return f"The sync server {where} has no such database ({reason}): check the URL."
    if state == _PERMISSION:
        return (
            f"The sync server {where} did not allow this ({reason}): a learner's role adds and reads only "
            "its own events, and `server init` and `add-learner` need an administrator's role."
        )
    if state in _NOT_SET_UP:
        return (
            f"The sync server {where} is not set up for MLOps Tracker ({reason}): "
            "its administrator should run `mlops-tracker server init URL`."
        )
    if isinstance(error, psycopg.OperationalError) and not state:
        # no SQLSTATE: libpq never reached a server (refused, timed out, unknown host)
        return (
            f"Cannot reach the sync server {where} ({reason}): check that it is running and the address is "
            "right, or try again later."
        )
    return f"The sync server {where} reported an error ({reason})."

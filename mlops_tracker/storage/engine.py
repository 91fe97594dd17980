"""The SQLite engine: pragmas on every connection and transactions that take the write lock up front."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from mlops_tracker.storage.connect import connect, connect_read_only, file_name
from mlops_tracker.storage.database import BUSY_TIMEOUT_MS


def make_engine(path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, read_only: bool = False) -> Engine:
    """Return an engine on a SQLite file with WAL, synchronous FULL, foreign keys and a busy timeout.

    The connections come from `storage.connect`, so the file name is never parsed as a URL; read_only opens
    the file with `mode=ro` (writes then fail with SQLite's "readonly" error).
    """
    timeout = busy_timeout_ms / 1000
    opener = connect_read_only if read_only else connect

    def _connection() -> sqlite3.Connection:
        return opener(path, timeout=timeout, check_same_thread=False)

    # the URL only tells SQLAlchemy it is a file database (one pool per file); `creator` opens the file
    engine = create_engine(URL.create("sqlite", database=file_name(path)), creator=_connection)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # SQLAlchemy's documented pysqlite recipe: stop the driver's own implicit BEGIN so that the
        # "begin" hook below decides, and a failed migration or action rolls back whole.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not read_only:  # switching to WAL writes the file's header
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection) -> None:  # type: ignore[no-untyped-def]
        # Take the write lock at the start: no deadlock between a reader that later writes and a writer.
        # A snapshot read (export, import preview) only reads: a deferred BEGIN, which never blocks a writer.
        reading = read_only or connection.get_execution_options().get(SNAPSHOT_OPTION, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


SNAPSHOT_OPTION = "mlops_snapshot"  # an execution option: this transaction only reads


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory used for one unit of work each."""
    return sessionmaker(engine, expire_on_commit=False)

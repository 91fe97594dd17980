"""Integrity checks: is a file a healthy SQLite database of ours, and does its data agree with itself."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mlops_tracker.storage import reads
from mlops_tracker.storage.connect import connect, connect_immutable, connect_read_only

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
MAX_REPORTED = 20
# the tables a database (or a backup) must have to be one of ours
OUR_TABLES = frozenset(
    {"items", "item_states", "events", "plans", "plan_tasks", "study_sessions", "settings", "alembic_version"}
)
# SQLite result codes that mean the file itself is bad, not the environment around it
_DAMAGE_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})


class FileUnusable(Exception):
    """The file could not be read for a reason outside it (locked, unreadable folder): not proof of damage."""


@dataclass(frozen=True)
class Finding:
    """One problem a check found: what kind, and a sentence for people."""

    kind: str  # "integrity", "foreign_key", "status", "event_item", "plan_item", "session_item"
    message: str


@dataclass(frozen=True)
class CheckReport:
    """What a full check of the database found."""

    path: Path
    integrity: tuple[str, ...]  # SQLite's integrity_check lines ("ok" when healthy)
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """Return whether nothing is wrong."""
        return not self.findings


def _page_size(header: bytes) -> int:
    value = int.from_bytes(header[16:18], "big")
    return 65536 if value == 1 else value


def _connect(path: Path, *, read_only: bool, live: bool = False) -> sqlite3.Connection:
    """Open a file to examine it: a copy (read_only) immutably, the live database read-only when live."""
    if not read_only:
        return connect(path, timeout=5.0, isolation_level=None)
    if live:  # another process may be writing it: SQLite's locks must stay in play
        return connect_read_only(path, timeout=5.0, isolation_level=None)
    # immutable=1 reads a copy without touching (or needing) -wal/-shm files beside it
    return connect_immutable(path, timeout=5.0, isolation_level=None)


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def file_problem(
    path: Path, *, read_only: bool = False, thorough: bool = False, live: bool = False
) -> str | None:
    """Return what is wrong with a database file in plain words, or None when it is healthy or absent.

    read_only opens a copy immutably, or with live the data folder's own database with `mode=ro`. Raises
    FileUnusable (its cause the OSError or sqlite3 error) when the file cannot be examined for a reason
    that is not the file's fault.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    except OSError as error:
        raise FileUnusable(f"cannot read {path}: {error.strerror}") from error
    if size == 0:
        return "the file is empty (0 bytes)"
    try:
        with path.open("rb") as stream:
            header = stream.read(HEADER_SIZE)
    except OSError as error:
        raise FileUnusable(f"cannot read {path}: {error.strerror}") from error
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        return "the file is not an SQLite database"
    page_size = _page_size(header)
    if page_size < 512 or size % page_size:
        return f"the file is truncated ({size} bytes is not a whole number of {page_size}-byte pages)"
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        connection = _connect(path, read_only=read_only, live=live)
        try:
            rows = connection.execute(f"PRAGMA {pragma}({MAX_REPORTED})").fetchall()
            tables = _tables(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorname", "") in _DAMAGE_CODES:
            return f"SQLite cannot read it ({error})"
        raise FileUnusable(f"cannot open {path}: {error}") from error
    lines = [str(row[0]) for row in rows]
    if lines != ["ok"]:
        return "SQLite's check found damage: " + "; ".join(lines[:3])
    if tables and "alembic_version" not in tables:
        return "it is an SQLite database, but not one made by MLOps Tracker"
    return None


def missing_tables(path: Path) -> set[str]:
    """Return which of our tables a healthy SQLite file lacks (read-only)."""
    connection = _connect(path, read_only=True)
    try:
        tables = _tables(connection)
    finally:
        connection.close()
    return set(OUR_TABLES - tables)


def schema_revision(path: Path) -> str | None:
    """Return the schema revision stored in a database file (read-only), None when it has none."""
    connection = _connect(path, read_only=True)
    try:
        return reads.schema_revision(connection)
    except sqlite3.DatabaseError:  # not a database at all
        return None
    finally:
        connection.close()


def consistency_findings(connection: sqlite3.Connection) -> Iterator[Finding]:
    """Yield where the data disagrees with itself: statuses against the log, references to items."""
    broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    for table, rowid, parent, _fk in broken[:MAX_REPORTED]:
        yield Finding("foreign_key", f"{table} row {rowid} refers to a missing {parent} row")
    # the last event per item by time, ties broken by the order they were written (seq)
    last_events = """
        SELECT e.item_id, e.to_status FROM events e
        WHERE NOT EXISTS (
            SELECT 1 FROM events later WHERE later.item_id = e.item_id
            AND (later.at > e.at OR (later.at = e.at AND later.seq > e.seq))
        )
    """
    last = dict(connection.execute(last_events).fetchall())
    states = dict(connection.execute("SELECT item_id, status FROM item_states").fetchall())
    for item_id in sorted(set(last) | set(states)):
        expected = last.get(item_id, "todo")
        actual = states.get(item_id, "todo")
        if expected != actual:
            yield Finding(
                "status",
                f"item {item_id} has status '{actual}' but its last event in the log says '{expected}'",
            )
    for kind, query, what in (
        (
            "event_item",
            "SELECT seq, item_id FROM events WHERE item_id NOT IN (SELECT id FROM items)",
            "event",
        ),
        (
            "plan_item",
            "SELECT id, item_id FROM plan_tasks WHERE item_id NOT IN (SELECT id FROM items)",
            "plan task",
        ),
        (
            "session_item",
            "SELECT id, item_id FROM study_sessions WHERE item_id IS NOT NULL "
            "AND item_id NOT IN (SELECT id FROM items)",
            "study session",
        ),
    ):
        for row_id, item_id in connection.execute(query).fetchall()[:MAX_REPORTED]:
            yield Finding(kind, f"{what} {row_id} refers to unknown item {item_id}")


def full_check(path: Path, *, read_only: bool = False) -> CheckReport:
    """Run SQLite's full integrity check and our consistency checks on a database file."""
    connection = _connect(path, read_only=read_only, live=True)
    try:
        integrity = tuple(
            str(row[0]) for row in connection.execute(f"PRAGMA integrity_check({MAX_REPORTED})").fetchall()
        )
        findings = [Finding("integrity", line) for line in integrity if line != "ok"]
        tables = _tables(connection)
        missing = OUR_TABLES - tables
        if findings:
            pass  # queries on a damaged file can fail or mislead
        elif tables and missing:
            findings.append(Finding("schema", f"tables are missing: {', '.join(sorted(missing))}"))
        elif tables:  # a new, still empty database has nothing to disagree about
            findings.extend(consistency_findings(connection))
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorname", "") not in _DAMAGE_CODES:
            raise
        integrity = (str(error),)
        findings = [Finding("integrity", f"SQLite cannot read it ({error})")]
    finally:
        connection.close()
    return CheckReport(path=path, integrity=integrity, findings=tuple(findings))

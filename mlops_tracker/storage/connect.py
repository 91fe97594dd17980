"""Opening SQLite files by path: a data folder's name is a path, never parsed as a URI.

Debian's and many other SQLite builds treat any file name starting with `file:` as a URI, and SQLAlchemy
parses `sqlite:///…` text as a URL (`?` starts a query, `%41` is decoded). So every connection in the app is
made here: plain opens get an absolute file name, read-only opens a percent-encoded `file:` URI.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import urlencode


def file_name(path: Path) -> str:
    """Return the absolute file name to hand to sqlite3 (a relative `file:…` name would be read as a URI)."""
    return os.path.abspath(os.fspath(path))


def file_uri(path: Path, **params: str) -> str:
    """Return a `file:` URI for a path, every special character (`?`, `#`, `%`) percent-encoded."""
    uri = Path(file_name(path)).as_uri()
    return f"{uri}?{urlencode(params)}" if params else uri


def connect(path: Path, *, timeout: float = 5.0, **options: object) -> sqlite3.Connection:
    """Open a database file for reading and writing."""
    return sqlite3.connect(file_name(path), timeout=timeout, **options)  # type: ignore[call-overload]


def connect_immutable(path: Path, *, timeout: float = 5.0, **options: object) -> sqlite3.Connection:
    """Open a file that nothing writes (a backup, a copy) read-only, without touching -wal/-shm files."""
    uri = file_uri(path, mode="ro", immutable="1")
    return sqlite3.connect(uri, uri=True, timeout=timeout, **options)  # type: ignore[call-overload]


def cannot_open(error: sqlite3.Error) -> bool:
    """Return whether SQLite failed to open, lock or map a file (the environment), not read a damaged one."""
    name = str(getattr(error, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_IOERR"))


def _has_wal_content(path: Path) -> bool:
    try:
        return os.path.getsize(f"{file_name(path)}-wal") > 0
    except OSError:
        return False


def connect_read_only(path: Path, *, timeout: float = 5.0, **options: object) -> sqlite3.Connection:
    """Open a database read-only where its folder may not be writable (read-only medium, full disk).

    `mode=ro` still needs the -shm file beside it; when that cannot be made and no -wal holds commits not
    yet in the file, `immutable=1` reads the file alone, which is then exact.
    """
    uri = file_uri(path, mode="ro")
    connection = sqlite3.connect(uri, uri=True, timeout=timeout, **options)  # type: ignore[call-overload]
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError as error:
        connection.close()
        if not cannot_open(error) or _has_wal_content(path):
            raise
    return connect_immutable(path, timeout=timeout, **options)

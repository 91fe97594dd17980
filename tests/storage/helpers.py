"""Helpers of the storage tests: every row of a database file, to compare before and after."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCHEMA_0001 = FIXTURES / "schema_0001.sqlite3"


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Return every row of every table (sorted), the schema's SQL under "<schema>"."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        rows: dict[str, list[tuple[object, ...]]] = {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
        rows["<schema>"] = sorted(
            connection.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"),
            key=repr,
        )
    finally:
        connection.close()
    return rows


def folder_with_first_schema(folder: Path) -> Path:
    """Return a data folder holding a copy of the first-schema fixture as its database."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCHEMA_0001, folder / "tracker.sqlite3")
    return folder


def simulate_read_only_folder(monkeypatch, folder: Path) -> None:
    """Make a data folder behave as one on a read-only medium, without a mount (tests run as root, and root
    ignores permission bits): `os.access` says neither the folder nor its database can be written, and a
    dangling symlink stands where SQLite would make its -shm file, so SQLite cannot make it, exactly as on a
    read-only medium. The app must then open the file read-only (`mode=ro`, falling back to `immutable=1`),
    and SQLite itself refuses every write."""
    import os

    real_access = os.access
    protected = {folder.resolve(), (folder / "tracker.sqlite3").resolve()}

    def access(path, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        if mode & os.W_OK and Path(path).resolve() in protected:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    shm = folder / "tracker.sqlite3-shm"
    if shm.exists() or shm.is_symlink():
        shm.unlink()
    shm.symlink_to(folder / "no-such-folder" / "shm")


def folder_state(folder: Path) -> dict[str, bytes]:
    """Return every regular file under a folder with its bytes.

    Left out: symlinks, and an empty -wal, which SQLite's read-only open makes in the simulated read-only
    folder (a real one would not let it; an empty -wal holds nothing).
    """
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not path.is_symlink()
        and not (path.name.endswith("-wal") and not path.stat().st_size)
    }

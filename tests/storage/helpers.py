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

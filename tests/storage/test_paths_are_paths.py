"""Issue 10, item 6: the data folder is opened as a file path, never parsed as a URI or a URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mlops_tracker.core import recovery
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.paths import backups_dir, database_path
from mlops_tracker.storage import backup as backups
from mlops_tracker.storage.connect import connect_immutable, connect_read_only, file_uri
from mlops_tracker.storage.database import Database
from mlops_tracker.storage.integrity import file_problem, full_check
from tests.storage.helpers import simulate_read_only_folder

ITEM = "foundation.skill.ml-lifecycle"
# each of these meant something else to SQLAlchemy's URL parser or to SQLite's URI parser
NAMES = [
    "what?",
    "other.db?x",
    "%41",
    "hash#tag",
    "two  words",
    "naïve 日本",
    "file:looks-like-a-uri",
    "a?mode=ro",
]


@pytest.fixture
def study(tmp_path, monkeypatch) -> Path:
    """Return an empty folder `study`, relative to the working directory, as typed on a command line."""
    monkeypatch.chdir(tmp_path)
    Path("study").mkdir()
    return Path("study")


def _tables(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        connection.close()


@pytest.mark.parametrize("name", NAMES)
def test_the_data_folder_is_opened_as_a_path_never_as_a_uri(study, name):
    folder = study / name
    tracker = Tracker.open(folder, source="cli")
    try:
        tracker.run(UpdateItem(ITEM, status=Status.DONE))
        made = recovery.backup_now(tracker)
        assert recovery.check(tracker).ok
    finally:
        tracker.close()
    assert [path.name for path in study.iterdir()] == [name]  # nothing beside the folder, nothing decoded
    assert database_path(folder).is_file() and "events" in _tables(database_path(folder))
    assert made.parent == backups_dir(folder) and backups.newest_good_backup(folder).path == made
    assert file_problem(database_path(folder)) is None and file_problem(made, read_only=True) is None


def test_a_folder_named_like_a_file_with_a_query_never_touches_that_file(study):
    other = study / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    before = other.read_bytes()
    Tracker.open(study / "other.db?x", source="cli").close()
    assert other.read_bytes() == before and _tables(other) == {"songs"}
    assert database_path(study / "other.db?x").is_file()


@pytest.mark.parametrize("name", NAMES)
def test_read_only_opens_encode_the_path(study, name, monkeypatch):
    folder = study / name
    tracker = Tracker.open(folder, source="cli")
    tracker.run(UpdateItem(ITEM, status=Status.DONE))
    made = recovery.backup_now(tracker)
    tracker.close()
    assert "%" not in file_uri(Path("/x/%41")).replace("%2541", "")  # "%" itself is encoded
    for connect in (connect_read_only, connect_immutable):
        connection = connect(database_path(folder))
        assert connection.execute("SELECT count(*) FROM events").fetchone() == (1,)
        connection.close()
    simulate_read_only_folder(monkeypatch, folder)
    database = Database.open(folder)
    try:
        assert database.read_only is not None
        with database.reading() as connection:
            assert connection.execute("SELECT count(*) FROM events").fetchone() == (1,)
        assert full_check(database.path, read_only=True).ok
    finally:
        database.close()
    assert [path.name for path in study.iterdir()] == [name]
    assert backups.list_backups(folder, verify=True)[0].ok and made.exists()


def test_restore_works_in_a_folder_with_special_characters(study):
    folder = study / "what?#%41"
    tracker = Tracker.open(folder, source="cli")
    tracker.run(UpdateItem(ITEM, status=Status.DONE))
    made = recovery.backup_now(tracker)
    tracker.run(UpdateItem(ITEM, status=Status.SKIPPED))
    tracker.close()
    recovery.restore_into(folder, made)
    reopened = Tracker.open(folder, source="cli")
    try:
        assert reopened.item(ITEM).state.status is Status.DONE
    finally:
        reopened.close()
    assert [path.name for path in study.iterdir()] == [folder.name]

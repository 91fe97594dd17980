"""Issue 10, reproduction 11: a read-only data folder is opened for reading only; nothing in it is created,
moved, upgraded or backed up (see helpers.simulate_read_only_folder for how the tests make it read-only)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.paths import database_path
from mlops_tracker.storage import backup as backups
from mlops_tracker.storage import migrate
from mlops_tracker.storage.backup import BackupFailed
from mlops_tracker.storage.database import Database, StorageError
from tests.storage.helpers import folder_state, simulate_read_only_folder

ITEM = "foundation.skill.ml-lifecycle"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    data = tmp_path / "data"
    tracker = Tracker.open(data, source="cli")
    tracker.run(UpdateItem(ITEM, status=Status.DONE))
    tracker.close()
    simulate_read_only_folder(monkeypatch, data)
    return data


def test_a_read_only_folder_is_read_through_a_session_and_refuses_writes(folder):
    before = folder_state(folder)
    database = Database.open(folder)
    try:
        assert database.read_only is not None and not database.read_only.full_disk
        with database.transaction() as session:  # an export reads through a session
            assert session.execute(text("SELECT status FROM item_states")).all() == [("done",)]
        with (
            pytest.raises(StorageError, match="is read-only, so changes cannot be saved"),
            database.transaction() as session,
        ):
            session.execute(text("INSERT INTO settings VALUES ('k', '1')"))
        with pytest.raises(StorageError, match="read-only"):
            database.require_writable()
        with pytest.raises(BackupFailed, match="read-only"):
            backups.create_backup(database, "manual")
    finally:
        database.close()
    assert folder_state(folder) == before


def test_a_tracker_on_a_read_only_folder_reads_and_refuses_changes_in_one_line(folder):
    tracker = Tracker.open(folder, source="cli")
    try:
        assert tracker.item(ITEM).state.status is Status.DONE
        with pytest.raises(StorageError) as caught:
            tracker.run(UpdateItem(ITEM, status=Status.TODO))
        assert "\n" not in str(caught.value)
    finally:
        tracker.close()


def test_a_damaged_database_in_a_read_only_folder_is_left_where_it_is(folder):
    database_path(folder).write_text("not a database" * 100)
    with pytest.raises(StorageError, match="damaged") as caught:
        Database.open(folder)
    assert "\n" not in str(caught.value)
    assert database_path(folder).read_text().startswith("not a database")


def test_an_older_schema_in_a_read_only_folder_is_refused_in_one_line(folder, monkeypatch):
    monkeypatch.setattr(migrate, "head_revision", lambda: "0002_next")
    monkeypatch.setattr("mlops_tracker.storage.database.known_revisions", lambda: {"0001", "0002_next"})
    with pytest.raises(StorageError, match="must be upgraded") as caught:
        Database.open(folder)
    assert "\n" not in str(caught.value)


def test_a_read_only_folder_without_a_database_says_so(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    simulate_read_only_folder(monkeypatch, empty)
    with pytest.raises(StorageError, match=r"no database in .* yet"):
        Database.open(empty)
    assert [path.name for path in empty.iterdir()] == ["tracker.sqlite3-shm"]  # only the test's symlink

"""Issue 10, reproduction 11: a full disk is named as a full disk, never as a permissions problem, and
the data can still be read on it."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from mlops_tracker.cli import main
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.paths import database_path
from mlops_tracker.storage import failures
from mlops_tracker.storage.database import Database, StorageError, plain_message

ITEM = "foundation.skill.ml-lifecycle"
PATH = Path("/data/tracker.sqlite3")

FULL = [
    OSError(errno.ENOSPC, "No space left on device"),
    sqlite3.OperationalError("database or disk is full"),
]
READ_ONLY = [
    OSError(errno.EACCES, "Permission denied"),
    OSError(errno.EROFS, "Read-only file system"),
    sqlite3.OperationalError("attempt to write a readonly database"),
]


@pytest.mark.parametrize("error", FULL, ids=repr)
def test_a_full_disk_is_named_as_a_full_disk(error):
    message = plain_message(error, PATH)
    assert message == "The disk holding /data is full: free some space and try again; nothing was lost."


@pytest.mark.parametrize("error", READ_ONLY, ids=repr)
def test_a_read_only_folder_is_named_as_read_only_not_as_full(error):
    message = plain_message(error, PATH)
    assert "read-only" in message and "full" not in message


@pytest.mark.parametrize("text", ["disk I/O error", "unable to open database file"])
def test_an_io_failure_on_a_full_disk_is_a_full_disk(text, monkeypatch):
    error = sqlite3.OperationalError(text)
    monkeypatch.setattr(failures, "disk_full", lambda _folder: True)
    assert plain_message(error, PATH).startswith("The disk holding /data is full")
    monkeypatch.setattr(failures, "disk_full", lambda _folder: False)
    assert "full" not in plain_message(error, PATH) and "permissions" not in plain_message(error, PATH)


@pytest.fixture
def folder(tmp_path) -> Path:
    data = tmp_path / "data"
    tracker = Tracker.open(data, source="cli")
    tracker.run(UpdateItem(ITEM, status=Status.DONE))
    tracker.close()
    return data


def _fill_disk(monkeypatch, folder: Path) -> None:
    """As on a full disk: no free space, and SQLite cannot make the -shm file it needs to open the file."""
    monkeypatch.setattr(failures, "disk_full", lambda _folder: True)
    (folder / "tracker.sqlite3-shm").symlink_to(folder / "no-such-folder" / "shm")


def test_on_a_full_disk_the_data_opens_for_reading_and_a_change_says_the_disk_is_full(folder, monkeypatch):
    _fill_disk(monkeypatch, folder)
    before = database_path(folder).read_bytes()
    database = Database.open(folder)
    try:
        assert database.read_only is not None and database.read_only.full_disk
        assert "is full" in database.read_only.notice
        with database.reading() as connection:
            assert connection.execute("SELECT status FROM item_states").fetchall() == [("done",)]
        with (
            pytest.raises(StorageError, match="is full: free some space") as caught,
            database.transaction() as session,
        ):
            session.execute(text("INSERT INTO settings VALUES ('k', '1')"))
        assert "permission" not in str(caught.value)
    finally:
        database.close()
    assert database_path(folder).read_bytes() == before


def test_on_a_full_disk_reading_commands_work_and_writing_ones_say_so_in_one_line(
    folder, monkeypatch, capsys, tmp_path
):
    _fill_disk(monkeypatch, folder)
    for args in (["status"], ["items"], ["export", str(tmp_path / "out.json")], ["check"]):
        code = main(["--data-dir", str(folder), *args])
        err = capsys.readouterr().err
        assert code == 0, err
        assert err.count("\n") == 1 and "is full" in err  # the one note
    for args in (["mark", ITEM, "todo"], ["undo"], ["backup"]):
        code = main(["--data-dir", str(folder), *args])
        err = capsys.readouterr().err
        lines = err.strip().splitlines()
        assert code == 2 and "is full" in lines[-1] and "permission" not in err
        assert lines[-1].startswith("mlops-tracker: error:") and len(lines) == 2  # the note, the error

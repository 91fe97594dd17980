"""Integrity: damaged files are moved aside (never deleted) with a way out; the data agrees with its log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, text

from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.paths import database_path
from mlops_tracker.storage import backup as backups
from mlops_tracker.storage import database as database_module
from mlops_tracker.storage.database import Database, DatabaseDamaged, StorageError
from mlops_tracker.storage.integrity import file_problem, full_check

ITEM = "foundation.skill.ml-lifecycle"


@pytest.fixture
def folder(tmp_path) -> Path:
    """Return a data folder whose database holds one done item and a backup of it."""
    data = tmp_path / "data"
    tracker = Tracker.open(data, source="cli")
    tracker.run(UpdateItem(ITEM, status=Status.DONE))
    backups.create_backup(tracker.database, "manual")
    tracker.close()
    return data


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):  # every page but the first: b-tree pages become noise
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


DAMAGES = {
    "zero-length": (lambda p: p.write_bytes(b""), "empty"),
    "not sqlite": (lambda p: p.write_text("<html>not a database</html>" * 20), "not an SQLite database"),
    "truncated": (_truncate, "truncated"),
    "scribbled": (_scribble, "damage|cannot read"),
}


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_file_problem_names_each_kind_of_damage(folder, kind):
    damage, message = DAMAGES[kind]
    damage(database_path(folder))
    problem = file_problem(database_path(folder))
    assert problem is not None
    assert any(word in problem for word in message.split("|"))


def test_a_healthy_or_missing_file_has_no_problem(folder, tmp_path):
    assert file_problem(database_path(folder)) is None
    assert file_problem(tmp_path / "absent.sqlite3") is None


def test_another_programs_sqlite_file_is_not_ours(tmp_path):
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    assert "not one made by MLOps Tracker" in file_problem(path)


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_opening_a_damaged_database_moves_it_aside_and_names_the_newest_good_backup(folder, kind):
    damage, _ = DAMAGES[kind]
    path = database_path(folder)
    damage(path)
    damaged_bytes = path.read_bytes()
    newest = backups.newest_good_backup(folder)
    with pytest.raises(DatabaseDamaged) as caught:
        Database.open(folder)
    error = caught.value
    assert not path.exists()
    assert error.moved_to.parent == folder and error.moved_to.read_bytes() == damaged_bytes  # kept, unchanged
    assert "tracker.damaged-" in error.moved_to.name
    assert error.newest_backup is not None and error.newest_backup.path == newest.path
    message = str(error)
    assert str(newest.path) in message
    assert f"restore {newest.path}" in message and "--data-dir" in message
    assert error.restore_command in message


def test_the_wal_of_a_damaged_database_moves_aside_with_it(folder):
    path = database_path(folder)
    Path(f"{path}-wal").write_bytes(b"wal content")
    path.write_bytes(b"")
    with pytest.raises(DatabaseDamaged) as caught:
        Database.open(folder)
    assert Path(f"{caught.value.moved_to}-wal").read_bytes() == b"wal content"
    assert not Path(f"{path}-wal").exists()


def test_with_no_backup_the_message_says_so_and_the_next_open_starts_afresh(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    database_path(data).write_text("not a database" * 20)
    with pytest.raises(DatabaseDamaged, match="There is no good backup") as caught:
        Database.open(data)
    assert caught.value.newest_backup is None
    Database.open(data).close()  # the damaged file is aside: a new, empty database opens
    assert caught.value.moved_to.exists()


def test_the_restore_command_in_the_message_works(folder):
    from mlops_tracker.cli import main

    _truncate(database_path(folder))
    with pytest.raises(DatabaseDamaged) as caught:
        Database.open(folder)
    newest = caught.value.newest_backup
    assert main(["--data-dir", str(folder), "restore", str(newest.path)]) == 0
    tracker = Tracker.open(folder, source="cli")
    assert tracker.item(ITEM).state.status is Status.DONE
    tracker.close()


# ---- consistency ------------------------------------------------------------------------------


def test_a_healthy_database_passes_the_full_check(folder):
    report = full_check(database_path(folder))
    assert report.ok and report.integrity == ("ok",)


def test_a_status_that_disagrees_with_the_log_is_reported(folder):
    connection = sqlite3.connect(database_path(folder))
    connection.execute("UPDATE item_states SET status = 'skipped' WHERE item_id = ?", (ITEM,))
    connection.commit()
    connection.close()
    report = full_check(database_path(folder))
    assert [finding.kind for finding in report.findings] == ["status"]
    assert "'skipped'" in report.findings[0].message and "'done'" in report.findings[0].message


def test_references_to_unknown_items_are_reported(folder):
    connection = sqlite3.connect(database_path(folder), isolation_level=None)
    connection.execute("PRAGMA foreign_keys=OFF")
    connection.execute(
        "INSERT INTO events (id, item_id, from_status, to_status, at, source, evidenced) "
        "VALUES ('x', 'ghost.item', 'todo', 'todo', '2026-11-01 00:00:00', 'ui', 0)"
    )
    connection.execute(
        "INSERT INTO plans (id, level, days, start, study_weekdays, created_at) "
        "VALUES (99, 'foundation', 30, '2026-11-01', '0', '2026-11-01 00:00:00')"
    )
    connection.execute(
        "INSERT INTO plan_tasks (id, plan_id, item_id, due, position) "
        + "VALUES (990, 99, 'ghost.task', '2026-11-02', 0)"
    )
    connection.close()
    kinds = {finding.kind for finding in full_check(database_path(folder)).findings}
    assert {"foreign_key", "event_item", "plan_item"} <= kinds


# ---- errors of the environment become plain messages ------------------------------------------


def test_a_write_waits_briefly_for_the_lock_then_fails_with_a_message(folder, monkeypatch):
    monkeypatch.setattr(database_module, "busy_timeout_ms", 200)
    database = Database.open(folder)
    blocker = sqlite3.connect(database_path(folder), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with (
            pytest.raises(StorageError, match="busy: another MLOps Tracker"),
            database.transaction() as session,
        ):
            session.execute(text("INSERT INTO settings VALUES ('k', '1')"))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        database.close()


def test_a_full_disk_is_a_plain_message_and_the_transaction_rolls_back(folder):
    database = Database.open(folder)
    database.engine.dispose()

    @event.listens_for(database.engine, "connect")
    def _tiny(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # the page count limit makes SQLite answer SQLITE_FULL, exactly as a full disk does
        count = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={count}")

    with pytest.raises(StorageError, match="is full"), database.transaction() as session:
        session.execute(text("INSERT INTO settings VALUES ('big', :value)"), {"value": "x" * 1_000_000})
    database.close()
    check = sqlite3.connect(database_path(folder))
    assert check.execute("SELECT COUNT(*) FROM settings WHERE key = 'big'").fetchone() == (0,)
    check.close()


def test_a_read_only_database_is_a_plain_message(folder):
    database = Database.open(folder)
    database.engine.dispose()

    @event.listens_for(database.engine, "connect")
    def _read_only(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA query_only=1")

    with pytest.raises(StorageError, match="read-only"), database.transaction() as session:
        session.execute(text("INSERT INTO settings VALUES ('k', '1')"))
    database.close()


def test_a_data_folder_under_a_file_is_a_plain_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(StorageError, match="Cannot create the data folder"):
        Database.open(blocker / "data")


def test_a_bug_is_not_disguised_as_a_storage_error(folder):
    from sqlalchemy.exc import OperationalError

    database = Database.open(folder)
    with pytest.raises(OperationalError, match="no such table"), database.transaction() as session:
        session.execute(text("SELECT * FROM no_such_table"))
    database.close()


def test_a_failure_while_creating_leaves_no_half_made_database(tmp_path, monkeypatch):
    from mlops_tracker.storage import migrate

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt  # as if the process died between creating the file and its schema

    original = migrate.upgrade
    monkeypatch.setattr(migrate, "upgrade", crash)
    folder = tmp_path / "data"
    with pytest.raises(KeyboardInterrupt):
        Database.open(folder)
    assert not database_path(folder).exists()
    assert [p.name for p in folder.iterdir()] == []
    monkeypatch.setattr(migrate, "upgrade", original)
    Database.open(folder).close()
    assert file_problem(database_path(folder)) is None

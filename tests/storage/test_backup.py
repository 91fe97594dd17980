"""Backups: written whole through a temporary file, listed, rotated by Anki's rules, and restored safely."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import Status
from mlops_tracker.paths import backups_dir, database_path
from mlops_tracker.storage import backup as backups
from mlops_tracker.storage.backup import BackupFailed, BackupInvalid, BackupSchedule
from mlops_tracker.storage.database import Database, known_revisions
from mlops_tracker.storage.instance_lock import AlreadyRunning, acquire_instance_lock
from tests.storage.helpers import table_rows

ITEM = "foundation.skill.ml-lifecycle"


@pytest.fixture
def tracker(tmp_path):
    opened = Tracker.open(tmp_path / "data", source="cli")
    yield opened
    opened.close()


def _mark(tracker: Tracker, status: Status = Status.DONE, item: str = ITEM) -> None:
    tracker.run(UpdateItem(item, status=status))


def test_a_backup_is_a_checked_self_contained_copy(tracker):
    _mark(tracker)
    path = backups.create_backup(tracker.database, "manual")
    assert path.parent == backups_dir(tracker.folder)
    assert backups.parse_name(path.name)[1] == "manual"
    assert path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL: one file is the whole copy
    assert table_rows(path) == table_rows(tracker.database.path)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind


def test_a_backup_holds_commits_still_in_the_wal_file(tracker):
    _mark(tracker)  # the engine keeps its connection: the commit sits in tracker.sqlite3-wal
    assert Path(f"{tracker.database.path}-wal").exists()
    path = backups.create_backup(tracker.database.path, "auto")
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT status FROM item_states WHERE item_id = ?", (ITEM,)).fetchone() == (
        "done",
    )
    connection.close()


def test_two_backups_in_one_second_never_overwrite_each_other(tracker):
    moment = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    first = backups.create_backup(tracker.database, "manual", now=moment)
    second = backups.create_backup(tracker.database, "manual", now=moment)
    assert first != second
    assert {info.path for info in backups.list_backups(tracker.folder)} == {first, second}


def test_a_full_disk_fails_the_backup_cleanly(tracker, monkeypatch):
    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.os, "replace", full)
    with pytest.raises(BackupFailed, match="the disk is full"):
        backups.create_backup(tracker.database, "manual")
    assert list(backups_dir(tracker.folder).iterdir()) == []  # the temporary copy is gone too


def test_an_unwritable_backups_folder_fails_with_a_message(tracker):
    backups_dir(tracker.folder).write_text("a file where the folder should be")
    with pytest.raises(BackupFailed, match="Could not write a backup"):
        backups.create_backup(tracker.database, "manual")


def test_listing_is_newest_first_and_ignores_other_files(tracker):
    older = backups.create_backup(tracker.database, "auto", now=datetime(2026, 1, 1, tzinfo=UTC))
    newer = backups.create_backup(tracker.database, "exit", now=datetime(2026, 2, 1, tzinfo=UTC))
    (backups_dir(tracker.folder) / "notes.txt").write_text("mine")
    (backups_dir(tracker.folder) / ".tracker-20260301-000000-auto.sqlite3.tmp").write_text("partial")
    found = backups.list_backups(tracker.folder)
    assert [info.path for info in found] == [newer, older]
    assert [info.reason for info in found] == ["exit", "auto"]
    assert all(info.size > 0 and info.ok is None for info in found)


def test_verify_and_newest_good_backup_skip_a_damaged_copy(tracker):
    _mark(tracker)  # a copy of an empty database is never the newest good backup
    good = backups.create_backup(tracker.database, "auto", now=datetime(2026, 1, 1, tzinfo=UTC))
    bad = backups.create_backup(tracker.database, "auto", now=datetime(2026, 2, 1, tzinfo=UTC))
    bad.write_bytes(b"\x00" * 100)
    verified = backups.list_backups(tracker.folder, verify=True)
    assert [(info.path, info.ok) for info in verified] == [(bad, False), (good, True)]
    assert backups.newest_good_backup(tracker.folder).path == good


# ---- rotation ---------------------------------------------------------------------------------


def _every_six_hours(until: datetime, days: int) -> list[datetime]:
    return [until - timedelta(hours=6 * n) for n in range(days * 4)]


def test_rotation_keeps_today_yesterday_then_12_daily_10_weekly_9_monthly():
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    moments = _every_six_hours(now, 3 * 365)
    kept = backups.backups_to_keep(moments, now.date(), UTC)
    days = sorted({m.date() for m in kept}, reverse=True)
    recent = [m for m in kept if m.date() >= now.date() - timedelta(days=1)]
    assert len(recent) == len([m for m in moments if m.date() >= now.date() - timedelta(days=1)])
    older_days = [d for d in days if d < now.date() - timedelta(days=1)]
    assert len(older_days) == 12 + 10 + 9
    # one copy per kept older day, the newest of that day
    for day in older_days:
        on_day = [m for m in kept if m.date() == day]
        assert on_day == [max(m for m in moments if m.date() == day)]
    daily, weekly, monthly = older_days[:12], older_days[12:22], older_days[22:]
    assert daily == [now.date() - timedelta(days=n) for n in range(2, 14)]
    assert len({d.isocalendar()[:2] for d in weekly}) == 10
    assert len({(d.year, d.month) for d in monthly}) == 9
    assert monthly[-1] > (now - timedelta(days=400)).date()


def test_rotation_with_few_backups_keeps_them_all():
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    moments = [now - timedelta(days=n) for n in (0, 3, 30, 200)]
    assert backups.backups_to_keep(moments, now.date(), UTC) == set(moments)


def test_rotate_deletes_only_unwanted_backups_and_stale_temporary_files(tracker):
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    made = [
        backups.create_backup(tracker.database, "auto", now=now - timedelta(days=n, hours=h))
        for n in range(0, 20)
        for h in (0, 3)
    ]
    folder = backups_dir(tracker.folder)
    mine = folder / "keep-me.txt"
    mine.write_text("not a backup")
    stale = folder / ".tracker-20200101-000000-auto.sqlite3.tmp"
    stale.write_text("left by a crash")
    os.utime(stale, (0, 0))
    fresh = folder / ".tracker-20261127-115900-auto.sqlite3.tmp"
    fresh.write_text("being written right now")
    os.utime(fresh, (now.timestamp(), now.timestamp()))
    removed = backups.rotate(tracker.folder, now, UTC)
    left = {info.path for info in backups.list_backups(tracker.folder)}
    assert left | set(removed) >= set(made)
    # today and yesterday (2 each), 12 daily, then the newest of the one older week (Sunday 8 November)
    assert len(left) == 4 + 12 + 1
    assert mine.exists() and fresh.exists() and not stale.exists()


# ---- restore ----------------------------------------------------------------------------------


def test_restore_puts_a_backup_back_and_backs_up_the_current_database_first(tracker):
    _mark(tracker, Status.IN_PROGRESS)
    saved = backups.create_backup(tracker.database, "manual")
    saved_rows = table_rows(saved)
    _mark(tracker, Status.DONE)
    current_rows = table_rows(tracker.database.path)
    folder = tracker.folder
    tracker.close()
    result = backups.restore(folder, saved, known_revisions=known_revisions())
    assert table_rows(database_path(folder)) == saved_rows
    assert result.previous is not None and table_rows(result.previous) == current_rows
    assert backups.parse_name(result.previous.name)[1] == "before-restore"
    reopened = Tracker.open(folder, source="cli")
    assert reopened.item(ITEM).state.status is Status.IN_PROGRESS
    reopened.close()


def test_restore_after_a_crash_folds_the_wal_in_before_backing_up(tmp_path):
    folder = tmp_path / "data"
    Tracker.open(folder, source="cli").close()
    saved = backups.create_backup(database_path(folder), "manual")
    script = (
        "import os, sys\n"
        "from mlops_tracker.core.tracker import Tracker\n"
        "from mlops_tracker.core.commands import UpdateItem\n"
        "from mlops_tracker.domain.model import Status\n"
        f"t = Tracker.open(sys.argv[1], source='cli')\n"
        f"t.run(UpdateItem({ITEM!r}, status=Status.DONE))\n"
        "os.kill(os.getpid(), 9)\n"
    )
    process = subprocess.run([sys.executable, "-c", script, str(folder)], check=False)
    assert process.returncode == -signal.SIGKILL
    assert Path(f"{database_path(folder)}-wal").stat().st_size > 0  # the crash left its commits in the WAL
    result = backups.restore(folder, saved)
    assert not Path(f"{database_path(folder)}-wal").exists()
    assert table_rows(database_path(folder)) == table_rows(saved)
    connection = sqlite3.connect(result.previous)
    assert connection.execute("SELECT status FROM item_states WHERE item_id=?", (ITEM,)).fetchone() == (
        "done",
    )
    connection.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"this is not a database at all" * 10, "not an SQLite database"),
    ],
)
def test_restore_refuses_a_bad_file_and_changes_nothing(tracker, tmp_path, content, message):
    _mark(tracker)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    folder = tracker.folder
    tracker.close()
    before = table_rows(database_path(folder))
    with pytest.raises(BackupInvalid, match=message):
        backups.restore(folder, bad)
    assert table_rows(database_path(folder)) == before
    assert not backups_dir(folder).exists() or not list(backups_dir(folder).iterdir())


def test_restore_refuses_a_truncated_backup(tracker, tmp_path):
    saved = backups.create_backup(tracker.database, "manual")
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2 + 10])
    tracker.close()
    with pytest.raises(BackupInvalid, match="truncated"):
        backups.restore(tracker.folder, truncated)


def test_restore_refuses_an_sqlite_file_of_another_program(tracker, tmp_path):
    other = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    tracker.close()
    with pytest.raises(BackupInvalid, match="not one made by MLOps Tracker"):
        backups.restore(tracker.folder, other)


def test_restore_refuses_a_backup_of_a_newer_schema(tracker, tmp_path):
    saved = backups.create_backup(tracker.database, "manual")
    connection = sqlite3.connect(saved)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    tracker.close()
    with pytest.raises(BackupInvalid, match="newer version"):
        backups.restore(tracker.folder, saved, known_revisions=known_revisions())


def test_restore_is_refused_while_a_window_holds_the_data_folder(tracker):
    saved = backups.create_backup(tracker.database, "manual")
    tracker.close()
    with acquire_instance_lock(tracker.folder), pytest.raises(AlreadyRunning):
        backups.restore(tracker.folder, saved)


def test_restore_is_refused_while_another_connection_uses_the_database(tracker):
    saved = backups.create_backup(tracker.database, "manual")
    _mark(tracker)  # the tracker's engine keeps a connection open
    before = table_rows(tracker.database.path)
    with pytest.raises(UserError, match="another program uses the database"):
        backups.restore(tracker.folder, saved)
    assert table_rows(tracker.database.path) == before


def test_restore_moves_a_damaged_current_database_aside(tracker, tmp_path):
    saved = backups.create_backup(tracker.database, "manual")
    folder = tracker.folder
    tracker.close()
    database_path(folder).write_bytes(b"garbage" * 100)
    result = backups.restore(folder, saved)
    assert result.previous is None
    assert result.moved_aside is not None and result.moved_aside.read_bytes() == b"garbage" * 100
    Database.open(folder).close()


# ---- schedule ---------------------------------------------------------------------------------


def test_the_schedule_backs_up_every_30_minutes_only_while_something_changed():
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    schedule = BackupSchedule(last_backup=start)
    assert not schedule.is_due(start + timedelta(hours=5))  # nothing changed
    schedule.note_change()
    assert not schedule.is_due(start + timedelta(minutes=29))
    assert schedule.is_due(start + timedelta(minutes=30))
    assert schedule.is_due_on_exit()
    schedule.backed_up(start + timedelta(minutes=30))
    assert not schedule.is_due(start + timedelta(hours=2))
    assert not schedule.is_due_on_exit()


def test_a_schedule_with_no_backup_yet_is_due_at_the_first_change():
    schedule = BackupSchedule()
    schedule.note_change()
    assert schedule.is_due(datetime(2026, 11, 27, tzinfo=UTC))


def test_backup_names_round_trip():
    moment = datetime(2026, 11, 27, 15, 30, 5, tzinfo=UTC)
    info = backups.parse_name(f"tracker-{moment:%Y%m%d-%H%M%S}-before-import.sqlite3")
    assert info == (moment, "before-import")
    assert backups.parse_name("tracker-20261340-000000-auto.sqlite3") is None
    assert backups.parse_name("tracker.sqlite3") is None
    assert date(2026, 11, 27) == info[0].date()

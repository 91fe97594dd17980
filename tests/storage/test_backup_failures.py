"""Issue 10, reproduction 11: a backup that fails half way (a full disk) leaves nothing behind in backups/,
and rotation removes the side files such failures left before."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlops_tracker.core import recovery
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.paths import backups_dir
from mlops_tracker.storage import backup as backups
from mlops_tracker.storage.backup import BackupFailed

ITEM = "foundation.skill.ml-lifecycle"
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture
def tracker(tmp_path):
    opened = Tracker.open(tmp_path / "data", source="cli")
    opened.run(UpdateItem(ITEM, status=Status.DONE, notes="x" * 20_000))  # several pages to copy
    yield opened
    opened.close()


def _fill_the_disk_half_way(monkeypatch) -> list[int]:
    """Make the backup API copy some pages, then fail as SQLite does on a full disk.

    On a real full disk (reproduced on a 300 KB tmpfs) SQLite had by then made the copy's -wal and -shm
    files and could not remove them; the fake failure leaves them too.
    """
    copied: list[int] = []

    def copy_then_fail(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
        target = Path(dst.execute("PRAGMA database_list").fetchone()[2])

        def progress(_status: int, remaining: int, total: int) -> None:
            copied.append(total - remaining)
            for side in ("-wal", "-shm"):
                Path(f"{target}{side}").write_bytes(b"\0" * 3)
            raise sqlite3.OperationalError("database or disk is full")

        src.backup(dst, pages=2, progress=progress)

    monkeypatch.setattr(backups, "_copy_pages", copy_then_fail)
    return copied


def test_a_backup_failing_half_way_on_a_full_disk_leaves_no_partial_or_side_file(tracker, monkeypatch):
    copied = _fill_the_disk_half_way(monkeypatch)
    with pytest.raises(BackupFailed, match="the disk is full") as caught:
        backups.create_backup(tracker.database, "manual")
    assert copied and copied[0] > 0  # it really failed half way
    assert "\n" not in str(caught.value) and "permission" not in str(caught.value)
    assert list(backups_dir(tracker.folder).iterdir()) == []  # no partial copy, no -journal/-wal/-shm


def test_backup_now_failing_leaves_backups_as_they_were(tracker, monkeypatch):
    kept = recovery.backup_now(tracker)
    _fill_the_disk_half_way(monkeypatch)
    with pytest.raises(BackupFailed):
        recovery.backup_now(tracker)
    assert list(backups_dir(tracker.folder).iterdir()) == [kept]


def test_rotation_removes_side_files_failed_backups_left_and_nothing_else(tracker):
    kept = backups.create_backup(tracker.database, "manual", now=NOW)
    folder = backups_dir(tracker.folder)
    old = datetime(2020, 1, 1, tzinfo=UTC).timestamp()
    stray = [
        folder / ".tracker-20200101-000000-auto.sqlite3.tmp-journal",  # a temp copy's journal
        folder / ".tracker-20200101-000000-auto.sqlite3.tmp-wal",
        folder / ".tracker-20200101-000000-auto.sqlite3.tmp-shm",
        folder / "tracker-20200101-000000-auto.sqlite3-wal",  # its backup was rotated away
        folder / "tracker-20200101-000000-auto.sqlite3-shm",
    ]
    untouched = [
        folder / f"{kept.name}-wal",  # beside a backup that is still there
        folder / "notes.txt-wal",  # not one of ours
        folder / "my-copy.sqlite3-shm",
    ]
    for path in (*stray, *untouched):
        path.write_bytes(b"x")
        os.utime(path, (old, old))
    removed = backups.rotate(tracker.folder, NOW, UTC)
    assert set(stray) <= set(removed)
    assert not any(path.exists() for path in stray)
    assert all(path.exists() for path in untouched) and kept.exists()

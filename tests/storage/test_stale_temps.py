"""Issue 10, reproduction 12: temporary files a killed process left behind go at the next start (only ours,
only stale ones); a report's temporary file goes at the next write of that report."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mlops_tracker.core.tracker import Tracker
from mlops_tracker.paths import (
    STALE_TEMP_AGE_S,
    backups_dir,
    database_path,
    is_temp_file,
    remove_stale_siblings,
)
from mlops_tracker.storage.database import Database

STALE = [
    ".tracker.sqlite3.4242.new",  # creating the database
    ".tracker.sqlite3.4242.new-wal",
    ".tracker.sqlite3.4242.new-journal",
    ".tracker.sqlite3.restore.tmp",  # restoring a backup
    ".tracker.sqlite3.restore.tmp-journal",
    ".report.pdf.k2j4_x9q.tmp",  # a report written into the data folder (mkstemp's 8 characters)
    ".chart.png.abcdefgh.tmp",
    ".export.json.tmp",  # an export
    ".list.csv.tmp",
]
STALE_IN_BACKUPS = [
    ".tracker-20261127-115900-auto.sqlite3.tmp",
    ".tracker-20261127-115900-2-manual.sqlite3.tmp-wal",
    ".tracker-20261127-115900-exit.sqlite3.tmp-shm",
]
USER_FILES = [
    "notes.tmp",  # not ours: never removed, however old
    ".notes.txt.tmp",
    "tracker.sqlite3.new",
    ".tracker.sqlite3.backup",
    "report.pdf",
    ".report.pdf.toolong123.tmp",
]


def _age(path: Path, seconds: float) -> None:
    moment = time.time() - seconds
    os.utime(path, (moment, moment))


@pytest.fixture
def folder(tmp_path) -> Path:
    data = tmp_path / "data"
    Tracker.open(data, source="cli").close()
    return data


def test_temporary_files_left_by_a_killed_process_are_removed_at_the_next_start(folder):
    old = STALE_TEMP_AGE_S + 60
    made: list[Path] = []
    for name in STALE:
        made.append(folder / name)
    for name in STALE_IN_BACKUPS:
        made.append(backups_dir(folder) / name)
    backups_dir(folder).mkdir(exist_ok=True)
    for path in made:
        path.write_bytes(b"partial")
        _age(path, old)
    users = [folder / name for name in USER_FILES] + [backups_dir(folder) / name for name in USER_FILES]
    for path in users:
        path.write_bytes(b"mine")
        _age(path, old)
    Database.open(folder).close()  # the next start, as the window or any command does it
    assert [path.name for path in made if path.exists()] == []
    assert all(path.read_bytes() == b"mine" for path in users)
    assert database_path(folder).exists()


def test_a_young_temporary_file_may_be_a_write_in_progress_and_stays(folder):
    young = [folder / ".tracker.sqlite3.restore.tmp", folder / ".report.pdf.abcdefgh.tmp"]
    for path in young:
        path.write_bytes(b"being written")
        _age(path, STALE_TEMP_AGE_S - 60)
    Database.open(folder).close()
    assert all(path.exists() for path in young)


def test_the_patterns_are_only_ours():
    assert all(is_temp_file(name) for name in STALE + STALE_IN_BACKUPS)
    assert not any(is_temp_file(name) for name in USER_FILES)


def test_a_reports_stale_temporary_file_goes_at_the_next_write_of_that_report(tmp_path):
    from matplotlib.figure import Figure

    from mlops_tracker.charts.export import save_figure

    target = tmp_path / "report.png"
    stale = tmp_path / ".report.png.abcdefgh.tmp"
    young = tmp_path / ".report.png.ijklmnop.tmp"
    other = tmp_path / ".other.png.abcdefgh.tmp"
    for path in (stale, young, other):
        path.write_bytes(b"partial")
    _age(stale, STALE_TEMP_AGE_S + 60)
    _age(other, STALE_TEMP_AGE_S + 60)
    save_figure(Figure(figsize=(1, 1)), target)
    assert target.exists() and not stale.exists() and young.exists() and other.exists()
    assert remove_stale_siblings(tmp_path / "other.png") == [other]

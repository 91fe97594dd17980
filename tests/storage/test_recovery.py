"""Issue 10, reproduction 9: recovery never recommends (nor makes) a backup of an empty database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from mlops_tracker.core import recovery
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.paths import backups_dir, database_path
from mlops_tracker.storage import backup as backups
from mlops_tracker.storage.database import Database, DatabaseDamaged, known_revisions

ITEM = "foundation.skill.ml-lifecycle"
EARLIER = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def folder(tmp_path):
    """Return a data folder with one done item and one backup of it (made on 1 November)."""
    data = tmp_path / "data"
    tracker = Tracker.open(data, source="cli")
    tracker.run(UpdateItem(ITEM, status=Status.DONE))
    backups.create_backup(tracker.database, "manual", now=EARLIER)
    tracker.close()
    return data


def _damage(folder) -> None:
    database_path(folder).write_text("<html>not a database</html>" * 20)


def test_restoring_over_an_empty_database_makes_no_before_restore_backup(folder):
    good = backups.list_backups(folder)[0].path
    _damage(folder)
    with pytest.raises(DatabaseDamaged) as caught:
        Database.open(folder)
    assert caught.value.newest_backup.path == good
    Tracker.open(folder, source="cli").close()  # the next start makes a fresh, empty database
    result = recovery.restore_into(folder, good)
    assert result.previous is None  # the empty database was not worth a backup
    assert [info.path for info in backups.list_backups(folder)] == [good]
    # the second restore (over real data) still backs it up first
    second = recovery.restore_into(folder, good)
    assert second.previous is not None and backups.holds_user_data(second.previous)


def test_recovery_advice_skips_backups_of_an_empty_database(folder, tmp_path):
    good = backups.list_backups(folder)[0].path
    empty = Tracker.open(tmp_path / "empty", source="cli")
    for hours in (1, 2):  # newer than the good backup, copied into this folder's backups
        backups.create_backup(
            empty.database, "auto", folder=backups_dir(folder), now=EARLIER + timedelta(hours=hours)
        )
    empty.close()
    assert len(backups.list_backups(folder)) == 3
    assert backups.newest_good_backup(folder).path == good
    _damage(folder)
    with pytest.raises(DatabaseDamaged) as caught:
        Database.open(folder)
    assert caught.value.newest_backup.path == good
    assert str(good) in str(caught.value)


def test_recovery_advice_skips_backups_this_version_cannot_read(folder):
    good = backups.list_backups(folder)[0].path
    newer = backups_dir(folder) / "tracker-20261102-000000-manual.sqlite3"
    newer.write_bytes(good.read_bytes())
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()
    assert backups.newest_good_backup(folder).path == newer  # it is healthy…
    assert backups.newest_good_backup(folder, known_revisions()).path == good  # …but not for this app


def test_no_backup_with_data_means_no_advice_to_restore(tmp_path):
    tracker = Tracker.open(tmp_path / "data", source="cli")
    backups.create_backup(tracker.database, "auto")
    tracker.close()
    _damage(tmp_path / "data")
    with pytest.raises(DatabaseDamaged) as caught:
        Database.open(tmp_path / "data")
    assert caught.value.newest_backup is None and "no good backup" in str(caught.value)
    assert "\n" not in str(caught.value)

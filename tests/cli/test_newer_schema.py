"""Issue 10, reproduction 13 (first half): an older app can at least restore a backup after a newer one
migrated the database; every other command says in one line what happened and how to proceed."""

from __future__ import annotations

import sqlite3

import pytest

from mlops_tracker.paths import backups_dir, database_path
from mlops_tracker.storage.integrity import schema_revision

ITEM = "foundation.skill.ml-lifecycle"
FUTURE = "9999_from_a_newer_app"


def _stamp(path, revision: str = FUTURE) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.commit()
    connection.close()


@pytest.fixture
def upgraded(run, folder):
    """Return the backup made before a (simulated) newer app migrated the database."""
    assert run("mark", ITEM, "done")[0] == 0
    assert run("backup")[0] == 0
    backup = next(backups_dir(folder).iterdir())
    assert run("mark", ITEM, "skipped")[0] == 0
    _stamp(database_path(folder))  # a newer app's migration
    return backup


@pytest.mark.parametrize("args", [["status"], ["mark", ITEM, "todo"], ["check"], ["export", "x.json"]])
def test_other_commands_say_in_one_line_that_a_newer_version_made_the_data(run, upgraded, args):
    code, out, err = run(*args)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "made by a newer version" in err and "upgrade the app" in err and "restore" in err


def test_listing_the_backups_works_on_a_newer_database(run, upgraded):
    code, out, _ = run("backups")
    assert code == 0 and upgraded.name in out


def test_restore_of_a_known_backup_works_and_moves_the_newer_file_aside(run, folder, upgraded):
    newer_bytes = database_path(folder).read_bytes()
    code, out, err = run("restore", upgraded.name)
    assert code == 0, err
    aside = [path for path in folder.iterdir() if path.name.startswith("tracker.newer-")]
    assert len(aside) == 1 and str(aside[0]) in out and "nothing was deleted" in out
    assert aside[0].read_bytes() == newer_bytes and schema_revision(aside[0]) == FUTURE
    code, out, _ = run("items", "--json")
    assert code == 0
    assert "done" in out


def test_a_backup_made_by_a_newer_version_is_refused_in_one_line(run, folder, upgraded):
    _stamp(upgraded)
    code, _, err = run("restore", str(upgraded))
    assert code == 2 and err.count("\n") == 1 and "newer version" in err
    assert schema_revision(database_path(folder)) == FUTURE  # the current file is untouched

"""The data subcommands and hostile conditions: exit codes and one plain line (or block) for people."""

from __future__ import annotations

import errno
import json
import os
import shlex
import sqlite3

import pytest
from sqlalchemy import event

from mlops_tracker.cli import main
from mlops_tracker.paths import backups_dir, database_path
from mlops_tracker.storage import backup as backups
from mlops_tracker.storage import database as database_module
from mlops_tracker.storage.instance_lock import acquire_instance_lock, lock_path

ITEM = "foundation.skill.ml-lifecycle"


def _status(folder, item=ITEM) -> str | None:
    connection = sqlite3.connect(database_path(folder))
    row = connection.execute("SELECT status FROM item_states WHERE item_id = ?", (item,)).fetchone()
    connection.close()
    return row[0] if row else None


# ---- export and import ------------------------------------------------------------------------


def test_export_json_and_csv(run, tmp_path):
    assert run("mark", ITEM, "done")[0] == 0
    code, out, _ = run("export", str(tmp_path / "all.json"))
    assert code == 0 and "1 status change" in out
    assert json.loads((tmp_path / "all.json").read_text())["events"][0]["item_id"] == ITEM
    code, out, _ = run("export", "--csv", str(tmp_path / "list.csv"))
    assert code == 0 and "Wrote the checklist" in out
    assert (tmp_path / "list.csv").read_text(encoding="utf-8-sig").startswith("id,level,kind,title,status")


def test_import_dry_run_previews_and_import_merges_with_an_undo_command(run, folder, tmp_path):
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "mark", ITEM, "done"]) == 0
    assert main(["--data-dir", str(other), "export", str(tmp_path / "other.json")]) == 0
    code, out, _ = run("import", str(tmp_path / "other.json"), "--dry-run")
    assert code == 0 and "1 new event" in out and "todo → done" in out
    assert _status(folder) is None  # the dry run changed nothing
    code, out, _ = run("import", str(tmp_path / "other.json"))
    assert code == 0 and _status(folder) == "done"
    undo = out.strip().splitlines()[-1].split(": ", 1)[1]
    assert undo.startswith("mlops-tracker --data-dir")
    code, _, _ = run(*shlex.split(undo)[3:])  # the printed command, run as printed
    assert code == 0 and _status(folder) is None
    code, out, _ = run("import", str(tmp_path / "other.json"))
    code, out, _ = run("import", str(tmp_path / "other.json"))
    assert code == 0 and "Nothing to import" in out


def test_a_bad_import_exits_2_naming_the_json_path_and_changes_nothing(run, folder, tmp_path):
    run("mark", ITEM, "in_progress")
    run("export", str(tmp_path / "mine.json"))
    data = json.loads((tmp_path / "mine.json").read_text())
    data["events"][0]["at"] = "2024-02-30T10:00:00Z"
    data["events"][0]["evidenced"] = "yes"
    (tmp_path / "bad.json").write_text(json.dumps(data))
    code, out, err = run("import", str(tmp_path / "bad.json"))
    assert code == 2 and out == ""
    assert "events[0].at" in err and "events[0].evidenced" in err and "nothing was imported" in err
    assert _status(folder) == "in_progress"
    assert not backups_dir(folder).exists() or not list(backups_dir(folder).iterdir())


# ---- backups ----------------------------------------------------------------------------------


def test_backup_and_backups(run, folder):
    code, out, _ = run("backups")
    assert code == 0 and "No backups yet" in out
    code, out, _ = run("backup")
    assert code == 0 and "Backed up to" in out
    code, out, _ = run("backups", "--verify")
    assert code == 0 and "manual" in out and out.rstrip().endswith("ok")
    code, out, _ = run("backups", "--json")
    listed = json.loads(out)
    assert code == 0 and listed[0]["reason"] == "manual" and listed[0]["size"] > 0


def test_restore_by_path_or_name_backs_up_the_current_database_first(run, folder):
    run("mark", ITEM, "done")
    run("backup")
    name = backups.list_backups(folder)[0].name
    run("mark", ITEM, "skipped")
    code, out, _ = run("restore", name)
    assert code == 0 and "Restored" in out and "before-restore" in out
    assert _status(folder) == "done"
    assert any(info.reason == "before-restore" for info in backups.list_backups(folder))


def test_restore_refuses_a_bad_file(run, folder, tmp_path):
    run("mark", ITEM, "done")
    (tmp_path / "junk.sqlite3").write_text("junk" * 100)
    code, _, err = run("restore", str(tmp_path / "junk.sqlite3"))
    assert code == 2 and "not an SQLite database" in err
    assert _status(folder) == "done"


def test_restore_is_refused_while_the_window_is_open(run, folder):
    run("backup")
    with acquire_instance_lock(folder):
        code, _, err = run("restore", str(backups.list_backups(folder)[0].path))
    assert code == 2 and "already open on this data folder" in err


def test_a_lock_file_left_by_a_crashed_window_does_not_block(run, folder):
    run("backup")
    lock_path(folder).write_text("999999")  # the file of a dead process, not held by anyone
    code, _, _ = run("restore", str(backups.list_backups(folder)[0].path))
    assert code == 0


# ---- check ------------------------------------------------------------------------------------


def test_check_reports_a_healthy_database(run):
    run("mark", ITEM, "done")
    code, out, _ = run("check")
    assert code == 0 and "integrity check: ok" in out and "Everything is in order" in out


def test_check_finds_a_status_that_disagrees_with_the_log(run, folder):
    run("mark", ITEM, "done")
    run("backup")
    connection = sqlite3.connect(database_path(folder))
    connection.execute("UPDATE item_states SET status = 'todo' WHERE item_id = ?", (ITEM,))
    connection.commit()
    connection.close()
    code, out, err = run("check")
    assert code == 2
    assert f"item {ITEM} has status 'todo'" in out
    assert "found 1 problem." in err and "restore" in err


# ---- damaged files ----------------------------------------------------------------------------


@pytest.mark.parametrize("damage", [b"", b"not a database at all, just text" * 10])
def test_a_damaged_database_exits_2_naming_the_newest_backup_and_how_to_restore(run, folder, damage):
    run("mark", ITEM, "done")
    run("backup")
    newest = backups.list_backups(folder)[0].path
    database_path(folder).write_bytes(damage)
    code, out, err = run("status")
    assert code == 2 and out == ""
    assert "is damaged" in err and "moved aside" in err
    assert str(newest) in err
    command = err.strip().splitlines()[-1].split("Restore it with: ", 1)[1]
    moved = [p for p in folder.iterdir() if p.name.startswith("tracker.damaged-")]
    assert len(moved) == 1 and moved[0].read_bytes() == damage  # never deleted or overwritten
    code, _, _ = run(*shlex.split(command)[3:])
    assert code == 0 and _status(folder) == "done"


# ---- hostile conditions -----------------------------------------------------------------------


def test_a_data_folder_that_cannot_be_created_exits_2(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code = main(["--data-dir", str(blocker / "data"), "status"])
    err = capsys.readouterr().err
    assert code == 2 and "Cannot create the data folder" in err and "Traceback" not in err


def test_a_missing_data_folder_is_created(run, folder):
    assert not folder.exists()
    assert run("status")[0] == 0
    assert database_path(folder).exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_data_folder_exits_2_and_loses_nothing(run, folder):
    run("mark", ITEM, "done")
    os.chmod(folder, 0o555)
    try:
        code, _, err = run("mark", ITEM, "skipped")
    finally:
        os.chmod(folder, 0o755)
    assert code == 2 and "Traceback" not in err
    assert _status(folder) == "done"


def test_a_full_disk_during_a_backup_exits_2_and_leaves_no_partial_file(run, folder, monkeypatch):
    run("mark", ITEM, "done")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.os, "replace", full)
    code, _, err = run("backup")
    assert code == 2 and "the disk is full" in err
    assert list(backups_dir(folder).iterdir()) == []


def test_a_full_disk_during_a_change_exits_2_and_loses_nothing(run, folder, monkeypatch):
    run("mark", ITEM, "done")
    from mlops_tracker.storage import engine as engine_module

    original = engine_module.make_engine

    def small_disk(path, **kwargs):
        engine = original(path, **kwargs)

        @event.listens_for(engine, "connect")
        def _limit(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            # no page may be added: SQLite answers SQLITE_FULL, as on a full disk
            count = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={count}")

        return engine

    monkeypatch.setattr(engine_module, "make_engine", small_disk)
    code, _, err = run("mark", ITEM, "skipped", "--note", "x" * 90_000)
    assert code == 2 and "is full" in err and "Traceback" not in err
    assert _status(folder) == "done"


def test_a_write_waits_briefly_for_another_writer_then_exits_2(run, folder, monkeypatch):
    run("mark", ITEM, "done")
    monkeypatch.setattr(database_module, "busy_timeout_ms", 200)
    blocker = sqlite3.connect(database_path(folder), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        code, _, err = run("mark", ITEM, "skipped")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert code == 2 and "busy" in err and "try again" in err
    assert _status(folder) == "done"

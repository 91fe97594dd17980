"""Issue 10, reproduction 13 (last part): every error the command line prints is exactly one line on stderr,
exit 2 for what the user can fix, exit 1 (with a log file) for a bug; never SQL, parameters or a traceback."""

from __future__ import annotations

import json
import sqlite3

import pytest

from mlops_tracker.cli import main
from mlops_tracker.cli.common import bug_text, one_line
from mlops_tracker.paths import database_path, log_path

ITEM = "foundation.skill.ml-lifecycle"


def _files(tmp_path):
    (tmp_path / "not-json.json").write_text("{ this is not json")
    (tmp_path / "bad-export.json").write_text(
        json.dumps(
            {
                "format": "mlops-tracker-export",
                "format_version": 1,
                "items": [{"item_id": f"no.such.item{n}", "status": "finished"} for n in range(15)],
                "events": "not a list",
            }
        )
    )
    (tmp_path / "not-a-db.sqlite3").write_text("hello")
    (tmp_path / "a-file").write_text("")


BAD_INPUTS = [
    ["mark", "no.such.item", "done"],
    ["mark", ITEM, "finished"],
    ["mark", ITEM, "done", "--confidence", "9"],
    ["mark"],
    ["no-such-command"],
    ["plan", "create", "--level", "nope", "--days", "30"],
    ["plan", "create", "--level", "foundation", "--days", "999"],
    ["plan", "create", "--level", "foundation", "--days", "30", "--start", "2026-13-01"],
    ["plan", "create", "--level", "foundation", "--days", "30", "--study-days", "funday"],
    ["plan", "show"],
    ["plan", "reschedule", "--level", "foundation"],
    ["history", "--level", "nope"],
    ["log", "0"],
    ["undo"],
    ["redo"],
    ["import", "{tmp}/missing.json"],
    ["import", "{tmp}/not-json.json"],
    ["import", "{tmp}/bad-export.json"],
    ["import", "--dry-run", "{tmp}/bad-export.json"],
    ["restore", "{tmp}/missing.sqlite3"],
    ["restore", "{tmp}/not-a-db.sqlite3"],
    ["export", "{tmp}/no/such/folder/x.json"],
    ["report", "{tmp}/report.txt"],
    ["report", "{tmp}/no/such/folder/report.pdf"],
]


@pytest.mark.parametrize("args", BAD_INPUTS, ids=" ".join)
def test_every_user_error_is_exactly_one_line(run, tmp_path, args):
    _files(tmp_path)
    assert run("status")[0] == 0
    code, _, err = run(*(arg.replace("{tmp}", str(tmp_path)) for arg in args))
    assert code == 2, err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err and "[SQL" not in err


def test_a_data_folder_that_is_a_file_is_one_line(capsys, tmp_path):
    _files(tmp_path)
    code = main(["--data-dir", str(tmp_path / "a-file"), "status"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1


def test_a_damaged_database_is_one_line_naming_the_backup(run, folder):
    run("mark", ITEM, "done")
    run("backup")
    database_path(folder).write_text("garbage" * 100)
    code, _, err = run("status")
    assert code == 2 and err.count("\n") == 1
    assert "moved aside" in err and "Restore it with: mlops-tracker" in err


def test_a_bad_today_is_one_line(run, monkeypatch):
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "someday")
    code, _, err = run("status")
    assert code == 2 and err.count("\n") == 1


def test_a_bug_is_one_line_without_sql_and_logged(run, folder, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from mlops_tracker.core.tracker import Tracker

    def broken(self):  # type: ignore[no-untyped-def]
        raise IntegrityError(
            "INSERT INTO plans (id, level) VALUES (?, ?)",
            (7, "professional"),
            sqlite3.IntegrityError("UNIQUE constraint failed: plans.id"),
        )

    run("status")
    monkeypatch.setattr(Tracker, "view", broken)
    code, _, err = run("status")
    assert code == 1 and err.count("\n") == 1
    assert "IntegrityError: UNIQUE constraint failed: plans.id" in err
    assert "INSERT" not in err and "professional" not in err and str(log_path(folder)) in err


def test_one_line_joins_lines_as_sentences():
    text = "f.json: nothing was imported; the file has problems:\n  line 3: bad\n  line 4: worse"
    assert one_line(text) == "f.json: nothing was imported; the file has problems: line 3: bad; line 4: worse"
    assert one_line("First.\nSecond.") == "First. Second."
    assert bug_text(ValueError("a\nb")) == "ValueError: a; b"

"""`log --step`: study minutes logged against a step, validated, shown by `today --json` and the export."""

from __future__ import annotations

import json
import sqlite3

import pytest

from mlops_tracker.paths import database_path

ITEM = "foundation.skill.ml-lifecycle"
STEP = "foundation.skill.ml-lifecycle:read-google-mlops-levels"
OTHER_ITEM = "foundation.skill.team-roles"


def _sessions(folder) -> list[tuple[object, ...]]:
    with sqlite3.connect(database_path(folder)) as db:
        return db.execute("SELECT minutes, item_id, step_id FROM study_sessions ORDER BY id").fetchall()


def test_log_step_records_the_step_and_its_item(run, folder):
    code, out, err = run("log", "25", "--step", STEP)
    assert (code, err) == (0, "")
    assert "on the step" in out
    assert _sessions(folder) == [(25, ITEM, STEP)]
    assert run("log", "10", "--item", ITEM, "--step", STEP)[0] == 0
    assert _sessions(folder)[-1] == (10, ITEM, STEP)


def test_undo_and_redo_of_a_step_session_keep_its_step(run, folder):
    run("log", "25", "--step", STEP)
    assert run("undo")[0] == 0
    assert _sessions(folder) == []
    assert run("redo")[0] == 0
    assert _sessions(folder) == [(25, ITEM, STEP)]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--step", "foundation.skill.ml-lifecycle:no-such-step"), "Unknown step"),
        (("--step", "no-such-item:step"), "Unknown step"),
        (("--step", STEP, "--item", OTHER_ITEM), "is not a step of"),
    ],
)
def test_a_bad_step_is_one_line_exit_2_and_nothing_written(run, folder, args, words):
    run("log", "5")  # makes the database, so "nothing written" is measured against a real file
    code, out, err = run("log", "25", *args)
    assert code == 2 and out == ""
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
    assert _sessions(folder) == [(5, None, None)]


def test_today_json_says_the_minutes_logged_on_each_step(run):
    assert run("plan", "create", "--level", "foundation", "--days", "30", "--start", "2026-11-26")[0] == 0
    tasks = json.loads(run("today", "--json")[1])["tasks"]
    step = next(task["step_id"] for task in tasks if task["step_id"])
    assert all(task["logged_minutes"] == 0 for task in tasks)
    run("log", "7", "--step", step)
    run("log", "8", "--step", step)
    tasks = json.loads(run("today", "--json")[1])["tasks"]
    assert {task["step_id"]: task["logged_minutes"] for task in tasks}[step] == 15


def test_the_export_writes_each_session_s_step(run, tmp_path):
    run("log", "25", "--step", STEP)
    run("log", "5")
    assert run("export", str(tmp_path / "out.json"))[0] == 0
    sessions = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["study_sessions"]
    assert [(s["minutes"], s["step_id"]) for s in sessions] == [(25, STEP), (5, None)]

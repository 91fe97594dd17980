"""The command line's engine subcommands, their JSON shapes and their error handling."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mlops_tracker.cli import main


def test_status_json_shape(run):
    assert run("plan", "create", "--level", "foundation", "--days", "30")[0] == 0
    code, out, _ = run("status", "--json")
    assert code == 0
    data = json.loads(out)
    assert 0 <= data["overall"] <= 100
    assert 0 <= data["levels"]["foundation"]["readiness"] <= 100
    assert {"streak", "days_to_exam", "today_tasks"} <= set(data)


def test_items_json_shape_and_filters(run):
    code, out, _ = run("items", "--level", "professional", "--json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 12
    assert {"id", "level", "kind", "title", "status"} <= set(items[0])
    assert {item["kind"] for item in items} == {"skill", "project", "phase", "mistake"}
    run("mark", "professional.skill.ml-cicd", "done")
    done = json.loads(run("items", "--status", "done", "--json")[1])
    assert [item["id"] for item in done] == ["professional.skill.ml-cicd"]


def test_mark_undo_redo_and_history(run):
    code, out, _ = run("mark", "foundation.skill.ml-lifecycle", "done", "--note", "read", "--confidence", "4")
    assert code == 0 and "done" in out
    ready = json.loads(run("status", "--json")[1])["levels"]["foundation"]["readiness"]
    assert ready > 0
    history = json.loads(run("history", "--level", "foundation", "--json")[1])
    assert history == [{"date": "2026-11-26", "readiness": pytest.approx(ready, abs=0.1)}]
    assert run("undo")[0] == 0
    assert json.loads(run("status", "--json")[1])["overall"] == 0
    assert run("redo")[0] == 0
    item = json.loads(run("items", "--status", "done", "--json")[1])[0]
    assert item["notes"] == "read" and item["confidence"] == 4


def test_plan_show_json_shape(run):
    run("plan", "create", "--level", "foundation", "--days", "30", "--study-days", "mon,tue,wed,thu,fri,sat")
    code, out, _ = run("plan", "show", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["plan"]["level"] == "foundation"
    # each item's steps, in parts when split; at 60 min a day with review sessions the last ones do not fit
    placed = {task["item_id"] for task in data["tasks"]} | {step["item_id"] for step in data["unscheduled"]}
    assert len(placed) == 11
    assert {"date", "item_id", "status", "step_id", "step", "minutes"} <= set(data["tasks"][0])
    today = json.loads(run("today", "--json")[1])
    assert today["date"] == "2026-11-26" and today["focus"]


def test_log_records_minutes(run):
    assert run("log", "25", "--item", "foundation.skill.ml-lifecycle")[0] == 0
    assert json.loads(run("status", "--json")[1])["streak"]["current"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("mark", "foundation.skill.ml-lifecyle", "done"), "Did you mean foundation.skill.ml-lifecycle"),
        (("mark", "foundation.skill.ml-lifecycle", "finished"), "is not one of todo, in_progress"),
        (("plan", "create", "--level", "foundation", "--days", "3"), "7 to 60"),
        (("plan", "create", "--level", "foundation", "--days", "30", "--start", "2026-02-30"), "YYYY-MM-DD"),
        (("plan", "create", "--level", "expert", "--days", "30"), "Unknown level"),
        (("plan", "show"), "no plan"),
        (("undo",), "Nothing to undo"),
        (("log", "0"), "1 to 1440"),
        (("items", "--status", "maybe"), "is not one of"),
        (("plan", "create", "--level", "foundation", "--days", "30", "--study-days", "funday"), "weekday"),
    ],
)
def test_user_errors_print_one_line_exit_2_and_change_nothing(run, args, message):
    code, _, err = run(*args)
    assert code == 2
    assert message.lower() in err.lower()
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert json.loads(run("items", "--status", "done", "--json")[1]) == []


def test_argparse_errors_exit_2_in_one_line(run):
    code, _, err = run("mark")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_entry_point_runs_as_a_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mlops_tracker", "--data-dir", str(tmp_path / "d"), "status", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["overall"] == 0


@pytest.mark.parametrize(
    "args",
    [
        ("log", "30", "--date", "0001-01-01"),
        ("plan", "create", "--level", "foundation", "--days", "7", "--start", "1999-12-27"),
        ("mark", "foundation.skill.ml-lifecycle", "done", "--note", "x" * 100_001),
    ],
)
def test_what_the_export_format_could_not_hold_is_refused_when_typed(run, args):
    """Everything stored must export and import again: the same limits apply when it is entered."""
    code, _, err = run(*args)
    assert code == 2 and ("outside the supported dates" in err or "the most is" in err)
    assert json.loads(run("status", "--json")[1])["overall"] == 0  # nothing was stored


def test_a_data_folder_that_is_a_file_is_named_as_such(tmp_path, capsys):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine", encoding="utf-8")
    code = main(["--data-dir", str(not_a_folder), "status"])
    err = capsys.readouterr().err
    assert code == 2 and "is a file, not a folder" in err
    assert not_a_folder.read_text(encoding="utf-8") == "mine"


def test_status_line_says_1_day_not_1_days(run):
    run("plan", "create", "--level", "foundation", "--days", "30", "--start", "2026-11-26")
    code, out, _ = run("today", "--json")
    for task in json.loads(out)["tasks"]:
        assert run("mark", task["item_id"], "done", "--evidence", "https://example.org")[0] == 0
    code, out, _ = run("status")
    assert code == 0
    assert out.splitlines()[0].endswith("Streak: 1 day")

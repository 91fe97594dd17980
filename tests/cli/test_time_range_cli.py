"""Issue 10, item 5: every date stored or accepted lies in the supported range; the clock may go back."""

from __future__ import annotations

import json

import pytest

from mlops_tracker.domain.limits import FIRST_DAY, LAST_DAY

ITEM = "foundation.skill.ml-lifecycle"


def test_a_today_outside_the_supported_range_is_refused_in_one_line(run, monkeypatch):
    run("status")
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "9999-12-31")
    code, out, err = run("mark", ITEM, "done")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "outside the supported dates" in err
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-26")
    assert json.loads(run("items", "--json")[1])[0]["status"] == "todo"  # nothing was changed


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "create", "--level", "foundation", "--days", "60", "--start", "2999-12-20"),
        ("plan", "create", "--level", "foundation", "--days", "60", "--start", "2099-12-01"),
        ("plan", "create", "--level", "foundation", "--days", "30", "--exam", "2100-01-05"),
        ("log", "30", "--date", "2100-01-01"),
        ("log", "30", "--date", "1999-12-31"),
    ],
)
def test_plan_and_session_dates_outside_the_supported_range_are_refused(run, args):
    code, out, err = run(*args)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "outside the supported dates" in err
    assert run("plan", "show")[0] == 2  # no plan was made
    assert "Logged" not in out


def test_the_supported_range_edges_are_accepted(run, monkeypatch):
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", LAST_DAY.isoformat())
    assert run("log", "30", "--date", FIRST_DAY.isoformat())[0] == 0
    assert run("mark", ITEM, "done")[0] == 0
    code, out, _ = run("history", "--level", "foundation", "--json")
    assert code == 0 and len(json.loads(out)) == 1


def test_a_clock_that_goes_back_keeps_check_and_the_export_working(run, monkeypatch, tmp_path):
    """Reproduction 4: done in 2027, then to do 'today' (earlier): the log's order decides."""
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2027-06-01")
    assert run("mark", ITEM, "done")[0] == 0
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-26")
    assert run("mark", ITEM, "todo", "--note", "again")[0] == 0
    assert json.loads(run("items", "--json")[1])[0]["status"] == "todo"
    code, out, err = run("check")
    assert code == 0, out + err
    export = tmp_path / "export.json"
    assert run("export", str(export))[0] == 0
    code, out, err = run("import", "--dry-run", str(export))
    assert code == 0, err
    assert "Nothing to import" in out

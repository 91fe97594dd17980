"""`plan minutes M` and `plan exam DATE`: make a plan fit in one command, undoable, bad input refused."""

from __future__ import annotations

import json

import pytest


def _plan(run, level="foundation"):
    code, out, _ = run("plan", "show", "--json", "--level", level)
    assert code == 0
    return json.loads(out)


@pytest.fixture
def unfit(run):
    """Make the default Foundation plan (30 days at 60 min), which does not fit; return its JSON."""
    assert run("plan", "create", "--level", "foundation", "--days", "30", "--exam", "2026-12-29")[0] == 0
    data = _plan(run)
    assert data["plan"]["fits"] is False and data["unscheduled"]
    return data


def test_plan_minutes_sets_the_budget_and_the_plan_fits(run, unfit):
    needed = unfit["plan"]["needed_minutes_per_day"]
    code, out, err = run("plan", "minutes", str(needed), "--level", "foundation")
    assert code == 0 and err == ""
    assert f"{needed} min a day" in out and "it fits" in out
    data = _plan(run)
    assert data["plan"]["minutes_per_day"] == needed and data["plan"]["fits"] is True
    assert data["unscheduled"] == []
    code, out, _ = run("undo")
    assert code == 0 and f"Set {needed} min a day" in out
    assert _plan(run) == unfit


def test_plan_exam_moves_the_exam_and_the_plan_fits(run, unfit):
    text = run("plan", "show", "--level", "foundation")[1]
    assert "move the exam to 2 Jan" in text  # what the fit check advises for this plan
    code, out, _ = run("plan", "exam", "2027-01-02")
    assert code == 0 and "exam 2027-01-02" in out and "it fits" in out
    data = _plan(run)
    assert data["plan"]["exam"] == "2027-01-02" and data["plan"]["fits"] is True
    assert data["plan"]["days"] == 37 and data["unscheduled"] == []
    run("undo")
    assert _plan(run) == unfit


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "minutes", "14"), "15 to 480"),
        (("plan", "minutes", "481"), "15 to 480"),
        (("plan", "minutes", "lots"), "invalid int value"),
        (("plan", "minutes", "60", "--level", "astrology"), "astrology"),
        (("plan", "exam", "2027-13-01"), "exam date"),
        (("plan", "exam", "2027-06-01"), "at most 60 days"),
        (("plan", "exam", "2026-01-01"), "before the plan's start"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(run, unfit, args, message):
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert _plan(run) == unfit


def test_without_a_plan_it_says_how_to_make_one(run):
    code, _, err = run("plan", "minutes", "60")
    assert code == 2 and "plan create" in err and len(err.strip().splitlines()) == 1

"""`today` marks a split step's first part done once its minutes are logged on the step, not its last part."""

from __future__ import annotations

import json


def test_logging_part_one_s_minutes_marks_part_one_only(run, monkeypatch):
    today = "2026-11-26"
    assert (
        run("plan", "create", "--level", "foundation", "--days", "30", "--start", today, "--minutes", "15")[0]
        == 0
    )
    tasks = json.loads(run("plan", "show", "--json", "--level", "foundation")[1])["tasks"]
    step = next(t["step_id"] for t in tasks if t["date"] == today and t["step_id"])
    first, *_middle, last = [t for t in tasks if t["step_id"] == step]
    assert first["date"] == today and last["date"] > today, "the 15-minute budget splits today's first step"
    assert run("log", str(first["minutes"]), "--step", step)[0] == 0
    code, out, err = run("today")
    assert (code, err) == (0, "")
    assert f"[x] {step}  ({first['minutes']} min, part 1 of " in out
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", last["date"])  # the last part's day
    out = run("today")[1]
    assert f"[ ] {step}  ({last['minutes']} min, part " in out


def test_mark_step_done_part_k_ticks_one_part_as_the_window_does(run, monkeypatch):
    today = "2026-11-26"
    created = run(
        "plan", "create", "--level", "foundation", "--days", "30", "--start", today, "--minutes", "15"
    )
    assert created[0] == 0
    tasks = json.loads(run("plan", "show", "--json", "--level", "foundation")[1])["tasks"]
    step = next(t["step_id"] for t in tasks if t["date"] == today and t["step_id"])
    first, *_middle, last = [t for t in tasks if t["step_id"] == step]
    out = run("today")[1]
    assert f"this part done: mlops-tracker mark {step} done --part 1" in out  # the hint names the command

    code, out, err = run("mark", step, "done", "--part", "1")
    assert (code, err) == (0, "")
    assert f"part 1 of {first['parts']} done ({first['minutes']} min logged on the step)" in out
    assert f"[x] {step}  ({first['minutes']} min, part 1 of " in run("today")[1]
    items = {row["id"]: row for row in json.loads(run("items", "--json")[1])}
    assert items[step.split(":")[0]]["status"] == "todo"  # the step waits for its last part: nothing ticked
    assert "nothing changed" in run("mark", step, "done", "--part", "1")[1]  # twice logs nothing more
    assert run("undo")[0] == 0  # one undo takes the part back
    assert f"[ ] {step}  ({first['minutes']} min, part 1 of " in run("today")[1]

    monkeypatch.setenv("MLOPS_TRACKER_TODAY", last["date"])
    code, out, _ = run("mark", step, "done", "--part", str(last["parts"]))  # the last part ticks the step
    assert code == 0 and f"part {last['parts']} of {last['parts']} done" in out

    code, _, err = run("mark", step, "done", "--part", "9")
    assert code == 2 and f"has no part 9 in your plan: its parts are 1 to {last['parts']}" in err
    code, _, err = run("mark", step.split(":")[0], "done", "--part", "1")
    assert code == 2 and "--part is for a split step" in err

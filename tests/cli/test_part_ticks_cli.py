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

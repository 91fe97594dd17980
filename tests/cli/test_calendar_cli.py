"""`plan export FILE.ics`: the plan as a calendar from the command line."""

from __future__ import annotations

import json

from icalendar import Calendar


def test_plan_export_writes_a_calendar_that_parses_back(run, tmp_path):
    code, _, _ = run(
        "plan",
        "create",
        "--level",
        "professional",
        "--days",
        "14",
        "--start",
        "2026-12-01",
        "--exam",
        "2026-12-20",
    )
    assert code == 0
    code, out, _ = run("plan", "export", str(tmp_path / "p.ics"), "--level", "professional")
    assert code == 0
    assert "study days and the exam on 2026-12-20" in out
    events = [c for c in Calendar.from_ical((tmp_path / "p.ics").read_bytes()).walk() if c.name == "VEVENT"]
    assert events and all(e.decoded("dtstart").year == 2026 for e in events)


def test_plan_export_without_a_plan_is_one_line_and_exit_2(run, tmp_path):
    code, _, err = run("plan", "export", str(tmp_path / "p.ics"))
    assert code == 2
    assert err.count("\n") == 1 and "plan create" in err
    assert not (tmp_path / "p.ics").exists()


def test_each_study_day_of_the_calendar_lists_its_steps_with_minutes_within_the_budget(run, tmp_path):
    run("plan", "create", "--level", "foundation", "--days", "30", "--start", "2026-12-01", "--minutes", "90")
    run("plan", "export", str(tmp_path / "f.ics"), "--level", "foundation")
    events = [c for c in Calendar.from_ical((tmp_path / "f.ics").read_bytes()).walk() if c.name == "VEVENT"]
    study = [e for e in events if "exam" not in str(e.get("summary"))]
    plan = json.loads(run("plan", "show", "--json", "--level", "foundation")[1])
    assert len(study) == len({task["date"] for task in plan["tasks"]})
    first = plan["tasks"][0]
    assert first["step"] in str(study[0].get("description"))
    for event in study:
        minutes = sum(
            t["minutes"] for t in plan["tasks"] if t["date"] == event.decoded("dtstart").isoformat()
        )
        assert 0 < minutes <= 90


def test_each_study_day_after_the_first_lists_its_review_session_and_stays_within_the_budget(run, tmp_path):
    run("plan", "create", "--level", "foundation", "--days", "60", "--start", "2026-12-01", "--minutes", "60")
    run("plan", "export", str(tmp_path / "f.ics"), "--level", "foundation")
    events = [c for c in Calendar.from_ical((tmp_path / "f.ics").read_bytes()).walk() if c.name == "VEVENT"]
    by_day = {e.decoded("dtstart").isoformat(): str(e.get("description")) for e in events}
    plan = json.loads(run("plan", "show", "--json", "--level", "foundation")[1])
    sessions = {s["date"]: s["minutes"] for s in plan["review_sessions"]}
    first_day = plan["tasks"][0]["date"]
    assert first_day not in sessions and "Review session" not in by_day[first_day]
    assert sessions and all(day in by_day for day in sessions)
    for day, minutes in sessions.items():
        assert f"• Review session ({minutes} min)" in by_day[day]
        steps = sum(t["minutes"] for t in plan["tasks"] if t["date"] == day)
        assert steps + minutes <= 60

"""`plan export FILE.ics`: the plan as a calendar from the command line."""

from __future__ import annotations

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

"""The phrases the command line, the window and the report share."""

from __future__ import annotations

from mlops_tracker.domain import phrases


def test_plurals():
    assert [phrases.plural(n, "day") for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    assert phrases.plural(2, "activity", "activities") == "2 activities"


def test_durations():
    assert [phrases.duration(m) for m in (0, 45, 60, 125, 1880)] == [
        "0 min",
        "45 min",
        "1 h",
        "2 h 5 min",
        "31 h 20 min",
    ]


def test_buffer():
    assert [phrases.buffer(d) for d in (None, 0, 1, 3, -1, -2)] == [
        "no plan",
        "on plan",
        "1 day ahead",
        "3 days ahead",
        "1 day behind",
        "2 days behind",
    ]


def test_days_to_exam():
    assert [phrases.days_to_exam(d) for d in (None, 0, 1, 5, -1, -3)] == [
        "",
        "exam today",
        "exam in 1 day",
        "exam in 5 days",
        "exam was 1 day ago",
        "exam was 3 days ago",
    ]

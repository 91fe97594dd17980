"""The plan as an iCalendar file: parsed back, one event per study day and the exam, stable UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar

from mlops_tracker.formats.calendar import StudyEntry, day_uid, exam_uid, plan_calendar

DAYS = {
    date(2027, 1, 4): [
        StudyEntry("Read the MLflow Model Registry documentation", 45),
        StudyEntry("Quiz", 15),
    ],
    date(2027, 1, 5): [StudyEntry("Sketch the lifecycle; commas, semicolons; and \\ backslashes", 90)],
}


def _events(document: bytes) -> list:
    return [c for c in Calendar.from_ical(document).walk() if c.name == "VEVENT"]


def test_each_study_day_and_the_exam_become_one_all_day_event():
    document = plan_calendar(
        plan_key="foundation-1",
        title="Foundation plan",
        days=DAYS,
        exam=date(2027, 2, 1),
        stamp=datetime(2027, 1, 1, 8, tzinfo=UTC),
    )
    events = _events(document)
    assert len(events) == 3
    first = events[0]
    assert first.decoded("dtstart") == date(2027, 1, 4)
    assert first.decoded("dtend") == date(2027, 1, 5)
    assert str(first["summary"]) == "Foundation plan: study 1 h"
    description = str(first["description"])
    assert "Read the MLflow Model Registry documentation (45 min)" in description
    assert "Quiz (15 min)" in description
    # text with iCalendar's special characters comes back as written
    assert "commas, semicolons; and \\ backslashes (1 h 30 min)" in str(events[1]["description"])
    exam = events[2]
    assert exam.decoded("dtstart") == date(2027, 2, 1)
    assert str(exam["uid"]) == exam_uid("foundation-1")


def test_uids_are_stable_across_exports_so_a_calendar_updates_instead_of_duplicating():
    once = plan_calendar(
        plan_key="p", title="Plan", days=DAYS, exam=None, stamp=datetime(2027, 1, 1, tzinfo=UTC)
    )
    again = plan_calendar(
        plan_key="p", title="Plan", days=DAYS, exam=None, stamp=datetime(2027, 1, 9, tzinfo=UTC)
    )
    assert [str(e["uid"]) for e in _events(once)] == [str(e["uid"]) for e in _events(again)]
    assert [str(e["uid"]) for e in _events(once)] == [day_uid("p", day) for day in sorted(DAYS)]
    other = plan_calendar(
        plan_key="q", title="Plan", days=DAYS, exam=None, stamp=datetime(2027, 1, 1, tzinfo=UTC)
    )
    assert not {str(e["uid"]) for e in _events(once)} & {str(e["uid"]) for e in _events(other)}

"""The plan as a calendar: the Plan page's button and `plan export FILE.ics`, parsed back with icalendar."""

from __future__ import annotations

from icalendar import Calendar

from mlops_tracker.formats.study import load_study_steps
from tests.gui.conftest import PLAN_START


def _events(path) -> list:  # type: ignore[no-untyped-def]
    return [c for c in Calendar.from_ical(path.read_bytes()).walk() if c.name == "VEVENT"]


def test_the_plan_page_saves_one_event_per_study_day_and_the_exam(main_window, tmp_path, qtbot):
    page = main_window.show_page("plan")
    assert page.calendar_button.isEnabled()
    messages: list[str] = []
    page.document_written.connect(messages.append)
    path = page.export_calendar(tmp_path / "plan.ics")
    plan = main_window.tracker.require_plan("foundation")
    days = sorted({task.due for task in plan.tasks})
    events = _events(path)
    study = [e for e in events if "exam" not in str(e["summary"])]
    assert [e.decoded("dtstart") for e in study] == days
    [exam] = [e for e in events if "exam" in str(e["summary"])]
    assert exam.decoded("dtstart") == plan.spec.exam
    first_day = [task for task in plan.tasks if task.due == days[0]]
    steps = load_study_steps()
    description = str(study[0]["description"])
    for task in first_day:
        assert main_window.tracker.item(task.item_id).item.title in description
        assert steps.minutes_of(task.item_id) > 0
    assert messages and "study days" in messages[-1]
    assert main_window.statusBar().currentMessage() == messages[-1]
    # a second export keeps the event ids: a calendar updates instead of duplicating
    again = _events(page.export_calendar(tmp_path / "again.ics"))
    assert [str(e["uid"]) for e in again] == [str(e["uid"]) for e in events]
    assert str(events[0]["uid"]).startswith(f"foundation-{PLAN_START:%Y%m%d}-")

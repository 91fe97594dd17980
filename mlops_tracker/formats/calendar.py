"""A plan as an iCalendar file: one all-day event per study day (steps, review session) and one for the exam.

UIDs are made from the plan's identity and the day, so importing a newer export into a calendar updates the
events instead of adding copies. The `icalendar` library does the escaping, line folding and dates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from mlops_tracker.domain.phrases import duration

PRODUCT_ID = "-//MLOps Tracker//Study plan//EN"
UID_DOMAIN = "mlops-tracker.invalid"  # a domain that can never be anyone's, as RFC 5545 UIDs want one
REVIEW_SESSION = "Review session"  # the entry of the minutes a study day keeps for spaced reviews


@dataclass(frozen=True)
class StudyEntry:
    """One thing to do on a study day: what and for how long."""

    title: str
    minutes: int


def day_uid(plan_key: str, day: date) -> str:
    """Return the stable UID of a study day's event."""
    return f"{plan_key}-{day:%Y%m%d}@{UID_DOMAIN}"


def exam_uid(plan_key: str) -> str:
    """Return the stable UID of the exam's event."""
    return f"{plan_key}-exam@{UID_DOMAIN}"


def plan_calendar(
    *,
    plan_key: str,
    title: str,
    days: Mapping[date, Sequence[StudyEntry]],
    exam: date | None,
    stamp: datetime,
) -> bytes:
    """Return the plan as an .ics document.

    `plan_key` names the plan for good (its level and creation time, say); `title` is the plan's name for
    people ("Foundation plan"); `stamp` is the export time in UTC (DTSTAMP).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    for day in sorted(days):
        entries = days[day]
        total = sum(entry.minutes for entry in entries)
        event = Event()
        event.add("uid", day_uid(plan_key, day))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{title}: study {duration(total)}")
        event.add(
            "description",
            "\n".join(f"• {entry.title} ({duration(entry.minutes)})" for entry in entries),
        )
        event.add("transp", "TRANSPARENT")  # an all-day reminder, not a busy day
        calendar.add_component(event)
    if exam is not None:
        event = Event()
        event.add("uid", exam_uid(plan_key))
        event.add("dtstamp", stamp)
        event.add("dtstart", exam)
        event.add("dtend", exam + timedelta(days=1))
        event.add("summary", f"{title}: exam day")
        calendar.add_component(event)
    return calendar.to_ical()

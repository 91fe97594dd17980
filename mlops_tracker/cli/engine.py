"""Engine subcommands: status, items, mark, undo, redo, plan, today, history, log."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from mlops_tracker.cli.common import ArgumentParser, Subcommands, print_json
from mlops_tracker.core.commands import LogStudySession, UpdateItem
from mlops_tracker.core.tracker import Tracker, parse_date
from mlops_tracker.core.views import TaskView, View
from mlops_tracker.domain import phrases
from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.limits import check_confidence, check_minutes
from mlops_tracker.domain.model import Status

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_status(text: str) -> Status:
    """Return a status from its name ("in-progress" is accepted for in_progress)."""
    try:
        return Status(text.strip().lower().replace("-", "_"))
    except ValueError:
        names = ", ".join(s.value for s in Status)
        raise InvalidInput(f"Status '{text}' is not one of {names}.") from None


def parse_weekdays(text: str) -> list[int]:
    """Return weekday numbers (0 = Monday) from "mon,tue,…"."""
    days = []
    for part in filter(None, (p.strip().lower()[:3] for p in text.split(","))):
        if part not in WEEKDAYS:
            raise InvalidInput(f"'{part}' is not a weekday: use mon,tue,wed,thu,fri,sat,sun.")
        days.append(WEEKDAYS.index(part))
    if not days:
        raise InvalidInput("Give at least one study day, e.g. --study-days mon,tue,wed,thu,fri.")
    return days


def _task_json(view: TaskView) -> dict[str, Any]:
    return {
        "date": view.task.due.isoformat(),
        "item_id": view.item.id,
        "level": view.item.level,
        "kind": view.item.kind.value,
        "title": view.item.title,
        "status": view.state.status.value,
        "overdue": view.overdue,
    }


def _summary_json(summary: View) -> dict[str, Any]:
    return {
        "today": summary.today.isoformat(),
        "overall": round(summary.overall, 1),
        "levels": {
            level_id: {
                "name": status.name,
                "readiness": round(status.readiness, 1),
                "buffer_days": status.buffer_days,
                "forecast": status.forecast.ready_on.isoformat() if status.forecast.ready_on else None,
                "exam": status.plan.spec.exam.isoformat() if status.plan and status.plan.spec.exam else None,
                "days_to_exam": status.days_to_exam,
            }
            for level_id, status in summary.levels.items()
        },
        "streak": {"current": summary.streak.current, "best": summary.streak.best},
        "days_to_exam": summary.days_to_exam,
        "today_tasks": [_task_json(view) for view in summary.tasks],
    }


def cmd_status(tracker: Tracker, args: argparse.Namespace) -> None:
    """Print readiness, streak, today's tasks, exam, buffer and forecast."""
    summary = tracker.view()
    if args.json:
        print_json(_summary_json(summary))
        return
    streak = phrases.plural(summary.streak.current, "day")
    print(f"Overall readiness: {summary.overall:.0f}%   Streak: {streak}")
    if not summary.levels:
        print("No plan or progress yet. Start with: mlops-tracker plan create --level foundation --days 30")
    for status in summary.levels.values():
        exam = phrases.days_to_exam(status.days_to_exam)
        tail = f", {exam}" if exam else ""
        print(f"  {status.name:<13} {status.readiness:5.1f}%  {phrases.buffer(status.buffer_days)}{tail}")
        print(f"  {'':<13} {status.forecast.message}")
    _print_tasks(summary.tasks)


def _print_tasks(tasks: Sequence[TaskView]) -> None:
    if not tasks:
        print("Nothing due today.")
        return
    print("Today:")
    for view in tasks:
        mark = "x" if view.finished else " "
        late = f" (overdue since {view.task.due})" if view.overdue else ""
        print(f"  [{mark}] {view.item.id}  {view.item.title}{late}")


def cmd_items(tracker: Tracker, args: argparse.Namespace) -> None:
    """List items with their status."""
    status = parse_status(args.status) if args.status else None
    views = tracker.items(level=args.level, status=status)
    if args.json:
        print_json(
            [
                {
                    "id": v.item.id,
                    "level": v.item.level,
                    "kind": v.item.kind.value,
                    "title": v.item.title,
                    "status": v.state.status.value,
                    "notes": v.state.notes,
                    "evidence": v.state.evidence,
                    "confidence": v.state.confidence,
                    "counts_as_done": v.counts_as_done,
                }
                for v in views
            ]
        )
        return
    for v in views:
        flag = "  (needs evidence to count)" if v.needs_evidence else ""
        print(f"{v.state.status.value:<12} {v.item.id:<48} {v.item.title}{flag}")


def cmd_mark(tracker: Tracker, args: argparse.Namespace) -> None:
    """Set an item's status, with optional note, evidence and confidence."""
    item = tracker.resolve_item(args.item_id)
    status = parse_status(args.status)
    if args.confidence is not None:
        check_confidence(args.confidence)  # 0 clears a rating in the window; typed here it is a mistake
    tracker.run(
        UpdateItem(
            item.id, status=status, notes=args.note, evidence=args.evidence, confidence=args.confidence
        )
    )
    view = tracker.item(item.id)
    print(f"{item.id}: {status.value}")
    if view.needs_evidence:
        print("Note: a project counts as done only with evidence: add --evidence LINK or --note TEXT.")


def cmd_undo(tracker: Tracker, args: argparse.Namespace) -> None:
    """Take back the command line's last change (the window keeps its own history)."""
    label = tracker.undo_label()
    tracker.undo()
    print(f"Undone: {label}")


def cmd_redo(tracker: Tracker, args: argparse.Namespace) -> None:
    """Do again the last undone change."""
    label = tracker.redo_label()
    tracker.redo()
    print(f"Redone: {label}")


def cmd_plan_create(tracker: Tracker, args: argparse.Namespace) -> None:
    """Create (or replace) a level's plan."""
    spec = tracker.plan_spec(
        args.level,
        args.days,
        start=parse_date(args.start, "start date") if args.start else None,
        exam=parse_date(args.exam, "exam date") if args.exam else None,
        study_weekdays=parse_weekdays(args.study_days) if args.study_days else None,
    )
    tracker.create_plan(spec)
    plan = tracker.require_plan(spec.level)
    print(f"Planned {len(plan.tasks)} tasks for {spec.level} from {spec.start} over {spec.days} days.")


def cmd_plan_show(tracker: Tracker, args: argparse.Namespace) -> None:
    """Print the schedule."""
    plan = tracker.require_plan(args.level)
    views = tracker.task_views(plan)
    if args.json:
        spec = plan.spec
        print_json(
            {
                "plan": {
                    "id": plan.id,
                    "level": spec.level,
                    "days": spec.days,
                    "start": spec.start.isoformat(),
                    "exam": spec.exam.isoformat() if spec.exam else None,
                    "study_days": [WEEKDAYS[d] for d in sorted(spec.study_weekdays)],
                },
                "tasks": [_task_json(view) for view in views],
            }
        )
        return
    spec = plan.spec
    exam = f", exam {spec.exam}" if spec.exam else ""
    print(f"Plan: {spec.level}, {spec.days} days from {spec.start}{exam}")
    current: date | None = None
    for view in views:
        if view.task.due != current:
            current = view.task.due
            print(f"{current:%a %Y-%m-%d}")
        mark = {"done": "x", "skipped": "-", "in_progress": "~"}.get(view.state.status.value, " ")
        late = "  (overdue)" if view.overdue else ""
        print(f"  [{mark}] {view.item.title}{late}")


def cmd_plan_reschedule(tracker: Tracker, args: argparse.Namespace) -> None:
    """Move overdue tasks forward from today."""
    result = tracker.reschedule(args.level)
    if not result.moved:
        print("Nothing is overdue: the plan stays as it is.")
        return
    print(f"Moved {len(result.moved)} tasks. {result.advice}")


def cmd_plan_export(tracker: Tracker, args: argparse.Namespace) -> None:
    """Write a level's plan as an iCalendar file."""
    from mlops_tracker.core.transfer import export_calendar

    summary = export_calendar(tracker, Path(args.file), args.level)
    exam = f" and the exam on {summary.exam}" if summary.exam else ""
    print(f"Wrote {summary.path}: {summary.study_days} study days{exam}.")


def cmd_plan_delete(tracker: Tracker, args: argparse.Namespace) -> None:
    """Delete a level's plan."""
    level = args.level or tracker.require_plan().spec.level
    tracker.delete_plan(level)
    print(f"Deleted the {level} plan (undo with `mlops-tracker undo`).")


def cmd_today(tracker: Tracker, args: argparse.Namespace) -> None:
    """Print today's and overdue tasks."""
    view = tracker.view()
    tasks = view.today_tasks
    if args.json:
        print_json(
            {
                "date": view.today.isoformat(),
                "focus": [{"level": name, "activity": text} for name, text in view.focus],
                "tasks": [_task_json(task) for task in tasks],
            }
        )
        return
    for name, text in view.focus:
        print(f"Focus ({name}): {text}")
    _print_tasks(tasks)


def cmd_history(tracker: Tracker, args: argparse.Namespace) -> None:
    """Print readiness at the end of each day since the first event."""
    points = tracker.readiness_history(args.level)
    if args.json:
        print_json([{"date": p.day.isoformat(), "readiness": round(p.readiness, 2)} for p in points])
        return
    if not points:
        print("No history yet: mark an item to start it.")
    for point in points:
        print(f"{point.day}  {point.readiness:5.1f}%")


def cmd_log(tracker: Tracker, args: argparse.Namespace) -> None:
    """Record a study session."""
    day = parse_date(args.date) if args.date else tracker.clock.today()
    item_id = tracker.resolve_item(args.item).id if args.item else None
    check_minutes(args.minutes)
    tracker.run(LogStudySession(day=day, minutes=args.minutes, item_id=item_id))
    print(f"Logged {args.minutes} minutes on {day}.")


def register(sub: Subcommands) -> None:
    """Add the engine's subcommands."""
    add = sub.add
    add("status", cmd_status, "readiness, streak, today's tasks, exam, buffer and forecast").add_argument(
        "--json", action="store_true"
    )
    items = add("items", cmd_items, "list items with their status")
    items.add_argument("--level")
    items.add_argument("--status")
    items.add_argument("--json", action="store_true")
    mark = add("mark", cmd_mark, "set an item's status")
    mark.add_argument("item_id", metavar="ITEM_ID")
    mark.add_argument("status", metavar="STATUS", help="todo, in_progress, done or skipped")
    mark.add_argument("--note")
    mark.add_argument("--evidence", help="a link or file path proving a finished project")
    mark.add_argument("--confidence", type=int, help="self-rated confidence 1-5")
    add("undo", cmd_undo, "take back the command line's last change")
    add("redo", cmd_redo, "do again the command line's last undone change")

    plan = sub.parsers.add_parser("plan", help="create, show, reschedule or delete a study plan")
    plan_sub = plan.add_subparsers(
        dest="plan_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    create = plan_sub.add_parser("create", help="schedule a plan for a level")
    create.set_defaults(handler=cmd_plan_create)
    create.add_argument("--level", required=True)
    create.add_argument("--days", type=int, required=True, help="plan length, 7 to 60 days")
    create.add_argument("--start", help="first day, YYYY-MM-DD (default today)")
    create.add_argument("--exam", help="exam date, YYYY-MM-DD")
    create.add_argument("--study-days", help="e.g. mon,tue,wed,thu,fri,sat (the default)")
    show = plan_sub.add_parser("show", help="print the schedule")
    show.set_defaults(handler=cmd_plan_show)
    show.add_argument("--level")
    show.add_argument("--json", action="store_true")
    export = plan_sub.add_parser("export", help="write the plan as an iCalendar file (FILE.ics)")
    export.set_defaults(handler=cmd_plan_export)
    export.add_argument("file", metavar="FILE.ics")
    export.add_argument("--level")
    for name, handler, text in (
        ("reschedule", cmd_plan_reschedule, "move overdue tasks forward from today"),
        ("delete", cmd_plan_delete, "delete a plan"),
    ):
        action = plan_sub.add_parser(name, help=text)
        action.set_defaults(handler=handler)
        action.add_argument("--level")

    add("today", cmd_today, "today's and overdue tasks").add_argument("--json", action="store_true")
    history = add("history", cmd_history, "readiness at the end of each day")
    history.add_argument("--level", required=True)
    history.add_argument("--json", action="store_true")
    log = add("log", cmd_log, "record a study session")
    log.add_argument("minutes", type=int, metavar="MINUTES")
    log.add_argument("--item", metavar="ITEM_ID")
    log.add_argument("--date", help="YYYY-MM-DD (default today)")

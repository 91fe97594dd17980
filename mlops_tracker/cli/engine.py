"""Engine subcommands: status, items, mark, undo, redo, plan, today, history, log."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlops_tracker.cli.common import ArgumentParser, Subcommands, print_json
from mlops_tracker.core.commands import LogStudySession, RecordExam, UpdateItem
from mlops_tracker.core.tracker import Tracker, parse_date
from mlops_tracker.core.views import LevelStatus, TaskView, View
from mlops_tracker.domain import phrases, step_plan
from mlops_tracker.domain.errors import InvalidInput, NotFound
from mlops_tracker.domain.limits import check_confidence, check_minutes
from mlops_tracker.domain.model import Status
from mlops_tracker.domain.packing import MAX_BUDGET, Work

if TYPE_CHECKING:
    from mlops_tracker.core.reviews import TodayReviews

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
        "step_id": view.step_id,
        "step": view.step_title or view.item.title,
        "minutes": view.minutes,
        "part": view.task.part,  # a split step's part, 1 of `parts` (1 of 1: whole)
        "parts": view.task.parts,
        "done": view.finished,
    }


def _summary_json(tracker: Tracker, summary: View) -> dict[str, Any]:
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
                "exam_result": result.result if (result := summary.exam_results.get(level_id)) else None,
                **_unscheduled_json(tracker, level_id),
            }
            for level_id, status in summary.levels.items()
        },
        "streak": {"current": summary.streak.current, "best": summary.streak.best},
        "days_to_exam": summary.days_to_exam,
        "today_tasks": [_task_json(view) for view in summary.tasks],
    }


def _unscheduled_json(tracker: Tracker, level: str) -> dict[str, int]:
    """Return how many of a level's plan's steps fit no study day, and their minutes, for `status --json`."""
    missing = tracker.unfit_steps(level)
    return {"unscheduled_steps": len(missing), "unscheduled_minutes": sum(work.minutes for work in missing)}


def _unfit_line(tracker: Tracker, status: LevelStatus, missing: Sequence[Work]) -> str:
    """Return the warning that a plan cannot reach its exam, with the commands that would make it fit.

    The advice is the Plan page's "Does not fit" one: the fit of the open steps from today.
    """
    assert status.plan is not None
    count = len(missing)
    head = (
        f"{phrases.plural(count, 'step')} ({phrases.duration(sum(work.minutes for work in missing))}) "
        f"{'does' if count == 1 else 'do'} not fit the plan"
    )
    level = f" --level {status.level_id}"
    fit = tracker.plan_fit(status.plan)
    if fit.fits:
        return f"{head}: `mlops-tracker plan reschedule{level}` places them in the days from today."
    fixes = []
    if fit.needed_per_day <= MAX_BUDGET:
        fixes.append(f"`mlops-tracker plan minutes {fit.needed_per_day}{level}`")
    if fit.later_exam is not None:
        fixes.append(f"`mlops-tracker plan exam {fit.later_exam.isoformat()}{level}`")
    if not fixes:
        return f"{head}, even at {MAX_BUDGET} min a day: make a longer plan (`mlops-tracker plan create`)."
    return f"{head}: {' or '.join(fixes)} makes it fit."


def cmd_status(tracker: Tracker, args: argparse.Namespace) -> None:
    """Print readiness, streak, today's tasks, exam, buffer and forecast."""
    summary = tracker.view()
    if args.json:
        data = _summary_json(tracker, summary)
        from mlops_tracker.cli.reviews import add_status_fields  # retained and practice per level

        add_status_fields(tracker, summary, data)
        print_json(data)
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
        if missing := tracker.unfit_steps(status.level_id):  # ahead or on plan says nothing of these
            print(f"  {'':<13} {_unfit_line(tracker, status, missing)}")
    _print_tasks(summary.tasks)


def _print_tasks(tasks: Sequence[TaskView]) -> None:
    if not tasks:
        print("Nothing due today.")
        return
    minutes = sum(view.minutes for view in tasks)
    print(f"Today ({phrases.duration(minutes)}):" if minutes else "Today:")
    for view in tasks:
        mark = "x" if view.finished else " "
        late = f" (overdue since {view.task.due})" if view.overdue else ""
        if view.step_id is None:  # a plan made before study steps: the whole item
            print(f"  [{mark}] {view.item.id}  {view.item.title}{late}")
            continue
        part = f", part {view.task.part} of {view.task.parts}" if view.task.parts > 1 else ""
        print(f"  [{mark}] {view.step_id}  ({view.minutes} min{part}){late}")
        print(f"        {view.step_title}")
        print(f"        from the guide: {view.item.title}")
        if view.part_minutes and not view.finished:  # ticking the step would tick every part of it
            print(f"        this part done: mlops-tracker mark {view.step_id} done --part {view.task.part}")


def cmd_items(tracker: Tracker, args: argparse.Namespace) -> None:
    """List items with their status."""
    status = parse_status(args.status) if args.status else None
    views = tracker.items(level=args.level, status=status)
    if args.json:
        steps = tracker.all_steps()
        done = tracker.done_steps()
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
                    "minutes": sum(step.minutes for step in steps[v.item.id]),
                    "steps": [
                        {
                            "id": step.id,
                            "title": step.title,
                            "minutes": step.minutes,
                            "status": "done" if step.id in done else "todo",
                        }
                        for step in steps[v.item.id]
                    ],
                }
                for v in views
            ]
        )
        return
    for v in views:
        flag = "  (needs evidence to count)" if v.needs_evidence else ""
        print(f"{v.state.status.value:<12} {v.item.id:<48} {v.item.title}{flag}")


def parse_step_status(text: str) -> bool:
    """Return whether a step status word means done ("done") or not ("todo")."""
    word = text.strip().lower()
    if word not in ("done", "todo"):
        raise InvalidInput(f"Status '{text}' of a step is not one of done, todo.")
    return word == "done"


def cmd_mark(tracker: Tracker, args: argparse.Namespace) -> None:
    """Set an item's status (or tick a step), with optional note, evidence and confidence."""
    if ":" in args.item_id:
        _mark_step(tracker, args)
        return
    item = tracker.resolve_item(args.item_id)
    status = parse_status(args.status)
    if args.part is not None:
        raise InvalidInput("--part is for a split step: give the step id (see `mlops-tracker today`).")
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


def _mark_step(tracker: Tracker, args: argparse.Namespace) -> None:
    """Tick or untick a step; its item becomes done when every visible step is."""
    step = tracker.resolve_step(args.item_id)
    done = parse_step_status(args.status)
    if args.note is not None or args.evidence is not None or args.confidence is not None:
        raise InvalidInput("Notes, evidence and confidence belong to the item: mark the item id instead.")
    if args.part is not None:
        _mark_part(tracker, step.id, args.part, done)
        return
    tracker.run(UpdateItem(step.item_id, steps=((step.id, done),)))
    item = tracker.item(step.item_id)
    print(f"{step.id}: {'done' if done else 'todo'} ({step.item_id} is {item.state.status.value})")


def _mark_part(tracker: Tracker, step_id: str, part: int, done: bool) -> None:
    """Tick one part of a split step as the window does: a part before the last logs its minutes."""
    from mlops_tracker.core.ticks import tick_command

    view = tracker.view()
    parts = [task for task in view.all_tasks if task.step_id == step_id]
    task = next((task for task in parts if task.task.part == part), None)
    if task is None:
        have = (
            f"its parts are 1 to {parts[0].task.parts}"
            if parts and parts[0].task.parts > 1
            else "it is not split"
        )
        raise InvalidInput(f"Step '{step_id}' has no part {part} in your plan: {have}.")
    command = tick_command(view, task, done)
    label = f"part {part} of {task.task.parts}"
    if command is None:
        state = "done" if task.finished else "open"
        hint = " (undo takes back the minutes it logged)" if task.logged_done and not done else ""
        print(f"{step_id}: {label} is {state} already; nothing changed{hint}.")
        return
    tracker.run(command)
    after = next(t for t in tracker.view().all_tasks if t.step_id == step_id and t.task.part == part)
    logged = tracker.view().minutes_by_step.get(step_id, 0)
    print(f"{step_id}: {label} {'done' if after.finished else 'open'} ({logged} min logged on the step)")


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
        minutes_per_day=args.minutes,
    )
    fit = tracker.fit_line(spec)
    tracker.create_plan(spec)
    plan = tracker.require_plan(spec.level)
    print(
        f"Planned {len(plan.tasks)} steps for {spec.level} from {spec.start} over {spec.days} days, "
        f"{spec.minutes_per_day} min a study day."
    )
    print(fit)


def cmd_plan_show(tracker: Tracker, args: argparse.Namespace) -> None:
    """Print the schedule."""
    plan = tracker.require_plan(args.level)
    views = tracker.task_views(plan)
    fit = tracker.plan_fit(plan)  # from today: a started plan has fewer days left than it began with
    titles = tracker.view().step_titles
    missing = tracker.unscheduled(plan)
    sessions = tracker.review_sessions(plan)
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
                    "minutes_per_day": spec.minutes_per_day,
                    "total_minutes": sum(task.minutes for task in plan.tasks),
                    "fits": fit.fits,
                    "needed_minutes_per_day": fit.needed_per_day,
                },
                "tasks": [_task_json(view) for view in views],
                "unscheduled": [
                    {
                        "item_id": w.item_id,
                        "step_id": w.step_id,
                        "step": titles.get(w.step_id, ""),
                        "minutes": w.minutes,
                    }
                    for w in missing
                ],
                "review_sessions": [
                    {"date": day.isoformat(), "minutes": minutes} for day, minutes in sessions.items()
                ],
            }
        )
        return
    spec = plan.spec
    exam = f", exam {spec.exam}" if spec.exam else ""
    print(f"Plan: {spec.level}, {spec.days} days from {spec.start}{exam}, {spec.minutes_per_day} min a day")
    if not fit.fits:
        print(step_plan.fit_line(fit, missing))
    by_day: dict[date, list[TaskView]] = {}
    for view in views:
        by_day.setdefault(view.task.due, []).append(view)
    for day in sorted({*by_day, *sessions}):
        print(f"{day:%a %Y-%m-%d}")
        for view in by_day.get(day, ()):
            print(f"  {_task_line(view)}")
        if day in sessions:
            print(f"  [ ] {sessions[day]:>3} min  Review session")
    if missing:
        total = sum(w.minutes for w in missing)
        print(f"Does not fit ({phrases.plural(len(missing), 'step')}, {phrases.duration(total)}):")
        for work in missing:
            print(f"  [ ] {work.minutes:>3} min  {titles.get(work.step_id, work.step_id)}")


def _task_line(view: TaskView) -> str:
    """Return a task of `plan show`: its mark, minutes, step (or item), part and lateness."""
    if view.step_id is None:
        mark = {"done": "x", "skipped": "-", "in_progress": "~"}.get(view.state.status.value, " ")
    else:
        mark = "x" if view.finished else " "
    late = "  (overdue)" if view.overdue else ""
    part = f" (part {view.task.part} of {view.task.parts})" if view.task.parts > 1 else ""
    minutes = f"{view.minutes:>3} min  " if view.minutes else ""
    return f"[{mark}] {minutes}{view.step_title or view.item.title}{part}{late}"


def cmd_plan_reschedule(tracker: Tracker, args: argparse.Namespace) -> None:
    """Move overdue tasks forward from today."""
    result = tracker.reschedule(args.level)
    if not result.moved:
        print("Nothing is overdue: the plan stays as it is.")
        return
    print(f"Moved {len(result.moved)} tasks. {result.advice}")


def cmd_plan_minutes(tracker: Tracker, args: argparse.Namespace) -> None:
    """Give a plan another daily budget and re-pack it from today."""
    tracker.set_plan_minutes(args.minutes, args.level)
    _print_remade(tracker, args.level)


def cmd_plan_exam(tracker: Tracker, args: argparse.Namespace) -> None:
    """Move a plan's exam (a later one lengthens the plan) and re-pack it from today."""
    tracker.move_exam(parse_date(args.date, "exam date"), args.level)
    _print_remade(tracker, args.level)


def _print_remade(tracker: Tracker, level: str | None) -> None:
    """Print the plan after a new budget or exam: its dates and budget, and how it fits."""
    plan = tracker.require_plan(level)
    spec = plan.spec
    exam = f", exam {spec.exam}" if spec.exam else ""
    print(f"Plan: {spec.level}, {spec.days} days from {spec.start}{exam}, {spec.minutes_per_day} min a day")
    print(step_plan.fit_line(tracker.plan_fit(plan), tracker.unscheduled(plan)))
    print("Undo with `mlops-tracker undo`.")


def cmd_plan_export(tracker: Tracker, args: argparse.Namespace) -> None:
    """Write a level's plan as an iCalendar file."""
    from mlops_tracker.core.files import export_calendar

    summary = export_calendar(tracker, Path(args.file), args.level)
    exam = f" and the exam on {summary.exam}" if summary.exam else ""
    print(f"Wrote {summary.path}: {summary.study_days} study days{exam}.")


def cmd_plan_delete(tracker: Tracker, args: argparse.Namespace) -> None:
    """Delete a level's plan."""
    level = args.level or tracker.require_plan().spec.level
    tracker.delete_plan(level)
    print(f"Deleted the {level} plan (undo with `mlops-tracker undo`).")


def cmd_today(tracker: Tracker, args: argparse.Namespace) -> None:
    """Print today's and overdue tasks, and today's review session."""
    view = tracker.view()
    tasks = view.today_tasks
    session = _review_session(tracker, view)
    if args.json:
        print_json(
            {
                "date": view.today.isoformat(),
                "focus": [{"level": name, "activity": text} for name, text in view.focus],
                "tasks": [
                    {**_task_json(task), "logged_minutes": view.minutes_by_step.get(task.step_id or "", 0)}
                    for task in tasks
                ],
                "review_session": None if session is None else session.json(),
            }
        )
        return
    for name, text in view.focus:
        print(f"Focus ({name}): {text}")
    _print_tasks(tasks)
    if session is not None:
        print(session.line(view))


@dataclass(frozen=True)
class _ReviewSession:
    """Today's review session: the due reviews that fill it, and the items to recap when none is due."""

    fill: TodayReviews
    due: int  # every due review, those that fill the session and those that wait
    recap: list[str]
    planned: bool = True  # False: no review session is planned today (a rest day), but reviews are due

    def json(self) -> dict[str, Any]:
        """Return the session as `today --json` shows it."""
        return {
            "minutes": self.fill.minutes if self.planned else None,
            "reviews": [review.item_id for review in self.fill.reviews],
            "waiting": self.fill.waiting,
            "recap": self.recap,
        }

    def line(self, view: View) -> str:
        """Return the line `today` prints, with the command that runs the session."""
        minutes = self.fill.minutes
        levels = [plan.spec.level for plan in view.plans if plan.spec.level not in view.passed]
        command = f"`mlops-tracker quiz --level {levels[0] if levels else 'LEVEL'}`"
        if not self.planned:
            return f"No study planned today, but {self.fill.label}: take them with {command}."
        if self.fill.reviews:
            waiting = f"; {_more_wait(self.fill.waiting)} for the next session" if self.fill.waiting else ""
            return f"Review session: {self.fill.label}{waiting}. Start it with {command}."
        if self.due:  # due, but today's steps take the whole budget
            plural = "s" if self.due != 1 else ""
            return (
                f"Review session ({minutes} min): {self.due} review{plural} due wait for the next session "
                f"(today's steps take the budget); start them anyway with {command}."
            )
        if self.recap:
            return (
                f"Review session ({minutes} min): no reviews due; check your last study day's items with "
                "`mlops-tracker quiz --recap`."
            )
        return f"Review session ({minutes} min): no reviews due; go over your notes of your last study day."


def _more_wait(count: int) -> str:
    """Return "1 more waits" / "3 more wait"."""
    return f"{count} more wait{'s' if count == 1 else ''}"


def _review_session(tracker: Tracker, view: View) -> _ReviewSession | None:
    """Return today's review session; on a day without one, the due reviews (None: neither)."""
    from mlops_tracker.core import reviews

    minutes = view.review_minutes_today
    due = reviews.today_reviews(tracker)
    if not minutes:  # a rest day, or no plan: the window still offers the due reviews, and so does this
        return _ReviewSession(due, len(due.reviews), [], planned=False) if due.reviews else None
    return _ReviewSession(reviews.fill_session(due, minutes), len(due.reviews), reviews.recap(view, due))


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
    """Record a study session, on an item or one of its steps when given."""
    day = parse_date(args.date) if args.date else tracker.clock.today()
    item_id = tracker.resolve_item(args.item).id if args.item else None
    step = tracker.resolve_step(args.step) if args.step else None
    if step is not None and item_id not in (None, step.item_id):
        raise NotFound(f"Step '{step.id}' is not a step of '{item_id}'.")
    check_minutes(args.minutes)
    step_id = step.id if step is not None else None
    item_id = step.item_id if step is not None else item_id
    tracker.run(LogStudySession(day=day, minutes=args.minutes, item_id=item_id, step_id=step_id))
    on = f" on the step '{step.title}'" if step is not None else ""
    print(f"Logged {args.minutes} minutes on {day}{on}.")


def cmd_exam(tracker: Tracker, args: argparse.Namespace) -> None:
    """Record a level's exam result (passed or failed) on a day (default: the plan's exam day, or today)."""
    level = tracker.resolve_level(args.level)
    result = args.result.strip().lower()
    if result not in ("passed", "failed"):
        raise InvalidInput(f"Result '{args.result}' is not one of passed, failed.")
    if args.date:
        day = parse_date(args.date, "exam date")
    else:
        plan = tracker.plan(level.id)
        exam = plan.spec.exam if plan else None
        day = exam if exam is not None and exam <= tracker.clock.today() else tracker.clock.today()
    tracker.run(RecordExam(level.id, result, day))
    print(f"{level.name} exam {result} on {day}.")
    suggestion = tracker.next_certification() if result == "passed" else None
    if suggestion is not None:
        print(f"Next, the guide suggests: {suggestion[1].title}")


def cmd_step_minutes(tracker: Tracker, args: argparse.Namespace) -> None:
    """Change a step's minutes."""
    step = tracker.resolve_step(args.step_id)
    check_minutes(args.minutes)
    tracker.edit_step(step.item_id, step.id, ("minutes", str(args.minutes)))
    print(f"{step.id}: {args.minutes} min")


def cmd_step_add(tracker: Tracker, args: argparse.Namespace) -> None:
    """Add an own step to an item."""
    import uuid

    item = tracker.resolve_item(args.item_id)
    check_minutes(args.minutes)
    title = args.title.strip()
    if not title:
        raise InvalidInput("Give the step a title.")
    step_id = f"{item.id}:own-{uuid.uuid4().hex[:8]}"
    tracker.edit_step(item.id, step_id, ("title", title), ("minutes", str(args.minutes)))
    print(f"Added {step_id}: {title} ({args.minutes} min)")


def cmd_step_hide(tracker: Tracker, args: argparse.Namespace) -> None:
    """Hide a suggested step (an own step is removed)."""
    step = tracker.resolve_step(args.step_id)
    if ":own-" in step.id:
        tracker.edit_step(step.item_id, step.id, ("title", ""))
    else:
        tracker.edit_step(step.item_id, step.id, ("hidden", "1"))
    print(f"Hid {step.id} (undo with `mlops-tracker undo`).")


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
    mark = add("mark", cmd_mark, "set an item's status, or tick a step (done/todo)")
    mark.add_argument("item_id", metavar="ITEM_ID", help="an item id, or a step id as listed by items --json")
    mark.add_argument(
        "status", metavar="STATUS", help="todo, in_progress, done or skipped (a step: done, todo)"
    )
    mark.add_argument("--note")
    mark.add_argument("--evidence", help="a link or file path proving a finished project")
    mark.add_argument("--confidence", type=int, help="self-rated confidence 1-5")
    mark.add_argument(
        "--part", type=int, metavar="K", help="a split step's part K: a part before the last logs its minutes"
    )
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
    create.add_argument(
        "--minutes", type=int, default=60, help="minutes per study day, 15 to 480 (default 60)"
    )
    show = plan_sub.add_parser("show", help="print the schedule")
    show.set_defaults(handler=cmd_plan_show)
    show.add_argument("--level")
    show.add_argument("--json", action="store_true")
    export = plan_sub.add_parser("export", help="write the plan as an iCalendar file (FILE.ics)")
    export.set_defaults(handler=cmd_plan_export)
    export.add_argument("file", metavar="FILE.ics")
    export.add_argument("--level")
    budget = plan_sub.add_parser("minutes", help="set the plan's minutes per study day and re-pack it")
    budget.set_defaults(handler=cmd_plan_minutes)
    budget.add_argument("minutes", type=int, metavar="M", help="minutes per study day, 15 to 480")
    budget.add_argument("--level")
    moved = plan_sub.add_parser("exam", help="move the plan's exam (a later one lengthens the plan)")
    moved.set_defaults(handler=cmd_plan_exam)
    moved.add_argument("date", metavar="YYYY-MM-DD")
    moved.add_argument("--level")
    for name, handler, text in (
        ("reschedule", cmd_plan_reschedule, "move overdue tasks forward from today"),
        ("delete", cmd_plan_delete, "delete a plan"),
    ):
        action = plan_sub.add_parser(name, help=text)
        action.set_defaults(handler=handler)
        action.add_argument("--level")

    exam = add("exam", cmd_exam, "record a level's exam result")
    exam.add_argument("--level", required=True)
    exam.add_argument("--result", required=True, help="passed or failed")
    exam.add_argument("--date", help="the exam day, YYYY-MM-DD (default the plan's exam day or today)")

    step = sub.parsers.add_parser("step", help="change a step's minutes, add an own step, hide a step")
    step_sub = step.add_subparsers(
        dest="step_command", metavar="ACTION", required=True, parser_class=ArgumentParser
    )
    minutes = step_sub.add_parser("minutes", help="change a step's minutes")
    minutes.set_defaults(handler=cmd_step_minutes)
    minutes.add_argument("step_id", metavar="STEP_ID")
    minutes.add_argument("minutes", type=int, metavar="N")
    own = step_sub.add_parser("add", help="add an own step to an item")
    own.set_defaults(handler=cmd_step_add)
    own.add_argument("item_id", metavar="ITEM_ID")
    own.add_argument("title", metavar="TITLE")
    own.add_argument("--minutes", type=int, default=30)
    hide = step_sub.add_parser("hide", help="hide a suggested step (remove an own step)")
    hide.set_defaults(handler=cmd_step_hide)
    hide.add_argument("step_id", metavar="STEP_ID")

    add("today", cmd_today, "today's and overdue tasks").add_argument("--json", action="store_true")
    history = add("history", cmd_history, "readiness at the end of each day")
    history.add_argument("--level", required=True)
    history.add_argument("--json", action="store_true")
    log = add("log", cmd_log, "record a study session")
    log.add_argument("minutes", type=int, metavar="MINUTES")
    log.add_argument("--item", metavar="ITEM_ID")
    log.add_argument("--step", metavar="STEP_ID", help="the step studied (its item is implied)")
    log.add_argument("--date", help="YYYY-MM-DD (default today)")

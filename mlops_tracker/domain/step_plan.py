"""Plans made of study steps: a level's steps in study order, packed into the study days of a plan.

The order is the guide's: phase 1, the skills, phase 2, the projects, phase 3, then the mistake reviews, so
the reviews fill the plan's last days (its final review before the exam). Packing (`packing.pack`) keeps
every day within the daily budget and leaves no study day empty while there is work for it.

Every study day after the plan's first keeps a review session (`packing.review_slot` minutes, plus whatever
the day's steps leave of the budget): from the second study day there is something learned to check. Steps
that do not fit are not stored; `unscheduled` finds them again from the plan's work and its tasks, so a plan
lists them ("does not fit") and readiness expects them on the plan's last day.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.model import Item, Level, PlanSpec, PlanTask, ReadinessPoint
from mlops_tracker.domain.packing import Fit, Packing, Work, check_budget, describe_fit, pack, review_slot
from mlops_tracker.domain.phrases import duration, plural
from mlops_tracker.domain.scheduling import (
    MAX_DAYS,
    PHASE_ENDS,
    Reschedule,
    last_day,
    phases_covered,
    plan_curve,
    study_days,
    study_sequence,
    validate_spec,
)
from mlops_tracker.domain.study import StudyStep

StepsOf = Callable[[Item], Sequence[StudyStep]]  # an item's visible steps, the learner's edits applied


@dataclass(frozen=True)
class StepSchedule:
    """A plan's packed steps and how its work fits the study days."""

    tasks: tuple[PlanTask, ...]
    fit: Fit
    unscheduled: tuple[Work, ...] = ()  # the steps that do not fit, in study order


def plan_work(level: Level, days: int, steps_of: StepsOf, skip: Collection[str] = ()) -> list[Work]:
    """Return the steps a plan of this length studies, in study order, without the steps to skip."""
    return [
        Work(step.id, item.id, step.minutes)
        for item in study_sequence(level, phases_covered(days))
        for step in steps_of(item)
        if step.id not in skip and step.minutes > 0
    ]


def _tasks(packing: Packing) -> tuple[PlanTask, ...]:
    return tuple(
        PlanTask(p.item_id, p.day, step_id=p.step_id, minutes=p.minutes, part=p.part, parts=p.parts)
        for p in packing.pieces
    )


def check_spec(spec: PlanSpec) -> None:
    """Raise InvalidInput when the plan cannot be made (its window, weekdays or budget)."""
    validate_spec(spec)
    check_budget(spec.minutes_per_day)


def schedule_steps(level: Level, spec: PlanSpec, steps_of: StepsOf) -> StepSchedule:
    """Return the level's steps packed into the plan's study days at its daily budget.

    The fit's later exam is one the plan really fits when lengthened to reach it (see `_exam_that_fits`).
    """
    schedule = _schedule(level, spec, steps_of)
    fit = _honest_exam(spec, schedule.fit, lambda moved: _schedule(level, moved, steps_of).fit)
    return replace(schedule, fit=fit)


def _schedule(level: Level, spec: PlanSpec, steps_of: StepsOf) -> StepSchedule:
    check_spec(spec)
    if spec.level != level.id:
        raise ValueError(f"plan is for level {spec.level!r}, not {level.id!r}")
    work = plan_work(level, spec.days, steps_of)
    budget, weekdays = spec.minutes_per_day, spec.study_weekdays
    packing = pack(work, study_days(spec), budget, weekdays, review_day=False, review_from=reviews_from(spec))
    return StepSchedule(_tasks(packing), packing.fit, packing.unscheduled)


def _honest_exam(spec: PlanSpec, fit: Fit, fit_of: Callable[[PlanSpec], Fit]) -> Fit:
    """Return the fit with the earliest later exam that the plan, lengthened to reach it, fits (or none).

    The packer's date assumes the same work on more days, but a longer plan may cover another phase of the
    guide, so more work: the date is checked with `fit_of` and moved on (at most once per phase).
    """
    exam = fit.later_exam
    for _ in range(len(PHASE_ENDS) + 1):
        if exam is None:
            break
        try:
            moved = with_exam(spec, exam)
        except InvalidInput:
            break  # the plan would be longer than a plan can be
        moved_fit = fit_of(moved)
        if moved_fit.fits:
            return replace(fit, later_exam=exam)
        exam = moved_fit.later_exam
    return replace(fit, later_exam=None)


def fit_from_today(
    level: Level,
    spec: PlanSpec,
    tasks: Sequence[PlanTask],
    steps_of: StepsOf,
    finished: Collection[str],
    today: date,
) -> Fit:
    """Return how the plan's open steps fit its study days from today (finished steps keep their days).

    What a started plan needs: its budget and exam advice are the ones that make a re-pack from today fit.
    The one rule `plan reschedule`, `plan show`, `status` and the Plan page's "Does not fit" read.
    """
    packing = _packed_from_today(level, spec, tasks, steps_of, finished, today)[1]
    return _honest_from_today(level, spec, tasks, steps_of, finished, today, packing.fit)


def _honest_from_today(
    level: Level,
    spec: PlanSpec,
    tasks: Sequence[PlanTask],
    steps_of: StepsOf,
    finished: Collection[str],
    today: date,
    fit: Fit,
) -> Fit:
    """Return a re-pack's fit with a later exam that a re-pack from today really fits (see `_honest_exam`)."""

    def fit_of(moved: PlanSpec) -> Fit:
        return _packed_from_today(level, moved, tasks, steps_of, finished, today)[1].fit

    return fit if fit.fits else _honest_exam(spec, fit, fit_of)


def with_budget(spec: PlanSpec, minutes: int) -> PlanSpec:
    """Return the plan with another daily budget, or say that it is out of range."""
    return replace(spec, minutes_per_day=check_budget(minutes))


def with_exam(spec: PlanSpec, exam: date) -> PlanSpec:
    """Return the plan with its exam moved; a later exam lengthens the plan to the day before it.

    A longer plan may cover more of the guide's phases (`phases_covered`), as one made that long would.
    """
    days = max(spec.days, (exam - spec.start).days)
    if days > MAX_DAYS:
        raise InvalidInput(
            f"The exam on {exam} is more than {MAX_DAYS} days after the plan's start {spec.start}: "
            f"a plan covers at most {MAX_DAYS} days."
        )
    moved = replace(spec, exam=exam, days=days)
    check_spec(moved)
    return moved


def reviews_from(spec: PlanSpec) -> date | None:
    """Return the first study day with a review session: the plan's second study day (None: it has one)."""
    days = study_days(spec)
    return days[1] if len(days) > 1 else None


def review_sessions(spec: PlanSpec, tasks: Sequence[PlanTask]) -> dict[date, int]:
    """Return the review session's minutes of each study day that has one, in date order.

    A session takes the slot the packer kept, and the spare minutes of a light day go to it too; a plan of
    whole items (made before steps) has none.
    """
    first = reviews_from(spec)
    if first is None or (tasks and all(task.step_id is None for task in tasks)):
        return {}
    load: dict[date, int] = {}
    for task in tasks:
        load[task.due] = load.get(task.due, 0) + task.minutes
    budget = spec.minutes_per_day
    days = sorted(day for day in {*study_days(spec), *load} if day >= first)
    return {day: max(review_slot(budget), budget - load.get(day, 0)) for day in days}


def unscheduled(
    level: Level, spec: PlanSpec, tasks: Sequence[PlanTask], steps_of: StepsOf, finished: Collection[str] = ()
) -> list[Work]:
    """Return the plan's open steps that no study day holds ("does not fit"), in study order."""
    if tasks and all(task.step_id is None for task in tasks):
        return []  # a plan of whole items, made before steps
    placed = {task.step_id for task in tasks}
    return [work for work in plan_work(level, spec.days, steps_of, finished) if work.step_id not in placed]


def at_plan_end(
    level: Level, spec: PlanSpec, tasks: Sequence[PlanTask], steps_of: StepsOf
) -> tuple[PlanTask, ...]:
    """Return the steps no study day of `tasks` holds, as tasks on the plan's last day (a curve's)."""
    end = last_day(spec)
    missing = unscheduled(level, spec, tasks, steps_of)
    return tuple(PlanTask(work.item_id, end, step_id=work.step_id, minutes=work.minutes) for work in missing)


def expected_curve(
    scope: Sequence[Item], level: Level, spec: PlanSpec, baseline: Sequence[PlanTask], steps_of: StepsOf
) -> list[ReadinessPoint]:
    """Return the readiness a plan as first made expects on each day (what its buffer is measured against).

    A reschedule keeps the plan as first made, so lateness shows; its steps that did not fit are expected on
    the plan's last day. The learner's own app and a trainer's cohort view both read this curve.
    """
    tasks = (*baseline, *at_plan_end(level, spec, baseline, steps_of))
    last = max([task.due for task in tasks] + [spec.exam or spec.start])
    return plan_curve(scope, tasks, spec.start, last)


def fit_line(fit: Fit, unscheduled: Sequence[Work] = ()) -> str:
    """Return the fit check as one sentence: "Needs 31 h 20 min; … : raise to 73 min a day or …".

    With the steps that do not fit, a second sentence counts them: "6 steps (2 h) do not fit: …".
    """
    text = describe_fit(fit)
    line = text[0].upper() + text[1:]
    if unscheduled:
        count = len(unscheduled)
        minutes = duration(sum(work.minutes for work in unscheduled))
        verb = "does" if count == 1 else "do"
        line += f" {plural(count, 'step')} ({minutes}) {verb} not fit: the plan lists them apart."
    return line


def repack(
    level: Level,
    spec: PlanSpec,
    tasks: Sequence[PlanTask],
    steps_of: StepsOf,
    finished: Collection[str],
    today: date,
    write_day: Callable[[date], str] = date.isoformat,
    *,
    always: bool = False,
) -> Reschedule:
    """Re-pack the steps still open into the study days from today on; finished steps keep their days.

    `finished` holds the ids of finished steps. When nothing open is overdue and every step has a day the
    plan stays as it is, unless `always` (the steps changed: their minutes, an own step, a hidden one); steps
    that did not fit come back as far as the days from today hold them. When no study day is left before
    the deadline, the open work goes to as many study days from today as it needs at the budget.
    """
    check_spec(spec)
    deadline = last_day(spec)
    open_tasks = [task for task in tasks if _key(task) not in finished]
    waiting = not always and bool(unscheduled(level, spec, tasks, steps_of, finished))
    if not always and not waiting and not any(task.due < today for task in open_tasks):
        return Reschedule(
            tasks=list(tasks),
            moved=[],
            last_day=max((task.due for task in tasks), default=None),
            exam_holds=all(task.due <= deadline for task in open_tasks),
            extra_days_needed=0,
            advice=f"Nothing is overdue: {plural(len(open_tasks), 'open step')} on schedule.",
        )
    new_tasks, packing, work = _packed_from_today(level, spec, tasks, steps_of, finished, today)
    # the advice's later exam is one a re-pack from today really fits, as `fit_from_today` gives it
    fit = _honest_from_today(level, spec, tasks, steps_of, finished, today, packing.fit)
    old_due = {(_key(t), t.part): t.due for t in tasks}
    moved = list(
        dict.fromkeys(
            _key(t) for t in new_tasks if old_due.get((_key(t), t.part)) != t.due and _key(t) not in finished
        )
    )
    late_days = sorted({task.due for task in new_tasks if task.due > deadline})
    if fit.fits and not late_days:
        budget = spec.minutes_per_day
        advice = f"All {plural(len(work), 'open step')} fit by {write_day(deadline)} at {budget} min a day."
    elif packing.unscheduled:
        count = len(packing.unscheduled)
        advice = f"{plural(count, 'step')} {'does' if count == 1 else 'do'} not fit. {fit_line(fit)}"
    else:
        advice = fit_line(fit)
    return Reschedule(
        tasks=new_tasks,
        moved=moved,
        last_day=max((task.due for task in new_tasks), default=None),
        exam_holds=fit.fits and not late_days,
        extra_days_needed=len(late_days),
        advice=advice,
        fit=fit,
    )


def _packed_from_today(
    level: Level,
    spec: PlanSpec,
    tasks: Sequence[PlanTask],
    steps_of: StepsOf,
    finished: Collection[str],
    today: date,
) -> tuple[list[PlanTask], Packing, list[Work]]:
    """Return the plan's tasks re-packed from today, the packing of its open steps and those steps."""
    check_spec(spec)
    done_steps = {task.step_id for task in tasks if task.step_id is not None and _key(task) in finished}
    done_items = {task.item_id for task in tasks if task.step_id is None and task.item_id in finished}
    work = [w for w in plan_work(level, spec.days, steps_of, done_steps) if w.item_id not in done_items]
    first = max(today, spec.start)
    days = [day for day in study_days(spec) if day >= first]
    budget = spec.minutes_per_day
    if not days:
        per_day = budget - review_slot(budget)
        wanted = max(1, math.ceil(sum(w.minutes for w in work) / per_day))
        days = _study_days_from(spec.study_weekdays, first, wanted)
    kept = [task for task in tasks if _key(task) in finished]
    used: dict[date, int] = {}
    for task in kept:  # finished steps keep their day, and their minutes count against its budget
        used[task.due] = used.get(task.due, 0) + task.minutes
    packing = pack(
        work, days, budget, spec.study_weekdays, review_day=False, review_from=reviews_from(spec), used=used
    )
    new_tasks = sorted([*kept, *_tasks(packing)], key=lambda task: task.due)  # stable: order within a day
    return new_tasks, packing, work


def _key(task: PlanTask) -> str:
    """Return what a task studies: its step, or its whole item for a plan made before steps."""
    return task.step_id if task.step_id is not None else task.item_id


def _study_days_from(weekdays: frozenset[int], first: date, count: int) -> list[date]:

    days: list[date] = []
    day = first
    while len(days) < count:
        if day.weekday() in weekdays:
            days.append(day)
        day += timedelta(days=1)
    return days

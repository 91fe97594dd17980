"""Plans: which day each item is studied, rescheduling when behind, and the readiness a plan expects."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.limits import check_day
from mlops_tracker.domain.model import KINDS, Item, Kind, Level, PlanSpec, PlanTask, ReadinessPoint, Status

if TYPE_CHECKING:
    from mlops_tracker.domain.packing import Fit
from mlops_tracker.domain.phrases import plural
from mlops_tracker.domain.readiness import WEIGHTS

MIN_DAYS, MAX_DAYS = 7, 60
# the guide's cumulative phases end after 14, 30 and 60 days
PHASE_ENDS: tuple[int, ...] = (14, 30, 60)
# the most tasks a rescheduled day may hold before the plan has to grow instead
MAX_DAILY_LOAD = 3


def phases_covered(days: int) -> int:
    """Return how many of the guide's phases a plan of this length covers."""
    if days <= PHASE_ENDS[0]:
        return 1
    if days <= PHASE_ENDS[1]:
        return 2
    return 3


def last_day(spec: PlanSpec) -> date:
    """Return the plan's last day: the window's end, or the exam day when it comes earlier."""
    end = spec.start + timedelta(days=spec.days - 1)
    return min(end, spec.exam) if spec.exam is not None else end


def _days(first: date, last: date) -> Iterator[date]:
    """Yield every date from first to last inclusive."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def study_days(spec: PlanSpec) -> list[date]:
    """Return the plan's study days: window days (up to the exam) on the chosen weekdays."""
    return [day for day in _days(spec.start, last_day(spec)) if day.weekday() in spec.study_weekdays]


def validate_spec(spec: PlanSpec) -> None:
    """Raise InvalidInput with a message for people when the plan cannot be made."""
    check_day(spec.start, "start date")
    if spec.exam is not None:
        check_day(spec.exam, "exam date")
    if not MIN_DAYS <= spec.days <= MAX_DAYS:
        raise InvalidInput(f"Plan length must be {MIN_DAYS} to {MAX_DAYS} days; got {spec.days}.")
    # every task day must be a supported date too, so the whole window has to fit
    check_day(spec.start + timedelta(days=spec.days - 1), "plan's last day")
    if not spec.study_weekdays:
        raise InvalidInput("Choose at least one study day of the week.")
    wrong = sorted(day for day in spec.study_weekdays if not (isinstance(day, int) and 0 <= day <= 6))
    if wrong:
        raise InvalidInput(
            f"Study days must be weekdays 0 (Monday) to 6 (Sunday); got {', '.join(map(str, wrong))}."
        )
    if spec.exam is not None and spec.exam < spec.start:
        raise InvalidInput(f"The exam date {spec.exam} is before the plan's start {spec.start}.")
    if not study_days(spec):
        raise InvalidInput(
            f"No study day between {spec.start} and {last_day(spec)}: choose more study days of the week"
            " or a later exam date."
        )


def phase_of_day(spec: PlanSpec, day: date) -> int:
    """Return the phase a day of the plan falls in (the guide's phase ends scaled to the plan length)."""
    covered = phases_covered(spec.days)
    number = (day - spec.start).days + 1
    if number < 1:
        return 1
    # scale so the last covered phase ends on the plan's last day: a 30-day plan keeps 14/30,
    # a 45-day plan scales 14/30/60 by 45/60; integers avoid rounding at the edges
    nominal_end = PHASE_ENDS[covered - 1]
    for phase in range(1, covered + 1):
        if number * nominal_end <= PHASE_ENDS[phase - 1] * spec.days:
            return phase
    return covered


def study_sequence(level: Level, covered: int) -> list[Item]:
    """Return the level's items in study order: phase 1, skills, phase 2, projects, phase 3, mistakes."""
    live = [item for item in level.items if not item.retired]

    def phase(number: int) -> list[Item]:
        return [i for i in live if i.kind is Kind.PHASE and (i.phase or 1) == number and number <= covered]

    def after(number: int) -> list[Item]:
        kinds = [kind for kind, spec in KINDS.items() if spec.after_phase == number]
        return [i for kind in kinds for i in live if i.kind is kind]

    return [item for number in (1, 2, 3) for item in (*phase(number), *after(number))]


def _spread(count: int, days: int) -> list[int]:
    """Return the day index of each of count tasks over days, in order, every load floor or ceil."""
    if count <= days:
        # at most one a day, the first task on the first day (a new plan has something to do today) and
        # the last on the last day (mistakes are reviewed just before the exam)
        if count == 1:
            return [0]
        return [(i * (days - 1) + (count - 1) // 2) // (count - 1) for i in range(count)]
    # more tasks than days: every day gets floor(count/days) or ceil(count/days), the last day included
    return [i * days // count for i in range(count)]


def schedule(level: Level, spec: PlanSpec) -> list[PlanTask]:
    """Return the level's items spread over the plan's study days in study order."""
    validate_spec(spec)
    if spec.level != level.id:
        raise ValueError(f"plan is for level {spec.level!r}, not {level.id!r}")
    items = study_sequence(level, phases_covered(spec.days))
    days = study_days(spec)
    return [
        PlanTask(item_id=item.id, due=days[index])
        for item, index in zip(items, _spread(len(items), len(days)), strict=True)
    ]


@dataclass(frozen=True)
class Reschedule:
    """A plan's tasks moved forward from today, and whether the exam date still holds."""

    tasks: list[PlanTask]
    moved: list[str]
    last_day: date | None
    exam_holds: bool
    extra_days_needed: int
    advice: str
    fit: Fit | None = None  # how the open steps fit the study days from today (plans of steps, re-packed)


def _deadline_words(spec: PlanSpec, deadline: date, day: Callable[[date], str]) -> str:
    """Return "the exam on …" or "the plan's end on …"."""
    if spec.exam is not None and deadline == spec.exam:
        return f"the exam on {day(deadline)}"
    return f"the plan's end on {day(deadline)}"


def _weekdays_to_add(spec: PlanSpec, first: date, deadline: date, open_count: int, cap: int) -> int | None:
    """Return how many more study weekdays would fit the open tasks before the deadline, or None."""
    free = Counter(
        day.weekday() for day in _days(first, deadline) if day.weekday() not in spec.study_weekdays
    )
    have = sum(1 for day in _days(first, deadline) if day.weekday() in spec.study_weekdays)
    # add the weekdays that occur most often in the remaining days first
    for added, (_, occurrences) in enumerate(free.most_common(), start=1):
        have += occurrences
        if open_count <= cap * have:
            return added
    return None


def _study_days_from(spec: PlanSpec, first: date) -> Iterator[date]:
    """Yield the study days from first on, without end (study weekdays are never empty here)."""
    day = first
    while True:
        if day.weekday() in spec.study_weekdays:
            yield day
        day += timedelta(days=1)


def reschedule(
    spec: PlanSpec,
    tasks: Sequence[PlanTask],
    finished: Collection[str],
    today: date,
    phase_activities: Collection[str] = (),
    write_day: Callable[[date], str] = date.isoformat,
) -> Reschedule:
    """Move overdue open tasks forward from today, in order, and say whether the exam date holds.

    Finished tasks keep their dates. Open tasks are taken in order (due date, then position) and each goes
    to the first study day that is not before today, its own due date or the previous open task's day,
    and that holds fewer than the day cap. The cap is the plan's largest daily load, raised to
    ceil(open / study days left) when that is at most MAX_DAILY_LOAD; when even MAX_DAILY_LOAD a day is
    not enough the plan runs past its last day. `phase_activities` names the optional items the advice
    may suggest skipping; `write_day` writes the advice's dates (ISO, or the window's locale).
    """
    validate_spec(spec)
    deadline = last_day(spec)
    finished = set(finished)
    open_order = sorted(
        (index for index, task in enumerate(tasks) if task.item_id not in finished),
        key=lambda index: (tasks[index].due, index),
    )
    open_count = len(open_order)
    if not any(tasks[index].due < today for index in open_order):
        holds = all(tasks[index].due <= deadline for index in open_order)
        advice = (
            f"Nothing is overdue: {plural(open_count, 'open task')} on schedule for "
            f"{_deadline_words(spec, deadline, write_day)}."
        )
        return Reschedule(
            tasks=list(tasks),
            moved=[],
            last_day=max((task.due for task in tasks), default=None),
            exam_holds=holds,
            extra_days_needed=0,
            advice=advice,
        )

    planned_load = max(Counter(task.due for task in tasks).values())
    remaining = sum(1 for day in _days(today, deadline) if day.weekday() in spec.study_weekdays)
    # keep the load the learner already accepted; raise it up to MAX_DAILY_LOAD before growing the plan
    needed_load = math.ceil(open_count / remaining) if remaining else math.inf
    cap = (
        max(planned_load, needed_load) if needed_load <= MAX_DAILY_LOAD else max(planned_load, MAX_DAILY_LOAD)
    )

    # one pointer over the study days from today: O(open tasks + days), order kept by construction
    days = _study_days_from(spec, today)
    day, load = next(days), 0
    new_tasks = list(tasks)
    for index in open_order:
        release = tasks[index].due
        while day < release or load >= cap:
            day, load = next(days), 0
        new_tasks[index] = PlanTask(item_id=tasks[index].item_id, due=day)
        load += 1
    moved = [new.item_id for new, old in zip(new_tasks, tasks, strict=True) if new.due != old.due]
    final_day = max(task.due for task in new_tasks)
    last_open = max(new_tasks[index].due for index in open_order)
    late = sum(1 for index in open_order if new_tasks[index].due > deadline)
    extra = sum(
        1
        for day in _days(max(today, deadline + timedelta(days=1)), last_open)
        if day.weekday() in spec.study_weekdays
    )

    if late == 0:
        peak = max(Counter(new_tasks[index].due for index in open_order).values())
        advice = (
            f"All {plural(open_count, 'open task')} fit before {_deadline_words(spec, deadline, write_day)}, "
            f"at most {plural(peak, 'task')} a day."
        )
    else:
        options: list[str] = []
        weekdays = _weekdays_to_add(spec, today, deadline, open_count, cap)
        if weekdays is not None:
            options.append(f"add {plural(weekdays, 'study day')} a week")
        target = "the exam" if spec.exam is not None and deadline == spec.exam else "the plan's end"
        options.append(f"move {target} to {write_day(last_open)}")
        open_phases = sum(1 for index in open_order if tasks[index].item_id in phase_activities)
        if late <= open_phases:
            options.append(f"skip {plural(late, 'optional phase activity', 'optional phase activities')}")
        choice = options[0] if len(options) == 1 else ", ".join(options[:-1]) + ", or " + options[-1]
        verb = "does" if late == 1 else "do"
        before = _deadline_words(spec, deadline, write_day)
        advice = f"{plural(late, 'task')} {verb} not fit before {before}: {choice}."
    return Reschedule(
        tasks=new_tasks,
        moved=moved,
        last_day=final_day,
        exam_holds=late == 0,
        extra_days_needed=extra,
        advice=advice,
    )


def plan_curve(
    items: Sequence[Item], tasks: Sequence[PlanTask], first_day: date, last_day: date
) -> list[ReadinessPoint]:
    """Return the readiness the schedule expects at the end of each day (due tasks done, with evidence).

    By readiness's rule (`readiness.units`): an item earns the share of its planned minutes whose steps are
    due (a step split over days counts on its last part's day, when it can be ticked) and all of its weight
    on its last task's day; so a learner ticking steps as planned is on the curve, neither ahead nor behind.
    """
    counted = {item.id: item for item in items if not item.retired}
    total = sum(WEIGHTS[item.kind] for item in counted.values())
    # item -> step (or the whole item, in a plan made before steps) -> (the day it is due in full, minutes)
    planned: dict[str, dict[str, tuple[date, int]]] = {}
    for task in tasks:
        if task.item_id in counted:
            steps = planned.setdefault(task.item_id, {})
            key = task.step_id or task.item_id
            held = steps.get(key)
            steps[key] = (
                (max(task.due, held[0]), held[1] + task.minutes) if held else (task.due, task.minutes)
            )
    due_units: Counter[date] = Counter()  # weighted units gained at the end of each day
    for item_id, steps in planned.items():
        item = counted[item_id]
        minutes = sum(m for _, m in steps.values())
        finished = max(day for day, _ in steps.values())
        ticked, earned = 0, 0
        for day in sorted({day for day, _ in steps.values()}):
            ticked += sum(m for due, m in steps.values() if due == day)
            status = Status.DONE if day == finished else Status.IN_PROGRESS
            now = rd.units(item.kind.spec.needs_evidence, status, True, ticked, minutes) or 0
            due_units[day] += WEIGHTS[item.kind] * (now - earned)
            earned = now
    # everything due before the first day is already expected done
    earned = sum(units for due, units in due_units.items() if due < first_day)
    curve: list[ReadinessPoint] = []
    for day in _days(first_day, last_day):
        earned += due_units.get(day, 0)
        curve.append(ReadinessPoint(day, 100 * earned / (rd.UNITS * total) if total else 0.0))
    return curve


def buffer_days(actual: float, curve: Sequence[ReadinessPoint], today: date, exam: date | None = None) -> int:
    """Return how many days ahead (+) or behind (−) of the plan curve the learner is.

    The buffer is measured to the last day whose expected readiness the learner already has. A day's work
    is late only once the day is over: 0 means "today's work may still be open", +3 "the plan only catches
    up in 3 days", −2 "the work of the last two days is still open". Ahead of the whole curve gives the
    days to its last day. Once the exam day is over, nothing is behind it any more: never below 0.
    """
    buffer = _buffer_days(actual, curve, today)
    return max(buffer, 0) if exam is not None and exam < today else buffer


def _buffer_days(actual: float, curve: Sequence[ReadinessPoint], today: date) -> int:
    if not curve:
        return 0
    if actual + 1e-9 >= curve[-1].readiness:
        return max((curve[-1].day - today).days, 0)  # the whole plan done: never "behind", even after it
    # tolerate float noise: actual and expected come from the same weights but different sums
    reached = curve[0].day - timedelta(days=1)
    for point in curve:
        if point.readiness > actual + 1e-9:
            break
        reached = point.day
    if reached >= today:
        return (reached - today).days
    # behind: count the days that are over (before today) whose work is still open
    return min((reached - today).days + 1, 0)

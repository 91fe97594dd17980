"""The read model: one immutable view of the user's data per change, built from one read.

The Tracker owns one `EventIndex`, kept up to date as events arrive (only rows newer than the last one seen
are read), and hands out a `View` after each change: the tables of one read transaction plus a frozen
snapshot of the index. Every page, the command line and the report render from a view, so each rule
("finished today", the levels being prepared, the week's net count) lives here once. Parts are computed
lazily the first time they are asked for, each from the same snapshot; a tick on the Today page therefore
pays for the parts that page shows and nothing else.

New parts are new fields or cached parts of `View`: steps per task; retained readiness (now and per day) and
practice scores, from the answers table (read again only when a change flags `reviews`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from mlops_tracker.domain import practice as pr
from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain import retained as rt
from mlops_tracker.domain import reviews as rv
from mlops_tracker.domain import scheduling, step_plan
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.forecast import Forecast, forecast
from mlops_tracker.domain.model import (
    MAIN_LEVELS,
    Curriculum,
    FieldChange,
    Item,
    ItemState,
    Plan,
    PlanTask,
    ProgressEvent,
    ReadinessPoint,
    Status,
    StudySession,
    log_order,
)
from mlops_tracker.domain.packing import Work
from mlops_tracker.domain.streak import FREEZES_PER_MONTH, Streak, StreakInputs, StreakWalk, walk
from mlops_tracker.domain.study import (
    ExamResult,
    StepEdit,
    StepEvent,
    StudyStep,
    StudySteps,
    effective_steps,
    exam_results,
    step_done,
)

if TYPE_CHECKING:
    from mlops_tracker.core.clock import Clock

T = TypeVar("T")
_EMPTY: Mapping = MappingProxyType({})
FINISHED = (Status.DONE, Status.SKIPPED)
DEFAULT_STUDY_WEEKDAYS = frozenset(range(6))  # Monday to Saturday
FORECAST_TAIL = 64  # days of history the forecast is given (it measures the pace over the last 14)
ForecastLine = tuple[date, float, date]  # (today, readiness now, the day readiness reaches 100)


class ItemView(NamedTuple):
    """An item with the learner's state of it."""

    item: Item
    state: ItemState

    @property
    def counts_as_done(self) -> bool:
        """Return whether the item earns its full weight (a project needs evidence)."""
        if self.state.status is not Status.DONE:
            return False
        return not self.item.kind.spec.needs_evidence or self.state.has_evidence

    @property
    def needs_evidence(self) -> bool:
        """Return whether this is a done project still missing its evidence."""
        return self.state.status is Status.DONE and not self.counts_as_done


class TaskView(NamedTuple):
    """A scheduled task (a step, or a whole item in a plan made before steps) with its item and state."""

    task: PlanTask
    item: Item
    state: ItemState
    overdue: bool
    step_finished: bool = False  # the task's step is ticked, or its item is done or skipped
    step_title: str = ""  # the step's title ("" for a task of a plan made before steps)
    part_minutes: int = 0  # a part before the last: the minutes of parts 1..k, to log on the step (0: none)
    logged_done: bool = False  # a part before the last whose step has its parts' minutes logged

    @property
    def finished(self) -> bool:
        """Return whether the task is done: its step ticked, its item done or skipped, or (a part before
        the last) its parts' minutes logged on the step."""
        return self.step_finished or self.logged_done or self.state.status in FINISHED

    @property
    def step_id(self) -> str | None:
        """Return the task's step id (None for a whole item)."""
        return self.task.step_id

    @property
    def minutes(self) -> int:
        """Return the task's minutes (0 for a whole item of a plan made before steps)."""
        return self.task.minutes


class LevelStatus(NamedTuple):
    """Where the learner stands on one level."""

    level_id: str
    name: str
    readiness: float
    plan: Plan | None
    buffer_days: int | None
    forecast: Forecast
    days_to_exam: int | None


class LevelProgress(NamedTuple):
    """A level's standing with the series its readiness chart is drawn from."""

    status: LevelStatus
    history: list[ReadinessPoint]
    plan_curve: list[ReadinessPoint]

    @property
    def exam(self) -> date | None:
        """Return the exam date of the level's plan, if any."""
        plan = self.status.plan
        return plan.spec.exam if plan else None

    def forecast_line(self, today: date) -> ForecastLine | None:
        """Return the forecast as a line from today's readiness to 100%, or None without a forecast."""
        ready_on = self.status.forecast.ready_on
        if ready_on is None or ready_on <= today:
            return None
        return today, self.status.readiness, ready_on


class Week(NamedTuple):
    """The week (Monday to Sunday) around today: minutes studied and items finished (net of undo)."""

    days: tuple[date, ...]
    minutes: int
    finished: int


# ---- the event index -------------------------------------------------------------------------------


class IndexSnapshot(NamedTuple):
    """What the event log says, frozen at one moment: the index never changes an object it handed out."""

    events: tuple[ProgressEvent, ...] = ()
    completed_on: Mapping[str, date] = _EMPTY  # the streak's "finished on"
    activity_days: frozenset[date] = frozenset()
    # per item, its status at the end of each local day it changed, in day order
    item_days: Mapping[str, tuple[tuple[date, Status], ...]] = _EMPTY


class EventIndex:
    """The event log and what is derived from it, read incrementally; owned by one Tracker.

    Derived maps are replaced, never changed in place, so a `View` holding a snapshot stays as it was.
    Readiness histories are cached per level and scope: after a tick only today's point is replaced.
    """

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.seq = 0
        self.snapshot = IndexSnapshot()
        self._histories: dict[tuple[str, tuple[str, ...]], _CachedHistory] = {}
        # the last FSRS replay, with the answer and confidence tables it was made from (see View.cards)
        self.cards: tuple[object, object, dict[str, list[rv.CardState]]] | None = None
        self.streak_walk: StreakWalk | None = None  # the last streak walk, resumed by the next view
        # the visible steps' minutes, with the step edits they were made from (see View.steps_credit)
        self.step_minutes: tuple[object, Mapping[str, Mapping[str, int]]] | None = None

    def add(self, new: Sequence[ProgressEvent], last_seq: int) -> None:
        """Take in the events read since the last sequence number seen."""
        self.seq = max(self.seq, last_seq)
        if not new:
            return
        old = self.snapshot
        if old.events and log_order(new[0]) < log_order(old.events[-1]):
            # older events arrived (an import or a merge): derive everything again in log order
            self._histories.clear()
            self.snapshot = IndexSnapshot()
            self._take(tuple(sorted(old.events + tuple(new), key=log_order)), ())
        else:
            self._take(old.events + tuple(new), new)

    def _take(self, events: tuple[ProgressEvent, ...], new: Sequence[ProgressEvent]) -> None:
        old = self.snapshot
        fresh = new or events
        completed = dict(old.completed_on)
        activity = set(old.activity_days)
        changed: dict[str, list[tuple[date, Status]]] = {}
        day_of = self.clock.day_of
        for event in fresh:
            day = day_of(event.at)
            activity.add(day)
            if event.to_status in FINISHED:
                # a done project gaining evidence logs done → done: it was completed the first time
                if event.from_status not in FINISHED or event.item_id not in completed:
                    completed[event.item_id] = day
            else:
                completed.pop(event.item_id, None)
            days = changed.get(event.item_id)
            if days is None:
                days = changed[event.item_id] = list(old.item_days.get(event.item_id, ()))
            if days and days[-1][0] == day:
                days[-1] = (day, event.to_status)
            else:
                days.append((day, event.to_status))
        item_days = dict(old.item_days)
        item_days.update({item_id: tuple(days) for item_id, days in changed.items()})
        self.snapshot = IndexSnapshot(events, completed, frozenset(activity), item_days)

    def reset(self) -> None:
        """Forget everything (after an import or a restore): the next read starts from the first event."""
        self.seq = 0
        self.snapshot = IndexSnapshot()
        self._histories.clear()
        self.streak_walk = None

    def histories(
        self,
        snapshot: IndexSnapshot,
        scopes: Mapping[str, Sequence[Item]],
        now: Mapping[str, float],
        today: date,
        steps: rd.Steps = rd.NO_STEPS,
    ) -> dict[str, list[ReadinessPoint]]:
        """Return each level's readiness at the end of every day since the first event (cached).

        When only events and step ticks of today were added since a history was computed, the end of today is
        the readiness now: its last point is replaced instead of replaying the whole log.
        """
        events = snapshot.events
        if not events:
            return {level: [] for level in scopes}
        result: dict[str, list[ReadinessPoint]] = {}
        missing: dict[str, Sequence[Item]] = {}
        for level, items in scopes.items():
            key = (level, tuple(item.id for item in items))
            cached = self._histories.get(key)
            points = self._extend(cached, events, steps, now.get(level), today) if cached else None
            if points is None:
                missing[level] = items
            else:
                result[level] = points
                self._histories[key] = _CachedHistory.of(events, steps, today, points)
        if missing:
            first = self.clock.day_of(events[0].at)
            computed = rd.readiness_histories(missing, events, first, today, self.clock.tz, steps)
            for level, points in computed.items():
                key = (level, tuple(item.id for item in missing[level]))
                self._histories[key] = _CachedHistory.of(events, steps, today, points)
                result[level] = points
        return {level: result[level] for level in scopes}

    def _extend(
        self,
        cached: _CachedHistory,
        events: Sequence[ProgressEvent],
        steps: rd.Steps,
        now: float | None,
        today: date,
    ) -> list[ReadinessPoint] | None:
        """Return a cached history brought up to `events` and step ticks, or None to compute it again."""
        count, ticks, last_tick, minutes, day, points = cached
        log = steps.ticks
        if day != today or count > len(events) or ticks > len(log) or minutes is not steps.minutes:
            return None
        if ticks and (log[ticks - 1].at, log[ticks - 1].id) != last_tick:
            return None  # an older tick arrived (a merge): the past changed
        if count == len(events) and ticks == len(log):
            return points
        if now is None or not points or points[-1].day != today:
            return None
        day_of = self.clock.day_of
        # both logs are in time order: the first and the last new entry say whether all are of today
        for new in (events[count:], log[ticks:]):
            if new and (day_of(new[0].at) != today or day_of(new[-1].at) != today):
                return None
        return [*points[:-1], ReadinessPoint(today, now)]


class _CachedHistory(NamedTuple):
    """A level's readiness history with what it was computed from (log lengths, minutes, day)."""

    events: int
    ticks: int
    last_tick: tuple[object, str] | None
    minutes: object  # the `Steps.minutes` object: another one means step edits changed every day's figure
    today: date
    points: list[ReadinessPoint]

    @classmethod
    def of(
        cls, events: Sequence[ProgressEvent], steps: rd.Steps, today: date, points: list[ReadinessPoint]
    ) -> _CachedHistory:
        log = steps.ticks
        last = (log[-1].at, log[-1].id) if log else None
        return cls(len(events), len(log), last, steps.minutes, today, points)


# ---- the view --------------------------------------------------------------------------------------


class Tables(NamedTuple):
    """The tables of one read transaction, as domain objects."""

    states: Mapping[str, ItemState]  # touched items only
    plans: tuple[Plan, ...]  # newest first
    sessions: tuple[StudySession, ...]  # oldest first
    undo_label: str | None = None
    redo_label: str | None = None
    step_ticks: tuple[StepEvent, ...] = ()  # in log order
    step_edits: tuple[StepEdit, ...] = ()  # in log order
    exams: tuple[ExamResult, ...] = ()  # in log order
    answers: tuple[Answer, ...] = ()  # in log order
    confidence: tuple[FieldChange, ...] = ()  # confidence changes (they rate answers), in log order


class View:
    """Everything the screens, `status`, `today` and the report show, as of one read; never changed.

    Build one with `Tracker.view()`; in tests, by hand: `View(curriculum, clock, today, tables)`.
    (A plain class, not a dataclass: the window imports this module before its first paint.)
    """

    def __init__(
        self,
        curriculum: Curriculum,
        clock: Clock,
        today: date,
        tables: Tables,
        index: IndexSnapshot | None = None,
        owner: EventIndex | None = None,  # keeps the history cache; None for a hand-built view
        study: StudySteps | None = None,  # the suggested steps; None: items have only the learner's own
    ) -> None:
        values = {
            "curriculum": curriculum,
            "clock": clock,
            "today": today,
            "tables": tables,
            "index": index if index is not None else IndexSnapshot(),
            "owner": owner,
            "study": study,
            "_memo": {},
        }
        self.__dict__.update(values)

    curriculum: Curriculum
    clock: Clock
    today: date
    tables: Tables
    index: IndexSnapshot
    owner: EventIndex | None
    study: StudySteps | None
    _memo: dict[object, object]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a view does not change ({name})")

    def _cached(self, key: object, make: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]  # type: ignore[return-value]

    # ---- the user's data, as read ----------------------------------------------------------------

    @property
    def events(self) -> tuple[ProgressEvent, ...]:
        """Return the event log in log order."""
        return self.index.events

    @property
    def plans(self) -> tuple[Plan, ...]:
        """Return every plan, newest first."""
        return self.tables.plans

    @property
    def sessions(self) -> tuple[StudySession, ...]:
        """Return every study session, oldest first."""
        return self.tables.sessions

    @property
    def undo_label(self) -> str | None:
        """Return the name of the change undo would take back."""
        return self.tables.undo_label

    @property
    def redo_label(self) -> str | None:
        """Return the name of the change redo would do again."""
        return self.tables.redo_label

    @cached_property
    def states(self) -> dict[str, ItemState]:
        """Return every item's state by id."""
        stored = self.tables.states
        return {item.id: stored.get(item.id, ItemState(item.id)) for item in self.curriculum.items()}

    def items(self, level: str | None = None) -> list[ItemView]:
        """Return items with their state (of one level, or all), in seed order."""
        states = self.states
        return [
            ItemView(item, states[item.id])
            for item in self.curriculum.items()
            if level is None or item.level == level
        ]

    @cached_property
    def plan_of(self) -> dict[str, Plan]:
        """Return each level's plan (its newest)."""
        plans: dict[str, Plan] = {}
        for plan in self.plans:
            plans.setdefault(plan.spec.level, plan)
        return plans

    # ---- study steps and exam results ------------------------------------------------------------

    @cached_property
    def step_edits(self) -> dict[str, tuple[StepEdit, ...]]:
        """Return the learner's step edits by item, in log order."""
        edits: dict[str, list[StepEdit]] = defaultdict(list)
        for edit in self.tables.step_edits:
            edits[edit.item_id].append(edit)
        return {item_id: tuple(item_edits) for item_id, item_edits in edits.items()}

    @cached_property
    def steps(self) -> dict[str, tuple[StudyStep, ...]]:
        """Return every item's visible steps in order (the learner's minutes and own steps included)."""
        edits, study = self.step_edits, self.study
        return {
            item.id: effective_steps(
                item.id, study.steps_of(item.id) if study else (), edits.get(item.id, ()), item.title
            )
            for item in self.curriculum.items()
        }

    @cached_property
    def done_steps(self) -> dict[str, date]:
        """Return the steps ticked now, each with the local day it was ticked."""
        day_of = self.clock.day_of
        return {step_id: day_of(event.at) for step_id, event in step_done(self.tables.step_ticks).items()}

    @cached_property
    def exam_results(self) -> dict[str, ExamResult]:
        """Return each level's standing exam result."""
        return exam_results(self.tables.exams)

    @cached_property
    def passed(self) -> frozenset[str]:
        """Return the levels whose exam was passed: complete, no longer being prepared."""
        return frozenset(level for level, result in self.exam_results.items() if result.result == "passed")

    # ---- levels and readiness --------------------------------------------------------------------

    @cached_property
    def preparing(self) -> list[str]:
        """Return the levels the learner prepares: those with a plan or any progress, in guide order."""
        active = set(self.plan_of)
        has, item = self.curriculum.has_item, self.curriculum.item
        active |= {item(item_id).level for item_id in self.index.item_days if has(item_id)}
        active -= self.passed
        return [level.id for level in self.curriculum.levels if level.id in active]

    @property
    def shown_levels(self) -> list[str]:
        """Return the levels charts and reports show: those being prepared, else the three main levels."""
        return self.preparing or list(MAIN_LEVELS)

    def scope(self, level_id: str) -> list[Item]:
        """Return the items that count for a level's readiness (phases as far as its plan goes)."""

        def make() -> list[Item]:
            plan = self.plan_of.get(level_id)
            covered = scheduling.phases_covered(plan.spec.days) if plan else None
            return rd.scope(self.curriculum.level(level_id).items, covered)

        return self._cached(("scope", level_id), make)

    @cached_property
    def _statuses(self) -> tuple[dict[str, Status], set[str]]:
        states = self.states
        statuses = {item_id: state.status for item_id, state in states.items()}
        evidenced = {item_id for item_id, state in states.items() if state.has_evidence}
        return statuses, evidenced

    @cached_property
    def steps_credit(self) -> rd.Steps:
        """Return what readiness reads of the steps: the visible minutes and the tick log.

        The minutes change only with step edits: the owner keeps them while the edits read are the same.
        """
        edits, owner = self.tables.step_edits, self.owner
        kept = owner.step_minutes if owner is not None else None
        if kept is not None and kept[0] is edits:
            minutes = kept[1]
        else:
            minutes = {item: {step.id: step.minutes for step in steps} for item, steps in self.steps.items()}
            if owner is not None:
                owner.step_minutes = (edits, minutes)
        return rd.Steps(minutes, self.tables.step_ticks)

    def readiness(self, level_id: str) -> float:
        """Return a level's readiness now, 0–100 (steps give partial credit)."""
        statuses, evidenced = self._statuses
        return self._cached(
            ("readiness", level_id),
            lambda: rd.readiness(self.scope(level_id), statuses, evidenced, self.steps_credit),
        )

    def explain(self, level_id: str) -> list[rd.Gain]:
        """Return the missing items of a level ranked by the readiness they would still add."""
        statuses, evidenced = self._statuses
        return self._cached(
            ("explain", level_id),
            lambda: rd.explain(self.scope(level_id), statuses, evidenced, self.steps_credit),
        )

    @property
    def first_day(self) -> date | None:
        """Return the local day of the first event, if any."""
        return self.clock.day_of(self.events[0].at) if self.events else None

    def histories(self, levels: Iterable[str]) -> dict[str, list[ReadinessPoint]]:
        """Return readiness at the end of each day since the first event, per level."""
        wanted = list(levels)
        missing = [level for level in wanted if ("history", level) not in self._memo]
        if missing:
            scopes = {level: self.scope(level) for level in missing}
            now = {level: self.readiness(level) for level in missing}
            owner = self.owner
            steps = self.steps_credit
            if owner is not None and owner.snapshot is self.index:
                computed = owner.histories(self.index, scopes, now, self.today, steps)
            elif self.events:
                first = self.clock.day_of(self.events[0].at)
                computed = rd.readiness_histories(
                    scopes, self.events, first, self.today, self.clock.tz, steps
                )
            else:
                computed = {level: [] for level in missing}
            for level, points in computed.items():
                self._memo[("history", level)] = points
        return {level: list(self._memo[("history", level)]) for level in wanted}  # type: ignore[call-overload]

    def plan_curve(self, level_id: str) -> list[ReadinessPoint]:
        """Return the readiness the level's plan expects on each day of it."""

        def make() -> list[ReadinessPoint]:
            plan = self.plan_of.get(level_id)
            if plan is None:
                return []
            steps = self.steps
            return step_plan.expected_curve(
                self.scope(level_id),
                self.curriculum.level(level_id),
                plan.spec,
                plan.first_schedule,
                lambda item: steps.get(item.id, ()),
            )

        return self._cached(("curve", level_id), make)

    def schedule_curve(self, level_id: str) -> list[ReadinessPoint]:
        """Return the readiness the plan's current schedule expects (empty until a reschedule changes it)."""

        def make() -> list[ReadinessPoint]:
            plan = self.plan_of.get(level_id)
            if plan is None or not plan.baseline or plan.baseline == plan.tasks:
                return []
            tasks = (*plan.tasks, *self._at_plan_end(plan, plan.tasks))
            start = min([plan.spec.start, *(task.due for task in tasks)])
            last = max([task.due for task in tasks] + [plan.spec.exam or plan.spec.start])
            return scheduling.plan_curve(self.scope(level_id), tasks, start, last)

        return self._cached(("schedule", level_id), make)

    # ---- plans: steps that do not fit, review sessions ---------------------------------------------

    def _at_plan_end(self, plan: Plan, tasks: Sequence[PlanTask]) -> tuple[PlanTask, ...]:
        """Return the steps no study day of `tasks` holds, as tasks on the plan's last day (the curve's)."""
        steps = self.steps
        level = self.curriculum.level(plan.spec.level)
        return step_plan.at_plan_end(level, plan.spec, tasks, lambda item: steps.get(item.id, ()))

    def unscheduled(self, plan: Plan) -> list[Work]:
        """Return the plan's open steps that no study day holds ("does not fit"), in study order."""

        def make() -> list[Work]:
            level = self.curriculum.level(plan.spec.level)
            steps, states = self.steps, self.states
            finished = set(self.done_steps)
            for item in level.items:
                state = states.get(item.id)
                if state is not None and state.status in FINISHED:
                    finished.update(step.id for step in steps.get(item.id, ()))
            return step_plan.unscheduled(
                level, plan.spec, plan.tasks, lambda item: steps.get(item.id, ()), finished
            )

        return self._cached(("unscheduled", plan.id), make)

    def review_sessions(self, plan: Plan) -> dict[date, int]:
        """Return the minutes of the review session of each study day of a plan that has one."""
        return self._cached(("sessions", plan.id), lambda: step_plan.review_sessions(plan.spec, plan.tasks))

    @cached_property
    def review_minutes_today(self) -> int | None:
        """Return today's minutes for reviews in the plans studied today (None: no plan studies today).

        A study day's review session, or on a day without one (a plan's first) what its steps leave of the
        budget: reviews fill that time and never add to the day's total.
        """
        today = self.today
        minutes = None
        for plan in self.plans:
            spec = plan.spec
            if spec.level in self.passed or today.weekday() not in spec.study_weekdays:
                continue
            if not spec.start <= today <= scheduling.last_day(spec):
                continue
            sessions = self.review_sessions(plan)
            if today in sessions:
                slot = sessions[today]
            else:
                steps = sum(task.minutes for task in plan.tasks if task.due == today)
                slot = max(0, spec.minutes_per_day - steps)
            minutes = (minutes or 0) + slot
        return minutes

    @cached_property
    def recap_items(self) -> list[str]:
        """Return the items of the last study day before today with finished steps, in task order.

        What a review session with no review due offers to self-check. Only ids: their questions are looked
        up when the self-check starts, so the question bank (pydantic) never loads before the first paint.
        """
        today = self.today
        past = [task for task in self.all_tasks if task.task.due < today and task.finished]
        if not past:
            return []
        last = max(task.task.due for task in past)
        return list(dict.fromkeys(task.item.id for task in past if task.task.due == last))

    def level(self, level_id: str) -> LevelProgress:
        """Return a level's readiness, buffer, forecast and days to the exam, with its chart series."""

        def make() -> LevelProgress:
            level = self.curriculum.level(level_id)
            today = self.today
            now = self.readiness(level_id)
            plan = self.plan_of.get(level_id)
            curve = self.plan_curve(level_id)
            history = self.histories([level_id])[level_id]
            exam = plan.spec.exam if plan else None
            # after a passed exam nothing is behind; once the exam day is over, never "behind" about it
            buffer = (
                scheduling.buffer_days(now, curve, today, exam)
                if plan and level_id not in self.passed
                else None
            )
            status = LevelStatus(
                level_id=level.id,
                name=level.name,
                readiness=now,
                plan=plan,
                buffer_days=buffer,
                # the forecast looks at the last weeks only: a daily history's tail is enough
                forecast=forecast(history[-FORECAST_TAIL:], today, exam),
                days_to_exam=(exam - today).days if exam else None,
            )
            return LevelProgress(status, history, curve)

        return self._cached(("level", level_id), make)

    def progress(self, levels: Iterable[str] | None = None) -> dict[str, LevelProgress]:
        """Return each level's standing with its series (default: the levels shown)."""
        wanted = list(levels) if levels is not None else self.shown_levels
        self.histories(wanted)  # one pass over the log for every level
        return {level_id: self.level(level_id) for level_id in wanted}

    @cached_property
    def levels(self) -> dict[str, LevelStatus]:
        """Return the standing of every level being prepared, and of those passed (listed, not counted)."""
        listed = [
            level.id
            for level in self.curriculum.levels
            if level.id in self.passed or level.id in self.preparing
        ]
        return {level_id: entry.status for level_id, entry in self.progress(listed).items()}

    @cached_property
    def overall(self) -> float:
        """Return the mean readiness over the levels being prepared (0 when none)."""
        levels = self.preparing
        return sum(self.readiness(level) for level in levels) / len(levels) if levels else 0.0

    @cached_property
    def days_to_exam(self) -> int | None:
        """Return the days to the nearest exam still ahead (or today), if any."""
        days = [
            (plan.spec.exam - self.today).days
            for level_id, plan in self.plan_of.items()
            if level_id in self.preparing and plan.spec.exam is not None
        ]
        ahead = [d for d in days if d >= 0]
        return min(ahead) if ahead else None

    @cached_property
    def exam(self) -> date | None:
        """Return the date of the nearest exam still ahead (or today), if any."""
        if self.days_to_exam is None:
            return None
        return self.today + timedelta(days=self.days_to_exam)

    # ---- answers: spaced reviews, retained readiness, practice exams -------------------------------

    @cached_property
    def cards(self) -> dict[str, list[rv.CardState]]:
        """Return every checked item's card states, replayed from the answers (see domain/reviews.py).

        A tick leaves the answers as they were read: the owner keeps the last replay for the same tables.
        """
        answers, confidence = self.tables.answers, self.tables.confidence
        owner = self.owner
        if owner is not None:
            kept = owner.cards
            if kept is not None and kept[0] is answers and kept[1] is confidence:
                return kept[2]
        cards = rv.timelines(answers, confidence, self.clock.tz)
        if owner is not None:
            owner.cards = (answers, confidence, cards)
        return cards

    @cached_property
    def due_reviews(self) -> list[rv.DueReview]:
        """Return the items due for review today or before (or fading), most overdue first."""
        has = self.curriculum.has_item
        return [review for review in rv.due_reviews(self.cards, self.today) if has(review.item_id)]

    def due_count(self, level_id: str) -> int:
        """Return how many of a level's items are due for review."""
        item = self.curriculum.item
        return sum(1 for review in self.due_reviews if item(review.item_id).level == level_id)

    def retained(self, level_id: str) -> float:
        """Return a level's retained readiness now, 0–100 (coverage × recall today)."""

        def make() -> float:
            statuses, evidenced = self._statuses
            recall = self._cached("recall", lambda: rt.recall_on(self.cards, self.today))
            return rt.retained(self.scope(level_id), statuses, evidenced, recall, self.steps_credit)

        return self._cached(("retained", level_id), make)

    def retained_histories(self, levels: Iterable[str]) -> dict[str, list[rt.RetainedPoint]]:
        """Return readiness and retained at the end of each day since the first event or answer, per level."""
        wanted = list(levels)
        missing = [level for level in wanted if ("retained_history", level) not in self._memo]
        if missing:
            firsts = [self.clock.day_of(self.events[0].at)] if self.events else []
            answers = self.tables.answers
            firsts += [self.clock.day_of(min(answer.at for answer in answers))] if answers else []
            computed: dict[str, list[rt.RetainedPoint]] = {level: [] for level in missing}
            if firsts:
                scopes = {level: self.scope(level) for level in missing}
                computed = rt.retained_histories(
                    scopes, self.events, self.cards, min(firsts), self.today, self.clock.tz, self.steps_credit
                )
            for level, points in computed.items():
                self._memo[("retained_history", level)] = points
        return {level: list(self._memo[("retained_history", level)]) for level in wanted}  # type: ignore[call-overload]

    @cached_property
    def practice_results(self) -> dict[str, list[pr.PracticeResult]]:
        """Return every practice exam's result by level (the level of most of its questions), oldest first."""
        from mlops_tracker.formats.questions_schema import load_question_bank  # the bank loads when asked

        categories = {question.id: question.category for question in load_question_bank().questions}
        level_of = {item.id: item.level for item in self.curriculum.items()}
        levels_of: dict[str, list[str]] = defaultdict(list)
        for answer in self.tables.answers:
            if answer.practice_id is not None:
                levels_of[answer.practice_id].append(level_of.get(answer.item_id or "", ""))
        results: dict[str, list[pr.PracticeResult]] = defaultdict(list)
        for result in pr.practice_results(self.tables.answers, categories):
            levels = levels_of[result.practice_id]
            results[max(set(levels), key=levels.count)].append(result)
        return dict(results)

    def practice_scores(self, level_id: str) -> list[tuple[date, float]]:
        """Return a level's practice exam scores (the local day each finished, score 0–100), oldest first."""
        day_of = self.clock.day_of
        return [
            (day_of(result.finished_at), result.score) for result in self.practice_results.get(level_id, [])
        ]

    def outlook(self, level_id: str, pass_mark: int = pr.DEFAULT_PASS_MARK) -> str:
        """Return the one-line verdict on the level's exam from retained readiness and the practice scores."""
        plan = self.plan_of.get(level_id)
        exam = plan.spec.exam if plan else None
        days = (exam - self.today).days if exam and exam >= self.today else None
        scores = [score for _, score in self.practice_scores(level_id)]
        return pr.exam_outlook(self.retained(level_id), scores, pass_mark, days)

    # ---- tasks -----------------------------------------------------------------------------------

    def task_views(self, plan: Plan) -> list[TaskView]:
        """Return a plan's tasks with their items and states, in date order."""

        def make() -> list[TaskView]:
            states, today, curriculum = self.states, self.today, self.curriculum
            done, titles = self.done_steps, self.step_titles
            needs, logged_on = _part_minutes(plan), self.parts_logged_on
            views = []
            for task in sorted(plan.tasks, key=lambda t: t.due):
                if not curriculum.has_item(task.item_id):
                    continue  # retired from the seed since the plan was made
                state = states[task.item_id]
                finished = state.status in FINISHED or (task.step_id is not None and task.step_id in done)
                logged = task in logged_on
                # late only once its day is over: today's work is never overdue
                overdue = task.due < today and not finished and not logged
                title = titles.get(task.step_id, "") if task.step_id else ""
                item = curriculum.item(task.item_id)
                need = needs.get(task, 0)
                views.append(TaskView(task, item, state, overdue, finished, title, need, logged))
            return views

        return self._cached(("tasks", plan.id), make)

    @cached_property
    def parts_logged_on(self) -> dict[PlanTask, date]:
        """Return each part before the last (of every plan) whose step has its parts' minutes logged, with the
        day the logged minutes reached them.

        Part k of n (k < n) is done once the minutes logged on its step reach parts 1..k's minutes; the last
        part only when the step is ticked (see `TaskView.finished`).
        """
        needs = {task: need for plan in self.plans for task, need in _part_minutes(plan).items()}
        if not needs:
            return {}
        days: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
        steps = {task.step_id for task in needs}
        for session in self.sessions:
            if session.step_id in steps:
                days[session.step_id][session.day] += session.minutes
        reached: dict[PlanTask, date] = {}
        for task, need in needs.items():
            total = 0
            for day, minutes in sorted(days.get(task.step_id or "", {}).items()):
                total += minutes
                if total >= need:
                    reached[task] = day
                    break
        return reached

    def part_minutes_missing(self, view: TaskView) -> int:
        """Return the minutes still to log on a part's step for the part to be done (0: none, or not a part
        before the last)."""
        if not view.part_minutes or view.step_id is None:
            return 0
        return max(view.part_minutes - self.minutes_by_step.get(view.step_id, 0), 0)

    @cached_property
    def step_titles(self) -> dict[str, str]:
        """Return every visible step's title by step id."""
        return {step.id: step.title for steps in self.steps.values() for step in steps}

    @cached_property
    def all_tasks(self) -> list[TaskView]:
        """Return the tasks of every plan."""
        return [view for plan in self.plans for view in self.task_views(plan)]

    @cached_property
    def today_tasks(self) -> list[TaskView]:
        """Return today's tasks (whatever their status) and the overdue open ones, of every plan."""
        today = self.today
        return [view for view in self.all_tasks if view.task.due == today or view.overdue]

    @cached_property
    def tasks(self) -> list[TaskView]:
        """Return today's and overdue tasks still open."""
        return [view for view in self.today_tasks if not view.finished]

    @cached_property
    def finished_today(self) -> frozenset[str]:
        """Return the items whose last change today left them done or skipped."""
        today = self.today
        return frozenset(
            item_id
            for item_id, days in self.index.item_days.items()
            if days[-1][0] == today and days[-1][1] in FINISHED
        )

    @cached_property
    def visible_tasks(self) -> list[TaskView]:
        """Return what Today lists: today's tasks, overdue open ones, and overdue ones finished today.

        Overdue first, then today's, each in date order.
        """
        today, finished_today = self.today, self.finished_today
        views = [
            view
            for view in self.all_tasks
            if view.task.due == today
            or view.overdue
            or (view.task.due < today and view.finished and self._finished_today(view, finished_today))
        ]
        return sorted(views, key=lambda v: (v.task.due >= today, v.task.due))

    def _finished_today(self, view: TaskView, finished_today: frozenset[str]) -> bool:
        """Return whether a finished task was finished today: a step by its tick, a whole item by its status.

        A step ticked on an earlier day stays off today's list even when today's last step finishes its item.
        """
        if view.step_id is not None:
            # a part before the last is done on the day its minutes were logged, if its step was ticked later
            done_on = [self.done_steps.get(view.step_id), self.parts_logged_on.get(view.task)]
            days = [day for day in done_on if day is not None]
            if days:
                return min(days) == self.today
        return view.item.id in finished_today  # a whole item, or a step finished by its item's status

    def upcoming(self, count: int) -> list[TaskView]:
        """Return the next open tasks after today."""
        views = [view for view in self.all_tasks if view.task.due > self.today and not view.finished]
        return sorted(views, key=lambda v: v.task.due)[:count]

    def overdue(self, level_id: str) -> int:
        """Return how many of a level's tasks are overdue."""
        plan = self.plan_of.get(level_id)
        return sum(1 for view in self.task_views(plan) if view.overdue) if plan else 0

    @cached_property
    def focus(self) -> list[tuple[str, str]]:
        """Return (level name, phase activity) for every plan that has today in its window."""
        today = self.today
        focus = []
        for plan in self.plans:
            level = self.curriculum.level(plan.spec.level)
            if not level.phases or not plan.spec.start <= today <= scheduling.last_day(plan.spec):
                continue  # before the plan starts or after it ends, no phase is in focus
            number = scheduling.phase_of_day(plan.spec, today)
            phase = next((p for p in level.phases if p.number == number), None)
            if phase is not None:
                focus.append((level.name, phase.activity))
        return focus

    # ---- activity --------------------------------------------------------------------------------

    @cached_property
    def streak(self) -> Streak:
        """Return the study streak as of today."""
        weekdays: set[int] = set()
        tasks_by_day: dict[date, list[str]] = defaultdict(list)
        plan_days: set[date] = set()
        budget_by_day: dict[date, int] = defaultdict(int)
        item_done = self.index.completed_on
        # a step counts from the day it was ticked; a step of an item finished as a whole, from that day
        completed = dict(item_done)
        completed.update(self.done_steps)
        logged_on = self.parts_logged_on
        parts: list[tuple[str, PlanTask]] = []  # a part before the last: done by its tick or its minutes
        for plan in self.plans:
            weekdays |= plan.spec.study_weekdays
            days = scheduling.study_days(plan.spec)
            plan_days.update(days)
            for day in days:
                budget_by_day[day] += plan.spec.minutes_per_day
            for task in plan.tasks:
                key = task.step_id or task.item_id
                if task.step_id is not None and task.part < task.parts:
                    key = f"{task.step_id}#part{task.part}"
                    parts.append((key, task))
                tasks_by_day[task.due].append(key)
                if task.step_id is not None and task.item_id in item_done:
                    day = item_done[task.item_id]
                    completed[task.step_id] = min(completed.get(task.step_id, day), day)
        for key, task in parts:
            ticked, logged = completed.get(task.step_id or ""), logged_on.get(task)
            days = [day for day in (ticked, logged) if day is not None]
            if days:
                completed[key] = min(days)
        minutes = self.minutes_by_day
        activity = self.index.activity_days | set(minutes) | set(self.done_steps.values())
        inputs = StreakInputs(
            frozenset(weekdays or DEFAULT_STUDY_WEEKDAYS),
            tasks_by_day,
            completed,
            activity,
            FREEZES_PER_MONTH,
            frozenset(plan_days),
            minutes,
            budget_by_day,
        )
        if self.owner is None:
            return walk(inputs, self.today)[0]
        # the owner keeps the last walk: a tick today walks today again, not every day since the first
        result, self.owner.streak_walk = walk(inputs, self.today, self.owner.streak_walk)
        return result

    @cached_property
    def minutes_by_day(self) -> dict[date, int]:
        """Return study minutes per day."""
        minutes: dict[date, int] = defaultdict(int)
        for session in self.sessions:
            minutes[session.day] += session.minutes
        return dict(minutes)

    @cached_property
    def minutes_by_step(self) -> dict[str, int]:
        """Return the study minutes logged on each step, all days together (sessions without a step: none)."""
        minutes: dict[str, int] = defaultdict(int)
        for session in self.sessions:
            if session.step_id is not None:
                minutes[session.step_id] += session.minutes
        return dict(minutes)

    @cached_property
    def finished_by_day(self) -> dict[date, int]:
        """Return items finished per local day, net: done at the day's end and not at the day before's."""
        finished: dict[date, int] = defaultdict(int)
        for days in self.index.item_days.values():
            before = Status.TODO
            for day, status in days:
                if status is Status.DONE and before is not Status.DONE:
                    finished[day] += 1
                before = status
        return dict(finished)

    def finished_between(self, first: date, last: date) -> int:
        """Return how many items were done at the end of `last` that were not done before `first`."""
        count = 0
        for days in self.index.item_days.values():
            end = bisect_right(days, last, key=lambda entry: entry[0])
            if end == 0 or days[end - 1][1] is not Status.DONE:
                continue
            start = bisect_left(days, first, key=lambda entry: entry[0])
            if start == 0 or days[start - 1][1] is not Status.DONE:
                count += 1
        return count

    @cached_property
    def week(self) -> Week:
        """Return this week's minutes and items finished (net of undo and redo)."""
        monday = self.today - timedelta(days=self.today.weekday())
        days = tuple(monday + timedelta(days=i) for i in range(7))
        minutes = self.minutes_by_day
        return Week(days, sum(minutes.get(day, 0) for day in days), self.finished_between(days[0], days[-1]))


def _part_minutes(plan: Plan) -> Mapping[PlanTask, int]:
    """Return each part before the last of a plan's split steps with the minutes of its parts 1..k."""
    split = sorted(
        (task for task in plan.tasks if task.step_id is not None and task.parts > 1), key=lambda t: t.part
    )
    if not split:
        return _EMPTY
    so_far: dict[str, int] = defaultdict(int)
    needs: dict[PlanTask, int] = {}
    for task in split:
        so_far[task.step_id or ""] += task.minutes
        if task.part < task.parts:
            needs[task] = so_far[task.step_id or ""]
    return needs

"""The Tracker: the one facade the window and the command line use to read and change the user's data."""

from __future__ import annotations

import difflib
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from mlops_tracker.core import answer_commands  # noqa: F401 (registers its commands so undo can decode them)
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import (
    ALL_CHANGED,
    Changes,
    Command,
    Conflict,
    SetPlan,
    UnitOfWork,
    decode,
    encode,
)
from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain import scheduling
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.errors import InvalidInput, NotFound, UserError
from mlops_tracker.domain.forecast import Forecast, forecast
from mlops_tracker.domain.limits import check_day, check_moment
from mlops_tracker.domain.model import (
    Curriculum,
    Item,
    ItemState,
    Kind,
    Level,
    Plan,
    PlanSpec,
    PlanTask,
    ProgressEvent,
    ReadinessPoint,
    Status,
    StudySession,
    log_order,
)
from mlops_tracker.domain.streak import Streak, streak
from mlops_tracker.formats.seed import load_packaged_curriculum
from mlops_tracker.paths import data_dir
from mlops_tracker.storage import reads
from mlops_tracker.storage.database import Database

T = TypeVar("T")
UNDO_DEPTH = 200
SEED_DIGEST_KEY = "seed_digest"
DEFAULT_STUDY_WEEKDAYS = frozenset(range(6))  # Monday to Saturday
FINISHED = (Status.DONE, Status.SKIPPED)


@dataclass(frozen=True)
class ItemView:
    """An item with the learner's state of it."""

    item: Item
    state: ItemState

    @property
    def counts_as_done(self) -> bool:
        """Return whether the item earns its full weight (a project needs evidence)."""
        if self.state.status is not Status.DONE:
            return False
        return self.item.kind is not Kind.PROJECT or self.state.has_evidence

    @property
    def needs_evidence(self) -> bool:
        """Return whether this is a done project still missing its evidence."""
        return self.item.kind is Kind.PROJECT and self.state.status is Status.DONE and not self.counts_as_done


@dataclass(frozen=True)
class TaskView:
    """A scheduled task with its item and state."""

    task: PlanTask
    item: Item
    state: ItemState
    overdue: bool

    @property
    def finished(self) -> bool:
        """Return whether the task is done or skipped."""
        return self.state.status in FINISHED


@dataclass(frozen=True)
class LevelStatus:
    """Where the learner stands on one level."""

    level_id: str
    name: str
    readiness: float
    plan: Plan | None
    buffer_days: int | None
    forecast: Forecast
    days_to_exam: int | None


@dataclass(frozen=True)
class Summary:
    """Everything the status line, the Today page and `mlops-tracker status` show."""

    today: date
    overall: float
    levels: dict[str, LevelStatus]
    streak: Streak
    tasks: list[TaskView]  # today's and overdue open tasks
    focus: list[tuple[str, str]]  # (level name, the phase activity of today)
    days_to_exam: int | None


@dataclass
class _EventIndex:
    """What the streak and the level list need from the event log, kept up to date as events arrive."""

    items: set[str] = field(default_factory=set)
    activity_days: set[date] = field(default_factory=set)
    completed_on: dict[str, date] = field(default_factory=dict)

    def add(self, events: Iterable[ProgressEvent], clock: Clock) -> None:
        """Take in events that come after those already added."""
        for event in events:
            day = clock.day_of(event.at)
            self.items.add(event.item_id)
            self.activity_days.add(day)
            if event.to_status in FINISHED:
                # a done project gaining evidence logs done → done: it was completed the first time
                if event.from_status not in FINISHED or event.item_id not in self.completed_on:
                    self.completed_on[event.item_id] = day
            else:
                self.completed_on.pop(event.item_id, None)


class Tracker:
    """Reads and changes the user's data; every change is a command with undo, one transaction each."""

    def __init__(
        self,
        database: Database,
        curriculum: Curriculum,
        clock: Clock,
        source: str = "ui",
        *,
        sync: bool = True,
    ) -> None:
        self.database = database
        self.curriculum = curriculum
        self.clock = clock
        self.source = source
        self._events: list[ProgressEvent] = []
        self._events_seq = 0
        self._event_index = _EventIndex()
        self._snapshot: dict[str, object] | None = None  # tables read once during one refresh
        self._listeners: list[Callable[[Changes], None]] = []
        if sync:
            from mlops_tracker.storage import repository as repo

            with database.transaction() as session:
                repo.sync_curriculum(session, curriculum)

    @classmethod
    def open(
        cls,
        folder: Path | str | None = None,
        *,
        source: str = "ui",
        clock: Clock | None = None,
        curriculum: Curriculum | None = None,
    ) -> Tracker:
        """Open the tracker on a data folder (the default one when None)."""
        database = Database.open(data_dir(folder))
        try:
            if curriculum is not None:
                return cls(database, curriculum, clock or Clock.system(), source)
            # The packaged seed is validated once per app version and seed; later starts trust its digest
            # (and skip syncing items that cannot have changed), which keeps pydantic out of start-up.
            with database.reading() as connection:
                trusted = reads.get_setting(connection, SEED_DIGEST_KEY)
            packaged, digest = load_packaged_curriculum(trusted if isinstance(trusted, str) else None)
            # a read-only database (read-only folder, full disk) is read as it is: nothing synced or noted
            sync = digest != trusted and database.read_only is None
            tracker = cls(database, packaged, clock or Clock.system(), source, sync=sync)
            if sync:
                tracker.set_setting(SEED_DIGEST_KEY, digest)
            return tracker
        except BaseException:
            database.close()
            raise

    def close(self) -> None:
        """Release the database."""
        self.database.close()

    @property
    def folder(self) -> Path:
        """Return the data folder."""
        return self.database.folder

    # ---- changes -------------------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read each table at most once inside the block: one refresh asks many questions of one state."""
        if self._snapshot is not None:
            yield
            return
        self._snapshot = {}
        try:
            yield
        finally:
            self._snapshot = None

    def _read(self, table: str, load: Callable[[sqlite3.Connection], T]) -> T:
        if self._snapshot is not None and table in self._snapshot:
            return self._snapshot[table]  # type: ignore[return-value]
        with self.database.reading() as connection:
            value = load(connection)
        if self._snapshot is not None:
            self._snapshot[table] = value
        return value

    def _forget_snapshot(self) -> None:
        if self._snapshot is not None:
            self._snapshot.clear()  # a change inside a snapshot block: read again

    def subscribe(self, listener: Callable[[Changes], None]) -> None:
        """Call `listener(changes)` after every change, undo and redo."""
        self._listeners.append(listener)

    def _notify(self, changes: Changes) -> Changes:
        self._forget_snapshot()
        for listener in list(self._listeners):
            listener(changes)
        return changes

    def run(self, command: Command) -> Changes:
        """Apply a user action in one transaction, record its undo step and clear the redo history."""
        from mlops_tracker.storage import repository as repo

        label = command.label(self.curriculum)
        now = self._now()
        with self.database.transaction() as session:
            uow = UnitOfWork(session, now, self.source, self.curriculum)
            changes, inverse = command.apply(uow)
            repo.push_undo_step(session, "undo", self.source, label, encode(inverse), uow.now, UNDO_DEPTH)
            repo.clear_stack(session, "redo", self.source)
        return self._notify(changes)

    def _now(self) -> datetime:
        """Return the time of a change, refusing a clock outside the supported dates (nothing is stored)."""
        now = self.clock.now()
        check_moment(now, "computer's date")
        return now

    def _step(self, from_stack: str, to_stack: str, nothing: str) -> Changes:
        """Apply the top step of this tracker's own history; drop a step that conflicts or cannot apply."""
        from sqlalchemy.exc import IntegrityError

        from mlops_tracker.storage import repository as repo

        step_id, label = 0, ""
        verb, again = ("undone", "taken back") if from_stack == "undo" else ("redone", "done again")
        try:
            with self.database.transaction() as session:
                step = repo.peek_undo_step(session, from_stack, self.source)
                if step is None:
                    raise UserError(nothing)
                step_id, label, text = step
                uow = UnitOfWork(session, self._now(), "undo", self.curriculum)
                changes, inverse = decode(text).apply(uow)
                repo.drop_undo_step(session, step_id)
                repo.push_undo_step(
                    session, to_stack, self.source, label, encode(inverse), uow.now, UNDO_DEPTH
                )
        except Conflict as conflict:
            # another process changed the target since: never overwrite it, and never keep a step that
            # would refuse again, so the history goes on with the step before it
            self._drop_step(step_id)
            raise UserError(
                f"Not {verb}: {conflict.what} was changed since {conflict.by}; nothing was changed."
            ) from conflict
        except (NotFound, InvalidInput, IntegrityError) as gone:
            # e.g. the item left the curriculum since: drop the step, or it would block the history forever
            self._drop_step(step_id)
            reason = str(gone.orig) if isinstance(gone, IntegrityError) else str(gone).rstrip(".")
            raise UserError(
                f"'{label}' can no longer be {again} ({reason}); it was removed from the history."
            ) from gone
        return self._notify(changes)

    def _drop_step(self, step_id: int) -> None:
        from mlops_tracker.storage import repository as repo

        with self.database.transaction() as session:
            repo.drop_undo_step(session, step_id)

    def undo(self) -> Changes:
        """Take back this tracker's last change (the window's or the command line's, by its source)."""
        return self._step("undo", "redo", "Nothing to undo.")

    def redo(self) -> Changes:
        """Do again the last change that was undone."""
        return self._step("redo", "undo", "Nothing to redo.")

    def undo_label(self) -> str | None:
        """Return the name of the change that undo would take back."""
        with self.database.reading() as connection:
            step = reads.peek_undo_step(connection, "undo", self.source)
        return step[1] if step else None

    def redo_label(self) -> str | None:
        """Return the name of the change that redo would do again."""
        with self.database.reading() as connection:
            step = reads.peek_undo_step(connection, "redo", self.source)
        return step[1] if step else None

    def warm_up(self) -> None:
        """Load the write path (SQLAlchemy) now, so the first change does not wait for it."""
        self.database.engine  # noqa: B018 (made on first use)
        from mlops_tracker.storage import repository  # noqa: F401

    def reload(self) -> Changes:
        """Forget cached data (after an import or a restore) and tell every listener."""
        self._events, self._events_seq, self._event_index = [], 0, _EventIndex()
        return self._notify(ALL_CHANGED)

    # ---- items -------------------------------------------------------------------------------

    def resolve_item(self, item_id: str) -> Item:
        """Return an item by id, or say which ids come close."""
        if self.curriculum.has_item(item_id):
            return self.curriculum.item(item_id)
        ids = [item.id for item in self.curriculum.items()]
        close = difflib.get_close_matches(item_id, ids, n=3, cutoff=0.5)
        close += [i for i in ids if item_id and item_id in i and i not in close][: 3 - len(close)]
        hint = f" Did you mean {', '.join(close)}?" if close else " See `mlops-tracker items` for the ids."
        raise NotFound(f"Unknown item '{item_id}'.{hint}")

    def resolve_level(self, level_id: str) -> Level:
        """Return a level by id, or say which ids exist."""
        try:
            return self.curriculum.level(level_id)
        except KeyError:
            known = ", ".join(level.id for level in self.curriculum.levels)
            raise NotFound(f"Unknown level '{level_id}'. Use one of: {known}.") from None

    def states(self) -> dict[str, ItemState]:
        """Return every item's state by id."""
        stored = self._read("states", reads.load_states)
        return {item.id: stored.get(item.id, ItemState(item.id)) for item in self.curriculum.items()}

    def items(self, level: str | None = None, status: Status | None = None) -> list[ItemView]:
        """Return items with their state, optionally of one level and one status, in seed order."""
        if level is not None:
            self.resolve_level(level)
        states = self.states()
        views = [
            ItemView(item, states[item.id])
            for item in self.curriculum.items()
            if level is None or item.level == level
        ]
        return [view for view in views if status is None or view.state.status is status]

    def item(self, item_id: str) -> ItemView:
        """Return one item with its state."""
        item = self.resolve_item(item_id)
        with self.database.reading() as connection:
            return ItemView(item, reads.load_state(connection, item_id))

    # ---- plans -------------------------------------------------------------------------------

    def plans(self) -> list[Plan]:
        """Return every plan, newest first."""
        return self._read("plans", reads.load_plans)

    def plan(self, level: str | None = None) -> Plan | None:
        """Return a level's plan, or the newest plan when no level is given."""
        plans = self.plans()
        if level is not None:
            return next((plan for plan in plans if plan.spec.level == level), None)
        return plans[0] if plans else None

    def require_plan(self, level: str | None = None) -> Plan:
        """Return the plan, or say how to make one."""
        plan = self.plan(level)
        if plan is None:
            which = f" for {level}" if level else ""
            raise NotFound(
                f"There is no plan{which} yet. Create one with "
                "`mlops-tracker plan create --level foundation --days 30`."
            )
        return plan

    def plan_spec(
        self,
        level: str,
        days: int,
        start: date | None = None,
        exam: date | None = None,
        study_weekdays: Iterable[int] | None = None,
    ) -> PlanSpec:
        """Return a validated plan spec with today's date and Monday–Saturday as defaults."""
        self.resolve_level(level)
        spec = PlanSpec(
            level=level,
            days=days,
            start=start or self.clock.today(),
            exam=exam,
            study_weekdays=frozenset(study_weekdays)
            if study_weekdays is not None
            else DEFAULT_STUDY_WEEKDAYS,
        )
        scheduling.validate_spec(spec)
        return spec

    def create_plan(self, spec: PlanSpec) -> Changes:
        """Schedule a plan for a level, replacing that level's plan if it has one."""
        tasks = tuple(scheduling.schedule(self.resolve_level(spec.level), spec))
        return self.run(SetPlan(level=spec.level, spec=spec, tasks=tasks, verb="Create plan"))

    def delete_plan(self, level: str) -> Changes:
        """Delete a level's plan (undoable)."""
        self.require_plan(level)
        return self.run(SetPlan(level=level, spec=None, verb="Delete plan"))

    def reschedule_preview(
        self, level: str | None = None, day: Callable[[date], str] = date.isoformat
    ) -> scheduling.Reschedule:
        """Return what rescheduling the overdue tasks would do, without doing it (`day` writes its dates)."""
        plan = self.require_plan(level)
        views = self.items(plan.spec.level)
        finished = {view.item.id for view in views if view.state.status in FINISHED}
        phases = {view.item.id for view in views if view.item.kind is Kind.PHASE}
        return scheduling.reschedule(plan.spec, plan.tasks, finished, self.clock.today(), phases, day)

    def reschedule(self, level: str | None = None) -> scheduling.Reschedule:
        """Move overdue tasks forward from today; return what moved and whether the exam date holds."""
        plan = self.require_plan(level)
        result = self.reschedule_preview(plan.spec.level)
        if result.moved:
            self.run(
                SetPlan(
                    plan.spec.level, plan.spec, tuple(result.tasks), "Reschedule plan", keep_identity=True
                )
            )
        return result

    def task_views(self, plan: Plan) -> list[TaskView]:
        """Return a plan's tasks with their items and states, in date order."""
        states = self.states()
        today = self.clock.today()
        views = []
        for task in sorted(plan.tasks, key=lambda t: t.due):
            if not self.curriculum.has_item(task.item_id):
                continue  # retired from the seed since the plan was made
            state = states[task.item_id]
            overdue = task.due < today and state.status not in FINISHED
            views.append(TaskView(task, self.curriculum.item(task.item_id), state, overdue))
        return views

    def today_tasks(self) -> list[TaskView]:
        """Return today's tasks and the overdue open ones, of every plan."""
        today = self.clock.today()
        return [
            view
            for plan in self.plans()
            for view in self.task_views(plan)
            if view.task.due == today or view.overdue
        ]

    def focus_today(self) -> list[tuple[str, str]]:
        """Return (level name, phase activity) for every plan that has today in its window."""
        today = self.clock.today()
        focus = []
        for plan in self.plans():
            level = self.resolve_level(plan.spec.level)
            if not level.phases or not plan.spec.start <= today <= scheduling.last_day(plan.spec):
                continue  # before the plan starts or after it ends, no phase is in focus
            number = scheduling.phase_of_day(plan.spec, today)
            phase = next((p for p in level.phases if p.number == number), None)
            if phase is not None:
                focus.append((level.name, phase.activity))
        return focus

    # ---- study sessions ----------------------------------------------------------------------

    def study_sessions(self) -> list[StudySession]:
        """Return every study session, oldest first."""
        return self._read("study_sessions", reads.load_study_sessions)

    # ---- answers -----------------------------------------------------------------------------

    def answers(self) -> list[Answer]:
        """Return every answer to a self-check question, in log order (see core/reviews.py)."""
        from mlops_tracker.storage.answers import load_answers

        return self._read("answers", load_answers)

    # ---- settings ----------------------------------------------------------------------------

    def setting(self, key: str, default: object = None) -> object:
        """Return a stored setting."""
        with self.database.reading() as connection:
            return reads.get_setting(connection, key, default)

    def set_setting(self, key: str, value: object) -> None:
        """Store a setting (not an undoable action: layout and preferences) and tell the listeners."""
        from mlops_tracker.storage import repository as repo

        with self.database.transaction() as session:
            repo.set_setting(session, key, value)
        # a window watching for other writers must know this commit was its own
        self._notify(Changes(settings=True))

    # ---- readiness ---------------------------------------------------------------------------

    def events(self) -> list[ProgressEvent]:
        """Return the event log in time order (cached; only new rows are read)."""
        with self.database.reading() as connection:
            if reads.last_event_seq(connection) == self._events_seq:
                return self._events
            new, last = reads.load_events(connection, after_seq=self._events_seq)
        if self._events and new and log_order(new[0]) < log_order(self._events[-1]):
            # older events arrived (an import): rebuild the derived indexes in log order
            self._events = sorted(self._events + new, key=log_order)
            self._event_index = _EventIndex()
            self._event_index.add(self._events, self.clock)
        else:
            self._events = self._events + new
            self._event_index.add(new, self.clock)
        self._events_seq = last
        return self._events

    def scope(self, level_id: str) -> list[Item]:
        """Return the items that count for a level's readiness (phases as far as its plan goes)."""
        plan = self.plan(level_id)
        covered = scheduling.phases_covered(plan.spec.days) if plan else None
        return rd.scope(self.resolve_level(level_id).items, covered)

    def _statuses(self) -> tuple[dict[str, Status], set[str]]:
        states = self.states()
        statuses = {item_id: state.status for item_id, state in states.items()}
        evidenced = {item_id for item_id, state in states.items() if state.has_evidence}
        return statuses, evidenced

    def readiness(self, level_id: str) -> float:
        """Return a level's readiness now, 0–100."""
        statuses, evidenced = self._statuses()
        return rd.readiness(self.scope(level_id), statuses, evidenced)

    def preparing_levels(self) -> list[str]:
        """Return the levels the learner prepares: those with a plan or any progress, in guide order."""
        active = {plan.spec.level for plan in self.plans()}
        active |= {
            self.curriculum.item(e.item_id).level
            for e in self.events()
            if self.curriculum.has_item(e.item_id)
        }
        return [level.id for level in self.curriculum.levels if level.id in active]

    def overall_readiness(self) -> float:
        """Return the mean readiness over the levels being prepared (0 when none)."""
        levels = self.preparing_levels()
        return sum(self.readiness(level) for level in levels) / len(levels) if levels else 0.0

    def first_day(self) -> date | None:
        """Return the local day of the first event, if any."""
        events = self.events()
        return self.clock.day_of(events[0].at) if events else None

    def readiness_histories(self, levels: Iterable[str] | None = None) -> dict[str, list[ReadinessPoint]]:
        """Return readiness at the end of each day since the first event, per level."""
        first = self.first_day()
        wanted = list(levels) if levels is not None else [level.id for level in self.curriculum.levels]
        if first is None:
            return {level: [] for level in wanted}
        scopes = {level: self.scope(level) for level in wanted}
        return rd.readiness_histories(scopes, self.events(), first, self.clock.today(), self.clock.tz)

    def readiness_history(self, level_id: str) -> list[ReadinessPoint]:
        """Return a level's readiness at the end of each day since the first event."""
        self.resolve_level(level_id)
        return self.readiness_histories([level_id])[level_id]

    def plan_curve(self, level_id: str) -> list[ReadinessPoint]:
        """Return the readiness the level's plan expects on each day of it."""
        plan = self.plan(level_id)
        if plan is None:
            return []
        last = max([task.due for task in plan.tasks] + [plan.spec.exam or plan.spec.start])
        return scheduling.plan_curve(self.scope(level_id), plan.tasks, plan.spec.start, last)

    def level_status(self, level_id: str, history: list[ReadinessPoint] | None = None) -> LevelStatus:
        """Return readiness, buffer, forecast and days to the exam of a level (history if known)."""
        level = self.resolve_level(level_id)
        today = self.clock.today()
        now = self.readiness(level_id)
        plan = self.plan(level_id)
        exam = plan.spec.exam if plan else None
        buffer = scheduling.buffer_days(now, self.plan_curve(level_id), today) if plan else None
        if history is None:
            history = self.readiness_history(level_id)
        outlook = forecast(history, today, exam)
        days_to_exam = (exam - today).days if exam else None
        return LevelStatus(level.id, level.name, now, plan, buffer, outlook, days_to_exam)

    def explain(self, level_id: str) -> list[rd.Gain]:
        """Return the missing items of a level ranked by the readiness they would add."""
        statuses, evidenced = self._statuses()
        return rd.explain(self.scope(level_id), statuses, evidenced)

    def streak(self) -> Streak:
        """Return the study streak as of today."""
        plans = self.plans()
        weekdays: set[int] = set()
        tasks_by_day: dict[date, list[str]] = defaultdict(list)
        plan_days: set[date] = set()
        for plan in plans:
            weekdays |= plan.spec.study_weekdays
            plan_days.update(scheduling.study_days(plan.spec))
            for task in plan.tasks:
                tasks_by_day[task.due].append(task.item_id)
        self.events()
        index = self._event_index
        activity = index.activity_days | {s.day for s in self.study_sessions()}
        return streak(
            self.clock.today(),
            weekdays or DEFAULT_STUDY_WEEKDAYS,
            tasks_by_day,
            index.completed_on,
            activity,
            plan_days=plan_days,
        )

    def summary(self) -> Summary:
        """Return what the status line, Today and `status` show."""
        with self.snapshot():
            return self._summary()

    def _summary(self) -> Summary:
        levels = self.preparing_levels()
        histories = self.readiness_histories(levels)
        statuses = {level: self.level_status(level, histories[level]) for level in levels}
        overall = sum(s.readiness for s in statuses.values()) / len(statuses) if statuses else 0.0
        exams = [
            s.days_to_exam for s in statuses.values() if s.days_to_exam is not None and s.days_to_exam >= 0
        ]
        return Summary(
            today=self.clock.today(),
            overall=overall,
            levels=statuses,
            streak=self.streak(),
            tasks=[view for view in self.today_tasks() if not view.finished],
            focus=self.focus_today(),
            days_to_exam=min(exams) if exams else None,
        )

    def activity_by_day(self) -> tuple[dict[date, int], dict[date, int]]:
        """Return items finished per local day (net: done at the day's end, not before it) and minutes."""
        finished: dict[date, int] = defaultdict(int)
        days: dict[date, dict[str, tuple[Status, Status]]] = defaultdict(dict)
        for event in self.events():
            day = days[self.clock.day_of(event.at)]
            first = day[event.item_id][0] if event.item_id in day else event.from_status
            day[event.item_id] = (first, event.to_status)
        for day, changes in days.items():
            net = sum(1 for start, end in changes.values() if end is Status.DONE and start is not Status.DONE)
            if net:
                finished[day] = net
        minutes: dict[date, int] = defaultdict(int)
        for session in self.study_sessions():
            minutes[session.day] += session.minutes
        return dict(finished), dict(minutes)

    def finished_between(self, first: date, last: date) -> int:
        """Return how many items were done at the end of `last` that were not done before `first`."""
        before: dict[str, Status] = {}
        after: dict[str, Status] = {}
        for event in self.events():
            day = self.clock.day_of(event.at)
            if day > last:
                continue
            if day < first:
                before[event.item_id] = event.to_status
            after[event.item_id] = event.to_status
        return sum(
            1
            for item, status in after.items()
            if status is Status.DONE and before.get(item, Status.TODO) is not Status.DONE
        )

    def data_version(self) -> int:
        """Return a number that changes when another connection (another process) commits."""
        with self.database.reading() as connection:  # this thread's long-lived read connection
            return reads.data_version(connection)


def parse_date(text: str, what: str = "date") -> date:
    """Return a YYYY-MM-DD date, or say what is wrong with it."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a valid {what}: use YYYY-MM-DD, e.g. 2026-12-01.") from None
    return check_day(day, what)

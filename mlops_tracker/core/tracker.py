"""The Tracker: the one facade the window and the command line use to read and change the user's data."""

from __future__ import annotations

import difflib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from mlops_tracker.core import answer_commands  # noqa: F401 (registers its commands so undo can decode them)
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import (
    ALL_CHANGED,
    Batch,
    Changes,
    Command,
    Conflict,
    EditStep,
    SetPlan,
    UnitOfWork,
    decode,
    encode,
)
from mlops_tracker.core.views import (
    DEFAULT_STUDY_WEEKDAYS,
    FINISHED,
    EventIndex,
    ItemView,
    LevelStatus,
    Tables,
    TaskView,
    View,
)
from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain import scheduling, step_plan
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.errors import InvalidInput, NotFound, UserError
from mlops_tracker.domain.limits import check_day, check_moment
from mlops_tracker.domain.model import (
    Curriculum,
    Item,
    ItemState,
    Kind,
    Level,
    NextCertification,
    Plan,
    PlanSpec,
    ProgressEvent,
    ReadinessPoint,
    Status,
    StudySession,
)
from mlops_tracker.domain.packing import DEFAULT_BUDGET, Fit, Work
from mlops_tracker.domain.streak import Streak
from mlops_tracker.domain.study import (
    ExamResult,
    StudyStep,
    StudySteps,
    effective_steps,
)
from mlops_tracker.formats.seed import load_packaged_curriculum
from mlops_tracker.formats.study import load_packaged_study_steps
from mlops_tracker.paths import data_dir
from mlops_tracker.storage import reads
from mlops_tracker.storage.database import Database

UNDO_DEPTH = 200
SEED_DIGEST_KEY = "seed_digest"
STUDY_DIGEST_KEY = "study_digest"
# the parts of a view read from the database, and which change flags make each stale
EVENTS, STATES, PLANS, SESSIONS, UNDO = "events", "states", "plans", "sessions", "undo"
STEP_TICKS, STEP_EDITS = "step_ticks", "step_edits"  # step edits and exam results change with plans
ANSWERS = "answers"  # the answers and the confidence changes that rate them: change with `reviews`
ALL_PARTS = frozenset({EVENTS, STATES, PLANS, SESSIONS, UNDO, STEP_TICKS, STEP_EDITS, ANSWERS})


def _study_steps(curriculum: Curriculum) -> StudySteps:
    """Return the packaged study steps of the curriculum's items (a test curriculum may have none)."""
    from mlops_tracker.formats.study import load_study_steps

    packaged = load_study_steps()
    steps = tuple(step for step in packaged.steps if curriculum.has_item(step.item_id))
    return StudySteps(packaged.study_version, packaged.seed_version, packaged.label, steps)


@dataclass(frozen=True)
class StepView:
    """A visible step of an item with whether it is done."""

    step: StudyStep
    done: bool


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
        study: StudySteps | None = None,
    ) -> None:
        self.database = database
        self.curriculum = curriculum
        self.clock = clock
        self.source = source
        self._index = EventIndex(clock)
        self._view: View | None = None
        self._tables: Tables | None = None
        self._stale: set[str] = set(ALL_PARTS)
        self._own_commit = False  # a change of ours since the last view: trust the flags, not a full read
        self._version: int | None = None  # the read connection's data_version at the last view
        self._view_thread: int | None = None
        # after a change of ours the Edit menu's labels are known without a read: (its label, no redo)
        self._known_labels: tuple[str | None, str | None] | None = None
        self._apart = threading.local()  # another thread's last view, with the data_version it was read at
        self._listeners: list[Callable[[Changes], None]] = []
        self.study = study if study is not None else _study_steps(curriculum)
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
                trusted_study = reads.get_setting(connection, STUDY_DIGEST_KEY)
            packaged, digest = load_packaged_curriculum(trusted if isinstance(trusted, str) else None)
            study, study_digest = load_packaged_study_steps(
                packaged, trusted_study if isinstance(trusted_study, str) else None
            )
            # a read-only database (read-only folder, full disk) is read as it is: nothing synced or noted
            sync = digest != trusted and database.read_only is None
            tracker = cls(database, packaged, clock or Clock.system(), source, sync=sync, study=study)
            if sync:
                tracker.set_setting(SEED_DIGEST_KEY, digest)
            if study_digest != trusted_study and database.read_only is None:
                tracker.set_setting(STUDY_DIGEST_KEY, study_digest)
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

    def subscribe(self, listener: Callable[[Changes], None]) -> None:
        """Call `listener(changes)` after every change, undo and redo."""
        self._listeners.append(listener)

    def _notify(self, changes: Changes, *, history: bool = True) -> Changes:
        self._mark_stale(changes, history=history)
        for listener in list(self._listeners):
            listener(changes)
        return changes

    def run(self, command: Command) -> Changes:
        """Apply a user action in one transaction, record its undo step and clear the redo history."""
        from mlops_tracker.storage import repository as repo

        label = command.label(self.curriculum)
        now = self._now()
        with self.database.transaction() as session:
            uow = UnitOfWork(session, now, self.source, self.curriculum, self.study)
            changes, inverse = command.apply(uow)
            repo.push_undo_step(session, "undo", self.source, label, encode(inverse), uow.now, UNDO_DEPTH)
            repo.clear_stack(session, "redo", self.source)
        self._known_labels = (label, None)
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
                uow = UnitOfWork(session, self._now(), "undo", self.curriculum, self.study)
                changes, inverse = decode(text).apply(uow)
                repo.drop_undo_step(session, step_id)
                repo.push_undo_step(
                    session, to_stack, self.source, label, encode(inverse), uow.now, UNDO_DEPTH
                )
            self._known_labels = None  # both stacks moved: read their tops
        except Conflict as conflict:
            # another process changed the target since: never overwrite it, and never keep a step that
            # would refuse again, so the history goes on with the step before it
            self._drop_step(step_id)
            raise UserError(
                f"Not {verb}: {conflict.what} was changed since {conflict.by}; nothing was changed."
            ) from conflict
        except (NotFound, InvalidInput, IntegrityError, sqlite3.IntegrityError) as gone:
            # e.g. the item left the curriculum since: drop the step, or it would block the history forever
            # (the hot writes go to the driver directly, so its own IntegrityError can come too)
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
        self._known_labels = None
        self._mark_stale(Changes())

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
        self._index.reset()
        self._stale = set(ALL_PARTS)
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
        """Return every item's state by id (a question of the view)."""
        return dict(self.view().states)

    def items(self, level: str | None = None, status: Status | None = None) -> list[ItemView]:
        """Return items with their state, optionally of one level and one status, in seed order."""
        if level is not None:
            self.resolve_level(level)
        views = self.view().items(level)
        return [view for view in views if status is None or view.state.status is status]

    def item(self, item_id: str) -> ItemView:
        """Return one item with its state."""
        item = self.resolve_item(item_id)
        with self.database.reading() as connection:
            return ItemView(item, reads.load_state(connection, item_id))

    # ---- plans -------------------------------------------------------------------------------

    def plans(self) -> list[Plan]:
        """Return every plan, newest first (a question of the view)."""
        return list(self.view().plans)

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
        minutes_per_day: int = DEFAULT_BUDGET,
    ) -> PlanSpec:
        """Return a validated plan spec with today's date, Monday–Saturday and 60 minutes as defaults."""
        self.resolve_level(level)
        spec = PlanSpec(
            level=level,
            days=days,
            start=start or self.clock.today(),
            exam=exam,
            study_weekdays=frozenset(study_weekdays)
            if study_weekdays is not None
            else DEFAULT_STUDY_WEEKDAYS,
            minutes_per_day=minutes_per_day,
        )
        step_plan.check_spec(spec)
        return spec

    def schedule(self, spec: PlanSpec) -> step_plan.StepSchedule:
        """Return the level's steps packed into the plan's study days, with the fit check (nothing stored)."""
        return step_plan.schedule_steps(self.resolve_level(spec.level), spec, self._steps_reader())

    def fit_check(self, spec: PlanSpec) -> Fit:
        """Return how a plan's work fits its study days at its budget."""
        return self.schedule(spec).fit

    def fit_line(self, spec: PlanSpec) -> str:
        """Return the fit check in numbers with the steps that do not fit, for the wizard and the CLI."""
        schedule = self.schedule(spec)
        return step_plan.fit_line(schedule.fit, schedule.unscheduled)

    def create_plan(self, spec: PlanSpec) -> Changes:
        """Schedule a plan of steps for a level, replacing that level's plan if it has one."""
        tasks = self.schedule(spec).tasks
        return self.run(SetPlan(level=spec.level, spec=spec, tasks=tasks, verb="Create plan", baseline=tasks))

    # ---- study steps -------------------------------------------------------------------------

    def _step_edits(self) -> dict[str, list]:
        """Return the learner's step edits by item (a copy: callers add pending edits to it)."""
        return {item_id: list(edits) for item_id, edits in self.view().step_edits.items()}

    def _visible_steps(self, item: Item, edits: Mapping[str, Sequence]) -> tuple[StudyStep, ...]:
        return effective_steps(item.id, self.study.steps_of(item.id), edits.get(item.id, ()), item.title)

    def _steps_reader(
        self, edits: Mapping[str, Sequence] | None = None
    ) -> Callable[[Item], tuple[StudyStep, ...]]:
        """Return how packing reads an item's visible steps: with the learner's edits, or with `edits`."""
        edits = self._step_edits() if edits is None else edits
        return lambda item: self._visible_steps(item, edits)

    def _repack(
        self, plan: Plan, spec: PlanSpec, edits: Mapping[str, Sequence] | None = None
    ) -> scheduling.Reschedule:
        """Return the plan's open steps re-packed from today under `spec` (nothing stored)."""
        return step_plan.repack(
            self.resolve_level(spec.level),
            spec,
            plan.tasks,
            self._steps_reader(edits),
            self._finished_keys(spec.level),
            self.clock.today(),
            always=True,
        )

    def steps_of(self, item_id: str) -> tuple[StudyStep, ...]:
        """Return an item's visible steps in order, the learner's minutes and own steps included."""
        return self._visible_steps(self.resolve_item(item_id), self._step_edits())

    def all_steps(self) -> dict[str, tuple[StudyStep, ...]]:
        """Return every item's visible steps by item id."""
        return dict(self.view().steps)

    def done_steps(self) -> dict[str, date]:
        """Return the steps done now, each with the local day it was ticked."""
        return dict(self.view().done_steps)

    def step_views(self, item_id: str) -> list[StepView]:
        """Return an item's visible steps with whether each is done."""
        done = self.done_steps()
        return [StepView(step, step.id in done) for step in self.steps_of(item_id)]

    def resolve_step(self, step_id: str) -> StudyStep:
        """Return a visible step by id, or say it is unknown."""
        item_id = step_id.split(":", 1)[0]
        if ":" in step_id and self.curriculum.has_item(item_id):
            for step in self.steps_of(item_id):
                if step.id == step_id:
                    return step
        raise NotFound(f"Unknown step '{step_id}'. See `mlops-tracker items --json` for the step ids.")

    def edit_step(self, item_id: str, step_id: str, *changes: tuple[str, str]) -> Changes:
        """Change fields of a step (minutes, hidden, an own title); the level's plan re-packs from today.

        One action: undo takes back the edits and the re-pack together.
        """
        from mlops_tracker.domain.study import StepEdit

        commands: list[Command] = [EditStep(item_id, step_id, field, value) for field, value in changes]
        plan = self.plan(self.resolve_item(item_id).level)
        if plan is None:
            return self.run(Batch(tuple(commands)))
        edits = self._step_edits()
        later = datetime.max.replace(tzinfo=UTC)  # after every stored edit, in the given order
        pending = [StepEdit(f"~{n}", step_id, item_id, f, v, later, "") for n, (f, v) in enumerate(changes)]
        edits[item_id] = [*edits.get(item_id, ()), *pending]
        result = self._repack(plan, plan.spec, edits)
        repack = SetPlan(
            plan.spec.level,
            plan.spec,
            tuple(result.tasks),
            "Re-pack plan",
            keep_identity=True,
            baseline=plan.first_schedule,
        )
        return self.run(Batch((*commands, repack)))

    # ---- exams -------------------------------------------------------------------------------

    def exam_results(self) -> dict[str, ExamResult]:
        """Return each level's standing exam result."""
        return dict(self.view().exam_results)

    def passed_levels(self) -> set[str]:
        """Return the levels whose exam was passed: complete, no longer being prepared."""
        return set(self.view().passed)

    def next_certification(self) -> tuple[str, NextCertification] | None:
        """Return (passed level's name, the guide's first suggestion after it) for the latest level passed."""
        passed = [r for r in self.exam_results().values() if r.result == "passed"]
        for result in sorted(passed, key=lambda r: (r.day, r.at), reverse=True):
            level = self.resolve_level(result.level)
            if level.next_certifications:
                return level.name, level.next_certifications[0]
        return None

    def delete_plan(self, level: str) -> Changes:
        """Delete a level's plan (undoable)."""
        self.require_plan(level)
        return self.run(SetPlan(level=level, spec=None, verb="Delete plan"))

    def reschedule_preview(
        self, level: str | None = None, day: Callable[[date], str] = date.isoformat
    ) -> scheduling.Reschedule:
        """Return what rescheduling the overdue tasks would do, without doing it (`day` writes its dates)."""
        plan = self.require_plan(level)
        if plan.tasks and all(task.step_id is None for task in plan.tasks):
            # a plan of whole items, made before study steps: moved as it always was (a new plan packs steps)
            views = self.items(plan.spec.level)
            finished = {view.item.id for view in views if view.state.status in FINISHED}
            phases = {view.item.id for view in views if view.item.kind is Kind.PHASE}
            today = self.clock.today()
            return scheduling.reschedule(plan.spec, plan.tasks, finished, today, phases, day)
        return step_plan.repack(
            self.resolve_level(plan.spec.level),
            plan.spec,
            plan.tasks,
            self._steps_reader(),
            self._finished_keys(plan.spec.level),
            self.clock.today(),
            day,
        )

    def _finished_keys(self, level: str) -> set[str]:
        """Return the finished items of a level and their steps, with every step ticked done."""
        views = self.items(level)
        finished = {view.item.id for view in views if view.state.status in FINISHED}
        edits = self._step_edits()
        for view in views:
            if view.item.id in finished:
                finished.update(step.id for step in self._visible_steps(view.item, edits))
        return finished | set(self.done_steps())

    def reschedule(self, level: str | None = None) -> scheduling.Reschedule:
        """Move a level's overdue tasks forward from today; return what moved and whether the exam holds."""
        plan = self.require_plan(level)
        return self.reschedule_levels([plan.spec.level])[plan.spec.level]

    def reschedule_levels(self, levels: Iterable[str]) -> dict[str, scheduling.Reschedule]:
        """Reschedule several levels' plans as one action: one transaction, one undo step."""
        results = {level: self.reschedule_preview(level) for level in levels}
        plans = {level: self.require_plan(level) for level in results}
        steps = tuple(
            SetPlan(
                level,
                plans[level].spec,
                tuple(result.tasks),
                "Reschedule plan",
                keep_identity=True,
                baseline=plans[level].first_schedule,  # lateness stays measured against the plan as made
            )
            for level, result in results.items()
            if result.moved
        )
        if len(steps) == 1:
            self.run(steps[0])
        elif steps:
            names = ", ".join(self.curriculum.level(step.level).name for step in steps)
            self.run(Batch(steps, f"Reschedule plans: {names}"))
        return results

    def set_plan_minutes(self, minutes: int, level: str | None = None) -> scheduling.Reschedule:
        """Give a level's plan another daily budget and re-pack it from today, as one undoable action."""
        plan = self.require_plan(level)
        return self._remake_plan(plan, step_plan.with_budget(plan.spec, minutes), f"Set {minutes} min a day")

    def move_exam(self, exam: date, level: str | None = None) -> scheduling.Reschedule:
        """Move a level's exam (a later one lengthens the plan) and re-pack from today, as one action."""
        plan = self.require_plan(level)
        verb = f"Move exam to {exam.day} {exam:%b}"
        return self._remake_plan(plan, step_plan.with_exam(plan.spec, exam), verb)

    def plan_fit(self, plan: Plan) -> Fit:
        """Return how a plan's open steps fit its study days from today, and the budget or exam that would.

        The numbers the "Does not fit" actions use: a started plan has fewer days left than it began with.
        """
        return step_plan.fit_from_today(
            self.resolve_level(plan.spec.level),
            plan.spec,
            plan.tasks,
            self._steps_reader(),
            self._finished_keys(plan.spec.level),
            self.clock.today(),
        )

    def _remake_plan(self, plan: Plan, spec: PlanSpec, verb: str) -> scheduling.Reschedule:
        """Store the plan under a new spec with its open steps re-packed from today; the baseline stays.

        A new budget or exam is a new schedule, not a new plan: lateness stays measured against the plan
        as first made, and one undo puts the old spec and schedule back.
        """
        result = self._repack(plan, spec)
        self.run(
            SetPlan(
                spec.level, spec, tuple(result.tasks), verb, keep_identity=True, baseline=plan.first_schedule
            )
        )
        return result

    def task_views(self, plan: Plan) -> list[TaskView]:
        """Return a plan's tasks with their items and states, in date order."""
        return self.view().task_views(plan)

    def unscheduled(self, plan: Plan) -> list[Work]:
        """Return a plan's open steps that do not fit its study days, in study order."""
        return self.view().unscheduled(plan)

    def unfit_steps(self, level: str) -> list[Work]:
        """Return the open steps of a level's plan that fit no study day: none without a plan or once passed.

        Ahead or behind is measured against the plan as made; these say whether that plan reaches the exam.
        """
        plan = self.plan(level)
        result = self.view().exam_results.get(level)
        if plan is None or (result is not None and result.result == "passed"):
            return []
        return self.unscheduled(plan)

    def review_sessions(self, plan: Plan) -> dict[date, int]:
        """Return the minutes of the review session of each study day of a plan that has one."""
        return self.view().review_sessions(plan)

    def today_tasks(self) -> list[TaskView]:
        """Return today's tasks and the overdue open ones, of every plan."""
        return self.view().today_tasks

    def focus_today(self) -> list[tuple[str, str]]:
        """Return (level name, phase activity) for every plan that has today in its window."""
        return self.view().focus

    # ---- study sessions ----------------------------------------------------------------------

    def study_sessions(self) -> list[StudySession]:
        """Return every study session, oldest first (a question of the view)."""
        return list(self.view().sessions)

    # ---- answers -----------------------------------------------------------------------------

    def answers(self) -> list[Answer]:
        """Return every answer to a self-check question, in log order (a question of the view)."""
        return list(self.view().tables.answers)

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
        self._notify(Changes(settings=True), history=False)

    # ---- the read model --------------------------------------------------------------------

    def _mark_stale(self, changes: Changes, *, history: bool = True) -> None:
        """Note which parts of the next view a change of ours made stale (its flags say which)."""
        self._own_commit = True
        if changes.items or changes.readiness:
            self._stale |= {EVENTS, STATES, STEP_TICKS}
        if changes.plans:
            self._stale |= {PLANS, STEP_EDITS}
        if changes.sessions:
            self._stale.add(SESSIONS)
        if changes.reviews:
            self._stale.add(ANSWERS)
        if history and self._known_labels is None:
            self._stale.add(UNDO)

    def view(self) -> View:
        """Return the view of the data as it is now: the same object until something changes.

        One read transaction; only the parts a change of ours made stale are read again (a tick: the new
        events, the item states and the undo labels), everything after a commit of another process.
        """
        thread = threading.get_ident()
        if self._view_thread not in (None, thread):
            return self._build_view_apart()  # the cache and the index belong to the first thread reading
        self._view_thread = thread
        today = self.clock.today()
        with self.database.reading() as connection:
            version = reads.data_version(connection)
            if version != self._version and not self._own_commit:
                self._stale = set(ALL_PARTS)  # another process committed: read everything
            if not self._stale and self._view is not None:
                if self._view.today == today:
                    return self._view
            else:
                self._tables = self._read_tables(connection, self._stale, self._tables)
                if EVENTS in self._stale:
                    new, last = reads.load_events(connection, after_seq=self._index.seq)
                    self._index.add(new, last)
            self._version = version
        if self._known_labels is not None and UNDO not in self._stale:
            assert self._tables is not None
            self._tables = self._tables._replace(undo_label=self._known_labels[0], redo_label=None)
        self._stale, self._own_commit, self._known_labels = set(), False, None
        assert self._tables is not None
        self._view = View(
            self.curriculum, self.clock, today, self._tables, self._index.snapshot, self._index, self.study
        )
        return self._view

    def _read_tables(self, connection: sqlite3.Connection, parts: set[str], old: Tables | None) -> Tables:
        """Return the tables, reading again those among `parts` (all when nothing was read before)."""
        if old is None:
            return Tables(
                reads.load_states(connection),
                tuple(reads.load_plans(connection)),
                tuple(reads.load_study_sessions(connection)),
                *reads.undo_labels(connection, self.source),
                step_ticks=tuple(reads.load_step_events(connection)),
                step_edits=tuple(reads.load_step_edits(connection)),
                exams=tuple(reads.load_exam_results(connection)),
                **_answer_tables(connection),
            )
        undo, redo = reads.undo_labels(connection, self.source) if UNDO in parts else (None, None)
        return old._replace(
            **({"states": reads.load_states(connection)} if STATES in parts else {}),
            **({"plans": tuple(reads.load_plans(connection))} if PLANS in parts else {}),
            **({"sessions": tuple(reads.load_study_sessions(connection))} if SESSIONS in parts else {}),
            **({"undo_label": undo, "redo_label": redo} if UNDO in parts else {}),
            **({"step_ticks": tuple(reads.load_step_events(connection))} if STEP_TICKS in parts else {}),
            **(
                {
                    "step_edits": tuple(reads.load_step_edits(connection)),
                    "exams": tuple(reads.load_exam_results(connection)),
                }
                if STEP_EDITS in parts
                else {}
            ),
            **(_answer_tables(connection) if ANSWERS in parts else {}),
        )

    def _build_view_apart(self) -> View:
        """Return a view read in full on another thread (a background job), sharing nothing mutable.

        Kept for that thread until anything commits, so a job asking several questions reads once.
        """
        today = self.clock.today()
        with self.database.reading() as connection:  # this thread's own read connection
            version = reads.data_version(connection)
            kept: tuple[int, View] | None = getattr(self._apart, "view", None)
            if kept is not None and kept[0] == version and kept[1].today == today:
                return kept[1]
            index = EventIndex(self.clock)
            tables = self._read_tables(connection, set(ALL_PARTS), None)
            index.add(*reads.load_events(connection))
        view = View(self.curriculum, self.clock, today, tables, index.snapshot, None, self.study)
        self._apart.view = (version, view)
        return view

    def summary(self) -> View:
        """Return what the status line, Today and `mlops-tracker status` show: the current view."""
        return self.view()

    # ---- readiness (each a question of the view) ---------------------------------------------

    def events(self) -> list[ProgressEvent]:
        """Return the event log in time order (cached; only new rows are read)."""
        return list(self.view().events)

    def scope(self, level_id: str) -> list[Item]:
        """Return the items that count for a level's readiness (phases as far as its plan goes)."""
        self.resolve_level(level_id)
        return self.view().scope(level_id)

    def readiness(self, level_id: str) -> float:
        """Return a level's readiness now, 0–100."""
        self.resolve_level(level_id)
        return self.view().readiness(level_id)

    def preparing_levels(self) -> list[str]:
        """Return the levels the learner prepares: those with a plan or any progress, in guide order."""
        return self.view().preparing

    def overall_readiness(self) -> float:
        """Return the mean readiness over the levels being prepared (0 when none)."""
        return self.view().overall

    def first_day(self) -> date | None:
        """Return the local day of the first event, if any."""
        return self.view().first_day

    def readiness_histories(self, levels: Iterable[str] | None = None) -> dict[str, list[ReadinessPoint]]:
        """Return readiness at the end of each day since the first event, per level."""
        wanted = list(levels) if levels is not None else [level.id for level in self.curriculum.levels]
        return self.view().histories(wanted)

    def readiness_history(self, level_id: str) -> list[ReadinessPoint]:
        """Return a level's readiness at the end of each day since the first event."""
        self.resolve_level(level_id)
        return self.view().histories([level_id])[level_id]

    def plan_curve(self, level_id: str) -> list[ReadinessPoint]:
        """Return the readiness the level's plan expects on each day of it."""
        self.resolve_level(level_id)
        return self.view().plan_curve(level_id)

    def level_status(self, level_id: str) -> LevelStatus:
        """Return readiness, buffer, forecast and days to the exam of a level."""
        self.resolve_level(level_id)
        return self.view().level(level_id).status

    def explain(self, level_id: str) -> list[rd.Gain]:
        """Return the missing items of a level ranked by the readiness they would add."""
        self.resolve_level(level_id)
        return self.view().explain(level_id)

    def streak(self) -> Streak:
        """Return the study streak as of today."""
        return self.view().streak

    def activity_by_day(self) -> tuple[dict[date, int], dict[date, int]]:
        """Return items finished per local day (net: done at the day's end, not before it) and minutes."""
        view = self.view()
        return view.finished_by_day, view.minutes_by_day

    def finished_between(self, first: date, last: date) -> int:
        """Return how many items were done at the end of `last` that were not done before `first`."""
        return self.view().finished_between(first, last)

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


def _answer_tables(connection: sqlite3.Connection) -> dict[str, tuple]:
    """Return the view's answer parts: every answer and the confidence changes that rate them."""
    from mlops_tracker.storage.answers import load_answers

    changes = reads.load_field_changes(connection)
    return {
        "answers": tuple(load_answers(connection)),
        "confidence": tuple(change for change in changes if change.field == "confidence"),
    }

"""A trainer's cohort: each learner's readiness per level, plan buffer, forecast and last activity.

Built from the cohort's events as the server hands them to a trainer's role (row-level security decides who
is in it), with the domain's own rules: readiness and its history, retained readiness from the answers, the
plan curve and buffer (against the plan as first made), the forecast.
Imported only when sync is used.
"""

from __future__ import annotations

import bisect
import gc
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import compress
from typing import Any, NamedTuple

from sqlalchemy import text

from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain import retained as rt
from mlops_tracker.domain import reviews as rv
from mlops_tracker.domain import scheduling, step_plan
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.forecast import forecast
from mlops_tracker.domain.model import (
    Curriculum,
    FieldChange,
    Item,
    Level,
    PlanSpec,
    PlanTask,
    ReadinessPoint,
    Status,
)
from mlops_tracker.domain.study import StepEdit, StudyStep, StudySteps, effective_steps
from mlops_tracker.sync import exchange
from mlops_tracker.sync.connection import connect, open_engine
from mlops_tracker.sync.envelope import ServerEvent

# the fields of a status tuple (see _Learner.statuses)
_ITEM_ID, _TO_STATUS, _EVIDENCED = operator.itemgetter(2), operator.itemgetter(3), operator.itemgetter(4)
_ANSWER_TIME, _CHECK = operator.itemgetter(1), operator.itemgetter(2)  # of a _Learner.answered value
_STEP_ID = operator.itemgetter(2)  # of a tick tuple (see _Learner.step_ticks)
_CHECK_ITEM = operator.itemgetter(0)  # of a check (rv.Check)
PACE_DAYS = 14  # the forecast's window: the recent pace, from readiness then and now
_STATUS = {status.value: status for status in Status}
_EARNING = (Status.DONE, Status.IN_PROGRESS)  # the statuses readiness gives a share to


@dataclass(frozen=True)
class LevelRow:
    """One learner's standing on one level."""

    level: str
    name: str
    readiness: float
    retained: float | None  # retained readiness (None while the learner has answered no self-check)
    buffer_days: int | None  # + ahead of the plan, − behind, None without a plan
    exam: date | None
    ready_on: date | None  # the forecast: when readiness reaches 100% at the recent pace
    on_time: bool | None  # the forecast against the exam (None without one)
    forecast: str
    passed_on: date | None = None  # the day of a passed exam: the level is done, nothing is behind


@dataclass(frozen=True)
class LearnerRow:
    """One learner of the cohort."""

    name: str
    last_activity: datetime | None
    levels: tuple[LevelRow, ...]


@dataclass(frozen=True)
class CohortView:
    """The cohort as a trainer sees it, on a day."""

    cohort: str | None
    today: date
    learners: tuple[LearnerRow, ...]

    def as_json(self) -> dict[str, Any]:
        """Return the stable JSON form `cohort --json` prints."""
        return {
            "cohort": self.cohort,
            "today": self.today.isoformat(),
            "learners": [
                {
                    "name": learner.name,
                    "last_activity": learner.last_activity.isoformat() if learner.last_activity else None,
                    "levels": [
                        {
                            "level": row.level,
                            "readiness": round(row.readiness, 1),
                            "retained": None if row.retained is None else round(row.retained, 1),
                            "buffer_days": row.buffer_days,
                            "exam": row.exam.isoformat() if row.exam else None,
                            "ready_on": row.ready_on.isoformat() if row.ready_on else None,
                            "on_time": row.on_time,
                            "forecast": row.forecast,
                            "passed_on": row.passed_on.isoformat() if row.passed_on else None,
                        }
                        for row in learner.levels
                    ],
                }
                for learner in self.learners
            ],
        }


def plan_phrase(buffer: int | None) -> str:
    """Return a buffer in words: "3 days ahead", "2 days behind", "on plan", "no plan"."""
    if buffer is None:
        return "no plan"
    if buffer == 0:
        return "on plan"
    days = f"{abs(buffer)} day{'s' if abs(buffer) != 1 else ''}"
    return f"{days} ahead" if buffer > 0 else f"{days} behind"


def plan_text(row: LevelRow) -> str:
    """Return a level's standing against its plan in words ("exam passed" once it is)."""
    return "exam passed" if row.passed_on else plan_phrase(row.buffer_days)


def describe(view: CohortView) -> list[str]:
    """Return the cohort as lines for a terminal: one per learner and level."""
    lines = [f"Cohort {view.cohort or '(none)'} on {view.today.isoformat()}: {len(view.learners)} learners"]
    for learner in view.learners:
        seen = learner.last_activity.date().isoformat() if learner.last_activity else "never"
        if not learner.levels:
            lines.append(f"  {learner.name}: no progress yet (last activity {seen})")
        for row in learner.levels:
            lines.append(
                f"  {learner.name} · {row.name}: {row.readiness:.0f}% ready"
                + ("" if row.retained is None else f" ({row.retained:.0f}% retained)")
                + f", {plan_text(row)}; "
                f"{row.forecast} (last activity {seen})"
            )
    return lines


@dataclass
class _Learner:
    # (device time, id, item, to_status, evidenced): plain tuples, a cohort holds a million events
    statuses: list[tuple[datetime, str, str, str, bool]] = field(default_factory=list)
    evidence: dict[str, tuple[datetime, str, bool]] = field(default_factory=dict)
    # per level the newest plan version, or its deletion (None): ((made, revised or deleted, which), payload)
    plans: dict[str, tuple[tuple[str, str, str], dict[str, Any] | None]] = field(default_factory=dict)
    # (item, time, id, right) of answered questions about items: retained readiness replays their cards
    checks: list[rv.Check] = field(default_factory=list)
    has_answers: bool = False  # any self-check answer stands (retained is None until then)
    # answers and study sessions by id with the seq they came at, and the seq of each one's last deletion:
    # one undone (and maybe redone) on the learner's computer counts as it stands there
    # (an answer: its time, and its check when it is about an item and answered)
    answered: dict[str, tuple[int, datetime, rv.Check | None]] = field(default_factory=dict)
    sessions: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    deleted: dict[tuple[str, str], int] = field(default_factory=dict)
    confidence: list[FieldChange] = field(default_factory=list)  # a low one rates a right answer Hard
    moments: list[datetime] = field(default_factory=list)  # of the other events, for the last activity
    # (time, id, step, item, done): steps give readiness partial credit; tuples, as for the statuses
    step_ticks: list[tuple[datetime, str, str, str, bool]] = field(default_factory=list)
    step_edits: list[StepEdit] = field(default_factory=list)  # hidden steps and minutes: the share ticked
    # each level's newest exam result, by (time, id) as on the learner's computers: (time, id, result, day)
    exams: dict[str, tuple[datetime, str, str, str]] = field(default_factory=dict)


def build_cohort(
    curriculum: Curriculum,
    names: Iterable[str],
    events: Iterable[ServerEvent],
    today: date,
    tz: tzinfo,
    cohort: str | None = None,
    study: StudySteps | None = None,  # the suggested steps, as the learners' own app has them
) -> CohortView:
    """Return the cohort view from its learners' names and the events the server gave the trainer."""
    # A cohort is a million events in memory, and the view makes as many tuples, none of them in a cycle:
    # the cyclic collector would walk them over and over for nothing it could free (a tenth of the time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(curriculum, names, events, today, tz, cohort, study)
    finally:
        if enabled:
            gc.enable()


def _build(
    curriculum: Curriculum,
    names: Iterable[str],
    events: Iterable[ServerEvent],
    today: date,
    tz: tzinfo,
    cohort: str | None,
    study: StudySteps | None,
) -> CohortView:
    learners: dict[str, _Learner] = {name: _Learner() for name in names}
    name, person, add_status, add_tick = None, _Learner(), None, None
    # this loop runs once per event of the cohort (a million for 500 learners): kept to the bare minimum
    for event in events:
        if event.learner != name:  # the server hands a learner's events out in runs: look up once per run
            name = event.learner
            person = learners.get(name) or learners.setdefault(name, _Learner())
            add_status, add_tick = person.statuses.append, person.step_ticks.append
        envelope = event.envelope
        payload = envelope.payload
        kind = envelope.kind
        if kind == "status":
            add_status((envelope.device_time, payload["id"], payload["item_id"], payload["to_status"],  # type: ignore[misc]
                        payload.get("evidenced") is True))  # fmt: skip
            continue
        if kind == "step_event":  # the last activity reads the newest tick after the loop, like the statuses'
            add_tick((envelope.device_time, payload["id"], payload["step_id"], payload["item_id"],  # type: ignore[misc]
                      payload["done"] is True))  # fmt: skip
            continue
        at = envelope.device_time
        if kind == "answer":
            # a tuple, no Answer, and its check as the review rule reads it, inline (200,000 answers):
            # (item, time, id, right), None for a guide question or a practice one left blank
            item_id = payload.get("item_id")
            check = None if item_id is None or payload.get("choice") is None else (
                item_id, at, payload["id"], payload.get("correct") is True)  # fmt: skip
            person.answered[payload["id"]] = (event.seq, at, check)
            continue
        if kind == "session":
            person.sessions[payload.get("uid")] = (event.seq, at)
            continue
        if kind == "deleted":
            _deleted(person, event.seq, payload)
            continue
        person.moments.append(at)
        if kind == "field" and payload.get("field") == "evidence":
            newest = person.evidence.get(payload["item_id"])
            if newest is None or (at, payload["id"]) > newest[:2]:
                person.evidence[payload["item_id"]] = (at, payload["id"], bool(payload.get("value")))
        elif kind == "field" and payload.get("field") == "confidence":
            value = payload.get("value")
            person.confidence.append(
                FieldChange(
                    payload["id"],
                    payload["item_id"],
                    "confidence",
                    value if isinstance(value, int) else None,
                    at,
                    "sync",
                )
            )
        elif kind == "step_edit":
            person.step_edits.append(
                StepEdit(
                    payload["id"],
                    payload["step_id"],
                    payload["item_id"],
                    payload["field"],
                    payload["value"],
                    at,
                    "sync",
                )
            )
        elif kind == "exam_result":
            result = (at, payload["id"], payload["result"], payload["day"])
            held = person.exams.get(payload["level"])
            if held is None or result[:2] > held[:2]:
                person.exams[payload["level"]] = result
        elif kind == "plan":
            level = payload["level"]
            # the newest version: made last, then (a reschedule keeps that moment) revised last
            version = (payload["created_at"], payload.get("revised_at", ""), "plan")
            if level not in person.plans or version > person.plans[level][0]:
                person.plans[level] = (version, payload)
    rows = []
    minutes = _VisibleSteps(curriculum, study)
    plans = _Plans()  # one parse and one curve for the learners of the same plan
    for name, person in sorted(learners.items(), key=lambda pair: pair[0].casefold()):
        _settle(person)
        person.statuses.sort()  # by time, then id: the log's one order (nearly sorted already: cheap)
        person.step_ticks.sort()
        moments = [*person.moments, *(log[-1][0] for log in (person.statuses, person.step_ticks) if log)]
        levels = _levels(curriculum, person, today, tz, minutes, plans)
        rows.append(LearnerRow(name, max(moments, default=None), levels))
    return CohortView(cohort, today, tuple(rows))


def _deleted(person: _Learner, seq: int, payload: dict[str, Any]) -> None:
    """Take in a learner's deletion (storage.sync_local's "deleted" record), as their computers do."""
    kind, key = payload.get("kind"), payload.get("id")
    if kind in ("answer", "session") and isinstance(key, str):
        person.deleted[(kind, key)] = seq
    elif kind == "plan" and isinstance(key, str) and isinstance(payload.get("created_at"), str):
        # in the plans' order: made then, deleted at that moment (a version revised later wins)
        version = (payload["created_at"], str(payload.get("at", "")), "deleted")
        if key not in person.plans or version > person.plans[key][0]:
            person.plans[key] = (version, None)


def _settle(person: _Learner) -> None:
    """Keep the answers and sessions added after their last deletion; drop the deleted plans."""
    deleted = person.deleted
    standing: Iterable[tuple[int, datetime, rv.Check | None]] = person.answered.values()
    if deleted:  # most learners delete nothing: spare them a key tuple and a look-up per answer
        standing = [
            answer for key, answer in person.answered.items() if deleted.get(("answer", key), 0) < answer[0]
        ]
    person.has_answers = bool(standing)
    person.checks = list(filter(None, map(_CHECK, standing)))  # the answers about items (a check is a tuple)
    person.moments.extend(map(_ANSWER_TIME, standing))
    person.moments.extend(
        at for key, (seq, at) in person.sessions.items() if deleted.get(("session", key), 0) < seq
    )
    person.plans = {level: plan for level, plan in person.plans.items() if plan[1] is not None}


def _standings(person: _Learner, counts: list[int]) -> dict[int, tuple[dict[str, Status], set[str]]]:
    """Return, for each count, each item's status and the items evidenced after the first `count` changes.

    As the readiness history has them: each item's last change, with the evidence it recorded. One pass
    over the log (sorted) for all the counts: a learner has over a thousand changes.
    """
    log, done = person.statuses, 0
    newest: dict[str, tuple[datetime, str, str, str, bool]] = {}
    standings: dict[int, tuple[dict[str, Status], set[str]]] = {}
    for count in sorted(set(counts)):
        part = log[done:count]
        newest.update(zip(map(_ITEM_ID, part), part, strict=True))  # each item's last change: built in C
        done = count
        changes = newest.values()
        statuses = dict(zip(newest, map(_STATUS.__getitem__, map(_TO_STATUS, changes)), strict=True))
        standings[count] = statuses, set(compress(newest, map(_EVIDENCED, changes)))
    return standings


class _VisibleSteps:
    """Each item's visible steps and their minutes, as a learner's own app has them (`View.steps`).

    Most learners edit no step: their items share the suggested steps, made once for the cohort; only the
    items a learner edited get their own (a cohort holds 500 learners).
    """

    def __init__(self, curriculum: Curriculum, study: StudySteps | None) -> None:
        self._curriculum, self._study = curriculum, study
        self._suggested: dict[str, tuple[tuple[StudyStep, ...], dict[str, int]]] = {}

    def steps(self, item_id: str, edits: list[StepEdit] | None = None) -> tuple[StudyStep, ...]:
        """Return an item's visible steps with a learner's edits (none for an item not in the curriculum)."""
        found = self._visible(item_id, edits)
        return () if found is None else found[0]

    def of(self, item_id: str, edits: list[StepEdit] | None = None) -> dict[str, int] | None:
        """Return an item's visible steps' minutes with a learner's edits (None: not in the curriculum)."""
        found = self._visible(item_id, edits)
        return None if found is None else found[1]

    def _visible(
        self, item_id: str, edits: list[StepEdit] | None
    ) -> tuple[tuple[StudyStep, ...], dict[str, int]] | None:
        if edits is None and item_id in self._suggested:
            return self._suggested[item_id]
        if not self._curriculum.has_item(item_id):
            return None
        suggested = self._study.steps_of(item_id) if self._study is not None else ()
        title = self._curriculum.item(item_id).title
        steps = effective_steps(item_id, suggested, edits or (), title)
        found = steps, {step.id: step.minutes for step in steps}
        if edits is None:
            self._suggested[item_id] = found
        return found


def _steps_at(
    person: _Learner, minutes: _VisibleSteps, edits: dict[str, list[StepEdit]], count: int
) -> rd.Steps:
    """Return what readiness reads of a learner's steps from their first `count` ticks (`edits`: by item).

    Readiness reads only the minutes ticked now, so the Steps hold just those sums (of each step's newest
    tick, when done) rather than the whole log: a learner has hundreds of ticks, and up to three moments.
    """
    ticks = person.step_ticks  # sorted by time, then id: the log's one order, so the last tick wins
    head = ticks if count == len(ticks) else ticks[:count]
    newest = dict(zip(map(_STEP_ID, head), head, strict=True))  # each step's newest tick, built in C
    table: dict[str, dict[str, int]] = {}
    standing = []
    for _, _, step_id, item_id, done in newest.values():
        if not done:
            continue
        if item_id not in table:
            visible = minutes.of(item_id, edits.get(item_id))
            if visible is None:
                continue
            table[item_id] = visible
        standing.append((item_id, step_id))
    return rd.Steps.ticked(table, rd.ticked_minutes(table, standing))


def _levels(
    curriculum: Curriculum,
    person: _Learner,
    today: date,
    tz: tzinfo,
    minutes: _VisibleSteps,
    pulled: _Plans,
) -> tuple[LevelRow, ...]:
    # the forecast reads readiness at the end of two days, PACE_DAYS ago (or the history's first day, the
    # day of the first status change) and today: computed for those two days alone (a cohort holds a
    # million events), the same figures as the readiness history's points; no history before its first day
    first = person.statuses[0][0].astimezone(tz).date() if person.statuses else None
    pace_days: tuple[date, ...] = ()
    if first is not None and first <= today:
        pace_days = (max(today - timedelta(days=PACE_DAYS), first), today)
    ends = [datetime.combine(day + timedelta(days=1), time(0), tz) for day in pace_days]
    counts = [bisect.bisect_left(person.statuses, (end,)) for end in ends]
    standings = _standings(person, [*counts, len(person.statuses)])
    # each item's newest status; with the evidence the status log recorded, which the history reads
    statuses, _ = standings[len(person.statuses)]
    evidenced = {item_id for item_id, (_, _, has) in person.evidence.items() if has}
    touched = {curriculum.item(item_id).level for item_id in statuses if curriculum.has_item(item_id)}
    passed = {
        level: date.fromisoformat(day)
        for level, (_, _, result, day) in person.exams.items()
        if result == "passed"
    }
    touched.update(person.plans, passed)
    active = [level for level in curriculum.levels if level.id in touched]
    if not active:
        return ()
    plans = {level: pulled.parse(payload) for level, (_, payload) in person.plans.items()}
    scopes = {}
    for level in active:
        plan = plans.get(level.id)
        scopes[level.id] = rd.scope(level.items, scheduling.phases_covered(plan.spec.days) if plan else None)
    edits: dict[str, list[StepEdit]] = {}
    for edit in person.step_edits:
        edits.setdefault(edit.item_id, []).append(edit)
    steps = _steps_at(person, minutes, edits, len(person.step_ticks))
    histories: dict[str, list[ReadinessPoint]] = {level.id: [] for level in active}
    for day, end, count in zip(pace_days, ends, counts, strict=True):
        then, evidenced_then = standings[count]
        count = bisect.bisect_left(person.step_ticks, (end,))
        # nothing ticked after the day (today, as a rule): the steps of now, their sums made once
        steps_then = steps if count == len(person.step_ticks) else _steps_at(person, minutes, edits, count)
        for level in active:
            histories[level.id].append(
                ReadinessPoint(day, rd.readiness(scopes[level.id], then, evidenced_then, steps_then))
            )
    recall = None
    if (
        person.has_answers
    ):  # the app's own rule (domain/reviews, domain/retained), as on the learner's computer
        # only items that earn something carry their recall into retained: replay only their cards, of the
        # items the levels count (a skipped item earns nothing, even with ticked steps; a quarter of them)
        earning = {item_id for item_id, status in statuses.items() if status in _EARNING}
        earning.update(item_id for item_id in steps.ticked_now if statuses.get(item_id) is not Status.SKIPPED)
        earning.intersection_update(item.id for level in active for item in scopes[level.id])
        checks = list(compress(person.checks, map(earning.__contains__, map(_CHECK_ITEM, person.checks))))
        days = rv.rate_days(checks, person.confidence, tz)
        # each card is replayed once here: no memo (`rv.replay` keeps one for the learner's own app)
        recall = rt.recall_on(
            {item_id: rv.card_states(item_id, ratings) for item_id, ratings in days.items()}, today
        )
    rows = []
    for level in active:
        now = rd.readiness(scopes[level.id], statuses, evidenced, steps)
        kept = None if recall is None else rt.retained(scopes[level.id], statuses, evidenced, recall, steps)
        plan = plans.get(level.id)
        exam = plan.spec.exam if plan else None
        if level.id in passed:  # as the learner's app: a passed level is done, nothing is behind or forecast
            day = passed[level.id]
            message = f"Passed the exam on {day.isoformat()}."
            rows.append(LevelRow(level.id, level.name, now, kept, None, exam, None, None, message, day))
            continue
        buffer = None
        if plan is not None:
            curve = pulled.curve(level, scopes[level.id], plan, minutes, edits)
            buffer = scheduling.buffer_days(now, curve, today, exam)
        outlook = forecast(histories[level.id], today, exam, window=PACE_DAYS)
        rows.append(LevelRow(level.id, level.name, now, kept, buffer, exam, outlook.ready_on, outlook.on_time,
                             outlook.message))  # fmt: skip
    return tuple(rows)


class _PulledPlan(NamedTuple):
    """A pulled plan: its spec, the schedule its buffer is measured against (the baseline), and that
    schedule as plain values (`key`: what learners of the same plan share)."""

    spec: PlanSpec
    baseline: tuple[PlanTask, ...]
    key: tuple[tuple[Any, ...], ...]


class _Plans:
    """The cohort's pulled plans and their expected curves, each made once for the learners who share it.

    A bootcamp's learners often make the same plan: its tasks are parsed, and its curve drawn, once.
    """

    def __init__(self) -> None:
        self._baselines: dict[tuple[tuple[Any, ...], ...], tuple[PlanTask, ...]] = {}
        self._curves: dict[tuple[Any, ...], list[ReadinessPoint]] = {}

    def parse(self, payload: dict[str, Any]) -> _PulledPlan:
        """Return a pulled plan's spec and baseline (a reschedule keeps the plan as first made)."""
        spec = PlanSpec(
            level=payload["level"],
            days=payload["days"],
            start=date.fromisoformat(payload["start"]),
            exam=date.fromisoformat(payload["exam"]) if payload.get("exam") else None,
            study_weekdays=frozenset(payload["study_weekdays"]),
            minutes_per_day=payload.get("minutes_per_day", 60),
        )
        key = tuple(
            [
                (
                    task["item_id"],
                    task["due"],
                    task.get("step_id"),
                    task.get("minutes", 0),
                    task.get("part", 1),
                    task.get("parts", 1),
                )
                for task in payload.get("baseline") or payload["tasks"]
            ]
        )
        baseline = self._baselines.get(key)
        if baseline is None:
            baseline = self._baselines[key] = tuple(
                PlanTask(item_id, date.fromisoformat(due), step_id, minutes, part, parts)
                for item_id, due, step_id, minutes, part, parts in key
            )
        return _PulledPlan(spec, baseline, key)

    def curve(
        self,
        level: Level,
        scope: list[Item],
        plan: _PulledPlan,
        steps: _VisibleSteps,
        edits: dict[str, list[StepEdit]],
    ) -> list[ReadinessPoint]:
        """Return the readiness a learner's plan as first made expects (`step_plan.expected_curve`)."""
        # the steps that did not fit depend on the learner's step edits of the level (most learners have
        # none); a plan of whole items, made before steps, has no such steps (step_plan.unscheduled)
        steps_planned = any(task.step_id is not None for task in plan.baseline)
        level_edits = (
            tuple(edit for item in level.items for edit in edits.get(item.id, ())) if steps_planned else ()
        )
        key = (plan.spec, plan.key, level_edits)
        curve = self._curves.get(key)
        if curve is None:

            def steps_of(item: Item) -> tuple[StudyStep, ...]:
                return steps.steps(item.id, edits.get(item.id))

            curve = self._curves[key] = step_plan.expected_curve(
                scope, level, plan.spec, plan.baseline, steps_of
            )
        return curve


def pull_cohort(url: str) -> tuple[str | None, list[str], list[ServerEvent]]:
    """Return a trainer's cohort name, its learners and every event of theirs (row-level security decides)."""
    engine = open_engine(url)
    try:
        with connect(engine) as connection:
            me = connection.execute(
                text("SELECT cohort, is_trainer FROM mlops_sync.learners WHERE role_name = session_user")
            ).first()
            if me is None or not me.is_trainer:
                raise UserError(
                    "The cohort view needs a trainer's connection: set one up with `mlops-tracker sync setup "
                    "URL` using a role made with `server add-learner … --trainer`."
                )
            names = [
                row[0]
                for row in connection.execute(
                    text("SELECT name FROM mlops_sync.learners WHERE NOT is_trainer ORDER BY name")
                )
            ]
            events: list[ServerEvent] = []
            since = 0
            while True:
                page = exchange.pull(connection, since)
                events.extend(page.events)
                since = page.high_water
                if page.complete:
                    break
    finally:
        engine.dispose()
    return me.cohort, names, events


def load_cohort(tracker: Tracker, url: str | None = None) -> CohortView:
    """Pull the cohort of this computer's trainer connection and build its view for today."""
    from mlops_tracker.core.sync_state import require_url

    cohort, names, events = pull_cohort(require_url(tracker, url))
    today, tz = tracker.clock.today(), tracker.clock.tz
    return build_cohort(tracker.curriculum, names, events, today, tz, cohort, tracker.study)

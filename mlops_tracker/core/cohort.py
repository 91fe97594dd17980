"""A trainer's cohort: each learner's readiness per level, plan buffer, forecast and last activity.

Built from the cohort's events as the server hands them to a trainer's role (row-level security decides who
is in it), with the domain's own rules: readiness and its history, retained readiness from the answers, the
plan curve and buffer (against the plan as first made), the forecast.
Imported only when sync is used.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import text

from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain import retained as rt
from mlops_tracker.domain import reviews as rv
from mlops_tracker.domain import scheduling
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.forecast import forecast
from mlops_tracker.domain.model import Curriculum, FieldChange, PlanSpec, PlanTask, ProgressEvent, Status
from mlops_tracker.sync import exchange
from mlops_tracker.sync.connection import connect, open_engine
from mlops_tracker.sync.envelope import ServerEvent

HISTORY_DAYS = 30  # the forecast reads the recent pace (14 days): a month of history is plenty
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
                + f", {plan_phrase(row.buffer_days)}; "
                f"{row.forecast} (last activity {seen})"
            )
    return lines


@dataclass
class _Learner:
    # (device time, id, item, to_status, evidenced): plain tuples, the loop below runs once per event
    statuses: list[tuple[datetime, str, str, str, bool]] = field(default_factory=list)
    evidence: dict[str, tuple[datetime, str, bool]] = field(default_factory=dict)
    # per level the newest plan version, or its deletion (None): ((made, revised or deleted, which), payload)
    plans: dict[str, tuple[tuple[str, str, str], dict[str, Any] | None]] = field(default_factory=dict)
    answers: list[Answer] = field(default_factory=list)  # for retained readiness (FSRS cards replayed)
    # answers and study sessions by id with the seq they came at, and the seq of each one's last deletion:
    # one undone (and maybe redone) on the learner's computer counts as it stands there
    answered: dict[str, tuple[int, Answer]] = field(default_factory=dict)
    sessions: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    deleted: dict[tuple[str, str], int] = field(default_factory=dict)
    confidence: list[FieldChange] = field(default_factory=list)  # a low one rates a right answer Hard
    moments: list[datetime] = field(default_factory=list)  # of the other events, for the last activity


def build_cohort(
    curriculum: Curriculum,
    names: Iterable[str],
    events: Iterable[ServerEvent],
    today: date,
    tz: tzinfo,
    cohort: str | None = None,
) -> CohortView:
    """Return the cohort view from its learners' names and the events the server gave the trainer."""
    learners: dict[str, _Learner] = {name: _Learner() for name in names}
    name, person, add_status = None, _Learner(), None
    # this loop runs once per event of the cohort (a million for 500 learners): kept to the bare minimum
    for event in events:
        if event.learner != name:  # the server hands a learner's events out in runs: look up once per run
            name = event.learner
            person = learners.get(name) or learners.setdefault(name, _Learner())
            add_status = person.statuses.append
        envelope = event.envelope
        payload = envelope.payload
        kind = envelope.kind
        if kind == "status":
            add_status((envelope.device_time, payload["id"], payload["item_id"], payload["to_status"],  # type: ignore[misc]
                        payload.get("evidenced") is True))  # fmt: skip
            continue
        at = envelope.device_time
        if kind == "answer":
            person.answered[payload["id"]] = (event.seq, _answer(payload, at))
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
        elif kind == "plan":
            level = payload["level"]
            # the newest version: made last, then (a reschedule keeps that moment) revised last
            version = (payload["created_at"], payload.get("revised_at", ""), "plan")
            if level not in person.plans or version > person.plans[level][0]:
                person.plans[level] = (version, payload)
    rows = []
    for name, person in sorted(learners.items(), key=lambda pair: pair[0].casefold()):
        _settle(person)
        person.statuses.sort()  # by time, then id: the log's one order (nearly sorted already: cheap)
        moments = [*person.moments, person.statuses[-1][0]] if person.statuses else person.moments
        rows.append(LearnerRow(name, max(moments, default=None), _levels(curriculum, person, today, tz)))
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
    person.answers = [
        answer for key, (seq, answer) in person.answered.items() if deleted.get(("answer", key), 0) < seq
    ]
    person.moments.extend(answer.at for answer in person.answers)
    person.moments.extend(
        at for key, (seq, at) in person.sessions.items() if deleted.get(("session", key), 0) < seq
    )
    person.plans = {level: plan for level, plan in person.plans.items() if plan[1] is not None}


def _recent_log(person: _Learner, first: date, tz: tzinfo) -> list[ProgressEvent]:
    """Return the log from `first` on, preceded by one event per item holding its status before then.

    The readiness history from `first` on is the same as from the whole log, and only the recent events
    become domain objects: a cohort holds millions of events.
    """
    start = datetime.combine(first, time(0), tzinfo=tz)
    split = bisect.bisect_left(person.statuses, (start,))
    before: dict[str, tuple[str, bool]] = {}
    for _, _, item_id, to_status, evidenced in person.statuses[:split]:
        before[item_id] = (to_status, evidenced)
    moment = start - timedelta(microseconds=1)
    log = [
        ProgressEvent(f"start:{item_id}", item_id, Status.TODO, _STATUS[to_status], moment, "sync", evidenced)
        for item_id, (to_status, evidenced) in before.items()
    ]
    log.extend(
        ProgressEvent(event_id, item_id, Status.TODO, _STATUS[to_status], at, "sync", evidenced)
        for at, event_id, item_id, to_status, evidenced in person.statuses[split:]
    )
    return log


def _levels(curriculum: Curriculum, person: _Learner, today: date, tz: tzinfo) -> tuple[LevelRow, ...]:
    statuses = {item_id: _STATUS[to_status] for _, _, item_id, to_status, _ in person.statuses}
    evidenced = {item_id for item_id, (_, _, has) in person.evidence.items() if has}
    touched = {curriculum.item(item_id).level for item_id in statuses if curriculum.has_item(item_id)}
    active = [level for level in curriculum.levels if level.id in touched or level.id in person.plans]
    if not active:
        return ()
    plans = {level: _plan(payload) for level, (_, payload) in person.plans.items()}
    scopes = {}
    for level in active:
        plan = plans.get(level.id)
        covered = scheduling.phases_covered(plan[0].days) if plan else None
        scopes[level.id] = rd.scope(level.items, covered)
    first = today - timedelta(days=HISTORY_DAYS)
    histories = rd.readiness_histories(scopes, _recent_log(person, first, tz), first, today, tz)
    recall = None
    if person.answers:  # the app's own rule (domain/reviews, domain/retained), as on the learner's computer
        # only items that earn something carry their recall into retained: replay only their cards (FSRS
        # replays cost ~25 µs a review day, the bulk of a cohort with many answers)
        earning = {item_id for item_id, status in statuses.items() if status in _EARNING}
        answers = [answer for answer in person.answers if answer.item_id in earning]
        recall = rt.recall_on(rv.timelines(answers, person.confidence, tz), today)
    rows = []
    for level in active:
        now = rd.readiness(scopes[level.id], statuses, evidenced)
        kept = None if recall is None else rt.retained(scopes[level.id], statuses, evidenced, recall)
        plan = plans.get(level.id)
        buffer = exam = None
        if plan is not None:
            spec, tasks = plan  # the baseline: a reschedule keeps the plan as first made, so lateness shows
            exam = spec.exam
            last = max([task.due for task in tasks] + [spec.exam or spec.start])
            curve = scheduling.plan_curve(scopes[level.id], tasks, spec.start, last)
            buffer = scheduling.buffer_days(now, curve, today)
        outlook = forecast(histories[level.id], today, exam)
        rows.append(LevelRow(level.id, level.name, now, kept, buffer, exam, outlook.ready_on, outlook.on_time,
                             outlook.message))  # fmt: skip
    return tuple(rows)


def _answer(payload: dict[str, Any], at: datetime) -> Answer:
    return Answer(
        payload["id"],
        payload["question_id"],
        payload.get("item_id"),
        payload.get("choice"),
        payload.get("correct") is True,
        payload.get("seconds"),
        at,
        "sync",
        payload.get("practice_id"),
    )


def _plan(payload: dict[str, Any]) -> tuple[PlanSpec, list[PlanTask]]:
    """Return a pulled plan's spec and the schedule its buffer is measured against (the baseline)."""
    spec = PlanSpec(
        level=payload["level"],
        days=payload["days"],
        start=date.fromisoformat(payload["start"]),
        exam=date.fromisoformat(payload["exam"]) if payload.get("exam") else None,
        study_weekdays=frozenset(payload["study_weekdays"]),
        minutes_per_day=payload.get("minutes_per_day", 60),
    )
    tasks = payload.get("baseline") or payload["tasks"]
    return spec, [
        PlanTask(
            task["item_id"],
            date.fromisoformat(task["due"]),
            task.get("step_id"),
            task.get("minutes", 0),
            task.get("part", 1),
            task.get("parts", 1),
        )
        for task in tasks
    ]


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
    return build_cohort(tracker.curriculum, names, events, tracker.clock.today(), tracker.clock.tz, cohort)

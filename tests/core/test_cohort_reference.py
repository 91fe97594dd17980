"""The cohort view's fast path against a slow reference: the domain's general rules, as the app runs them.

`build_cohort` takes many short cuts (tuples for events, two readiness points for the forecast, step sums
without tick events, cards replayed without the memo). Here every figure of every learner's rows is computed
again the plain way, from domain objects and the functions `core/views.py` calls, and must be the same.
"""

from __future__ import annotations

import random
import sys
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mlops_tracker.core.cohort import LearnerRow, build_cohort
from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain import retained as rt
from mlops_tracker.domain import reviews as rv
from mlops_tracker.domain import scheduling, step_plan
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.forecast import forecast
from mlops_tracker.domain.model import (
    Curriculum,
    FieldChange,
    Kind,
    Plan,
    PlanSpec,
    PlanTask,
    ProgressEvent,
    Status,
    derive_state,
    log_order,
)
from mlops_tracker.domain.study import StepEdit, StepEvent, StudySteps, effective_steps
from mlops_tracker.formats.seed import load_packaged_curriculum
from mlops_tracker.formats.study import load_study_steps
from mlops_tracker.sync.envelope import EventEnvelope, ServerEvent

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_sync import cohort_events

FORECAST_TAIL = 64  # views.FORECAST_TAIL: the history's tail the app hands the forecast
# 400 events 97 minutes apart from 2026-01-01: the logs run to Jan 27; 14 days before Jan 24 is Jan 10, with
# status changes on both sides of it, and the generated plans' exam (Feb 10) is still ahead
TODAY = date(2026, 1, 24)


# ---- the cohort's events, with the tricky ones added by hand ----------------------------------------------


def _server_event(learner: str, kind: str, at: datetime, payload: dict[str, Any]) -> ServerEvent:
    return ServerEvent(0, learner, at, EventEnvelope(uuid.uuid4(), kind, payload, at, "laptop"))


def _payload(at: datetime, **fields: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "at": at.isoformat(), "source": "ui", **fields}


def _tricky(
    names: list[str], events: list[ServerEvent], curriculum: Curriculum, *, exam_over: bool = False
) -> list[ServerEvent]:
    """Return the events with the hand-made cases added, in the order the server would hand them out.

    `exam_over`: the fifth learner also has a plan whose exam day is over (see the test below).
    """
    foundation = curriculum.level("foundation")
    skill = foundation.items_of(Kind.SKILL)[0].id
    project, other_project = (item.id for item in foundation.items_of(Kind.PROJECT)[:2])
    by_learner: dict[str, list[ServerEvent]] = {name: [] for name in names}
    for event in events:
        by_learner[event.learner].append(event)
    base = datetime(2026, 1, 20, 9, tzinfo=UTC)

    first = names[0]  # a status change dated after today (a computer's clock ahead), and evidence
    log = by_learner[first]
    future = base + timedelta(days=12)
    log.append(
        _server_event(
            first,
            "status",
            future,
            _payload(future, item_id=skill, from_status="todo", to_status="done", evidenced=False),
        )
    )
    at = base + timedelta(hours=1)  # evidence, then done with it recorded: a project counted in full
    log.append(
        _server_event(
            first, "field", at, _payload(at, item_id=project, field="evidence", value="https://example.org/a")
        )
    )
    at += timedelta(minutes=5)
    log.append(
        _server_event(
            first,
            "status",
            at,
            _payload(at, item_id=project, from_status="todo", to_status="done", evidenced=True),
        )
    )
    at += timedelta(minutes=5)  # done without evidence recorded, then evidence: now counts, history not
    log.append(
        _server_event(
            first,
            "status",
            at,
            _payload(at, item_id=other_project, from_status="todo", to_status="done", evidenced=False),
        )
    )
    at += timedelta(minutes=5)
    log.append(
        _server_event(
            first,
            "field",
            at,
            _payload(at, item_id=other_project, field="evidence", value="https://example.org/b"),
        )
    )

    second = names[1]  # low confidence before a right answer (Hard); an answer and a session deleted
    log = by_learner[second]
    at = base + timedelta(hours=2)
    log.append(
        _server_event(
            second,
            "status",
            at,
            _payload(at, item_id=skill, from_status="todo", to_status="done", evidenced=False),
        )
    )
    at += timedelta(minutes=1)
    log.append(_server_event(second, "field", at, _payload(at, item_id=skill, field="confidence", value=1)))
    at += timedelta(minutes=1)
    log.append(
        _server_event(
            second,
            "answer",
            at,
            _payload(
                at,
                question_id=f"q.{skill}.0",
                item_id=skill,
                choice=1,
                correct=True,
                seconds=12,
                practice_id=None,
            ),
        )
    )
    gone = next(event for event in log if event.envelope.kind == "answer")  # a generated one, undone
    at += timedelta(minutes=1)
    session = {
        "uid": str(uuid.uuid4()),
        "day": at.date().isoformat(),
        "minutes": 30,
        "item_id": skill,
        "created_at": at.isoformat(),
    }
    log.append(
        _server_event(second, "session", at + timedelta(days=10), session)
    )  # the newest moment: undone
    log.append(
        _server_event(second, "deleted", at, {"kind": "session", "id": session["uid"], "at": at.isoformat()})
    )
    log.append(_server_event(second, "deleted", at, {"kind": "answer", "id": gone.envelope.payload["id"]}))

    fourth = names[3]  # a plan of the professional level spread over weeks, rescheduled: the baseline counts
    professional = [item.id for item in curriculum.level("professional").items]
    made = {
        "level": "professional",
        "days": 60,
        "start": "2026-01-02",
        "exam": "2026-03-10",
        "study_weekdays": [0, 1, 2, 3, 4, 5, 6],
        "created_at": "2026-01-02T08:00:00Z",
        "tasks": [
            {"item_id": item, "due": (date(2026, 1, 2) + timedelta(days=n // 2)).isoformat()}
            for n, item in enumerate(professional)
        ],
    }
    revised = {
        **made,
        "revised_at": "2026-01-15T08:00:00Z",
        "exam": "2026-03-20",  # the newest version's exam is the one shown
        "baseline": made["tasks"],
        "tasks": [{**task, "due": "2026-03-01"} for task in made["tasks"]],
    }
    at = datetime(2026, 1, 2, 8, tzinfo=UTC)
    by_learner[fourth][1:1] = [_server_event(fourth, "plan", at, made)]
    by_learner[fourth].append(_server_event(fourth, "plan", at + timedelta(days=13), revised))
    # and a plan of the advanced level, deleted: the level leaves the learner's rows
    advanced = {
        **made,
        "level": "advanced",
        "created_at": "2026-01-03T08:00:00Z",
        "tasks": [{"item_id": item.id, "due": "2026-02-01"} for item in curriculum.level("advanced").items],
    }
    by_learner[fourth].append(_server_event(fourth, "plan", at + timedelta(days=1), advanced))
    by_learner[fourth].append(
        _server_event(
            fourth,
            "deleted",
            at + timedelta(days=2),
            {
                "kind": "plan",
                "id": "advanced",
                "created_at": advanced["created_at"],
                "at": "2026-01-04T08:00:00Z",
            },
        )
    )

    fifth = names[4]  # a plan whose exam day is over: the buffer is never "behind" about it
    over = {
        **made,
        "days": 14,
        "start": "2026-01-01",
        "exam": "2026-01-22",
        "tasks": [{"item_id": item, "due": "2026-01-14"} for item in professional],
    }
    if exam_over:
        by_learner[fifth].append(_server_event(fifth, "plan", at, over))

    third = names[2]  # its events arrive out of time order
    log = by_learner[third]
    random.Random(3).shuffle(log)
    at = base + timedelta(days=9)  # after the generated log: a project done with evidence, then cleared
    log.append(
        _server_event(
            third,
            "field",
            at + timedelta(hours=1),
            _payload(at + timedelta(hours=1), item_id=project, field="evidence", value=""),
        )
    )
    log.append(
        _server_event(
            third,
            "status",
            at,
            _payload(at, item_id=project, from_status="todo", to_status="done", evidenced=True),
        )
    )
    log.append(
        _server_event(
            third,
            "field",
            at - timedelta(minutes=1),
            _payload(
                at - timedelta(minutes=1), item_id=project, field="evidence", value="https://example.org/c"
            ),
        )
    )

    ordered = [event for name in names[:3] for event in by_learner[name]]
    # two learners' events interleaved: the cohort's runs per learner are only a short cut
    rest = [by_learner[name] for name in names[3:]]
    ordered += [event for pair in zip(*rest, strict=False) for event in pair]
    ordered += [event for log in rest for event in log[min(map(len, rest)) :]]
    # the server's seq: the order handed out (a deletion after what it deletes)
    return [ServerEvent(seq, e.learner, e.received_at, e.envelope) for seq, e in enumerate(ordered, start=1)]


# ---- the reference: domain objects and the general functions, as the learner's own app ------------------


def _day_of(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def reference(
    curriculum: Curriculum, study: StudySteps, log: Sequence[ServerEvent], today: date, tz: tzinfo
) -> dict[str, Any]:
    """Return a learner's figures from their events, computed the plain way."""
    deleted: dict[tuple[str, str], int] = {}
    deleted_plans: list[dict[str, Any]] = []
    for event in log:
        if event.envelope.kind == "deleted":
            payload = event.envelope.payload
            if payload["kind"] == "plan":
                deleted_plans.append(payload)
                continue
            key = (payload["kind"], payload["id"])
            deleted[key] = max(deleted.get(key, 0), event.seq)

    def stands(kind: str, key: str, seq: int) -> bool:
        return deleted.get((kind, key), 0) < seq

    progress: list[ProgressEvent] = []
    changes: list[FieldChange] = []
    ticks: list[StepEvent] = []
    edits: list[StepEdit] = []
    answers: list[Answer] = []
    plans: list[dict[str, Any]] = []
    moments: list[datetime] = []
    for event in log:
        kind, payload, at = event.envelope.kind, event.envelope.payload, event.envelope.device_time
        if kind == "status":
            progress.append(
                ProgressEvent(
                    payload["id"],
                    payload["item_id"],
                    Status(payload["from_status"]),
                    Status(payload["to_status"]),
                    at,
                    "sync",
                    payload.get("evidenced") is True,
                )
            )
        elif kind == "field":
            changes.append(
                FieldChange(payload["id"], payload["item_id"], payload["field"], payload["value"], at, "sync")
            )
        elif kind == "step_event":
            ticks.append(
                StepEvent(payload["id"], payload["step_id"], payload["item_id"], payload["done"], at, "sync")
            )
        elif kind == "step_edit":
            edits.append(
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
        elif kind == "answer":
            if not stands("answer", payload["id"], event.seq):
                continue
            answers.append(
                Answer(
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
            )
        elif kind == "session":
            if not stands("session", payload["uid"], event.seq):
                continue
        elif kind == "plan":
            plans.append(payload)
        elif kind == "deleted":
            continue
        moments.append(at)
    progress.sort(key=log_order)
    changes.sort(key=log_order)
    ticks.sort(key=lambda tick: (tick.at, tick.id))
    edits.sort(key=lambda edit: (edit.at, edit.id))

    # each item's state (views.View._statuses): its newest status, and evidence from its field changes
    touched = {event.item_id for event in progress} | {change.item_id for change in changes}
    states = {
        item_id: derive_state(
            item_id,
            [e for e in progress if e.item_id == item_id],
            [c for c in changes if c.item_id == item_id],
        )
        for item_id in touched
    }
    statuses = {item_id: state.status for item_id, state in states.items()}
    evidenced = {item_id for item_id, state in states.items() if state.has_evidence}
    # the visible steps of every item (views.View.steps) and the credit they give (View.steps_credit)
    visible = {
        item.id: effective_steps(
            item.id, study.steps_of(item.id), [e for e in edits if e.item_id == item.id], item.title
        )
        for item in curriculum.items()
    }
    steps = rd.Steps({item_id: {s.id: s.minutes for s in shown} for item_id, shown in visible.items()}, ticks)
    # the plan per level: the newest version (made last, then revised last), as the merge keeps it
    versions = [((p["created_at"], p.get("revised_at", ""), "plan"), p) for p in plans]
    versions += [((p["created_at"], p["at"], "deleted"), p) for p in deleted_plans]  # a tie: the plan wins
    newest = {
        p["level"] if kind == "plan" else p["id"]: p for (*_, kind), p in sorted(versions, key=lambda v: v[0])
    }
    plan_of: dict[str, Plan] = {}
    for payload in (p for p in newest.values() if "level" in p):
        spec = PlanSpec(
            payload["level"],
            payload["days"],
            date.fromisoformat(payload["start"]),
            date.fromisoformat(payload["exam"]) if payload.get("exam") else None,
            frozenset(payload["study_weekdays"]),
            payload.get("minutes_per_day", 60),
        )

        def tasks(rows: Iterable[dict[str, Any]]) -> tuple[PlanTask, ...]:
            return tuple(
                PlanTask(
                    t["item_id"],
                    date.fromisoformat(t["due"]),
                    t.get("step_id"),
                    t.get("minutes", 0),
                    t.get("part", 1),
                    t.get("parts", 1),
                )
                for t in rows
            )

        plan_of[spec.level] = Plan(0, spec, tasks(payload["tasks"]), tasks(payload.get("baseline") or ()))
    # the levels prepared (views.View.preparing): with a plan or a status change
    active = set(plan_of) | {
        curriculum.item(e.item_id).level for e in progress if curriculum.has_item(e.item_id)
    }
    cards = rv.timelines(answers, changes, tz)
    recall = rt.recall_on(cards, today)
    first_day = _day_of(progress[0].at, tz) if progress else today
    levels = {}
    for level in curriculum.levels:
        if level.id not in active:
            continue
        plan = plan_of.get(level.id)
        scope = rd.scope(level.items, scheduling.phases_covered(plan.spec.days) if plan else None)
        now = rd.readiness(scope, statuses, evidenced, steps)
        history = rd.readiness_histories({level.id: scope}, progress, first_day, today, tz, steps)[level.id]
        exam = plan.spec.exam if plan else None
        buffer = None
        if plan is not None:  # views.View.plan_curve and .level
            at_end = step_plan.unscheduled(
                level, plan.spec, plan.first_schedule, lambda item: visible[item.id]
            )
            end = scheduling.last_day(plan.spec)
            baseline = (
                *plan.first_schedule,
                *(PlanTask(w.item_id, end, w.step_id, w.minutes) for w in at_end),
            )
            last = max([task.due for task in baseline] + [exam or plan.spec.start])
            curve = scheduling.plan_curve(scope, baseline, plan.spec.start, last)
            buffer = scheduling.buffer_days(now, curve, today)
            if exam is not None and exam < today:
                buffer = max(buffer, 0)
        outlook = forecast(history[-FORECAST_TAIL:], today, exam)
        levels[level.id] = {
            "readiness": now,
            "retained": rt.retained(scope, statuses, evidenced, recall, steps) if answers else None,
            "buffer_days": buffer,
            "exam": exam,
            "ready_on": outlook.ready_on,
            "on_time": outlook.on_time,
            "forecast": outlook.message,
        }
    ratings = rv.review_days(answers, changes, tz)
    return {"last_activity": max(moments, default=None), "levels": levels, "ratings": ratings}


def _figures(row: LearnerRow) -> dict[str, Any]:
    return {
        "last_activity": row.last_activity,
        "levels": {
            level.level: {
                "readiness": level.readiness,
                "retained": level.retained,
                "buffer_days": level.buffer_days,
                "exam": level.exam,
                "ready_on": level.ready_on,
                "on_time": level.on_time,
                "forecast": level.forecast,
            }
            for level in row.levels
        },
    }


@pytest.fixture(scope="module")
def packaged() -> tuple[Curriculum, StudySteps]:
    curriculum, _ = load_packaged_curriculum(None)
    return curriculum, load_study_steps()


def _assert_rows_match(
    curriculum: Curriculum,
    study: StudySteps,
    names: list[str],
    events: list[ServerEvent],
    tz: tzinfo,
    only: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Assert every learner's row (or `only` the one named) is the reference; return the references."""
    view = build_cohort(curriculum, names, events, TODAY, tz, "A", study)
    assert [row.name for row in view.learners] == sorted(names, key=str.casefold)
    references = {}
    for row in view.learners:
        if only is not None and row.name != only:
            continue
        log = [event for event in events if event.learner == row.name]
        expected = reference(curriculum, study, log, TODAY, tz)
        ratings = expected.pop("ratings")
        # readiness and retained are compared exactly: both sum integer units (and the same recall floats)
        assert _figures(row) == expected, row.name
        references[row.name] = {**expected, "ratings": ratings}
    return references


@pytest.mark.parametrize(
    "seed, tz",
    [(5, UTC), (17, ZoneInfo("America/New_York")), (29, ZoneInfo("Asia/Kolkata"))],
)
def test_every_figure_of_every_learner_is_the_app_s_own(packaged, seed, tz):
    curriculum, study = packaged
    names, generated = cohort_events(6, 400, seed=seed)
    events = _tricky(names, generated, curriculum)

    references = _assert_rows_match(curriculum, study, names, events, tz)

    assert len(references) == 6
    pace_start = datetime.combine(TODAY - timedelta(days=14), time(0), tz)
    for name, expected in references.items():
        statuses = [
            e.envelope.device_time for e in events if e.learner == name and e.envelope.kind == "status"
        ]
        assert min(statuses) < pace_start < max(statuses)  # the forecast's two days both read the log
        assert {"foundation", "professional"} <= set(expected["levels"]) <= {"foundation", "professional"}
    # the hand-made cases took effect in the reference, so the comparison covers them
    first, second, fourth = (references[names[n]] for n in (0, 1, 3))
    assert first["last_activity"] == datetime(2026, 2, 1, 9, tzinfo=UTC)  # the status dated after today
    skill = curriculum.level("foundation").items_of(Kind.SKILL)[0].id
    day = _day_of(datetime(2026, 1, 20, 11, 2, tzinfo=UTC), tz)
    assert (day, rv.HARD) in second["ratings"][skill]  # the low confidence rated the right answer Hard
    assert second["last_activity"] < datetime(2026, 1, 30, tzinfo=UTC)  # the deleted session left it
    assert fourth["levels"]["professional"]["buffer_days"] not in (None, -4)  # measured on its own plan


def test_a_plan_whose_exam_day_is_over_is_never_behind(packaged):
    curriculum, study = packaged
    names, generated = cohort_events(6, 400, seed=5)
    events = _tricky(names, generated, curriculum, exam_over=True)

    _assert_rows_match(curriculum, study, names, events, UTC, only=names[4])


def test_a_learner_who_started_within_the_forecast_s_window_is_forecast_as_in_the_app(packaged):
    curriculum, study = packaged
    names, generated = cohort_events(1, 400, seed=5)
    # the same log moved to begin 5 days before today: the first status change is well within the window
    shift = datetime.combine(TODAY - timedelta(days=5), time(8), UTC) - datetime(2026, 1, 1, tzinfo=UTC)
    moved = []
    for event in generated:
        envelope = event.envelope
        if envelope.kind == "plan":
            moved.append(event)
            continue
        at = envelope.device_time + shift
        if at.date() > TODAY:
            break
        payload = {**envelope.payload, "at": at.isoformat()}
        moved.append(
            ServerEvent(event.seq, event.learner, at, replace(envelope, payload=payload, device_time=at))
        )

    _assert_rows_match(curriculum, study, names, moved, UTC)

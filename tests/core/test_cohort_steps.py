"""The cohort view's step credit: each learner's own steps, never a neighbour's edits."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from mlops_tracker.core.cohort import build_cohort
from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain.model import Status
from mlops_tracker.domain.study import StepEdit, StepEvent, effective_steps
from mlops_tracker.formats.seed import load_packaged_curriculum
from mlops_tracker.formats.study import load_study_steps
from mlops_tracker.sync.envelope import EventEnvelope, ServerEvent

ITEM = "foundation.skill.ml-lifecycle"
OTHER = "foundation.skill.versioning-lineage"  # in progress: the level has a status change, so a row
TODAY = date(2026, 5, 20)


def _event(learner: str, seq: int, kind: str, at: datetime, **payload: object) -> ServerEvent:
    payload = {"id": str(uuid.uuid4()), "item_id": ITEM, "at": at.isoformat(), "source": "ui", **payload}
    return ServerEvent(seq, learner, at, EventEnvelope(uuid.uuid4(), kind, payload, at, "laptop"))


def _log(learner: str, steps: list[str], hide: bool) -> list[ServerEvent]:
    """Return ticks of the item's first three steps (one after the forecast's first day), maybe a hide."""
    start = datetime(2026, 4, 1, 9, tzinfo=UTC)
    log = [
        _event(learner, 0, "status", start, item_id=OTHER, from_status="todo", to_status="in_progress"),
        _event(learner, 1, "step_event", start, step_id=steps[0], done=True),
        _event(learner, 2, "step_event", start + timedelta(hours=1), step_id=steps[1], done=True),
        _event(learner, 3, "step_event", datetime(2026, 5, 18, 9, tzinfo=UTC), step_id=steps[2], done=True),
    ]
    if hide:
        log.append(_event(learner, 4, "step_edit", start, step_id=steps[3], field="hidden", value="1"))
    return log


def test_a_learner_s_step_edits_stay_theirs_and_each_figure_is_the_domain_s():
    curriculum, _ = load_packaged_curriculum(None)
    study = load_study_steps()
    steps = [step.id for step in study.steps_of(ITEM)]
    assert len(steps) >= 4
    ana, bob = _log("ana", steps, hide=True), _log("bob", steps, hide=False)
    # ana comes first: her hidden step must not reach bob, who edits nothing and reads the shared minutes
    pair = build_cohort(curriculum, ["ana", "bob"], ana + bob, TODAY, UTC, "A", study)
    alone = build_cohort(curriculum, ["bob"], bob, TODAY, UTC, "A", study)
    assert pair.learners[1] == alone.learners[0]

    level = next(level for level in curriculum.levels if level.id == "foundation")
    for row, log in zip(pair.learners, (ana, bob), strict=True):
        ticks = [
            StepEvent(p["id"], p["step_id"], p["item_id"], p["done"], e.envelope.device_time, "sync")
            for e in log
            if (p := e.envelope.payload) and e.envelope.kind == "step_event"
        ]
        edits = [
            StepEdit(p["id"], p["step_id"], p["item_id"], p["field"], p["value"], e.envelope.device_time, "x")
            for e in log
            if (p := e.envelope.payload) and e.envelope.kind == "step_edit"
        ]
        visible = effective_steps(ITEM, study.steps_of(ITEM), edits, curriculum.item(ITEM).title)
        credit = rd.Steps({ITEM: {step.id: step.minutes for step in visible}}, ticks)
        (figure,) = [level_row for level_row in row.levels if level_row.level == "foundation"]
        expected = rd.readiness(rd.scope(level.items), {OTHER: Status.IN_PROGRESS}, set(), credit)
        assert figure.readiness == expected
    # the hidden step leaves the item's minutes: the same ticks are a bigger share of ana's
    assert pair.learners[0].levels[0].readiness > pair.learners[1].levels[0].readiness

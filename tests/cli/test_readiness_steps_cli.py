"""Partial credit for steps in `status --json`, and the same figure on a trainer's Cohort page."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from mlops_tracker.core.cohort import build_cohort
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import KINDS, Kind
from mlops_tracker.storage import sync_local as local
from mlops_tracker.sync.envelope import EventEnvelope, ServerEvent

ITEM = "foundation.skill.ml-lifecycle"
PROJECT_KIND = Kind.PROJECT.value


def _items(run):
    code, out, _ = run("items", "--level", "foundation", "--json")
    assert code == 0
    return {item["id"]: item for item in json.loads(out)}


def _readiness(run) -> float:
    code, out, _ = run("status", "--json")
    assert code == 0
    return json.loads(out)["levels"]["foundation"]["readiness"]


def test_ticked_steps_give_their_share_of_the_item_s_minutes(run):
    items = _items(run)
    total_weight = sum(KINDS[Kind(item["kind"])].weight for item in items.values())
    steps = items[ITEM]["steps"]
    minutes = sum(step["minutes"] for step in steps)
    ticked = 0
    figures = []
    for step in steps[:-1]:
        assert run("mark", step["id"], "done")[0] == 0
        ticked += step["minutes"]
        share = max(ticked / minutes, 0.25)  # in progress earns at least its quarter
        assert _readiness(run) == round(100 * 2 * share / total_weight, 1)
        figures.append(_readiness(run))
    assert figures == sorted(figures) and figures[-1] > figures[0]
    run("mark", steps[-1]["id"], "done")
    assert _readiness(run) == round(100 * 2 / total_weight, 1)  # the item is done: its full weight
    # undo of a step tick restores the figure before it
    assert run("undo")[0] == 0
    assert _readiness(run) == figures[-1]


def test_a_learner_s_cohort_figure_equals_their_own_status(run, folder):
    items = _items(run)
    skill_steps = items[ITEM]["steps"]
    run("mark", skill_steps[0]["id"], "done")
    run("mark", skill_steps[1]["id"], "done")
    project = next(item for item in items.values() if item["kind"] == PROJECT_KIND)
    for step in project["steps"][:2]:
        run("mark", step["id"], "done")
    other = next(item for item in items.values() if item["kind"] == "skill" and item["id"] != ITEM)
    run("mark", other["id"], "done")
    # a hidden step leaves the item's minutes: the cohort must see the learner's edits too
    assert run("step", "hide", project["steps"][-2]["id"])[0] == 0
    own = _readiness(run)

    tracker = Tracker.open(folder)
    try:
        with tracker.database.snapshot() as session:
            records = local.pending_records(local.raw(session))
        now = datetime.now(UTC)
        events = [
            ServerEvent(n, "ana", now, EventEnvelope(r.event_id, r.kind, r.payload, r.at, "laptop"))
            for n, r in enumerate(records, start=1)
        ]
        assert any(r.kind == "step_event" for r in records)
        view = build_cohort(
            tracker.curriculum, ["ana"], events, tracker.clock.today(), tracker.clock.tz, "A", tracker.study
        )
        exact = tracker.readiness("foundation")
    finally:
        tracker.close()
    (row,) = [row for row in view.learners[0].levels if row.level == "foundation"]
    assert row.readiness == exact  # the same function on the same data: the same float
    assert view.as_json()["learners"][0]["levels"][0]["readiness"] == own

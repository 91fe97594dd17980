"""A study session on a step: the command checks the step, undo keeps it, the export and sync carry it."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from mlops_tracker.core import files
from mlops_tracker.core import sync as core_sync
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import LogStudySession
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import NotFound
from mlops_tracker.formats.export import ExportRejected
from mlops_tracker.storage import sync_local
from mlops_tracker.sync.envelope import EventEnvelope, ServerEvent

DAY = date(2026, 11, 26)
ITEM = "foundation.skill.ml-lifecycle"
STEP = "foundation.skill.ml-lifecycle:read-google-mlops-levels"
OTHER = "foundation.skill.team-roles"


def _open(folder: Path) -> Tracker:
    return Tracker.open(folder, source="cli", clock=Clock(tz=UTC, fixed_day=DAY))


@pytest.fixture
def tracker(tmp_path):
    tracker = _open(tmp_path / "a")
    yield tracker
    tracker.close()


def _rows(tracker: Tracker) -> list[tuple[object, ...]]:
    return [(s.minutes, s.item_id, s.step_id) for s in tracker.study_sessions()]


def test_a_session_keeps_its_step_through_undo_and_redo(tracker):
    tracker.run(LogStudySession(day=DAY, minutes=25, item_id=ITEM, step_id=STEP))
    assert _rows(tracker) == [(25, ITEM, STEP)]
    tracker.undo()
    assert _rows(tracker) == []
    tracker.redo()
    assert _rows(tracker) == [(25, ITEM, STEP)]
    assert tracker.view().minutes_by_step == {STEP: 25}


@pytest.mark.parametrize(
    ("item_id", "step_id", "words"),
    [
        (OTHER, STEP, "is not a step of"),
        (None, STEP, "is not a step of an item"),
        (ITEM, f"{ITEM}:no-such-step", "Unknown step"),
    ],
)
def test_a_step_that_is_not_the_item_s_is_refused_and_nothing_is_written(tracker, item_id, step_id, words):
    with pytest.raises(NotFound, match=words):
        tracker.run(LogStudySession(day=DAY, minutes=25, item_id=item_id, step_id=step_id))
    assert _rows(tracker) == []


def test_a_hidden_step_still_takes_a_session_so_undo_can_bring_one_back(tracker):
    tracker.run(LogStudySession(day=DAY, minutes=25, item_id=ITEM, step_id=STEP))
    tracker.undo()
    tracker.edit_step(ITEM, STEP, ("hidden", "1"))
    tracker.run(LogStudySession(day=DAY, minutes=5, item_id=ITEM, step_id=STEP))
    assert _rows(tracker) == [(5, ITEM, STEP)]


# ---- the export ------------------------------------------------------------------------------


def test_the_export_round_trips_each_session_s_step(tracker, tmp_path):
    tracker.run(LogStudySession(day=DAY, minutes=25, item_id=ITEM, step_id=STEP))
    tracker.run(LogStudySession(day=DAY, minutes=10, item_id=ITEM))
    tracker.run(LogStudySession(day=DAY, minutes=5))
    path = tmp_path / "export.json"
    files.export_json(tracker, path)
    sessions = json.loads(path.read_text(encoding="utf-8"))["study_sessions"]
    assert [s["step_id"] for s in sessions] == [STEP, None, None]
    other = _open(tmp_path / "b")
    try:
        files.import_json(other, path)
        assert sorted(_rows(other), key=repr) == sorted(_rows(tracker), key=repr)
    finally:
        other.close()


def test_an_older_export_without_step_ids_still_imports(tracker, tmp_path):
    tracker.run(LogStudySession(day=DAY, minutes=25, item_id=ITEM, step_id=STEP))
    path = tmp_path / "export.json"
    files.export_json(tracker, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    for session in document["study_sessions"]:
        del session["step_id"]
    path.write_text(json.dumps(document), encoding="utf-8")
    other = _open(tmp_path / "b")
    try:
        files.import_json(other, path)
        assert _rows(other) == [(25, ITEM, None)]
    finally:
        other.close()


def test_an_import_naming_a_step_of_another_item_is_refused(tracker, tmp_path):
    tracker.run(LogStudySession(day=DAY, minutes=25, item_id=ITEM, step_id=STEP))
    path = tmp_path / "export.json"
    files.export_json(tracker, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["study_sessions"][0]["item_id"] = OTHER
    path.write_text(json.dumps(document), encoding="utf-8")
    other = _open(tmp_path / "b")
    try:
        with pytest.raises(ExportRejected, match=r"study_sessions\[0\]\.step_id"):
            files.import_json(other, path)
        assert _rows(other) == []
    finally:
        other.close()


# ---- sync: the "session" payload -------------------------------------------------------------


def _pending_sessions(tracker: Tracker) -> list[dict[str, object]]:
    connection = sqlite3.connect(tracker.database.path)
    try:
        return [r.payload for r in sync_local.pending_records(connection) if r.kind == "session"]
    finally:
        connection.close()


def test_the_session_payload_carries_its_step_and_leaves_it_out_without_one(tracker):
    tracker.run(LogStudySession(day=DAY, minutes=25, item_id=ITEM, step_id=STEP))
    tracker.run(LogStudySession(day=DAY, minutes=5))
    payloads = _pending_sessions(tracker)
    assert [p.get("step_id") for p in payloads] == [STEP, None]
    assert "step_id" not in payloads[1]  # an older app reads a step-less payload as before


def _pulled(payloads: list[dict[str, object]]) -> tuple[ServerEvent, ...]:
    moment = datetime(2026, 11, 26, 9, tzinfo=UTC)
    return tuple(
        ServerEvent(n, "Ana", moment, EventEnvelope(uuid.uuid4(), "session", payload, moment, "laptop"))
        for n, payload in enumerate(payloads, 1)
    )


def test_pulled_sessions_apply_with_their_step_and_older_payloads_without_one(tracker, tmp_path):
    source = _open(tmp_path / "laptop")
    try:
        source.run(LogStudySession(day=DAY, minutes=25, item_id=ITEM, step_id=STEP))
        source.run(LogStudySession(day=DAY, minutes=10, item_id=ITEM, step_id=STEP))
        new, old = _pending_sessions(source)
    finally:
        source.close()
    del old["step_id"]  # as an app before steps in sessions sent it
    core_sync._apply_page(tracker, _pulled([new, old]), high_water=2)
    assert sorted(_rows(tracker), key=repr) == sorted([(25, ITEM, STEP), (10, ITEM, None)], key=repr)

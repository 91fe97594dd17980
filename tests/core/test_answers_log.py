"""Answers are events: recorded by a command, undone only by their owner, exported and imported by id."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import pytest

from mlops_tracker.core import files
from mlops_tracker.core.answer_commands import RecordAnswers
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.errors import UserError

DAY = date(2026, 11, 20)
QUESTION = "q.foundation.skill.ml-lifecycle.stage-order"
ITEM = "foundation.skill.ml-lifecycle"


def _open(folder, source: str = "cli") -> Tracker:
    return Tracker.open(folder, clock=Clock(tz=UTC, fixed_day=DAY), source=source)


def _answer(choice: int = 2, practice: str | None = None) -> Answer:
    moment = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    return Answer(str(uuid.uuid4()), QUESTION, ITEM, choice, choice == 2, 12, moment, "cli", practice)


@pytest.fixture
def tracker(tmp_path):
    opened = _open(tmp_path / "a")
    yield opened
    opened.close()


def test_an_answer_is_recorded_undone_and_redone_with_its_id(tracker):
    answer = _answer()
    changes = tracker.run(RecordAnswers((answer,)))
    assert changes.reviews and tracker.answers() == [answer]
    tracker.undo()
    assert tracker.answers() == []
    tracker.redo()
    assert tracker.answers() == [answer]


def test_the_window_cannot_undo_an_answer_given_on_the_command_line(tracker, tmp_path):
    tracker.run(RecordAnswers((_answer(),)))
    window = _open(tmp_path / "a", source="ui")
    try:
        with pytest.raises(UserError, match="Nothing to undo"):
            window.undo()
    finally:
        window.close()
    assert len(tracker.answers()) == 1


def test_answers_export_and_import_as_a_union_by_id(tracker, tmp_path):
    first, second = _answer(), _answer(choice=1, practice=str(uuid.uuid4()))
    tracker.run(RecordAnswers((first, second), verb="Practice exam"))
    path = tmp_path / "export.json"
    files.export_json(tracker, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format_version"] == 3 and len(data["answers"]) == 2
    other = _open(tmp_path / "b")
    try:
        other.run(RecordAnswers((_answer(),)))
        files.import_json(other, path)
        files.import_json(other, path)  # a second import adds nothing
        assert {a.id for a in other.answers()} >= {first.id, second.id}
        assert len(other.answers()) == 3
        assert sorted(other.answers(), key=lambda a: a.id) == sorted(
            [*tracker.answers(), *[a for a in other.answers() if a.id not in {first.id, second.id}]],
            key=lambda a: a.id,
        )
    finally:
        other.close()


def test_a_version_2_export_without_answers_still_imports(tracker, tmp_path):
    path = tmp_path / "v2.json"
    document = files.export_document(tracker)
    document["format_version"] = 2
    for section in ("answers", "step_events", "step_edits", "exam_results"):  # all new in version 3
        del document[section]
    for plan in document["plans"]:
        del plan["minutes_per_day"], plan["baseline"]
    path.write_text(json.dumps(document), encoding="utf-8")
    files.import_json(tracker, path)  # nothing to add, and no refusal


def test_answers_in_a_version_2_file_are_refused(tracker, tmp_path):
    tracker.run(RecordAnswers((_answer(),)))
    document = files.export_document(tracker)
    document["format_version"] = 2
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UserError, match="format_version 3"):
        files.import_json(tracker, path)


def test_an_answer_with_a_choice_outside_the_four_is_refused(tracker, tmp_path):
    tracker.run(RecordAnswers((_answer(),)))
    document = files.export_document(tracker)
    document["answers"][0]["choice"] = 4
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UserError, match=r"answers\[0\]\.choice"):
        files.import_json(tracker, path)

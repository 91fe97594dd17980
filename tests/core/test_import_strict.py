"""Issue 10, items 4 and 8: imported values are as strict as typed input (settings included), and an
import holds at most what keeps every page responsive."""

from __future__ import annotations

import json
import time
from datetime import UTC, date
from pathlib import Path
from typing import Any

import pytest

from mlops_tracker.core import files
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.limits import MAX_IMPORT_EVENTS, MAX_TEXT
from mlops_tracker.domain.model import Status
from mlops_tracker.formats import export
from mlops_tracker.formats.export import ExportRejected, plan_task_limit
from mlops_tracker.storage import transfer as store

DAY = date(2026, 11, 2)
ITEM = "foundation.skill.ml-lifecycle"


@pytest.fixture
def tracker(tmp_path) -> Tracker:
    opened = Tracker.open(tmp_path / "data", source="cli", clock=Clock(tz=UTC, fixed_day=DAY))
    opened.create_plan(opened.plan_spec("foundation", 30, start=DAY))
    opened.run(UpdateItem(ITEM, status=Status.DONE, notes="n", confidence=3))
    opened.set_setting("theme", "dark")
    yield opened
    opened.close()


@pytest.fixture
def document(tracker) -> dict[str, Any]:
    return json.loads(json.dumps(files.export_document(tracker)))


def _dump(tracker: Tracker) -> dict[str, Any]:
    with tracker.database.transaction() as session:
        return store.dump(session)


def _rejected(tracker: Tracker, tmp_path: Path, data: Any) -> ExportRejected:
    path = tmp_path / "import.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = _dump(tracker)
    with pytest.raises(ExportRejected) as caught:
        files.import_json(tracker, path)
    assert _dump(tracker) == before
    return caught.value


def _has(error: ExportRejected, where: str, words: str) -> bool:
    return any(path == where and words in what for path, what in error.problems)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("window_geometry", "abc", "saved layout"),  # reproduction 3: it stopped the window
        ("window_state", 12, "saved layout"),
        ("theme", "neon", "one of system, light, dark"),
        ("reminder_time", "25:00", "HH:MM"),
        ("wizard_done", "yes", "true or false"),
        ("last_page", "../../etc", "page name"),
        ("role", "x" * 201, "at most 200"),
    ],
)
def test_a_known_setting_with_a_bad_value_is_refused(tracker, document, tmp_path, key, value, words):
    document["settings"][key] = value
    error = _rejected(tracker, tmp_path, document)
    assert _has(error, f"settings.{key}", words), error.problems


def test_unknown_settings_are_left_out_and_named_in_the_preview(tmp_path, document):
    other = Tracker.open(tmp_path / "other", source="cli", clock=Clock(tz=UTC, fixed_day=DAY))
    document["settings"]["colour_of_the_sky"] = "blue"
    document["settings"]["reminder_time"] = "07:45"
    path = tmp_path / "import.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    lines = files.preview_import(other, path).describe()
    assert any("left out" in line and "colour_of_the_sky" in line for line in lines)
    files.import_json(other, path)
    assert other.setting("colour_of_the_sky") is None
    assert other.setting("reminder_time") == "07:45"
    other.close()


def test_the_seed_digest_of_another_computer_is_never_imported(tmp_path, document):
    other = Tracker.open(tmp_path / "other", source="cli", clock=Clock(tz=UTC, fixed_day=DAY))
    with other.database.transaction() as session:
        from sqlalchemy import text

        session.execute(text("DELETE FROM settings WHERE key = 'seed_digest'"))
    document["settings"]["seed_digest"] = "ab" * 32
    path = tmp_path / "import.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    files.import_json(other, path)
    assert other.setting("seed_digest") is None
    other.close()


@pytest.mark.parametrize(
    ("mutate", "where", "words"),
    [
        (lambda d: d["field_changes"][0].update(field="confidence", value=6), "field_changes[0].value", ""),
        (lambda d: d["field_changes"][0].update(field="notes", value=4), "field_changes[0].value", "text"),
        (
            lambda d: d["field_changes"][0].update(field="confidence", value="4"),
            "field_changes[0].value",
            "whole number",
        ),
        (lambda d: d["field_changes"][0].update(value="x" * (MAX_TEXT + 1)), "field_changes[0].value", ""),
        (lambda d: d["items"][0].update(notes="not what the log says"), "items[0].notes", "newest notes"),
        (
            lambda d: d["study_sessions"].append(_session(day="2100-01-01")),
            "study_sessions[0].day",
            "supported",
        ),
        (lambda d: d["plans"][0].update(start="2099-12-20"), "plans[0]", "outside the supported dates"),
        (lambda d: d["plans"][0].update(days=61), "plans[0].days", "less than or equal to 60"),
        (lambda d: d["plans"][0].update(study_weekdays=[7]), "plans[0].study_weekdays[0]", "or equal to 6"),
        (lambda d: d["events"][0].update(at="9999-12-31T00:00:00Z"), "events[0].at", "supported dates"),
        (lambda d: d.pop("field_changes"), "field_changes", "required"),
        (
            lambda d: d["plans"][0]["tasks"].append(dict(d["plans"][0]["tasks"][0])),
            "plans[0].tasks",
            "",
        ),
        (
            lambda d: d["plans"][0]["tasks"][0].update(item_id="professional.skill.ml-cicd"),
            "plans[0].tasks[0].item_id",
            "not part of the foundation level",
        ),
    ],
)
def test_each_imported_value_passes_the_checks_of_typed_input(
    tracker, document, tmp_path, mutate, where, words
):
    mutate(document)
    error = _rejected(tracker, tmp_path, document)
    assert any(path.startswith(where) and words in what for path, what in error.problems), error.problems


def _session(day: str) -> dict[str, Any]:
    return {"uid": "s-far", "day": day, "minutes": 30, "item_id": None, "created_at": "2026-11-02T10:00:00Z"}


def test_an_imported_plan_with_300000_tasks_is_refused_naming_the_limit(tracker, document, tmp_path):
    """Reproduction 13: such a plan froze the Plan page; a plan holds its items' steps and their parts."""
    task = document["plans"][0]["tasks"][0]
    document["plans"][0]["tasks"] = [task] * 300_000
    started = time.perf_counter()
    error = _rejected(tracker, tmp_path, document)
    foundation = plan_task_limit("foundation", {i.id: i.level for i in tracker.curriculum.items()})
    assert _has(error, "plans[0].tasks", f"300,000 tasks; a foundation plan holds at most {foundation}")
    assert len(error.problems) == 1  # one line naming the limit, not 300,000 duplicates
    assert time.perf_counter() - started < 30  # refused without scheduling or storing anything


@pytest.mark.parametrize(
    ("section", "limit"),
    [
        ("events", "MAX_IMPORT_EVENTS"),
        ("field_changes", "MAX_IMPORT_FIELD_CHANGES"),
        ("study_sessions", "MAX_IMPORT_SESSIONS"),
    ],
)
def test_an_import_with_more_than_a_section_s_limit_is_refused(
    tracker, document, tmp_path, monkeypatch, section, limit
):
    monkeypatch.setattr(export, limit, 3)  # the real limits are tens of thousands: same rule, smaller file
    entry = document[section][0] if document[section] else _session("2026-11-02")
    key = "uid" if section == "study_sessions" else "id"
    document[section] = [dict(entry, **{key: f"x{n}"}) for n in range(4)]
    error = _rejected(tracker, tmp_path, document)
    assert error.problems == ((section, f"4 {section.replace('_', ' ')}; an import holds at most 3"),)


def test_the_limits_leave_room_for_years_of_study():
    assert MAX_IMPORT_EVENTS >= 365 * 5 * 20  # twenty changes a day for five years


def test_the_app_s_own_export_imports_after_a_clock_that_went_back(tmp_path):
    tracker = Tracker.open(tmp_path / "a", source="cli", clock=Clock(tz=UTC, fixed_day=date(2027, 6, 1)))
    tracker.run(UpdateItem(ITEM, status=Status.DONE, notes="later"))
    tracker.clock = Clock(tz=UTC, fixed_day=DAY)
    tracker.run(UpdateItem(ITEM, status=Status.TODO, notes="earlier clock"))
    events = tracker.events()
    assert events[-1].to_status is Status.TODO and events[-1].at > events[0].at  # log order is time order
    other = Tracker.open(tmp_path / "b", source="cli", clock=Clock(tz=UTC, fixed_day=DAY))
    path = tmp_path / "export.json"
    files.export_json(tracker, path)
    files.import_json(other, path)
    assert other.states() == tracker.states()
    assert other.item(ITEM).state.notes == "earlier clock"
    tracker.close()
    other.close()

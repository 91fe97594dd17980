"""Export and import: a lossless round trip, a merge that never lets older data win, strict validation."""

from __future__ import annotations

import copy
import csv
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlops_tracker.core import files
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import LogStudySession, UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import Status
from mlops_tracker.formats.export import ExportRejected
from mlops_tracker.paths import backups_dir
from mlops_tracker.storage import transfer as store
from mlops_tracker.storage.integrity import full_check

DAY1 = date(2026, 11, 2)  # a Monday
SKILL = "foundation.skill.ml-lifecycle"
ROLES = "foundation.skill.team-roles"
PROJECT = "foundation.project.regression-workflow"


def _open(folder: Path, day: date = DAY1) -> Tracker:
    return Tracker.open(folder, source="cli", clock=Clock(tz=UTC, fixed_day=day))


def _on(tracker: Tracker, day: date) -> Tracker:
    tracker.clock = Clock(tz=UTC, fixed_day=day)
    return tracker


def _dump(tracker: Tracker) -> dict[str, Any]:
    with tracker.database.transaction() as session:
        return store.dump(session)


@pytest.fixture
def filled(tmp_path) -> Tracker:
    """Return a tracker with progress over several days, notes, evidence, two plans, sessions, settings."""
    tracker = _open(tmp_path / "a")
    tracker.create_plan(tracker.plan_spec("foundation", 30, start=DAY1, exam=DAY1 + timedelta(days=35)))
    tracker.run(UpdateItem(SKILL, status=Status.IN_PROGRESS, notes="chapter 1", confidence=2))
    _on(tracker, DAY1 + timedelta(days=1))
    tracker.run(UpdateItem(SKILL, status=Status.DONE, confidence=4))
    tracker.run(UpdateItem(ROLES, status=Status.SKIPPED))
    tracker.run(LogStudySession(day=DAY1 + timedelta(days=1), minutes=45, item_id=SKILL))
    _on(tracker, DAY1 + timedelta(days=3))
    tracker.run(UpdateItem(PROJECT, status=Status.DONE, evidence="https://example.org/repo"))
    tracker.create_plan(tracker.plan_spec("professional", 14, start=DAY1 + timedelta(days=3)))
    tracker.run(LogStudySession(day=DAY1 + timedelta(days=3), minutes=20))
    tracker.set_setting("theme", "dark")
    tracker.set_setting("reminder_time", "08:30")
    yield tracker
    tracker.close()


@pytest.fixture
def empty(tmp_path) -> Tracker:
    tracker = _open(tmp_path / "b", DAY1 + timedelta(days=3))
    yield tracker
    tracker.close()


def _export(tracker: Tracker, path: Path) -> Path:
    files.export_json(tracker, path)
    return path


# ---- round trip -------------------------------------------------------------------------------


def test_export_then_import_into_an_empty_folder_gives_the_same_data(filled, empty, tmp_path):
    path = _export(filled, tmp_path / "export.json")
    result = files.import_json(empty, path)
    assert result.backup is not None
    assert empty.states() == filled.states()
    assert empty.events() == filled.events()
    assert [(p.spec, p.tasks) for p in empty.plans()] == [(p.spec, p.tasks) for p in filled.plans()]
    _on(filled, DAY1 + timedelta(days=3))
    assert empty.readiness_histories() == filled.readiness_histories()
    assert [(s.day, s.minutes, s.item_id) for s in empty.study_sessions()] == [
        (s.day, s.minutes, s.item_id) for s in filled.study_sessions()
    ]
    assert empty.setting("reminder_time") == "08:30"
    assert _dump(empty) == _dump(filled)
    assert full_check(empty.database.path).ok


def test_the_export_is_documented_json_with_a_version_and_unique_event_ids(filled, tmp_path):
    data = json.loads(_export(filled, tmp_path / "export.json").read_text(encoding="utf-8"))
    assert data["format"] == "mlops-tracker-export" and data["format_version"] == 3
    assert set(data) == {
        "format",
        "format_version",
        "exported_at",
        "app_version",
        "seed_version",
        "items",
        "events",
        "field_changes",
        "plans",
        "study_sessions",
        "settings",
        "step_events",
        "step_edits",
        "exam_results",
        "answers",
    }
    ids = [event["id"] for event in data["events"]]
    assert len(ids) == len(set(ids)) == 4
    assert data["events"][0]["at"].endswith("Z")


def test_importing_the_same_file_twice_changes_nothing_the_second_time(filled, empty, tmp_path):
    path = _export(filled, tmp_path / "export.json")
    files.import_json(empty, path)
    before = _dump(empty)
    again = files.import_json(empty, path)
    assert again.backup is None and again.preview.nothing_to_do
    assert _dump(empty) == before


def test_an_import_can_be_undone_exactly(filled, tmp_path):
    other = _open(tmp_path / "c", DAY1 + timedelta(days=10))
    other.run(UpdateItem(SKILL, status=Status.SKIPPED))
    path = _export(other, tmp_path / "other.json")
    before = _dump(filled)
    result = files.import_json(filled, path)
    assert _dump(filled) != before
    files.undo_import(filled, result)
    assert _dump(filled) == before
    assert filled.item(SKILL).state.status is Status.DONE
    other.close()


def test_an_import_is_not_undone_over_later_changes(filled, tmp_path):
    """Restoring the pre-import backup would drop a tick made after the import: refuse instead."""
    other = _open(tmp_path / "c", DAY1 + timedelta(days=10))
    other.run(UpdateItem(SKILL, status=Status.SKIPPED))
    path = _export(other, tmp_path / "other.json")
    result = files.import_json(filled, path)
    filled.run(UpdateItem("foundation.skill.team-roles", status=Status.DONE))
    after_tick = _dump(filled)
    with pytest.raises(UserError, match="can no longer be undone"):
        files.undo_import(filled, result)
    assert _dump(filled) == after_tick
    other.close()


def test_preview_says_what_will_change_and_changes_nothing(filled, empty, tmp_path):
    path = _export(filled, tmp_path / "export.json")
    before = _dump(empty)
    preview = files.preview_import(empty, path)
    assert _dump(empty) == before
    assert preview.new_events == 8  # 4 status events and 4 changes of notes, evidence or confidence
    assert {(c.item_id, c.before, c.after) for c in preview.status_changes} == {
        (SKILL, "todo", "done"),
        (ROLES, "todo", "skipped"),
        (PROJECT, "todo", "done"),
    }
    assert set(preview.plans_added) == {"foundation", "professional"}
    assert preview.new_sessions == 2
    assert set(preview.new_settings) == {"theme", "reminder_time"}
    lines = preview.describe({SKILL: "Understanding the ML lifecycle"})
    assert "8 new events in the progress log" in lines
    assert any("Understanding the ML lifecycle: status todo → done" in line for line in lines)
    assert not list(backups_dir(empty.folder).glob("*")) if backups_dir(empty.folder).exists() else True


# ---- merge semantics --------------------------------------------------------------------------


def test_events_are_united_by_id(filled, tmp_path):
    other = _open(tmp_path / "c", DAY1 + timedelta(days=5))
    other.run(UpdateItem(ROLES, status=Status.DONE))
    path = _export(other, tmp_path / "other.json")
    ours = {e.id for e in filled.events()}
    files.import_json(filled, path)
    assert {e.id for e in filled.events()} == ours | {e.id for e in other.events()}
    assert full_check(filled.database.path).ok
    other.close()


def test_an_older_change_from_the_file_never_overwrites_a_newer_one_here(filled, tmp_path):
    other = _open(tmp_path / "c", DAY1)  # before `filled` marked the skill done on day 2
    other.run(UpdateItem(SKILL, status=Status.SKIPPED))
    path = _export(other, tmp_path / "other.json")
    files.import_json(filled, path)
    assert filled.item(SKILL).state.status is Status.DONE
    assert len(filled.events()) == 5  # the older event joins the history all the same
    other.close()


def test_a_newer_change_from_the_file_becomes_the_current_status(filled, tmp_path):
    other = _open(tmp_path / "c", DAY1 + timedelta(days=9))
    other.run(UpdateItem(SKILL, status=Status.IN_PROGRESS, notes="start over"))
    path = _export(other, tmp_path / "other.json")
    files.import_json(filled, path)
    state = filled.item(SKILL).state
    assert state.status is Status.IN_PROGRESS
    assert state.notes == "start over"  # the newer notes come along
    assert full_check(filled.database.path).ok
    other.close()


def test_older_notes_in_the_file_do_not_replace_newer_ones(filled, tmp_path):
    other = _open(tmp_path / "c", DAY1 - timedelta(days=20))
    other.run(UpdateItem(SKILL, notes="old notes"))
    path = _export(other, tmp_path / "other.json")
    files.import_json(filled, path)
    assert filled.item(SKILL).state.notes == "chapter 1"
    other.close()


def test_plans_are_replaced_only_by_newer_ones_and_settings_keep_existing_keys(filled, tmp_path):
    other = _open(tmp_path / "c", DAY1 + timedelta(days=20))
    other.create_plan(other.plan_spec("foundation", 14, start=DAY1 + timedelta(days=20)))
    other.create_plan(other.plan_spec("advanced", 60, start=DAY1 + timedelta(days=20)))
    other.set_setting("theme", "light")
    other.set_setting("wizard_done", True)
    path = _export(other, tmp_path / "other.json")
    professional = filled.plan("professional")
    files.import_json(filled, path)
    assert filled.plan("foundation").spec.days == 14  # newer: replaced
    assert filled.plan("advanced") is not None  # new level: added
    assert filled.plan("professional").tasks == professional.tasks  # not in the file: kept
    assert filled.setting("theme") == "dark" and filled.setting("wizard_done") is True
    other.close()


def test_an_older_plan_in_the_file_does_not_replace_the_plan_here(filled, tmp_path):
    other = _open(tmp_path / "c", DAY1 - timedelta(days=30))
    other.create_plan(other.plan_spec("foundation", 7, start=DAY1 - timedelta(days=30)))
    path = _export(other, tmp_path / "other.json")
    # the plan's created_at is the real time of the run; make the file's plan clearly older
    data = json.loads(path.read_text())
    data["plans"][0]["created_at"] = "2020-01-01T00:00:00Z"
    path.write_text(json.dumps(data))
    files.import_json(filled, path)
    assert filled.plan("foundation").spec.days == 30
    other.close()


def test_study_sessions_are_united_by_uid(filled, empty, tmp_path):
    empty.run(LogStudySession(day=DAY1, minutes=15))
    path = _export(filled, tmp_path / "export.json")
    files.import_json(empty, path)
    files.import_json(empty, path)
    assert sorted(s.minutes for s in empty.study_sessions()) == [15, 20, 45]


# ---- files ------------------------------------------------------------------------------------


def test_the_csv_has_every_item_and_defuses_formulas(filled, tmp_path):
    filled.run(UpdateItem(ROLES, notes='=HYPERLINK("http://evil")'))
    path = tmp_path / "checklist.csv"
    rows_written = files.export_csv(filled, path)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == rows_written == len(list(filled.curriculum.items()))
    by_id = {row["id"]: row for row in rows}
    assert by_id[SKILL]["status"] == "done" and by_id[SKILL]["confidence"] == "4"
    assert by_id[ROLES]["notes"].startswith("'=")


def test_a_failed_export_leaves_no_partial_file(filled, tmp_path):
    with pytest.raises(files.ExportFailed, match="Cannot write"):
        files.export_json(filled, tmp_path / "missing-folder" / "export.json")
    existing = tmp_path / "keep.json"
    existing.write_text("old content")
    (tmp_path / ".keep.json.tmp").mkdir()  # the temporary file cannot be made
    with pytest.raises(files.ExportFailed):
        files.export_json(filled, existing)
    assert existing.read_text() == "old content"


# ---- validation -------------------------------------------------------------------------------


@pytest.fixture
def document(filled) -> dict[str, Any]:
    return json.loads(json.dumps(files.export_document(filled)))


def _rejected(tracker: Tracker, tmp_path: Path, data: Any, raw: str | None = None) -> ExportRejected:
    path = tmp_path / "import.json"
    path.write_text(raw if raw is not None else json.dumps(data), encoding="utf-8")
    before = _dump(tracker)
    with pytest.raises(ExportRejected) as caught:
        files.import_json(tracker, path)
    assert _dump(tracker) == before
    return caught.value


@pytest.mark.parametrize(
    ("mutate", "where", "words"),
    [
        (lambda d: d["events"][0].update(evidenced="yes"), "events[0].evidenced", "valid boolean"),
        (lambda d: d["plans"][0].update(start="2024-02-30"), "plans[0].start", "not a real calendar date"),
        (lambda d: d["events"][1].update(at="2026-11-03T10:00:00"), "events[1].at", "with a zone"),
        (lambda d: d["items"][0].update(status="finished"), "items[0].status", "'todo'"),
        (
            lambda d: d["events"][0].update(item_id="foundation.skill.nope"),
            "events[0].item_id",
            "unknown item",
        ),
        (lambda d: d["study_sessions"][0].update(minutes=3.0), "study_sessions[0].minutes", "valid integer"),
        (lambda d: d["study_sessions"][0].update(minutes=0), "study_sessions[0].minutes", "greater than"),
        (lambda d: d["items"][0].update(confidence="4"), "items[0].confidence", "integer"),
        (lambda d: d["plans"][0].update(level="expert"), "plans[0].level", "unknown level"),
        (lambda d: d["events"].append(dict(d["events"][0])), "events[4].id", "duplicate event id"),
        (lambda d: d.pop("settings"), "settings", "Field required"),
        (lambda d: d["items"][0].update(colour="red"), "items[0].colour", "Extra inputs"),
        (
            lambda d: d["items"][0].update(status="todo"),
            "items[0].status",
            "disagrees with the item's newest event",
        ),
    ],
)
def test_each_problem_is_named_with_its_json_path(filled, document, tmp_path, mutate, where, words):
    data = copy.deepcopy(document)
    mutate(data)
    error = _rejected(filled, tmp_path, data)
    assert any(path == where and words in what for path, what in error.problems), error.problems
    assert f"{where}: " in str(error)


def test_a_newer_format_version_is_refused_with_advice(filled, document, tmp_path):
    document["format_version"] = 4
    error = _rejected(filled, tmp_path, document)
    assert "update MLOps Tracker" in str(error)


def test_a_file_that_is_not_an_export_is_refused(filled, tmp_path):
    assert "not an MLOps Tracker export" in str(_rejected(filled, tmp_path, {"hello": 1}))
    assert "JSON object" in str(_rejected(filled, tmp_path, [1, 2]))
    error = _rejected(filled, tmp_path, None, raw='{"format": "mlops-tracker-export",')
    assert "line 1" in str(error) and "not valid JSON" in str(error)


def test_duplicate_keys_are_refused(filled, document, tmp_path):
    raw = json.dumps(document)
    raw = raw.replace('"format_version": 3', '"format_version": 3, "format_version": 3', 1)
    assert "duplicate key 'format_version'" in str(_rejected(filled, tmp_path, None, raw=raw))


def test_the_message_lists_the_first_problems_and_counts_the_rest(filled, document, tmp_path):
    for event in document["events"]:
        event["evidenced"] = "no"
        event["source"] = 1
        event["at"] = "soon"
    message = str(_rejected(filled, tmp_path, document))
    assert "nothing was imported" in message
    assert "… and 2 more problems" in message


def test_a_file_that_is_not_utf8_or_missing_is_refused(filled, tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"notes": "caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(ExportRejected, match="not UTF-8"):
        files.import_json(filled, path)
    with pytest.raises(ExportRejected, match="no such file"):
        files.import_json(filled, tmp_path / "absent.json")


# ---- fuzz -------------------------------------------------------------------------------------

DATE_KEYS = {"start", "exam", "due", "day"}
MOMENT_KEYS = {"updated_at", "at", "created_at", "exported_at"}
STATUS_KEYS = {"status", "from_status", "to_status"}
ITEM_KEYS = {"item_id"}
BAD_DATES = ["2024-02-30", "2026-13-01", "2026-1-1", "yesterday", "2026-11-27T10:00:00", "", "1999-12-31"]
BAD_MOMENTS = ["2026-11-27T10:00:00", "2026-11-27 10:00:00Z", "2026-02-30T10:00:00Z", "2026-11-27", "now"]
BAD_NUMBERS = {"minutes": [0, 1441, -5], "days": [6, 61], "confidence": [0, 6], "seed_version": [0, -1]}


def _locations(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every value in a document, except inside `settings` (any JSON is valid there)."""
    found = [path]
    if path == ("settings",):
        return found
    if isinstance(value, dict):
        for key, child in value.items():
            found += _locations(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _locations(child, (*path, index))
    return found


def _get(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def _wrong_types(value: Any) -> list[Any]:
    """Return values of a JSON type the field cannot hold (null excluded: some fields may be null)."""
    candidates: list[Any] = [1.5, True, "text", [], {}, 7]
    if value is None:
        return [True, [], {}, 1.5]  # a nullable date, number or id never takes these
    if isinstance(value, bool):
        return [1, "yes", "true", [], {}]
    if isinstance(value, int):
        return [1.5, float(value), "7", True, [], {}]
    if isinstance(value, str):
        return [1, 1.5, True, [], {}]
    if isinstance(value, list):
        return ["text", 7, {}, True]
    return [c for c in candidates if not isinstance(c, dict)]


@st.composite
def malformed_documents(draw: st.DrawFn, valid: dict[str, Any]) -> str:
    """Return the text of an export document broken in one way that validation must catch."""
    document = copy.deepcopy(valid)
    kind = draw(
        st.sampled_from(
            [
                "drop",
                "extra",
                "type",
                "date",
                "status",
                "item",
                "number",
                "header",
                "top",
                "truncate",
                "duplicate",
            ]
        )
    )
    locations = _locations(document)
    objects = [p for p in locations if isinstance(_get(document, p), dict) and p != ("settings",)]
    if kind == "drop":
        path = draw(st.sampled_from([p for p in objects if _get(document, p)]))
        target = _get(document, path)
        # what a valid file may leave out: the answers section, a study session's step (format 3 added both)
        optional = {"answers"} if path == () else {"step_id"} if path[0] == "study_sessions" else set()
        del target[draw(st.sampled_from(sorted(set(target) - optional)))]
    elif kind == "extra":
        target = _get(document, draw(st.sampled_from(objects)))
        # a prefix no field name has keeps the key unknown (a filter would re-describe the strategy each draw)
        target["x-" + draw(st.text(max_size=8))] = draw(
            st.one_of(st.none(), st.integers(), st.text(max_size=5))
        )
    elif kind == "type":
        path = draw(st.sampled_from([p for p in locations if p]))
        parent, key = _get(document, path[:-1]), path[-1]
        parent[key] = draw(st.sampled_from(_wrong_types(parent[key])))
    elif kind in ("date", "status", "item", "number"):
        keys = {
            "date": DATE_KEYS | MOMENT_KEYS,
            "status": STATUS_KEYS,
            "item": ITEM_KEYS,
            "number": set(BAD_NUMBERS),
        }
        paths = [p for p in locations if p and p[-1] in keys[kind] and p[0] != "settings"]
        path = draw(st.sampled_from(paths))
        parent, key = _get(document, path[:-1]), path[-1]
        if kind == "date":
            parent[key] = draw(st.sampled_from(BAD_DATES if key in DATE_KEYS else BAD_MOMENTS))
        elif kind == "status":
            parent[key] = draw(st.sampled_from(["finished", "DONE", "Done", " done", "in-progress", ""]))
        elif kind == "item":
            parent[key] = draw(st.sampled_from(["foundation.skill.nope", "", "x" * 121, "advanced"]))
        else:
            parent[key] = draw(st.sampled_from(BAD_NUMBERS[key]))
    elif kind == "header":
        key = draw(st.sampled_from(["format", "format_version"]))
        document[key] = draw(
            st.sampled_from(["mlops-tracker", "", None] if key == "format" else [0, 4, "1", 1.0, True, None])
        )
    elif kind == "top":
        return json.dumps(
            draw(st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers())))
        )
    elif kind == "truncate":
        text = json.dumps(document)
        return text[: draw(st.integers(0, text.rindex("}") - 1))]
    else:
        section = draw(st.sampled_from(["items", "events", "study_sessions"]))
        entries = document[section]
        entries.append(copy.deepcopy(draw(st.sampled_from(entries))))
    return json.dumps(document)


def test_fuzz_malformed_documents_are_refused_and_change_nothing(filled, tmp_path):
    valid = json.loads(json.dumps(files.export_document(filled)))
    path = tmp_path / "fuzz.json"
    before = _dump(filled)
    seen: list[int] = []

    @settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(malformed_documents(valid))
    def attempt(text: str) -> None:
        seen.append(1)
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ExportRejected):
            files.import_json(filled, path)
        assert _dump(filled) == before

    attempt()
    assert len(seen) >= 500
    assert not backups_dir(filled.folder).exists() or not list(backups_dir(filled.folder).iterdir())


def test_fuzz_arbitrary_bytes_are_refused(filled, tmp_path):
    path = tmp_path / "noise.json"
    before = _dump(filled)

    @settings(max_examples=100, deadline=None)
    @given(st.binary(max_size=200))
    def attempt(data: bytes) -> None:
        path.write_bytes(data)
        with pytest.raises(ExportRejected):
            files.import_json(filled, path)

    attempt()
    assert _dump(filled) == before


def test_moment_text_is_utc_with_a_z():
    assert store.moment_text(datetime(2026, 11, 27, 10, 0)) == "2026-11-27T10:00:00Z"

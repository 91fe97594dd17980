"""Issue 10, reproduction 1: an import merges field by field and never blanks what the other side kept."""

from __future__ import annotations

import json

from mlops_tracker.cli import main

ITEM = "foundation.skill.ml-lifecycle"
PROJECT = "foundation.project.regression-workflow"


def _cli(capsys, folder, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(folder), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _items(capsys, folder) -> dict[str, dict]:
    return {row["id"]: row for row in json.loads(_cli(capsys, folder, "items", "--json")[1])}


def test_merge_keeps_notes_and_evidence_the_other_side_did_not_touch(tmp_path, capsys, monkeypatch):
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-20")
    assert _cli(capsys, laptop, "mark", ITEM, "in_progress", "--note", "read chapter 2")[0] == 0
    assert _cli(capsys, laptop, "mark", PROJECT, "done", "--evidence", "https://example.org/repo")[0] == 0
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-22")  # the desktop, later
    assert _cli(capsys, desktop, "mark", ITEM, "done")[0] == 0
    assert _cli(capsys, desktop, "mark", PROJECT, "done", "--confidence", "5")[0] == 0
    for folder in (laptop, desktop):
        assert _cli(capsys, folder, "export", str(folder) + ".json")[0] == 0

    code, out, _ = _cli(capsys, laptop, "import", "--dry-run", str(desktop) + ".json")
    assert code == 0
    assert "status in_progress → done" in out  # the preview names each field that changes
    assert "confidence (none) → 5" in out
    assert "notes" not in out.split("would add:")[1].replace("notes, evidence or confidence", "")

    assert _cli(capsys, laptop, "import", str(desktop) + ".json")[0] == 0
    assert _cli(capsys, desktop, "import", str(laptop) + ".json")[0] == 0
    for folder in (laptop, desktop):
        items = _items(capsys, folder)
        assert items[ITEM]["status"] == "done" and items[ITEM]["notes"] == "read chapter 2"
        project = items[PROJECT]
        assert project["evidence"] == "https://example.org/repo" and project["confidence"] == 5
        assert project["counts_as_done"]
        assert _cli(capsys, folder, "check")[0] == 0
    assert _items(capsys, laptop) == _items(capsys, desktop)


def test_a_version_1_export_with_empty_notes_blanks_nothing(tmp_path, capsys, monkeypatch):
    """Version 1 files wrote every field: there an empty field means untouched, not blank."""
    here = tmp_path / "here"
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-20")
    assert _cli(capsys, here, "mark", ITEM, "in_progress", "--note", "keep me")[0] == 0
    old = {
        "format": "mlops-tracker-export",
        "format_version": 1,
        "exported_at": "2026-11-25T10:00:00Z",
        "app_version": "0.1.0",
        "seed_version": 1,
        "items": [
            {
                "id": ITEM,
                "status": "done",
                "notes": "",
                "evidence": "",
                "confidence": 4,
                "updated_at": "2026-11-25T09:00:00Z",
            }
        ],
        "events": [
            {
                "id": "old-event-1",
                "item_id": ITEM,
                "from_status": "todo",
                "to_status": "done",
                "at": "2026-11-25T09:00:00Z",
                "source": "ui",
                "evidenced": False,
            }
        ],
        "plans": [],
        "study_sessions": [],
        "settings": {"theme": "dark"},
    }
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    assert _cli(capsys, here, "import", str(path))[0] == 0
    item = _items(capsys, here)[ITEM]
    assert (item["status"], item["notes"], item["confidence"]) == ("done", "keep me", 4)
    code, out, _ = _cli(capsys, here, "import", str(path))
    assert code == 0 and "Nothing to import" in out  # the same version 1 file adds nothing twice
    assert _cli(capsys, here, "check")[0] == 0


def test_undo_after_an_import_took_the_plan_s_number_never_wedges(tmp_path, capsys, monkeypatch):
    """Reproduction 2: create, delete, import a Professional plan, undo: one line, later undos work."""
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-26")
    here, other = tmp_path / "here", tmp_path / "other"
    assert _cli(capsys, other, "plan", "create", "--level", "professional", "--days", "30")[0] == 0
    assert _cli(capsys, other, "export", str(other) + ".json")[0] == 0
    assert _cli(capsys, here, "plan", "create", "--level", "foundation", "--days", "30")[0] == 0
    assert _cli(capsys, here, "plan", "delete", "--level", "foundation")[0] == 0
    assert _cli(capsys, here, "import", str(other) + ".json")[0] == 0
    code, out, err = _cli(capsys, here, "undo")
    assert code == 0 and err == "" and out == "Undone: Delete plan: Foundation\n"
    assert _cli(capsys, here, "plan", "show", "--level", "foundation")[0] == 0
    assert _cli(capsys, here, "plan", "show", "--level", "professional")[0] == 0
    code, out, err = _cli(capsys, here, "undo")
    assert code == 0 and out == "Undone: Create plan: Foundation\n"
    code, _, err = _cli(capsys, here, "undo")
    assert code == 2 and err == "mlops-tracker: error: Nothing to undo.\n"
    assert _cli(capsys, here, "check")[0] == 0


def test_a_cli_undo_refused_because_the_window_changed_the_item_is_one_line(tmp_path, capsys, monkeypatch):
    from datetime import UTC, date

    from mlops_tracker.core.clock import Clock
    from mlops_tracker.core.commands import UpdateItem
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.domain.model import Status

    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-26")
    here = tmp_path / "here"
    assert _cli(capsys, here, "mark", ITEM, "done")[0] == 0
    window = Tracker.open(here, source="ui", clock=Clock(tz=UTC, fixed_day=date(2026, 11, 26)))
    window.run(UpdateItem(ITEM, status=Status.SKIPPED))
    window.close()
    code, out, err = _cli(capsys, here, "undo")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Not undone:" in err and "in the window; nothing was changed." in err
    assert _items(capsys, here)[ITEM]["status"] == "skipped"
    code, _, err = _cli(capsys, here, "undo")
    assert code == 2 and "Nothing to undo" in err  # the refused step is gone, not stuck on top

"""Issue 10, reproductions 3 and 13 at the command line: imported settings and plan sizes are checked."""

from __future__ import annotations

import json


def test_an_export_with_a_bad_window_geometry_is_refused_and_changes_nothing(run, tmp_path):
    """Reproduction 3: `"window_geometry": "abc"` imported, then the window failed to start."""
    assert run("export", str(tmp_path / "mine.json"))[0] == 0
    document = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    document["settings"]["window_geometry"] = "abc"
    document["settings"]["something_new"] = 1
    (tmp_path / "bad.json").write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run("import", str(tmp_path / "bad.json"))
    assert code == 2 and out == ""
    assert "settings.window_geometry: should be the window's saved layout" in err
    assert "something_new" not in err  # an unknown key is no error: it is left out
    del document["settings"]["window_geometry"]
    (tmp_path / "good.json").write_text(json.dumps(document), encoding="utf-8")
    code, out, _ = run("import", "--dry-run", str(tmp_path / "good.json"))
    assert code == 0 and "settings left out (unknown to this app): something_new" in out


def test_an_imported_plan_holding_more_tasks_than_its_level_has_items_is_refused(run, tmp_path):
    assert run("plan", "create", "--level", "foundation", "--days", "30")[0] == 0
    assert run("export", str(tmp_path / "mine.json"))[0] == 0
    document = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    document["plans"][0]["tasks"] *= 1000
    (tmp_path / "big.json").write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run("import", str(tmp_path / "big.json"))
    assert code == 2 and "tasks; a foundation plan holds at most" in err

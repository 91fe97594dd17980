"""Export and import say everything they carry: step ticks and self-check answers too."""

from __future__ import annotations

import json

from mlops_tracker.cli import main


def test_export_and_import_name_step_ticks_and_answers(run, tmp_path, capsys):
    assert run("plan", "create", "--level", "foundation", "--days", "30")[0] == 0
    code, out, _ = run("today", "--json")
    step = json.loads(out)["tasks"][0]["step_id"]
    assert run("mark", step, "done")[0] == 0
    code, out, _ = run("questions", "--level", "foundation", "--json")
    assert run("answer", json.loads(out)[0]["id"], "1")[0] == 0
    exported = tmp_path / "export.json"
    code, out, err = run("export", str(exported))
    assert code == 0, err
    document = json.loads(exported.read_text(encoding="utf-8"))
    ticks = len(document["step_events"])
    assert ticks >= 1
    assert f"{ticks} step tick" in out and "1 self-check answer" in out and "1 plan" in out

    other = tmp_path / "other"  # a second computer with nothing yet
    code = main(["--data-dir", str(other), "import", "--dry-run", str(exported)])
    out = capsys.readouterr().out
    assert code == 0
    assert f"{ticks} new step tick" in out and "1 new answer to self-check questions" in out

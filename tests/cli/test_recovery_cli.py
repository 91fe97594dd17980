"""Issue 10, reproduction 9, as the red team ran it: after a damaged file is moved aside, restoring twice
never makes a backup of the fresh empty database, and the next damage never recommends one."""

from __future__ import annotations

import sqlite3

from mlops_tracker.cli import main
from mlops_tracker.paths import backups_dir, database_path

ITEM = "foundation.skill.ml-lifecycle"


def test_recovery_never_recommends_a_backup_of_an_empty_database(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-26")
    folder = tmp_path / "data"

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(folder), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("mark", ITEM, "done")[0] == 0
    assert run("backup")[0] == 0
    good = next(backups_dir(folder).iterdir())
    database_path(folder).write_text("<html>damaged</html>" * 50)
    code, _, err = run("status")
    assert code == 2 and str(good) in err
    assert run("status")[0] == 0  # the next start: a fresh, empty database
    code, out, _ = run("restore", good.name)
    assert code == 0 and "backed up" not in out  # nothing worth backing up was replaced
    assert list(backups_dir(folder).iterdir()) == [good]
    assert run("mark", ITEM, "skipped")[0] == 0
    # the user empties the data by hand (say, undoing everything in a copy) and restores again
    connection = sqlite3.connect(database_path(folder))
    for table in (
        "events",
        "step_events",
        "item_states",
        "plan_tasks",
        "plans",
        "study_sessions",
        "undo_steps",
    ):
        connection.execute(f"DELETE FROM {table}")
    connection.commit()
    connection.close()
    code, out, _ = run("restore", good.name)
    assert code == 0 and "backed up" not in out
    database_path(folder).write_text("<html>damaged again</html>" * 50)
    code, _, err = run("status")
    assert code == 2 and f"The newest good backup is {good}" in err

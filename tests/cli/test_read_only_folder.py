"""Issue 10, reproduction 11: on a read-only data folder the reading commands work (so the data can be got
out) and say once that changes cannot be saved; the writing commands refuse in one line and change nothing.

Tests run as root, which ignores permission bits, and may not mount: `simulate_read_only_folder` makes
`os.access` report the folder read-only and makes SQLite unable to create its -shm file, as on a read-only
medium. The app then really opens the file read-only (`immutable=1`), and SQLite itself refuses writes.
"""

from __future__ import annotations

import json

import pytest

from tests.storage.helpers import folder_state, simulate_read_only_folder

ITEM = "foundation.skill.ml-lifecycle"
NOTE = "is read-only: showing the data, but changes cannot be saved"


@pytest.fixture
def read_only(run, folder, monkeypatch):
    """Return the folder with one done item and a backup, now read-only, and its files' bytes."""
    assert run("mark", ITEM, "done", "--note", "kept")[0] == 0
    assert run("backup")[0] == 0
    assert run("plan", "create", "--level", "foundation", "--days", "30")[0] == 0
    simulate_read_only_folder(monkeypatch, folder)
    return folder_state(folder)


@pytest.mark.parametrize(
    "args",
    [["status"], ["status", "--json"], ["items", "--level", "foundation"], ["today"], ["check"], ["backups"]],
)
def test_reading_commands_work_on_a_read_only_folder(run, folder, read_only, args):
    code, out, err = run(*args)
    assert code == 0, err
    assert out
    if args[0] != "backups":  # backups only lists files and opens no database
        assert err.count(NOTE) == 1 and len(err.strip().splitlines()) == 1
    assert folder_state(folder) == read_only


def test_export_and_report_work_on_a_read_only_folder(run, folder, read_only, tmp_path):
    code, _, err = run("export", str(tmp_path / "out.json"))
    assert code == 0, err
    exported = json.loads((tmp_path / "out.json").read_text())
    assert [state["notes"] for state in exported["items"]] == ["kept"]
    code, _, err = run("export", str(tmp_path / "out.csv"))
    assert code == 0, err
    code, _, err = run("report", str(tmp_path / "report.pdf"))
    assert code == 0, err
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert folder_state(folder) == read_only


@pytest.mark.parametrize(
    "args",
    [
        ["mark", ITEM, "todo"],
        ["undo"],
        ["log", "30"],
        ["plan", "create", "--level", "foundation", "--days", "20"],
        ["plan", "delete", "--level", "foundation"],
        ["backup"],
    ],
)
def test_writing_commands_refuse_in_one_line_and_change_nothing(run, folder, read_only, args):
    code, _, err = run(*args)
    lines = err.strip().splitlines()
    assert code == 2 and NOTE in lines[0]
    assert len(lines) == 2 and lines[1].startswith("mlops-tracker: error: The data folder")
    assert "is read-only, so changes cannot be saved" in lines[1] and "Traceback" not in err
    assert folder_state(folder) == read_only


def test_restore_into_a_read_only_folder_refuses_in_one_line(run, folder, read_only):
    backup = next((folder / "backups").iterdir())
    code, _, err = run("restore", str(backup))
    assert code == 2 and err.count("\n") == 1 and "is read-only" in err
    assert folder_state(folder) == read_only


def test_import_into_a_read_only_folder_refuses_in_one_line(run, folder, read_only, tmp_path):
    assert run("export", str(tmp_path / "out.json"))[0] == 0
    code, _, err = run("import", str(tmp_path / "out.json"))
    lines = err.strip().splitlines()
    assert code in (0, 2) and len(lines) <= 2 and "Traceback" not in err
    assert folder_state(folder) == read_only

"""The in-process command-line runner the CLI tests share."""

from __future__ import annotations

import pytest

from mlops_tracker.cli import main


@pytest.fixture
def folder(tmp_path):
    """Return the private data folder the CLI runs on."""
    return tmp_path / "cli-data"


@pytest.fixture
def run(folder, capsys, monkeypatch):
    """Run the CLI in-process on a private data folder on 2026-11-26; return (exit code, stdout, stderr)."""
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-26")

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(folder), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run

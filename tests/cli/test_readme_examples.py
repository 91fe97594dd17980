"""The README's command-line examples work as printed."""

from __future__ import annotations

import shlex
from pathlib import Path

from mlops_tracker.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_commands() -> list[list[str]]:
    """Return the `$ mlops-tracker …` lines of the README's console blocks, as argument lists."""
    lines = README.read_text(encoding="utf-8").splitlines()
    return [shlex.split(line[2:])[1:] for line in lines if line.startswith("$ mlops-tracker ")]


def test_readme_has_examples():
    assert len(readme_commands()) >= 10


def test_every_readme_example_exits_0_in_order(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-12-01")
    for args in readme_commands():
        code = main(["--data-dir", str(tmp_path / "readme"), *args])
        captured = capsys.readouterr()
        assert code == 0, f"mlops-tracker {' '.join(args)} failed: {captured.err}"

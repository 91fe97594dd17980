"""Reproductions 10 and 13: a note with mathtext or HTML in it never breaks `report` or `portfolio`."""

from __future__ import annotations

import pytest

PROJECT = "foundation.project.regression-workflow"
NOTES = ["$\\frac{a}{$", "$x$", "100$ and 200$", "<h1>Big</h1>"]


@pytest.mark.parametrize("note", NOTES)
def test_report_and_portfolio_take_any_note(run, tmp_path, note: str) -> None:
    assert run("mark", PROJECT, "done", "--note", note, "--evidence", "javascript:alert(1)")[0] == 0
    assert run("mark", "foundation.skill.ml-lifecycle", "in_progress", "--note", note)[0] == 0
    for name in ("report.pdf", "portfolio.pdf", "portfolio.md"):
        command = "report" if name.startswith("report") else "portfolio"
        code, _out, err = run(command, str(tmp_path / name))
        assert code == 0, err
        assert err == ""
    markdown = (tmp_path / "portfolio.md").read_text(encoding="utf-8")
    assert "<h1>" not in markdown and "](javascript" not in markdown
    assert "`javascript:alert(1)`" in markdown

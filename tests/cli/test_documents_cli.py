"""The report, portfolio and chart commands write real files and fail in one line."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

PROJECT = "foundation.project.regression-workflow"
PAGE = re.compile(rb"/Type\s*/Page\b")


@pytest.fixture
def history(run):
    """Give the data folder a plan, a finished project with evidence and a study session."""
    assert run("plan", "create", "--level", "foundation", "--days", "30", "--exam", "2026-12-20")[0] == 0
    assert run("mark", "foundation.skill.ml-lifecycle", "done")[0] == 0
    assert run("mark", PROJECT, "done", "--evidence", "https://github.com/example/workflow")[0] == 0
    assert run("log", "45")[0] == 0
    return run


def test_report_writes_a_multi_page_pdf(history, tmp_path):
    target = tmp_path / "report.pdf"
    code, out, err = history("report", str(target))
    assert code == 0, err
    data = target.read_bytes()
    pages = len(PAGE.findall(data))
    assert data.startswith(b"%PDF") and pages > 1
    assert out.strip() == f"Wrote {target} ({pages} pages)."


def test_portfolio_markdown_holds_the_finished_project(history, tmp_path):
    target = tmp_path / "portfolio.md"
    code, out, _ = history("portfolio", str(target))
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert "Document an end-to-end MLOps workflow for a basic regression model." in text
    assert "https://github.com/example/workflow" in text
    assert out.strip() == f"Wrote {target} (1 finished project)."


def test_portfolio_pdf(history, tmp_path):
    target = tmp_path / "portfolio.pdf"
    code, out, _ = history("portfolio", str(target))
    assert code == 0 and target.read_bytes().startswith(b"%PDF")
    assert "1 page, 1 finished project" in out


@pytest.mark.parametrize("name", ["readiness", "activity", "breakdown", "minutes", "practice"])
def test_chart_writes_svg(history, tmp_path, name):
    target = tmp_path / f"{name}.svg"
    code, out, _ = history("chart", name, str(target))
    assert code == 0
    assert b"<svg" in target.read_bytes()[:2000]
    assert out.strip() == f"Wrote {target} ({name} chart)."


def test_chart_of_a_level_in_png_and_pdf(history, tmp_path):
    assert history("chart", "readiness", str(tmp_path / "r.png"), "--level", "foundation")[0] == 0
    assert (tmp_path / "r.png").read_bytes().startswith(b"\x89PNG")
    assert history("chart", "breakdown", str(tmp_path / "b.pdf"), "--level", "foundation")[0] == 0
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("chart", "readiness", "x.gif"), "use .png, .svg or .pdf"),
        (("chart", "pie", "x.png"), "Unknown chart 'pie'"),
        (("report", "x.docx"), "use .pdf"),
        (("portfolio", "x.txt"), "use .md or .pdf"),
        (("report", "no/such/folder/x.pdf"), "does not exist"),
        (("chart", "activity", "x.png", "--level", "foundation"), "--level applies"),
        (("chart", "readiness", "x.png", "--level", "nope"), "Unknown level 'nope'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(run, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert err.startswith("mlops-tracker: error: ")
    assert not any(path.suffix in {".gif", ".docx", ".txt", ".png"} for path in tmp_path.iterdir())


def test_a_folder_as_target_is_refused(run, tmp_path):
    (tmp_path / "taken.pdf").mkdir()
    code, _, err = run("report", str(tmp_path / "taken.pdf"))
    assert code == 2 and "it is a folder" in err


def test_other_commands_never_import_matplotlib(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        import mlops_tracker.cli as cli
        assert "matplotlib" not in sys.modules, "importing the CLI loaded matplotlib"
        code = cli.main(["--data-dir", {str(tmp_path / "d")!r}, "status"])
        assert code == 0, code
        loaded = sorted(name for name in sys.modules if name.split(".")[0] == "matplotlib")
        assert not loaded, loaded[:5]
        assert "mlops_tracker.reports.collect" not in sys.modules
        print("clean")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("clean")


def test_notes_in_any_script_print_without_glyph_warnings(tmp_path):
    # a real process: what the user's terminal shows, warnings and logging included
    script = textwrap.dedent(
        f"""
        import mlops_tracker.cli as cli
        folder = {str(tmp_path / "d")!r}
        note = "日本語のメモ हिन्दी ملاحظات 中文 한국어 🚀 \\U00013000"
        assert cli.main(["--data-dir", folder, "mark", {PROJECT!r}, "done", "--note", note]) == 0
        for name in ("report.pdf", "portfolio.pdf"):
            target = {str(tmp_path)!r} + "/" + name
            assert cli.main(["--data-dir", folder, name.split(".")[0], target]) == 0
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")

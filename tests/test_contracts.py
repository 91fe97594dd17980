"""The import contracts mean what they say: each one breaks when a copy of the package breaks it.

Each case copies the package and pyproject.toml to a temporary folder, adds one module that imports what a
contract forbids (directly, or through another package), and runs import-linter on the copy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

CASES = {
    # contract name (start of it) → (module to add, its source)
    "direct matplotlib in core": (
        "The engine never imports matplotlib",
        "core/_breaks.py",
        "import matplotlib\n",
    ),
    "core reaching matplotlib through charts": (
        "The engine never imports matplotlib",
        "core/_breaks.py",
        "from mlops_tracker.charts import theme\n",
    ),
    "storage reaching reports": (
        "The engine never imports matplotlib",
        "storage/_breaks.py",
        "from mlops_tracker.reports import data\n",
    ),
    "domain reaching Qt through the gui": (
        "Nothing below the gui reaches Qt",
        "domain/_breaks.py",
        "from mlops_tracker.gui import theme\n",
    ),
    "charts importing core": (
        "Charts draw from plain data",
        "charts/_breaks.py",
        "from mlops_tracker.core import tracker\n",
    ),
    "formats importing storage (a layer upwards)": (
        "Layers point one way",
        "formats/_breaks.py",
        "from mlops_tracker.storage import reads\n",
    ),
}


def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=folder,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("contracts")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "mlops_tracker", folder / "mlops_tracker", ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


def test_the_unchanged_copy_keeps_every_contract(package_copy):
    result = _lint(package_copy)
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_contract_breaks_when_the_code_breaks_it(package_copy, case):
    contract, module, source = CASES[case]
    target = package_copy / "mlops_tracker" / module
    target.write_text(source)
    try:
        result = _lint(package_copy)
    finally:
        target.unlink()
    assert result.returncode != 0, f"{case}: import-linter kept every contract"
    broken = _broken(result.stdout)
    assert any(name.startswith(contract) for name in broken), result.stdout[-2000:]


def _broken(output: str) -> list[str]:
    """Return the names of the broken contracts in import-linter's summary (long names wrap)."""
    summary = output.split("dependencies.", 1)[-1].split("Contracts:", 1)[0]
    words = " ".join(line.strip() for line in summary.splitlines() if line.strip().strip("-"))
    return [name for name, verdict in re.findall(r"(.+?) (KEPT|BROKEN)\b ?", words) if verdict == "BROKEN"]

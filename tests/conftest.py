"""Shared fixtures: headless Qt and a private data folder for every test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MLOPS_TRACKER_LOCALE"] = "en_GB"  # dates in the window read the same on every machine

import pytest


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """Never touch the real user data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("MLOPS_TRACKER_DATA_DIR", str(folder))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    return folder

"""Where the user's data lives: appdirs' data folder, overridable."""

from __future__ import annotations

import os
from pathlib import Path

import appdirs

ENV_VAR = "MLOPS_TRACKER_DATA_DIR"
DATABASE_NAME = "tracker.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder: the override, else $MLOPS_TRACKER_DATA_DIR, else the platform's folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(appdirs.user_data_dir("mlops-tracker", appauthor=False))


def database_path(folder: Path) -> Path:
    """Return the SQLite file inside a data folder."""
    return folder / DATABASE_NAME


def backups_dir(folder: Path) -> Path:
    """Return the folder of automatic backups inside a data folder."""
    return folder / "backups"


def log_path(folder: Path) -> Path:
    """Return the error log inside a data folder."""
    return folder / "mlops-tracker.log"


def crash_log_path(folder: Path) -> Path:
    """Return the crash log (faulthandler's tracebacks) inside a data folder."""
    return folder / "crash.log"

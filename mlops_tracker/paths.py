"""Where the user's data lives: appdirs' data folder, overridable; the names of the files in it."""

from __future__ import annotations

import os
import re
import time
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


# ---- temporary files ----------------------------------------------------------------------------
# Every file is written whole under a temporary name, then renamed: a process killed half way leaves the
# temporary file behind. These are all the names we use; nothing else in a folder is ever removed.
STALE_TEMP_AGE_S = 600  # a live write takes seconds: a temporary file this old was left by a killed process
_TEMP_FILE = re.compile(
    r"""^\.(?:
        tracker\.sqlite3\.(?:\d+\.new|restore\.tmp)               # creating or restoring the database
      | tracker-\d{8}-\d{6}(?:-\d+)?-[a-z-]+\.sqlite3\.tmp        # a backup, in backups/
      | .+\.(?:json|csv|ics)\.tmp                                 # an export or a calendar
      | .+\.(?:pdf|png|svg|md)\.[a-z0-9_]{8}\.tmp                 # a report, portfolio or chart (mkstemp)
    )(?:-wal|-shm|-journal)?$""",
    re.VERBOSE,
)


def creation_temp(database: Path, pid: int) -> Path:
    """Return the name a new database is made under before it is linked into place."""
    return database.with_name(f".{database.name}.{pid}.new")


def restore_temp(database: Path) -> Path:
    """Return the name a backup is copied to before it replaces the database."""
    return database.with_name(f".{database.name}.restore.tmp")


def is_temp_file(name: str) -> bool:
    """Return whether a file name is one of our temporary files (or its SQLite -wal/-shm/-journal)."""
    return _TEMP_FILE.match(name) is not None


def _remove_if_stale(entry: os.DirEntry[str], moment: float) -> bool:
    try:
        if not entry.is_file(follow_symlinks=False):
            return False
        if moment - entry.stat(follow_symlinks=False).st_mtime <= STALE_TEMP_AGE_S:
            return False  # may be a write in progress in another process
        os.unlink(entry.path)
    except OSError:
        return False
    return True


def remove_stale_siblings(target: Path, now: float | None = None) -> list[Path]:
    """Remove the stale temporary files an earlier, killed write of `target` left beside it (any folder)."""
    moment = time.time() if now is None else now
    prefix = f".{target.name}."
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    return [
        Path(entry.path)
        for entry in entries
        if entry.name.startswith(prefix) and is_temp_file(entry.name) and _remove_if_stale(entry, moment)
    ]


def remove_stale_temps(folder: Path, now: float | None = None) -> list[Path]:
    """Remove our temporary files older than STALE_TEMP_AGE_S from a data folder and its backups folder.

    Returns what was removed. Errors (a read-only folder, a file already gone) are ignored: this only tidies.
    """
    moment = time.time() if now is None else now
    removed: list[Path] = []
    for directory in (folder, backups_dir(folder)):
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        removed.extend(
            Path(entry.path)
            for entry in entries
            if is_temp_file(entry.name) and _remove_if_stale(entry, moment)
        )
    return removed

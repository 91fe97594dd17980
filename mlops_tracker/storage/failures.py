"""What the environment did, in one sentence for people: a full disk, a read-only folder, a busy file.

Every storage message about the disk or the folder is made here, so a full disk is always named as a full
disk (never "check the permissions") and a read-only folder always as read-only.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

# Below this much free space, an I/O failure is taken for a full disk: SQLite cannot even map its -shm file.
LOW_SPACE_BYTES = 1024 * 1024
_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_READ_ONLY_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def _existing(folder: Path) -> Path:
    """Return the folder, or its nearest ancestor that exists."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate
    return folder


def disk_full(folder: Path) -> bool:
    """Return whether the disk holding a folder has (almost) no free space left."""
    try:
        return shutil.disk_usage(_existing(folder)).free < LOW_SPACE_BYTES
    except OSError:
        return False


def folder_writable(folder: Path) -> bool:
    """Return whether files can be made in a folder (False on a read-only medium or without permission)."""
    return os.access(_existing(folder), os.W_OK)


def full_disk_message(folder: Path) -> str:
    """Return the sentence for a full disk."""
    return f"The disk holding {folder} is full: free some space and try again; nothing was lost."


def read_only_message(folder: Path) -> str:
    """Return the sentence for a change refused because the data folder is read-only."""
    return (
        f"The data folder {folder} is read-only, so changes cannot be saved: make it writable, "
        "or copy it somewhere writable and use --data-dir; nothing was lost."
    )


def classify(error: BaseException, folder: Path) -> str | None:
    """Return "full", "read-only", "busy", "io", "cannot-open" or "damaged" for an environment failure.

    None when the error is not the environment's (a bug). SQLAlchemy's wrapped errors are unwrapped.
    """
    error = getattr(error, "orig", None) or error
    if isinstance(error, OSError):
        if error.errno in _FULL_ERRNOS:
            return "full"
        if error.errno in _READ_ONLY_ERRNOS:
            return "read-only"
        if error.errno == errno.EIO:
            return "full" if disk_full(folder) else "io"
        return "full" if disk_full(folder) else None  # e.g. a missing folder: the caller words it
    if not isinstance(error, sqlite3.Error):
        return None
    name = str(getattr(error, "sqlite_errorname", ""))
    text = str(error).lower()
    if name == "SQLITE_FULL" or "disk is full" in text:
        return "full"
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return "read-only"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "is locked" in text:
        return "busy"
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in text or "not a database" in text:
        return "damaged"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "full" if disk_full(folder) else "io"
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in text:
        if disk_full(folder):
            return "full"
        return "cannot-open" if folder_writable(folder) else "read-only"
    return None


def explain(error: BaseException, path: Path) -> str | None:
    """Return one sentence for people for an environment failure on a database file, None for a bug."""
    folder = path.parent
    kind = classify(error, folder)
    if kind == "full":
        return full_disk_message(folder)
    if kind == "read-only":
        return read_only_message(folder)
    if kind == "busy":
        return (
            f"The database {path} is busy: another MLOps Tracker window or command is writing to it. "
            "Wait for it to finish (or close it) and try again."
        )
    if kind == "io":
        return (
            f"The disk reported an error while using {path}. Check the disk (or network share), "
            "then try again; nothing was changed."
        )
    if kind == "cannot-open":
        return (
            f"Cannot open the database {path}: close other programs using it, check that its folder "
            "exists, or choose another folder with --data-dir."
        )
    if kind == "damaged":
        return (
            f"The database {path} is damaged. Close every MLOps Tracker window and command, then start "
            "the app again: it will set the damaged file aside and name the newest backup to restore."
        )
    return None

"""One running window per data folder: an OS file lock that the system frees when the process dies."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from mlops_tracker.domain.errors import UserError
from mlops_tracker.storage import failures

LOCK_NAME = "instance.lock"
# Windows locks byte ranges that other processes then cannot read: lock one far past the pid text.
_WINDOWS_LOCK_OFFSET = 4096


class AlreadyRunning(UserError):
    """Another process has the data folder open in a window."""

    def __init__(self, folder: Path, pid: int | None) -> None:
        self.folder = folder
        self.pid = pid
        who = f" (process {pid})" if pid else ""
        super().__init__(
            f"MLOps Tracker is already open on this data folder{who}: {folder}. "
            "Switch to that window, or close it first."
        )


class LockUnavailable(UserError):
    """The lock file cannot be created (a read-only or missing data folder)."""


def lock_path(folder: Path) -> Path:
    """Return the instance lock file of a data folder."""
    return folder / LOCK_NAME


def _try_lock(stream: IO[str]) -> bool:
    """Take an exclusive lock without waiting; return whether it was taken."""
    if sys.platform == "win32":
        import msvcrt

        stream.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(stream.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError: held by another open file
        return False
    return True


def _unlock(stream: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        stream.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(stream.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(stream.fileno(), fcntl.LOCK_UN)


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


class InstanceLock:
    """The held lock of a data folder; release it (or let the process end) to free the folder."""

    def __init__(self, folder: Path, stream: IO[str]) -> None:
        self.folder = folder
        self.path = lock_path(folder)
        self._stream: IO[str] | None = stream

    @property
    def held(self) -> bool:
        """Return whether this lock is still held."""
        return self._stream is not None

    def release(self) -> None:
        """Free the data folder for another window (the file stays: deleting it would race a newcomer)."""
        if self._stream is None:
            return
        try:
            _unlock(self._stream)
        finally:
            self._stream.close()
            self._stream = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


def acquire_instance_lock(folder: Path) -> InstanceLock:
    """Lock a data folder for this process; raise AlreadyRunning when another process holds it."""
    path = lock_path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # "a+" never truncates before the lock is ours: the holder's pid must stay readable
        stream = path.open("a+", encoding="ascii")
    except OSError as error:
        kind = failures.classify(error, folder)
        if kind == "full":
            raise LockUnavailable(failures.full_disk_message(folder)) from error
        if kind == "read-only":
            raise LockUnavailable(failures.read_only_message(folder)) from error
        raise LockUnavailable(
            f"Cannot use the data folder {folder}: {error.strerror}. "
            "Check that it exists and is writable, or choose another with --data-dir."
        ) from error
    if not _try_lock(stream):
        stream.close()
        raise AlreadyRunning(folder, _read_pid(path))
    try:
        stream.seek(0)
        stream.truncate()
        stream.write(str(os.getpid()))
        stream.flush()
    except OSError:
        pass  # the pid is only for the message; the lock itself is held
    return InstanceLock(folder, stream)

"""The crash log: faulthandler's tracebacks in the data folder, and whether the last run ended unexpectedly.

A running window writes a header line to `crash.log` and points faulthandler at the file. A clean exit takes
the header back off, so the log only grows when a run did not end cleanly: after a fatal error (SIGSEGV,
SIGABRT, ...) the header is followed by the traceback of every thread; after a kill or a power cut, by
nothing.
`crash.log.seen` holds how much of the log the user has been told about, so each unexpected end is told once.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from mlops_tracker.paths import crash_log_path

SEEN_SUFFIX = ".seen"
HEADER_END = "this run did not end cleanly"
# what faulthandler writes first on a fatal signal ("Fatal Python error: Segmentation fault")
FATAL_MARK = "Fatal Python error"


def seen_path(folder: Path) -> Path:
    """Return the file holding how many bytes of the crash log were already told."""
    log = crash_log_path(folder)
    return log.with_name(log.name + SEEN_SUFFIX)


@dataclass(frozen=True)
class UnexpectedEnd:
    """What earlier runs left in the crash log since the user was last told."""

    log: Path
    text: str  # the untold part: one header per run, each followed by its traceback when there was one
    end: int  # the log's size when read: acknowledging marks everything before it as told

    @property
    def traceback_recorded(self) -> bool:
        """Return whether faulthandler wrote a traceback (else the process was killed or lost power)."""
        return FATAL_MARK in self.text


def _seen_offset(folder: Path) -> int:
    try:
        text = seen_path(folder).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return 0
    return int(text) if text.isdigit() else 0


def last_unexpected_end(folder: Path) -> UnexpectedEnd | None:
    """Return what the crash log holds past the told point, or None when every run since ended cleanly."""
    log = crash_log_path(folder)
    try:
        data = log.read_bytes()
    except OSError:  # no log yet: no run ever ended badly
        return None
    start = _seen_offset(folder)
    if start > len(data):  # the log was emptied or replaced since: all of it is new
        start = 0
    text = data[start:].decode("utf-8", errors="replace")
    if not text.strip():
        return None
    return UnexpectedEnd(log=log, text=text, end=len(data))


def acknowledge(folder: Path, end: UnexpectedEnd) -> None:
    """Remember that the user was told about this unexpected end, so the next start stays quiet."""
    with contextlib.suppress(OSError):  # worst case the notice shows once more
        seen_path(folder).write_text(str(end.end), encoding="ascii")


def run_header(version: str, now: datetime | None = None, pid: int | None = None) -> str:
    """Return the line that opens a run's entry in the crash log."""
    when = (now or datetime.now(UTC)).astimezone().isoformat(timespec="seconds")
    return f"=== MLOps Tracker {version}, process {pid or os.getpid()}, started {when}: {HEADER_END} ===\n"


class CrashLog:
    """An armed crash log: faulthandler writes into it until `disarm()` (clean exit) takes the header off."""

    def __init__(self, path: Path, stream: IO[str], clean_size: int, restore_stderr: bool) -> None:
        self.path = path
        self._stream: IO[str] | None = stream
        self._clean_size = clean_size  # the log's size before this run's header
        self._armed_size = stream.tell()
        self._restore_stderr = restore_stderr  # faulthandler wrote to stderr before (python -X faulthandler)

    @property
    def armed(self) -> bool:
        """Return whether faulthandler still writes into this log."""
        return self._stream is not None

    def disarm(self) -> None:
        """Stop writing crashes here and take this run's header back off: the run ended cleanly."""
        stream = self._stream
        if stream is None:
            return
        self._stream = None
        faulthandler.disable()
        if self._restore_stderr and sys.__stderr__ is not None:
            faulthandler.enable(file=sys.__stderr__, all_threads=True)
        try:
            stream.flush()
            # only when nothing followed the header: a traceback written meanwhile must stay
            if os.fstat(stream.fileno()).st_size == self._armed_size:
                stream.truncate(self._clean_size)
        except OSError:
            pass
        finally:
            stream.close()


def arm(folder: Path, version: str, now: datetime | None = None) -> CrashLog | None:
    """Write this run's header to the crash log and send fatal errors there (None: not writable)."""
    path = crash_log_path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # appending (O_APPEND): faulthandler's writes land after everything, even from another open file
        stream = path.open("a", encoding="utf-8")
    except OSError:
        return None
    was_enabled = faulthandler.is_enabled()
    try:
        clean_size = stream.tell()
        stream.write(run_header(version, now))
        stream.flush()
        faulthandler.enable(file=stream, all_threads=True)
    except (OSError, ValueError, RuntimeError):
        stream.close()
        return None
    return CrashLog(path, stream, clean_size, restore_stderr=was_enabled)


def notice_text(end: UnexpectedEnd) -> str:
    """Return the notice of an unexpected end: that it happened, that ticks are safe, where the log is."""
    how = "" if end.traceback_recorded else " (stopped from outside: killed, or the computer lost power)"
    return (
        f"MLOps Tracker closed unexpectedly last time{how}. No tick was lost: every tick is saved before "
        f"the screen shows it. The crash log is {end.log}"
    )

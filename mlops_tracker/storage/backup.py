"""Backups of the user's database: made with SQLite's backup API, checked, flushed, renamed into place.

A backup is `backups/tracker-YYYYMMDD-HHMMSS-<reason>.sqlite3` (UTC time), so listing needs no database.
Rotation keeps all of today and yesterday, then 12 daily, 10 weekly and 9 monthly copies (Anki's rules).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Protocol

from mlops_tracker.domain.errors import UserError
from mlops_tracker.paths import backups_dir, database_path, is_temp_file, remove_stale_temps, restore_temp
from mlops_tracker.storage import failures, reads
from mlops_tracker.storage.connect import connect, connect_immutable
from mlops_tracker.storage.instance_lock import acquire_instance_lock
from mlops_tracker.storage.integrity import FileUnusable, file_problem, missing_tables, schema_revision

PREFIX = "tracker-"
SUFFIX = ".sqlite3"
TEMP_SUFFIX = ".tmp"
REASONS = (
    "manual",
    "auto",
    "exit",
    "before-upgrade",
    "before-import",
    "before-restore",
    "before-repair",
)
_NAME = re.compile(r"^tracker-(\d{8}-\d{6})(?:-(\d+))?-([a-z-]+)\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"
BACKUP_INTERVAL = timedelta(minutes=30)
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
_SIDE_FILES = ("-journal", "-wal", "-shm")  # what SQLite may make beside a file it writes


class BackupFailed(UserError):
    """A backup could not be written; the database itself is untouched."""


class BackupInvalid(UserError):
    """A file offered for restoring is not a healthy MLOps Tracker database."""


class _HasPath(Protocol):
    @property
    def path(self) -> Path: ...


@dataclass(frozen=True)
class BackupInfo:
    """A backup file: when it was made (UTC), why, its size, whether it passed a check (None: not checked)."""

    path: Path
    created: datetime
    reason: str
    size: int
    ok: bool | None = None

    @property
    def name(self) -> str:
        """Return the file name."""
        return self.path.name

    def describe(self, tz: tzinfo | None = None) -> str:
        """Return "2026-11-27 15:30, before import, 1.2 MB" in local time."""
        local = self.created.astimezone(tz)
        return f"{local:%Y-%m-%d %H:%M}, {self.reason.replace('-', ' ')}, {human_size(self.size)}"


def human_size(size: int) -> str:
    """Return a byte count as people read it."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def parse_name(name: str) -> tuple[datetime, str] | None:
    """Return (UTC time, reason) of a backup file name, None for any other file."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        moment = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment, match.group(3)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename durable: POSIX needs the folder itself flushed (Windows cannot open folders)."""
    if sys.platform == "win32":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _source_path(source: Path | _HasPath) -> Path:
    return source if isinstance(source, Path) else source.path


def _free_name(folder: Path, moment: datetime, reason: str) -> Path:
    stamp = moment.astimezone(UTC).strftime(_STAMP)
    candidate = folder / f"{PREFIX}{stamp}-{reason}{SUFFIX}"
    counter = 2
    while candidate.exists():  # two backups in one second: never overwrite the first
        candidate = folder / f"{PREFIX}{stamp}-{counter}-{reason}{SUFFIX}"
        counter += 1
    return candidate


def _copy_pages(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """Copy every page with SQLite's backup API (tests replace it to fail half way)."""
    src.backup(dst)  # all pages in one step: one consistent snapshot, no restart on writes


def remove_with_side_files(path: Path) -> None:
    """Remove a file and the -journal, -wal and -shm files SQLite may have made beside it."""
    for name in (path, *(Path(f"{path}{side}") for side in _SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            name.unlink()


def copy_database(source: Path, target: Path, *, read_only_source: bool = False) -> None:
    """Copy a live database into a new file with the backup API, check it and flush it to disk.

    The copy uses a rollback journal (not WAL), so it is one self-contained file.
    """
    src = connect_immutable(source) if read_only_source else connect(source)
    try:
        dst = connect(target, isolation_level=None)
        try:
            _copy_pages(src, dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            result = [row[0] for row in dst.execute("PRAGMA integrity_check").fetchall()]
        finally:
            dst.close()
    finally:
        src.close()
    if result != ["ok"]:
        raise BackupFailed(f"The copy failed SQLite's integrity check ({'; '.join(result[:3])}).")
    _fsync_file(target)


def _plain_os_error(error: OSError, folder: Path) -> str:
    kind = failures.classify(error, folder)
    if kind == "full":
        return "the disk is full"
    if kind == "read-only":
        return "the folder is not writable"
    return error.strerror or str(error)


def create_backup(
    source: Path | _HasPath,
    reason: str = "manual",
    *,
    folder: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """Back up a database (a Database or its file) into its backups folder; return the new file."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    path = _source_path(source)
    read_only = getattr(source, "read_only", None)
    if read_only is not None:  # a Database opened for reading only: nothing may be written beside it
        raise BackupFailed(read_only.refusal)
    if not path.exists():
        raise BackupFailed(f"There is no database to back up at {path}.")
    target_folder = folder or backups_dir(path.parent)
    moment = now or datetime.now(UTC)
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
        final = _free_name(target_folder, moment, reason)
        temp = final.with_name(f".{final.name}{TEMP_SUFFIX}")
        try:
            copy_database(path, temp)
            os.replace(temp, final)  # atomic: a backup file is whole or absent
            fsync_dir(target_folder)
        except BaseException:
            # a copy that failed half way may have left a -journal (or -wal and -shm) beside it too
            with contextlib.suppress(OSError):
                remove_with_side_files(temp)
            raise
    except OSError as error:
        raise BackupFailed(
            f"Could not write a backup into {target_folder}: {_plain_os_error(error, target_folder)}. "
            "Your data is unchanged; free some space or make the folder writable."
        ) from error
    except sqlite3.Error as error:
        if failures.classify(error, target_folder) == "full":
            raise BackupFailed(
                f"Could not write a backup into {target_folder}: the disk is full. Your data is unchanged; "
                "free some space and try again."
            ) from error
        message = failures.explain(error, path) or f"Could not back up {path}: {error}."
        raise BackupFailed(f"No backup was made: {message}") from error
    return final


def list_backups(folder: Path, *, verify: bool = False) -> list[BackupInfo]:
    """Return a data folder's backups, newest first; with verify, run SQLite's quick check on each."""
    directory = backups_dir(folder)
    found: list[BackupInfo] = []
    try:
        entries = list(directory.iterdir())
    except OSError:
        return []
    for entry in entries:
        parsed = parse_name(entry.name)
        if parsed is None or not entry.is_file():
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        ok = _backup_ok(entry) if verify else None
        found.append(BackupInfo(entry, parsed[0], parsed[1], size, ok))
    found.sort(key=lambda info: (info.created, info.name), reverse=True)
    return found


def _backup_ok(path: Path) -> bool:
    try:
        return file_problem(path, read_only=True) is None and not missing_tables(path)
    except (FileUnusable, sqlite3.Error):
        return False


def holds_user_data(path: Path) -> bool:
    """Return whether a healthy database file (a backup) holds anything the user made (read-only)."""
    connection = connect_immutable(path)
    try:
        return reads.holds_user_data(connection)
    finally:
        connection.close()


def newest_good_backup(folder: Path, known_revisions: Iterable[str] | None = None) -> BackupInfo | None:
    """Return the newest backup worth restoring: it passes SQLite's quick check, has our tables, holds
    user data (a copy of an empty database is never recommended) and, given known_revisions, this app
    can read its schema."""
    known = None if known_revisions is None else set(known_revisions)
    for info in list_backups(folder):
        if not _backup_ok(info.path):
            continue
        try:
            if not holds_user_data(info.path):
                continue
            if known is not None and schema_revision(info.path) not in known:
                continue
        except sqlite3.Error:
            continue
        return BackupInfo(info.path, info.created, info.reason, info.size, True)
    return None


def _iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def backups_to_keep(
    moments: Iterable[datetime],
    today: date,
    tz: tzinfo,
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> set[datetime]:
    """Return which backup times to keep: all of today and yesterday, then the newest of each older day
    (`daily` of them), then of each older week (`weekly`), then of each older month (`monthly`)."""
    yesterday = today - timedelta(days=1)
    kept: set[datetime] = set()
    last_day, last_week, last_month = yesterday, _iso_week(yesterday), (yesterday.year, yesterday.month)
    for moment in sorted(moments, reverse=True):
        day = moment.astimezone(tz).date()
        week, month = _iso_week(day), (day.year, day.month)
        if day >= yesterday:
            kept.add(moment)
            continue
        # the stages follow each other: weekly copies only once the daily ones are all chosen, and so on
        if daily > 0:
            if day >= last_day:
                continue
            daily -= 1
        elif weekly > 0:
            if week >= last_week:
                continue
            weekly -= 1
        elif monthly > 0:
            if month >= last_month:
                continue
            monthly -= 1
        else:
            continue
        kept.add(moment)
        # each kept copy moves every window back, so later stages pick older copies
        last_day, last_week, last_month = day, week, month
    return kept


def rotate(folder: Path, now: datetime | None = None, tz: tzinfo | None = None) -> list[Path]:
    """Delete the backups the keep rules no longer want, and stale temporary files; return what went."""
    moment = now or datetime.now(UTC)
    zone = tz or moment.astimezone().tzinfo or UTC
    backups = list_backups(folder)
    keep = backups_to_keep([b.created for b in backups], moment.astimezone(zone).date(), zone)
    removed: list[Path] = []
    for info in backups:
        if info.created not in keep:
            with contextlib.suppress(OSError):
                info.path.unlink()
                removed.append(info.path)
    # left by a backup that crashed or failed; a running one is younger
    removed.extend(remove_stale_temps(folder, now=moment.timestamp()))
    removed.extend(_remove_orphan_side_files(backups_dir(folder)))
    return removed


def _remove_orphan_side_files(directory: Path) -> list[Path]:
    """Remove -journal/-wal/-shm files in the backups folder whose backup (or temporary copy) is gone."""
    removed: list[Path] = []
    try:
        names = {entry.name for entry in os.scandir(directory)}
    except OSError:
        return removed
    for name in sorted(names):
        side = next((s for s in _SIDE_FILES if name.endswith(s)), None)
        if side is None:
            continue
        owner = name[: -len(side)]
        if owner in names or not (parse_name(owner) or is_temp_file(owner)):
            continue  # beside a file that is still there, or not one of ours
        with contextlib.suppress(OSError):
            (directory / name).unlink()
            removed.append(directory / name)
    return removed


def validate_backup(path: Path, known_revisions: Iterable[str] | None = None) -> None:
    """Raise BackupInvalid unless a file is a healthy MLOps Tracker database this app can open."""
    if not path.is_file():
        raise BackupInvalid(f"There is no file {path}.")
    try:
        problem = file_problem(path, read_only=True, thorough=True)
    except FileUnusable as error:
        raise BackupInvalid(f"Cannot restore from {path}: {error}.") from error
    if problem is not None:
        raise BackupInvalid(f"Cannot restore from {path}: {problem}.")
    missing = missing_tables(path)
    if missing:
        raise BackupInvalid(
            f"Cannot restore from {path}: it is not an MLOps Tracker database "
            f"(missing tables: {', '.join(sorted(missing))})."
        )
    revision = schema_revision(path)
    if known_revisions is not None and revision not in set(known_revisions):
        raise BackupInvalid(
            f"Cannot restore from {path}: it was made by a newer version of MLOps Tracker "
            f"(schema {revision}). Update the app first."
        )


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the file restored and the backup of the database it replaced."""

    restored_from: Path
    previous: Path | None  # a backup of the replaced database (None when there was none)
    moved_aside: Path | None = None  # the replaced database when it was too damaged to back up


def _checkpoint_and_close_wal(path: Path) -> None:
    """Fold the -wal file into the database and leave rollback-journal mode, so no -wal/-shm remain."""
    connection = connect(path, timeout=2.0, isolation_level=None)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # switching out of WAL needs the only connection: it fails if another program has it open
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    finally:
        connection.close()
    if str(mode).lower() != "delete":
        raise sqlite3.OperationalError("database is locked")


def move_aside(path: Path, label: str, now: datetime | None = None) -> Path:
    """Rename a database file (and its -wal/-shm) to `tracker.<label>-<time>.sqlite3`; never overwrite."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(_STAMP)
    stem, suffix = path.stem, path.suffix
    target = path.with_name(f"{stem}.{label}-{stamp}{suffix}")
    counter = 2
    while target.exists():
        target = path.with_name(f"{stem}.{label}-{stamp}-{counter}{suffix}")
        counter += 1
    os.replace(path, target)
    for extra in ("-wal", "-shm"):
        companion = Path(f"{path}{extra}")
        if companion.exists():  # the -wal may hold the last commits: keep it with its file
            os.replace(companion, Path(f"{target}{extra}"))
    fsync_dir(path.parent)
    return target


def restore(
    folder: Path,
    backup: Path,
    *,
    check_instance: bool = True,
    known_revisions: Iterable[str] | None = None,
    now: datetime | None = None,
) -> RestoreResult:
    """Replace the data folder's database by a backup, after checking it and backing up the current one.

    Nothing may have the database open (the caller closes its engine first). With check_instance, the
    window's instance lock is taken for the duration, so a running window refuses the restore. A current
    database without user data is not backed up (it is never worth restoring); one whose schema is not
    in known_revisions (made by a newer app) is moved aside whole, never deleted.
    """
    validate_backup(backup, known_revisions)
    if not failures.folder_writable(folder):
        raise UserError(failures.read_only_message(folder))
    lock = acquire_instance_lock(folder) if check_instance else None
    try:
        return _restore(folder, backup, now, None if known_revisions is None else set(known_revisions))
    finally:
        if lock is not None:
            lock.release()


def _current_revision_and_data(path: Path) -> tuple[str | None, bool]:
    """Return the live database's schema revision and whether it holds user data."""
    connection = connect(path, timeout=2.0, isolation_level=None)
    try:
        revision = reads.schema_revision(connection)
        try:
            has_data = reads.holds_user_data(connection)
        except sqlite3.OperationalError:  # a schema we do not know (a newer app's): assume it does
            has_data = True
        return revision, has_data
    finally:
        connection.close()


def _restore(folder: Path, backup: Path, now: datetime | None, known: set[str] | None) -> RestoreResult:
    current = database_path(folder)
    temp = restore_temp(current)
    previous: Path | None = None
    moved: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        copy_database(backup, temp, read_only_source=True)
        if current.exists():
            try:
                problem = file_problem(current)
            except FileUnusable as error:
                raise UserError(f"Cannot restore: {error}. Close other programs using it, retry.") from None
            if problem is not None:
                moved = move_aside(current, "damaged", now)
            else:
                revision, has_data = _current_revision_and_data(current)
                if known is not None and revision is not None and revision not in known:
                    moved = move_aside(current, "newer", now)  # this app could not even back it up faithfully
                elif has_data:
                    previous = create_backup(current, "before-restore", now=now)
                    _checkpoint_and_close_wal(current)
                # else: an empty database (as made after damage was moved aside) is not worth a backup
        for extra in ("-wal", "-shm", "-journal"):
            # after a clean checkpoint these hold nothing; a stale -wal (or a hot rollback journal) would be
            # replayed into the new file
            with contextlib.suppress(FileNotFoundError):
                Path(f"{current}{extra}").unlink()
        os.replace(temp, current)
        fsync_dir(folder)
    except sqlite3.Error as error:
        kind = failures.classify(error, folder)
        if kind in ("full", "read-only"):
            raise UserError(failures.explain(error, current) or str(error)) from error
        raise UserError(
            f"Cannot restore while another program uses the database ({error}). "
            "Close the app and any running mlops-tracker command, then retry."
        ) from error
    except OSError as error:
        raise UserError(
            f"Cannot restore into {folder}: {_plain_os_error(error, folder)}. Your current data is unchanged."
        ) from error
    finally:
        with contextlib.suppress(OSError):
            remove_with_side_files(temp)
    return RestoreResult(restored_from=backup, previous=previous, moved_aside=moved)


@dataclass
class BackupSchedule:
    """Decides when the window backs up: every 30 minutes while something changed, and on exit."""

    last_backup: datetime | None = None
    changed: bool = False
    interval: timedelta = field(default=BACKUP_INTERVAL)

    def note_change(self) -> None:
        """Record that the data changed since the last backup."""
        self.changed = True

    def is_due(self, now: datetime) -> bool:
        """Return whether a periodic backup should run now."""
        if not self.changed:
            return False
        return self.last_backup is None or now - self.last_backup >= self.interval

    def is_due_on_exit(self) -> bool:
        """Return whether closing the window should back up first."""
        return self.changed

    def backed_up(self, now: datetime) -> None:
        """Record a finished backup."""
        self.last_backup = now
        self.changed = False

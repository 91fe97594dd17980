"""Backups, restore and the database check: what protects the data folder and brings it back."""

from __future__ import annotations

from pathlib import Path

from mlops_tracker.core.tracker import Tracker
from mlops_tracker.paths import backups_dir
from mlops_tracker.storage import backup as backups
from mlops_tracker.storage import migrate, reads
from mlops_tracker.storage import repository as repo
from mlops_tracker.storage.database import known_revisions
from mlops_tracker.storage.integrity import CheckReport, full_check


def backup_now(tracker: Tracker, reason: str = "manual") -> Path:
    """Back the database up now and thin out old backups; return the new backup."""
    path = backups.create_backup(tracker.database, reason)  # refuses on a read-only database
    backups.rotate(tracker.folder, tz=tracker.clock.tz)
    return path


def list_backups(source: Tracker | Path, *, verify: bool = False) -> list[backups.BackupInfo]:
    """Return the backups of a tracker's data folder (or of a data folder), newest first."""
    folder = source if isinstance(source, Path) else source.folder
    return backups.list_backups(folder, verify=verify)


def resolve_backup(folder: Path, name: str | Path) -> Path:
    """Return a backup file given as a path, or as a name inside the backups folder."""
    path = Path(name).expanduser()
    if path.exists() or path.is_absolute() or len(path.parts) > 1:
        return path
    inside = backups_dir(folder) / path
    return inside if inside.exists() else path


def restore_into(folder: Path, path: Path) -> backups.RestoreResult:
    """Replace a data folder's database by a backup without opening it first (the command line's restore).

    Works when the current database is damaged or was made by a newer version (it is then moved aside,
    never deleted); takes the instance lock, so an open window refuses it.
    """
    return backups.restore(folder, Path(path), check_instance=True, known_revisions=known_revisions())


def restore_backup(tracker: Tracker, path: Path, *, notify: bool = True) -> backups.RestoreResult:
    """Replace the open tracker's database by a backup (the current one is backed up first), in place.

    For the window: it holds the instance lock, so the restore does not take it again. The tracker
    goes on working on the restored data; with notify=False the caller calls `tracker.reload()` after.
    """
    tracker.database.require_writable()
    tracker.database.release()  # no connection may stay on the file being replaced
    result = backups.restore(
        tracker.folder, Path(path), check_instance=False, known_revisions=known_revisions()
    )
    _adopt_restored(tracker)
    if notify:
        tracker.reload()
    return result


def _adopt_restored(tracker: Tracker) -> None:
    """Bring a just-restored file up to the app's schema and curriculum."""
    tracker.database.release()
    with tracker.database.reading() as connection:
        behind = reads.schema_revision(connection) != migrate.head_revision()
    if behind:
        migrate.upgrade(tracker.database.engine)  # the restored backup is the copy from before this upgrade
    with tracker.database.transaction() as session:
        repo.sync_curriculum(session, tracker.curriculum)


def check(tracker: Tracker) -> CheckReport:
    """Run SQLite's full integrity check and the consistency checks on the tracker's database."""
    return full_check(tracker.database.path, read_only=tracker.database.read_only is not None)

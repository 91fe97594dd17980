"""What the window needs of a data folder beside the Tracker: one window per folder, recovery, backups.

The GUI reaches storage only through core (an import contract says so); these are the storage pieces it
uses, named here so that core decides what is public.
"""

from __future__ import annotations

from pathlib import Path

from mlops_tracker.storage.backup import BackupInfo, BackupSchedule, RestoreResult, human_size, restore
from mlops_tracker.storage.database import DatabaseDamaged, known_revisions
from mlops_tracker.storage.instance_lock import AlreadyRunning, InstanceLock, acquire_instance_lock

__all__ = [
    "AlreadyRunning",
    "BackupInfo",
    "BackupSchedule",
    "DatabaseDamaged",
    "InstanceLock",
    "acquire_instance_lock",
    "human_size",
    "restore_after_damage",
]


def restore_after_damage(folder: Path, backup: Path) -> RestoreResult:
    """Put a backup in place of a damaged database that was moved aside (the caller holds the lock)."""
    # nothing has the (absent) database open, and the caller already holds the instance lock
    return restore(folder, backup, check_instance=False, known_revisions=known_revisions())

"""Data subcommands: export, import, backup, backups, restore, check."""

from __future__ import annotations

# The engine's files and recovery modules (and pydantic with them) are imported inside the handlers: the
# parser is built for every start, the window's too, and must stay light.
import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from mlops_tracker.cli.common import Subcommands, print_json

if TYPE_CHECKING:
    from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError


class CheckFailed(UserError):
    """`check` found problems (listed above the message)."""


def cmd_export(tracker: Tracker, args: argparse.Namespace) -> None:
    """Write all user data to a JSON file, or the checklist to a CSV file."""
    from mlops_tracker.core import files

    path = Path(args.file).expanduser()
    if args.csv or path.suffix.lower() == ".csv":
        rows = files.export_csv(tracker, path)
        print(f"Wrote the checklist ({rows} items) to {path}.")
        return
    summary = files.export_json(tracker, path)
    print(f"Exported {summary.describe()} to {path}.")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _titles(tracker: Tracker) -> dict[str, str]:
    return {item.id: item.title for item in tracker.curriculum.items()}


def cmd_import(tracker: Tracker, args: argparse.Namespace) -> None:
    """Validate an export file, then (unless --dry-run) back up and merge it."""
    from mlops_tracker.core import files
    from mlops_tracker.storage.database import restore_command

    path = Path(args.file).expanduser()
    if args.dry_run:
        preview = files.preview_import(tracker, path)
        print(f"The file is valid. Importing {path} would add:")
        for line in preview.describe(_titles(tracker)):
            print(f"  {line}")
        return
    result = files.import_json(tracker, path)
    if result.backup is None:
        print(f"Nothing to import: everything in {path} is already here.")
        return
    print(f"Imported {path}:")
    for line in result.preview.describe(_titles(tracker)):
        print(f"  {line}")
    command = restore_command(tracker.folder, result.backup)
    print(f"To undo the import, restore the backup taken just before it: {command}")


def cmd_backup(tracker: Tracker, args: argparse.Namespace) -> None:
    """Back the database up now."""
    from mlops_tracker.core import recovery
    from mlops_tracker.storage import backup as backups

    path = recovery.backup_now(tracker)
    print(f"Backed up to {path} ({backups.human_size(path.stat().st_size)}).")


def cmd_backups(folder: Path, args: argparse.Namespace) -> None:
    """List the backups, newest first (the database itself is not opened)."""
    from mlops_tracker.core import recovery
    from mlops_tracker.core.clock import local_tz
    from mlops_tracker.storage import backup as backups

    found = recovery.list_backups(folder, verify=args.verify)
    if args.json:
        print_json(
            [
                {
                    "file": str(info.path),
                    "created": info.created.isoformat(),
                    "reason": info.reason,
                    "size": info.size,
                    "ok": info.ok,
                }
                for info in found
            ]
        )
        return
    if not found:
        print(f"No backups yet in {backups.backups_dir(folder)}. Make one with: mlops-tracker backup")
        return
    zone = local_tz()
    for info in found:
        verdict = "" if info.ok is None else ("  ok" if info.ok else "  DAMAGED")
        local = info.created.astimezone(zone)
        reason = info.reason.replace("-", " ")
        size = backups.human_size(info.size)
        print(f"{local:%Y-%m-%d %H:%M}  {reason:<15} {size:>9}  {info.name}{verdict}")


def cmd_restore(folder: Path, args: argparse.Namespace) -> None:
    """Replace the database by a backup (checked first; the current database is backed up first).

    Runs without opening the database, so a damaged one, or one a newer version made, can be replaced.
    """
    from mlops_tracker.core import recovery

    path = recovery.resolve_backup(folder, args.file)
    result = recovery.restore_into(folder, path)
    print(f"Restored {path}.")
    if result.previous is not None:
        print(f"The database it replaced was backed up to {result.previous}.")
    if result.moved_aside is not None:
        print(f"The database it replaced was moved aside to {result.moved_aside} (nothing was deleted).")


def cmd_check(tracker: Tracker, args: argparse.Namespace) -> None:
    """Run the full integrity check and the consistency checks; exit 2 when anything is wrong."""
    from mlops_tracker.core import recovery
    from mlops_tracker.storage import backup as backups
    from mlops_tracker.storage.database import known_revisions, restore_command

    report = recovery.check(tracker)
    integrity_ok = report.integrity == ("ok",)
    print(f"SQLite integrity check: {'ok' if integrity_ok else 'FAILED'}")
    consistency = [finding for finding in report.findings if finding.kind != "integrity"]
    if integrity_ok:
        verdict = "ok" if not consistency else "FAILED"
        print(f"Consistency (statuses against the event log, references): {verdict}")
    for finding in report.findings:
        print(f"  - {finding.message}")
    if not report.ok:
        newest = backups.newest_good_backup(tracker.folder, known_revisions())
        hint = (
            f" The newest good backup is {newest.path}; restore it with: "
            f"{restore_command(tracker.folder, newest.path)}"
            if newest
            else ""
        )
        raise CheckFailed(f"The check found {_count(len(report.findings), 'problem')}.{hint}")
    print("Everything is in order.")


def register(sub: Subcommands) -> None:
    """Add the data subcommands."""
    export = sub.add("export", cmd_export, "write all data to a JSON file (or the checklist to CSV)")
    export.add_argument("file", metavar="FILE", help="FILE.json, or FILE.csv with --csv")
    export.add_argument("--csv", action="store_true", help="write the checklist as CSV for spreadsheets")
    imp = sub.add("import", cmd_import, "merge an exported JSON file (validated first, backed up first)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="only validate and show what would change")
    sub.add("backup", cmd_backup, "back the database up now")
    listing = sub.add_for_folder("backups", cmd_backups, "list the backups, newest first")
    listing.add_argument("--verify", action="store_true", help="check each backup with SQLite")
    listing.add_argument("--json", action="store_true")
    restore = sub.add_for_folder("restore", cmd_restore, "replace the database by a backup")
    restore.add_argument("file", metavar="FILE", help="a backup file (or its name in the backups folder)")
    sub.add("check", cmd_check, "run the full integrity and consistency checks")

"""Export and import: the files a user moves between the app and elsewhere (JSON, CSV, iCalendar).

An import validates the whole file first, then backs the database up, then merges in one transaction;
it is undone by restoring the backup taken just before it. Files are written atomically.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from mlops_tracker import __version__
from mlops_tracker.core.commands import ALL_CHANGED, Changes
from mlops_tracker.core.recovery import restore_backup
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError
from mlops_tracker.formats.export import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ExportDocument,
    ExportRejected,
    parse_export,
)
from mlops_tracker.storage import backup as backups
from mlops_tracker.storage import reads
from mlops_tracker.storage import transfer as store

MAX_IMPORT_BYTES = 64 * 1024 * 1024  # an export of years of study is a few MB
CSV_COLUMNS = ("id", "level", "kind", "title", "status", "confidence", "evidence", "notes")
# a spreadsheet runs a cell starting with these as a formula: prefix a quote so it stays text
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportFailed(UserError):
    """The export file could not be written."""


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: the records of each section of the file."""

    path: Path
    counts: dict[str, int]  # section of the export document -> records in it

    def describe(self) -> str:
        """Return what was written, for people: "3 item states, 5 status changes, … and 6 study sessions"."""
        parts = [_count(self.counts[key], noun) for key, noun in _EXPORTED if self.counts.get(key)]
        if not parts:
            return "no progress yet"
        return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


# the export's sections a summary counts, with what one record is called (settings go unmentioned)
_EXPORTED = (
    ("items", "item state"),
    ("events", "status change"),
    ("field_changes", "notes, evidence or confidence change"),
    ("step_events", "step tick"),
    ("step_edits", "step edit"),
    ("answers", "self-check answer"),
    ("exam_results", "exam result"),
    ("plans", "plan"),
    ("study_sessions", "study session"),
)


def _write_atomically(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write a file whole or not at all: a temporary file beside it, flushed, then renamed over it."""
    temp = path.with_name(f".{path.name}.tmp")
    try:
        with temp.open("w", encoding=encoding, newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        reason = "the disk is full" if error.errno == 28 else (error.strerror or str(error))
        raise ExportFailed(f"Cannot write {path}: {reason}. Nothing was written.") from error


def export_document(tracker: Tracker, now: datetime | None = None) -> dict[str, Any]:
    """Return all user data as an export document (the current format version)."""
    with tracker.database.snapshot() as session:
        sections = store.dump(session)
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": store.moment_text(now or datetime.now(UTC)),
        "app_version": __version__,
        "seed_version": tracker.curriculum.seed_version,
        **sections,
    }


def export_json(tracker: Tracker, path: Path) -> ExportSummary:
    """Write every piece of user data to a JSON file."""
    document = export_document(tracker)
    _write_atomically(Path(path), json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    counts = {key: len(document.get(key) or ()) for key, _ in _EXPORTED}
    return ExportSummary(Path(path), counts)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def export_csv(tracker: Tracker, path: Path) -> int:
    """Write the checklist (every item with its state) as CSV for spreadsheets; return the row count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    views = tracker.items()
    for view in views:
        item, state = view.item, view.state
        writer.writerow(
            [
                _cell(value)
                for value in (
                    item.id,
                    item.level,
                    item.kind.value,
                    item.title,
                    state.status.value,
                    state.confidence,
                    state.evidence,
                    state.notes,
                )
            ]
        )
    # utf-8-sig: spreadsheet programs then read accents correctly
    _write_atomically(Path(path), buffer.getvalue(), encoding="utf-8-sig")
    return len(views)


@dataclass(frozen=True)
class CalendarSummary:
    """What a calendar export wrote."""

    path: Path
    study_days: int
    exam: date | None


def export_calendar(tracker: Tracker, path: Path, level: str | None = None) -> CalendarSummary:
    """Write a level's plan as an iCalendar file: one all-day event per study day, one for the exam.

    Each day lists its study steps with their minutes (a plan made before steps: its items with the minutes
    of their steps), then its review session. The event ids are made from the level and the plan's start,
    so importing a newer export updates a calendar instead of duplicating.
    """
    from mlops_tracker.formats.calendar import REVIEW_SESSION, StudyEntry, plan_calendar

    plan = tracker.require_plan(level)
    steps = tracker.all_steps()
    days: dict[date, list[StudyEntry]] = {}
    for view in tracker.task_views(plan):
        if view.step_id is not None and view.minutes > 0:
            part = f" (part {view.task.part} of {view.task.parts})" if view.task.parts > 1 else ""
            entry = StudyEntry(f"{view.step_title or view.item.title}{part}", view.minutes)
        else:
            entry = StudyEntry(view.item.title, sum(step.minutes for step in steps[view.item.id]))
        days.setdefault(view.task.due, []).append(entry)
    for day, minutes in tracker.review_sessions(plan).items():  # the time each study day keeps for reviews
        days.setdefault(day, []).append(StudyEntry(REVIEW_SESSION, minutes))
    spec = plan.spec
    name = tracker.resolve_level(spec.level).name
    document = plan_calendar(
        plan_key=f"{spec.level}-{spec.start:%Y%m%d}",
        title=f"{name} plan",
        days=days,
        exam=spec.exam,
        stamp=datetime.now(UTC),
    )
    _write_atomically(Path(path), document.decode("utf-8"))
    return CalendarSummary(Path(path), len(days), spec.exam)


def read_export(tracker: Tracker, path: Path) -> ExportDocument:
    """Read and validate a whole export file against this database; raise ExportRejected on any problem."""
    source = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ExportRejected(source, [("", f"the file is {size} bytes; an export is at most 64 MB")])
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ExportRejected(source, [("", "there is no such file")]) from None
    except OSError as error:
        raise ExportRejected(source, [("", f"cannot read the file: {error.strerror or error}")]) from None
    return parse_text(tracker, data, source)


def parse_text(tracker: Tracker, data: bytes | str, source: str = "import") -> ExportDocument:
    """Validate an export document given as text or bytes against this database."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ExportRejected(source, [("", f"not UTF-8 text (byte {error.start})")]) from None
    else:
        text = data
    with tracker.database.snapshot() as session:
        known_items = store.item_levels(session)
    known_levels = {level.id for level in tracker.curriculum.levels}
    return parse_export(text, source=source, known_items=known_items, known_levels=known_levels)


_FIELD_NAMES = {"status": "status", "notes": "notes", "evidence": "evidence", "confidence": "confidence"}


def _shown(value: object) -> str:
    """Return a field's value as the preview shows it: short, quoted text, "(empty)" or "(none)"."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        if not value:
            return "(empty)"
        line = " ".join(value.split())
        return f"'{line if len(line) <= 40 else line[:39] + '…'}'"
    return str(value)


@dataclass(frozen=True)
class ImportPreview:
    """What an import will change (or changed): every field of every item, old → new."""

    source: Path
    plan: store.MergePlan = field(repr=False)

    @property
    def new_events(self) -> int:
        """Return how many changes (status events and field changes) the log gains."""
        return len(self.plan.events) + len(self.plan.changes)

    @property
    def updates(self) -> tuple[store.FieldUpdate, ...]:
        """Return each field of each item the import changes, old → new."""
        return self.plan.updates

    @property
    def status_changes(self) -> tuple[store.FieldUpdate, ...]:
        """Return the items whose current status changes."""
        return tuple(update for update in self.plan.updates if update.field == "status")

    @property
    def plans_added(self) -> tuple[str, ...]:
        """Return the levels that gain a plan."""
        return tuple(plan.level for plan in self.plan.plans_added)

    @property
    def plans_replaced(self) -> tuple[str, ...]:
        """Return the levels whose plan the newer imported one replaces."""
        return tuple(plan.level for plan in self.plan.plans_replaced)

    @property
    def new_sessions(self) -> int:
        """Return how many study sessions are added."""
        return len(self.plan.sessions)

    @property
    def details_updated(self) -> int:
        """Return how many items get new notes, evidence or confidence."""
        return len({u.item_id for u in self.plan.updates if u.field != "status"})

    @property
    def new_settings(self) -> tuple[str, ...]:
        """Return the settings keys added."""
        return tuple(self.plan.settings)

    @property
    def ignored_settings(self) -> tuple[str, ...]:
        """Return the settings keys left out (unknown to this app, or this computer's own)."""
        return self.plan.settings_ignored

    @property
    def nothing_to_do(self) -> bool:
        """Return whether the import changes nothing (everything in it is here already)."""
        return self.plan.empty

    def describe(self, titles: dict[str, str] | None = None, limit: int = 10) -> list[str]:
        """Return the changes as lines for people, naming each changed field of up to `limit` items."""
        if self.nothing_to_do:
            lines = ["Nothing to import: everything in this file is already here."]
            if self.ignored_settings:
                lines.append(f"settings left out (unknown to this app): {', '.join(self.ignored_settings)}")
            return lines
        lines = [
            f"{_count(self.new_events, 'new event')} in the progress log",
            f"{_count(len(self.status_changes), 'item')} whose status changes",
            f"{_count(self.details_updated, 'item')} whose notes, evidence or confidence change",
            f"{_count(self.new_sessions, 'new study session')}",
        ]
        if self.plan.step_events:
            lines.append(f"{_count(len(self.plan.step_events), 'new step tick')}")
        if self.plan.step_edits:
            lines.append(f"{_count(len(self.plan.step_edits), 'new step edit')}")
        if self.plan.answers:
            lines.append(f"{_count(len(self.plan.answers), 'new answer')} to self-check questions")
        if self.plan.exam_results:
            lines.append(f"{_count(len(self.plan.exam_results), 'new exam result')}")
        if self.plans_added:
            lines.append(f"new plan for {', '.join(self.plans_added)}")
        if self.plans_replaced:
            lines.append(f"newer plan replaces the one for {', '.join(self.plans_replaced)}")
        if self.new_settings:
            lines.append(f"{_count(len(self.new_settings), 'setting')} added: {', '.join(self.new_settings)}")
        if self.ignored_settings:
            lines.append(f"settings left out (unknown to this app): {', '.join(self.ignored_settings)}")
        by_item: dict[str, list[store.FieldUpdate]] = {}
        for update in self.plan.updates:
            by_item.setdefault(update.item_id, []).append(update)
        for item_id, updates in list(by_item.items())[:limit]:
            title = (titles or {}).get(item_id, item_id)
            what = "; ".join(
                f"{_FIELD_NAMES[u.field]} {_shown(u.before)} → {_shown(u.after)}"
                if u.field != "status"
                else f"status {u.before} → {u.after}"
                for u in updates
            )
            lines.append(f"  {title}: {what}")
        if len(by_item) > limit:
            lines.append(f"  … and {len(by_item) - limit} more items")
        return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


@dataclass(frozen=True)
class ImportResult:
    """What an import did, and the backup that undoes it (None when it changed nothing)."""

    preview: ImportPreview
    backup: Path | None
    changes: Changes
    marker: tuple[int, int] = (0, 0)  # the data's change marker right after the import


def preview_import(tracker: Tracker, path: Path) -> ImportPreview:
    """Validate an export file and return what importing it would change, changing nothing."""
    return preview_document(tracker, read_export(tracker, path), Path(path))


def preview_document(tracker: Tracker, document: ExportDocument, source: Path) -> ImportPreview:
    """Return what importing a validated export would change, changing nothing."""
    with tracker.database.snapshot() as session:
        plan = store.plan_merge(session, document)
    return ImportPreview(Path(source), plan)


def import_json(tracker: Tracker, path: Path, *, notify: bool = True) -> ImportResult:
    """Validate the whole file, back the database up, then merge it in one transaction."""
    document = read_export(tracker, path)
    return import_document(tracker, document, Path(path), notify=notify)


def import_document(
    tracker: Tracker, document: ExportDocument, source: Path, *, notify: bool = True
) -> ImportResult:
    """Back the database up and merge a validated export into it in one transaction.

    With notify=False (a worker thread) the caller must call `tracker.reload()` on the UI thread after.
    """
    with tracker.database.snapshot() as session:
        plan = store.plan_merge(session, document)
    if plan.empty:  # no backup and no write for a file whose every row is here already
        return ImportResult(ImportPreview(source, plan), None, Changes())
    backup = backups.create_backup(tracker.database, "before-import")
    with tracker.database.transaction() as session:
        plan = store.plan_merge(session, document)  # again, inside the write transaction
        store.apply_merge(session, plan)
    with tracker.database.reading() as connection:
        marker = reads.change_marker(connection)
    changes = tracker.reload() if notify else ALL_CHANGED
    return ImportResult(ImportPreview(source, plan), backup, changes, marker)


def undo_import(tracker: Tracker, result: ImportResult, *, notify: bool = True) -> backups.RestoreResult:
    """Take an import back by restoring the backup made just before it."""
    if result.backup is None:
        raise UserError("That import changed nothing, so there is nothing to undo.")
    with tracker.database.reading() as connection:
        changed_since = reads.change_marker(connection) != result.marker
    if changed_since:
        # restoring would silently drop every tick made after the import
        raise UserError(
            "The import can no longer be undone: you changed things after it, and undoing it would lose "
            f"them. The data as it was before the import is in the backup {result.backup.name} "
            "(File → Backups… or `mlops-tracker restore`)."
        )
    return restore_backup(tracker, result.backup, notify=notify)

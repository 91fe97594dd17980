"""File menu data dialogs: export, import with preview and undo, backups, automatic backups, recovery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMainWindow, QMessageBox, QPushButton

from mlops_tracker.core import files
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.dialogs import data
from mlops_tracker.gui.jobs import jobs_running
from mlops_tracker.paths import database_path
from mlops_tracker.storage import backup as backups
from mlops_tracker.storage.database import Database, DatabaseDamaged

ITEM = "foundation.skill.ml-lifecycle"
WAIT_MS = 15_000


class StandIn(QMainWindow):
    """The smallest window the data dialogs work with: a tracker, its bridge and a status bar."""

    def __init__(self, tracker: Tracker) -> None:
        super().__init__()
        self.tracker = tracker
        self.bridge = TrackerBridge(tracker, self)


@pytest.fixture
def window(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    tracker = Tracker.open(tmp_path / "data")
    stand_in = StandIn(tracker)
    qtbot.addWidget(stand_in)
    yield stand_in
    qtbot.waitUntil(lambda: not jobs_running(), timeout=WAIT_MS)
    tracker.close()


@pytest.fixture
def other_export(tmp_path) -> Path:
    """Return an export from another computer where the skill is done."""
    other = Tracker.open(tmp_path / "other")
    other.run(UpdateItem(ITEM, status=Status.DONE))
    path = tmp_path / "other.json"
    files.export_json(other, path)
    other.close()
    return path


def _status(tracker: Tracker) -> Status:
    return tracker.item(ITEM).state.status


def _choose_file(monkeypatch, path: Path, selected_filter: str = "") -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), selected_filter))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


# ---- export -------------------------------------------------------------------------------------


def test_export_writes_json_in_the_background_and_says_so(qtbot, window, tmp_path, monkeypatch):
    window.tracker.run(UpdateItem(ITEM, status=Status.DONE))
    target = tmp_path / "out.json"
    _choose_file(monkeypatch, target)
    data.export_data(window)
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert files.read_export(window.tracker, target).events[0].item_id == ITEM


def test_export_as_csv_from_the_filter(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "checklist"
    _choose_file(monkeypatch, target, data.CSV_FILTER)
    data.export_data(window)
    qtbot.waitUntil(lambda: "checklist" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert target.with_suffix(".csv").read_text(encoding="utf-8-sig").startswith("id,level")


def test_a_cancelled_file_dialog_does_nothing(window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    data.export_data(window)
    assert not jobs_running()


# ---- import -------------------------------------------------------------------------------------


def test_import_previews_merges_refreshes_on_the_ui_thread_and_can_be_undone(
    qtbot, window, other_export, monkeypatch
):
    previews: list[str] = []

    def accept(dialog: data.ImportPreviewDialog) -> int:
        previews.append(dialog.changes.toPlainText())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(data.ImportPreviewDialog, "exec", accept)
    _choose_file(monkeypatch, other_export)
    notified_on: list[bool] = []
    window.bridge.tracker_changed.connect(
        lambda _changes: notified_on.append(QThread.currentThread() is QApplication.instance().thread())
    )
    data.import_data(window)
    qtbot.waitUntil(lambda: _status(window.tracker) is Status.DONE, timeout=WAIT_MS)
    assert "1 new event in the progress log" in previews[0]
    assert "todo → done" in previews[0]
    qtbot.waitUntil(lambda: bool(notified_on), timeout=WAIT_MS)
    assert all(notified_on)  # screens refresh from the UI thread, never from the worker
    assert "Imported other.json" in window.statusBar().currentMessage()
    undo = window.statusBar().findChild(QPushButton, "undoImportButton")
    assert undo is not None
    undo.click()
    qtbot.waitUntil(lambda: _status(window.tracker) is Status.TODO, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "undone" in window.statusBar().currentMessage(), timeout=WAIT_MS)


def test_cancelling_the_preview_imports_nothing(qtbot, window, other_export, monkeypatch):
    shown: list[bool] = []

    def cancel(_dialog: data.ImportPreviewDialog) -> int:
        shown.append(True)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(data.ImportPreviewDialog, "exec", cancel)
    _choose_file(monkeypatch, other_export)
    data.import_data(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not jobs_running(), timeout=WAIT_MS)
    assert _status(window.tracker) is Status.TODO
    assert not backups.list_backups(window.tracker.folder)


def test_a_bad_file_is_refused_with_its_problems_and_changes_nothing(
    qtbot, window, tmp_path, monkeypatch, shown_messages
):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "mlops-tracker-export", "format_version": 1, "items": "yes"}')
    _choose_file(monkeypatch, bad)
    data.import_data(window)
    qtbot.waitUntil(lambda: bool(shown_messages), timeout=WAIT_MS)
    kind, text = shown_messages[0]
    assert kind == "warning" and "nothing was imported" in text and "items" in text
    assert not backups.list_backups(window.tracker.folder)


def test_a_file_already_imported_says_there_is_nothing_to_do(
    qtbot, window, other_export, monkeypatch, shown_messages
):
    files.import_json(window.tracker, other_export)
    _choose_file(monkeypatch, other_export)
    data.import_data(window)
    qtbot.waitUntil(lambda: bool(shown_messages), timeout=WAIT_MS)
    assert shown_messages[0][0] == "information" and "Nothing to import" in shown_messages[0][1]


# ---- backups ------------------------------------------------------------------------------------


def test_the_backups_dialog_backs_up_and_restores_after_confirming(qtbot, window, monkeypatch):
    dialog = data.BackupsDialog(window, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    window.tracker.run(UpdateItem(ITEM, status=Status.DONE))
    dialog.back_up_now()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    assert dialog.table.item(0, 1).text() == "manual"
    window.tracker.run(UpdateItem(ITEM, status=Status.SKIPPED))
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    dialog.table.selectRow(0)
    dialog.restore_selected()
    qtbot.waitUntil(lambda: _status(window.tracker) is Status.DONE, timeout=WAIT_MS)
    assert "backed up first" in asked[0]
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=WAIT_MS)  # plus the before-restore copy
    assert {info.reason for info in dialog.infos} == {"manual", "before-restore"}


def test_declining_the_restore_changes_nothing(qtbot, window, monkeypatch):
    backups.create_backup(window.tracker.database, "manual")
    window.tracker.run(UpdateItem(ITEM, status=Status.DONE))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog = data.BackupsDialog(window, window)
    qtbot.addWidget(dialog)
    dialog.restore_selected()
    assert not jobs_running()
    assert _status(window.tracker) is Status.DONE


def test_show_backups_opens_the_dialog(window, monkeypatch):
    opened: list[int] = []
    monkeypatch.setattr(
        data.BackupsDialog, "exec", lambda dialog: opened.append(dialog.table.rowCount()) or 0
    )
    data.show_backups(window)
    assert opened == [0]


def test_the_main_window_menu_reaches_the_dialogs(main_window, monkeypatch):
    opened: list[bool] = []
    monkeypatch.setattr(data.BackupsDialog, "exec", lambda dialog: opened.append(True) or 0)
    assert main_window.backups_action.isEnabled()
    main_window.backups_action.trigger()
    assert opened == [True]


# ---- automatic backups --------------------------------------------------------------------------


def test_automatic_backups_run_only_after_a_change_and_on_exit(qtbot, window):
    auto = data.install_auto_backup(window)
    later = datetime.now(UTC) + timedelta(minutes=31)
    assert not auto.check(later)  # nothing changed
    window.bridge.run(UpdateItem(ITEM, status=Status.DONE))
    assert not auto.check(datetime.now(UTC) + timedelta(minutes=5))  # too soon
    with qtbot.waitSignal(auto.backed_up, timeout=WAIT_MS):
        assert auto.check(later)
    assert [info.reason for info in backups.list_backups(window.tracker.folder)] == ["auto"]
    assert auto.backup_on_exit() is None  # nothing changed since
    window.bridge.run(UpdateItem(ITEM, status=Status.SKIPPED))
    path = auto.backup_on_exit()
    assert path is not None and backups.parse_name(path.name)[1] == "exit"


# ---- recovery at start-up -----------------------------------------------------------------------


def _damaged_folder(tmp_path: Path) -> tuple[Path, DatabaseDamaged]:
    folder = tmp_path / "damaged"
    tracker = Tracker.open(folder)
    tracker.run(UpdateItem(ITEM, status=Status.DONE))
    backups.create_backup(tracker.database, "manual")
    tracker.close()
    database_path(folder).write_bytes(b"")
    with pytest.raises(DatabaseDamaged) as caught:
        Database.open(folder)
    return folder, caught.value


def _click(monkeypatch, label: str) -> list[str]:
    texts: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        texts.append(box.informativeText())
        for button in box.buttons():
            if button.text() == label:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return texts


def test_offer_recovery_restores_the_newest_backup(tmp_path, monkeypatch):
    folder, error = _damaged_folder(tmp_path)
    texts = _click(monkeypatch, "Restore newest backup")
    assert data.offer_recovery(None, error, folder) is True
    assert "the file is empty" in texts[0] and error.newest_backup.path.name in texts[0]
    tracker = Tracker.open(folder)
    assert _status(tracker) is Status.DONE
    tracker.close()


def test_offer_recovery_can_start_empty_or_quit(tmp_path, monkeypatch):
    folder, error = _damaged_folder(tmp_path)
    _click(monkeypatch, "Quit")
    assert data.offer_recovery(None, error, folder) is False
    _click(monkeypatch, "Start with an empty database")
    assert data.offer_recovery(None, error, folder) is True
    assert error.moved_to.exists()  # the damaged file stays aside either way


def test_a_restore_that_fails_says_why_and_keeps_the_data(qtbot, window, monkeypatch, shown_messages):
    path = backups.create_backup(window.tracker.database, "manual")
    window.tracker.run(UpdateItem(ITEM, status=Status.DONE))
    dialog = data.BackupsDialog(window, window)
    qtbot.addWidget(dialog)
    path.write_bytes(b"damaged since")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.restore_selected()
    assert shown_messages and "Cannot restore" in shown_messages[-1][1]
    assert _status(window.tracker) is Status.DONE
    assert QApplication.overrideCursor() is None

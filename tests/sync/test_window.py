"""Sync in the window against the throwaway server: status bar, background syncs, Preferences, Cohort."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mlops_tracker.core import sync, sync_state
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.gui.jobs import jobs_running
from mlops_tracker.gui.reminder import PreferencesDialog
from mlops_tracker.sync.testing import free_port
from tests.gui.conftest import (  # noqa: F401 (fixtures)
    _fixed_today,
    _no_blocking_dialogs,
    plan_folder,
    show_active,
    window_factory,
)

X = "foundation.skill.ml-lifecycle"
Y = "foundation.skill.versioning-lineage"


def set_up(folder: Path, url: str) -> None:
    tracker = Tracker.open(folder, source="cli")
    try:
        sync.setup(tracker, url)
    finally:
        tracker.close()


def point_at(folder: Path, url: str) -> None:
    """Change the saved server address behind the app's back (a server that moved or went away)."""
    with sqlite3.connect(folder / "tracker.sqlite3") as db:
        db.execute("UPDATE sync_state SET value = ? WHERE key = 'server'", (json.dumps(url),))


@pytest.fixture
def learner_window(site, plan_folder, window_factory, qtbot, monkeypatch):  # noqa: F811
    site.add("Ana", cohort="A")
    set_up(plan_folder, site.url("Ana"))
    monkeypatch.setenv("PGPASSWORD", site.passwords["Ana"])
    window = show_active(qtbot, window_factory(plan_folder))
    window.start_services()
    return window


def test_the_window_syncs_in_the_background_and_says_synced(site, learner_window, qtbot):
    service = learner_window.sync_service
    label = service.label
    assert label.text() == "Syncing…" and jobs_running()  # the first sync runs; the window goes on
    qtbot.waitUntil(lambda: label.text() == "Synced just now", timeout=20000)
    assert site.count() > 0  # the plan went up
    assert label.isVisible() and "mlops_ana@127.0.0.1" in label.toolTip()


def test_offline_the_status_bar_counts_the_changes_waiting_and_nothing_is_lost(site, learner_window, qtbot):
    service = learner_window.sync_service
    qtbot.waitUntil(lambda: not service.running, timeout=20000)
    good = sync_state.configured_url(learner_window.tracker)
    point_at(learner_window.tracker.folder, good.replace(f":{site.server.port}/", f":{free_port()}/"))
    learner_window.tracker.set_setting("reminder_time", "07:30")
    learner_window.tracker.set_setting("role", "sre")
    service.sync_now()
    qtbot.waitUntil(lambda: not service.running, timeout=20000)
    assert service.label.text() == "Offline: 2 changes waiting"
    assert "Cannot reach the sync server" in service.label.toolTip()
    point_at(learner_window.tracker.folder, good)
    service.sync_now()
    qtbot.waitUntil(lambda: service.label.text() == "Synced just now", timeout=20000)
    with site.admin() as admin:
        kinds = admin.execute("SELECT count(*) FROM mlops_sync.events WHERE kind = 'setting'").fetchone()
    assert kinds == (2,)


def test_closing_the_window_syncs_once_more_in_a_thread_of_its_own(site, learner_window, qtbot):
    service = learner_window.sync_service
    qtbot.waitUntil(lambda: not service.running, timeout=20000)
    learner_window.tracker.set_setting("reminder_time", "06:45")
    learner_window.close()
    assert service.exit_thread is not None
    service.exit_thread.join(timeout=30)
    assert not service.exit_thread.is_alive()
    with site.admin() as admin:
        values = admin.execute("SELECT payload->>'value' FROM mlops_sync.events WHERE kind = 'setting'")
        assert [row[0] for row in values] == ["06:45"]


def test_preferences_test_the_connection_in_the_background_then_save_it(site, plan_folder, qtbot):  # noqa: F811
    site.add("Bea", cohort="A")
    tracker = Tracker.open(plan_folder, source="ui")
    try:
        dialog = PreferencesDialog(tracker)
        qtbot.addWidget(dialog)
        section = dialog.sync_section
        section.url_edit.setText(site.url("Bea", password="not-the-password"))
        qtbot.mouseClick(section.test_button, Qt.MouseButton.LeftButton)
        assert section.result_label.text() == "Testing the connection…"
        qtbot.waitUntil(lambda: section.test_button.isEnabled(), timeout=20000)
        assert "refused the login" in section.result_label.text()
        assert sync_state.configured_url(tracker) is None
        section.url_edit.setText(site.url("Bea"))
        with qtbot.waitSignal(section.saved, timeout=20000):
            qtbot.mouseClick(section.test_button, Qt.MouseButton.LeftButton)
        assert "Connected as learner Bea" in section.result_label.text()
        saved = sync_state.configured_url(tracker)
        assert saved is not None and site.passwords["Bea"] not in saved
    finally:
        tracker.close()


@pytest.fixture
def trainer_window(site, tmp_path, plan_folder, window_factory, qtbot, monkeypatch):  # noqa: F811
    """Ana (ahead, with a plan) and Bea in cohort A, Cid in B; the window of A's trainer, Tess."""
    for name, cohort in (("Ana", "A"), ("Bea", "A"), ("Cid", "B")):
        site.add(name, cohort=cohort)
    site.add("Tess", cohort="A", trainer=True)
    for name, folder, items in (("Ana", plan_folder, (X, Y)), ("Bea", tmp_path / "bea", (X,))):
        set_up(folder, site.url(name))
        monkeypatch.setenv("PGPASSWORD", site.passwords[name])
        tracker = Tracker.open(folder, source="cli")
        try:
            from mlops_tracker.core.commands import UpdateItem
            from mlops_tracker.domain.model import Status

            for item in items:
                tracker.run(UpdateItem(item, status=Status.DONE))
            if name == "Ana":  # a self-check: Ana has retained readiness, Bea none yet
                from mlops_tracker.core import reviews

                reviews.answer_question(tracker, "q.foundation.skill.ml-lifecycle.stage-order", 1, 10)
            sync.sync_now(tracker)
        finally:
            tracker.close()
    trainer_folder = tmp_path / "tess"
    set_up(trainer_folder, site.url("Tess"))
    monkeypatch.setenv("PGPASSWORD", site.passwords["Tess"])
    window = show_active(qtbot, window_factory(trainer_folder))
    window.start_services()
    return window


def test_a_trainer_gets_a_sortable_cohort_page(trainer_window, qtbot, qtmodeltester):
    labels = [trainer_window.navigation.item(row).text() for row in range(trainer_window.navigation.count())]
    assert labels[-1] == "Cohort"
    page = trainer_window.show_page("cohort")
    assert trainer_window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.loaded, timeout=20000)
    qtmodeltester.check(page.model)
    names = {page.proxy.index(row, 0).data() for row in range(page.proxy.rowCount())}
    assert names == {"Ana", "Bea"}  # Cid is in another cohort
    rows = range(page.proxy.rowCount())
    retained = {page.proxy.index(row, 0).data(): page.proxy.index(row, 3).data() for row in rows}
    assert retained["Ana"].endswith("%") and retained["Ana"] != "0%" and retained["Bea"] == "—"
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # readiness, highest first
    assert page.proxy.index(0, 0).data() == "Ana"
    page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert page.proxy.index(0, 0).data() == "Bea"
    assert "behind" in page.summary_label.text() and trainer_window.sync_service.label.text().startswith(
        "Trainer"
    )


def test_a_learners_window_has_no_cohort_page(learner_window):
    labels = [learner_window.navigation.item(row).text() for row in range(learner_window.navigation.count())]
    assert "Cohort" not in labels


def test_a_background_sync_is_not_taken_for_a_change_from_elsewhere(learner_window, qtbot):
    service = learner_window.sync_service
    qtbot.waitUntil(lambda: not service.running, timeout=20000)
    learner_window.statusBar().clearMessage()
    service.sync_now()
    qtbot.waitUntil(lambda: not service.running, timeout=20000)
    assert not learner_window.bridge.check_other_writers()
    assert "outside this window" not in learner_window.statusBar().currentMessage()


def test_nothing_of_sync_is_imported_before_the_first_paint_even_when_set_up(site, plan_folder):  # noqa: F811
    import os
    import subprocess
    import sys

    site.add("Ana", cohort="A")
    set_up(plan_folder, site.url("Ana"))
    code = (
        "import sys\n"
        "from mlops_tracker.gui.app import create_main_window\n"
        f"window = create_main_window({str(plan_folder)!r})\n"
        "window.show()\n"
        "from PySide6.QtWidgets import QApplication\n"
        "QApplication.processEvents()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('psycopg', 'mlops_tracker.sync', "
        "'mlops_tracker.core.sync', 'mlops_tracker.core.cohort'))))\n"
        "window.remember_layout = False\n"
        "window.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"

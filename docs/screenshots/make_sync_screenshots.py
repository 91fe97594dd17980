"""Make the sync screenshots: a trainer's Cohort page (cohort.png) and the status bar's sync line.

Run from the repository root:  .venv/bin/python docs/screenshots/make_sync_screenshots.py
Needs the PostgreSQL server binaries (`apt-get install -y postgresql`): it starts a throwaway server,
registers a cohort of learners whose computers sync their progress, and opens the trainer's window.
Offscreen; it never touches the real data folder. Writes cohort.png and sync-status.png.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

TODAY = date(2026, 3, 18)
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SIZE = (1200, 760)
# name, days into a 30-day Foundation plan, share of the due items done (ahead > 1, behind < 1), days idle,
# share of self-check answers right (None: takes no self-check, so no retained readiness yet)
LEARNERS = (
    ("Amira Haddad", 14, 1.3, 0, 0.9),
    ("Ben Okafor", 14, 1.0, 1, 0.75),
    ("Chloé Martin", 12, 0.6, 3, 0.5),
    ("Dmitri Ivanov", 16, 0.35, 6, None),
    ("Elena Rossi", 10, 1.15, 0, 1.0),
    ("Farid Khan", 18, 0.8, 2, 0.6),
    ("Grace Liu", 8, 0.0, 8, None),
)


def make_learner(
    folder: Path, url: str, password: str, days_in: int, pace: float, idle: int, right: float | None
) -> None:
    """Give a learner a plan, days of progress and self-checks on their own computer, then sync it up."""
    import random

    from mlops_tracker.core import reviews, sync
    from mlops_tracker.core.clock import Clock, local_tz
    from mlops_tracker.core.commands import UpdateItem
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.domain.model import Status

    tz = local_tz()
    start = TODAY - timedelta(days=days_in)
    os.environ["PGPASSWORD"] = password  # the saved URL has none: libpq finds it here
    tracker = Tracker.open(folder, clock=Clock(tz=tz, fixed_day=start))
    try:
        tracker.create_plan(tracker.plan_spec("foundation", 30, start=start, exam=start + timedelta(days=32)))
        tasks = sorted(tracker.plan().tasks, key=lambda task: task.due)
        sync.setup(tracker, url)
        with _demo_wall_clock(tracker.clock.now()):  # the app syncs while it is open: the plan goes up today
            sync.sync_now(tracker)
    finally:
        tracker.close()
    due = [task for task in tasks if task.due < TODAY - timedelta(days=idle)]
    done = tasks[: round(len(due) * pace)]
    rng, checked = random.Random(folder.name), set()
    for number, task in enumerate(done):
        day = min(start + timedelta(days=number * days_in // max(len(done), 1)), TODAY - timedelta(days=idle))
        tracker = Tracker.open(folder, clock=Clock(tz=tz, fixed_day=day))
        try:
            tracker.run(UpdateItem(task.item_id, status=Status.DONE, confidence=4))
            if right is not None and task.item_id not in checked:  # a self-check of the item just finished
                checked.add(task.item_id)
                for question in reviews.bank().for_item(task.item_id)[:2]:
                    wrong = (question.answer + 1) % len(question.choices)
                    choice = question.answer if rng.random() < right else wrong
                    reviews.answer_question(tracker, question.id, choice + 1, seconds=25)
        finally:
            tracker.close()
    tracker = Tracker.open(folder, clock=Clock(tz=tz, fixed_day=TODAY - timedelta(days=idle)))
    try:  # the progress goes up on the learner's last day of study
        with _demo_wall_clock(tracker.clock.now()):
            sync.sync_now(tracker)
    finally:
        tracker.close()


@contextlib.contextmanager
def _demo_wall_clock(moment: datetime) -> Iterator[None]:
    """Stamp the plan versions a sync sends with the demo's day, not the machine's.

    A plan version is stamped with the wall clock when it is sent (`storage.sync_local`), and the cohort
    counts it as activity: without this, every learner's last activity would be the day the script runs.
    """
    from unittest import mock

    class DemoDatetime(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
            return moment.astimezone(tz)

    with mock.patch("mlops_tracker.storage.sync_local.datetime", DemoDatetime):
        yield


def settle(app, wait_ms: int = 200) -> None:  # type: ignore[no-untyped-def]
    """Let layouts and queued signals finish."""
    from PySide6.QtTest import QTest

    for _ in range(4):
        app.processEvents()
        QTest.qWait(wait_ms // 4)


def main() -> int:
    """Build the cohort on a throwaway server and save both screenshots."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["MLOPS_TRACKER_TODAY"] = TODAY.isoformat()
    os.environ.setdefault("MLOPS_TRACKER_LOCALE", "en_GB")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from mlops_tracker.core import sync_state
    from mlops_tracker.gui.app import create_main_window
    from mlops_tracker.sync import server
    from mlops_tracker.sync.testing import ThrowawayServer

    with ThrowawayServer() as pg, tempfile.TemporaryDirectory(prefix="mlops-sync-shots-") as root:
        admin = pg.url()
        server.init_server(admin)
        learner_password = ""
        for name, days_in, pace, idle, right in LEARNERS:
            password = server.add_learner(admin, name, cohort="Platform team, spring")
            learner_password = learner_password or password
            url = pg.url(role=server.learner_role(name), password=password)
            make_learner(Path(root) / name, url, password, days_in, pace, idle, right)
        password = server.add_learner(admin, "Tess Trainer", cohort="Platform team, spring", trainer=True)
        os.environ["PGPASSWORD"] = password
        trainer = Path(root) / "trainer"
        from mlops_tracker.core import sync
        from mlops_tracker.core.tracker import Tracker

        tracker = Tracker.open(trainer)
        tracker.set_setting("wizard_done", True)  # a trainer has no plan: no first-run wizard
        sync.setup(tracker, pg.url(role=server.learner_role("Tess Trainer")))
        tracker.close()

        window = create_main_window(trainer)
        app = QApplication.instance()
        window.remember_layout = False
        window.resize(*SIZE)
        window.show()
        window.start_services()
        settle(app)
        page = window.show_page("cohort")
        for _ in range(100):
            if page.loaded:
                break
            settle(app)
        page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        settle(app)
        window.grab().save(str(HERE / "cohort.png"))
        window.close()

        # the learner's status bar: synced, then offline with changes waiting
        learner = Path(root) / LEARNERS[0][0]
        os.environ["PGPASSWORD"] = learner_password
        window = create_main_window(learner)
        window.remember_layout = False
        window.resize(SIZE[0], SIZE[1])
        window.show()
        window.start_services()
        settle(app)
        service = window.sync_service
        for _ in range(100):  # the first sync of the window's start must be over before the shots
            if not service.running:
                break
            settle(app)
        shots = []
        state = sync_state.status(window.tracker)
        assert state.last_sync is not None
        service.timer.stop()
        window.statusBar().clearMessage()  # "Updated: …" from the first sync's merge, gone in a moment anyway
        service.label.show_state(state, now=state.last_sync + timedelta(minutes=2))
        settle(app)
        shots.append(window.statusBar().grab())
        offline = sync_state.SyncStatus(state.server, state.last_sync, 12)
        service.label.show_state(offline, problem="Cannot reach the sync server")
        settle(app)
        shots.append(window.statusBar().grab())
        window.close()
        height = sum(shot.height() for shot in shots) + 8
        canvas = QPixmap(max(shot.width() for shot in shots), height)
        canvas.fill(window.palette().window().color())
        painter = QPainter(canvas)
        top = 0
        for shot in shots:
            painter.drawPixmap(0, top, shot)
            top += shot.height() + 8
        painter.end()
        canvas.save(str(HERE / "sync-status.png"))
    print(f"Wrote {HERE / 'cohort.png'} and {HERE / 'sync-status.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

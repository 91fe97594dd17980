"""Schema migrations: a first-schema file upgrades with every row intact; a failed upgrade changes nothing."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command

from mlops_tracker.core.tracker import Tracker
from mlops_tracker.paths import backups_dir, database_path
from mlops_tracker.storage import migrate
from mlops_tracker.storage.database import Database, StorageError
from mlops_tracker.storage.engine import make_engine
from mlops_tracker.storage.integrity import full_check
from tests.storage.helpers import SCHEMA_0001, folder_with_first_schema, table_rows

# A batch rebuild of `plans`, the parent of `plan_tasks` (ON DELETE CASCADE): with foreign keys on,
# dropping the old table deletes every task. This is the trap the upgrade must avoid.
REBUILD_PLANS = """
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "__HEAD__"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("plans", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("label", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("plans", recreate="always") as batch_op:
        batch_op.drop_column("label")
""".replace("{head}", migrate.SCHEMA_HEAD)  # after the shipped head, whichever it is

# Changes a table and rows, then fails: the whole upgrade must roll back.
FAIL_HALFWAY = """
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "__HEAD__"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("device", sa.String(40), nullable=True))
    op.execute("UPDATE item_states SET notes = 'overwritten'")
    op.execute("DELETE FROM plan_tasks")
    raise RuntimeError("the migration failed halfway")


def downgrade():
    pass
""".replace("{head}", migrate.SCHEMA_HEAD)


@pytest.fixture
def with_second_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Return a function installing a test-only 9001 after the shipped head (never in the package)."""

    def install(source: str) -> Path:
        folder = tmp_path / "migrations"
        shutil.copytree(migrate.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
        (folder / "versions" / "9001_test_only.py").write_text(
            source.replace("__HEAD__", migrate.SCHEMA_HEAD), encoding="utf-8"
        )
        monkeypatch.setattr(migrate, "MIGRATIONS", folder)
        return folder

    return install


def _revision(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def test_the_fixture_is_the_first_schema_filled_with_every_kind_of_row():
    rows = table_rows(SCHEMA_0001)
    assert _revision(SCHEMA_0001) == "0001"
    for table in ("items", "item_states", "events", "plans", "plan_tasks", "study_sessions", "settings"):
        assert rows[table], f"the fixture has no {table}"
    assert any(state[2] for state in rows["item_states"]), "the fixture has notes"


def test_opening_a_first_schema_file_with_the_shipped_migrations_keeps_every_row(tmp_path):
    folder = folder_with_first_schema(tmp_path / "data")
    before = table_rows(database_path(folder))
    database = Database.open(folder)
    database.close()
    assert _revision(database_path(folder)) == migrate.head_revision()
    after = table_rows(database_path(folder))
    for table in ("items", "item_states", "events", "settings"):
        assert after[table] == before[table], f"{table} changed"
    # study sessions gain a step, NULL on every old row: the item as a whole, as before
    assert [row[:-1] for row in after["study_sessions"]] == before["study_sessions"]
    assert all(row[-1] is None for row in after["study_sessions"])
    # plans gain their minutes per day (60) and an empty baseline; tasks an empty step, 0 minutes, part 1 of 1
    assert [row[:-2] for row in after["plans"]] == before["plans"]
    assert all(row[-2:] == (60, "") for row in after["plans"])
    assert [row[:-4] for row in after["plan_tasks"]] == before["plan_tasks"]
    assert all(row[-4:] == (None, 0, 1, 1) for row in after["plan_tasks"])
    # undo steps gain their owner (the window's, as most were); every step is kept
    assert [row[:-1] for row in after["undo_steps"]] == before["undo_steps"]
    assert all(row[-1] == "ui" for row in after["undo_steps"])


def test_the_upgrade_keeps_every_note_evidence_and_confidence_as_a_field_change(tmp_path):
    folder = folder_with_first_schema(tmp_path / "data")
    states = table_rows(database_path(folder))["item_states"]
    Database.open(folder).close()
    changes = table_rows(database_path(folder))["field_changes"]
    kept = {(row[2], row[3]): (row[4], row[5]) for row in changes}  # (item, field): (value, at)
    expected = {}
    for item_id, _status, notes, evidence, confidence, updated_at in states:
        for field, value in (("notes", notes), ("evidence", evidence), ("confidence", confidence)):
            if value not in ("", None):
                expected[(item_id, field)] = (str(value), updated_at)
    assert kept == expected and len(changes) == len(expected)
    assert len({row[1] for row in changes}) == len(changes)  # unique ids
    assert full_check(database_path(folder)).ok


def test_the_tracker_opens_a_first_schema_file_and_finds_its_data(tmp_path):
    folder = folder_with_first_schema(tmp_path / "data")
    tracker = Tracker.open(folder, source="cli")
    try:
        assert tracker.item("foundation.skill.ml-lifecycle").state.notes == "read chapter 2"
        assert [event.id for event in tracker.events()] == [f"e-000{n}" for n in range(1, 7)]
        assert tracker.plan("foundation") is not None
        assert len(tracker.plan("foundation").tasks) == 4
        assert [s.minutes for s in tracker.study_sessions()] == [45, 20]
        assert tracker.setting("theme") == "dark"
        assert full_check(tracker.database.path).ok
    finally:
        tracker.close()


def test_an_upgrade_rebuilding_a_parent_table_keeps_the_child_rows(tmp_path, with_second_migration):
    with_second_migration(REBUILD_PLANS)
    folder = folder_with_first_schema(tmp_path / "data")
    before = table_rows(database_path(folder))
    database = Database.open(folder)
    database.close()
    after = table_rows(database_path(folder))
    assert _revision(database_path(folder)) == "9001"
    for table in ("items", "item_states", "events", "settings"):
        assert after[table] == before[table], f"{table} changed"
    assert [row[:-1] for row in after["study_sessions"]] == before["study_sessions"]  # 0006's step at the end
    assert [row[:-4] for row in after["plan_tasks"]] == before["plan_tasks"]  # 0003's columns at the end
    assert [row[:-3] for row in after["plans"]] == before["plans"]  # 0003's columns, then 9001's
    assert all(row[-1] == "" for row in after["plans"])
    assert full_check(database_path(folder)).ok


def test_the_cascade_trap_is_real_with_foreign_keys_on(tmp_path, with_second_migration):
    """The control: the same migration run the naive way (foreign keys on) deletes the plan tasks."""
    with_second_migration(REBUILD_PLANS)
    folder = folder_with_first_schema(tmp_path / "data")
    engine = make_engine(database_path(folder))  # its connections have foreign_keys=ON
    try:
        with engine.begin() as connection:
            config = migrate._config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    assert table_rows(database_path(folder))["plan_tasks"] == []


def test_a_backup_is_taken_before_an_upgrade(tmp_path, with_second_migration):
    with_second_migration(REBUILD_PLANS)
    folder = folder_with_first_schema(tmp_path / "data")
    before = table_rows(database_path(folder))
    Database.open(folder).close()
    made = sorted(backups_dir(folder).glob("tracker-*-before-upgrade.sqlite3"))
    assert len(made) == 1
    assert table_rows(made[0]) == before


def test_no_backup_for_a_new_database(tmp_path):
    folder = tmp_path / "fresh"
    Database.open(folder).close()
    assert not backups_dir(folder).exists() or not list(backups_dir(folder).iterdir())


def test_a_migration_failing_halfway_leaves_the_file_as_it_was(tmp_path, with_second_migration):
    with_second_migration(FAIL_HALFWAY)
    folder = folder_with_first_schema(tmp_path / "data")
    before = table_rows(database_path(folder))
    with pytest.raises(migrate.MigrationFailed, match="left as it was"):
        Database.open(folder)
    assert table_rows(database_path(folder)) == before
    assert _revision(database_path(folder)) == "0001"
    # foreign keys are back on for later connections, and the file still opens with the shipped schema
    connection = sqlite3.connect(database_path(folder))
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()


def test_after_a_failed_upgrade_the_shipped_app_still_opens_the_file(tmp_path, monkeypatch):
    folder = folder_with_first_schema(tmp_path / "data")
    shipped = migrate.MIGRATIONS
    broken = tmp_path / "broken"
    shutil.copytree(shipped, broken, ignore=shutil.ignore_patterns("__pycache__"))
    (broken / "versions" / "9001_fail.py").write_text(
        FAIL_HALFWAY.replace("__HEAD__", migrate.SCHEMA_HEAD), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS", broken)
    with pytest.raises(migrate.MigrationFailed):
        Database.open(folder)
    monkeypatch.setattr(migrate, "MIGRATIONS", shipped)
    database = Database.open(folder)
    database.close()


def test_a_database_from_a_newer_app_is_refused_and_left_alone(tmp_path):
    folder = folder_with_first_schema(tmp_path / "data")
    connection = sqlite3.connect(database_path(folder))
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = table_rows(database_path(folder))
    with pytest.raises(StorageError, match="newer version"):
        Database.open(folder)
    assert table_rows(database_path(folder)) == before


def test_migrations_leave_the_logging_configuration_alone(tmp_path):
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    Database.open(tmp_path / "fresh").close()
    assert root.handlers == handlers
    assert root.level == level
    assert not logging.getLogger("mlops_tracker").disabled


def test_the_known_head_is_the_newest_migration_script():
    """Start-up compares the database with SCHEMA_HEAD without importing Alembic: keep it true."""
    from mlops_tracker.storage import migrate

    assert migrate.script_head() == migrate.SCHEMA_HEAD


def test_an_item_done_before_steps_existed_has_all_its_steps_done_after_the_upgrade(tmp_path):
    folder = folder_with_first_schema(tmp_path / "data")
    before = table_rows(database_path(folder))
    tracker = Tracker.open(folder, source="cli")
    try:
        done = {
            row[0]
            for row in before["item_states"]
            if row[1] == "done" and tracker.curriculum.has_item(row[0])
        }
        assert done, "the fixture has a done item of today's seed"
        ticked = tracker.done_steps()
        for item_id in done:
            steps = tracker.steps_of(item_id)
            assert steps and all(step.id in ticked for step in steps), item_id
        assert all(
            step.item_id in done
            for steps in tracker.all_steps().values()
            for step in steps
            if step.id in ticked
        )
        # notes, ticks and events are all still there
        assert {state.item_id: state.notes for state in tracker.states().values() if state.notes}
    finally:
        tracker.close()

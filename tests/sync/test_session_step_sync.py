"""A study session's step travels through a real PostgreSQL sync server to the learner's other computer."""

from __future__ import annotations

import sqlite3

from tests.sync.test_client import ana, cli, ok, synced  # noqa: F401  (fixtures shared with the client tests)

STEP = "foundation.skill.ml-lifecycle:read-google-mlops-levels"
ITEM = "foundation.skill.ml-lifecycle"


def _sessions(tmp_path, name: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / name / "tracker.sqlite3") as db:
        return db.execute("SELECT minutes, item_id, step_id FROM study_sessions ORDER BY minutes").fetchall()


def test_a_session_on_a_step_arrives_with_its_step(ana, cli, tmp_path):  # noqa: F811
    ok(cli, "laptop", "log", "25", "--step", STEP)
    ok(cli, "laptop", "log", "10", "--item", ITEM)
    synced(cli, "laptop")
    synced(cli, "desktop")
    assert _sessions(tmp_path, "desktop") == [(10, ITEM, None), (25, ITEM, STEP)]
    assert _sessions(tmp_path, "desktop") == _sessions(tmp_path, "laptop")

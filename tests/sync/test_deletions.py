# ruff: noqa: F811  (the fixtures ana and cli come from test_client by import)
"""Deletions sync: an undone study session or answer and a deleted plan go from one computer to the other."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from tests.sync.test_client import KILLER, QX, X, ana, cli, ok, synced, views  # noqa: F401


def count(tmp_path, name: str, table: str) -> int:
    with sqlite3.connect(tmp_path / name / "tracker.sqlite3") as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def held(tmp_path, name: str) -> tuple[int, int, int]:
    """Return how many study sessions, answers and plans a data folder holds."""
    return tuple(count(tmp_path, name, table) for table in ("study_sessions", "answers", "plans"))


def retained(cli, name: str) -> float | None:
    return json.loads(cli(name, "status", "--json")[1])["levels"]["foundation"]["retained"]


def both(cli, first: str = "laptop", second: str = "desktop") -> None:
    synced(cli, first)
    synced(cli, second)
    synced(cli, first)


def test_an_undone_session_and_answer_are_deleted_on_the_other_computer_and_a_redo_brings_them_back(
    ana, cli, tmp_path
):
    ok(cli, "laptop", "mark", X, "done")
    ok(cli, "laptop", "log", "45", "--item", X)
    ok(cli, "laptop", "answer", QX, "1", "--seconds", "12")
    both(cli)
    assert held(tmp_path, "desktop") == (1, 1, 0)
    answered = retained(cli, "desktop")
    assert answered and answered == retained(cli, "laptop")

    ok(cli, "laptop", "undo")  # the answer
    ok(cli, "laptop", "undo")  # the session
    both(cli)
    assert held(tmp_path, "laptop") == held(tmp_path, "desktop") == (0, 0, 0)
    assert views(cli, "laptop") == views(cli, "desktop")
    assert not retained(cli, "desktop")  # the answer no longer counts

    ok(cli, "laptop", "redo")
    ok(cli, "laptop", "redo")
    both(cli)  # the server has their first copies: the re-added ones must travel as new records
    assert held(tmp_path, "desktop") == (1, 1, 0)
    assert retained(cli, "desktop") == answered
    assert views(cli, "laptop") == views(cli, "desktop")

    ok(cli, "laptop", "undo")
    ok(cli, "laptop", "undo")
    ok(cli, "laptop", "redo")  # the session back, the answer still undone: both in one sync
    both(cli, "desktop", "laptop")
    assert held(tmp_path, "laptop") == held(tmp_path, "desktop") == (1, 0, 0)
    assert views(cli, "laptop") == views(cli, "desktop")
    for name in ("laptop", "desktop"):
        assert json.loads(cli(name, "sync", "status", "--json")[1])["pending"] == 0
        assert "0 sent, 0 received" in synced(cli, name)


def plan_of(cli, name: str) -> object:
    code, out, _ = cli(name, "plan", "show", "--json")
    return json.loads(out) if code == 0 and out.strip() else None


def test_a_deleted_plan_is_deleted_on_the_other_computer_and_its_undo_brings_it_back(ana, cli, tmp_path):
    ok(cli, "desktop", "plan", "create", "--level", "foundation", "--days", "14", "--exam", "2026-12-20")
    both(cli, "desktop", "laptop")
    assert held(tmp_path, "laptop")[2] == 1

    ok(cli, "desktop", "plan", "delete", "--level", "foundation")
    both(cli, "desktop", "laptop")
    assert held(tmp_path, "laptop")[2] == held(tmp_path, "desktop")[2] == 0

    ok(cli, "desktop", "undo")  # the plan back as it was, with its creation time
    both(cli, "desktop", "laptop")
    assert held(tmp_path, "laptop")[2] == 1
    assert plan_of(cli, "laptop") == plan_of(cli, "desktop") is not None

    ok(cli, "laptop", "plan", "delete", "--level", "foundation")  # deleted on the other computer this time
    both(cli)
    assert held(tmp_path, "laptop")[2] == held(tmp_path, "desktop")[2] == 0
    code, _, err = cli("desktop", "undo")  # its undo step names a plan that is gone: dropped, not wedged
    assert code == 2 and "changed since" in err, err
    assert cli("desktop", "undo")[0] == 2
    assert views(cli, "laptop") == views(cli, "desktop")


@pytest.mark.parametrize("first, second", [("laptop", "desktop"), ("desktop", "laptop")])
def test_offline_deletions_and_re_adds_converge_in_either_order(ana, cli, tmp_path, first, second):
    ok(cli, "desktop", "plan", "create", "--level", "foundation", "--days", "21", "--exam", "2026-12-20")
    ok(cli, "laptop", "mark", X, "done")
    ok(cli, "laptop", "log", "30")
    ok(cli, "desktop", "log", "20")
    ok(cli, "laptop", "answer", QX, "1", "--seconds", "12")
    both(cli)
    assert held(tmp_path, "desktop") == held(tmp_path, "laptop") == (2, 1, 1)
    # offline on each: the laptop takes back its answer, logs and takes back a session and redoes it;
    # the desktop takes back its session and deletes the plan
    ok(cli, "laptop", "undo")
    ok(cli, "laptop", "log", "15")
    ok(cli, "laptop", "undo")
    ok(cli, "laptop", "redo")
    ok(cli, "desktop", "undo")  # its last change: the session
    ok(cli, "desktop", "plan", "delete", "--level", "foundation")

    both(cli, first, second)

    assert held(tmp_path, "laptop") == held(tmp_path, "desktop") == (2, 0, 0)
    assert views(cli, "laptop") == views(cli, "desktop")
    for name in ("laptop", "desktop"):
        assert "0 sent, 0 received" in synced(cli, name)


def test_a_tombstone_sent_by_a_killed_sync_is_not_lost_nor_sent_twice(ana, cli, tmp_path):
    ok(cli, "laptop", "log", "30")
    both(cli)
    ok(cli, "laptop", "undo")
    child = subprocess.run(
        [sys.executable, "-c", KILLER, "after-push", str(tmp_path / "laptop")],
        env={**os.environ, "PGPASSWORD": ana.passwords["Ana"]},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -9, child.stderr
    ok(cli, "laptop", "redo")  # the re-add after the killed push of its deletion
    both(cli)
    assert held(tmp_path, "desktop") == held(tmp_path, "laptop") == (1, 0, 0)
    with ana.admin() as admin:
        kinds = [row[0] for row in admin.execute("SELECT kind FROM mlops_sync.events ORDER BY seq")]
    assert kinds.count("deleted") == 1 and kinds.count("session") == 2  # the first copy, and the re-add
    assert views(cli, "laptop") == views(cli, "desktop")


def test_the_cohort_view_does_not_count_what_the_learner_deleted(ana, cli, monkeypatch):
    ok(cli, "laptop", "plan", "create", "--level", "foundation", "--days", "14", "--exam", "2026-12-20")
    ok(cli, "laptop", "mark", X, "done")
    ok(cli, "laptop", "answer", QX, "1", "--seconds", "12")
    synced(cli, "laptop")
    ana.add("Tess", cohort="A", trainer=True)
    assert cli("tess", "sync", "setup", ana.url("Tess"))[0] == 0

    def ana_in_cohort() -> dict:
        monkeypatch.setenv("PGPASSWORD", ana.passwords["Tess"])
        code, out, err = cli("tess", "cohort", "--json")
        monkeypatch.setenv("PGPASSWORD", ana.passwords["Ana"])
        assert code == 0, err
        return json.loads(out)["learners"][0]["levels"][0]

    before = ana_in_cohort()
    assert before["retained"] is not None and before["exam"] == "2026-12-20"
    ok(cli, "laptop", "undo")  # the answer
    ok(cli, "laptop", "plan", "delete", "--level", "foundation")
    synced(cli, "laptop")
    after = ana_in_cohort()
    assert after["retained"] is None and after["exam"] is None and after["buffer_days"] is None
    ok(cli, "laptop", "undo")  # the plan back,
    ok(cli, "laptop", "redo")  # deleted again,
    ok(cli, "laptop", "undo")  # and back: three versions of one plan after its first
    synced(cli, "laptop")
    assert ana_in_cohort()["exam"] == "2026-12-20"

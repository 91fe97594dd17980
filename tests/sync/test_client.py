"""The client against a real server: two folders converge, a killed sync resumes, failures are one line."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from mlops_tracker.cli import main
from mlops_tracker.sync.testing import free_port

X = "foundation.skill.ml-lifecycle"
Y = "foundation.skill.versioning-lineage"
Z = "foundation.skill.terminology-tools"
P = "foundation.project.regression-workflow"


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch):
    """Run the CLI in-process on a named data folder; return (code, out, err)."""
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-26")

    def _run(name: str, *args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(tmp_path / name), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


@pytest.fixture
def ana(site, cli, monkeypatch):
    """Learner Ana with two data folders, "laptop" and "desktop", both set up to sync as her."""
    site.add("Ana", cohort="A")
    url = site.url("Ana")
    for name in ("laptop", "desktop"):
        code, _, err = cli(name, "sync", "setup", url)
        assert code == 0, err
    # later syncs find the password as libpq does: the saved URL has none
    monkeypatch.setenv("PGPASSWORD", site.passwords["Ana"])
    return site


VIEWS = (
    ("status", "--json"),
    ("items", "--json"),
    ("history", "--level", "foundation", "--json"),
    ("reviews", "--json"),
)


def views(cli, name: str) -> tuple[object, ...]:
    """Return what must be identical on both computers: status, items, history and reviews as JSON."""
    shown = []
    for args in VIEWS:
        code, out, err = cli(name, *args)
        assert code == 0, err
        shown.append(json.loads(out))
    return tuple(shown)


def synced(cli, name: str) -> str:
    code, out, err = cli(name, "sync")
    assert code == 0, err
    return out


def ok(cli, name: str, *args: str) -> None:
    code, _, err = cli(name, *args)
    assert code == 0, err


@pytest.mark.parametrize("first, second", [("laptop", "desktop"), ("desktop", "laptop")])
def test_two_computers_converge_after_interleaved_offline_changes(ana, cli, tmp_path, first, second):
    ok(cli, "desktop", "log", "25")
    ok(cli, "laptop", "answer", QX, "1", "--seconds", "12")
    synced(cli, "desktop")
    synced(cli, "laptop")  # both hold the session and the answer; what follows happens offline on each
    ok(cli, "laptop", "undo")  # the answer: deleted on the desktop too
    ok(cli, "desktop", "undo")  # the session: deleted on the laptop too
    ok(cli, "laptop", "mark", X, "done", "--note", "read it on the train")
    ok(cli, "desktop", "mark", X, "in_progress", "--confidence", "2")
    ok(cli, "desktop", "plan", "create", "--level", "foundation", "--days", "14", "--exam", "2026-12-20")
    ok(cli, "laptop", "mark", Y, "done")
    ok(cli, "desktop", "log", "45", "--item", Y)
    ok(cli, "laptop", "mark", P, "done", "--evidence", "https://example.org/pr/1")
    ok(cli, "desktop", "mark", X, "skipped", "--note", "covered at work")  # the later change of X wins
    ok(cli, "laptop", "mark", Z, "in_progress", "--confidence", "4")

    synced(cli, first)
    synced(cli, second)
    synced(cli, first)

    assert views(cli, "laptop") == views(cli, "desktop")
    items = {item["id"]: item for item in json.loads(cli("laptop", "items", "--json")[1])}
    assert items[X]["status"] == "skipped" and items[X]["notes"] == "covered at work"
    assert items[X]["confidence"] == 2  # a field the later change did not touch is kept
    assert items[P]["evidence"] == "https://example.org/pr/1"
    assert items[Z]["confidence"] == 4
    plan = json.loads(cli("laptop", "plan", "show", "--json")[1])
    assert plan and "2026-12-20" in json.dumps(plan)
    for name in ("laptop", "desktop"):
        with sqlite3.connect(tmp_path / name / "tracker.sqlite3") as db:
            assert db.execute("SELECT count(*) FROM answers").fetchone() == (0,)
            assert db.execute("SELECT minutes FROM study_sessions").fetchall() == [(45,)]
    for name in ("laptop", "desktop"):
        code, out, _ = cli(name, "sync", "status", "--json")
        assert code == 0 and json.loads(out)["pending"] == 0


def step_ticks(tmp_path, name: str) -> int:
    """Return how many step ticks a data folder holds (marking an item done ticks its steps)."""
    with sqlite3.connect(tmp_path / name / "tracker.sqlite3") as db:
        return db.execute("SELECT count(*) FROM step_events").fetchone()[0]


def step(item_id: str, index: int) -> str:
    """Return the id of an item's suggested study step, by its place in the list."""
    return f"{item_id}:{STEPS[item_id][index]}"


STEPS = {
    X: (
        "read-google-mlops-levels",
        "read-hidden-technical-debt",
        "draw-lifecycle-loop",
        "contrast-with-software",
    ),
    Y: ("read-mlflow-model-registry", "read-dvc-data-versioning", "write-lineage-record"),
    Z: ("build-glossary", "map-tools-to-stages", "compare-overlapping-tools"),
}
QX = "q.foundation.skill.ml-lifecycle.stage-order"
QY = "q.foundation.skill.versioning-lineage.lineage-definition"


@pytest.mark.parametrize("first, second", [("laptop", "desktop"), ("desktop", "laptop")])
def test_step_ticks_edits_exam_results_and_answers_converge(ana, cli, monkeypatch, first, second):
    ok(cli, "desktop", "plan", "create", "--level", "foundation", "--days", "21", "--exam", "2026-12-20")
    synced(cli, "desktop")
    synced(cli, "laptop")  # both hold the plan; what follows happens offline on each
    ok(cli, "laptop", "mark", step(X, 0), "done")
    ok(cli, "desktop", "mark", step(Y, 0), "done")
    ok(cli, "laptop", "mark", step(Y, 0), "done")
    ok(cli, "laptop", "step", "minutes", step(X, 1), "55")  # re-packs the laptop's plan
    ok(cli, "desktop", "step", "add", X, "Summarise the lifecycle for my team", "--minutes", "20")
    ok(cli, "desktop", "step", "hide", step(Z, 2))  # re-packs the desktop's plan
    ok(cli, "laptop", "answer", QX, "1", "--seconds", "12")
    ok(cli, "desktop", "answer", QY, "2", "--seconds", "30")
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n2\n3\n4\n1\n"))
    ok(cli, "desktop", "practice", "--level", "foundation", "--count", "5")
    ok(cli, "laptop", "exam", "--level", "foundation", "--result", "failed", "--date", "2026-11-25")
    ok(cli, "laptop", "mark", step(Y, 0), "todo")  # after the desktop's tick: the later one wins
    ok(cli, "desktop", "exam", "--level", "foundation", "--result", "passed", "--date", "2026-11-26")

    synced(cli, first)
    synced(cli, second)
    synced(cli, first)

    assert views(cli, "laptop") == views(cli, "desktop")
    plans = [json.loads(cli(name, "plan", "show", "--json")[1]) for name in ("laptop", "desktop")]
    assert plans[0] == plans[1] and plans[0]["tasks"]  # the re-packed plan: one version wins on both
    status = json.loads(cli("laptop", "status", "--json")[1])["levels"]["foundation"]
    assert status["exam_result"] == "passed" and status["practice"] is not None
    assert 0 < status["retained"] <= status["readiness"]
    items = {item["id"]: item for item in json.loads(cli("laptop", "items", "--json")[1])}
    steps = {entry["id"]: entry for item in items.values() for entry in item["steps"]}
    assert steps[step(X, 0)]["status"] == "done" and steps[step(Y, 0)]["status"] == "todo"
    assert steps[step(X, 1)]["minutes"] == 55
    assert step(Z, 2) not in steps
    assert any(entry["title"] == "Summarise the lifecycle for my team" for entry in items[X]["steps"])
    for name in ("laptop", "desktop"):
        code, out, _ = cli(name, "sync", "status", "--json")
        assert code == 0 and json.loads(out)["pending"] == 0
        assert "0 sent, 0 received" in synced(cli, name)  # converged: nothing left to move


def test_sync_status_json_says_server_last_sync_and_pending(ana, cli, tmp_path):
    ok(cli, "laptop", "mark", X, "done")
    ok(cli, "laptop", "mark", Y, "done", "--note", "two changes: a status and a note")
    ticks = step_ticks(tmp_path, "laptop")
    assert ticks >= 4  # each item's steps, ticked with it
    state = json.loads(cli("laptop", "sync", "status", "--json")[1])
    assert state == {"server": state["server"], "last_sync": None, "pending": 3 + ticks}
    assert state["server"].startswith("mlops_ana@127.0.0.1:") and "password" not in state["server"]
    assert f"{3 + ticks} sent" in synced(cli, "laptop")
    state = json.loads(cli("laptop", "sync", "status", "--json")[1])
    assert state["pending"] == 0 and state["last_sync"].startswith("20")
    assert "0 sent, 0 received" in synced(cli, "laptop")  # nothing new: nothing moves


def test_the_password_is_never_stored(ana, cli, tmp_path):
    for name in ("laptop", "desktop"):
        data = b""
        for path in (tmp_path / name).rglob("*"):
            if path.is_file():
                data += path.read_bytes()
        assert ana.passwords["Ana"].encode() not in data


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from mlops_tracker.core import sync
    from mlops_tracker.core.tracker import Tracker
    from mlops_tracker.storage import sync_local

    where, folder = sys.argv[1], sys.argv[2]

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if where == "after-push":  # the server has the events; this computer has not noted it
        sync_local.remember = die
    else:  # between two pages of a pull: the first page is merged and committed, the rest is not
        original, calls = sync._apply_page, []
        def apply_then_die(*args):
            calls.append(1)
            if len(calls) == 2:
                die()
            return original(*args)
        sync._apply_page = apply_then_die
    tracker = Tracker.open(folder, source="cli")
    sync.sync_now(tracker, page_size=3)
    """
)


@pytest.mark.parametrize("where", ["after-push", "between-pages"])
def test_a_sync_killed_midway_then_completes_with_no_duplicate_and_nothing_missing(ana, cli, tmp_path, where):
    items = [item["id"] for item in json.loads(cli("laptop", "items", "--json")[1])][:8]
    for item in items:
        ok(cli, "laptop", "mark", item, "done")
    ok(cli, "laptop", "log", "30")
    if where == "between-pages":
        synced(cli, "laptop")
        victim = "desktop"
    else:
        victim = "laptop"
    child = subprocess.run(
        [sys.executable, "-c", KILLER, where, str(tmp_path / victim)],
        env={**os.environ, "PGPASSWORD": ana.passwords["Ana"]},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -9, child.stderr
    synced(cli, victim)
    synced(cli, "laptop")
    synced(cli, "desktop")
    assert ana.count() == len(items) + 1 + step_ticks(tmp_path, "laptop")  # each event once on the server
    assert views(cli, "laptop") == views(cli, "desktop")
    for name in ("laptop", "desktop"):
        with sqlite3.connect(tmp_path / name / "tracker.sqlite3") as db:
            assert db.execute("SELECT count(*), count(DISTINCT id) FROM events").fetchone() == (8, 8)
            assert db.execute("SELECT count(*) FROM study_sessions").fetchone() == (1,)
            assert db.execute("SELECT count(*) - count(DISTINCT id) FROM step_events").fetchone() == (0,)
        assert step_ticks(tmp_path, name) == step_ticks(tmp_path, "laptop") > 0


def test_a_plan_version_sent_by_a_killed_sync_keeps_the_time_the_server_has(ana, cli, tmp_path):
    ok(cli, "laptop", "plan", "create", "--level", "foundation", "--days", "14", "--exam", "2026-12-20")
    child = subprocess.run(
        [sys.executable, "-c", KILLER, "after-push", str(tmp_path / "laptop")],
        env={**os.environ, "PGPASSWORD": ana.passwords["Ana"]},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -9, child.stderr
    synced(cli, "laptop")  # the retry: the server keeps its first copy, the laptop must agree with it
    with ana.admin() as admin:
        rows = admin.execute("SELECT payload->>'revised_at' FROM mlops_sync.events WHERE kind = 'plan'")
        (sent,) = [row[0] for row in rows]
    with sqlite3.connect(tmp_path / "laptop" / "tracker.sqlite3") as db:
        (held,) = db.execute("SELECT value FROM sync_state WHERE key = 'plan.foundation'").fetchone()
    assert json.loads(held)["revised_at"] == sent


def test_a_learner_never_receives_another_learners_events(ana, cli, monkeypatch):
    ana.add("Bea", cohort="A")
    code, _, err = cli("bea", "sync", "setup", ana.url("Bea"))
    assert code == 0, err
    ok(cli, "laptop", "mark", X, "done")
    synced(cli, "laptop")
    monkeypatch.setenv("PGPASSWORD", ana.passwords["Bea"])
    ok(cli, "bea", "mark", Y, "done")
    synced(cli, "bea")
    statuses = {item["id"]: item["status"] for item in json.loads(cli("bea", "items", "--json")[1])}
    assert statuses[X] == "todo" and statuses[Y] == "done"
    with ana.admin() as admin:
        rows = admin.execute(
            "SELECT learner, count(*) FROM mlops_sync.events WHERE kind = 'status' "
            "GROUP BY learner ORDER BY 1"
        )
        assert rows.fetchall() == [("Ana", 1), ("Bea", 1)]  # each under its own name, by the server


def test_a_trainer_sees_only_their_cohort(ana, cli, monkeypatch, tmp_path):
    ana.add("Bea", cohort="A")
    ana.add("Cid", cohort="B")
    ana.add("Tess", cohort="A", trainer=True)
    for name in ("Bea", "Cid"):
        assert cli(name, "sync", "setup", ana.url(name))[0] == 0
        monkeypatch.setenv("PGPASSWORD", ana.passwords[name])
        ok(cli, name, "mark", X, "done")
        synced(cli, name)
    monkeypatch.setenv("PGPASSWORD", ana.passwords["Ana"])
    ok(cli, "laptop", "plan", "create", "--level", "foundation", "--days", "14", "--exam", "2026-12-20")
    ok(cli, "laptop", "mark", Y, "done", "--confidence", "2")
    ok(cli, "laptop", "mark", X, "done")
    ok(cli, "laptop", "answer", QX, "1", "--seconds", "12")
    ok(cli, "laptop", "answer", QY, "2", "--seconds", "30")
    ok(cli, "laptop", "plan", "reschedule")
    synced(cli, "laptop")
    own = json.loads(cli("laptop", "status", "--json")[1])["levels"]["foundation"]
    assert own["retained"] > 0
    assert cli("tess", "sync", "setup", ana.url("Tess"))[0] == 0
    monkeypatch.setenv("PGPASSWORD", ana.passwords["Tess"])
    code, out, err = cli("tess", "cohort", "--json")
    assert code == 0, err
    view = json.loads(out)
    assert view["cohort"] == "A"
    assert [learner["name"] for learner in view["learners"]] == ["Ana", "Bea"]
    ana_row = view["learners"][0]["levels"][0]
    assert ana_row["level"] == "foundation" and ana_row["readiness"] == own["readiness"] > 0
    assert ana_row["retained"] == own["retained"]  # the learner's own rule, from her answers
    assert ana_row["exam"] == "2026-12-20" and ana_row["buffer_days"] == own["buffer_days"]
    assert view["learners"][1]["last_activity"] is not None
    assert view["learners"][1]["levels"][0]["retained"] is None  # Bea has answered no self-check
    code, out, err = cli("tess", "cohort")
    assert code == 0 and "retained" in out.splitlines()[1] and "retained" not in out.splitlines()[2]
    report = tmp_path / "cohort.pdf"
    code, out, err = cli("tess", "cohort", "--report", str(report))
    assert code == 0, err
    from pypdf import PdfReader

    printed = "".join(page.extract_text() for page in PdfReader(report).pages)
    assert "Ana" in printed and "Bea" in printed and "Cid" not in printed and "2026-12-20" in printed
    code, out, err = cli("tess", "sync")
    assert code == 2 and "trainer" in err and len(err.strip().splitlines()) == 1


def test_cohort_needs_a_trainers_connection(ana, cli):
    code, _, err = cli("laptop", "cohort", "--json")
    assert code == 2 and "trainer" in err and len(err.strip().splitlines()) == 1


def test_server_down_is_one_line_exit_2_and_nothing_is_lost(ana, cli, tmp_path):
    ok(cli, "laptop", "log", "20")
    database = tmp_path / "laptop" / "tracker.sqlite3"
    with sqlite3.connect(database) as db:
        (url,) = db.execute("SELECT value FROM sync_state WHERE key = 'server'").fetchone()
        dead = json.loads(url).replace(f":{ana.server.port}/", f":{free_port()}/")
        db.execute("UPDATE sync_state SET value = ? WHERE key = 'server'", (json.dumps(dead),))
    code, _, err = cli("laptop", "sync")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "Cannot reach the sync server" in err and "Traceback" not in err
    assert json.loads(cli("laptop", "sync", "status", "--json")[1])["pending"] == 1  # still waiting
    ok(cli, "laptop", "mark", Y, "done")  # local work goes on
    with sqlite3.connect(database) as db:
        db.execute("UPDATE sync_state SET value = ? WHERE key = 'server'", (url,))
    assert f"{2 + step_ticks(tmp_path, 'laptop')} sent" in synced(cli, "laptop")


def test_a_newer_server_schema_is_refused_and_nothing_is_written(ana, cli, tmp_path):
    ok(cli, "laptop", "log", "20")
    with ana.admin() as admin:
        admin.execute("UPDATE mlops_sync.mlops_sync_version SET version_num = 's9999'")
    code, _, err = cli("laptop", "sync")
    assert code == 2 and "newer than this version" in err and len(err.strip().splitlines()) == 1
    assert ana.count() == 0
    assert json.loads(cli("laptop", "sync", "status", "--json")[1])["pending"] == 1


def test_setup_tests_the_connection_before_saving_it(ana, cli):
    code, _, err = cli("fresh", "sync", "setup", ana.url("Ana", password="wrong-password-123"))
    assert code == 2 and "refused the login" in err
    state = json.loads(cli("fresh", "sync", "status", "--json")[1])
    assert state["server"] is None


def test_server_commands_print_the_password_once_or_read_it(bare_site, cli, tmp_path):
    code, out, _ = cli("admin", "server", "init", bare_site.admin_url)
    assert code == 0 and "is set up" in out
    code, out, _ = cli("admin", "server", "init", bare_site.admin_url)
    assert code == 0 and "already set up" in out
    code, out, _ = cli("admin", "server", "add-learner", bare_site.admin_url, "Dee", "--cohort", "A")
    assert code == 0 and out.count("Password") == 1
    secret = tmp_path / "secret"
    secret.write_text("a-long-enough-password\n", encoding="utf-8")
    code, out, _ = cli(
        "admin", "server", "add-learner", bare_site.admin_url, "Eve", "--password-file", str(secret)
    )
    assert code == 0 and "Password" not in out
    code, _, err = cli("admin", "server", "add-learner", bare_site.admin_url, "Eve")
    assert code == 2 and "already registered" in err


def test_a_clock_more_than_5_minutes_off_the_servers_is_warned(ana, tmp_path):
    from datetime import UTC, datetime, timedelta

    from mlops_tracker.core import sync
    from mlops_tracker.core.tracker import Tracker

    tracker = Tracker.open(tmp_path / "laptop", source="cli")
    try:
        on_time = sync.sync_now(tracker)
        late = sync.sync_now(tracker, now=lambda: datetime.now(UTC) - timedelta(minutes=12))
    finally:
        tracker.close()
    assert on_time.warning is None
    assert late.warning is not None and "behind the sync server's" in late.warning


def test_the_learners_settings_sync_and_the_later_change_wins(ana, cli, tmp_path):
    from mlops_tracker.core.tracker import Tracker

    def setting(name: str, value: str | None = None) -> object:
        tracker = Tracker.open(tmp_path / name, source="cli")
        try:
            if value is not None:
                tracker.set_setting("reminder_time", value)
                tracker.set_setting("pass_mark", int(value[-2:]) + 40)
                tracker.set_setting("window_state", "AAAA")  # this computer's own: never synced
            return tracker.setting("reminder_time"), tracker.setting("pass_mark")
        finally:
            tracker.close()

    setting("laptop", "07:30")
    synced(cli, "laptop")
    synced(cli, "desktop")
    assert setting("desktop") == ("07:30", 70)
    setting("desktop", "08:15")
    synced(cli, "desktop")
    synced(cli, "laptop")
    assert setting("laptop") == ("08:15", 55)
    with sqlite3.connect(tmp_path / "desktop" / "tracker.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM settings WHERE key = 'window_state'").fetchone() == (1,)
    with ana.admin() as admin:
        kinds = admin.execute("SELECT payload->>'key' FROM mlops_sync.events WHERE kind = 'setting'")
        assert {row[0] for row in kinds} == {"reminder_time", "pass_mark"}

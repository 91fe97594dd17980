"""`quiz --recap` asks the questions the window's recap button asks; `today` names it, `today --json` shows
the review session."""

from __future__ import annotations

import io
import json

from mlops_tracker.core import reviews

RECAP = "foundation.phase.1"  # the plan's first study day (Thu 26 Nov 2026) has only its steps


def _plan_and_tick_the_first_day(run, monkeypatch) -> None:
    assert run("plan", "create", "--level", "foundation", "--days", "30")[0] == 0
    out = run("today", "--json")[1]
    first_day = json.loads(out)["tasks"]
    assert {task["item_id"] for task in first_day} == {RECAP}
    for task in first_day:
        assert run("mark", task["step_id"], "done")[0] == 0
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-27")


def test_today_names_quiz_recap_and_quiz_recap_asks_the_last_study_day_s_questions(run, monkeypatch):
    _plan_and_tick_the_first_day(run, monkeypatch)
    code, out, _ = run("today")
    assert code == 0
    assert "no reviews due; check your last study day's items with `mlops-tracker quiz --recap`." in out

    expected = reviews.recap_questions([RECAP])  # what the window's recap button asks
    assert expected
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{q.answer + 1}\n" for q in expected)))
    code, out, err = run("quiz", "--recap")
    assert code == 0 and not err
    asked = [q.prompt for q in expected]
    assert [line for line in out.splitlines() if line.startswith("[")] == [
        f"[{number}/{len(asked)}] {prompt}" for number, prompt in enumerate(asked, start=1)
    ]
    assert f"{len(asked)} of {len(asked)} right." in out
    session = json.loads(run("today", "--json")[1])["review_session"]
    assert session["recap"] == [RECAP] and session["reviews"] == []  # right answers: nothing due yet
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2027-06-01")
    checked = json.loads(run("reviews", "--json")[1])  # the answers were recorded: the item has a card
    assert [due["item_id"] for due in checked] == [RECAP]


def test_today_json_shows_the_review_session(run, monkeypatch):
    assert run("plan", "create", "--level", "foundation", "--days", "30")[0] == 0
    code, out, _ = run("today", "--json")
    data = json.loads(out)
    assert code == 0 and data["review_session"] is None  # a plan's first day keeps no session
    assert {"date", "focus", "tasks"} <= set(data)  # the existing keys stay

    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-27")
    session = json.loads(run("today", "--json")[1])["review_session"]
    assert session["minutes"] >= 10 and session["reviews"] == [] and session["waiting"] == 0
    assert session["recap"] == []  # nothing ticked on the first day
    assert "no reviews due; go over your notes of your last study day." in run("today")[1]

    [question] = reviews.recap_questions([RECAP])[:1]
    wrong = (question.answer + 1) % 4 + 1
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-26")
    assert run("answer", question.id, str(wrong))[0] == 0  # wrong: due again the next day
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-27")
    session = json.loads(run("today", "--json")[1])["review_session"]
    assert session["reviews"] == [RECAP] and session["waiting"] == 0 and session["recap"] == []


def test_quiz_recap_with_nothing_to_recap_is_one_line_exit_2(run, monkeypatch):
    assert run("plan", "create", "--level", "foundation", "--days", "30")[0] == 0
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-27")
    code, out, err = run("quiz", "--recap")
    assert code == 2 and not out and err.count("\n") == 1 and "Nothing to recap" in err
    code, out, _ = run("reviews", "--json")
    assert json.loads(out) == []
    assert run("quiz")[0] == 2  # --level or --recap

"""`today` names the day's review session: the due reviews that fill it, or what to do when none is due."""

from __future__ import annotations

import json
import re


def _first_question(run) -> str:
    code, out, _ = run("questions", "--level", "foundation", "--json")
    assert code == 0
    return json.loads(out)[0]["id"]


def test_first_plan_day_has_no_session_then_a_study_day_names_it(run, monkeypatch):
    assert run("plan", "create", "--level", "foundation", "--days", "30")[0] == 0  # Thu 26 Nov 2026
    code, out, _ = run("today")
    assert code == 0
    assert "Review session" not in out  # a plan's first day keeps no session: nothing is learnt yet

    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-27")
    code, out, _ = run("today")
    assert code == 0
    session = re.search(r"Review session \((\d+) min\): no reviews due", out)
    assert session is not None and int(session.group(1)) >= 10
    # nothing ticked on the first day: no self-check to offer, and no command that would quiz something else
    assert "go over your notes of your last study day" in out and "quiz" not in out


def test_a_wrong_answer_comes_back_in_the_next_session(run, monkeypatch):
    assert run("plan", "create", "--level", "foundation", "--days", "30")[0] == 0
    question = _first_question(run)
    code, out, _ = run("answer", question, "1", "--json")
    assert code == 0
    answer = json.loads(out)
    wrong = next(choice for choice in (1, 2, 3, 4) if choice != answer["correct_choice"])
    if answer["correct"]:  # undo the right answer and answer wrongly, so the item comes back tomorrow
        assert run("undo")[0] == 0
        assert run("answer", question, str(wrong))[0] == 0

    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-27")
    code, out, _ = run("today")
    assert code == 0
    # the session is at least 10 minutes (a light day gives it its spare minutes)
    minutes = re.search(r"Review session: 1 review due · (\d+) min\.", out)
    assert minutes is not None and int(minutes.group(1)) >= 10
    assert "Start it with `mlops-tracker quiz --level foundation`." in out


def test_a_rest_day_still_names_the_due_reviews(run, monkeypatch):
    # a plan of weekdays (Thu 26 Nov 2026 to start): Saturday 28 Nov is a rest day
    weekdays = ("--study-days", "mon,tue,wed,thu,fri")
    assert run("plan", "create", "--level", "foundation", "--days", "30", *weekdays)[0] == 0
    question = _first_question(run)
    code, out, _ = run("answer", question, "1", "--json")
    answer = json.loads(out)
    if answer["correct"]:  # a wrong answer brings the item back the next day: due on the rest day
        assert run("undo")[0] == 0
        wrong = next(choice for choice in (1, 2, 3, 4) if choice != answer["correct_choice"])
        assert run("answer", question, str(wrong))[0] == 0

    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-28")
    code, out, _ = run("today")
    assert code == 0
    assert "No study planned today, but 1 review due" in out
    assert "take them with `mlops-tracker quiz --level foundation`." in out
    code, out, _ = run("today", "--json")
    session = json.loads(out)["review_session"]
    assert session["minutes"] is None and len(session["reviews"]) == 1 and session["waiting"] == 0

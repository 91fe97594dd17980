"""The command line's study steps, daily budget, fit check and exam results (a stable JSON interface)."""

from __future__ import annotations

import json

import pytest

from mlops_tracker.domain.phrases import duration

STEP = "foundation.skill.ml-lifecycle:read-google-mlops-levels"
ITEM = "foundation.skill.ml-lifecycle"


def _items(run, level="foundation"):
    code, out, _ = run("items", "--level", level, "--json")
    assert code == 0
    return {item["id"]: item for item in json.loads(out)}


def test_items_json_lists_each_item_s_steps_and_minutes(run):
    item = _items(run)[ITEM]
    assert item["minutes"] == sum(step["minutes"] for step in item["steps"]) > 0
    assert {"id", "title", "minutes", "status"} <= set(item["steps"][0])
    assert item["steps"][0]["id"] == STEP and item["steps"][0]["status"] == "todo"


def test_mark_ticks_a_step_and_the_item_is_done_with_its_last_step(run):
    steps = [step["id"] for step in _items(run)[ITEM]["steps"]]
    assert run("mark", steps[0], "done")[0] == 0
    item = _items(run)[ITEM]
    assert item["steps"][0]["status"] == "done" and item["status"] == "in_progress"
    for step in steps[1:]:
        run("mark", step, "done")
    assert _items(run)[ITEM]["status"] == "done"
    assert run("undo")[0] == 0
    assert _items(run)[ITEM]["status"] == "in_progress"


def test_marking_the_item_done_ticks_every_step_and_one_undo_takes_both_back(run):
    run("mark", ITEM, "done")
    assert all(step["status"] == "done" for step in _items(run)[ITEM]["steps"])
    run("undo")
    item = _items(run)[ITEM]
    assert item["status"] == "todo" and all(step["status"] == "todo" for step in item["steps"])


def test_plan_show_json_has_minutes_steps_and_the_fit(run):
    assert run("plan", "create", "--level", "foundation", "--days", "30", "--minutes", "90")[0] == 0
    _code, out, _ = run("plan", "show", "--json")
    data = json.loads(out)
    plan = data["plan"]
    assert plan["minutes_per_day"] == 90 and plan["fits"] is True
    assert plan["total_minutes"] == sum(task["minutes"] for task in data["tasks"])
    assert plan["needed_minutes_per_day"] <= 90
    assert all(task["minutes"] > 0 and task["step_id"] and task["step"] for task in data["tasks"])
    assert not any("usually does not require" in task["step"] for task in data["tasks"])


def test_a_plan_that_does_not_fit_is_made_and_says_what_would_fit(run):
    code, out, _ = run("plan", "create", "--level", "professional", "--days", "14", "--minutes", "60")
    assert code == 0
    assert "raise to" in out and "min a day or move the exam to" in out
    data = json.loads(run("plan", "show", "--json", "--level", "professional")[1])
    assert data["plan"]["fits"] is False and data["plan"]["needed_minutes_per_day"] > 30


def test_exam_result_shows_in_status_and_a_passed_level_stops_counting(run):
    run("mark", ITEM, "done")
    run("mark", "security.skill.privacy", "done")
    assert run("exam", "--level", "foundation", "--result", "passed", "--date", "2026-11-20")[0] == 0
    status = json.loads(run("status", "--json")[1])
    assert status["levels"]["foundation"]["exam_result"] == "passed"
    assert status["levels"]["security"]["exam_result"] is None
    assert status["overall"] == status["levels"]["security"]["readiness"]


def test_step_edits_change_minutes_add_and_hide_steps(run):
    assert run("step", "minutes", STEP, "25")[0] == 0
    code, _out, _ = run("step", "add", ITEM, "Read my team's runbook", "--minutes", "20")
    assert code == 0
    steps = _items(run)[ITEM]["steps"]
    assert steps[0]["minutes"] == 25
    assert steps[-1]["title"] == "Read my team's runbook" and steps[-1]["minutes"] == 20
    assert run("step", "hide", STEP)[0] == 0
    assert STEP not in {step["id"] for step in _items(run)[ITEM]["steps"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "create", "--level", "foundation", "--days", "30", "--minutes", "10"), "15 to 480"),
        (("plan", "create", "--level", "foundation", "--days", "30", "--minutes", "481"), "15 to 480"),
        (("mark", "foundation.skill.ml-lifecycle:nope", "done"), "Unknown step"),
        (("mark", STEP, "finished"), "not one of done, todo"),
        (("exam", "--level", "foundation", "--result", "maybe"), "not one of passed, failed"),
        (("step", "minutes", "foundation.skill.ml-lifecycle:nope", "20"), "Unknown step"),
        (("step", "minutes", STEP, "0"), "inute"),
    ],
)
def test_bad_step_budget_and_result_input_is_one_line_exit_2_and_changes_nothing(run, args, message):
    before = run("items", "--json")[1], run("status", "--json")[1]
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert (run("items", "--json")[1], run("status", "--json")[1]) == before
    assert run("plan", "show")[0] == 2  # no plan was made


def test_today_prints_each_step_with_its_minutes_what_to_do_and_the_guide_s_sentence(run):
    assert run("plan", "create", "--level", "foundation", "--days", "30", "--minutes", "60")[0] == 0
    code, out, _ = run("plan", "show", "--json")
    first = json.loads(out)["plan"]["start"]
    today = [task for task in json.loads(out)["tasks"] if task["date"] == first]
    code, out, _ = run("today")
    assert code == 0
    total = sum(task["minutes"] for task in today)
    assert f"Today ({duration(total)}):" in out
    for task in today:
        assert f"{task['step_id']}  ({task['minutes']} min" in out
        assert task["step"] in out
    assert f"from the guide: {today[0]['title']}" in out


def test_plan_show_json_lists_the_steps_that_do_not_fit_and_keeps_days_within_the_budget(run):
    assert run("plan", "create", "--level", "professional", "--days", "14", "--minutes", "60")[0] == 0
    data = json.loads(run("plan", "show", "--json")[1])
    plan, tasks, unscheduled = data["plan"], data["tasks"], data["unscheduled"]
    assert plan["fits"] is False and plan["needed_minutes_per_day"] > 60
    assert unscheduled and all(
        set(entry) == {"item_id", "step_id", "step", "minutes"} and entry["minutes"] > 0 and entry["step"]
        for entry in unscheduled
    )
    # every step of the plan once: on a day or unscheduled, never both
    scheduled = {task["step_id"] for task in tasks}
    assert not scheduled & {entry["step_id"] for entry in unscheduled}
    items = _items(run, "professional")
    planned_items = {task["item_id"] for task in tasks} | {entry["item_id"] for entry in unscheduled}
    wanted = {step["id"] for item_id in planned_items for step in items[item_id]["steps"]}
    assert scheduled | {entry["step_id"] for entry in unscheduled} == wanted
    # no day over the budget, its review session included
    load: dict[str, int] = {}
    for task in tasks:
        load[task["date"]] = load.get(task["date"], 0) + task["minutes"]
    for session in data["review_sessions"]:
        load[session["date"]] = load.get(session["date"], 0) + session["minutes"]
    assert load and max(load.values()) <= 60
    assert all(session["minutes"] >= 10 for session in data["review_sessions"])
    # the text says the same
    _code, text, _ = run("plan", "show")
    total = duration(sum(entry["minutes"] for entry in unscheduled))
    assert f"Does not fit ({len(unscheduled)} steps, {total}):" in text
    assert "Review session" in text and "raise to" in text


def test_a_plan_that_fits_has_nothing_unscheduled(run):
    assert run("plan", "create", "--level", "foundation", "--days", "60", "--minutes", "60")[0] == 0
    data = json.loads(run("plan", "show", "--json")[1])
    assert data["plan"]["fits"] is True and data["unscheduled"] == []
    assert "Does not fit" not in run("plan", "show")[1]

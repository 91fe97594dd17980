"""The self-check commands: questions, answer, undo, reviews, quiz, practice, and status's new fields."""

from __future__ import annotations

import io
import json

import pytest

from mlops_tracker.cli import main
from mlops_tracker.formats.questions_schema import load_question_bank

QUESTION = "q.foundation.skill.ml-lifecycle.stage-order"  # the right choice is 3
ITEM = "foundation.skill.ml-lifecycle"


def _right(question_id: str) -> int:
    return load_question_bank().question(question_id).answer + 1


def _answers(run) -> int:
    code, out, _ = run("reviews", "--json")
    assert code == 0
    return len(json.loads(out))


def test_questions_lists_a_levels_questions_without_answers(run):
    code, out, err = run("questions", "--level", "foundation", "--json")
    assert code == 0 and not err
    listed = json.loads(out)
    assert listed and all(set(q) == {"id", "item_id", "prompt", "choices"} for q in listed)
    assert all(q["item_id"].startswith("foundation.") and len(q["choices"]) == 4 for q in listed)
    assert QUESTION in {q["id"] for q in listed}


def test_a_right_answer_schedules_the_next_review_later_than_a_wrong_one(run):
    code, out, _ = run("answer", QUESTION, str(_right(QUESTION)), "--seconds", "12", "--json")
    right = json.loads(out)
    assert code == 0 and right["correct"] and right["correct_choice"] == 3 and right["item_id"] == ITEM
    assert right["explanation"]
    assert run("undo")[0] == 0
    code, out, _ = run("answer", QUESTION, "1", "--json")
    wrong = json.loads(out)
    assert code == 0 and not wrong["correct"] and wrong["correct_choice"] == 3
    assert wrong["next_review"] < right["next_review"]
    assert wrong["next_review"] > "2026-11-26"


def test_undo_takes_an_answer_back(run, monkeypatch):
    run("answer", QUESTION, "1")
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-12-20")
    assert _answers(run) == 1
    code, _, _ = run("undo")
    assert code == 0
    assert _answers(run) == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("answer", "q.nope", "1"), "Unknown question 'q.nope'"),
        (("answer", QUESTION, "5"), "5 is not one of 1, 2, 3, 4"),
        (("answer", QUESTION, "0"), "0 is not one of 1, 2, 3, 4"),
        (("answer", QUESTION, "two"), "'two' is not one of 1, 2, 3, 4"),
        (("answer", QUESTION, "2", "--seconds", "-4"), "--seconds -4"),
        (("questions", "--level", "nope", "--json"), "Unknown level 'nope'"),
        (("quiz", "--level", "foundation", "--count", "0"), "--count 0"),
        (("practice", "--level", "foundation", "--minutes", "0"), "--minutes 0"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(run, monkeypatch, args, words):
    code, out, err = run(*args)
    assert code == 2 and words in err and err.count("\n") == 1 and not out
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2027-06-01")
    assert _answers(run) == 0
    assert run("undo")[2].strip().endswith("Nothing to undo.")


def test_reviews_lists_items_due_today_or_earlier(run, monkeypatch):
    run("answer", QUESTION, "1")  # wrong: due tomorrow
    assert json.loads(run("reviews", "--json")[1]) == []
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-11-28")
    (due,) = json.loads(run("reviews", "--json")[1])
    assert due["item_id"] == ITEM and due["due"] == "2026-11-27" and 0 < due["retrievability"] < 1
    assert QUESTION in due["questions"]


def test_quiz_reads_choices_from_standard_input_and_records_each_answer(run, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("9\n1\n2\nq\n"))
    code, out, err = run("quiz", "--level", "foundation", "--count", "3")
    assert code == 0 and not err
    assert "Type 1, 2, 3 or 4" in out and "[3/3]" in out  # q at the third question stops
    assert "of 2 right." in out
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2027-06-01")
    assert _answers(run) == 2  # two different items, both due by then


def test_practice_is_scored_and_status_shows_retained_and_the_last_practice_score(run, monkeypatch):
    run("mark", ITEM, "done")
    run("answer", QUESTION, str(_right(QUESTION)))
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n" * 5))
    code, out, _ = run("practice", "--level", "foundation", "--count", "5", "--minutes", "10")
    assert code == 0 and "Score:" in out and "pass mark 70%" in out and "does not name a pass mark" in out
    code, out, _ = run("status", "--json")
    level = json.loads(out)["levels"]["foundation"]
    assert 0 < level["retained"] <= level["readiness"]
    assert level["practice"] is not None and 0 <= level["practice"] <= 100


def test_an_export_imported_into_a_new_folder_gives_the_same_reviews_and_retained(
    run, folder, tmp_path, monkeypatch, capsys
):
    run("mark", ITEM, "done")
    run("mark", "foundation.skill.team-roles", "in_progress", "--confidence", "2")
    run("answer", QUESTION, "1")
    assert run("answer", "q.foundation.skill.team-roles.platform-owner", "1")[0] == 0
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-12-09")
    run("answer", QUESTION, str(_right(QUESTION)))
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2026-12-30")
    export = tmp_path / "export.json"
    assert run("export", str(export))[0] == 0

    def both(data_dir) -> tuple[str, dict]:
        main(["--data-dir", str(data_dir), "reviews", "--json"])
        reviews_out = capsys.readouterr().out
        main(["--data-dir", str(data_dir), "status", "--json"])
        levels = json.loads(capsys.readouterr().out)["levels"]
        return reviews_out, {key: (value["retained"], value["readiness"]) for key, value in levels.items()}

    before = both(folder)
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "import", str(export)]) == 0
    capsys.readouterr()
    assert both(other) == before
    assert json.loads(before[0]) and before[1]["foundation"][0] > 0

"""The question bank: enough sound questions for every item, guide facts quoted exactly, bad files refused."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import Curriculum, Kind
from mlops_tracker.formats.questions_schema import (
    QuestionBank,
    QuestionBankError,
    load_question_bank,
    parse_question_bank,
)
from mlops_tracker.formats.seed import load_curriculum

GUIDE = Path(__file__).parents[2] / "docs" / "certified-mlops-manager-guide.txt"  # the seed's source text
MINIMUM_PER_KIND = {Kind.SKILL: 3, Kind.PROJECT: 2, Kind.PHASE: 2, Kind.MISTAKE: 2}
MINIMUM_GUIDE_QUESTIONS = 30
# words too common to show that an explanation talks about a particular wrong choice
_COMMON = (
    "the and for are was were which what where there their about would could should these those other being "
    "after before every since still under while with from that this into only than then them they does have "
    "will your when its not all any can may more most each"
)
STOP_WORDS = frozenset(_COMMON.split())
# an explanation may dismiss the wrong choices together ("the other orders…", "none of them…")
COLLECTIVE = re.compile(r"\b(?:the other|none of|neither|nor)\b", re.IGNORECASE)

Document = dict[str, Any]


@pytest.fixture(scope="module")
def document() -> Document:
    """Return the packaged question bank as plain JSON data."""
    text = (resources.files("mlops_tracker") / "data" / "questions.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    """Return the packaged, validated question bank."""
    return load_question_bank()


@pytest.fixture(scope="module")
def curriculum() -> Curriculum:
    """Return the packaged curriculum."""
    return load_curriculum()


def _normalized(text: str) -> str:
    """Return text with typographic quotes and dashes made plain, spaces collapsed, case folded."""
    table = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
    return re.sub(r"\s+", " ", text.translate(table)).strip().casefold()


def _seed_text(value: Any) -> str:
    """Return every string of the packaged seed joined, as the guide's text stands in the app."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(_seed_text(v) for v in value.values())
    if isinstance(value, list):
        # a list of strings is a table cell such as a role's certifications, shown comma-separated
        separator = ", " if all(isinstance(v, str) for v in value) else "\n"
        return separator.join(_seed_text(v) for v in value)
    return ""


def _words(text: str) -> set[str]:
    """Return the four-letter stems of a text's significant words (numbers kept whole)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {w[:4] for w in words if (len(w) >= 3 or w.isdigit()) and w not in STOP_WORDS}


# ---- the packaged bank ----------------------------------------------------------------------------------


def test_packaged_bank_loads_and_matches_the_seed(bank: QuestionBank, curriculum: Curriculum) -> None:
    assert bank.questions_version == 1
    assert bank.seed_version == curriculum.seed_version
    assert load_question_bank() is bank


def test_repository_data_link_is_the_packaged_bank(document: Document) -> None:
    link = Path(__file__).parents[2] / "data" / "questions.json"
    assert json.loads(link.read_text(encoding="utf-8")) == document


def test_every_item_has_enough_questions(bank: QuestionBank, curriculum: Curriculum) -> None:
    counts = Counter(question.item_id for question in bank.questions)
    short = [
        f"{item.id}: {counts[item.id]} < {MINIMUM_PER_KIND[item.kind]}"
        for item in curriculum.items()
        if counts[item.id] < MINIMUM_PER_KIND[item.kind]
    ]
    assert not short, short


def test_every_level_and_track_is_covered(bank: QuestionBank, curriculum: Curriculum) -> None:
    levels = {curriculum.item(q.item_id).level for q in bank.questions if q.item_id is not None}
    assert levels == {level.id for level in curriculum.levels}


def test_guide_facts_have_their_own_questions(bank: QuestionBank) -> None:
    guide = [question for question in bank.questions if question.item_id is None]
    assert len(guide) >= MINIMUM_GUIDE_QUESTIONS
    assert all(question.category == "guide" and question.topic for question in guide)
    topics = Counter(question.topic for question in guide)
    for topic in ("guide.roles", "guide.faq", "guide.next-certifications", "guide.paths", "guide.tracks"):
        assert topics[topic] >= 2, f"{topic}: {topics[topic]} questions"


def test_items_and_categories_agree_with_the_curriculum(bank: QuestionBank, curriculum: Curriculum) -> None:
    for question in bank.questions:
        if question.item_id is None:
            assert question.id.startswith("q.guide."), question.id
            continue
        assert curriculum.has_item(question.item_id), question.id
        assert question.category == curriculum.item(question.item_id).kind.value, question.id
        assert question.id.startswith(f"q.{question.item_id}."), question.id


def test_ids_and_prompts_are_unique(bank: QuestionBank) -> None:
    ids = Counter(question.id for question in bank.questions)
    prompts = Counter(_normalized(question.prompt) for question in bank.questions)
    assert [key for key, n in ids.items() if n > 1] == []
    assert [key for key, n in prompts.items() if n > 1] == []


def test_four_distinct_choices_and_no_catch_alls(bank: QuestionBank) -> None:
    for question in bank.questions:
        assert len(question.choices) == 4, question.id
        assert len({_normalized(choice) for choice in question.choices}) == 4, question.id
        for choice in question.choices:
            assert not re.search(r"\b(?:all|none) of (?:the )?above\b", choice, re.IGNORECASE), question.id


def test_answer_positions_are_spread(bank: QuestionBank) -> None:
    positions = Counter(question.answer for question in bank.questions)
    total = len(bank.questions)
    for position in range(4):
        share = positions[position] / total
        assert 0.15 <= share <= 0.35, f"answer {position + 1}: {share:.0%} of {total}"


def test_answer_positions_are_spread_within_categories_and_levels(bank: QuestionBank) -> None:
    groups: dict[str, Counter[int]] = {}
    for question in bank.questions:
        level = question.item_id.split(".")[0] if question.item_id else "guide"
        for group in (f"category {question.category}", f"level {level}"):
            groups.setdefault(group, Counter())[question.answer] += 1
    # a practice exam is drawn from one level and scored by category: no pattern to learn there either
    for group, positions in groups.items():
        total = sum(positions.values())
        if total >= 12:
            shares = [positions[position] / total for position in range(4)]
            assert all(0.10 <= share <= 0.40 for share in shares), f"{group}: {dict(positions)}"


def test_the_longest_or_shortest_choice_is_no_giveaway(bank: QuestionBank) -> None:
    longest = shortest = 0
    for question in bank.questions:
        right = len(question.correct_choice)
        others = [len(c) for i, c in enumerate(question.choices) if i != question.answer]
        longest += right > max(others)
        shortest += right < min(others)
    total = len(bank.questions)
    # by chance one question in four; more than a third would teach "pick the longest"
    assert longest / total <= 0.33, f"the correct choice is the longest in {longest} of {total}"
    assert shortest / total <= 0.33, f"the correct choice is the shortest in {shortest} of {total}"


def test_explanations_say_why_and_address_the_wrong_choices(bank: QuestionBank) -> None:
    vague = []
    for question in bank.questions:
        explanation = question.explanation
        assert len(explanation) >= 100, question.id
        said = _words(explanation)
        right = _words(question.correct_choice)
        unaddressed = [
            choice
            for index, choice in enumerate(question.choices)
            if index != question.answer and (_words(choice) - right) and not (_words(choice) - right) & said
        ]
        if unaddressed and not COLLECTIVE.search(explanation):
            vague.append(f"{question.id}: {unaddressed}")
    assert not vague, vague


def test_sources_are_concepts_or_guide_sections(bank: QuestionBank) -> None:
    for question in bank.questions:
        assert question.source == "concept" or question.source.startswith("guide: "), question.id
        if question.category == "guide":
            assert question.source.startswith("guide: "), question.id


def test_guide_answers_quote_the_seed(bank: QuestionBank, document: Document) -> None:
    seed = (resources.files("mlops_tracker") / "data" / "seed.json").read_text(encoding="utf-8")
    text = _normalized(_seed_text(json.loads(seed)))
    for question in bank.questions:
        if question.source.startswith("guide: "):
            assert _normalized(question.correct_choice) in text, f"{question.id}: {question.correct_choice!r}"


def test_guide_answers_quote_the_guide(bank: QuestionBank) -> None:
    text = _normalized(GUIDE.read_text(encoding="utf-8"))
    for question in bank.questions:
        if question.source.startswith("guide: "):
            assert _normalized(question.correct_choice) in text, f"{question.id}: {question.correct_choice!r}"


def test_role_questions_match_the_role_table(bank: QuestionBank, curriculum: Curriculum) -> None:
    table = {row.role: ", ".join(row.certifications) for row in curriculum.roles}
    checked = 0
    for question in bank.questions:
        if question.topic != "guide.roles":
            continue
        for role, certifications in table.items():
            if re.search(rf"\bfor an? {re.escape(role)}\?$", question.prompt):
                assert certifications.startswith(question.correct_choice), question.id
                checked += 1
    assert checked >= 5


# ---- refusing malformed files ---------------------------------------------------------------------------


def setting(value: Any, *path: str | int) -> Callable[[Document], None]:
    """Return a change that sets the value at a path of the document."""

    def mutate(doc: Document) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def removing(*path: str | int) -> Callable[[Document], None]:
    """Return a change that removes the key at a path of the document."""

    def mutate(doc: Document) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def refused(tmp_path: Path, document: Document, mutate: Callable[[Document], object]) -> str:
    """Return the one-line QuestionBankError message for a copy of the bank changed by `mutate`."""
    broken = copy.deepcopy(document)
    mutate(broken)
    path = tmp_path / "questions.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(QuestionBankError) as caught:
        load_question_bank(path)
    message = str(caught.value)
    assert isinstance(caught.value, UserError)
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(f"{path}: ")
    return message


def test_refuses_three_choices(tmp_path: Path, document: Document) -> None:
    def drop_choice(doc: Document) -> None:
        doc["questions"][2]["choices"].pop()
        doc["questions"][2]["answer"] = 0

    message = refused(tmp_path, document, drop_choice)
    assert "questions[2].choices: " in message
    assert "4" in message


def test_refuses_a_duplicate_id(tmp_path: Path, document: Document) -> None:
    def duplicate(doc: Document) -> None:
        doc["questions"][1]["id"] = doc["questions"][0]["id"]

    message = refused(tmp_path, document, duplicate)
    assert "questions[1].id: duplicate id" in message
    assert "questions[0]" in message


def test_refuses_an_unknown_item(tmp_path: Path, document: Document) -> None:
    def unknown(doc: Document) -> None:
        doc["questions"][0]["item_id"] = "foundation.skill.astrology"
        doc["questions"][0]["id"] = "q.foundation.skill.astrology.stars"

    message = refused(tmp_path, document, unknown)
    assert "questions[0].item_id: unknown item 'foundation.skill.astrology'" in message


@pytest.mark.parametrize("answer", [4, -1, 7])
def test_refuses_an_answer_out_of_range(tmp_path: Path, document: Document, answer: int) -> None:
    message = refused(tmp_path, document, setting(answer, "questions", 5, "answer"))
    assert "questions[5].answer: " in message


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (setting(True, "questions", 3, "answer"), "questions[3].answer: "),
        (setting("2", "questions", 3, "answer"), "questions[3].answer: "),
        (setting("x", "questions", 3, "hint"), "questions[3].hint: Extra inputs"),
        (removing("questions", 3, "explanation"), "questions[3].explanation: Field required"),
        (setting(" ", "questions", 3, "prompt"), "questions[3].prompt: "),
        (setting("Two\nlines", "questions", 3, "prompt"), "questions[3].prompt: "),
        (setting("", "questions", 3, "explanation"), "questions[3].explanation: "),
        (setting("x" * 161, "questions", 3, "choices", 1), "questions[3].choices[1]: "),
        (setting("a blog", "questions", 3, "source"), "questions[3].source: "),
        (setting("trivia", "questions", 3, "category"), "questions[3].category: "),
        (setting(99, "seed_version"), "seed_version: written for seed version 99"),
        (setting(2, "questions_version"), "questions_version: version 2 is not supported"),
        (setting([], "questions"), "questions: "),
    ],
)
def test_refuses_malformed_fields(
    tmp_path: Path, document: Document, mutate: Callable[[Document], object], expected: str
) -> None:
    assert expected in refused(tmp_path, document, mutate)


def test_refuses_a_duplicate_prompt_and_duplicate_choices(tmp_path: Path, document: Document) -> None:
    def same_prompt(doc: Document) -> None:
        doc["questions"][4]["prompt"] = doc["questions"][0]["prompt"].upper()

    assert "questions[4].prompt: same prompt as questions[0]" in refused(tmp_path, document, same_prompt)

    def same_choice(doc: Document) -> None:
        choices = doc["questions"][4]["choices"]
        choices[3] = choices[1]

    assert "questions[4].choices[3]: same choice as choices[1]" in refused(tmp_path, document, same_choice)


def test_refuses_catch_all_choices(tmp_path: Path, document: Document) -> None:
    def catch_all(doc: Document) -> None:
        doc["questions"][0]["choices"][3] = "All of the above"

    assert "questions[0].choices[3]: 'all/none of the above'" in refused(tmp_path, document, catch_all)


def test_refuses_inconsistent_references(tmp_path: Path, document: Document) -> None:
    guide = next(i for i, q in enumerate(document["questions"]) if q["item_id"] is None)
    item = next(i for i, q in enumerate(document["questions"]) if q["category"] == "skill")
    cases: list[tuple[Callable[[Document], object], str]] = [
        (setting(None, "questions", guide, "topic"), f"questions[{guide}].topic: "),
        (setting("skill", "questions", guide, "category"), f"questions[{guide}].category: "),
        (setting("q.guide.Bad_Slug", "questions", guide, "id"), f"questions[{guide}].id: "),
        (setting("mistake", "questions", item, "category"), f"questions[{item}].category: "),
        (setting("guide.faq", "questions", item, "topic"), f"questions[{item}].topic: "),
        (setting("q.other", "questions", item, "id"), f"questions[{item}].id: "),
    ]
    for mutate, expected in cases:
        assert expected in refused(tmp_path, document, mutate)


def test_refuses_repeated_keys_and_bad_json(tmp_path: Path) -> None:
    with pytest.raises(QuestionBankError) as caught:
        parse_question_bank('{"questions_version": 1, "questions_version": 1}')
    assert str(caught.value) == "questions.json: questions_version: duplicate key 'questions_version'"
    with pytest.raises(QuestionBankError) as caught:
        parse_question_bank('{"questions_version": 1,')
    assert str(caught.value).startswith("questions.json: line 1, column ")


def test_many_problems_still_make_one_line(tmp_path: Path, document: Document) -> None:
    def many(doc: Document) -> None:
        for question in doc["questions"][:5]:
            question["answer"] = 9

    message = refused(tmp_path, document, many)
    assert message.endswith("(and 4 more problems)")


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "missing.json"
    with pytest.raises(QuestionBankError) as caught:
        load_question_bank(path)
    assert str(caught.value).startswith(f"{path}: cannot read the file")

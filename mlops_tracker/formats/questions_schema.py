"""The question bank: strict pydantic models of `data/questions.json` and its loader.

A question has exactly four choices; `answer` is the **0-based** index of the correct one in `choices` (0–3).
The command line and the window number choices 1–4 for people, so they add one when showing a choice and
subtract one when reading an answer.

Every question checks either one curriculum item (`item_id`, and `category` is that item's kind) or a fact of
the guide itself (`item_id` null, `category` "guide" and a `topic` such as "guide.faq"). `source` says where
the keyed answer comes from: "concept" (well-established MLOps practice) or "guide: <section>" (the guide's
text, quoted exactly).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import Curriculum, Kind
from mlops_tracker.formats.json_paths import JsonObject, Problem, duplicate_keys, json_path
from mlops_tracker.formats.seed import load_curriculum

DEFAULT_SOURCE = "questions.json"
QUESTIONS_VERSION = 1  # the format this version of the app reads
CHOICES = 4

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_ITEM_QUESTION_ID = re.compile(rf"q\.(?P<item>[a-z]+\.(?:skill|project|phase|mistake)\.{_SLUG})\.{_SLUG}")
_GUIDE_QUESTION_ID = re.compile(rf"q\.guide\.{_SLUG}")
# choices that make a question a test of the format rather than of knowledge
_BANNED_CHOICES = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|them)\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def _text(max_length: int) -> Any:
    """Return the constraint of a one-line text: non-empty, no surrounding spaces, at most `max_length`."""
    return Field(min_length=1, max_length=max_length, pattern=r"^\S(?:.*\S)?$")


Category = Literal["skill", "project", "phase", "mistake", "guide"]


class QuestionBankError(UserError):
    """The question bank is malformed; the one-line message names the file, the JSON path and the problem."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        where, what = self.problems[0]
        message = f"{source}: {where}: {what}" if where else f"{source}: {what}"
        if len(self.problems) > 1:
            more = len(self.problems) - 1
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        super().__init__(message)


class _StrictModel(BaseModel):
    """Refuse coercion and unknown keys; models are read-only once validated."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Question(_StrictModel):
    """One multiple-choice self-check question."""

    id: Annotated[str, _text(160)]
    item_id: Annotated[str, _text(120)] | None
    topic: Annotated[str, Field(max_length=60, pattern=rf"^guide\.{_SLUG}$")] | None
    category: Category
    prompt: Annotated[str, _text(300)]
    choices: Annotated[tuple[Annotated[str, _text(160)], ...], Field(min_length=CHOICES, max_length=CHOICES)]
    answer: Annotated[int, Field(ge=0, le=CHOICES - 1)]  # 0-based index into choices
    explanation: Annotated[str, _text(1200)]
    source: Annotated[str, Field(max_length=120, pattern=r"^(?:concept|guide: \S(?:.*\S)?)$")]

    @property
    def correct_choice(self) -> str:
        """Return the text of the correct choice."""
        return self.choices[self.answer]


class QuestionBank(_StrictModel):
    """The whole question bank file."""

    questions_version: Annotated[int, Field(ge=1)]
    seed_version: Annotated[int, Field(ge=1)]
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]

    def for_item(self, item_id: str) -> tuple[Question, ...]:
        """Return the questions about one curriculum item, in file order."""
        return tuple(question for question in self.questions if question.item_id == item_id)

    def question(self, question_id: str) -> Question:
        """Return the question with this id; raise KeyError when there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


def load_question_bank(path: Path | None = None, curriculum: Curriculum | None = None) -> QuestionBank:
    """Return the validated question bank of a file, by default the packaged one (cached).

    The bank is checked against `curriculum` (by default the packaged seed): its item ids must exist and its
    seed version must match. Raise QuestionBankError naming the file, the JSON path and the first problem.
    """
    if path is None and curriculum is None:
        return _load_packaged()
    if path is None:
        resource = resources.files("mlops_tracker") / "data" / "questions.json"
        return parse_question_bank(_read(resource), str(resource), curriculum)
    return parse_question_bank(_read(Path(path)), str(path), curriculum)


@functools.lru_cache(maxsize=1)
def _load_packaged() -> QuestionBank:
    """Return the packaged question bank; the file never changes while the app runs."""
    resource = resources.files("mlops_tracker") / "data" / "questions.json"
    return parse_question_bank(_read(resource), str(resource))


def _read(resource: Any) -> str:
    """Return a question file's text, or raise QuestionBankError saying why it cannot be read."""
    try:
        return resource.read_text(encoding="utf-8")
    except OSError as exc:
        problem = f"cannot read the file: {exc.strerror or exc}"
        raise QuestionBankError(str(resource), [("", problem)]) from None
    except UnicodeDecodeError as exc:
        raise QuestionBankError(str(resource), [("", f"not UTF-8 text (byte {exc.start})")]) from None


def parse_question_bank(
    text: str, source: str = DEFAULT_SOURCE, curriculum: Curriculum | None = None
) -> QuestionBank:
    """Validate a question bank document against the curriculum; raise QuestionBankError on any problem."""
    try:
        raw = json.loads(text, object_pairs_hook=JsonObject.from_pairs)
    except json.JSONDecodeError as exc:
        raise QuestionBankError(
            source, [(f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}")]
        ) from None
    duplicates = list(duplicate_keys(raw))
    if duplicates:
        raise QuestionBankError(source, duplicates)
    try:
        bank = QuestionBank.model_validate_json(text)
    except ValidationError as exc:
        problems = [(json_path(error["loc"]), error["msg"]) for error in exc.errors(include_url=False)]
        raise QuestionBankError(source, problems) from None
    problems = list(_semantic_problems(bank, curriculum if curriculum is not None else load_curriculum()))
    if problems:
        raise QuestionBankError(source, problems)
    return bank


def _normalized(text: str) -> str:
    """Return text as compared for duplicates: case-folded, runs of spaces collapsed."""
    return _SPACES.sub(" ", text).strip().casefold()


def _semantic_problems(bank: QuestionBank, curriculum: Curriculum) -> Iterator[Problem]:
    """Yield what types cannot say: versions, unique ids and prompts, and each question's own problems."""
    if bank.questions_version != QUESTIONS_VERSION:
        yield (
            "questions_version",
            f"version {bank.questions_version} is not supported; this app reads version {QUESTIONS_VERSION}",
        )
    if bank.seed_version != curriculum.seed_version:
        yield (
            "seed_version",
            f"written for seed version {bank.seed_version}, but the curriculum is version "
            f"{curriculum.seed_version}",
        )
    first_id: dict[str, int] = {}
    first_prompt: dict[str, int] = {}
    for index, question in enumerate(bank.questions):
        where = f"questions[{index}]"
        if question.id in first_id:
            yield f"{where}.id", f"duplicate id '{question.id}' (first at questions[{first_id[question.id]}])"
        else:
            first_id[question.id] = index
        prompt = _normalized(question.prompt)
        if prompt in first_prompt:
            yield f"{where}.prompt", f"same prompt as questions[{first_prompt[prompt]}]"
        else:
            first_prompt[prompt] = index
        yield from _question_problems(question, where, curriculum)


def _question_problems(question: Question, where: str, curriculum: Curriculum) -> Iterator[Problem]:
    """Yield the problems of one question: its reference, id shape, category, topic and choices."""
    if question.item_id is None:
        if not _GUIDE_QUESTION_ID.fullmatch(question.id):
            yield f"{where}.id", f"id '{question.id}' should be 'q.guide.' followed by a kebab-case slug"
        if question.category != "guide":
            yield f"{where}.category", f"with no item_id the category is 'guide', not '{question.category}'"
        if question.topic is None:
            yield f"{where}.topic", "a guide question (no item_id) needs a topic such as 'guide.faq'"
    else:
        match = _ITEM_QUESTION_ID.fullmatch(question.id)
        if match is None or match["item"] != question.item_id:
            yield (
                f"{where}.id",
                f"id '{question.id}' should be 'q.{question.item_id}.' followed by a kebab-case slug",
            )
        if not curriculum.has_item(question.item_id):
            yield f"{where}.item_id", f"unknown item '{question.item_id}': not in the curriculum"
        else:
            kind: Kind = curriculum.item(question.item_id).kind
            if question.category != kind.value:
                yield (
                    f"{where}.category",
                    f"item '{question.item_id}' is a {kind.value}: category should be '{kind.value}', "
                    f"not '{question.category}'",
                )
        if question.topic is not None:
            yield f"{where}.topic", "only guide questions (no item_id) have a topic; expected null"
    seen: dict[str, int] = {}
    for index, choice in enumerate(question.choices):
        key = _normalized(choice)
        if key in seen:
            yield f"{where}.choices[{index}]", f"same choice as choices[{seen[key]}]"
        else:
            seen[key] = index
        if _BANNED_CHOICES.search(choice):
            yield f"{where}.choices[{index}]", "'all/none of the above' choices are not allowed"

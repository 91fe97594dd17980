"""Strict pydantic models of `data/study.json` (the suggested study steps) and its loader.

The file holds the app's own suggestions, labelled so; the guide's text stays in `seed.json`. Besides the
types, the loader checks the file against the curriculum: every trackable item has steps, no steps for an
unknown item, step ids well formed and unique, projects end with their evidence and mistakes are reviews.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from mlops_tracker.domain.model import Curriculum, Kind
from mlops_tracker.domain.study import StepKind, StudyStep, StudySteps
from mlops_tracker.formats.json_paths import JsonObject, Problem
from mlops_tracker.formats.seed import SeedError, load_curriculum

DEFAULT_SOURCE = "study.json"
MIN_STEPS, MAX_STEPS = 2, 6
MIN_MINUTES, MAX_MINUTES = 10, 120
MAX_SLUG_LENGTH = 40
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HOST_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")
_IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class StudyError(SeedError):
    """The study steps file is malformed; the message names the file, the JSON path and the problem."""


def _home_page(url: str) -> str:
    """Accept only an https home page: no path beyond "/", no query, fragment, port or user."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValueError(f"link '{url}' must use https")
    if not _HOST_RE.fullmatch(parts.netloc):
        raise ValueError(f"link '{url}' must name a lower-case host name only (no user, port or address)")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"link '{url}' must be a home page (no path, query or fragment)")
    return url


Text = Annotated[str, Field(min_length=1)]
HomePage = Annotated[str, Field(max_length=100), AfterValidator(_home_page)]


class _StrictModel(BaseModel):
    """Refuse coercion and unknown keys; models are read-only once validated."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class StepModel(_StrictModel):
    """One suggested step: what to read or do, for how long, and what it leaves the learner with."""

    id: Text
    title: Annotated[str, Field(min_length=20, max_length=300)]
    minutes: Annotated[int, Field(ge=MIN_MINUTES, le=MAX_MINUTES)]
    outcome: Annotated[str, Field(min_length=10, max_length=300)]
    kind: Literal["read", "do", "review", "evidence"]
    links: Annotated[tuple[HomePage, ...], Field(max_length=6)] = ()


class ItemStepsModel(_StrictModel):
    """The steps of one trackable item, in the order the learner follows them."""

    steps: Annotated[tuple[StepModel, ...], Field(min_length=MIN_STEPS, max_length=MAX_STEPS)]


class StudyDocument(_StrictModel):
    """The whole study steps file."""

    study_version: Annotated[int, Field(gt=0)]
    seed_version: Annotated[int, Field(gt=0)]
    label: Text
    items: dict[str, ItemStepsModel]


def load_study_steps(path: Path | None = None, curriculum: Curriculum | None = None) -> StudySteps:
    """Return the study steps of a file, by default the packaged one (cached), checked against the curriculum.

    `curriculum` defaults to the packaged seed's. Raise StudyError naming every problem.
    """
    if path is None and curriculum is None:
        return _load_packaged()
    if path is None:
        resource: Any = resources.files("mlops_tracker") / "data" / "study.json"
        return parse_study_steps(_read(resource), curriculum, source=str(resource))
    return parse_study_steps(_read(Path(path)), curriculum, source=str(path))


@functools.lru_cache(maxsize=1)
def _load_packaged() -> StudySteps:
    """Return the packaged study steps; the file never changes while the app runs."""
    resource = resources.files("mlops_tracker") / "data" / "study.json"
    return parse_study_steps(_read(resource), source=str(resource))


def _read(resource: Any) -> str:
    """Return a study file's text, or raise StudyError saying why it cannot be read."""
    try:
        return resource.read_text(encoding="utf-8")
    except OSError as exc:
        raise StudyError(str(resource), [("", f"cannot read the file: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise StudyError(str(resource), [("", f"not UTF-8 text (byte {exc.start})")]) from None


def parse_study_steps(
    text: str, curriculum: Curriculum | None = None, source: str = DEFAULT_SOURCE
) -> StudySteps:
    """Validate a study document against a curriculum (default: the packaged seed's) and return its steps."""
    document = parse_document(text, source)
    curriculum = load_curriculum() if curriculum is None else curriculum
    problems = list(_curriculum_problems(document, curriculum))
    if problems:
        raise StudyError(source, problems)
    return _to_study_steps(document, curriculum)


def parse_document(text: str, source: str = DEFAULT_SOURCE) -> StudyDocument:
    """Validate a study document on its own (types and step ids) and return its models."""
    try:
        raw = json.loads(text, object_pairs_hook=JsonObject.from_pairs)
    except json.JSONDecodeError as exc:
        raise StudyError(
            source, [(f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}")]
        ) from None
    duplicates = list(_duplicate_keys(raw))
    if duplicates:
        raise StudyError(source, duplicates)
    try:
        document = StudyDocument.model_validate_json(text)
    except ValidationError as exc:
        problems = [(_path(error["loc"]), _message(error)) for error in exc.errors(include_url=False)]
        raise StudyError(source, problems) from None
    problems = list(_id_problems(document))
    if problems:
        raise StudyError(source, problems)
    return document


def _message(error: Any) -> str:
    """Return pydantic's message without the "Value error, " prefix of our own validators."""
    return str(error["msg"]).removeprefix("Value error, ")


def _duplicate_keys(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[Problem]:
    """Yield a problem for every key repeated in one JSON object (json keeps only the last)."""
    if isinstance(value, JsonObject):
        for key in value.duplicates:
            yield _path((*loc, key)), f"duplicate key '{key}'"
        for key, child in value.items():
            yield from _duplicate_keys(child, (*loc, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _duplicate_keys(child, (*loc, index))


def _path(loc: tuple[str | int, ...] | list[str | int]) -> str:
    """Return a location as a JSON path, quoting keys that are not identifiers: `items["a.b"].steps[0]`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _IDENTIFIER_RE.fullmatch(part):
            path += f".{part}" if path else part
        else:
            path += f'["{part}"]'
    return path or "document"


def _id_problems(document: StudyDocument) -> Iterator[Problem]:
    """Yield step ids that are not '<item id>:<slug>' or are used twice anywhere in the file."""
    first_use: dict[str, str] = {}
    for item_id, entry in document.items.items():
        for index, step in enumerate(entry.steps):
            where = _path(("items", item_id, "steps", index, "id"))
            prefix, _, slug = step.id.partition(":")
            if prefix != item_id or not _SLUG_RE.fullmatch(slug) or len(slug) > MAX_SLUG_LENGTH:
                yield (
                    where,
                    f"step id '{step.id}' should be '{item_id}:' followed by a kebab-case slug of at most "
                    f"{MAX_SLUG_LENGTH} characters",
                )
            if step.id in first_use:
                yield where, f"duplicate step id '{step.id}' (first at {first_use[step.id]})"
            else:
                first_use[step.id] = where
        titles: dict[str, int] = {}
        for index, step in enumerate(entry.steps):
            key = " ".join(step.title.casefold().split())
            if key in titles:
                yield (
                    _path(("items", item_id, "steps", index, "title")),
                    f"same title as steps[{titles[key]}]: each step of an item says something different",
                )
            titles.setdefault(key, index)


def _curriculum_problems(document: StudyDocument, curriculum: Curriculum) -> Iterator[Problem]:
    """Yield what only the curriculum can say: versions match, every item has steps, kinds fit items."""
    if document.seed_version != curriculum.seed_version:
        yield (
            "seed_version",
            f"the steps were written for seed version {document.seed_version}, the seed is version "
            f"{curriculum.seed_version}: review the steps of changed items, then update seed_version",
        )
    trackable = [item for level in curriculum.levels for item in level.items if not item.retired]
    known = {item.id for item in trackable}
    for item_id in document.items:
        if item_id not in known:
            yield _path(("items", item_id)), f"no trackable item '{item_id}' in the seed"
    for item in trackable:
        entry = document.items.get(item.id)
        if entry is None:
            yield "items", f"no steps for '{item.id}': an item needs {MIN_STEPS}–{MAX_STEPS} steps"
            continue
        yield from _kind_problems(item.id, item.kind, entry)


def _kind_problems(item_id: str, kind: Kind, entry: ItemStepsModel) -> Iterator[Problem]:
    """Yield steps whose kind does not fit the item: projects end with evidence, mistakes are reviews."""
    last = len(entry.steps) - 1
    for index, step in enumerate(entry.steps):
        where = _path(("items", item_id, "steps", index, "kind"))
        if kind is Kind.MISTAKE and step.kind != "review":
            yield where, f"a common mistake's steps are reviews: expected 'review', found '{step.kind}'"
        elif kind is Kind.PROJECT and index == last and step.kind != "evidence":
            yield where, f"a project ends with its evidence step: expected 'evidence', found '{step.kind}'"
        elif step.kind == "evidence" and (kind is not Kind.PROJECT or index != last):
            yield where, "only a project's last step is an evidence step"


def _to_study_steps(document: StudyDocument, curriculum: Curriculum) -> StudySteps:
    """Return the domain study steps, items in seed order."""
    order = {item.id: index for index, item in enumerate(i for lv in curriculum.levels for i in lv.items)}
    steps = tuple(
        StudyStep(
            id=step.id,
            item_id=item_id,
            position=position,
            title=step.title,
            minutes=step.minutes,
            outcome=step.outcome,
            kind=StepKind(step.kind),
            links=step.links,
        )
        for item_id in sorted(document.items, key=order.__getitem__)
        for position, step in enumerate(document.items[item_id].steps)
    )
    return StudySteps(
        study_version=document.study_version,
        seed_version=document.seed_version,
        label=document.label,
        steps=steps,
    )

"""Strict pydantic models of `data/study.json` (the suggested study steps) and the checks types cannot say.

Imported only when a study file must be validated; `load_study_steps` (from `formats.study`, re-exported
here) adds the checks against the curriculum and builds the domain steps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from mlops_tracker.formats.json_paths import JsonObject, Problem
from mlops_tracker.formats.study import (
    DEFAULT_SOURCE,
    MAX_STEPS,
    MIN_STEPS,
    StudyError,
    load_study_steps,
    parse_study_steps,
    study_path,
)

__all__ = [
    "ItemStepsModel",
    "StepModel",
    "StudyDocument",
    "StudyError",
    "load_study_steps",
    "parse_document",
    "parse_study_steps",
]

MIN_MINUTES, MAX_MINUTES = 10, 120
MAX_SLUG_LENGTH = 40
MAX_TITLE_LENGTH = 240  # a title is read in a list row on Today: one instruction, not a lesson
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HOST_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")


def _home_page(url: str) -> str:
    """Accept only an https home page: no path beyond "/", no query, fragment, port or user."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValueError(f"link '{url}' must use https")
    if not _HOST_RE.fullmatch(parts.netloc):
        raise ValueError(f"link '{url}' must name a lower-case host name only (no user, port or address)")
    if parts.path not in ("", "/") or "?" in url or "#" in url:
        raise ValueError(f"link '{url}' must be a home page (no path, query or fragment)")
    return url


Text = Annotated[str, Field(min_length=1)]
_ONE_LINE = r"^\S(?:.*\S)?$"  # no leading or trailing blanks, no line breaks
HomePage = Annotated[str, Field(max_length=100), AfterValidator(_home_page)]


class _StrictModel(BaseModel):
    """Refuse coercion and unknown keys; models are read-only once validated."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class StepModel(_StrictModel):
    """One suggested step: what to read or do, for how long, and what it leaves the learner with."""

    id: Text
    title: Annotated[str, Field(min_length=20, max_length=MAX_TITLE_LENGTH, pattern=_ONE_LINE)]
    minutes: Annotated[int, Field(ge=MIN_MINUTES, le=MAX_MINUTES)]
    outcome: Annotated[str, Field(min_length=10, max_length=200, pattern=_ONE_LINE)]
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


def parse_document(text: str, source: str = DEFAULT_SOURCE) -> StudyDocument:
    """Validate a study document on its own (types, step ids, titles) and return its models."""
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
        problems = [(study_path(error["loc"]), _message(error)) for error in exc.errors(include_url=False)]
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
            yield study_path((*loc, key)), f"duplicate key '{key}'"
        for key, child in value.items():
            yield from _duplicate_keys(child, (*loc, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _duplicate_keys(child, (*loc, index))


def _id_problems(document: StudyDocument) -> Iterator[Problem]:
    """Yield step ids that are not '<item id>:<slug>' or are used twice, and titles repeated in an item."""
    first_use: dict[str, str] = {}
    for item_id, entry in document.items.items():
        for index, step in enumerate(entry.steps):
            where = study_path(("items", item_id, "steps", index, "id"))
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
                    study_path(("items", item_id, "steps", index, "title")),
                    f"same title as steps[{titles[key]}]: each step of an item says something different",
                )
            titles.setdefault(key, index)

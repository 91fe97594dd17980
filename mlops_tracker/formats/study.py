"""The suggested study steps: the loader building the domain `StudySteps` from `data/study.json`.

Type validation (strict pydantic models) lives in `study_schema` and is imported only when needed: the
packaged file, once validated by this version of the app, is recognised by its digest, as the seed is. The
checks against the curriculum (every trackable item has steps, none for unknown items, projects end with
evidence, mistakes are reviews) are plain Python and always run.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from mlops_tracker import __version__
from mlops_tracker.domain.model import Curriculum, Kind
from mlops_tracker.domain.study import StepKind, StudyStep, StudySteps
from mlops_tracker.formats.json_paths import Problem
from mlops_tracker.formats.seed import SeedError, load_curriculum

DEFAULT_SOURCE = "study.json"
MIN_STEPS, MAX_STEPS = 2, 6
_IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class StudyError(SeedError):
    """The study steps file is malformed; the message names the file, the JSON path and the problem."""


def study_path(loc: Sequence[str | int]) -> str:
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


def load_study_steps(path: Path | None = None, curriculum: Curriculum | None = None) -> StudySteps:
    """Return the study steps of a file, by default the packaged one, checked against the curriculum.

    `curriculum` defaults to the packaged seed's; with neither argument the result is cached. Raise StudyError
    naming every problem.
    """
    if path is None and curriculum is None:
        return _load_packaged()
    if path is None:
        return load_packaged_study_steps(curriculum)[0]
    return parse_study_steps(_read(Path(path)), curriculum, source=str(path))


@functools.lru_cache(maxsize=1)
def _load_packaged() -> StudySteps:
    """Return the packaged study steps; the file never changes while the app runs."""
    return load_packaged_study_steps(load_curriculum())[0]


def study_digest(text: str) -> str:
    """Return the digest that identifies a study file validated by this version of the app."""
    return hashlib.sha256(f"{__version__}\nstudy\n{text}".encode()).hexdigest()


def load_packaged_study_steps(
    curriculum: Curriculum, trusted_digest: str | None = None
) -> tuple[StudySteps, str]:
    """Return the packaged steps and their digest, validating types unless the digest is the trusted one."""
    resource = resources.files("mlops_tracker") / "data" / "study.json"
    text = _read(resource)
    digest = study_digest(text)
    if digest != trusted_digest:
        return parse_study_steps(text, curriculum, source=str(resource)), digest
    # the same bytes passed validation by this same app version before: build without pydantic
    return _checked(json.loads(text), curriculum, str(resource)), digest


def parse_study_steps(
    text: str, curriculum: Curriculum | None = None, source: str = DEFAULT_SOURCE
) -> StudySteps:
    """Validate a study document against a curriculum (default: the packaged seed's) and return its steps."""
    from mlops_tracker.formats.study_schema import parse_document  # pydantic: only when validating

    document = parse_document(text, source)
    return _checked(document.model_dump(), load_curriculum() if curriculum is None else curriculum, source)


def _read(resource: Any) -> str:
    """Return a study file's text, or raise StudyError saying why it cannot be read."""
    try:
        return resource.read_text(encoding="utf-8")
    except OSError as exc:
        raise StudyError(str(resource), [("", f"cannot read the file: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise StudyError(str(resource), [("", f"not UTF-8 text (byte {exc.start})")]) from None


def _checked(document: Mapping[str, Any], curriculum: Curriculum, source: str) -> StudySteps:
    """Return a type-valid document's steps in seed order; raise StudyError for curriculum problems."""
    problems = list(_curriculum_problems(document, curriculum))
    if problems:
        raise StudyError(source, problems)
    items: Mapping[str, Any] = document["items"]
    steps = tuple(
        StudyStep(
            id=step["id"],
            item_id=item.id,
            position=position,
            title=step["title"],
            minutes=step["minutes"],
            outcome=step["outcome"],
            kind=StepKind(step["kind"]),
            links=tuple(step.get("links", ())),
        )
        for level in curriculum.levels
        for item in level.items
        for position, step in enumerate(items[item.id]["steps"])
    )
    return StudySteps(
        study_version=document["study_version"],
        seed_version=document["seed_version"],
        label=document["label"],
        steps=steps,
    )


def _curriculum_problems(document: Mapping[str, Any], curriculum: Curriculum) -> Iterator[Problem]:
    """Yield what only the curriculum can say: versions match, every item has steps, kinds fit items."""
    if document["seed_version"] != curriculum.seed_version:
        yield (
            "seed_version",
            f"the steps were written for seed version {document['seed_version']}, the seed is version "
            f"{curriculum.seed_version}: review the steps of changed items, then update seed_version",
        )
    items: Mapping[str, Any] = document["items"]
    trackable = [item for level in curriculum.levels for item in level.items]
    known = {item.id for item in trackable}
    for item_id in items:
        if item_id not in known:
            yield study_path(("items", item_id)), f"no trackable item '{item_id}' in the seed"
    for item in trackable:
        if item.id not in items:
            yield "items", f"no steps for '{item.id}': an item needs {MIN_STEPS}–{MAX_STEPS} steps"
        else:
            yield from _kind_problems(item.id, item.kind, items[item.id]["steps"])


def _kind_problems(item_id: str, kind: Kind, steps: Sequence[Mapping[str, Any]]) -> Iterator[Problem]:
    """Yield steps whose kind does not fit the item: projects end with evidence, mistakes are reviews."""
    last = len(steps) - 1
    for index, step in enumerate(steps):
        where = study_path(("items", item_id, "steps", index, "kind"))
        if kind is Kind.MISTAKE and step["kind"] != "review":
            yield where, f"a common mistake's steps are reviews: expected 'review', found '{step['kind']}'"
        elif kind is Kind.PROJECT and index == last and step["kind"] != "evidence":
            yield where, f"a project ends with its evidence step: expected 'evidence', found '{step['kind']}'"
        elif step["kind"] == "evidence" and (kind is not Kind.PROJECT or index != last):
            yield where, "only a project's last step is an evidence step"

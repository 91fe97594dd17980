"""Strict pydantic models of `data/seed.json` and the checks types cannot express.

Imported only when a seed must be validated: the packaged seed, once validated, is trusted by its digest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlops_tracker.domain.model import ALL_LEVELS, KINDS, MAIN_LEVELS, SPECIALIST_TRACKS, Kind
from mlops_tracker.formats.json_paths import JsonObject, Problem, duplicate_keys, json_path
from mlops_tracker.formats.seed import DEFAULT_SOURCE, SeedError

# exact sizes the guide gives every main level; specialist tracks have skills only
MAIN_LEVEL_COUNTS: dict[str, int] = {
    "skills": 4,
    "projects": 3,
    "phases": 3,
    "mistakes": 2,
    "next_certifications": 3,
}
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_SLUG_RE = re.compile(_SLUG)
_ITEM_LISTS: tuple[tuple[str, Kind], ...] = tuple((spec.seed_key, kind) for kind, spec in KINDS.items())

Text = Annotated[str, Field(min_length=1)]


class _StrictModel(BaseModel):
    """Refuse coercion and unknown keys; models are read-only once validated."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class SectionModel(_StrictModel):
    """A heading with its paragraphs."""

    heading: Text
    paragraphs: Annotated[tuple[Text, ...], Field(min_length=1)]


class TrackModel(_StrictModel):
    """A row of the certification table."""

    track: Text
    level: Text
    audience: Text
    prerequisites: Text
    skills_covered: Text
    recommended_order: Text
    level_id: Text


class ItemModel(_StrictModel):
    """A skill, project or common mistake of a level."""

    id: Text
    title: Text


class PhaseModel(_StrictModel):
    """A step of a level's preparation plan."""

    id: Text
    number: int
    span: Text
    days: Annotated[int, Field(gt=0)]
    activity: Text


class NextCertificationModel(_StrictModel):
    """A certification suggested after a level."""

    option: Literal["same-track", "cross-track", "leadership"]
    title: Text


class LevelModel(_StrictModel):
    """A main level or a specialist track with its trackable items."""

    id: Text
    name: Text
    title: Text
    kind: Literal["level", "specialist"]
    track: Text
    audience: Text
    prerequisites: Text
    skills_covered: Text
    recommended_order: Text
    what_it_is: Text
    who_should_take_it: str
    skills: tuple[ItemModel, ...]
    projects: tuple[ItemModel, ...]
    phases: tuple[PhaseModel, ...]
    mistakes: tuple[ItemModel, ...]
    next_certifications: tuple[NextCertificationModel, ...]


class PathModel(_StrictModel):
    """One of the learning paths."""

    id: Text
    name: Text
    description: Text


class RoleModel(_StrictModel):
    """A row of the role → recommended certifications table."""

    role: Text
    certifications: Annotated[tuple[Text, ...], Field(min_length=1)]
    level_id: Text


class ProviderModel(_StrictModel):
    """A training and certification support provider."""

    name: Text
    description: Text


class FaqModel(_StrictModel):
    """A question of the FAQ with its answer."""

    section: Text
    question: Text
    answer: Text


class SeedDocument(_StrictModel):
    """The whole seed file."""

    seed_version: Annotated[int, Field(gt=0)]
    title: Text
    overview: tuple[SectionModel, ...]
    tracks: tuple[TrackModel, ...]
    levels: Annotated[tuple[LevelModel, ...], Field(min_length=1)]
    paths: tuple[PathModel, ...]
    roles: tuple[RoleModel, ...]
    next_steps: tuple[SectionModel, ...]
    providers: tuple[ProviderModel, ...]
    faq: tuple[FaqModel, ...]
    final_thoughts: SectionModel


def parse_document(text: str, source: str = DEFAULT_SOURCE) -> SeedDocument:
    """Validate a seed document and return its models; raise SeedError naming every problem."""
    try:
        raw = json.loads(text, object_pairs_hook=JsonObject.from_pairs)
    except json.JSONDecodeError as exc:
        raise SeedError(
            source, [(f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}")]
        ) from None
    duplicates = list(duplicate_keys(raw))
    if duplicates:
        raise SeedError(source, duplicates)
    try:
        document = SeedDocument.model_validate_json(text)
    except ValidationError as exc:
        problems = [(json_path(error["loc"]), error["msg"]) for error in exc.errors(include_url=False)]
        raise SeedError(source, problems) from None
    problems = list(_semantic_problems(document))
    if problems:
        raise SeedError(source, problems)
    return document


def _semantic_problems(document: SeedDocument) -> Iterator[Problem]:
    """Yield what types cannot say: known unique levels, exact counts, well-formed unique ids, references."""
    level_ids: dict[str, int] = {}
    for index, level in enumerate(document.levels):
        where = f"levels[{index}]"
        if level.id not in ALL_LEVELS:
            yield f"{where}.id", f"unknown level '{level.id}'; expected one of {', '.join(ALL_LEVELS)}"
        elif level.id in level_ids:
            yield f"{where}.id", f"duplicate level '{level.id}' (first at levels[{level_ids[level.id]}].id)"
        else:
            level_ids[level.id] = index
        yield from _level_shape_problems(level, where)
    yield from _id_problems(document)
    seen_tracks: dict[str, int] = {}
    for index, track in enumerate(document.tracks):
        where = f"tracks[{index}].level_id"
        if track.level_id not in level_ids:
            yield where, f"level '{track.level_id}' is not one of the seed's levels"
        elif track.level_id in seen_tracks:
            yield where, f"level '{track.level_id}' already has a row (tracks[{seen_tracks[track.level_id]}])"
        else:
            seen_tracks[track.level_id] = index
    for index, role in enumerate(document.roles):
        if role.level_id not in level_ids:
            yield f"roles[{index}].level_id", f"level '{role.level_id}' is not one of the seed's levels"


def _level_shape_problems(level: LevelModel, where: str) -> Iterator[Problem]:
    """Yield problems with a level's kind, item counts, phase numbers and next-certification options."""
    if level.id in MAIN_LEVELS and level.kind != "level":
        yield f"{where}.kind", f"'{level.id}' is a main level: kind should be 'level', not '{level.kind}'"
    if level.id in SPECIALIST_TRACKS and level.kind != "specialist":
        yield (
            f"{where}.kind",
            f"'{level.id}' is a specialist track: kind should be 'specialist', not '{level.kind}'",
        )
    if level.kind == "level":
        for field, expected in MAIN_LEVEL_COUNTS.items():
            found = len(getattr(level, field))
            if found != expected:
                yield f"{where}.{field}", f"a level has exactly {expected} {field}, found {found}"
        for index, phase in enumerate(level.phases):
            if phase.number != index + 1:
                yield f"{where}.phases[{index}].number", f"expected phase {index + 1}, found {phase.number}"
        options: dict[str, int] = {}
        for index, cert in enumerate(level.next_certifications):
            if cert.option in options:
                yield (
                    f"{where}.next_certifications[{index}].option",
                    f"option '{cert.option}' already given (next_certifications[{options[cert.option]}])",
                )
            options.setdefault(cert.option, index)
    else:
        if not level.skills:
            yield f"{where}.skills", "a specialist track needs at least one skill"
        for field in ("projects", "phases", "mistakes", "next_certifications"):
            if getattr(level, field):
                yield f"{where}.{field}", f"a specialist track has no {field}; expected an empty list"


def _id_problems(document: SeedDocument) -> Iterator[Problem]:
    """Yield ids that are malformed or used twice anywhere in the file."""
    first_use: dict[str, str] = {}

    def claim(item_id: str, where: str) -> Iterator[Problem]:
        if item_id in first_use:
            yield where, f"duplicate id '{item_id}' (first at {first_use[item_id]})"
        else:
            first_use[item_id] = where

    for level_index, level in enumerate(document.levels):
        for field, kind in _ITEM_LISTS:
            for index, entry in enumerate(getattr(level, field)):
                where = f"levels[{level_index}].{field}[{index}].id"
                prefix = f"{level.id}.{kind.value}."
                if isinstance(entry, PhaseModel):
                    expected = f"{prefix}{entry.number}"
                    if entry.id != expected:
                        yield where, f"id '{entry.id}' should be '{expected}'"
                elif not entry.id.startswith(prefix) or not _SLUG_RE.fullmatch(entry.id[len(prefix) :]):
                    yield where, f"id '{entry.id}' should be '{prefix}' followed by a kebab-case slug"
                yield from claim(entry.id, where)
    for index, path in enumerate(document.paths):
        where = f"paths[{index}].id"
        if not _SLUG_RE.fullmatch(path.id):
            yield where, f"id '{path.id}' should be a kebab-case slug"
        yield from claim(path.id, where)

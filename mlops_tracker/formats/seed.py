"""The curriculum seed: the loader building the domain `Curriculum` from `data/seed.json`.

Validation (strict pydantic models) lives in `seed_schema` and is imported only when needed: the packaged
seed, once validated by this version of the app, is recognised by its digest on later starts.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mlops_tracker import __version__
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import (
    Curriculum,
    FaqEntry,
    Item,
    Kind,
    LearningPath,
    Level,
    NextCertification,
    Phase,
    Provider,
    RoleRecommendation,
    Section,
    Track,
)
from mlops_tracker.formats.json_paths import Problem

DEFAULT_SOURCE = "seed.json"
MAX_REPORTED_PROBLEMS = 10


class SeedError(UserError):
    """The curriculum seed is malformed; the message names the file, the position and the problem."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = [
            f"{source}: {where}: {what}" if where else f"{source}: {what}"
            for where, what in self.problems[:MAX_REPORTED_PROBLEMS]
        ]
        if len(self.problems) > MAX_REPORTED_PROBLEMS:
            lines.append(f"{source}: … and {len(self.problems) - MAX_REPORTED_PROBLEMS} more problems")
        super().__init__("\n".join(lines))


def load_curriculum(path: Path | None = None) -> Curriculum:
    """Return the curriculum of a seed file, by default the packaged one (cached)."""
    if path is None:
        return _load_packaged()
    return parse_curriculum(_read(Path(path)), source=str(path))


@functools.lru_cache(maxsize=1)
def _load_packaged() -> Curriculum:
    """Return the validated curriculum of the packaged seed; the file never changes while the app runs."""
    return load_packaged_curriculum()[0]


def _read(resource: Any) -> str:
    """Return a seed file's text, or raise SeedError saying why it cannot be read."""
    try:
        return resource.read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError(str(resource), [("", f"cannot read the file: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise SeedError(str(resource), [("", f"not UTF-8 text (byte {exc.start})")]) from None


def parse_curriculum(text: str, source: str = DEFAULT_SOURCE) -> Curriculum:
    """Validate a seed document and return its curriculum; raise SeedError naming every problem."""
    from mlops_tracker.formats.seed_schema import parse_document  # pydantic: only when validating

    return _to_curriculum(parse_document(text, source))


def seed_digest(text: str) -> str:
    """Return the digest that identifies a seed validated by this version of the app."""
    return hashlib.sha256(f"{__version__}\n{text}".encode()).hexdigest()


def load_packaged_curriculum(trusted_digest: str | None = None) -> tuple[Curriculum, str]:
    """Return the packaged curriculum and its digest, validating it unless the digest is the trusted one."""
    resource = resources.files("mlops_tracker") / "data" / "seed.json"
    text = _read(resource)
    digest = seed_digest(text)
    if digest != trusted_digest:
        return parse_curriculum(text, source=str(resource)), digest
    # the same bytes passed validation by this same app version before: build without pydantic
    document = json.loads(text, object_hook=_attributes)
    return _to_curriculum(document), digest


def _attributes(obj: dict[str, Any]) -> SimpleNamespace:
    """Return a decoded JSON object with attribute access and tuples for lists, as the models give."""
    return SimpleNamespace(**{key: tuple(v) if isinstance(v, list) else v for key, v in obj.items()})


def _to_curriculum(document: Any) -> Curriculum:
    """Return the domain curriculum of a validated seed document."""
    return Curriculum(
        seed_version=document.seed_version,
        title=document.title,
        overview=tuple(_to_section(section) for section in document.overview),
        tracks=tuple(
            Track(
                track=row.track,
                level=row.level,
                audience=row.audience,
                prerequisites=row.prerequisites,
                skills_covered=row.skills_covered,
                recommended_order=row.recommended_order,
                level_id=row.level_id,
            )
            for row in document.tracks
        ),
        levels=tuple(_to_level(level) for level in document.levels),
        paths=tuple(LearningPath(id=p.id, name=p.name, description=p.description) for p in document.paths),
        roles=tuple(
            RoleRecommendation(role=r.role, certifications=r.certifications, level_id=r.level_id)
            for r in document.roles
        ),
        next_steps=tuple(_to_section(section) for section in document.next_steps),
        providers=tuple(Provider(name=p.name, description=p.description) for p in document.providers),
        faq=tuple(FaqEntry(section=f.section, question=f.question, answer=f.answer) for f in document.faq),
        final_thoughts=_to_section(document.final_thoughts),
    )


def _to_section(section: Any) -> Section:
    """Return the domain section of a validated one."""
    return Section(heading=section.heading, paragraphs=section.paragraphs)


def _to_level(level: Any) -> Level:
    """Return the domain level: items in the order skills, projects, phase activities, mistakes."""
    items: list[Item] = []

    def add(item_id: str, kind: Kind, title: str, phase: int | None = None, detail: str = "") -> None:
        items.append(Item(item_id, level.id, kind, title, len(items), phase=phase, detail=detail))

    for skill in level.skills:
        add(skill.id, Kind.SKILL, skill.title)
    for project in level.projects:
        add(project.id, Kind.PROJECT, project.title)
    for phase in level.phases:
        add(phase.id, Kind.PHASE, phase.activity, phase=phase.number, detail=phase.span)
    for mistake in level.mistakes:
        add(mistake.id, Kind.MISTAKE, mistake.title)
    return Level(
        id=level.id,
        name=level.name,
        title=level.title,
        kind=level.kind,
        track=level.track,
        audience=level.audience,
        prerequisites=level.prerequisites,
        skills_covered=level.skills_covered,
        recommended_order=level.recommended_order,
        what_it_is=level.what_it_is,
        who_should_take_it=level.who_should_take_it,
        items=tuple(items),
        phases=tuple(
            Phase(number=p.number, span=p.span, days=p.days, activity=p.activity, item_id=p.id)
            for p in level.phases
        ),
        next_certifications=tuple(
            NextCertification(option=c.option, title=c.title) for c in level.next_certifications
        ),
    )

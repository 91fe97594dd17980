"""Small builders of levels and items for domain tests (independent of the real seed)."""

from __future__ import annotations

from mlops_tracker.domain.model import Item, Kind, Level


def make_level(
    level_id: str = "foundation",
    *,
    skills: int = 4,
    projects: int = 3,
    phases: int = 3,
    mistakes: int = 2,
    retired: frozenset[str] = frozenset(),
) -> Level:
    """Return a level shaped like the guide's: skills, projects, phases and mistakes, in seed order."""
    items: list[Item] = []

    def add(kind: Kind, count: int, title: str) -> None:
        for number in range(1, count + 1):
            item_id = f"{level_id}.{kind.value}.{number}"
            items.append(
                Item(
                    id=item_id,
                    level=level_id,
                    kind=kind,
                    title=f"{title} {number}",
                    position=len(items),
                    phase=number if kind is Kind.PHASE else None,
                    retired=item_id in retired,
                )
            )

    add(Kind.SKILL, skills, "Skill")
    add(Kind.PROJECT, projects, "Project")
    add(Kind.PHASE, phases, "Phase")
    add(Kind.MISTAKE, mistakes, "Mistake")
    return Level(
        id=level_id,
        name=level_id.title(),
        title=f"Certified MLOps Manager – {level_id.title()}",
        kind="level" if phases else "specialist",
        track="Core MLOps",
        audience="",
        prerequisites="",
        skills_covered="",
        recommended_order="",
        items=tuple(items),
    )


def foundation() -> Level:
    """Return a Foundation-shaped level: 4 skills, 3 projects, 3 phases, 2 mistakes."""
    return make_level("foundation")


def specialist(level_id: str = "security", skills: int = 2) -> Level:
    """Return a specialist track: only skills."""
    return make_level(level_id, skills=skills, projects=0, phases=0, mistakes=0)

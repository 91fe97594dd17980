"""The curriculum seed: the packaged file holds the whole guide, and malformed seeds are refused clearly."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from mlops_tracker.domain.model import ALL_LEVELS, MAIN_LEVELS, Curriculum, Kind
from mlops_tracker.formats.seed import SeedError, load_curriculum, parse_curriculum

GUIDE = Path(__file__).parents[2] / "docs" / "certified-mlops-manager-guide.txt"  # the seed's source text
ID_RE = re.compile(
    r"(?P<level>[a-z]+)\.(?P<kind>skill|project|phase|mistake)\.(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)"
)
OPTION_LABELS = {
    "Same-track option": "same-track",
    "Cross-track option": "cross-track",
    "Leadership option": "leadership",
}

Document = dict[str, Any]


@pytest.fixture(scope="module")
def document() -> Document:
    """Return the packaged seed as plain JSON data."""
    text = (resources.files("mlops_tracker") / "data" / "seed.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def guide() -> list[str]:
    """Return the guide's lines (the repository keeps the source text in docs/)."""
    return GUIDE.read_text(encoding="utf-8").splitlines()


def refused(document: Document, mutate: Callable[[Document], object]) -> str:
    """Return the SeedError message for a copy of the document changed by `mutate`."""
    broken = copy.deepcopy(document)
    mutate(broken)
    with pytest.raises(SeedError) as caught:
        parse_curriculum(json.dumps(broken, ensure_ascii=False))
    message = str(caught.value)
    assert "Traceback" not in message
    assert message.startswith("seed.json: ")
    return message


def test_packaged_seed_loads() -> None:
    curriculum = load_curriculum()
    assert isinstance(curriculum, Curriculum)
    assert curriculum.seed_version == 1
    assert curriculum.title == "Certified MLOps Manager"
    assert tuple(level.id for level in curriculum.levels) == ALL_LEVELS


def test_default_load_is_cached_but_explicit_paths_are_not(tmp_path: Path, document: Document) -> None:
    assert load_curriculum() is load_curriculum()
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    first = load_curriculum(path)
    assert first == load_curriculum()
    assert load_curriculum(path) is not first


def test_repository_data_link_is_the_packaged_seed(document: Document) -> None:
    link = Path(__file__).parents[2] / "data" / "seed.json"
    assert json.loads(link.read_text(encoding="utf-8")) == document


def test_counts() -> None:
    curriculum = load_curriculum()
    assert len(list(curriculum.items())) == 39
    for level_id in MAIN_LEVELS:
        level = curriculum.level(level_id)
        assert level.kind == "level"
        assert [len(level.items_of(kind)) for kind in Kind] == [4, 3, 3, 2]
        assert [phase.number for phase in level.phases] == [1, 2, 3]
        assert [cert.option for cert in level.next_certifications] == [
            "same-track",
            "cross-track",
            "leadership",
        ]
    assert [item.title for item in curriculum.level("security").items] == ["Model Security", "Privacy"]
    assert [item.title for item in curriculum.level("financial").items] == ["Cloud Cost for AI"]
    assert len(curriculum.overview) == 6
    assert all(len(section.paragraphs) == 2 for section in curriculum.overview)
    assert len(curriculum.tracks) == 5
    assert len(curriculum.paths) == 7
    assert len(curriculum.roles) == 8
    assert len(curriculum.next_steps) == 3
    assert len(curriculum.providers) == 9
    assert len(curriculum.faq) == 20
    assert sum(entry.section == "General" for entry in curriculum.faq) == 12
    assert len(curriculum.final_thoughts.paragraphs) == 2


def test_items_are_ordered_with_positions_and_phase_details() -> None:
    level = load_curriculum().level("professional")
    assert [item.kind for item in level.items] == [Kind.SKILL] * 4 + [Kind.PROJECT] * 3 + [Kind.PHASE] * 3 + [
        Kind.MISTAKE
    ] * 2
    assert [item.position for item in level.items] == list(range(12))
    phases = level.items_of(Kind.PHASE)
    assert [(item.phase, item.detail) for item in phases] == [
        (1, "7-14 days"),
        (2, "30 days"),
        (3, "60 days"),
    ]
    assert [phase.days for phase in level.phases] == [14, 30, 60]
    assert [phase.item_id for phase in level.phases] == [item.id for item in phases]
    assert [phase.activity for phase in level.phases] == [item.title for item in phases]
    assert all(
        item.phase is None and item.detail == "" for item in level.items if item.kind is not Kind.PHASE
    )


def test_ids_are_unique_and_well_formed() -> None:
    curriculum = load_curriculum()
    ids = [item.id for item in curriculum.items()]
    assert len(ids) == len(set(ids))
    for item in curriculum.items():
        match = ID_RE.fullmatch(item.id)
        assert match, item.id
        assert (match["level"], match["kind"]) == (item.level, item.kind.value)
        if item.kind is Kind.PHASE:
            assert match["slug"] == str(item.phase)
    assert curriculum.item("foundation.skill.ml-lifecycle").title.startswith("Understanding the ML lifecycle")
    assert curriculum.has_item("security.skill.model-security")
    assert {track.level_id for track in curriculum.tracks} == set(ALL_LEVELS)
    assert {role.level_id for role in curriculum.roles} <= set(MAIN_LEVELS)


def test_every_level_sentence_of_the_guide_is_in_the_seed(guide: list[str]) -> None:
    curriculum = load_curriculum()
    for level_id in MAIN_LEVELS:
        level = curriculum.level(level_id)
        start = guide.index(level.title)
        bullets: dict[str, list[str]] = {}
        heading = ""
        for line in guide[start + 1 :]:
            if line.startswith("Certified MLOps Manager – ") or line == "Choose Your Learning Path":
                break
            if line.startswith("- "):
                bullets.setdefault(heading, []).append(line[2:])
            else:
                heading = line
        assert level.what_it_is == guide[start + 2]
        assert level.who_should_take_it == guide[start + 4]
        assert [i.title for i in level.items_of(Kind.SKILL)] == bullets["Skills you’ll gain"]
        assert [i.title for i in level.items_of(Kind.PROJECT)] == bullets[
            "Real-world projects you should be able to do"
        ]
        assert [i.title for i in level.items_of(Kind.MISTAKE)] == bullets["Common mistakes"]
        assert [f"{p.span}: {p.activity}" for p in level.phases] == bullets["Preparation plan"]
        assert [
            f"{label}: {cert.title}"
            for cert in level.next_certifications
            for label, option in OPTION_LABELS.items()
            if option == cert.option
        ] == bullets["Best next certification after this"]


def test_every_paragraph_of_the_guide_is_in_the_seed(guide: list[str], document: Document) -> None:
    text = json.dumps(document, ensure_ascii=False)
    # an FAQ answer runs into the next question after " - "; the FAQ test checks those pairs
    prose = [line.split(" - ")[0] for line in guide if len(line) > 200 and not line.startswith("- ")]
    assert len(prose) > 30
    for line in prose:
        assert json.dumps(line, ensure_ascii=False) in text, line[:60]


def test_all_faq_questions_and_answers_are_present(guide: list[str]) -> None:
    text = "\n".join(guide)
    pairs = re.findall(r"(?:^- | - )([^\n]+?\?)\n([^\n]+?)(?= - |\n|$)", text, flags=re.MULTILINE)
    assert len(pairs) == 20
    faq = load_curriculum().faq
    assert [(entry.question, entry.answer) for entry in faq] == pairs
    assert all(" - " not in entry.answer for entry in faq)


def test_typographic_characters_are_kept(document: Document) -> None:
    text = json.dumps(document, ensure_ascii=False)
    for char in "’“”–":
        assert char in text


def test_wrong_type_names_the_json_path(document: Document) -> None:
    message = refused(document, lambda d: d["levels"][0]["skills"][2].__setitem__("title", 3))
    assert "seed.json: levels[0].skills[2].title: Input should be a valid string" in message


def test_strict_mode_refuses_coercion(document: Document) -> None:
    message = refused(document, lambda d: d["levels"][1]["phases"][0].__setitem__("days", "14"))
    assert "levels[1].phases[0].days: Input should be a valid integer" in message
    message = refused(document, lambda d: d.__setitem__("seed_version", True))
    assert "seed_version: Input should be a valid integer" in message


def test_missing_key_names_the_json_path(document: Document) -> None:
    message = refused(document, lambda d: d["faq"][3].pop("answer"))
    assert "faq[3].answer: Field required" in message


def test_extra_key_names_the_json_path(document: Document) -> None:
    message = refused(document, lambda d: d["paths"][1].__setitem__("colour", "red"))
    assert "paths[1].colour: Extra inputs are not permitted" in message


def test_duplicate_id_names_both_places(document: Document) -> None:
    def duplicate(d: Document) -> None:
        d["levels"][0]["projects"][1]["id"] = d["levels"][0]["projects"][0]["id"]

    message = refused(document, duplicate)
    assert (
        "levels[0].projects[1].id: duplicate id 'foundation.project.regression-workflow' "
        "(first at levels[0].projects[0].id)" in message
    )


def test_malformed_ids_are_refused(document: Document) -> None:
    message = refused(document, lambda d: d["levels"][2]["skills"][0].__setitem__("id", "foundation.skill.x"))
    assert "levels[2].skills[0].id: id 'foundation.skill.x' should be 'advanced.skill.'" in message
    message = refused(
        document, lambda d: d["levels"][2]["mistakes"][1].__setitem__("id", "advanced.mistake.Big")
    )
    assert "levels[2].mistakes[1].id" in message
    message = refused(document, lambda d: d["levels"][0]["phases"][2].__setitem__("id", "foundation.phase.9"))
    assert "levels[0].phases[2].id: id 'foundation.phase.9' should be 'foundation.phase.3'" in message


def test_wrong_counts_are_refused(document: Document) -> None:
    message = refused(document, lambda d: d["levels"][1]["skills"].pop())
    assert "levels[1].skills: a level has exactly 4 skills, found 3" in message
    message = refused(document, lambda d: d["levels"][0]["next_certifications"].pop())
    assert "levels[0].next_certifications: a level has exactly 3 next_certifications, found 2" in message
    message = refused(
        document, lambda d: d["levels"][3]["projects"].append({"id": "security.project.x", "title": "X"})
    )
    assert "levels[3].projects: a specialist track has no projects" in message


def test_phase_numbers_run_one_to_three(document: Document) -> None:
    message = refused(document, lambda d: d["levels"][0]["phases"][1].__setitem__("number", 5))
    assert "levels[0].phases[1].number: expected phase 2, found 5" in message


def test_levels_must_be_known_and_unique(document: Document) -> None:
    message = refused(document, lambda d: d["levels"][4].__setitem__("id", "expert"))
    assert "levels[4].id: unknown level 'expert'" in message
    message = refused(document, lambda d: d["levels"][4].__setitem__("id", "security"))
    assert "levels[4].id: duplicate level 'security' (first at levels[3].id)" in message


def test_references_must_name_a_level(document: Document) -> None:
    message = refused(document, lambda d: d["tracks"][2].__setitem__("level_id", "expert"))
    assert "tracks[2].level_id: level 'expert' is not one of the seed's levels" in message
    message = refused(document, lambda d: d["roles"][0].__setitem__("level_id", "expert"))
    assert "roles[0].level_id" in message


def test_seed_version_must_be_positive(document: Document) -> None:
    message = refused(document, lambda d: d.__setitem__("seed_version", 0))
    assert "seed_version: Input should be greater than 0" in message


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(SeedError) as caught:
        parse_curriculum('{\n  "seed_version": 1,\n  "title" "x"\n}', source="broken.json")
    message = str(caught.value)
    assert message.startswith("broken.json: line 3, column 11: invalid JSON")
    assert "Traceback" not in message


def test_duplicate_json_key_is_refused(document: Document) -> None:
    text = json.dumps(document, ensure_ascii=False).replace(
        '"title": "Privacy"', '"title": "Privacy", "title": "P"'
    )
    with pytest.raises(SeedError) as caught:
        parse_curriculum(text)
    assert "levels[3].skills[1].title: duplicate key 'title'" in str(caught.value)


def test_not_an_object_is_refused() -> None:
    with pytest.raises(SeedError, match=r"seed\.json: document: Input should be an object"):
        parse_curriculum("[]")


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(SeedError, match=r"nowhere\.json: cannot read the file"):
        load_curriculum(missing)

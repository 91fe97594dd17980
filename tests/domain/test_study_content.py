"""Study steps: every trackable item has good suggested steps; malformed step files are refused clearly."""

from __future__ import annotations

import copy
import difflib
import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from mlops_tracker.domain.model import MAIN_LEVELS, SPECIALIST_TRACKS, Curriculum, Item, Kind
from mlops_tracker.domain.study import StepKind, StudySteps
from mlops_tracker.formats import study_schema
from mlops_tracker.formats.seed import SeedError, load_curriculum
from mlops_tracker.formats.study import load_packaged_study_steps
from mlops_tracker.formats.study_schema import StudyError, load_study_steps

ROOT = Path(__file__).parents[2]
LABEL = "Suggested by MLOps Tracker, not part of the guide"
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# official home pages of well-known projects and bodies; anything else needs a deliberate review here
ALLOWED_LINKS = frozenset(
    {
        "https://airflow.apache.org",
        "https://argoproj.github.io",
        "https://atlas.mitre.org",
        "https://delta.io",
        "https://docs.docker.com",
        "https://docs.github.com",
        "https://docs.python.org",
        "https://dora.dev",
        "https://dvc.org",
        "https://eur-lex.europa.eu",
        "https://feast.dev",
        "https://focus.finops.org",
        "https://grafana.com",
        "https://greatexpectations.io",
        "https://istio.io",
        "https://kubernetes.io",
        "https://lakefs.io",
        "https://mlflow.org",
        "https://opacus.ai",
        "https://opendp.org",
        "https://owasp.org",
        "https://prometheus.io",
        "https://scikit-learn.org",
        "https://slsa.dev",
        "https://teamtopologies.com",
        "https://www.evidentlyai.com",
        "https://www.finops.org",
        "https://www.kubeflow.org",
        "https://www.nist.gov",
        "https://www.opencost.io",
        "https://www.openpolicyagent.org",
        "https://www.sigstore.dev",
        "https://www.terraform.io",
    }
)
# minutes an item's steps add up to, by kind: what one item of that weight deserves
ITEM_MINUTES: dict[Kind, tuple[int, int]] = {
    Kind.SKILL: (60, 180),
    Kind.PROJECT: (240, 600),
    Kind.PHASE: (45, 150),
    Kind.MISTAKE: (20, 45),
}
# a specialist track is one or two skills: each covers a whole area (e.g. model security), so a little more
SPECIALIST_SKILL_MINUTES = (60, 240)
# hours of suggested work per level: what the guide's 7–60 day plans can hold at 20–90 minutes a day
LEVEL_HOURS: dict[str, tuple[int, int]] = {
    "foundation": (10, 40),
    "professional": (20, 60),
    "advanced": (20, 60),
    "security": (2, 12),
    "financial": (2, 12),
}

Document = dict[str, Any]


@pytest.fixture(scope="module")
def curriculum() -> Curriculum:
    """Return the packaged curriculum."""
    return load_curriculum()


@pytest.fixture(scope="module")
def items(curriculum: Curriculum) -> list[Item]:
    """Return every trackable item of every level and track, in seed order."""
    return [item for level in curriculum.levels for item in level.items]


@pytest.fixture(scope="module")
def document() -> Document:
    """Return the packaged study steps as plain JSON data."""
    text = (resources.files("mlops_tracker") / "data" / "study.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def study() -> StudySteps:
    """Return the packaged study steps, validated."""
    return load_study_steps()


def _steps(document: Document, item_id: str) -> list[dict[str, Any]]:
    return document["items"][item_id]["steps"]


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


# ---- the packaged file ------------------------------------------------------------------------------------


def test_packaged_steps_load_and_are_labelled(study: StudySteps, curriculum: Curriculum) -> None:
    assert study.study_version == 1
    assert study.seed_version == curriculum.seed_version
    assert study.label == LABEL
    assert load_study_steps() is study  # cached: the packaged file never changes while the app runs


def test_every_trackable_item_has_two_to_six_steps(document: Document, items: list[Item]) -> None:
    assert len(items) == 39
    assert list(document["items"]) == [item.id for item in items], "one entry per item, in seed order"
    for item in items:
        assert 2 <= len(_steps(document, item.id)) <= 6, item.id


def test_minutes_are_realistic_integers(document: Document, items: list[Item]) -> None:
    for item in items:
        for step in _steps(document, item.id):
            assert type(step["minutes"]) is int, step["id"]
            assert 10 <= step["minutes"] <= 120, step["id"]


def test_item_minutes_fit_the_item_weight(study: StudySteps, items: list[Item]) -> None:
    for item in items:
        low, high = ITEM_MINUTES[item.kind]
        if item.kind is Kind.SKILL and item.level in SPECIALIST_TRACKS:
            low, high = SPECIALIST_SKILL_MINUTES
        assert low <= study.minutes_of(item.id) <= high, (item.id, study.minutes_of(item.id))


def test_level_totals_are_plausible(study: StudySteps, curriculum: Curriculum) -> None:
    totals = {level.id: sum(study.minutes_of(item.id) for item in level.items) for level in curriculum.levels}
    for level_id, (low, high) in LEVEL_HOURS.items():
        assert low * 60 <= totals[level_id] <= high * 60, (level_id, totals[level_id] / 60)
    assert totals["professional"] > totals["foundation"]
    assert totals["advanced"] > totals["foundation"]


def test_step_ids_are_unique_and_stable_slugs(document: Document, items: list[Item]) -> None:
    seen: set[str] = set()
    for item in items:
        for step in _steps(document, item.id):
            assert re.fullmatch(rf"{re.escape(item.id)}:{SLUG}", step["id"]), step["id"]
            assert len(step["id"].partition(":")[2]) <= 40, step["id"]
            assert not re.fullmatch(r".*:s?\d+", step["id"]), f"{step['id']}: a slug, not a position"
            assert step["id"] not in seen, f"duplicate step id {step['id']}"
            seen.add(step["id"])


def test_published_step_ids_are_never_removed(study: StudySteps) -> None:
    published = [
        line
        for line in (Path(__file__).parent / "study_step_ids.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(published) == len(set(published))
    missing = [step_id for step_id in published if not study.has_step(step_id)]
    assert not missing, f"published step ids removed or renamed (ticks are stored under them): {missing}"


def test_every_project_ends_with_its_evidence_step(document: Document, items: list[Item]) -> None:
    projects = [item for item in items if item.kind is Kind.PROJECT]
    assert len(projects) == 9
    for item in projects:
        steps = _steps(document, item.id)
        last = steps[-1]
        assert last["kind"] == "evidence", item.id
        assert "evidence" in last["title"] and "link" in last["title"], last["id"]
        assert all(step["kind"] != "evidence" for step in steps[:-1]), item.id
        assert steps[0]["kind"] == "do" and re.match(r"(Scope|Choose|Map)\b", steps[0]["title"]), (
            f"{item.id}: a project starts by scoping the work"
        )


def test_only_projects_have_evidence_steps(document: Document, items: list[Item]) -> None:
    for item in items:
        if item.kind is not Kind.PROJECT:
            assert all(step["kind"] != "evidence" for step in _steps(document, item.id)), item.id


def test_every_mistake_becomes_review_steps(document: Document, items: list[Item]) -> None:
    mistakes = [item for item in items if item.kind is Kind.MISTAKE]
    assert len(mistakes) == 6
    for item in mistakes:
        steps = _steps(document, item.id)
        assert all(step["kind"] == "review" for step in steps), item.id
        assert any("ask yourself" in step["title"].casefold() for step in steps), item.id
        assert any(step["title"].startswith("Check your") for step in steps), item.id


def test_kinds_are_known(study: StudySteps) -> None:
    assert {step.kind for step in study.steps} == set(StepKind)


def test_links_are_https_home_pages_from_the_allowlist(document: Document, items: list[Item]) -> None:
    used: set[str] = set()
    for item in items:
        for step in _steps(document, item.id):
            for link in step.get("links", []):
                parts = urlsplit(link)
                assert parts.scheme == "https" and parts.path in ("", "/"), link
                assert not parts.query and not parts.fragment, link
                assert link in ALLOWED_LINKS, f"{step['id']}: {link} is not an allowed home page"
                used.add(link)
            assert len(step.get("links", [])) == len(set(step.get("links", []))), step["id"]
    assert used, "the steps name documentation and link its home page"


def test_titles_are_distinct_instructions_not_the_guide(document: Document, items: list[Item]) -> None:
    for item in items:
        guide = _words(item.title)
        titles = [step["title"] for step in _steps(document, item.id)]
        assert len({_words(title) for title in titles}) == len(titles), f"{item.id}: repeated titles"
        for title in titles:
            assert title[0].isupper() and not title.endswith("."), title
            assert len(title.split()) >= 8, f"too vague to follow: {title!r}"
            if len(guide.split()) >= 4:  # specialist skills are two-word titles such as "Privacy"
                assert guide not in _words(title), f"{item.id}: a step copies the guide: {title!r}"
                ratio = difflib.SequenceMatcher(None, guide, _words(title)).ratio()
                assert ratio < 0.7, f"{item.id}: a step restates the guide: {title!r}"


def test_outcomes_are_present_and_concrete(document: Document, items: list[Item]) -> None:
    for item in items:
        for step in _steps(document, item.id):
            outcome = step["outcome"]
            assert len(outcome.split()) >= 4 and outcome.endswith("."), step["id"]
            assert outcome[0].isupper(), step["id"]
            assert _words(outcome) != _words(step["title"]), step["id"]


def test_steps_name_the_documentation_to_read(document: Document) -> None:
    text = " ".join(step["title"] for entry in document["items"].values() for step in entry["steps"])
    for name in (
        "MLflow Model Registry",
        "Kubeflow",
        "DVC",
        "Feast",
        "Evidently",
        "Great Expectations",
        "Prometheus",
        "Kubernetes",
        "Terraform",
        "KServe",
        "OWASP Machine Learning Security Top 10",
        "NIST AI Risk Management Framework",
        "FinOps Foundation",
        "Well-Architected Machine Learning Lens",
    ):
        assert name in text, f"no step names {name}"


def test_main_levels_have_read_do_and_review_steps(study: StudySteps, curriculum: Curriculum) -> None:
    for level_id in MAIN_LEVELS:
        kinds = {step.kind for item in curriculum.level(level_id).items for step in study.steps_of(item.id)}
        assert kinds == set(StepKind), level_id


# ---- the domain view --------------------------------------------------------------------------------------


def test_domain_steps_keep_order_and_sum_minutes(study: StudySteps, document: Document) -> None:
    item_id = "professional.project.retraining-pipeline"
    steps = study.steps_of(item_id)
    assert [step.id for step in steps] == [step["id"] for step in _steps(document, item_id)]
    assert [step.position for step in steps] == list(range(len(steps)))
    assert study.minutes_of(item_id) == sum(step["minutes"] for step in _steps(document, item_id))
    assert study.step(steps[-1].id).kind is StepKind.EVIDENCE
    assert study.has_step(steps[0].id) and not study.has_step(f"{item_id}:nope")
    assert study.steps_of("nowhere.skill.x") == ()
    with pytest.raises(KeyError):
        study.step("nowhere.skill.x:read")
    assert len(study.item_ids) == 39


# ---- start-up: validated once, then trusted by digest ------------------------------------------------------


def test_trusted_digest_skips_type_validation_but_not_the_curriculum_checks(
    study: StudySteps, curriculum: Curriculum, monkeypatch: pytest.MonkeyPatch
) -> None:
    validated, digest = load_packaged_study_steps(curriculum)
    assert validated == study

    def refuse(*_: object) -> None:
        raise AssertionError("type validation ran for a trusted file")

    monkeypatch.setattr(study_schema, "parse_document", refuse)
    trusted, again = load_packaged_study_steps(curriculum, trusted_digest=digest)
    assert (trusted, again) == (study, digest)
    with pytest.raises(AssertionError, match="type validation ran"):
        load_packaged_study_steps(curriculum, trusted_digest="another digest")


def test_the_loader_module_does_not_import_pydantic() -> None:
    code = "import sys, mlops_tracker.formats.study; print('pydantic' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# ---- packaging --------------------------------------------------------------------------------------------


def test_repository_data_link_is_the_packaged_file(document: Document) -> None:
    link = ROOT / "data" / "study.json"
    assert link.is_symlink()
    assert json.loads(link.read_text(encoding="utf-8")) == document


def test_package_data_carries_the_study_file() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["mlops_tracker"]
    package = ROOT / "mlops_tracker"
    assert any(package / "data" / "study.json" in set(package.glob(pattern)) for pattern in patterns)


# ---- malformed files are refused with one line naming the file and the JSON path --------------------------


def refused(tmp_path: Path, document: Document, mutate: Callable[[Document], object]) -> str:
    """Return the one-line StudyError message for a copy of the document changed by `mutate`."""
    broken = copy.deepcopy(document)
    mutate(broken)
    path = tmp_path / "study.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(StudyError) as caught:
        load_study_steps(path)
    message = str(caught.value)
    assert isinstance(caught.value, SeedError)  # callers that handle seed errors handle these too
    assert "\n" not in message and "Traceback" not in message, message
    assert message.startswith(f"{path}: "), message
    return message


def test_missing_steps_for_an_item_are_refused(tmp_path: Path, document: Document) -> None:
    message = refused(tmp_path, document, lambda d: d["items"].pop("advanced.skill.cultural-shift"))
    assert message.endswith("items: no steps for 'advanced.skill.cultural-shift': an item needs 2–6 steps")


def test_steps_for_an_unknown_item_are_refused(tmp_path: Path, document: Document) -> None:
    def add(d: Document) -> None:
        d["items"]["expert.skill.x"] = copy.deepcopy(d["items"]["foundation.skill.team-roles"])
        for step in d["items"]["expert.skill.x"]["steps"]:
            step["id"] = step["id"].replace("foundation.skill.team-roles", "expert.skill.x")

    message = refused(tmp_path, document, add)
    assert message.endswith("""items["expert.skill.x"]: no trackable item 'expert.skill.x' in the seed""")


def test_a_duplicate_step_id_is_refused(tmp_path: Path, document: Document) -> None:
    item = "foundation.skill.ml-lifecycle"

    def duplicate(d: Document) -> None:
        d["items"][item]["steps"][2]["id"] = d["items"][item]["steps"][0]["id"]

    message = refused(tmp_path, document, duplicate)
    first = document["items"][item]["steps"][0]["id"]
    assert f"items[\"{item}\"].steps[2].id: duplicate step id '{first}'" in message
    assert f'(first at items["{item}"].steps[0].id)' in message


def test_a_step_id_of_another_item_is_refused(tmp_path: Path, document: Document) -> None:
    item = "professional.phase.2"
    message = refused(
        tmp_path, document, lambda d: d["items"][item]["steps"][1].__setitem__("id", "professional.phase.3:x")
    )
    assert f"items[\"{item}\"].steps[1].id: step id 'professional.phase.3:x' should be '{item}:'" in message


def test_zero_minutes_are_refused(tmp_path: Path, document: Document) -> None:
    item = "security.skill.privacy"
    message = refused(tmp_path, document, lambda d: d["items"][item]["steps"][0].__setitem__("minutes", 0))
    assert message.endswith(f'items["{item}"].steps[0].minutes: Input should be greater than or equal to 10')


def test_minutes_as_text_are_refused(tmp_path: Path, document: Document) -> None:
    item = "security.skill.privacy"
    message = refused(tmp_path, document, lambda d: d["items"][item]["steps"][0].__setitem__("minutes", "30"))
    assert f'items["{item}"].steps[0].minutes: Input should be a valid integer' in message


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ("https://mlflow.org/docs/latest/model-registry.html", "must be a home page"),
        ("https://mlflow.org/?utm=x", "must be a home page"),
        ("https://mlflow.org/#", "must be a home page"),
        ("http://mlflow.org", "must use https"),
        ("https://user@mlflow.org", "must name a lower-case host name only"),
        ("https://mlflow.org:8443", "must name a lower-case host name only"),
    ],
)
def test_links_other_than_https_home_pages_are_refused(
    tmp_path: Path, document: Document, link: str, problem: str
) -> None:
    item = "foundation.phase.1"
    message = refused(tmp_path, document, lambda d: d["items"][item]["steps"][0].__setitem__("links", [link]))
    assert f"items[\"{item}\"].steps[0].links[0]: link '{link}' {problem}" in message


def test_a_project_without_its_evidence_step_last_is_refused(tmp_path: Path, document: Document) -> None:
    item = "advanced.project.feature-store"
    message = refused(tmp_path, document, lambda d: d["items"][item]["steps"].pop())
    assert message.endswith(
        f'items["{item}"].steps[4].kind: a project ends with its evidence step: '
        "expected 'evidence', found 'do'"
    )


def test_a_mistake_step_that_is_not_a_review_is_refused(tmp_path: Path, document: Document) -> None:
    item = "advanced.mistake.storage-costs"
    message = refused(tmp_path, document, lambda d: d["items"][item]["steps"][1].__setitem__("kind", "read"))
    assert f'items["{item}"].steps[1].kind: a common mistake\'s steps are reviews' in message


def test_too_few_steps_are_refused(tmp_path: Path, document: Document) -> None:
    item = "foundation.skill.team-roles"
    message = refused(
        tmp_path, document, lambda d: d["items"][item].__setitem__("steps", d["items"][item]["steps"][:1])
    )
    assert f'items["{item}"].steps: Tuple should have at least 2 items' in message


def test_repeated_titles_in_an_item_are_refused(tmp_path: Path, document: Document) -> None:
    item = "foundation.skill.team-roles"

    def repeat(d: Document) -> None:
        d["items"][item]["steps"][1]["title"] = d["items"][item]["steps"][0]["title"].upper()

    message = refused(tmp_path, document, repeat)
    assert f'items["{item}"].steps[1].title: same title as steps[0]' in message


def test_titles_on_two_lines_are_refused(tmp_path: Path, document: Document) -> None:
    item = "foundation.skill.team-roles"

    def break_line(d: Document) -> None:
        d["items"][item]["steps"][0]["title"] = d["items"][item]["steps"][0]["title"].replace(" — ", "\n", 1)

    message = refused(tmp_path, document, break_line)
    assert f'items["{item}"].steps[0].title: String should match pattern' in message


def test_unknown_keys_are_refused(tmp_path: Path, document: Document) -> None:
    item = "financial.skill.cloud-cost-for-ai"
    message = refused(tmp_path, document, lambda d: d["items"][item]["steps"][0].__setitem__("url", "x"))
    assert f'items["{item}"].steps[0].url: Extra inputs are not permitted' in message


def test_a_seed_version_mismatch_is_refused(tmp_path: Path, document: Document) -> None:
    message = refused(tmp_path, document, lambda d: d.__setitem__("seed_version", 2))
    assert ": seed_version: the steps were written for seed version 2, the seed is version 1" in message


def test_a_duplicate_json_key_is_refused(tmp_path: Path, document: Document) -> None:
    item = "financial.skill.cloud-cost-for-ai"
    step = json.dumps(_steps(document, item)[0], ensure_ascii=False)
    minutes = _steps(document, item)[0]["minutes"]
    doubled = step.replace(f'"minutes": {minutes}', f'"minutes": {minutes}, "minutes": {minutes}')
    path = tmp_path / "study.json"
    path.write_text(json.dumps(document, ensure_ascii=False).replace(step, doubled), encoding="utf-8")
    with pytest.raises(StudyError) as caught:
        load_study_steps(path)
    assert str(caught.value) == f"""{path}: items["{item}"].steps[0].minutes: duplicate key 'minutes'"""


def test_invalid_json_and_unreadable_files_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "study_version": 1,\n  "label" "x"\n}', encoding="utf-8")
    with pytest.raises(StudyError, match=r"broken\.json: line 3, column 11: invalid JSON"):
        load_study_steps(broken)
    with pytest.raises(StudyError, match=r"nowhere\.json: cannot read the file"):
        load_study_steps(tmp_path / "nowhere.json")

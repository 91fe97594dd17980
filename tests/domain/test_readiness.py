"""Readiness: weights, credits, explanations and histories rebuilt from the event log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlops_tracker.domain.model import Item, Kind, ProgressEvent, Status
from mlops_tracker.domain.readiness import (
    IN_PROGRESS_SHARE,
    WEIGHTS,
    Gain,
    coverage,
    explain,
    readiness,
    readiness_histories,
    readiness_on,
    scope,
)
from tests.domain.factory import foundation, make_level, specialist

LEVEL = foundation()
ITEMS = LEVEL.items
TOTAL_WEIGHT = 4 * 2 + 3 * 3 + 3 * 1 + 2 * 1  # 22


def item(kind: Kind) -> Item:
    return LEVEL.items_of(kind)[0]


# ---- coverage and scope


@pytest.mark.parametrize(
    ("kind", "status", "evidenced", "credit"),
    [
        (Kind.SKILL, Status.DONE, False, 1.0),
        (Kind.SKILL, Status.IN_PROGRESS, False, 0.25),
        (Kind.SKILL, Status.TODO, True, 0.0),
        (Kind.SKILL, Status.SKIPPED, False, 0.0),
        (Kind.PROJECT, Status.DONE, True, 1.0),
        (Kind.PROJECT, Status.DONE, False, IN_PROGRESS_SHARE),
        (Kind.PROJECT, Status.IN_PROGRESS, True, 0.25),
        (Kind.MISTAKE, Status.DONE, False, 1.0),
        (Kind.PHASE, Status.DONE, False, 1.0),
    ],
)
def test_coverage_without_steps(kind: Kind, status: Status, evidenced: bool, credit: float) -> None:
    assert coverage(item(kind), status, evidenced) == credit


def test_weights_follow_the_design() -> None:
    assert WEIGHTS == {Kind.PROJECT: 3, Kind.SKILL: 2, Kind.PHASE: 1, Kind.MISTAKE: 1}


def test_scope_drops_retired_items_and_uncovered_phases() -> None:
    level = make_level(retired=frozenset({"foundation.skill.2"}))
    ids = {i.id for i in scope(level.items, phases_covered=2)}
    assert "foundation.skill.2" not in ids
    assert {"foundation.phase.1", "foundation.phase.2"} <= ids
    assert "foundation.phase.3" not in ids
    assert len(ids) == 4 - 1 + 3 + 2 + 2
    assert len(scope(level.items)) == len(level.items) - 1


# ---- readiness examples


def test_readiness_examples() -> None:
    assert readiness(ITEMS, {}, set()) == 0.0
    assert readiness([], {}, set()) == 0.0
    assert readiness(ITEMS, dict.fromkeys((i.id for i in ITEMS), Status.SKIPPED), set()) == 0.0
    everything = dict.fromkeys((i.id for i in ITEMS), Status.DONE)
    assert readiness(ITEMS, everything, {i.id for i in ITEMS}) == 100.0
    project = item(Kind.PROJECT).id
    assert readiness(ITEMS, {project: Status.DONE}, {project}) == pytest.approx(100 * 3 / TOTAL_WEIGHT)
    # a project ticked without evidence is worth what an in-progress project is
    assert readiness(ITEMS, {project: Status.DONE}, set()) == pytest.approx(100 * 0.75 / TOTAL_WEIGHT)


def test_skipped_items_leave_the_denominator() -> None:
    skill, other = LEVEL.items_of(Kind.SKILL)[:2]
    statuses = {skill.id: Status.DONE, other.id: Status.SKIPPED}
    assert readiness(ITEMS, statuses, set()) == pytest.approx(100 * 2 / (TOTAL_WEIGHT - 2))


def test_retired_items_never_count() -> None:
    level = make_level(retired=frozenset({"foundation.project.1"}))
    done = {i.id: Status.DONE for i in level.items if not i.retired}
    assert readiness(level.items, done, {i.id for i in level.items}) == 100.0


statuses_strategy = st.lists(st.sampled_from(list(Status)), min_size=len(ITEMS), max_size=len(ITEMS))
evidence_strategy = st.lists(st.booleans(), min_size=len(ITEMS), max_size=len(ITEMS))


def state(statuses: list[Status], evidence: list[bool]) -> tuple[dict[str, Status], set[str]]:
    return (
        {i.id: s for i, s in zip(ITEMS, statuses, strict=True)},
        {i.id for i, e in zip(ITEMS, evidence, strict=True) if e},
    )


@settings(max_examples=200, deadline=None)
@given(statuses_strategy, evidence_strategy)
def test_readiness_is_a_percentage(statuses: list[Status], evidence: list[bool]) -> None:
    assert 0.0 <= readiness(ITEMS, *state(statuses, evidence)) <= 100.0


@settings(max_examples=200, deadline=None)
@given(statuses_strategy, evidence_strategy, st.integers(0, len(ITEMS) - 1))
def test_one_more_done_item_never_lowers_readiness(
    statuses: list[Status], evidence: list[bool], index: int
) -> None:
    before, evidenced = state(statuses, evidence)
    chosen = ITEMS[index].id
    assume(before[chosen] != Status.SKIPPED)  # finishing a skipped item puts it back in the denominator
    after = {**before, chosen: Status.DONE}
    assert readiness(ITEMS, after, evidenced | {chosen}) >= readiness(ITEMS, before, evidenced) - 1e-9


@settings(max_examples=200, deadline=None)
@given(statuses_strategy, evidence_strategy, st.data())
def test_skipping_a_todo_item_never_lowers_readiness(
    statuses: list[Status], evidence: list[bool], data: st.DataObject
) -> None:
    before, evidenced = state(statuses, evidence)
    # an item already in progress may lower it when skipped: its quarter credit leaves with it
    todo = [item.id for item in ITEMS if before[item.id] == Status.TODO]
    assume(todo)
    chosen = data.draw(st.sampled_from(todo))
    after = {**before, chosen: Status.SKIPPED}
    assert readiness(ITEMS, after, evidenced) >= readiness(ITEMS, before, evidenced) - 1e-9


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(ITEMS) - 1))
def test_in_progress_earns_a_quarter(index: int) -> None:
    chosen = ITEMS[index]
    in_progress = readiness(ITEMS, {chosen.id: Status.IN_PROGRESS}, set())
    done = readiness(ITEMS, {chosen.id: Status.DONE}, {chosen.id})
    assert in_progress == pytest.approx(done / 4)
    assert done == pytest.approx(100 * WEIGHTS[chosen.kind] / TOTAL_WEIGHT)


# ---- explain


def test_explain_ranks_projects_first_with_people_actions() -> None:
    gains = explain(ITEMS, {}, set())
    assert len(gains) == len(ITEMS)
    assert gains[0] == Gain(item(Kind.PROJECT), round(300 / 22, 1), "Finish project: Project 1")
    assert [g.item.kind for g in gains[:3]] == [Kind.PROJECT] * 3
    actions = {g.item.kind: g.action for g in gains}
    assert actions[Kind.SKILL] == "Learn skill: Skill 4"
    assert actions[Kind.PHASE] == "Do phase activity: Phase 3"
    assert actions[Kind.MISTAKE] == "Review mistake: Mistake 2"
    # ties keep seed order
    skills = [g for g in gains if g.item.kind is Kind.SKILL]
    assert [g.item.position for g in skills] == sorted(g.item.position for g in skills)


def test_explain_asks_for_evidence_and_leaves_out_finished_and_skipped() -> None:
    project, other = LEVEL.items_of(Kind.PROJECT)[:2]
    skill = item(Kind.SKILL)
    statuses = {project.id: Status.DONE, other.id: Status.SKIPPED, skill.id: Status.DONE}
    gains = {g.item.id: g for g in explain(ITEMS, statuses, set())}
    assert gains[project.id].action == "Add evidence to project: Project 1"
    assert gains[project.id].points == round(100 * 3 * 0.75 / 19, 1)
    assert other.id not in gains
    assert skill.id not in gains


def test_explain_of_a_specialist_track() -> None:
    track = specialist(skills=2)
    gains = explain(track.items, {}, set())
    assert [(g.points, g.action) for g in gains] == [
        (50.0, "Learn skill: Skill 1"),
        (50.0, "Learn skill: Skill 2"),
    ]


@settings(max_examples=200, deadline=None)
@given(statuses_strategy, evidence_strategy)
def test_explained_points_are_the_real_gain(statuses: list[Status], evidence: list[bool]) -> None:
    before, evidenced = state(statuses, evidence)
    now = readiness(ITEMS, before, evidenced)
    gains = explain(ITEMS, before, evidenced)
    for gain in gains:
        after = readiness(ITEMS, {**before, gain.item.id: Status.DONE}, evidenced | {gain.item.id})
        assert abs(gain.points - (after - now)) <= 0.05 + 1e-9
        assert gain.points > 0
    assert [(-g.points, g.item.position) for g in gains] == sorted(
        (-g.points, g.item.position) for g in gains
    )
    finished = {g.item.id for g in gains}
    for i in ITEMS:
        complete = before[i.id] == Status.DONE and (i.kind is not Kind.PROJECT or i.id in evidenced)
        assert (i.id in finished) == (before[i.id] != Status.SKIPPED and not complete)


# ---- histories

BERLIN = ZoneInfo("Europe/Berlin")
LEVELS = {"foundation": foundation().items, "security": specialist().items}
ALL_IDS = [i.id for items in LEVELS.values() for i in items] + ["unknown.item"]


@st.composite
def event_logs(draw: st.DrawFn) -> list[ProgressEvent]:
    start = datetime(2026, 3, 20, tzinfo=UTC)  # spans the spring DST change in Berlin
    offsets = sorted(draw(st.lists(st.integers(0, 20 * 24 * 60), max_size=60)))
    return [
        ProgressEvent(
            id=str(n),
            item_id=draw(st.sampled_from(ALL_IDS)),
            from_status=Status.TODO,
            to_status=draw(st.sampled_from(list(Status))),
            at=start + timedelta(minutes=offset),
            source="ui",
            evidenced=draw(st.booleans()),
        )
        for n, offset in enumerate(offsets)
    ]


@settings(max_examples=200, deadline=None)
@given(event_logs(), st.sampled_from([UTC, BERLIN, ZoneInfo("America/Los_Angeles")]))
def test_histories_equal_a_naive_recomputation(events: list[ProgressEvent], tz) -> None:
    first, last = date(2026, 3, 22), date(2026, 4, 8)
    histories = readiness_histories(LEVELS, events, first, last, tz)
    assert set(histories) == set(LEVELS)
    for level_id, items in LEVELS.items():
        series = histories[level_id]
        assert [p.day for p in series] == [first + timedelta(days=n) for n in range((last - first).days + 1)]
        for point in series:
            assert point.readiness == readiness_on(items, events, point.day, tz)


def test_an_event_counts_on_its_local_day() -> None:
    skill = item(Kind.SKILL)
    # 23:30 UTC on 1 June is 01:30 on 2 June in Berlin (summer time)
    event = ProgressEvent(
        "1", skill.id, Status.TODO, Status.DONE, datetime(2026, 6, 1, 23, 30, tzinfo=UTC), "ui"
    )
    series = readiness_histories({"foundation": ITEMS}, [event], date(2026, 6, 1), date(2026, 6, 2), BERLIN)
    assert [p.readiness for p in series["foundation"]] == [0.0, pytest.approx(100 * 2 / 22)]
    utc = readiness_histories({"foundation": ITEMS}, [event], date(2026, 6, 1), date(2026, 6, 2), UTC)
    assert utc["foundation"][0].readiness == pytest.approx(100 * 2 / 22)

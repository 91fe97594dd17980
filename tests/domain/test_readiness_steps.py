"""Steps give partial credit: the ticked share of an item's visible minutes, one rule for every figure."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain import retained as rt
from mlops_tracker.domain.model import Item, Kind, ProgressEvent, Status
from mlops_tracker.domain.study import StepEvent
from tests.domain.factory import foundation

LEVEL = foundation()
ITEMS = list(LEVEL.items)
START = datetime(2026, 3, 20, 6, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def steps_of(minutes: dict[str, list[int]]) -> dict[str, dict[str, int]]:
    return {
        item_id: {f"{item_id}:s{n}": m for n, m in enumerate(values)} for item_id, values in minutes.items()
    }


def ticks(step_ids: list[str], start: datetime = START) -> list[StepEvent]:
    return [
        StepEvent(f"t{n:04}", sid, sid.split(":")[0], True, start + timedelta(minutes=n), "cli")
        for n, sid in enumerate(step_ids)
    ]


@st.composite
def learner(draw: st.DrawFn) -> tuple[dict[str, Status], set[str], rd.Steps]:
    """Draw statuses, evidence, each item's step minutes and a set of ticked steps."""
    statuses = {item.id: draw(st.sampled_from(list(Status))) for item in ITEMS}
    evidenced = {item.id for item in ITEMS if draw(st.booleans())}
    minutes = steps_of(
        {item.id: draw(st.lists(st.integers(1, 240), min_size=1, max_size=6)) for item in ITEMS}
    )
    every = sorted(sid for steps in minutes.values() for sid in steps)
    ticked = draw(st.lists(st.sampled_from(every), unique=True))
    return statuses, evidenced, rd.Steps(minutes, ticks(ticked))


def old_readiness(items: list[Item], statuses: dict[str, Status], evidenced: set[str]) -> float:
    """Readiness before steps counted: done 4 quarters (a project only with evidence), in progress 1."""
    earned = total = 0
    for item in items:
        status = statuses.get(item.id, Status.TODO)
        if status is Status.SKIPPED:
            continue
        complete = status is Status.DONE and (item.kind is not Kind.PROJECT or item.id in evidenced)
        quarters = 4 if complete else 1 if status in (Status.DONE, Status.IN_PROGRESS) else 0
        earned += rd.WEIGHTS[item.kind] * quarters
        total += rd.WEIGHTS[item.kind]
    return 100 * earned / (4 * total) if total else 0.0


@settings(max_examples=200, deadline=None)
@given(learner())
def test_readiness_with_steps_is_a_percentage(drawn) -> None:
    statuses, evidenced, steps = drawn
    assert 0.0 <= rd.readiness(ITEMS, statuses, evidenced, steps) <= 100.0


@settings(max_examples=200, deadline=None)
@given(learner(), st.data())
def test_one_more_step_tick_never_lowers_readiness(drawn, data) -> None:
    statuses, evidenced, steps = drawn
    ticked = {tick.step_id for tick in steps.ticks}
    open_steps = sorted(sid for item in steps.minutes.values() for sid in item if sid not in ticked)
    assume(open_steps)
    chosen = data.draw(st.sampled_from(open_steps))
    more = rd.Steps(steps.minutes, [*steps.ticks, *ticks([chosen], START + timedelta(days=1))])
    before = rd.readiness(ITEMS, statuses, evidenced, steps)
    assert rd.readiness(ITEMS, statuses, evidenced, more) >= before


@settings(max_examples=200, deadline=None)
@given(learner())
def test_without_partial_steps_readiness_is_the_old_figure(drawn) -> None:
    statuses, evidenced, steps = drawn
    # no partial steps: an item's steps are all ticked when it is complete, none otherwise
    complete = {
        item.id
        for item in ITEMS
        if statuses[item.id] is Status.DONE and (item.kind is not Kind.PROJECT or item.id in evidenced)
    }
    whole = rd.Steps(steps.minutes, ticks(sorted(sid for i in complete for sid in steps.minutes[i])))
    expected = old_readiness(ITEMS, statuses, evidenced)
    assert rd.readiness(ITEMS, statuses, evidenced, whole) == expected
    assert rd.readiness(ITEMS, statuses, evidenced, rd.Steps(steps.minutes)) == expected
    assert rd.readiness(ITEMS, statuses, evidenced) == expected


@settings(max_examples=200, deadline=None)
@given(learner(), st.data())
def test_unticking_a_step_restores_the_figure(drawn, data) -> None:
    statuses, evidenced, steps = drawn
    ticked = {tick.step_id for tick in steps.ticks}
    open_steps = sorted(sid for item in steps.minutes.values() for sid in item if sid not in ticked)
    assume(open_steps)
    chosen = data.draw(st.sampled_from(open_steps))
    later = START + timedelta(days=1)
    untick = StepEvent("u", chosen, chosen.split(":")[0], False, later + timedelta(minutes=1), "cli")
    there_and_back = rd.Steps(steps.minutes, [*steps.ticks, *ticks([chosen], later), untick])
    assert rd.readiness(ITEMS, statuses, evidenced, there_and_back) == rd.readiness(
        ITEMS, statuses, evidenced, steps
    )


@settings(max_examples=200, deadline=None)
@given(learner(), st.lists(st.floats(0, 1), min_size=len(ITEMS), max_size=len(ITEMS)))
def test_retained_with_steps_never_exceeds_readiness(drawn, recalls) -> None:
    statuses, evidenced, steps = drawn
    recall = {item.id: value for item, value in zip(ITEMS, recalls, strict=True)}
    retained = rt.retained(ITEMS, statuses, evidenced, recall, steps)
    assert 0.0 <= retained <= rd.readiness(ITEMS, statuses, evidenced, steps) + 1e-9


def test_the_ticked_share_of_minutes_counts_and_hidden_steps_do_not() -> None:
    skill = LEVEL.items_of(Kind.SKILL)[0]
    minutes = steps_of({skill.id: [30, 30, 60]})
    steps = rd.Steps(minutes, ticks([f"{skill.id}:s0", f"{skill.id}:s2"]))
    assert rd.readiness(ITEMS, {skill.id: Status.IN_PROGRESS}, set(), steps) == pytest.approx(
        100 * 2 * (90 / 120) / 22
    )
    # a hidden step leaves the item's minutes: its tick no longer counts, the rest are a bigger share
    visible = {skill.id: {sid: m for sid, m in minutes[skill.id].items() if not sid.endswith(":s2")}}
    hidden = rd.Steps(visible, steps.ticks)
    assert rd.coverage(skill, Status.IN_PROGRESS, False, *_credit(hidden, skill)) == 0.5
    # in progress earns at least the quarter it always did, whatever the steps
    few = rd.Steps(steps_of({skill.id: [1, 99]}), ticks([f"{skill.id}:s0"]))
    assert rd.coverage(skill, Status.IN_PROGRESS, False, *_credit(few, skill)) == 0.25


def _credit(steps: rd.Steps, item: Item) -> tuple[int, int]:
    return steps.ticked_now.get(item.id, 0), steps.totals.get(item.id, 0)


def test_a_project_counts_fully_only_with_evidence() -> None:
    project = LEVEL.items_of(Kind.PROJECT)[0]
    steps = rd.Steps(steps_of({project.id: [60, 60, 60, 20]}), ())
    every = [f"{project.id}:s{n}" for n in range(4)]
    done = rd.Steps(steps.minutes, ticks(every))
    for status in (Status.IN_PROGRESS, Status.DONE):
        assert (
            rd.coverage(project, status, False, *_credit(done, project)) == rd.PROJECT_SHARE_WITHOUT_EVIDENCE
        )
    assert rd.coverage(project, Status.DONE, True, *_credit(done, project)) == 1.0
    one = rd.Steps(steps.minutes, ticks(every[:1]))
    assert rd.coverage(project, Status.IN_PROGRESS, False, *_credit(one, project)) == pytest.approx(60 / 200)
    two = rd.Steps(steps.minutes, ticks(every[:2]))
    assert rd.coverage(project, Status.IN_PROGRESS, False, *_credit(two, project)) == pytest.approx(120 / 200)


def test_skipped_items_leave_the_count_whatever_their_steps() -> None:
    skill = LEVEL.items_of(Kind.SKILL)[0]
    steps = rd.Steps(steps_of({skill.id: [30, 30]}), ticks([f"{skill.id}:s0"]))
    assert rd.readiness(ITEMS, {skill.id: Status.SKIPPED}, set(), steps) == 0.0
    assert rd.readiness([skill], {skill.id: Status.SKIPPED}, set(), steps) == 0.0  # nothing counts: 0


def test_explain_ranks_missing_items_by_their_remaining_credit() -> None:
    skills = LEVEL.items_of(Kind.SKILL)
    minutes = steps_of({skills[0].id: [30, 30, 30, 30], skills[1].id: [30, 30]})
    steps = rd.Steps(minutes, ticks([f"{skills[0].id}:s{n}" for n in range(3)]))
    statuses = {skills[0].id: Status.IN_PROGRESS}
    gains = {gain.item.id: gain.points for gain in rd.explain(ITEMS, statuses, set(), steps)}
    assert gains[skills[0].id] == round(100 * 2 * 0.25 / 22, 1)  # three of four steps: a quarter left
    assert gains[skills[1].id] == round(100 * 2 / 22, 1)
    # finishing each would add exactly what is announced
    now = rd.readiness(ITEMS, statuses, set(), steps)
    finished = rd.readiness(ITEMS, {skills[0].id: Status.DONE}, set(), steps)
    assert round(finished - now, 1) == gains[skills[0].id]


# ---- histories: a past day uses the step ticks as they stood that day

ALL_STEPS = steps_of({item.id: [20, 40, 60] for item in ITEMS})
STEP_IDS = sorted(sid for steps in ALL_STEPS.values() for sid in steps)


@st.composite
def logs(draw: st.DrawFn) -> tuple[list[ProgressEvent], list[StepEvent]]:
    offsets = sorted(draw(st.lists(st.integers(0, 20 * 24 * 60), max_size=40)))
    events = [
        ProgressEvent(
            f"e{n:03}",
            draw(st.sampled_from(ITEMS)).id,
            Status.TODO,
            draw(st.sampled_from(list(Status))),
            START + timedelta(minutes=offset),
            "ui",
            draw(st.booleans()),
        )
        for n, offset in enumerate(offsets)
    ]
    tick_offsets = sorted(draw(st.lists(st.integers(0, 20 * 24 * 60), max_size=60)))
    step_log = []
    for n, offset in enumerate(tick_offsets):
        sid = draw(st.sampled_from(STEP_IDS))
        at = START + timedelta(minutes=offset)
        step_log.append(StepEvent(f"t{n:03}", sid, sid.split(":")[0], draw(st.booleans()), at, "ui"))
    return events, step_log


@settings(max_examples=150, deadline=None)
@given(logs(), st.sampled_from([UTC, BERLIN]))
def test_histories_with_steps_equal_a_naive_recomputation(drawn, tz) -> None:
    events, step_log = drawn
    steps = rd.Steps(ALL_STEPS, step_log)
    first, last = date(2026, 3, 19), date(2026, 4, 11)
    series = rd.readiness_histories({"foundation": ITEMS}, events, first, last, tz, steps)["foundation"]
    for point in series:
        assert point.readiness == rd.readiness_on(ITEMS, events, point.day, tz, steps)
    retained = rt.retained_histories({"foundation": ITEMS}, events, {}, first, last, tz, steps)["foundation"]
    assert [p.readiness for p in retained] == [p.readiness for p in series]

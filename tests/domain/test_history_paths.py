"""The history's two paths: items without step ticks by a rule table, items with ticks by a walk.

Both must give what a day-by-day recomputation gives (`readiness_on`, `retained`), on logs mixing the two
kinds of items, items of no level, hidden steps, entries before the first and after the last day, several
levels sharing items, and time zones with and without DST.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain import retained as rt
from mlops_tracker.domain import reviews
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.model import ProgressEvent, Status
from mlops_tracker.domain.study import StepEvent
from tests.domain.factory import foundation, specialist

FOUNDATION = list(foundation().items)
SECURITY = list(specialist().items)
# a second view of some foundation items: an item may count in several levels
LEVELS = {"foundation": FOUNDATION, "security": SECURITY, "mixed": FOUNDATION[::3] + SECURITY[:1]}
ITEMS = FOUNDATION + SECURITY
IDS = [item.id for item in ITEMS] + ["unknown.item"]
START = datetime(2026, 3, 20, tzinfo=UTC)  # spans the spring DST change in Berlin
# moments just around local midnights (UTC minutes of the day: Berlin 22:00 and 23:00, UTC-5, Los Angeles)
MIDNIGHTS = [m + d for m in (0, 5 * 60, 7 * 60, 8 * 60, 22 * 60, 23 * 60) for d in (-1, 0, 1)]
FIRST, LAST = date(2026, 3, 22), date(2026, 4, 8)
ZONES = [UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles"), timezone(timedelta(hours=-5))]


@st.composite
def learner_logs(draw: st.DrawFn) -> tuple[list[ProgressEvent], rd.Steps, list[Answer]]:
    """Draw status events, step minutes for some items, ticks (some of hidden steps) and answers."""
    with_steps = draw(st.lists(st.sampled_from([item.id for item in ITEMS]), unique=True, max_size=8))
    minutes = {
        item_id: {f"{item_id}:s{n}": m for n, m in enumerate(draw(st.lists(st.integers(1, 120), max_size=4)))}
        for item_id in with_steps
    }
    # steps of every item, visible or not: a hidden step's tick must count for nothing
    step_ids = [f"{item_id}:s{n}" for item_id in IDS for n in range(4)]
    minute = st.builds(
        lambda day, of_day: day * 24 * 60 + of_day % (24 * 60),
        st.integers(0, 21),
        st.one_of(st.integers(0, 24 * 60 - 1), st.sampled_from(MIDNIGHTS)),
    )
    # items with steps often get status events too, and ticks often hit visible steps
    item_ids = (
        st.one_of(st.sampled_from(with_steps), st.sampled_from(IDS)) if with_steps else st.sampled_from(IDS)
    )
    visible = [step_id for steps in minutes.values() for step_id in steps]
    ticked = (
        st.one_of(st.sampled_from(visible), st.sampled_from(step_ids))
        if visible
        else st.sampled_from(step_ids)
    )
    events = [
        ProgressEvent(
            f"e{n:03}",
            draw(item_ids),
            Status.TODO,
            draw(st.sampled_from(list(Status))),
            START + timedelta(minutes=offset),
            "ui",
            draw(st.booleans()),
        )
        for n, offset in enumerate(sorted(draw(st.lists(minute, max_size=60))))
    ]
    ticks = []
    for n, offset in enumerate(sorted(draw(st.lists(minute, max_size=40)))):
        step_id = draw(ticked)
        at = START + timedelta(minutes=offset)
        ticks.append(StepEvent(f"t{n:03}", step_id, step_id.split(":")[0], draw(st.booleans()), at, "ui"))
    answers = [
        Answer(f"a{n:03}", "q", draw(st.sampled_from(ITEMS)).id, 0, draw(st.booleans()), 5, at, "cli")
        for n, at in enumerate(
            sorted(START + timedelta(minutes=m) for m in draw(st.lists(minute, max_size=20)))
        )
    ]
    return events, rd.Steps(minutes, ticks), answers


def _steps_then(steps: rd.Steps, day: date, tz) -> rd.Steps:  # type: ignore[no-untyped-def]
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tz)
    return rd.Steps(steps.minutes, [tick for tick in steps.ticks if tick.at < end])


@settings(max_examples=150, deadline=None)
@given(learner_logs(), st.sampled_from(ZONES))
def test_both_paths_equal_a_day_by_day_recomputation(drawn, tz) -> None:
    events, steps, answers = drawn
    cards = reviews.timelines(answers, [], tz)
    histories = rd.readiness_histories(LEVELS, events, FIRST, LAST, tz, steps)
    retained = rt.retained_histories(LEVELS, events, cards, FIRST, LAST, tz, steps)
    days = [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
    for level_id, items in LEVELS.items():
        assert [point.day for point in histories[level_id]] == days
        assert [point.readiness for point in retained[level_id]] == [p.readiness for p in histories[level_id]]
        for point, kept in zip(histories[level_id], retained[level_id], strict=True):
            assert point.readiness == rd.readiness_on(items, events, point.day, tz, steps)
            end = datetime.combine(point.day + timedelta(days=1), datetime.min.time(), tz)
            statuses: dict[str, Status] = {}
            evidenced: set[str] = set()
            for event in events:
                if event.at < end:
                    statuses[event.item_id] = event.to_status
                    (evidenced.add if event.evidenced else evidenced.discard)(event.item_id)
            recall = rt.recall_on(cards, point.day)
            then = _steps_then(steps, point.day, tz)
            assert abs(kept.retained - rt.retained(items, statuses, evidenced, recall, then)) < 1e-9
            assert 0 <= kept.retained <= kept.readiness


@settings(max_examples=150, deadline=None)
@given(learner_logs(), st.sampled_from(ZONES))
def test_ticks_that_change_nothing_send_items_down_the_step_path_with_the_same_history(drawn, tz) -> None:
    events, steps, _ = drawn
    # a step ticked and unticked the same day, every day: every item with minutes walks its ticks on every
    # day, and none earns anything by them
    idle = [
        StepEvent(
            f"u{day:02}{n:03}{done}", step_id, item_id, done, START + timedelta(days=day, hours=12), "ui"
        )
        for day in range(22)
        for n, (item_id, step_id) in enumerate(
            (item_id, step_id) for item_id, minutes in steps.minutes.items() for step_id in minutes
        )
        for done in (True, False)
    ]
    walked = rd.Steps(steps.minutes, idle)
    assert rd.readiness_histories(LEVELS, events, FIRST, LAST, tz, walked) == rd.readiness_histories(
        LEVELS, events, FIRST, LAST, tz
    )

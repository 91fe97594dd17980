"""Retained readiness: never above readiness, exact for any past day, equal to a naive recomputation."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_tracker.domain import readiness as rd
from mlops_tracker.domain import retained as rt
from mlops_tracker.domain import reviews
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.model import ProgressEvent, Status
from tests.domain.factory import foundation

LEVEL = foundation()
ITEMS = list(LEVEL.items)
START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

events_st = st.lists(
    st.tuples(st.integers(0, 30), st.sampled_from(ITEMS), st.sampled_from(list(Status)), st.booleans()),
    max_size=30,
)
answers_st = st.lists(st.tuples(st.integers(0, 30), st.sampled_from(ITEMS), st.booleans()), max_size=30)


def _events(raw) -> list[ProgressEvent]:
    made = []
    for number, (day, item, status, evidenced) in enumerate(sorted(raw, key=lambda entry: entry[0])):
        at = START + timedelta(days=day, seconds=number)
        made.append(ProgressEvent(f"e{number:03}", item.id, Status.TODO, status, at, "cli", evidenced))
    return made


def _answers(raw) -> list[Answer]:
    return [
        Answer(str(uuid.uuid4()), "q", item.id, 0, ok, 5, START + timedelta(days=day, hours=2), "cli")
        for day, item, ok in raw
    ]


def _naive(events, answers, day) -> tuple[float, float]:
    """Readiness and retained at the end of a day, recomputed from scratch."""
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), UTC)
    statuses: dict[str, Status] = {}
    evidenced: set[str] = set()
    for event in events:
        if event.at < end:
            statuses[event.item_id] = event.to_status
            (evidenced.add if event.evidenced else evidenced.discard)(event.item_id)
    cards = reviews.timelines([a for a in answers if a.at < end], [], UTC)
    recall = {item: reviews.retrievability(states[-1], day) for item, states in cards.items()}
    return rd.readiness(ITEMS, statuses, evidenced), rt.retained(ITEMS, statuses, evidenced, recall)


@settings(max_examples=60, deadline=None)
@given(raw_events=events_st, raw_answers=answers_st)
def test_retained_history_is_exact_for_every_day_and_never_above_readiness(raw_events, raw_answers):
    events, answers = _events(raw_events), _answers(raw_answers)
    cards = reviews.timelines(answers, [], UTC)
    first, last = START.date(), START.date() + timedelta(days=40)
    history = rt.retained_histories({"foundation": ITEMS}, events, cards, first, last, UTC)["foundation"]
    assert [point.day for point in history] == [first + timedelta(days=n) for n in range(41)]
    for point in history:
        assert 0 <= point.retained <= point.readiness <= 100
        readiness, retained = _naive(events, answers, point.day)
        assert point.readiness == readiness
        assert abs(point.retained - retained) < 1e-9


def test_an_item_never_checked_adds_nothing_and_one_checked_today_adds_its_full_coverage():
    skill = ITEMS[0]
    statuses = {skill.id: Status.DONE}
    assert rt.retained(ITEMS, statuses, set(), {}) == 0
    assert rt.retained(ITEMS, statuses, set(), {skill.id: 1.0}) == rd.readiness(ITEMS, statuses, set())


def test_retained_falls_as_days_pass_without_a_review():
    skill = ITEMS[0]
    events = _events([(0, skill, Status.DONE, False)])
    cards = reviews.timelines(_answers([(0, skill, True)]), [], UTC)
    history = rt.retained_histories(
        {"foundation": ITEMS}, events, cards, START.date(), START.date() + timedelta(days=60), UTC
    )["foundation"]
    values = [point.retained for point in history]
    assert values[0] == history[0].readiness > 0
    assert all(later <= earlier for earlier, later in itertools.pairwise(values))
    assert values[-1] < values[0] * 0.8
    assert rt.recall_on(cards, date(2026, 2, 1)) == {skill.id: 0.0}  # before the first check

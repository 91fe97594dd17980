"""Issue 10, item 5: one supported range of dates, and a clock that goes back never reorders the log."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.limits import FIRST_DAY, LAST_DAY, check_day
from mlops_tracker.domain.model import PlanSpec, Status
from mlops_tracker.domain.scheduling import validate_spec

ITEM = "foundation.skill.ml-lifecycle"


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(2100, 1, 1), date(9999, 12, 31), date(1, 1, 1)])
def test_a_date_outside_the_supported_range_is_refused(day):
    with pytest.raises(InvalidInput, match="outside the supported dates 2000-01-01 to 2099-12-31"):
        check_day(day)


def test_a_plan_must_end_inside_the_supported_range():
    validate_spec(PlanSpec("foundation", 60, date(2099, 11, 1)))
    with pytest.raises(InvalidInput, match="plan's last day 2100-01-29"):
        validate_spec(PlanSpec("foundation", 60, date(2099, 12, 1)))


def test_a_computer_clock_outside_the_range_changes_nothing(tmp_path):
    tracker = Tracker.open(tmp_path / "data", source="cli", clock=Clock(tz=UTC, fixed_day=date(2150, 1, 1)))
    with pytest.raises(InvalidInput, match="computer's date"):
        tracker.run(UpdateItem(ITEM, status=Status.DONE))
    assert tracker.events() == [] and tracker.item(ITEM).state.status is Status.TODO
    tracker.close()


def test_today_set_outside_the_range_is_refused(monkeypatch):
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "9999-12-31")
    with pytest.raises(InvalidInput, match="MLOPS_TRACKER_TODAY: 9999-12-31 is outside the supported dates"):
        Clock.system()
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", LAST_DAY.isoformat())
    assert Clock.system().today() == LAST_DAY
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", FIRST_DAY.isoformat())
    assert Clock.system().today() == FIRST_DAY


def test_after_the_clock_goes_back_each_change_still_follows_the_item_s_last(tmp_path):
    tracker = Tracker.open(tmp_path / "data", source="cli", clock=Clock(tz=UTC, fixed_day=date(2027, 6, 1)))
    tracker.run(UpdateItem(ITEM, status=Status.DONE, notes="first"))
    tracker.clock = Clock(tz=UTC, fixed_day=date(2026, 11, 26))
    tracker.run(UpdateItem(ITEM, status=Status.TODO, notes="second"))
    tracker.run(UpdateItem(ITEM, status=Status.IN_PROGRESS))
    events = tracker.events()
    assert [e.to_status for e in events] == [Status.DONE, Status.TODO, Status.IN_PROGRESS]
    assert events[0].at < events[1].at < events[2].at  # log order is time order
    state = tracker.item(ITEM).state
    assert (state.status, state.notes) == (Status.IN_PROGRESS, "second")
    # another item is not pulled forward: the logical clock is per item
    tracker.run(UpdateItem("foundation.skill.team-roles", status=Status.DONE))
    assert tracker.events()[0].at.date() == date(2026, 11, 26)
    tracker.close()

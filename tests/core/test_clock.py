"""The clock: local days with daylight saving, and a pretend day for demos."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mlops_tracker.core.clock import Clock, local_tz
from mlops_tracker.domain.errors import InvalidInput


def test_the_system_zone_keeps_its_daylight_saving_rules(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    clock = Clock(tz=local_tz())
    # 00:30 on 2 July in Paris (summer, UTC+2) is 22:30 UTC on 1 July; in winter the offset is +1
    assert clock.day_of(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == date(2026, 7, 2)
    assert clock.day_of(datetime(2026, 1, 1, 22, 30, tzinfo=UTC)) == date(2026, 1, 1)
    assert clock.start_of(date(2026, 7, 2)) == datetime(2026, 7, 1, 22, 0, tzinfo=UTC)
    assert clock.start_of(date(2026, 1, 2)) == datetime(2026, 1, 1, 23, 0, tzinfo=UTC)


def test_an_unknown_zone_name_falls_back_to_the_current_offset(monkeypatch):
    monkeypatch.setenv("TZ", "Not/AZone")
    assert local_tz() is not None


def test_a_bad_pretend_day_is_a_user_error(monkeypatch):
    monkeypatch.setenv("MLOPS_TRACKER_TODAY", "2024-02-30")
    with pytest.raises(InvalidInput, match="MLOPS_TRACKER_TODAY"):
        Clock.system()

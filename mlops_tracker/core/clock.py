"""The current time, injectable so tests and demos can fix "today"."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mlops_tracker.domain.errors import InvalidInput
from mlops_tracker.domain.limits import day_problem

TODAY_ENV = "MLOPS_TRACKER_TODAY"  # YYYY-MM-DD: pretend it is that day (demos, screenshots, tests)


def local_tz() -> tzinfo:
    """Return the machine's time zone, with its daylight-saving rules when the system names it."""
    for key in _zone_names():
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    # a fixed offset: right today, but an hour off for days on the other side of a DST change
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def _zone_names() -> Iterator[str]:
    """Yield the IANA names the system gives for its zone: $TZ, then /etc/localtime's target."""
    if os.environ.get("TZ"):
        yield os.environ["TZ"].removeprefix(":")
    with contextlib.suppress(OSError):
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            yield target.split("zoneinfo/", 1)[1]
    with contextlib.suppress(OSError):
        yield Path("/etc/timezone").read_text(encoding="utf-8").strip()


@dataclass
class Clock:
    """Tells the time in UTC and the local day; a fixed day may be set for demos and tests."""

    tz: tzinfo
    fixed_day: date | None = None

    @classmethod
    def system(cls) -> Clock:
        """Return the machine's clock, honouring $MLOPS_TRACKER_TODAY."""
        text = os.environ.get(TODAY_ENV)
        try:
            fixed = date.fromisoformat(text) if text else None
        except ValueError:
            raise InvalidInput(f"{TODAY_ENV}={text!r} is not a date: use YYYY-MM-DD, or unset it.") from None
        if fixed is not None and (problem := day_problem(fixed)):
            raise InvalidInput(f"{TODAY_ENV}: {problem}; use a date inside it, or unset it.")
        return cls(tz=local_tz(), fixed_day=fixed)

    def now(self) -> datetime:
        """Return the current moment, timezone-aware in UTC."""
        real = datetime.now(UTC)
        if self.fixed_day is None:
            return real
        local_time = real.astimezone(self.tz).time()
        return datetime.combine(self.fixed_day, local_time, self.tz).astimezone(UTC)

    def today(self) -> date:
        """Return the local date."""
        return self.fixed_day or datetime.now(self.tz).date()

    def day_of(self, moment: datetime) -> date:
        """Return the local date of a UTC moment."""
        return moment.astimezone(self.tz).date()

    def start_of(self, day: date) -> datetime:
        """Return the UTC moment at which a local day starts."""
        return datetime.combine(day, time.min, self.tz).astimezone(UTC)

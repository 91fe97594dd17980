"""Envelopes for the sync tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from mlops_tracker.sync.envelope import EventEnvelope

START = datetime(2026, 11, 2, 7, 30, tzinfo=UTC)


def envelopes(count: int, device: str = "laptop", kind: str = "status") -> list[EventEnvelope]:
    """Return `count` new events from one device, a minute apart."""
    return [
        EventEnvelope(
            event_id=uuid.uuid4(),
            kind=kind,
            payload={"item": f"foundation.skill.{n}", "status": "done", "note": "ünïcode ✓"},
            device_time=START + timedelta(minutes=n),
            device_id=device,
        )
        for n in range(count)
    ]

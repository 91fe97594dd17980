"""What crosses between the local event log and the server: plain frozen dataclasses, stdlib only.

The client turns each local event (a status, a note, evidence... each its own immutable event) into an
`EventEnvelope`; the server stores it as it is and hands it back to every device of the same learner (and to
the learner's trainer) as a `ServerEvent`, with the sequence number and the time the server received it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

MAX_KIND = 100  # the server's CHECK constraints say the same (migrations/versions/s0001_*.py)
MAX_DEVICE_ID = 200


@dataclass(frozen=True, slots=True)
class EventEnvelope:
    """One immutable local event as the server stores it; the server never looks inside `payload`."""

    event_id: uuid.UUID
    kind: str
    payload: dict[str, Any]
    device_time: datetime
    device_id: str

    def __post_init__(self) -> None:
        # checked here, not by the server, so a bad event fails on the device, with its id in the message
        if not isinstance(self.event_id, uuid.UUID):
            raise TypeError(f"event_id must be a uuid.UUID, not {type(self.event_id).__name__}")
        if not self.kind or len(self.kind) > MAX_KIND:
            raise ValueError(f"event {self.event_id}: kind must have 1 to {MAX_KIND} characters")
        if not isinstance(self.payload, dict):
            raise TypeError(f"event {self.event_id}: payload must be a dict (a JSON object)")
        # a naive time would be read in the server's time zone: the same event would mean another moment
        if self.device_time.tzinfo is None or self.device_time.utcoffset() is None:
            raise ValueError(f"event {self.event_id}: device_time must carry a time zone")
        if not self.device_id or len(self.device_id) > MAX_DEVICE_ID:
            raise ValueError(f"event {self.event_id}: device_id must have 1 to {MAX_DEVICE_ID} characters")


@dataclass(frozen=True, slots=True)
class ServerEvent:
    """An envelope as the server has it: its place in the server's order, its learner and its receipt time."""

    seq: int
    learner: str
    received_at: datetime
    envelope: EventEnvelope


class PullResult(NamedTuple):
    """A page of events after a high-water mark; `high_water` is what to pass as `since_seq` next time."""

    events: tuple[ServerEvent, ...]
    high_water: int
    complete: bool  # False when the page was full: pull again from `high_water` for more

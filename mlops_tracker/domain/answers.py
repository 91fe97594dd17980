"""Answers to self-check questions: immutable events of the log, merged across computers by id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

CHOICES = 4  # every question has four choices; people number them 1–4, the log stores 0–3


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer to one question; `choice` is 0-based (None: a practice exam ran out of time first)."""

    id: str
    question_id: str
    item_id: str | None  # None for a question about the guide itself
    choice: int | None
    correct: bool
    seconds: int | None
    at: datetime  # timezone-aware, UTC
    source: str
    practice_id: str | None = None  # the practice exam this answer belongs to, if any


def answer_order(answer: Answer) -> tuple[datetime, str]:
    """Return the one ordering of answers: by time, then by id (the same on every computer)."""
    return answer.at, answer.id

"""Reads and writes of the answers table: plain sqlite3 for reads, the session for writes.

SQLAlchemy is imported by the write functions only, so reading answers keeps it out of start-up (as reads.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from mlops_tracker.domain.answers import Answer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_COLUMNS = "id, question_id, item_id, choice, correct, seconds, at, source, practice_id"


def _answer(row: tuple) -> Answer:
    return Answer(
        row[0],
        row[1],
        row[2],
        row[3],
        bool(row[4]),
        row[5],
        datetime.fromisoformat(row[6] + "+00:00"),
        row[7],
        row[8],
    )


def load_answers(connection: sqlite3.Connection) -> list[Answer]:
    """Return every answer in log order (time, then id)."""
    rows = connection.execute(f"SELECT {_COLUMNS} FROM answers ORDER BY at, id").fetchall()
    return [_answer(row) for row in rows]


def _naive(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


def add_answer(session: Session, answer: Answer) -> None:
    """Append an answer to the log."""
    from mlops_tracker.storage.models import AnswerRow

    session.add(
        AnswerRow(
            id=answer.id,
            question_id=answer.question_id,
            item_id=answer.item_id,
            choice=answer.choice,
            correct=answer.correct,
            seconds=answer.seconds,
            at=_naive(answer.at),
            source=answer.source,
            practice_id=answer.practice_id,
        )
    )


def answer_ids(session: Session, wanted: Iterable[str] | None = None) -> set[str]:
    """Return the ids of stored answers (of those wanted, or all)."""
    from sqlalchemy import select

    from mlops_tracker.storage.models import AnswerRow

    query = select(AnswerRow.id)
    if wanted is not None:
        query = query.where(AnswerRow.id.in_(list(wanted)))
    return set(session.scalars(query))


def delete_answers(session: Session, ids: Iterable[str]) -> list[Answer]:
    """Delete answers by id; return those that were there, in log order."""
    from sqlalchemy import delete, select

    from mlops_tracker.storage.models import AnswerRow

    wanted = list(ids)
    rows = session.scalars(select(AnswerRow).where(AnswerRow.id.in_(wanted))).all()
    found = [
        Answer(
            r.id,
            r.question_id,
            r.item_id,
            r.choice,
            bool(r.correct),
            r.seconds,
            r.at.replace(tzinfo=UTC),
            r.source,
            r.practice_id,
        )
        for r in rows
    ]
    session.execute(delete(AnswerRow).where(AnswerRow.id.in_(wanted)))
    return sorted(found, key=lambda a: (a.at, a.id))


def dump_answers(session: Session) -> list[dict[str, object]]:
    """Return every answer as an export entry, in log order."""
    from sqlalchemy import select

    from mlops_tracker.storage.models import AnswerRow

    rows = session.scalars(select(AnswerRow).order_by(AnswerRow.at, AnswerRow.id))
    return [
        {
            "id": r.id,
            "question_id": r.question_id,
            "item_id": r.item_id,
            "choice": r.choice,
            "correct": bool(r.correct),
            "seconds": r.seconds,
            "at": r.at.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z"),
            "source": r.source,
            "practice_id": r.practice_id,
        }
        for r in rows
    ]

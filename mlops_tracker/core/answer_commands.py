"""Undoable commands that record answers (a self-check answer, a whole practice exam) and take them back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from mlops_tracker.core.commands import Changes, Command, UnitOfWork, note_deleted, register
from mlops_tracker.domain.answers import Answer
from mlops_tracker.domain.errors import NotFound
from mlops_tracker.domain.model import Curriculum

ANSWERS_CHANGED = Changes(reviews=True, readiness=True)


def _answers_from(entries: list[dict[str, Any]]) -> tuple[Answer, ...]:
    return tuple(Answer(**{**entry, "at": datetime.fromisoformat(entry["at"])}) for entry in entries)


@dataclass(frozen=True)
class RecordAnswers:
    """Append answers to the log (one self-check answer, or every answer of a practice exam)."""

    name: ClassVar[str] = "record_answers"
    answers: tuple[Answer, ...]
    verb: str = "Answer question"

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        return self.verb

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Store the answers; return the command that deletes them."""
        from mlops_tracker.storage import answers as store

        ids = [answer.id for answer in self.answers]
        if store.answer_ids(uow.session, ids):
            raise NotFound("That answer is recorded already.")
        for answer in self.answers:
            store.add_answer(uow.session, answer)
        return ANSWERS_CHANGED, DeleteAnswers(ids=tuple(ids), verb=self.verb)

    @classmethod
    def from_args(cls, args: dict[str, Any]) -> RecordAnswers:
        """Return the command from its stored JSON arguments."""
        return cls(answers=_answers_from(args["answers"]), verb=args["verb"])


@dataclass(frozen=True)
class DeleteAnswers:
    """Take recorded answers back out of the log (the undo of RecordAnswers)."""

    name: ClassVar[str] = "delete_answers"
    ids: tuple[str, ...]
    verb: str = "Answer question"

    def label(self, curriculum: Curriculum) -> str:
        """Return the action's name for the Edit menu."""
        return self.verb

    def apply(self, uow: UnitOfWork) -> tuple[Changes, Command]:
        """Delete the answers; return the command that records them again, with the same ids and times."""
        from mlops_tracker.storage import answers as store

        removed = store.delete_answers(uow.session, self.ids)
        if not removed:
            raise NotFound("those answers no longer exist")
        for answer in removed:
            note_deleted(uow, "answer", answer.id)
        return ANSWERS_CHANGED, RecordAnswers(answers=tuple(removed), verb=self.verb)

    @classmethod
    def from_args(cls, args: dict[str, Any]) -> DeleteAnswers:
        """Return the command from its stored JSON arguments."""
        return cls(ids=tuple(args["ids"]), verb=args["verb"])


register(RecordAnswers)
register(DeleteAnswers)

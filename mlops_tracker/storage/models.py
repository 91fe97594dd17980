"""SQLAlchemy 2 typed models: the tables of the user's database. ORM rows never leave `storage`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

STATUSES = ("todo", "in_progress", "done", "skipped")
_STATUS_SQL = "({})".format(", ".join(f"'{s}'" for s in STATUSES))
FIELDS = ("notes", "evidence", "confidence")  # an item's fields besides its status, each changed on its own
_FIELD_SQL = "({})".format(", ".join(f"'{f}'" for f in FIELDS))

# Named constraints so Alembic batch migrations can find and alter them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention for constraints."""

    metadata = MetaData(naming_convention=NAMING)


class ItemRow(Base):
    """A trackable item of the curriculum, upserted from the seed by id; retired, never deleted."""

    __tablename__ = "items"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    level: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    phase: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    seed_version: Mapped[int] = mapped_column(Integer)


class ItemStateRow(Base):
    """The learner's current state of an item: a cache of the newest status event and field changes."""

    __tablename__ = "item_states"
    __table_args__ = (
        CheckConstraint(f"status IN {_STATUS_SQL}", name="status"),
        CheckConstraint("confidence IS NULL OR confidence BETWEEN 1 AND 5", name="confidence"),
    )

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="todo")
    notes: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class EventRow(Base):
    """One status change in the append-only progress log."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(f"to_status IN {_STATUS_SQL}", name="to_status"),
        CheckConstraint(f"from_status IN {_STATUS_SQL}", name="from_status"),
        Index("ix_events_item_at", "item_id", "at"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    source: Mapped[str] = mapped_column(String(10))
    evidenced: Mapped[bool] = mapped_column(Boolean, default=False)


class FieldChangeRow(Base):
    """One change of an item's notes, evidence or confidence: immutable, merged by id like events.

    `value` is the text (notes, evidence) or the rating as text ("" when the rating was cleared).
    """

    __tablename__ = "field_changes"
    __table_args__ = (
        CheckConstraint(f"field IN {_FIELD_SQL}", name="field"),
        Index("ix_field_changes_item_field_at", "item_id", "field", "at"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    field: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(10))


class AnswerRow(Base):
    """One answer to a self-check question: immutable, merged by id like events (see domain/answers.py).

    `choice` is the 0-based index of the chosen answer (as `answer` in questions.json); NULL when a practice
    exam ended before the question was answered. `practice_id` tags the answers of one practice exam.
    """

    __tablename__ = "answers"
    __table_args__ = (
        CheckConstraint("choice IS NULL OR choice BETWEEN 0 AND 3", name="choice"),
        CheckConstraint("seconds IS NULL OR seconds >= 0", name="seconds"),
        Index("ix_answers_item_at", "item_id", "at"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    question_id: Mapped[str] = mapped_column(String(160))
    item_id: Mapped[str | None] = mapped_column(ForeignKey("items.id"))
    choice: Mapped[int | None] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    seconds: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    source: Mapped[str] = mapped_column(String(10))
    practice_id: Mapped[str | None] = mapped_column(String(36), index=True)


class PlanRow(Base):
    """A study plan for one level."""

    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("days BETWEEN 7 AND 60", name="days"),
        CheckConstraint("minutes_per_day BETWEEN 15 AND 480", name="minutes_per_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(40))
    days: Mapped[int] = mapped_column(Integer)
    start: Mapped[date] = mapped_column(Date)
    exam: Mapped[date | None] = mapped_column(Date)
    study_weekdays: Mapped[str] = mapped_column(String(20))  # "0,1,2,3,4,5"
    created_at: Mapped[datetime] = mapped_column(DateTime)
    minutes_per_day: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    # the schedule as first made, JSON [[item, due, step, minutes, part, parts], …]; "" = the tasks
    baseline: Mapped[str] = mapped_column(Text, default="", server_default="")

    tasks: Mapped[list[PlanTaskRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanTaskRow.position"
    )


class PlanTaskRow(Base):
    """An item scheduled on a day of a plan."""

    __tablename__ = "plan_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    due: Mapped[date] = mapped_column(Date, index=True)
    position: Mapped[int] = mapped_column(Integer)
    step_id: Mapped[str | None] = mapped_column(String(200))  # None: a whole item (a plan made before steps)
    minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    part: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    parts: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    plan: Mapped[PlanRow] = relationship(back_populates="tasks")


class StepEventRow(Base):
    """One tick or untick of a study step: immutable, merged by id like status events."""

    __tablename__ = "step_events"
    __table_args__ = (Index("ix_step_events_item_at", "item_id", "at"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    step_id: Mapped[str] = mapped_column(String(200))
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    done: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(10))


class StepEditRow(Base):
    """One change of a step by the learner (minutes, hidden, an own step's title), merged by id."""

    __tablename__ = "step_edits"
    __table_args__ = (
        CheckConstraint("field IN ('minutes', 'hidden', 'title')", name="field"),
        Index("ix_step_edits_item_at", "item_id", "at"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    step_id: Mapped[str] = mapped_column(String(200))
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    field: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(10))


class ExamResultRow(Base):
    """A level's exam result (passed, failed, or cleared), merged by id; the newest per level stands."""

    __tablename__ = "exam_results"
    __table_args__ = (CheckConstraint("result IN ('passed', 'failed', 'cleared')", name="result"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    level: Mapped[str] = mapped_column(String(40))
    result: Mapped[str] = mapped_column(String(10))
    day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(10))


class StudySessionRow(Base):
    """Minutes studied on a day, optionally on an item and one of its steps."""

    __tablename__ = "study_sessions"
    __table_args__ = (CheckConstraint("minutes BETWEEN 1 AND 1440", name="minutes"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[str | None] = mapped_column(ForeignKey("items.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    step_id: Mapped[str | None] = mapped_column(String(200))  # None: the item as a whole (or no item)


class SettingRow(Base):
    """A key/value setting (JSON text)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class UndoRow(Base):
    """A step of the persistent undo/redo history: the command that would take the step back or forward."""

    __tablename__ = "undo_steps"
    __table_args__ = (
        CheckConstraint("stack IN ('undo', 'redo')", name="stack"),
        Index("ix_undo_steps_owner_stack", "owner", "stack"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stack: Mapped[str] = mapped_column(String(4))
    owner: Mapped[str] = mapped_column(String(10))  # whose history: the tracker's source ("ui", "cli")
    label: Mapped[str] = mapped_column(Text)
    command: Mapped[str] = mapped_column(Text)  # JSON of the command to run
    created_at: Mapped[datetime] = mapped_column(DateTime)

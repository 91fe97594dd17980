"""answers to self-check questions as events

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 21:50:00

A new append-only table; nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "answers",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("question_id", sa.String(length=160), nullable=False),
        sa.Column("item_id", sa.String(length=120), nullable=True),
        sa.Column("choice", sa.Integer(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("practice_id", sa.String(length=36), nullable=True),
        sa.CheckConstraint("choice IS NULL OR choice BETWEEN 0 AND 3", name=op.f("ck_answers_choice")),
        sa.CheckConstraint("seconds IS NULL OR seconds >= 0", name=op.f("ck_answers_seconds")),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_answers_item_id_items")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_answers")),
        sa.UniqueConstraint("id", name=op.f("uq_answers_id")),
    )
    op.create_index("ix_answers_item_at", "answers", ["item_id", "at"])
    op.create_index(op.f("ix_answers_at"), "answers", ["at"])
    op.create_index(op.f("ix_answers_practice_id"), "answers", ["practice_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_answers_practice_id"), table_name="answers")
    op.drop_index(op.f("ix_answers_at"), table_name="answers")
    op.drop_index("ix_answers_item_at", table_name="answers")
    op.drop_table("answers")

"""field changes as events; undo steps with an owner

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 19:40:00

Notes, evidence and confidence become immutable changes (`field_changes`) so a merge keeps each field's
newest value; every existing value is kept as one change at its item's `updated_at`. Each undo step gets
the history it belongs to (`owner`); existing steps stay with the window ("ui"), which made most of them.
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

from mlops_tracker.domain.model import legacy_change_id

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "field_changes",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            "field IN ('notes', 'evidence', 'confidence')", name=op.f("ck_field_changes_field")
        ),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_field_changes_item_id_items")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_field_changes")),
        sa.UniqueConstraint("id", name=op.f("uq_field_changes_id")),
    )
    op.create_index("ix_field_changes_item_field_at", "field_changes", ["item_id", "field", "at"])
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT item_id, notes, evidence, confidence, updated_at FROM item_states ORDER BY item_id")
    ).fetchall()
    changes = []
    for item_id, notes, evidence, confidence, updated_at in rows:
        for field, value in (
            ("notes", notes or ""),
            ("evidence", evidence or ""),
            ("confidence", "" if confidence is None else str(confidence)),
        ):
            if value:  # an empty field was never set: nothing to keep
                # the id a version 1 export of this data gets too: importing one after upgrading adds nothing
                moment = datetime.fromisoformat(str(updated_at))
                changes.append(
                    {
                        "id": legacy_change_id(item_id, field, value, moment),
                        "item_id": item_id,
                        "field": field,
                        "value": value,
                        "at": updated_at,
                        "source": "migration",
                    }
                )
    if changes:
        connection.execute(
            sa.text(
                "INSERT INTO field_changes (id, item_id, field, value, at, source) "
                "VALUES (:id, :item_id, :field, :value, :at, :source)"
            ),
            changes,
        )
    with op.batch_alter_table("undo_steps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=10), nullable=False, server_default="ui"))
        batch_op.create_index("ix_undo_steps_owner_stack", ["owner", "stack"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("undo_steps", schema=None) as batch_op:
        batch_op.drop_index("ix_undo_steps_owner_stack")
        batch_op.drop_column("owner")
    op.drop_index("ix_field_changes_item_field_at", table_name="field_changes")
    op.drop_table("field_changes")

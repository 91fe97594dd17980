"""sync tombstones: the records this computer deleted, to tell the sync server

Revision ID: 0006_tombstones
Revises: 0005
Create Date: 2026-11-30 00:30:00

Device state like `sync_state`, never exported: one row per local deletion (an undone study session or
answer, a deleted plan) with the id of the "deleted" record the next sync pushes. Kept after the push: a
record added again after its deletion travels under an id made from its last tombstone's, so the server,
which keeps the first copy of an id, takes the re-added record as new.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_tombstones"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_tombstones",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_tombstones")),
        sa.UniqueConstraint("id", name=op.f("uq_sync_tombstones_id")),
    )
    op.create_index("ix_sync_tombstones_kind_key", "sync_tombstones", ["kind", "key"])


def downgrade() -> None:
    op.drop_index("ix_sync_tombstones_kind_key", table_name="sync_tombstones")
    op.drop_table("sync_tombstones")

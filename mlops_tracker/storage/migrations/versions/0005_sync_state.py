"""sync state: this device's high-water mark and the ids the sync server already has

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 21:40:00

Device state, never exported and never synced: `sync_state` holds the server's URL (without a password),
the device id, the server's high-water mark and the last sync; `sync_known` the local ids of the records
the server has (pushed from here or pulled from it). Kept in the database rather than beside it so a pull
and its mark commit together, and a restored backup comes back with the mark that matches its rows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "sync_known",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_known")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("sync_known")
    op.drop_table("sync_state")

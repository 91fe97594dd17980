"""study sessions name the step they were spent on

Revision ID: 0007_session_step
Revises: 0006_tombstones
Create Date: 2026-11-30 00:30:00

The timer runs against a step, so a session may name it: `study_sessions.step_id`, nullable. Existing
sessions keep NULL, which means what they always meant: the item as a whole (or general study without one).
No foreign key: steps are data beside the guide plus the learner's own steps, not rows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_session_step"
down_revision: str | None = "0006_tombstones"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN (no batch rebuild): SQLite adds a nullable column in place and every row keeps NULL
    op.add_column("study_sessions", sa.Column("step_id", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("study_sessions", schema=None) as batch_op:
        batch_op.drop_column("step_id")

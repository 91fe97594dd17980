"""study steps in plans, a daily budget, step ticks and edits, the plan's baseline, exam results

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 22:00:00

Plans get their minutes per study day (60 for existing plans) and a baseline (empty: the tasks as they
are); plan tasks get the step they study (none for the item tasks of existing plans). Step ticks, the
learner's step edits and exam results are immutable events like status events. An item that was done before
steps existed has all its steps ticked, with ids derived from the step and the time so every computer
upgrading the same data makes the same events. Every existing row is kept.
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mlops_tracker.domain.study import effective_steps
from mlops_tracker.formats.study import load_study_steps

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STEP_TICK_NAMESPACE = uuid.UUID("6b1f0d7e-3c2a-4f7e-9a51-2d8c4b6e1f03")


def upgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minutes_per_day", sa.Integer(), nullable=False, server_default="60"))
        batch_op.add_column(sa.Column("baseline", sa.Text(), nullable=False, server_default=""))
        batch_op.create_check_constraint("minutes_per_day", "minutes_per_day BETWEEN 15 AND 480")
    with op.batch_alter_table("plan_tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("step_id", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("minutes", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("part", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("parts", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "step_events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("step_id", sa.String(length=200), nullable=False),
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_step_events_item_id_items")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_step_events")),
        sa.UniqueConstraint("id", name=op.f("uq_step_events_id")),
    )
    op.create_index("ix_step_events_item_at", "step_events", ["item_id", "at"])
    op.create_table(
        "step_edits",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("step_id", sa.String(length=200), nullable=False),
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("field", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.CheckConstraint("field IN ('minutes', 'hidden', 'title')", name=op.f("ck_step_edits_field")),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_step_edits_item_id_items")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_step_edits")),
        sa.UniqueConstraint("id", name=op.f("uq_step_edits_id")),
    )
    op.create_index("ix_step_edits_item_at", "step_edits", ["item_id", "at"])
    op.create_table(
        "exam_results",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.CheckConstraint("result IN ('passed', 'failed', 'cleared')", name=op.f("ck_exam_results_result")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_exam_results")),
        sa.UniqueConstraint("id", name=op.f("uq_exam_results_id")),
    )
    _tick_steps_of_done_items()


def legacy_tick_id(step_id: str, at: str) -> str:
    """Return the id of the tick a done item's step gets on upgrade (the same on every computer)."""
    return str(uuid.uuid5(STEP_TICK_NAMESPACE, f"{step_id}\x1f{at}"))


def _tick_steps_of_done_items() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT s.item_id, s.updated_at, i.title FROM item_states s JOIN items i ON i.id = s.item_id "
            "WHERE s.status = 'done' ORDER BY s.item_id"
        )
    ).fetchall()
    if not rows:
        return
    study = load_study_steps()
    ticks = [
        {
            "id": legacy_tick_id(step.id, str(updated_at)),
            "step_id": step.id,
            "item_id": item_id,
            "at": updated_at,
            "source": "migration",
        }
        for item_id, updated_at, title in rows
        for step in effective_steps(item_id, study.steps_of(item_id), (), title)
    ]
    connection.execute(
        sa.text(
            "INSERT INTO step_events (id, step_id, item_id, done, at, source) "
            "VALUES (:id, :step_id, :item_id, 1, :at, :source)"
        ),
        ticks,
    )


def downgrade() -> None:
    op.drop_table("exam_results")
    op.drop_index("ix_step_edits_item_at", table_name="step_edits")
    op.drop_table("step_edits")
    op.drop_index("ix_step_events_item_at", table_name="step_events")
    op.drop_table("step_events")
    with op.batch_alter_table("plan_tasks", schema=None) as batch_op:
        for column in ("parts", "part", "minutes", "step_id"):
            batch_op.drop_column(column)
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_constraint("ck_plans_minutes_per_day", type_="check")
        batch_op.drop_column("baseline")
        batch_op.drop_column("minutes_per_day")

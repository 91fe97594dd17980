"""The server's tables as SQLAlchemy Core objects for queries (the migrations make them; these mirror)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, DateTime, MetaData, Table, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB

SCHEMA = "mlops_sync"  # a schema of its own: the server's database may hold other applications' tables
VERSION_TABLE = "mlops_sync_version"  # Alembic's, apart from the local store's alembic_version
SCHEMA_HEAD = "s0001"  # the newest script in migrations/versions; a test keeps the two in step
KNOWN_REVISIONS = ("s0001",)  # every revision this app can work with, oldest first
LEARNER_GROUP = "mlops_learner"  # group roles: cluster-wide, shared by every database that runs sync
TRAINER_GROUP = "mlops_trainer"

metadata = MetaData(schema=SCHEMA)

learners = Table(
    "learners",
    metadata,
    Column("name", Text, primary_key=True),
    Column("role_name", Text, nullable=False, unique=True),
    Column("cohort", Text),
    Column("is_trainer", Boolean, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("seq", BigInteger, primary_key=True),  # GENERATED ALWAYS AS IDENTITY on the server
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("learner", Text, nullable=False),  # defaults to mlops_sync.current_learner() on the server
    Column("kind", Text, nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("device_time", DateTime(timezone=True), nullable=False),
    Column("device_id", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

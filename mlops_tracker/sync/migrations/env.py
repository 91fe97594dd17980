"""Alembic environment for the sync server, driven from code: the caller passes its connection in."""

from alembic import context

from mlops_tracker.sync.schema import SCHEMA, VERSION_TABLE

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,  # the scripts are written by hand: roles, functions and policies are not metadata
    version_table=VERSION_TABLE,  # its own table, so it never meets the local store's alembic_version
    version_table_schema=SCHEMA,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()

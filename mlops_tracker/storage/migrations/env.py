"""Alembic environment, driven from code: the caller passes its connection in `config.attributes`."""

from alembic import context

from mlops_tracker.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copy-and-rename
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()

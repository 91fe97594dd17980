"""Versioned schema migrations with Alembic, run from code when the database is opened."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from mlops_tracker.domain.errors import UserError

MIGRATIONS = Path(__file__).with_name("migrations")


class MigrationFailed(UserError):
    """The schema upgrade failed; the database was left as it was."""


def _config() -> Config:
    config = Config()  # built in code: no alembic.ini, no fileConfig touching the app's logging
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """Return the newest schema revision shipped with the app."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the database's schema revision (None for an empty file)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    """Return whether the database is behind the app's schema."""
    return current_revision(engine) != head_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade the schema in one transaction with foreign keys off, then check them."""
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        # A batch table rebuild with foreign keys ON deletes child rows through ON DELETE CASCADE.
        # The pragma only takes effect outside a transaction, so set it before BEGIN.
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config = _config()
                config.attributes["connection"] = connection
                command.upgrade(config, target)
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationFailed(
                        f"The schema upgrade would break {len(problems)} references; nothing was changed."
                    )
        except MigrationFailed:
            raise
        except Exception as error:  # any failure: the transaction rolled back whole
            raise MigrationFailed(
                f"The database could not be upgraded ({error.__class__.__name__}: {error}); "
                "it was left as it was."
            ) from error
        finally:
            raw.execute("PRAGMA foreign_keys=ON")

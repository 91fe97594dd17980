"""Versioned schema migrations with Alembic, run from code when the database is opened.

Alembic is imported only when a migration is due: opening an up-to-date database reads the revision with one
query, which keeps Alembic's import (about a third of the engine's) out of every start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mlops_tracker.domain.errors import UserError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")
_PACKAGED_MIGRATIONS = MIGRATIONS
SCHEMA_HEAD = "0007_session_step"  # the newest script in migrations/versions; a test keeps the two in step


class MigrationFailed(UserError):
    """The schema upgrade failed; the database was left as it was."""


def _config() -> Config:
    from alembic.config import Config

    config = Config()  # built in code: no alembic.ini, no fileConfig touching the app's logging
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def script_head() -> str:
    """Return the newest revision among the migration scripts (reads them with Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def head_revision() -> str:
    """Return the newest schema revision shipped with the app."""
    return SCHEMA_HEAD if MIGRATIONS == _PACKAGED_MIGRATIONS else script_head()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade the schema in one transaction with foreign keys off, then check them."""
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        # A batch table rebuild with foreign keys ON deletes child rows through ON DELETE CASCADE.
        # The pragma only takes effect outside a transaction, so set it before BEGIN.
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                from alembic import command

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

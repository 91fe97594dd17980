"""Opening the user's database: the folder, the engine, the schema."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from mlops_tracker.domain.errors import UserError
from mlops_tracker.paths import database_path
from mlops_tracker.storage import migrate
from mlops_tracker.storage.engine import make_engine, make_sessionmaker


class StorageError(UserError):
    """The data folder or database cannot be used; the message says why and what to do."""


class Database:
    """The SQLite database in a data folder; one unit of work per `transaction()`."""

    def __init__(self, folder: Path, engine: Engine) -> None:
        self.folder = folder
        self.path = database_path(folder)
        self.engine = engine
        self._sessions = make_sessionmaker(engine)

    @classmethod
    def open(cls, folder: Path, *, before_upgrade: Callable[[Path], None] | None = None) -> Database:
        """Open (creating when missing) the database in a folder and bring its schema up to date."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(
                f"Cannot create the data folder {folder}: {error.strerror}. "
                "Choose another folder with --data-dir or MLOPS_TRACKER_DATA_DIR."
            ) from error
        engine = make_engine(database_path(folder))
        try:
            if migrate.needs_upgrade(engine):
                fresh = migrate.current_revision(engine) is None
                if before_upgrade is not None and not fresh:
                    before_upgrade(database_path(folder))
                migrate.upgrade(engine)
        except OperationalError as error:
            engine.dispose()
            raise StorageError(
                f"Cannot open the database {database_path(folder)}: {error.orig}. "
                "Check that the folder is writable and the disk is not full."
            ) from error
        except BaseException:
            engine.dispose()
            raise
        return cls(folder, engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a session whose work commits together, or not at all."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

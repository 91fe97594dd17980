"""Opening the user's database: the folder, a quick health check, a backup before upgrading, the schema."""

from __future__ import annotations

import contextlib
import os
import shlex
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mlops_tracker.domain.errors import UserError
from mlops_tracker.paths import creation_temp, database_path, remove_stale_temps
from mlops_tracker.storage import failures, migrate, reads
from mlops_tracker.storage.connect import connect, connect_read_only
from mlops_tracker.storage.integrity import FileUnusable, file_problem

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from mlops_tracker.storage.backup import BackupInfo

# SQLAlchemy is imported on the first write (or to create or upgrade the schema), not to open and read: the
# window paints its first page from plain sqlite3 reads while SQLAlchemy's import would double its start-up.
BUSY_TIMEOUT_MS = 5000

# how long a write waits for another process's transaction before giving up (tests shorten it)
busy_timeout_ms = BUSY_TIMEOUT_MS
RELEASE_WAIT_S = 10.0  # how long closing waits for other threads' reads


class StorageError(UserError):
    """The data folder or database cannot be used; the message says why and what to do."""


class DatabaseDamaged(StorageError):
    """The database file is damaged: it was moved aside (never deleted); the message says how to restore."""

    def __init__(self, folder: Path, problem: str, moved_to: Path, newest: BackupInfo | None) -> None:
        self.folder = folder
        self.problem = problem
        self.moved_to = moved_to
        self.newest_backup = newest
        self.restore_command = restore_command(folder, newest.path) if newest else None
        lines = [
            f"The database {database_path(folder)} is damaged: {problem}.",
            f"It was moved aside to {moved_to} (nothing was deleted).",
        ]
        if newest is not None:
            lines.append(f"The newest good backup is {newest.path} ({newest.describe()}).")
            lines.append(f"Restore it with: {self.restore_command}")
        else:
            lines.append(
                "There is no good backup. The app will start with an empty database; "
                f"keep {moved_to.name} in case it can be recovered."
            )
        super().__init__(" ".join(lines))


class NewerSchema(StorageError):
    """The database was made by a newer version of the app; restoring a backup this version knows works."""

    def __init__(self, folder: Path, revision: str) -> None:
        self.folder = folder
        self.revision = revision
        super().__init__(
            f"The database {database_path(folder)} was made by a newer version of MLOps Tracker "
            f"(schema {revision}): upgrade the app, or restore a backup this version can read with "
            f"`{restore_command(folder, Path('FILE'))}` (list them with "
            f"`mlops-tracker --data-dir {_quote(str(folder))} backups`); "
            "nothing was changed."
        )


@dataclass(frozen=True)
class ReadOnly:
    """Why a database is open for reading only: its folder is read-only, or its disk is full."""

    folder: Path
    full_disk: bool = False

    @property
    def notice(self) -> str:
        """Return the sentence said once when the data is opened this way."""
        if self.full_disk:
            return (
                f"The disk holding {self.folder} is full: showing the data, but changes cannot be saved "
                "until you free some space."
            )
        return f"The data folder {self.folder} is read-only: showing the data, but changes cannot be saved."

    @property
    def refusal(self) -> str:
        """Return the sentence that refuses a change."""
        if self.full_disk:
            return failures.full_disk_message(self.folder)
        return failures.read_only_message(self.folder)


def _quote(text: str) -> str:
    return subprocess.list2cmdline([text]) if sys.platform == "win32" else shlex.quote(text)


def restore_command(folder: Path, backup_file: Path) -> str:
    """Return the exact command line that restores a backup into a data folder."""
    return f"mlops-tracker --data-dir {_quote(str(folder))} restore {_quote(str(backup_file))}"


def _backup_before_upgrade(path: Path) -> None:
    """Back up the database before its schema changes (the default `before_upgrade` hook)."""
    from mlops_tracker.storage import backup  # only on the rare paths: damage, upgrade, creation

    try:
        backup.create_backup(path, "before-upgrade")
    except backup.BackupFailed as error:
        raise StorageError(f"{error} The schema upgrade was not started.") from error


def plain_message(error: BaseException, path: Path) -> str | None:
    """Return a sentence for people for an SQLite or file error the environment caused, None for a bug."""
    return failures.explain(error, path)


def _check_file(folder: Path, *, read_only: bool = False) -> None:
    """Move a damaged database aside and raise DatabaseDamaged; leave a healthy or missing one alone."""
    from mlops_tracker.storage import backup  # only on the rare paths: damage, upgrade, creation

    path = database_path(folder)
    try:
        problem = file_problem(path, read_only=read_only, live=True)
    except FileUnusable as error:
        cause = error.__cause__ or error
        raise StorageError(
            plain_message(cause, path) or f"Cannot open the database {path}: {error}. Try again."
        ) from error
    if problem is None:
        return
    if read_only:
        raise StorageError(
            f"The database {path} is damaged ({problem}) and its folder cannot be written, so it was left "
            f"as it is: restore a backup from {folder / 'backups'} into a writable folder."
        )
    try:
        moved = backup.move_aside(path, "damaged")
    except OSError as error:
        raise StorageError(
            f"The database {path} is damaged ({problem}) and could not be moved aside: {error.strerror}. "
            "Nothing was changed; move it away yourself, then restore a backup from "
            f"{folder / 'backups'}."
        ) from error
    raise DatabaseDamaged(folder, problem, moved, backup.newest_good_backup(folder, known_revisions()))


def known_revisions() -> set[str]:
    """Return every schema revision this app ships."""
    from alembic.script import ScriptDirectory  # only when a revision is not the head

    script = ScriptDirectory(str(migrate.MIGRATIONS))
    return {revision.revision for revision in script.walk_revisions()}


def _remove_with_companions(path: Path) -> None:
    for name in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _create_database(path: Path) -> None:
    """Make a new database under a temporary name and link it into place when its schema is complete.

    A crash while creating then never leaves a half-made or zero-length file under the real name.
    """
    from mlops_tracker.storage import backup  # only on the rare paths: damage, upgrade, creation

    temp = creation_temp(path, os.getpid())  # one left by a killed process goes at the next start
    _remove_with_companions(temp)
    from mlops_tracker.storage.engine import make_engine

    engine = make_engine(temp, busy_timeout_ms=busy_timeout_ms)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()  # the last connection closing folds the -wal into the file
    try:
        with temp.open("rb+") as stream:
            os.fsync(stream.fileno())
        try:
            os.link(temp, path)  # fails if another process made the database first: then theirs is used
        except FileExistsError:
            pass
        except OSError:  # no hard links on this file system (FAT, some shares)
            if not path.exists():
                os.replace(temp, path)
        backup.fsync_dir(path.parent)
    finally:
        _remove_with_companions(temp)


class Database:
    """The SQLite database in a data folder: `reading()` for reads, one unit of work per `transaction()`."""

    def __init__(self, folder: Path, *, read_only: ReadOnly | None = None) -> None:
        self.folder = folder
        self.path = database_path(folder)
        self.read_only = read_only  # None: changes can be saved
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._local = threading.local()  # one read connection per thread: sqlite3 connections are not shared
        self._readers: list[sqlite3.Connection] = []
        self._reads_running = 0
        self._reads_done = threading.Condition()

    @property
    def engine(self) -> Engine:
        """Return the SQLAlchemy engine, made (and SQLAlchemy imported) on first use."""
        if self._engine is None:
            from mlops_tracker.storage.engine import make_engine, make_sessionmaker

            self._engine = make_engine(
                self.path, busy_timeout_ms=busy_timeout_ms, read_only=self.read_only is not None
            )
            self._sessions = make_sessionmaker(self._engine)
        return self._engine

    @classmethod
    def open(
        cls,
        folder: Path,
        *,
        before_upgrade: Callable[[Path], None] | None = _backup_before_upgrade,
        check: bool = True,
    ) -> Database:
        """Open (creating when missing) the database in a folder, check it and bring its schema up to date.

        A damaged file is moved aside and DatabaseDamaged names the newest good backup; before any schema
        upgrade `before_upgrade(path)` runs (by default: a backup). A read-only folder, or a full disk the
        file cannot be opened on, opens it for reading only (`read_only` says why); writes then fail with
        one sentence.
        """
        if folder.exists() and not folder.is_dir():
            raise StorageError(
                f"The data folder {folder} is a file, not a folder. "
                "Choose another folder with --data-dir or MLOPS_TRACKER_DATA_DIR."
            )
        if folder.is_dir() and not _writable(folder):
            return cls._open_read_only(folder, ReadOnly(folder), check=check)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(
                f"Cannot create the data folder {folder}: {error.strerror}. "
                "Choose another folder with --data-dir or MLOPS_TRACKER_DATA_DIR."
            ) from error
        try:
            return cls._open_writable(folder, before_upgrade=before_upgrade, check=check)
        except StorageError as error:
            if not (database_path(folder).exists() and failures.disk_full(folder)):
                raise
            # a full disk cannot even hold the -shm file SQLite needs: read what is there
            try:
                return cls._open_read_only(folder, ReadOnly(folder, full_disk=True), check=check)
            except StorageError:
                raise error from None

    @classmethod
    def _open_writable(
        cls, folder: Path, *, before_upgrade: Callable[[Path], None] | None, check: bool
    ) -> Database:
        remove_stale_temps(folder)  # left by a process killed while writing
        if check:
            _check_file(folder)
        path = database_path(folder)
        database = cls(folder)
        try:
            if not path.exists():
                _create_database(path)
            with database.reading() as connection:
                current = reads.schema_revision(connection)
            head = migrate.head_revision()
            if current not in (None, head) and current not in known_revisions():
                raise NewerSchema(folder, current)
            if current != head:
                if before_upgrade is not None and current is not None:
                    before_upgrade(path)
                migrate.upgrade(database.engine)
        except Exception as error:
            database.close()
            if not _is_environment_failure(error):
                raise
            reason = error.strerror if isinstance(error, OSError) else getattr(error, "orig", error)
            message = plain_message(error, path) or (
                f"Cannot open the database {path}: {reason}. "
                "Check that the folder is writable and the disk is not full."
            )
            raise StorageError(message) from error
        except BaseException:
            database.close()
            raise
        return database

    @classmethod
    def _open_read_only(cls, folder: Path, why: ReadOnly, *, check: bool) -> Database:
        """Open an existing, up-to-date database for reading only: nothing is created, moved or upgraded."""
        path = database_path(folder)
        if not path.exists():
            where = (
                f"the disk holding {folder} is full"
                if why.full_disk
                else f"the data folder {folder} is read-only"
            )
            raise StorageError(
                f"There is no database in {folder} yet and none can be made: {where}. Free some space, "
                "make the folder writable, or choose another folder with --data-dir."
            )
        if check:
            _check_file(folder, read_only=True)
        database = cls(folder, read_only=why)
        try:
            with database.reading() as connection:
                current = reads.schema_revision(connection)
            head = migrate.head_revision()
            if current not in (None, head) and current not in known_revisions():
                raise NewerSchema(folder, current)
            if current != head:
                raise StorageError(
                    f"The database {path} must be upgraded by this version of MLOps Tracker before it "
                    f"can be read, and the upgrade cannot be saved. {why.refusal}"
                )
        except BaseException:
            database.close()
            raise
        return database

    def _reader(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            # isolation_level=None: BEGIN and COMMIT are ours; check_same_thread=False only lets close()
            # run from another thread, each thread still reads on its own connection
            opener = connect if self.read_only is None else connect_read_only
            connection = opener(
                self.path, timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False
            )
            connection.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            connection.execute("PRAGMA foreign_keys=ON")
            self._local.connection = connection
            self._readers.append(connection)
        return connection

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Yield a plain sqlite3 connection that sees one consistent snapshot, for reads only."""
        with self._reads_done:
            self._reads_running += 1
        try:
            connection = self._reader()
            outermost = not connection.in_transaction
            try:
                if outermost:
                    connection.execute("BEGIN")
                yield connection
            except sqlite3.Error as error:
                message = self.explain(error)
                if message is None:
                    raise
                raise StorageError(message) from error
            finally:
                if outermost and connection.in_transaction:
                    connection.execute("ROLLBACK")  # nothing was written: ending the snapshot is all
        finally:
            with self._reads_done:
                self._reads_running -= 1
                self._reads_done.notify_all()

    def release(self) -> None:
        """Close every connection (the next read or write opens new ones), e.g. before replacing the file.

        Waits for reads running in other threads (a report being written) to end first: closing a
        connection under a running read would break it.
        """
        with self._reads_done:
            if not self._reads_done.wait_for(lambda: self._reads_running == 0, timeout=RELEASE_WAIT_S):
                raise StorageError(
                    "The database is still being read by a job in progress (an export or a report). "
                    "Wait for it to finish and try again."
                )
        for connection in self._readers:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
        self._readers.clear()
        self._local = threading.local()
        if self._engine is not None:
            self._engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a session whose work commits together, or not at all."""
        with self._session(snapshot=False) as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """Yield a session that only reads, from one consistent snapshot, without taking the write lock.

        For exports and import previews: a long read never holds up the window's or the command line's
        writes. Anything written in it is rolled back.
        """
        with self._session(snapshot=True) as session:
            yield session

    @contextmanager
    def _session(self, *, snapshot: bool) -> Iterator[Session]:
        """Yield a session in one transaction (committed, or for a snapshot rolled back); explain failures."""
        from sqlalchemy.exc import DBAPIError

        from mlops_tracker.storage.engine import SNAPSHOT_OPTION

        self.engine  # noqa: B018 (makes the engine and the session factory on first use)
        assert self._sessions is not None
        try:
            with self._sessions() as session, session.begin():
                if snapshot:
                    session.connection(execution_options={SNAPSHOT_OPTION: True})
                try:
                    yield session
                finally:
                    if snapshot:
                        session.rollback()
        except (DBAPIError, sqlite3.Error) as error:
            # only the environment's failures become messages; anything else is a bug with a traceback
            # (plain sqlite3 errors come from the hot writes that skip the ORM, see storage/repository.py)
            message = self.explain(error)
            if message is None:
                raise
            raise StorageError(message) from error

    def explain(self, error: BaseException) -> str | None:
        """Return one sentence for an environment failure on this database (None for a bug)."""
        if self.read_only is not None and failures.classify(error, self.folder) in ("read-only", "full"):
            return self.read_only.refusal
        return plain_message(error, self.path)

    def require_writable(self) -> None:
        """Raise StorageError with one sentence when changes cannot be saved (read-only folder, full disk)."""
        if self.read_only is not None:
            raise StorageError(self.read_only.refusal)

    def close(self) -> None:
        """Release the connections."""
        self.release()


def _writable(folder: Path) -> bool:
    """Return whether the data folder (and its database, when there is one) can be written."""
    path = database_path(folder)
    return failures.folder_writable(folder) and (not path.exists() or os.access(path, os.W_OK))


def _is_environment_failure(error: BaseException) -> bool:
    """Return whether an error came from the file system or SQLite (directly or wrapped by SQLAlchemy)."""
    if isinstance(error, OSError | sqlite3.OperationalError):
        return True
    return isinstance(getattr(error, "orig", None), sqlite3.OperationalError)

"""The administrator's side: make or upgrade the shared schema (`init_server`) and add learners' login roles.

Run with a role that may create roles (a superuser, or CREATEROLE and the database's owner). Everything each
call does happens in one transaction: it is done whole or not at all.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from pathlib import Path
from typing import NamedTuple

from psycopg import sql
from sqlalchemy import Connection, Engine, func, insert, select, text
from sqlalchemy.engine import URL

from mlops_tracker.sync.connection import connect
from mlops_tracker.sync.errors import SyncError
from mlops_tracker.sync.schema import (
    KNOWN_REVISIONS,
    LEARNER_GROUP,
    SCHEMA,
    SCHEMA_HEAD,
    TRAINER_GROUP,
    VERSION_TABLE,
    learners,
)

MIGRATIONS = Path(__file__).with_name("migrations")
INIT_LOCK = 0x6D6C6F7073696E69  # "mlopsini": two administrators running init at once take turns
MAX_NAME = 100
MIN_PASSWORD = 12
ROLE_PREFIX = "mlops_"
_RESERVED_SLUGS = {"learner", "trainer", "sync", "sync_version"}  # would collide with our own roles


class InitResult(NamedTuple):
    """The server's schema revision before and after `init_server` (before is None on a new database)."""

    before: str | None
    after: str

    @property
    def changed(self) -> bool:
        """Return whether init wrote anything."""
        return self.before != self.after


def server_revision(connection: Connection) -> str | None:
    """Return the server's sync schema revision, or None when `server init` has never run there."""
    table = f"{SCHEMA}.{VERSION_TABLE}"
    if connection.execute(select(func.to_regclass(table))).scalar() is None:
        return None
    return connection.execute(text(f"SELECT version_num FROM {table}")).scalar()


def check_schema(connection: Connection) -> str:
    """Return the server's revision if this app can work with it, else raise `SyncError` (nothing written)."""
    revision = server_revision(connection)
    if revision is None:
        raise SyncError(
            "The sync server is not set up for MLOps Tracker: its administrator should run "
            "`mlops-tracker server init URL`."
        )
    _refuse_newer(revision)
    if revision != SCHEMA_HEAD:
        raise SyncError(
            f"The sync server's schema (revision {revision}) is older than this app's ({SCHEMA_HEAD}): its "
            "administrator should run `mlops-tracker server init URL`; nothing was sent."
        )
    return revision


def _refuse_newer(revision: str) -> None:
    if revision not in KNOWN_REVISIONS:
        raise SyncError(
            f"The sync server's schema (revision {revision}) is newer than this version of MLOps Tracker: "
            "update the app on this computer; nothing was written."
        )


def init_server(url: str | URL | Engine) -> InitResult:
    """Create or upgrade the shared schema, the group roles, the grants and the row-level security policies.

    Idempotent: on a server already at this app's revision it writes nothing.
    """
    with connect(url) as connection, connection.begin():
        connection.execute(select(func.pg_advisory_xact_lock(INIT_LOCK)))
        before = server_revision(connection)
        if before is not None:
            _refuse_newer(before)  # before any write: a newer schema is left exactly as it was
        if before == SCHEMA_HEAD:
            return InitResult(before, before)
        connection.execute(
            text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        )  # Alembic's version table lives there
        _upgrade(connection)
        return InitResult(before, SCHEMA_HEAD)


def _upgrade(connection: Connection) -> None:
    from alembic import command  # imported here: the client's push and pull never need Alembic
    from alembic.config import Config

    config = Config()  # built in code: no alembic.ini, no fileConfig touching the app's logging
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, SCHEMA_HEAD)


def script_head() -> str:
    """Return the newest revision among the migration scripts (reads them with Alembic)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def learner_role(name: str) -> str:
    """Return the login role for a learner's name: "Ana María" → "mlops_ana_maria" (always a safe identifier).

    Names that keep nothing in ASCII, or would clash with the group roles, get a short digest instead.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:40].rstrip("_")
    if not slug or slug in _RESERVED_SLUGS:
        slug = "u" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return ROLE_PREFIX + slug


def generate_password() -> str:
    """Return a new random password (32 URL-safe characters, 192 bits)."""
    return secrets.token_urlsafe(24)


def _clean(value: str, what: str) -> str:
    cleaned = " ".join(value.split())
    if not 1 <= len(cleaned) <= MAX_NAME or not cleaned.isprintable():
        raise SyncError(f"The {what} {value!r} must have 1 to {MAX_NAME} printable characters.")
    return cleaned


def _checked_password(password: str | None) -> str:
    if password is None:
        return generate_password()
    password = password.strip("\r\n")  # a --password-file usually ends with a newline
    if len(password) < MIN_PASSWORD:
        raise SyncError(
            f"The password must have at least {MIN_PASSWORD} characters; leave it out to get one."
        )
    return password


def add_learner(
    url: str | URL | Engine,
    name: str,
    cohort: str | None = None,
    trainer: bool = False,
    password: str | None = None,
) -> str:
    """Make a login role for a learner (or a cohort's trainer), register it and return its password.

    The role is `learner_role(name)`; the password is generated when none is given. Print it once: the app
    never stores it.
    """
    name = _clean(name, "learner's name")
    cohort = _clean(cohort, "cohort") if cohort is not None else None
    if trainer and cohort is None:
        raise SyncError(f"A trainer reads one cohort's events: give {name}'s cohort (--cohort COHORT).")
    password = _checked_password(password)
    role = learner_role(name)
    with connect(url) as connection, connection.begin():
        check_schema(connection)
        registered = connection.execute(select(learners.c.role_name).where(learners.c.name == name)).scalar()
        if registered is not None:
            raise SyncError(f"{name} is already registered (role {registered}); nothing was changed.")
        taken = connection.execute(
            text("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = :role"), {"role": role}
        )
        if taken.first() is not None:
            raise SyncError(
                f"The server already has a role named {role}: choose another name for {name}; "
                "nothing was changed."
            )
        group = TRAINER_GROUP if trainer else LEARNER_GROUP
        _run(
            connection,
            sql.SQL("CREATE ROLE {role} LOGIN PASSWORD {secret} IN ROLE {group}").format(
                role=sql.Identifier(role), secret=sql.Literal(_verifier(connection, role, password)),
                group=sql.Identifier(group),
            ),
        )  # fmt: skip
        connection.execute(
            insert(learners).values(name=name, role_name=role, cohort=cohort, is_trainer=trainer)
        )
    return password


def set_password(url: str | URL | Engine, name: str, password: str | None = None) -> str:
    """Give a registered learner's role a new password (generated when none is given) and return it."""
    name = _clean(name, "learner's name")
    password = _checked_password(password)
    with connect(url) as connection, connection.begin():
        check_schema(connection)
        role = connection.execute(select(learners.c.role_name).where(learners.c.name == name)).scalar()
        if role is None:
            raise SyncError(f"{name} is not a registered learner: add them with `server add-learner`.")
        _run(
            connection,
            sql.SQL("ALTER ROLE {role} PASSWORD {secret}").format(
                role=sql.Identifier(role), secret=sql.Literal(_verifier(connection, role, password))
            ),
        )
    return password


def _verifier(connection: Connection, role: str, password: str) -> str:
    # libpq hashes the password here (SCRAM, or whatever the server's password_encryption asks for), so the
    # plain password never reaches the server: not its statement log, not pg_stat_activity
    pgconn = connection.connection.driver_connection.pgconn
    return pgconn.encrypt_password(password.encode("utf-8"), role.encode("utf-8")).decode("ascii")


def _run(connection: Connection, statement: sql.Composed) -> None:
    # utility statements (CREATE/ALTER ROLE) take no bind parameters: psycopg's sql module quotes the
    # identifier and the literal, on the same connection and so in the same transaction
    connection.connection.driver_connection.execute(statement)

"""Sync subcommands: `server init|add-learner` (the administrator's), `sync [setup|status]`, `cohort`.

Everything of sync (psycopg, SQLAlchemy's PostgreSQL dialect) is imported inside the handlers: the parser is
built for every start, the window's too.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from mlops_tracker.cli.common import ArgumentParser, Subcommands, print_json, say_note
from mlops_tracker.domain.errors import UserError

if TYPE_CHECKING:
    from mlops_tracker.core.tracker import Tracker

MAX_PASSWORD_FILE = 4096


def cmd_server(folder: Path, args: argparse.Namespace) -> None:
    """Run `server init` or `server add-learner` (no data folder needed)."""
    from mlops_tracker.sync import server
    from mlops_tracker.sync.connection import describe

    if args.server_command == "init":
        result = server.init_server(args.url)
        where = describe(args.url)
        if result.changed:
            print(f"The sync server {where} is set up (schema {result.after}, roles and row-level security).")
        else:
            print(f"The sync server {where} is already set up (schema {result.after}); nothing was changed.")
        return
    password = _read_password(args.password_file) if args.password_file else None
    given = server.add_learner(
        args.url, args.name, cohort=args.cohort, trainer=args.trainer, password=password
    )
    role = server.learner_role(args.name)
    what = (
        f"trainer of {args.cohort}"
        if args.trainer
        else "learner" + (f" in {args.cohort}" if args.cohort else "")
    )
    print(f"Added {args.name} ({what}) as the login role {role}.")
    if password is None:
        print(f"Password (shown once, the app never stores it): {given}")


def _read_password(path: str) -> str:
    file = Path(path).expanduser()
    try:
        if file.stat().st_size > MAX_PASSWORD_FILE:
            raise UserError(f"{file} is not a password file (over {MAX_PASSWORD_FILE} bytes).")
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"There is no password file {file}.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(
            f"Cannot read the password file {file}: {getattr(error, 'strerror', None) or error}."
        ) from None
    lines = text.splitlines()
    if not lines:
        raise UserError(f"The password file {file} is empty.")
    return lines[0]


def cmd_sync(tracker: Tracker, args: argparse.Namespace) -> None:
    """Run `sync` (now), `sync setup URL` or `sync status`."""
    from mlops_tracker.core import sync, sync_state
    from mlops_tracker.sync.connection import describe

    if args.sync_command == "setup":
        who = sync.setup(tracker, args.url)
        role = f"trainer of {who.cohort}" if who.trainer else f"learner {who.name}"
        print(f"Sync is set up with {describe(args.url)} as {role}; the password is not saved here.")
        print("For later syncs, libpq finds it in PGPASSWORD or ~/.pgpass (PGSSLMODE and PG* apply too).")
        return
    if args.sync_command == "status":
        state = sync_state.status(tracker)
        if args.json:
            print_json(state.as_json())
        elif state.server is None:
            print("Sync is not set up: run `mlops-tracker sync setup URL`.")
        else:
            when = state.last_sync.isoformat(timespec="seconds") if state.last_sync else "never"
            print(f"Server {state.server}; last sync {when}; {state.pending} changes waiting.")
        return
    result = sync.sync_now(tracker)
    if result.warning:
        say_note(result.warning)
    print(f"Synced: {result.pushed} sent, {result.pulled} received, {result.pending} waiting.")


def cmd_cohort(tracker: Tracker, args: argparse.Namespace) -> None:
    """Print the cohort of a trainer's connection: readiness, plan, forecast and last activity per learner."""
    from mlops_tracker.core import cohort

    view = cohort.load_cohort(tracker)
    if args.report:
        from mlops_tracker.reports.cohort_report import write_cohort_report

        path = write_cohort_report(view, Path(args.report).expanduser())
        print(f"Wrote the cohort report ({len(view.learners)} learners) to {path}.")
        return
    if args.json:
        print_json(view.as_json())
        return
    for line in cohort.describe(view):
        print(line)


def register(sub: Subcommands) -> None:
    """Add the sync subcommands."""
    server = sub.add_for_folder("server", cmd_server, "set up a PostgreSQL sync server (administrator)")
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True,
                                    parser_class=ArgumentParser)  # fmt: skip
    init = actions.add_parser("init", help="create or upgrade the schema, roles and row-level security")
    init.add_argument("url", metavar="URL", help="postgresql://ADMIN@HOST:PORT/DATABASE")
    add = actions.add_parser("add-learner", help="make a login role for a learner (or a cohort's trainer)")
    add.add_argument("url", metavar="URL", help="postgresql://ADMIN@HOST:PORT/DATABASE")
    add.add_argument("name", metavar="NAME", help="the learner's name")
    add.add_argument("--cohort", metavar="COHORT", help="the learner's (or trainer's) cohort")
    add.add_argument("--trainer", action="store_true", help="a trainer: reads the cohort's progress")
    add.add_argument("--password-file", metavar="FILE", help="take the password from this file's first line")

    sync = sub.add("sync", cmd_sync, "sync this computer's progress with the PostgreSQL server now")
    steps = sync.add_subparsers(dest="sync_command", metavar="ACTION", parser_class=ArgumentParser)
    setup = steps.add_parser("setup", help="test a server URL and save it (never its password)")
    setup.add_argument("url", metavar="URL", help="postgresql://ROLE@HOST:PORT/DATABASE")
    state = steps.add_parser("status", help="the server, the last sync and the changes waiting")
    state.add_argument("--json", action="store_true", help="print {server, last_sync, pending}")

    cohort = sub.add("cohort", cmd_cohort, "a trainer's view of the cohort (needs a trainer's sync setup)")
    cohort.add_argument("--json", action="store_true", help="print the cohort as JSON")
    cohort.add_argument("--report", metavar="FILE.pdf", help="write the cohort as a PDF report")

"""The command line: the same Tracker as the window, with no screen needed.

Every user error prints one line on stderr and exits 2; a bug is logged to the data folder and exits 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from mlops_tracker import __version__
from mlops_tracker.cli.common import (
    BUG,
    USER_ERROR,
    ArgumentParser,
    Subcommands,
    bug_text,
    say_error,
    say_note,
)
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.errors import UserError
from mlops_tracker.paths import data_dir, log_path


class _WindowParser(argparse.ArgumentParser):
    """Parse the window's options quietly: anything else is for the full parser to read or refuse."""

    def error(self, message: str) -> NoReturn:
        raise SystemExit(USER_ERROR)


def _add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", metavar="DIR", help="data folder (default: the platform's, or $MLOPS_TRACKER_DATA_DIR)"
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, quit after its first paint (exit 0), exit non-zero on any error",
    )
    parser.add_argument(
        "--tray",
        action="store_true",
        help="start in the system tray with the window hidden (for start at login; click the icon to open)",
    )


def _window_only(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """Return the window's options when the arguments ask for the window alone, else None.

    Opening the window then needs neither the subcommands' modules nor their parsers (start-up time).
    """
    parser = _WindowParser(prog="mlops-tracker", add_help=False)
    _add_window_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except SystemExit:
        return None  # let the full parser say what is wrong
    return None if rest else args


def build_parser() -> ArgumentParser:
    """Return the argument parser with every subcommand."""
    from mlops_tracker.cli import data, documents, engine, reviews, sync

    parser = ArgumentParser(
        prog="mlops-tracker", description="Study tracker for the Certified MLOps Manager."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_window_options(parser)
    sub = Subcommands(parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser))
    for module in (engine, data, documents, reviews, sync):
        module.register(sub)
    return parser


def _log_bug(folder: Path) -> Path | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=log_path(folder), level=logging.ERROR)
        logging.getLogger("mlops_tracker").exception("unexpected error")
        return log_path(folder)
    except OSError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; with no command, open the window."""
    args = _window_only(sys.argv[1:] if argv is None else argv)
    if args is None:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as stop:  # --help, --version and usage errors: return the code, don't raise
            return stop.code if isinstance(stop.code, int) else USER_ERROR
    if getattr(args, "command", None) is None:
        from mlops_tracker.gui.platform_check import check_platform  # Qt-free: before Qt's libraries load

        if (code := check_platform()) is not None:
            return code  # Qt would abort: the message named the system libraries to install
        from mlops_tracker.gui.app import run_app  # Qt only when the window is wanted

        return run_app(args.data_dir, smoke_test=args.smoke_test, tray=args.tray)
    folder = data_dir(args.data_dir)
    try:
        # restore and backups run on the folder: they must work when the database cannot be opened
        if not getattr(args, "needs_tracker", True):
            args.handler(folder, args)
            return 0
        tracker = Tracker.open(folder, source="cli")
        try:
            if tracker.database.read_only is not None:
                say_note(tracker.database.read_only.notice)
            args.handler(tracker, args)
        finally:
            tracker.close()
    except UserError as error:
        say_error(str(error))
        return USER_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return 0
    except Exception as error:
        where = _log_bug(folder)
        detail = f" Details are in {where}." if where else ""
        print(f"mlops-tracker: unexpected error: {bug_text(error)}.{detail}", file=sys.stderr)
        return BUG
    return 0

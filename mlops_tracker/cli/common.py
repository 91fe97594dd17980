"""What every subcommand module shares: the parser class, registration, JSON output and error lines."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from mlops_tracker.core.tracker import Tracker

USER_ERROR, BUG = 2, 1
Handler = Callable[[Tracker, argparse.Namespace], None]
FolderHandler = Callable[[Path, argparse.Namespace], None]
PROG = "mlops-tracker"
_END_OF_SENTENCE = (".", ":", ";", "!", "?", "…")


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USER_ERROR, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class Subcommands:
    """The subcommand registry each module adds its commands to."""

    def __init__(self, parsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
        self.parsers = parsers

    def add(self, name: str, handler: Handler, help_: str) -> ArgumentParser:
        """Add a subcommand run with an open Tracker; return its parser for arguments."""
        command = self.parsers.add_parser(name, help=help_, description=help_)
        command.set_defaults(handler=handler, needs_tracker=True)
        return command

    def add_for_folder(self, name: str, handler: FolderHandler, help_: str) -> ArgumentParser:
        """Add a subcommand run on the data folder without opening its database (restore, backups).

        These must work when the database cannot be opened: damaged, or made by a newer version.
        """
        command = self.parsers.add_parser(name, help=help_, description=help_)
        command.set_defaults(handler=handler, needs_tracker=False)
        return command


def one_line(text: str) -> str:
    """Return a message on one line: its lines joined as sentences, runs of spaces made one."""
    parts = [" ".join(line.split()) for line in text.splitlines()]
    joined = ""
    for part in filter(None, parts):
        if joined:
            joined += " " if joined.endswith(_END_OF_SENTENCE) else "; "
        joined += part
    return joined


def error_text(error: BaseException) -> str:
    """Return what a user error says, on one line."""
    return one_line(str(error))


def bug_text(error: BaseException) -> str:
    """Return an unexpected error's kind and first words, on one line, without SQL or parameters."""
    cause = getattr(error, "orig", None) or error  # SQLAlchemy: the driver's error, not its SQL dump
    text = re.split(r"\n\[(?:SQL|parameters|Background)", str(cause))[0]
    return one_line(f"{cause.__class__.__name__}: {text}")


def say_error(message: str) -> None:
    """Print a user error as one line on stderr."""
    print(f"{PROG}: error: {one_line(message)}", file=sys.stderr)


def say_note(message: str) -> None:
    """Print a note about the data (e.g. opened read-only) as one line on stderr."""
    print(f"{PROG}: note: {one_line(message)}", file=sys.stderr)


def print_json(value: Any) -> None:
    """Print a value as indented JSON."""
    print(json.dumps(value, indent=2, ensure_ascii=False))

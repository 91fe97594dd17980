"""What every subcommand module shares: the parser class, registration and JSON output."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any, NoReturn

from mlops_tracker.core.tracker import Tracker

USER_ERROR, BUG = 2, 1
Handler = Callable[[Tracker, argparse.Namespace], None]


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
        command.set_defaults(handler=handler)
        return command


def print_json(value: Any) -> None:
    """Print a value as indented JSON."""
    print(json.dumps(value, indent=2, ensure_ascii=False))

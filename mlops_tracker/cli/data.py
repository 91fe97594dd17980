"""Data-safety subcommands: export, import, backup, backups, restore, check."""

from __future__ import annotations

from mlops_tracker.cli.common import Subcommands


def register(sub: Subcommands) -> None:
    """Add the data-safety subcommands."""

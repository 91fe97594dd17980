"""Document subcommands: report, portfolio, chart."""

from __future__ import annotations

from mlops_tracker.cli.common import Subcommands


def register(sub: Subcommands) -> None:
    """Add the document subcommands."""

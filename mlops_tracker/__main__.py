"""Entry point for `python -m mlops_tracker` and the `mlops-tracker` script."""

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line, or the window when no subcommand is given."""
    from mlops_tracker.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())

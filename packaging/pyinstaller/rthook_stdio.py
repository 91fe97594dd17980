"""PyInstaller runtime hook: give a windowed build (no console) somewhere harmless to print.

Without a console, Windows and macOS start the app with sys.stdout and sys.stderr set to None, and anything
that writes to them (a warning, a library's print, logging's last-resort handler) would raise. Errors still
reach the log file in the data folder: the app writes it; these streams are only a sink.
"""

import os
import sys

if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

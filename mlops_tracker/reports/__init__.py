"""Printable documents: the progress report and the project portfolio."""

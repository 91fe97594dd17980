"""Open an evidence value safely: web links in the browser, files shown in their folder, the rest asked."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from mlops_tracker.domain.links import Link, LinkKind, classify_link, visible
from mlops_tracker.gui.bridge import confirm, show_error

Ask = Callable[[QWidget | None, str, str], bool]


def _ask(parent: QWidget | None, title: str, text: str) -> bool:
    # as rich text made from plain text: a value like "<b>x</b>" is shown as typed, never rendered;
    # No is the default button, so Enter does not open it
    return confirm(parent, title, as_html(text))


def as_html(text: str) -> str:
    """Return plain text as HTML paragraphs that show it as typed (blanks kept, lines still wrap)."""
    return "".join(
        f"<p style='white-space: pre-wrap'>{html.escape(part, quote=False)}</p>"
        for part in text.split("\n\n")
    )


def confirmation_text(link: Link) -> str:
    """Return the question shown before opening a link that could start a program, with its full value."""
    if link.kind is LinkKind.FILE:
        action = f"Show the folder {visible(link.folder)} in the file manager? The file itself is not opened."
    else:
        action = "Hand it to the system, which may start another program?"
    return (
        f"This evidence needs a second look because {link.ask_because}:\n\n{visible(link.value)}\n\n{action}"
    )


def tooltip_of(text: str) -> str:
    """Return what the Open button will do with an evidence value."""
    link = classify_link(text, risky=lambda path: False)  # no file system access on each keystroke
    if link is None:
        return "Nothing to open"
    if link.kind is LinkKind.WEB:
        return "Open the link in the browser"
    if link.kind is LinkKind.FILE:
        return "Show the file in its folder (the file itself is not opened)"
    return "Asks first: this is not a web link or a file path"


def open_evidence(parent: QWidget | None, text: str, *, ask: Ask = _ask) -> str | None:
    """Open an evidence value: return "web", "folder" or "other" for what was opened, None when nothing."""
    link = classify_link(text)
    if link is None:
        return None
    if link.ask_because is not None and not ask(parent, "Open evidence", confirmation_text(link)):
        return None
    if link.kind is LinkKind.WEB:
        QDesktopServices.openUrl(QUrl(link.target, QUrl.ParsingMode.StrictMode))
        return "web"
    if link.kind is LinkKind.FILE:
        folder = Path(link.folder)
        if not folder.is_dir():
            show_error(parent, f"The folder {visible(str(folder))} does not exist (the evidence names it).")
            return None
        # the folder, never the file: opening a file could run it (a script, a launcher, a program)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        return "folder"
    QDesktopServices.openUrl(QUrl(link.target))
    return "other"

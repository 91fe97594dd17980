"""Text helpers of the pages: simple escaped HTML for QTextBrowser prose."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTextBrowser, QWidget

from mlops_tracker.gui.open_link import open_evidence


def esc(text: str) -> str:
    """Return text escaped for HTML."""
    return html.escape(text, quote=True)


def paragraphs(texts: Iterable[str]) -> str:
    """Return paragraphs as HTML."""
    return "".join(f"<p>{esc(text)}</p>" for text in texts)


def heading(text: str, level: int = 2) -> str:
    """Return a heading as HTML."""
    return f"<h{level}>{esc(text)}</h{level}>"


def bullet_list(texts: Iterable[str]) -> str:
    """Return an unordered list as HTML (empty when there is nothing to list)."""
    rows = "".join(f"<li>{esc(text)}</li>" for text in texts)
    return f"<ul>{rows}</ul>" if rows else ""


def definition(term: str, text: str) -> str:
    """Return a bold term followed by its text, as one paragraph."""
    return f"<p><b>{esc(term)}</b> {esc(text)}</p>"


class GuideBrowser(QTextBrowser):
    """A read-only, selectable prose panel styled from the palette, so it reads in light and dark."""

    def __init__(self, parent: QWidget | None = None, name: str = "Guide text") -> None:
        super().__init__(parent)
        self.setAccessibleName(name)  # what a screen reader calls the panel
        # a link goes through the rule the evidence "Open" follows: web pages open, anything else asks first
        self.setOpenLinks(False)
        self.anchorClicked.connect(lambda url: open_evidence(self, url.toString()))
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.document().setDocumentMargin(12)
        self._body = ""
        self._apply_style()

    def set_body(self, body: str) -> None:
        """Show this HTML body."""
        self._body = body
        self.setHtml(body)

    def _apply_style(self) -> None:
        palette = self.palette()
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        link = palette.color(QPalette.ColorRole.Link).name()
        self.document().setDefaultStyleSheet(
            "h1 { font-size: x-large; margin-bottom: 6px; }"
            "h2 { font-size: large; margin-top: 16px; margin-bottom: 4px; }"
            "h3 { font-size: medium; margin-top: 12px; margin-bottom: 2px; }"
            "p { margin-top: 2px; margin-bottom: 8px; line-height: 130%; }"
            f".muted {{ color: {muted}; }}"
            f"a {{ color: {link}; }}"
            "td, th { padding: 4px 8px; }"
        )

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.ApplicationPaletteChange):
            self._apply_style()
            if self._body:
                self.setHtml(self._body)


class PaddedDelegate(QStyledItemDelegate):
    """Draw rows as usual, with some air above and below the text."""

    def __init__(self, padding: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.padding = padding

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 2 * self.padding)

"""Labels as the pages, dialogs and widgets build them: a style role, an object name, wrapping, bold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel


def label(
    text: str = "", *, role: str = "", name: str = "", wrap: bool = False, selectable: bool = False
) -> QLabel:
    """Return a label with this theme role and object name, word-wrapped or mouse-selectable on request."""
    widget = QLabel(text)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    if wrap:
        widget.setWordWrap(True)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def bold_label(
    text: str = "",
    *,
    scale: float = 1.0,
    role: str = "",
    name: str = "",
    wrap: bool = False,
    selectable: bool = False,
) -> QLabel:
    """Return a bold label, its font scaled by `scale` (the theme's role style wins when present)."""
    widget = label(text, role=role, name=name, wrap=wrap, selectable=selectable)
    font = QFont(widget.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)
    return widget


def title_label(text: str) -> QLabel:
    """Return a page title: large and bold."""
    return bold_label(text, scale=1.6, role="title")


def heading_label(text: str = "", *, name: str = "", selectable: bool = False) -> QLabel:
    """Return a section heading: bold, a little larger, word-wrapped."""
    return bold_label(text, scale=1.15, role="heading", name=name, wrap=True, selectable=selectable)

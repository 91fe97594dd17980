"""Small line icons drawn as SVG, tinted for the scheme in use (sharp on high-DPI screens)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPixmap

# 24×24 outlines; {c} is the stroke colour
_SHAPES: dict[str, str] = {
    "today": (
        '<rect x="3.5" y="5" width="17" height="15.5" rx="2.5"/>'
        '<path d="M3.5 9.5h17M8 3v4M16 3v4"/><path d="M8.5 14.5l2.5 2.5 4.5-4.5"/>'
    ),
    "plan": (
        '<path d="M9 6h11M9 12h11M9 18h11"/>'
        '<circle cx="4.8" cy="6" r="1.3"/><circle cx="4.8" cy="12" r="1.3"/>'
        '<circle cx="4.8" cy="18" r="1.3"/>'
    ),
    "levels": (
        '<path d="M12 3l9 4.5-9 4.5-9-4.5z"/><path d="M3 12l9 4.5 9-4.5"/><path d="M3 16.5l9 4.5 9-4.5"/>'
    ),
    "progress": ('<path d="M4 20V4M4 20h16"/><path d="M7.5 15.5l4-4.5 3 2.5 5-6"/>'),
    "guide": (
        '<path d="M4 5.5C6.5 4 9.5 4 12 5.5v14c-2.5-1.5-5.5-1.5-8 0z"/>'
        '<path d="M20 5.5C17.5 4 14.5 4 12 5.5v14c2.5-1.5 5.5-1.5 8 0z"/>'
    ),
    "play": '<path d="M7 4.5v15l12-7.5z"/>',
    "pause": '<path d="M8 5v14M16 5v14"/>',
    "stop": '<rect x="6" y="6" width="12" height="12" rx="1.5"/>',
}


def svg_text(name: str, colour: str) -> str:
    """Return the SVG document of an icon in a colour."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" fill="none" '
        f'stroke="{colour}" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">'
        f"{_SHAPES[name]}</svg>"
    )


def line_icon(name: str, colour: str, selected_colour: str | None = None) -> QIcon:
    """Return an icon from its outline, with a second tint for selected rows."""
    icon = QIcon()
    for size in (16, 20, 24, 32, 40, 48):
        normal = _rendered(name, colour, size)
        if normal.isNull():
            return QIcon()
        icon.addPixmap(normal, QIcon.Mode.Normal)
        icon.addPixmap(normal, QIcon.Mode.Active)
        if selected_colour:
            icon.addPixmap(_rendered(name, selected_colour, size), QIcon.Mode.Selected)
    return icon


def _rendered(name: str, colour: str, size: int) -> QPixmap:
    # render at the exact size instead of scaling a 24 px raster, so strokes stay crisp
    text = svg_text(name, colour).replace('width="24" height="24"', f'width="{size}" height="{size}"')
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(text.encode()), "SVG")
    return pixmap

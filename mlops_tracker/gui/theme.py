"""The look: Fusion, the system's light or dark scheme (or the user's choice) and a small style sheet."""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

THEME_SETTING = "theme"
THEMES: tuple[str, ...] = ("system", "light", "dark")


@dataclass(frozen=True)
class Colours:
    """The few colours the style sheet and the custom widgets use."""

    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    accent_soft: str
    nav: str
    tile: str
    good: str
    warn: str
    bad: str


LIGHT = Colours(
    window="#f4f5f8",
    base="#ffffff",
    alt_base="#f7f8fb",
    text="#1d2330",
    muted="#5d6677",
    border="#d9dde5",
    accent="#2f6bd8",
    accent_text="#ffffff",
    accent_soft="#e3ecfb",
    nav="#eaedf3",
    tile="#ffffff",
    good="#1f8a4c",
    warn="#a86200",
    bad="#c0392b",
)

DARK = Colours(
    window="#1c1f26",
    base="#23272f",
    alt_base="#272b34",
    text="#e6e9ef",
    muted="#9aa3b2",
    border="#373c47",
    accent="#6c9cff",
    accent_text="#0e1420",
    accent_soft="#2a3550",
    nav="#181a20",
    tile="#262a33",
    good="#55c98a",
    warn="#e8a545",
    bad="#ff7b6b",
)


class TrackerStyle(QProxyStyle):
    """Fusion with check boxes drawn in the theme's colours, clearly visible in light and dark."""

    CHECKS = (
        QStyle.PrimitiveElement.PE_IndicatorCheckBox,
        QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
    )

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element in self.CHECKS:
            draw_check_box(painter, option)
            return
        super().drawPrimitive(element, option, painter, widget)


def draw_check_box(painter: QPainter, option: QStyleOption) -> None:
    """Draw a rounded check box: an outline when off, a filled tick when on, a dash when partly on."""
    c = colours()
    state = option.state
    side = min(option.rect.width(), option.rect.height(), 18) - 2
    box = QRectF(0, 0, side, side)
    box.moveCenter(QRectF(option.rect).center())
    enabled = bool(state & QStyle.StateFlag.State_Enabled)
    on = bool(state & QStyle.StateFlag.State_On)
    partial = bool(state & QStyle.StateFlag.State_NoChange)
    hover = bool(state & QStyle.StateFlag.State_MouseOver)
    accent = QColor(c.accent if enabled else c.border)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if on or partial:
        selected = bool(state & QStyle.StateFlag.State_Selected)
        # on a selected row the highlight may be the accent itself: outline the box to keep it apart
        painter.setPen(QPen(QColor(c.accent_text), 1.2) if selected else Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRoundedRect(box, 2.5, 2.5)
        pen = QPen(QColor(c.accent_text), max(side / 8, 1.6))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        if on:
            path = QPainterPath()
            path.moveTo(box.left() + side * 0.24, box.top() + side * 0.52)
            path.lineTo(box.left() + side * 0.42, box.top() + side * 0.70)
            path.lineTo(box.left() + side * 0.77, box.top() + side * 0.32)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        else:
            y = box.center().y()
            painter.drawLine(QPointF(box.left() + side * 0.27, y), QPointF(box.right() - side * 0.27, y))
    else:
        border = QColor(c.accent if hover and enabled else c.muted)
        if not enabled:
            border = QColor(c.border)
        painter.setPen(QPen(border, 1.4))
        painter.setBrush(QColor(c.base))
        painter.drawRoundedRect(box.adjusted(0.7, 0.7, -0.7, -0.7), 2.5, 2.5)
    painter.restore()


class ThemeNotifier(QObject):
    """Tells widgets (the charts) that the light/dark scheme changed."""

    scheme_changed = Signal(bool)  # dark


_choice = "system"
_dark = False
_connected = False
_style: TrackerStyle | None = None
notifier: ThemeNotifier | None = None


def is_dark() -> bool:
    """Return whether the dark scheme is in use."""
    return _dark


def colours() -> Colours:
    """Return the colours of the scheme in use."""
    return DARK if _dark else LIGHT


def current_choice() -> str:
    """Return the theme the user chose: system, light or dark."""
    return _choice


def _system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def palette_for(c: Colours) -> QPalette:
    """Return a Fusion palette in the given colours."""
    pal = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    pal.setColor(role.Window, QColor(c.window))
    pal.setColor(role.WindowText, QColor(c.text))
    pal.setColor(role.Base, QColor(c.base))
    pal.setColor(role.AlternateBase, QColor(c.alt_base))
    pal.setColor(role.ToolTipBase, QColor(c.base))
    pal.setColor(role.ToolTipText, QColor(c.text))
    pal.setColor(role.PlaceholderText, QColor(c.muted))
    pal.setColor(role.Text, QColor(c.text))
    pal.setColor(role.Button, QColor(c.tile))
    pal.setColor(role.ButtonText, QColor(c.text))
    pal.setColor(role.BrightText, QColor(c.bad))
    pal.setColor(role.Highlight, QColor(c.accent))
    pal.setColor(role.HighlightedText, QColor(c.accent_text))
    pal.setColor(role.Link, QColor(c.accent))
    pal.setColor(role.LinkVisited, QColor(c.accent))
    pal.setColor(role.Light, QColor(c.base).lighter(120))
    pal.setColor(role.Midlight, QColor(c.border).lighter(110))
    pal.setColor(role.Mid, QColor(c.border))
    pal.setColor(role.Dark, QColor(c.border).darker(150))
    pal.setColor(role.Shadow, QColor("#000000"))
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(group.Disabled, r, QColor(c.muted))
    pal.setColor(group.Disabled, role.Highlight, QColor(c.border))
    return pal


def style_sheet(c: Colours) -> str:
    """Return the application style sheet for the given colours."""
    return f"""
QListWidget#navigation {{
    background: {c.nav};
    border: none;
    border-right: 1px solid {c.border};
    padding: 8px 6px;
    outline: 0;
    font-size: 10.5pt;
}}
QListWidget#navigation::item {{
    padding: 9px 10px;
    margin: 1px 0;
    border-radius: 6px;
    color: {c.text};
}}
QListWidget#navigation::item:hover {{ background: {c.accent_soft}; }}
QListWidget#navigation::item:selected {{
    background: {c.accent};
    color: {c.accent_text};
}}
QLabel[role="title"] {{ font-size: 17pt; font-weight: 600; color: {c.text}; }}
QLabel[role="subtitle"] {{ font-size: 10pt; color: {c.muted}; }}
QLabel[role="heading"] {{ font-size: 11.5pt; font-weight: 600; color: {c.text}; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="hint"] {{ color: {c.warn}; }}
QFrame#tile, QFrame[role="card"] {{
    background: {c.tile};
    border: 1px solid {c.border};
    border-radius: 8px;
}}
QFrame#tile QLabel, QFrame[role="card"] QLabel {{ background: transparent; border: none; }}
QLabel#tileValue {{ font-size: 19pt; font-weight: 600; color: {c.text}; }}
QLabel#tileValue[tone="good"] {{ color: {c.good}; }}
QLabel#tileValue[tone="warn"] {{ color: {c.warn}; }}
QLabel#tileValue[tone="bad"] {{ color: {c.bad}; }}
QLabel#tileCaption {{ font-size: 9pt; color: {c.muted}; text-transform: uppercase; }}
QLabel#tileDetail {{ font-size: 9pt; color: {c.muted}; }}
QFrame[role="focus"] {{
    background: {c.accent_soft};
    border: none;
    border-left: 3px solid {c.accent};
    border-radius: 4px;
}}
QFrame[role="focus"] QLabel {{ background: transparent; }}
QListView#taskList {{
    background: {c.base};
    border: 1px solid {c.border};
    border-radius: 8px;
    padding: 4px;
}}
QListView#taskList::item {{ padding: 7px 6px; border-radius: 5px; }}
QListView#taskList::item:selected {{ background: {c.accent_soft}; color: {c.text}; }}
QLabel#timerDisplay {{ font-size: 20pt; font-weight: 600; font-family: monospace; color: {c.text}; }}
QPushButton[role="primary"] {{
    background: {c.accent};
    color: {c.accent_text};
    border: 1px solid {c.accent};
    border-radius: 5px;
    padding: 5px 14px;
    font-weight: 600;
}}
QPushButton[role="primary"]:hover {{ background: {QColor(c.accent).lighter(110).name()}; }}
QPushButton[role="primary"]:disabled {{ background: {c.border}; border-color: {c.border}; color: {c.muted}; }}
QListWidget#roleList::item {{ padding: 6px 4px; }}
QStatusBar {{ color: {c.muted}; }}
QStatusBar QLabel {{ color: {c.muted}; padding: 0 8px; }}
"""


def apply_theme(choice: str = "system", app: QApplication | None = None) -> bool:
    """Apply Fusion and the chosen scheme (system, light or dark); return whether it is dark."""
    global _choice, _dark, _connected, _style, notifier
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        raise RuntimeError("Create the QApplication before applying the theme.")
    _choice = choice if choice in THEMES else "system"
    hints = QGuiApplication.styleHints()
    if _choice == "light":
        hints.setColorScheme(Qt.ColorScheme.Light)
    elif _choice == "dark":
        hints.setColorScheme(Qt.ColorScheme.Dark)
    else:
        hints.unsetColorScheme()
    if not _connected:
        hints.colorSchemeChanged.connect(_on_system_scheme_changed)
        notifier = ThemeNotifier(app)
        _connected = True
    dark = _choice == "dark" or (_choice == "system" and _system_is_dark())
    # app.style() is Qt's style-sheet wrapper around ours, never ours: ask whether ours still lives (Qt
    # deletes the application's style when another is set) rather than building a new one per switch
    if _style is None or not shiboken6.isValid(_style):
        # keep a reference: the application owns the style, but Python must not collect the wrapper
        _style = TrackerStyle(QStyleFactory.create("Fusion"))
        app.setStyle(_style)
    _set_scheme(app, dark)
    return dark


def _set_scheme(app: QApplication, dark: bool) -> None:
    global _dark
    changed = dark != _dark
    _dark = dark
    c = colours()
    sheet = style_sheet(c)
    # re-polishing every widget is slow: only when the scheme really changes
    if changed or app.styleSheet() != sheet:
        app.setPalette(palette_for(c))
        app.setStyleSheet(sheet)
    if changed and notifier is not None:
        notifier.scheme_changed.emit(dark)


def _on_system_scheme_changed(scheme: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    if _choice != "system" or not isinstance(app, QApplication):
        return
    _set_scheme(app, scheme == Qt.ColorScheme.Dark)

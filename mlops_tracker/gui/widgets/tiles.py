"""A stat tile: a caption, a big value and a line of detail."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when narrower than its text (the tooltip has the whole)."""

    def minimumSizeHint(self) -> QSize:
        return QSize(20, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), 200), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), text)


class StatTile(QFrame):
    """Show one figure of the learner's progress, e.g. "Readiness 42%"."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.caption = caption
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        self.caption_label = QLabel(caption.upper())
        self.caption_label.setObjectName("tileCaption")
        self.value_label = QLabel("–")
        self.value_label.setObjectName("tileValue")
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.detail_label = ElidedLabel("")
        self.detail_label.setObjectName("tileDetail")
        for label in (self.caption_label, self.value_label, self.detail_label):
            layout.addWidget(label)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_value(self, value: str, detail: str = "", tone: str = "") -> None:
        """Show a value with its detail line; tone "good", "warn" or "bad" colours the value."""
        if (value, detail, tone) == (self.value(), self.detail(), self.value_label.property("tone")):
            return  # a tick that left the figure as it was: no re-polish, no layout, no repaint
        self.value_label.setText(value)
        self.detail_label.setText(detail)
        self.value_label.setProperty("tone", tone)
        self.value_label.style().unpolish(self.value_label)
        self.value_label.style().polish(self.value_label)
        self.setAccessibleName(f"{self.caption}: {value}")
        self.setAccessibleDescription(detail)
        self.setToolTip(f"{self.caption}: {value}" + (f"\n{detail}" if detail else ""))

    def value(self) -> str:
        """Return the value shown."""
        return self.value_label.text()

    def detail(self) -> str:
        """Return the detail line shown."""
        return self.detail_label.text()


def readiness_figures(readiness: str, retained: str) -> str:
    """Return readiness with retained readiness beside it: "Readiness 62% · retained 41%"."""
    return f"Readiness {readiness} · retained {retained}"


def due_text(count: int) -> str:
    """Return how many items are due for review: "3 due for review", "Nothing due for review"."""
    return f"{count} due for review" if count else "Nothing due for review"

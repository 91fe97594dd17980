"""A small bar chart of this week's study minutes, Monday to Sunday, drawn with QPainter."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from mlops_tracker.gui import theme
from mlops_tracker.gui.dates import weekday_name
from mlops_tracker.gui.numbers import number

BAR_AREA = 46
LABEL_HEIGHT = 16


def week_of(day: date) -> list[date]:
    """Return the Monday-to-Sunday week a day falls in."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=n) for n in range(7)]


class WeekBars(QWidget):
    """Draw one bar per day of the week, the height its study minutes, today's in the accent colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[date] = []
        self.minutes: list[int] = []
        self.today: date | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Study minutes this week")

    def set_week(self, today: date, minutes_by_day: dict[date, int]) -> None:
        """Show the week of `today` with minutes per day."""
        days = week_of(today)
        minutes = [minutes_by_day.get(day, 0) for day in days]
        if (today, days, minutes) == (self.today, self.days, self.minutes):
            return  # a tick without study minutes: nothing to repaint
        self.today, self.days, self.minutes = today, days, minutes
        self.setAccessibleDescription(
            ", ".join(
                f"{weekday_name(day.weekday(), 'long')} {number(m)} minutes"
                for day, m in zip(self.days, self.minutes, strict=True)
            )
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(220, BAR_AREA + LABEL_HEIGHT + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(140, BAR_AREA + LABEL_HEIGHT + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.days:
            return
        c = theme.colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width() / 7
        top = 2
        peak = max(max(self.minutes), 30)
        for n, (day, minutes) in enumerate(zip(self.days, self.minutes, strict=True)):
            x = n * width
            bar_width = min(width * 0.55, 22)
            left = x + (width - bar_width) / 2
            track = QRectF(left, top, bar_width, BAR_AREA)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c.border))
            painter.drawRoundedRect(track, 4, 4)
            if minutes:
                height = max(BAR_AREA * minutes / peak, 5)
                bar = QRectF(left, top + BAR_AREA - height, bar_width, height)
                colour = QColor(c.accent) if day == self.today else QColor(c.accent).lighter(100)
                if day != self.today:
                    colour.setAlpha(150)
                painter.setBrush(colour)
                painter.drawRoundedRect(bar, 4, 4)
            painter.setPen(QColor(c.text if day == self.today else c.muted))
            label = QRectF(x, top + BAR_AREA + 2, width, LABEL_HEIGHT)
            painter.drawText(label, int(Qt.AlignmentFlag.AlignCenter), weekday_name(n, "narrow"))
        painter.end()

"""Paints a task row: check box, title (a step's outcome and source on a second line), and small badges."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from mlops_tracker.domain.model import KINDS
from mlops_tracker.gui import theme
from mlops_tracker.gui.dates import short_day
from mlops_tracker.gui.models import DateRole, KindRole, StatusRole
from mlops_tracker.gui.models.tasks import DetailRole, MinutesRole, OverdueRole, TitleRole

ModelIndex = QModelIndex | QPersistentModelIndex

KIND_BADGES = {kind.value: spec.badge for kind, spec in KINDS.items()}
BADGE_GAP = 6
BADGE_PAD_X = 7
ROW_PADDING = 14
MIN_ROW_WIDTH = 120


class TaskDelegate(QStyledItemDelegate):
    """Draw the title on the left and badges on the right, so long titles elide instead of the badges."""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        height = max(size.height() + ROW_PADDING, 36)
        if index.data(DetailRole):
            height += QFontMetrics(_detail_font(option.font)).height() + 2
        # narrow on purpose: rows take the list's width and the title elides, never a horizontal scroll
        return QSize(MIN_ROW_WIDTH, height)

    def badges(self, index: ModelIndex) -> list[tuple[str, str]]:
        """Return (text, tone) badges of a row: its minutes, overdue or finished, then its kind."""
        result: list[tuple[str, str]] = []
        status = index.data(StatusRole)
        due = index.data(DateRole)
        minutes = index.data(MinutesRole) or 0
        if minutes:
            result.append((f"{minutes} min", "accent"))
        if index.data(OverdueRole) and due is not None:
            result.append((f"Overdue · {short_day(due)}", "warn"))
        elif minutes:
            pass  # a step: its tick says done; its item's status would only confuse
        elif status == "done":
            result.append(("Done", "good"))
        elif status == "skipped":
            result.append(("Skipped", "muted"))
        elif status == "in_progress":
            result.append(("In progress", "accent"))
        kind = index.data(KindRole)
        if kind in KIND_BADGES:
            result.append((KIND_BADGES[kind], "muted"))
        return result

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        title = str(index.data(TitleRole) or index.data(Qt.ItemDataRole.DisplayRole) or "")
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        text_colour = opt.palette.color(QPalette.ColorRole.Text)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if isinstance(foreground, QColor) and index.data(StatusRole) in ("done", "skipped"):
            text_colour = foreground
        opt.text = ""
        if not index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            # a part done by logged minutes: its box shows done but does not take a click
            opt.state &= ~QStyle.StateFlag.State_Enabled
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        painter.save()
        badge_font = QFont(opt.font)
        badge_font.setPointSizeF(max(opt.font.pointSizeF() * 0.85, 7.0))
        badge_metrics = QFontMetrics(badge_font)
        right = text_rect.right()
        colours = theme.colours()
        tones = {
            "warn": colours.warn,
            "good": colours.good,
            "accent": colours.accent,
            "muted": colours.muted,
        }
        for text, tone in self.badges(index):
            width = badge_metrics.horizontalAdvance(text) + 2 * BADGE_PAD_X
            height = badge_metrics.height() + 4
            rect = QRect(right - width, text_rect.center().y() - height // 2 + 1, width, height)
            if rect.left() < text_rect.left() + 80:
                break  # too narrow: the title matters more
            colour = QColor(tones[tone])
            fill = QColor(colour)
            fill.setAlpha(40 if theme.is_dark() else 28)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, height / 2, height / 2)
            painter.setPen(colour)
            painter.setFont(badge_font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            right = rect.left() - BADGE_GAP
        detail = str(index.data(DetailRole) or "")
        title_rect = QRect(
            text_rect.left(), text_rect.top(), right - text_rect.left() - 4, text_rect.height()
        )
        if detail:
            # two lines: the step above, its outcome and the guide's sentence below (muted, smaller)
            small = _detail_font(opt.font)
            line = QFontMetrics(opt.font).height()
            small_line = QFontMetrics(small).height()
            top = text_rect.center().y() - (line + small_line + 2) // 2
            title_rect = QRect(text_rect.left(), top, title_rect.width(), line)
            detail_rect = QRect(
                text_rect.left(), top + line + 2, text_rect.right() - text_rect.left(), small_line
            )
            painter.setFont(small)
            painter.setPen(QColor(colours.muted))
            painter.drawText(
                detail_rect,
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                QFontMetrics(small).elidedText(detail, Qt.TextElideMode.ElideRight, detail_rect.width()),
            )
        painter.setFont(opt.font)
        painter.setPen(text_colour)
        elided = QFontMetrics(opt.font).elidedText(title, Qt.TextElideMode.ElideRight, title_rect.width())
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), elided)
        painter.restore()


def _detail_font(font: QFont) -> QFont:
    """Return the smaller font of a row's second line."""
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() * 0.88, 7.0))
    return small

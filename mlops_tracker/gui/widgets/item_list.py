"""The checklist view: rows grouped under kind headers, status badges, and keys to set a status."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QKeySequence, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from mlops_tracker.domain.model import Kind, Status
from mlops_tracker.gui import theme
from mlops_tracker.gui.models import KindRole, StatusRole
from mlops_tracker.gui.models.checklist import GroupRole, NeedsEvidenceRole, StepsRole

AnyIndex = QModelIndex | QPersistentModelIndex

HEADER_GAP = 10  # space above a group header, except the first
ROW_PADDING = 6  # above and below a row's text
BADGE_MARGIN = 8


def badge_text(index: AnyIndex) -> str:
    """Return the small label drawn at the right of a row ("Skipped", "Needs evidence", "2/4 steps"…)."""
    if index.data(NeedsEvidenceRole):
        return "Needs evidence"
    status = index.data(StatusRole)
    if status == Status.SKIPPED.value:
        return "Skipped"
    done, total = index.data(StepsRole) or (0, 0)
    if status != Status.DONE.value and 0 < done < total:
        return f"{done}/{total} steps"
    if status == Status.IN_PROGRESS.value:
        return "In progress"
    return ""


class ItemDelegate(QStyledItemDelegate):
    """Draw a header above the first row of each group, a badge for the status, and skipped rows struck."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_level = False  # headers name the level too when several levels are listed

    def group_of(self, index: AnyIndex) -> str:
        """Return the header text of a row's group."""
        if self.show_level:
            return str(index.data(GroupRole) or "")
        kind = index.data(KindRole)
        return Kind(kind).label if kind else ""

    def starts_group(self, index: AnyIndex) -> bool:
        """Return whether a row is the first of its group in the view."""
        if index.row() == 0:
            return True
        return self.group_of(index.siblingAtRow(index.row() - 1)) != self.group_of(index)

    def header_height(self, option: QStyleOptionViewItem, index: AnyIndex) -> int:
        """Return the height of the header drawn above a row (0 when it does not start a group)."""
        if not self.starts_group(index):
            return 0
        gap = 0 if index.row() == 0 else HEADER_GAP
        return gap + QFontMetrics(self._header_font(option)).height() + 10

    def _header_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setBold(True)
        return font

    def _badge_width(self, option: QStyleOptionViewItem, text: str) -> int:
        if not text:
            return 0
        return QFontMetrics(option.font).horizontalAdvance(text) + 16 + BADGE_MARGIN

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().initStyleOption(option, index)
        if index.data(StatusRole) == Status.SKIPPED.value:
            option.font.setStrikeOut(True)
            muted = option.palette.color(QPalette.ColorRole.PlaceholderText)
            option.palette.setColor(QPalette.ColorRole.Text, muted)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        badge = self._badge_width(option, badge_text(index))
        width = option.rect.width()
        view = self.parent()
        if width <= 0 and isinstance(view, QTreeView):
            # QTreeView asks for row heights without a width: wrap to the column's width
            width = view.columnWidth(0) or view.viewport().width()
        if width <= 0:
            size = super().sizeHint(opt, index)
            return QSize(size.width() + badge, size.height() + 2 * ROW_PADDING)
        # measure the text where paint() will put it: beside the check box, left of the badge
        opt.rect = QRect(0, 0, max(80, width - badge), 10_000)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, opt, widget) + 1
        bounds = QRect(0, 0, max(10, text_rect.width() - 2 * margin), 10_000)
        text = QFontMetrics(opt.font).boundingRect(bounds, Qt.TextFlag.TextWordWrap, opt.text)
        check = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, opt, widget)
        height = max(text.height(), check) + 2 * ROW_PADDING + self.header_height(option, index)
        return QSize(width, height)

    def inner_rect(self, option: QStyleOptionViewItem, index: AnyIndex) -> QRect:
        """Return where the row's check box and text go: below its header, left of its badge."""
        header = self.header_height(option, index)
        badge = self._badge_width(option, badge_text(index))
        return option.rect.adjusted(0, header, -badge, 0)

    def check_rect(self, option: QStyleOptionViewItem, index: AnyIndex) -> QRect:
        """Return where the row's check box is drawn."""
        opt = QStyleOptionViewItem(option)
        opt.rect = self.inner_rect(option, index)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        return style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, widget)

    def editorEvent(
        self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem, index: AnyIndex
    ) -> bool:
        # clicks on the check box must hit where paint() put it, not the middle of the whole row
        inner = QStyleOptionViewItem(option)
        inner.rect = self.inner_rect(option, index)
        return super().editorEvent(event, model, inner, index)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        header = self.header_height(option, index)
        if header:
            self._paint_header(painter, option, index, header)
        body = QStyleOptionViewItem(option)
        body.rect = option.rect.adjusted(0, header, 0, 0)
        text = badge_text(index)
        badge = self._badge_width(option, text)
        inner = QStyleOptionViewItem(body)
        inner.rect = self.inner_rect(option, index)
        if badge:
            # fill the selection under the badge too, so the row reads as one
            self.initStyleOption(body, index)
            body.text = ""
            body.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
            style = body.widget.style() if body.widget else None
            if style is not None:
                style.drawPrimitive(style.PrimitiveElement.PE_PanelItemViewItem, body, painter, body.widget)
        super().paint(painter, inner, index)
        if badge:
            self._paint_badge(painter, option, body.rect, text, index)

    def _paint_header(
        self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex, height: int
    ) -> None:
        painter.save()
        font = self._header_font(option)
        painter.setFont(font)
        palette = option.palette
        rect = QRect(option.rect.left() + 4, option.rect.top(), option.rect.width() - 8, height)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        text_rect = rect.adjusted(0, 0, 0, -4)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, self.group_of(index)
        )
        line = QColor(palette.color(QPalette.ColorRole.Text))
        line.setAlpha(50)
        painter.setPen(line)
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.restore()

    def _paint_badge(
        self, painter: QPainter, option: QStyleOptionViewItem, body: QRect, text: str, index: AnyIndex
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(option.font)
        width = metrics.horizontalAdvance(text) + 16
        height = metrics.height() + 4
        rect = QRect(body.right() - width - 4, body.center().y() - height // 2, width, height)
        palette = option.palette
        if index.data(NeedsEvidenceRole):
            fill = QColor(theme.colours().warn)
        elif index.data(StatusRole) == Status.IN_PROGRESS.value:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
        else:
            fill = QColor(palette.color(QPalette.ColorRole.PlaceholderText))
        fill.setAlpha(60)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.setFont(option.font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class ChecklistView(QTreeView):
    """A flat, word-wrapping list of items; the D, I, S, T and Space shortcuts set a row's status."""

    status_requested = Signal(object)  # Status
    toggle_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist")
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.item_delegate = ItemDelegate(self)
        self.setItemDelegate(self.item_delegate)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.status_actions: dict[Status, QAction] = {}
        for text, status, key in (
            ("Mark &done", Status.DONE, "D"),
            ("Mark &in progress", Status.IN_PROGRESS, "I"),
            ("&Skip", Status.SKIPPED, "S"),
            ("Mark &to do", Status.TODO, "T"),
        ):
            action = QAction(text, self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, s=status: self.status_requested.emit(s))
            self.addAction(action)
            self.status_actions[status] = action
        # Space toggles done; the view's own Space handling (select, or flip the check box) never sees it
        self.toggle_action = QAction("Toggle &done", self)
        self.toggle_action.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.toggle_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.toggle_action.triggered.connect(self.toggle_requested.emit)
        self.addAction(self.toggle_action)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            # wrapped rows change height with the width: lay the rows out again
            self.scheduleDelayedItemsLayout()

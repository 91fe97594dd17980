"""The Levels page: every level's checklist with status, notes, evidence and confidence."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QStackedLayout,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.core.commands import Changes
from mlops_tracker.domain.model import Status
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.models import ItemIdRole
from mlops_tracker.gui.models.checklist import ChecklistFilter, ChecklistModel
from mlops_tracker.gui.numbers import number, percent
from mlops_tracker.gui.pages.base import Page
from mlops_tracker.gui.widgets.item_editor import ItemEditor
from mlops_tracker.gui.widgets.item_list import ChecklistView
from mlops_tracker.gui.widgets.labels import label, title_label

STATUS_FILTERS: tuple[tuple[str, Status | None], ...] = (
    ("All statuses", None),
    ("To do", Status.TODO),
    ("In progress", Status.IN_PROGRESS),
    ("Done", Status.DONE),
    ("Skipped", Status.SKIPPED),
)
HINT = "Keys on the list: D done · I in progress · S skip · T to do · Space toggles done"


class LevelsPage(Page):
    """Show the checklists of the levels, with search, filters and an item editor."""

    title = "Levels"

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self.levels = list(self.tracker.curriculum.levels)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        header = QHBoxLayout()
        header.addWidget(title_label("Levels"))
        header.addStretch(1)
        header.addWidget(label(HINT, role="muted"), 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(header)

        self.level_tabs = QTabBar()
        self.level_tabs.setObjectName("levelTabs")
        self.level_tabs.setDocumentMode(True)
        self.level_tabs.setExpanding(False)
        self.level_tabs.setDrawBase(True)
        self.level_tabs.addTab("All levels")
        self.level_tabs.setTabData(0, None)
        for level in self.levels:
            tab = self.level_tabs.addTab(level.name)
            self.level_tabs.setTabData(tab, level.id)
            self.level_tabs.setTabToolTip(tab, level.title)
        layout.addWidget(self.level_tabs)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("levelSearch")
        self.search_edit.setPlaceholderText("Search all levels (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search all levels")
        clear = QAction("Clear the search", self.search_edit)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.search_edit.clear)
        self.search_edit.addAction(clear)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.setAccessibleName("Show items of status")
        for text, status in STATUS_FILTERS:
            self.status_combo.addItem(text, status.value if status else "")
        self.scope_label = label(role="muted")
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.scope_label)
        layout.addLayout(filters)

        self.model = ChecklistModel(bridge, self)
        self.proxy = ChecklistFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = ChecklistView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Checklist")

        self.empty_label = label(role="muted", name="levelsEmpty", wrap=True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        list_box = QWidget()
        self.list_stack = QStackedLayout(list_box)
        self.list_stack.addWidget(self.view)
        self.list_stack.addWidget(self.empty_label)

        self.editor = ItemEditor(bridge)
        editor_scroll = QScrollArea()
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setAccessibleName("Item details")
        editor_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        editor_scroll.setWidget(self.editor)
        editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # room for the four status buttons, the checked one drawn bold in the accent
        editor_scroll.setMinimumWidth(400)
        self.editor.setContentsMargins(12, 0, 0, 0)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(list_box)
        self.splitter.addWidget(editor_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([500, 420])
        layout.addWidget(self.splitter, 1)

        self.level_tabs.currentChanged.connect(self._on_level_changed)
        self.search_edit.textChanged.connect(self._on_search_changed)
        self.search_edit.returnPressed.connect(self._focus_list)
        self.status_combo.currentIndexChanged.connect(self._on_status_changed)
        self.view.status_requested.connect(self.set_current_status)
        self.view.toggle_requested.connect(self.toggle_current)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.proxy.rowsInserted.connect(self._after_filter)
        self.proxy.rowsRemoved.connect(self._after_filter)
        self.proxy.modelReset.connect(self._after_filter)
        self.proxy.layoutChanged.connect(self._after_filter)

        self.model.reload()
        self._update_tabs()
        plans = self.tracker.view().plans
        start = plans[0] if plans else None
        self.level_tabs.setCurrentIndex(self._tab_of(start.spec.level if start else self.levels[0].id))
        self._on_level_changed(self.level_tabs.currentIndex())
        self._after_filter()

    # ---- public API ------------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Focus the search box and select its text."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def show_item(self, item_id: str) -> None:
        """Select an item, switching level and clearing filters as needed."""
        view = self.model.view_of(item_id)
        if view is None:
            return
        self.search_edit.clear()
        self.status_combo.setCurrentIndex(0)
        self.level_tabs.setCurrentIndex(self._tab_of(view.item.level))
        index = self.proxy.mapFromSource(self.model.index(self.model.row_of(item_id)))
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.view.scrollTo(index)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_item_id(self) -> str | None:
        """Return the id of the selected item, if any."""
        index = self.view.currentIndex()
        return index.data(ItemIdRole) if index.isValid() else None

    def set_current_status(self, status: Status) -> None:
        """Give the selected item this status."""
        index = self.view.currentIndex()
        if index.isValid():
            self.model.set_status(self.proxy.mapToSource(index).row(), status)

    def toggle_current(self) -> None:
        """Mark the selected item done, or to do when it is done."""
        index = self.view.currentIndex()
        if not index.isValid():
            return
        row = self.proxy.mapToSource(index).row()
        done = self.model.view(row).state.status is Status.DONE
        self.model.set_status(row, Status.TODO if done else Status.DONE)

    def refresh(self, changes: Changes) -> None:
        """Bring the checklist up to date after a change, keeping the selection and the scroll position."""
        if changes.items or changes.readiness or changes.plans or changes.reviews:
            self.model.reload()
            self._update_tabs()
            self._after_filter()
            index = self.view.currentIndex()
            view = self.model.view(self.proxy.mapToSource(index).row()) if index.isValid() else None
            self.editor.show_view(view)

    # ---- private ---------------------------------------------------------------------------------

    def _tab_of(self, level_id: str | None) -> int:
        for tab in range(self.level_tabs.count()):
            if self.level_tabs.tabData(tab) == level_id:
                return tab
        return 0

    def _update_tabs(self) -> None:
        view = self.tracker.view()
        for tab in range(1, self.level_tabs.count()):
            level = self.levels[tab - 1]
            readiness = view.readiness(level.id)
            self.level_tabs.setTabText(tab, f"{level.name}  {percent(readiness)}")
            self.level_tabs.setTabToolTip(tab, f"{level.title}: {percent(readiness)} ready")

    def _on_level_changed(self, tab: int) -> None:
        self.proxy.set_level(self.level_tabs.tabData(tab))
        self._update_delegate()
        self._after_filter()

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_delegate()
        # the proxy emits nothing when an empty result stays empty: update the message here
        self._after_filter()

    def _on_status_changed(self, _: int) -> None:
        value = self.status_combo.currentData()
        self.proxy.set_status(Status(value) if value else None)
        self._after_filter()

    def _update_delegate(self) -> None:
        self.view.item_delegate.show_level = self.proxy.searching or self.proxy.level is None
        self.view.scheduleDelayedItemsLayout()
        self.view.viewport().update()

    def _after_filter(self, *_: object) -> None:
        count = self.proxy.rowCount()
        text = self.search_edit.text().strip()
        if count:
            self.list_stack.setCurrentWidget(self.view)
        else:
            self.list_stack.setCurrentWidget(self.empty_label)
            status = self.proxy.status
            which = f" with status {status.label}" if status else ""
            if text:
                self.empty_label.setText(f"No items match '{text}'{which}.")
            else:
                self.empty_label.setText(f"No items{which} here yet.")
        if text:
            self.scope_label.setText(f"{number(count)} found in all levels")
        else:
            self.scope_label.setText(f"{number(count)} items")
        if not self.view.currentIndex().isValid():
            self.editor.show_view(None)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.editor.show_view(self.model.view(self.proxy.mapToSource(current).row()))
        else:
            self.editor.show_view(None)

    def _focus_list(self) -> None:
        if self.proxy.rowCount() == 0:
            return
        if not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

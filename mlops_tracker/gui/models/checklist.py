"""The checklist of trackable items: a list model over ItemView snapshots and its search/status filter."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.views import ItemView
from mlops_tracker.domain.model import Status
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.models import ItemIdRole, KindRole, LevelRole, StatusRole

# roles of this model only: the text search looks at, and the group header text
SearchTextRole = Qt.ItemDataRole.UserRole + 20
GroupRole = Qt.ItemDataRole.UserRole + 21
NeedsEvidenceRole = Qt.ItemDataRole.UserRole + 22
StepsRole = Qt.ItemDataRole.UserRole + 23  # (steps done, steps visible) of the item

CHECK_STATES = {
    Status.DONE: Qt.CheckState.Checked,
    Status.IN_PROGRESS: Qt.CheckState.PartiallyChecked,
    Status.TODO: Qt.CheckState.Unchecked,
    Status.SKIPPED: Qt.CheckState.Unchecked,
}
STATUS_OF_CHECK = {
    Qt.CheckState.Checked: Status.DONE,
    Qt.CheckState.PartiallyChecked: Status.IN_PROGRESS,
    Qt.CheckState.Unchecked: Status.TODO,
}

AnyIndex = QModelIndex | QPersistentModelIndex


def tooltip_of(view: ItemView, steps: tuple[int, int] = (0, 0)) -> str:
    """Return the tooltip of an item: its status, steps done, notes, evidence and confidence."""
    lines = [view.item.title, f"Status: {view.state.status.label}"]
    if steps[1]:
        lines.append(f"Steps: {steps[0]} of {steps[1]} done")
    if view.needs_evidence:
        lines.append("Needs evidence to count as done.")
    if view.state.confidence:
        lines.append(f"Confidence: {view.state.confidence}/5")
    if view.state.notes:
        lines.append(f"Notes: {view.state.notes}")
    if view.state.evidence:
        lines.append(f"Evidence: {view.state.evidence}")
    return "\n".join(lines)


class ChecklistModel(QAbstractListModel):
    """Hold every item with its state, in seed order; ticking a row asks the tracker to change it."""

    def __init__(self, bridge: TrackerBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._views: list[ItemView] = []
        self._rows: dict[str, int] = {}
        self._steps: dict[str, tuple[int, int]] = {}
        self._level_names = {level.id: level.name for level in bridge.tracker.curriculum.levels}

    # ---- snapshots -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read every item's state from the tracker, updating rows in place when the items are the same."""
        self.set_views(self.bridge.tracker.view().items())

    def set_views(self, views: list[ItemView]) -> None:
        """Show these snapshots; keep rows (and so selection and scrolling) when the ids have not changed."""
        same = [v.item.id for v in views] == [v.item.id for v in self._views]
        self._read_steps()
        if same:
            self._views = list(views)
            if views:
                self.dataChanged.emit(self.index(0), self.index(len(views) - 1))
            return
        self.beginResetModel()
        self._views = list(views)
        self._rows = {view.item.id: row for row, view in enumerate(views)}
        self.endResetModel()

    def _read_steps(self) -> None:
        view = self.bridge.tracker.view()
        done = view.done_steps
        self._steps = {
            item_id: (sum(step.id in done for step in steps), len(steps))
            for item_id, steps in view.steps.items()
        }

    def view(self, row: int) -> ItemView:
        """Return the snapshot of a row."""
        return self._views[row]

    def view_of(self, item_id: str) -> ItemView | None:
        """Return the snapshot of an item, if the model holds it."""
        row = self._rows.get(item_id)
        return None if row is None else self._views[row]

    def row_of(self, item_id: str) -> int:
        """Return the row of an item, or -1."""
        return self._rows.get(item_id, -1)

    def update_item(self, item_id: str) -> None:
        """Re-read one item from the tracker and repaint its row."""
        row = self._rows.get(item_id)
        if row is None:
            return
        self._views[row] = self.bridge.tracker.item(item_id)
        self._read_steps()
        self.dataChanged.emit(self.index(row), self.index(row))

    def set_status(self, row: int, status: Status) -> bool:
        """Ask the tracker to give a row's item this status; return whether it changed."""
        if not 0 <= row < len(self._views):
            return False
        view = self._views[row]
        if view.state.status is status:
            return False
        if self.bridge.run(UpdateItem(view.item.id, status=status)) is None:
            return False
        self.update_item(view.item.id)
        return True

    # ---- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._views)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._views):
            return None
        view = self._views[index.row()]
        item, state = view.item, view.state
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title
        if role == Qt.ItemDataRole.CheckStateRole:
            return CHECK_STATES[state.status]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_of(view, self._steps.get(item.id, (0, 0)))
        if role == ItemIdRole:
            return item.id
        if role == StatusRole:
            return state.status.value
        if role == KindRole:
            return item.kind.value
        if role == LevelRole:
            return item.level
        if role == StepsRole:
            return self._steps.get(item.id, (0, 0))
        if role == NeedsEvidenceRole:
            return view.needs_evidence
        if role == GroupRole:
            return f"{self._level_names.get(item.level, item.level)} · {item.kind.label}"
        if role == SearchTextRole:
            level = self._level_names.get(item.level, item.level)
            return " ".join(
                (item.title, item.id, level, item.kind.label, state.notes, state.evidence)
            ).lower()
        return None

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        try:
            check = Qt.CheckState(value)  # the view passes an int, Python code a Qt.CheckState
        except ValueError:
            return False
        return self.set_status(index.row(), STATUS_OF_CHECK[check])


class ChecklistFilter(QSortFilterProxyModel):
    """Filter the checklist by level, status and search text; a search looks across every level."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._level: str | None = None
        self._status: Status | None = None
        self._words: list[str] = []

    @property
    def level(self) -> str | None:
        """Return the level shown, None for all."""
        return self._level

    @property
    def status(self) -> Status | None:
        """Return the status shown, None for any."""
        return self._status

    @property
    def searching(self) -> bool:
        """Return whether a search text is set (then every level is searched)."""
        return bool(self._words)

    def set_level(self, level: str | None) -> None:
        """Show one level's items, or every level's with None."""
        if level != self._level:
            self.beginFilterChange()
            self._level = level
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: Status | None) -> None:
        """Show only items of this status, or any with None."""
        if status != self._status:
            self.beginFilterChange()
            self._status = status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        """Show only items whose title, id, level, kind, notes or evidence hold every word of the text."""
        words = text.lower().split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self._status is not None and index.data(StatusRole) != self._status.value:
            return False
        if self._words:
            text = index.data(SearchTextRole) or ""
            return all(word in text for word in self._words)
        return self._level is None or index.data(LevelRole) == self._level

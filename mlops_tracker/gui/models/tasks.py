"""The Today page's task list: a thin Qt model over TaskView snapshots."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from mlops_tracker.core.ticks import tick_command
from mlops_tracker.core.views import FINISHED, TaskView
from mlops_tracker.domain.model import Kind, Status
from mlops_tracker.gui import theme
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.dates import short_day
from mlops_tracker.gui.models import KIND_NAMES, DateRole, ItemIdRole, KindRole, LevelRole, StatusRole

ModelIndex = QModelIndex | QPersistentModelIndex
OverdueRole = Qt.ItemDataRole.UserRole + 20  # bool
TitleRole = Qt.ItemDataRole.UserRole + 21  # its step or item, without minutes or overdue note
DetailRole = Qt.ItemDataRole.UserRole + 22  # a step's second line: its outcome and the guide's item it serves
MinutesRole = Qt.ItemDataRole.UserRole + 23  # int: the task's minutes (0 for a whole item)


def check_state(status: Status) -> Qt.CheckState:
    """Return the check box state of a status: done ticked, skipped half-ticked."""
    if status is Status.DONE:
        return Qt.CheckState.Checked
    if status is Status.SKIPPED:
        return Qt.CheckState.PartiallyChecked
    return Qt.CheckState.Unchecked


def _task_title(view: TaskView) -> str:
    """Return what a task asks: its step with its minutes, or its item's title (a plan made before steps)."""
    if not view.step_title:
        return view.item.title
    part = f", part {view.task.part} of {view.task.parts}" if view.task.parts > 1 else ""
    return f"{view.step_title} ({view.minutes} min{part})"


def short_title(view: TaskView) -> str:
    """Return what a task asks without its minutes (the row shows them as a badge)."""
    if not view.step_title:
        return view.item.title
    # the part comes first: a long title is elided at its end, and two parts must not look like one step twice
    part = f"Part {view.task.part} of {view.task.parts}: " if view.task.parts > 1 else ""
    return f"{part}{view.step_title}"


def locked(view: TaskView) -> bool:
    """Return whether a part is done by the minutes logged on its step alone (its step not ticked)."""
    return view.logged_done and not view.step_finished


def ticked(view: TaskView) -> bool:
    """Return whether a task's box shows ticked: its step ticked (its item finished), or a part's minutes."""
    return view.step_finished or view.logged_done


def _part_hint(view: TaskView) -> list[str]:
    """Return what ticking a part before the last does, or how to reopen one done by logged minutes."""
    if not view.part_minutes or view.step_finished:
        return []
    last = f"ticking part {view.task.parts} ticks the step"
    if view.logged_done:
        return [f"Done: {view.part_minutes} min logged on the step. Undo takes the log back; {last}."]
    return [f"Ticking it logs the part's minutes on the step; {last}."]


def as_check_state(value: Any) -> Qt.CheckState:
    """Return a check state from what a model or a view hands over (an enum or its int)."""
    if isinstance(value, Qt.CheckState):
        return value
    return Qt.CheckState(int(value or 0))


class TaskListModel(QAbstractListModel):
    """Today's and overdue tasks; ticking one marks its item done through the tracker."""

    def __init__(self, bridge: TrackerBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._views: list[TaskView] = []
        self._outcomes: Mapping[str, str] = {}  # step id → what the step leaves ("you can explain …")
        self._level_names = {level.id: level.name for level in bridge.tracker.curriculum.levels}

    # ---- contents ----------------------------------------------------------------------------

    def set_tasks(self, views: list[TaskView], outcomes: Mapping[str, str] | None = None) -> None:
        """Show these tasks (with their steps' outcomes); rows of the same items update in place."""
        if outcomes is not None:
            self._outcomes = outcomes
        same_rows = [v.item.id for v in views] == [v.item.id for v in self._views]
        if same_rows:
            changed = [
                row for row, (old, new) in enumerate(zip(self._views, views, strict=True)) if old != new
            ]
            self._views = list(views)
            if changed:
                self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))
            return
        self.beginResetModel()
        self._views = list(views)
        self.endResetModel()

    def tasks(self) -> list[TaskView]:
        """Return the tasks shown, in row order."""
        return list(self._views)

    def task(self, row: int) -> TaskView:
        """Return the task of a row."""
        return self._views[row]

    def row_of(self, item_id: str) -> int:
        """Return the row of an item, or -1."""
        return next((row for row, view in enumerate(self._views) if view.item.id == item_id), -1)

    # ---- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._views)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if 0 <= index.row() < len(self._views) and locked(self._views[index.row()]):
            return flags  # done by logged minutes: only undo takes it back (see the tooltip)
        return flags | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._views):
            return None
        view = self._views[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(view)
        if role == Qt.ItemDataRole.CheckStateRole:
            if view.step_id is not None and ticked(view) and view.state.status is not Status.SKIPPED:
                return Qt.CheckState.Checked
            return check_state(view.state.status)
        if role == ItemIdRole:
            return view.item.id
        if role == StatusRole:
            return view.state.status.value
        if role == KindRole:
            return view.item.kind.value
        if role == LevelRole:
            return view.item.level
        if role == DateRole:
            return view.task.due
        if role == OverdueRole:
            return view.overdue
        if role == TitleRole:
            return short_title(view)
        if role == DetailRole:
            return self._detail(view)
        if role == MinutesRole:
            return view.minutes
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(view)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return f"{KIND_NAMES[view.item.kind]}, {view.state.status.label}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if view.overdue:
                return QColor(theme.colours().warn)
            if view.state.status in FINISHED:
                return QColor(theme.colours().muted)
            return None
        if role == Qt.ItemDataRole.FontRole and view.state.status is Status.SKIPPED:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        if not 0 <= index.row() < len(self._views):
            return False
        done = as_check_state(value) == Qt.CheckState.Checked
        view = self._views[index.row()]
        parent = self.parent()
        widget = parent if isinstance(parent, QWidget) else None
        command = tick_command(self.bridge.tracker.view(), view, done)
        if command is None:
            return done or not locked(view)  # logged minutes are not thrown away: undo takes them back
        if self.bridge.run(command, widget) is None:
            return False
        self.update_item(view.item.id)
        return True

    def update_item(self, item_id: str) -> None:
        """Re-read one item's state (and its steps) from the view and repaint its rows."""
        current = self.bridge.tracker.view()
        fresh = {view.task: view for view in current.all_tasks if view.item.id == item_id}
        for row, view in enumerate(self._views):
            if view.item.id != item_id:
                continue
            new = fresh.get(view.task, view)  # the view decides what is done (parts by logged minutes)
            if new != view:
                self._views[row] = new
                index = self.index(row)
                self.dataChanged.emit(index, index)

    # ---- texts -------------------------------------------------------------------------------

    def _display(self, view: TaskView) -> str:
        title = _task_title(view)
        if view.overdue:
            return f"{title}  —  overdue since {short_day(view.task.due)}"
        return title

    def _detail(self, view: TaskView) -> str:
        """Return a step's second line: what it leaves, and the guide's sentence it comes from."""
        if not view.step_title:
            return ""
        outcome = self._outcomes.get(view.step_id or "", "")
        source = f"Guide: {view.item.title}"
        return f"{outcome} · {source}" if outcome else source

    def _tooltip(self, view: TaskView) -> str:
        level = self._level_names.get(view.item.level, view.item.level)
        outcome = self._outcomes.get(view.step_id or "", "")
        lines = [
            _task_title(view),
            *([f"Outcome: {outcome}"] if outcome else []),
            *(
                [f"The guide says: {view.item.title}", "The step is the app's suggestion."]
                if view.step_title
                else []
            ),
            f"{KIND_NAMES[view.item.kind]} · {level} · due {short_day(view.task.due)}",
            f"Status: {view.state.status.label}",
            *_part_hint(view),
        ]
        if (
            view.item.kind is Kind.PROJECT
            and view.state.status is Status.DONE
            and not view.state.has_evidence
        ):
            lines.append("Add evidence (a link, a file or a note) so this project counts.")
        return "\n".join(lines)

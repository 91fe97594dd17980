"""A plan's schedule as an agenda: a tree of study days with their tasks and review sessions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from mlops_tracker.core.commands import Batch, UpdateItem
from mlops_tracker.core.ticks import tick_command
from mlops_tracker.core.views import TaskView
from mlops_tracker.domain import scheduling
from mlops_tracker.domain.model import KINDS, Plan, Status
from mlops_tracker.gui import theme
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.dates import long_day, short_day
from mlops_tracker.gui.models import DateRole, ItemIdRole, KindRole, LevelRole, StatusRole
from mlops_tracker.gui.models.checklist import CHECK_STATES, STATUS_OF_CHECK
from mlops_tracker.gui.models.tasks import locked, ticked

AnyIndex = QModelIndex | QPersistentModelIndex

# "past", "today" or "upcoming" on day rows; None on task rows
DayStateRole = Qt.ItemDataRole.UserRole + 30

COLUMNS = ("Task", "Kind", "Status")
KIND_NAMES = {kind: spec.task_name for kind, spec in KINDS.items()}
DAY_ROW = 0  # internal id of day rows; a task row's id is its day's row + 1


def day_text(day: date, today: date) -> str:
    """Return a day as the agenda shows it, e.g. "Mon, 30 Nov" (the full date when it is not this year's)."""
    return short_day(day) if day.year == today.year else long_day(day)


@dataclass(frozen=True)
class AgendaDay:
    """A study day of the plan with its tasks and the guide's phase it falls in."""

    day: date
    tasks: tuple[TaskView, ...]
    phase: int | None = None
    focus: str = ""  # the phase's activity
    rest_day: bool = False
    budget: int = 0  # the plan's minutes per study day
    review: int = 0  # the minutes of the day's review session (0: none), its last row

    @property
    def minutes(self) -> int:
        """Return the minutes of the day's steps and review session (0 for a plan of whole items)."""
        return sum(view.minutes for view in self.tasks) + self.review

    @property
    def rows(self) -> int:
        """Return the day's child rows: its tasks, then its review session."""
        return len(self.tasks) + (1 if self.review else 0)


class AgendaModel(QAbstractItemModel):
    """Hold a plan's days and tasks; ticking a task asks the tracker to mark it done."""

    def __init__(self, bridge: TrackerBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._days: list[AgendaDay] = []
        self._today = bridge.tracker.clock.today()

    # ---- snapshots -------------------------------------------------------------------------------

    def load(self, plan: Plan | None) -> None:
        """Read a plan's tasks from the tracker (no plan: empty)."""
        tracker = self.bridge.tracker
        view = tracker.view()
        today = view.today
        if plan is None:
            self.set_days([], today)
            return
        level = tracker.resolve_level(plan.spec.level)
        activities = {phase.number: phase.activity for phase in level.phases}
        by_day: dict[date, list[TaskView]] = {}
        for task in view.task_views(plan):
            by_day.setdefault(task.task.due, []).append(task)
        sessions = view.review_sessions(plan)
        for day in sessions:
            by_day.setdefault(day, [])
        last = max([plan.spec.start, *by_day])
        if plan.spec.start <= today <= last:
            by_day.setdefault(today, [])  # today always has its row, even without a task
        days = []
        for day, views in sorted(by_day.items()):
            phase = scheduling.phase_of_day(plan.spec, day) if activities else None
            rest = day.weekday() not in plan.spec.study_weekdays
            budget = 0 if rest else plan.spec.minutes_per_day
            focus = activities.get(phase or 0, "")
            days.append(AgendaDay(day, tuple(views), phase, focus, rest, budget, sessions.get(day, 0)))
        self.set_days(days, today)

    def set_days(self, days: list[AgendaDay], today: date) -> None:
        """Show these days; update rows in place when the days and their tasks are the same."""
        shape = [(d.day, [v.item.id for v in d.tasks], bool(d.review)) for d in days]
        old = [(d.day, [v.item.id for v in d.tasks], bool(d.review)) for d in self._days]
        if shape == old and today == self._today:
            self._days = list(days)
            if days:
                last = len(COLUMNS) - 1
                self.dataChanged.emit(self.index(0, 0), self.index(len(days) - 1, last))
                for row, agenda_day in enumerate(days):
                    parent = self.index(row, 0)
                    if agenda_day.rows:
                        end = self.index(agenda_day.rows - 1, last, parent)
                        self.dataChanged.emit(self.index(0, 0, parent), end)
            return
        self.beginResetModel()
        self._days = list(days)
        self._today = today
        self.endResetModel()

    @property
    def today(self) -> date:
        """Return the day the model counts as today."""
        return self._today

    def days(self) -> list[AgendaDay]:
        """Return the days shown."""
        return list(self._days)

    def day_row(self, day: date) -> int:
        """Return the row of a day, or of the first day after it, or -1."""
        for row, agenda_day in enumerate(self._days):
            if agenda_day.day >= day:
                return row
        return -1

    def task_index(self, item_id: str, column: int = 0) -> QModelIndex:
        """Return the index of an item's task, or an invalid index."""
        for row, agenda_day in enumerate(self._days):
            for task_row, view in enumerate(agenda_day.tasks):
                if view.item.id == item_id:
                    return self.index(task_row, column, self.index(row, 0))
        return QModelIndex()

    def task_view(self, index: AnyIndex) -> TaskView | None:
        """Return the task of an index, None for a day row or a review session."""
        if not index.isValid() or index.internalId() == DAY_ROW:
            return None
        tasks = self._days[index.internalId() - 1].tasks
        return tasks[index.row()] if index.row() < len(tasks) else None

    def set_status(self, index: AnyIndex, status: Status) -> bool:
        """Ask the tracker to tick a task's step (or give its item this status); return whether it changed."""
        view = self.task_view(index)
        if view is None:
            return False
        command: UpdateItem | Batch | None
        if view.step_id is not None and status in (Status.DONE, Status.TODO):
            command = tick_command(self.bridge.tracker.view(), view, status is Status.DONE)
            if command is None:
                return False
        elif view.state.status is status:
            return False
        else:
            command = UpdateItem(view.item.id, status=status)
        if self.bridge.run(command) is None:
            return False
        self._update_task(index.internalId() - 1, index.row())
        return True

    def _update_task(self, day_row: int, task_row: int) -> None:
        agenda_day = self._days[day_row]
        old = agenda_day.tasks[task_row]
        # the view's own task: finished, overdue and a part's logged minutes by its one rule
        current = self.bridge.tracker.view()
        fresh = {view.task: view for view in current.all_tasks if view.item.id == old.item.id}
        tasks = list(agenda_day.tasks)
        tasks[task_row] = fresh.get(old.task, old)
        self._days[day_row] = replace(agenda_day, tasks=tuple(tasks))
        parent = self.index(day_row, 0)
        self.dataChanged.emit(self.index(task_row, 0, parent), self.index(task_row, len(COLUMNS) - 1, parent))
        self.dataChanged.emit(parent, self.index(day_row, len(COLUMNS) - 1))

    # ---- Qt model ------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, DAY_ROW)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == DAY_ROW:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, DAY_ROW)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._days)
        if parent.internalId() == DAY_ROW and parent.column() == 0:
            return self._days[parent.row()].rows
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        view = self.task_view(index) if index.internalId() != DAY_ROW and index.column() == 0 else None
        if view is not None and not locked(view):  # a part done by logged minutes: undo takes it back
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == DAY_ROW:
            return self._day_data(self._days[index.row()], index.column(), role)
        view = self.task_view(index)
        if view is None:
            return _review_data(self._days[index.internalId() - 1], index.column(), role)
        return self._task_data(view, index.column(), role)

    def _day_state(self, day: date) -> str:
        if day < self._today:
            return "past"
        return "today" if day == self._today else "upcoming"

    def _day_data(self, agenda_day: AgendaDay, column: int, role: int) -> object:
        state = self._day_state(agenda_day.day)
        done = sum(1 for view in agenda_day.tasks if view.finished)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                text = day_text(agenda_day.day, self._today)
                return f"{text} · Today" if state == "today" else text
            if column == 1:
                return f"Phase {agenda_day.phase}" if agenda_day.phase else ""
            if not agenda_day.tasks:
                if agenda_day.review:
                    return f"Review session{_minutes_of(agenda_day)}"
                return "Rest day" if agenda_day.rest_day else "Nothing scheduled"
            return f"{done} of {len(agenda_day.tasks)} done{_minutes_of(agenda_day)}"
        if role == DateRole:
            return agenda_day.day
        if role == DayStateRole:
            return state
        if role == Qt.ItemDataRole.ToolTipRole:
            focus = f"\nFocus of phase {agenda_day.phase}: {agenda_day.focus}" if agenda_day.focus else ""
            planned = _minutes_of(agenda_day).replace(" · ", ", ")
            return f"{long_day(agenda_day.day)}: {done} of {len(agenda_day.tasks)} done{planned}{focus}"
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont(QGuiApplication.font())
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            palette = QGuiApplication.palette()
            overdue = any(view.overdue for view in agenda_day.tasks)
            if state == "past" and not overdue:
                return QBrush(palette.color(QPalette.ColorRole.PlaceholderText))
            if overdue and column == 2:
                return QBrush(_warning(palette))
            return None
        if role == Qt.ItemDataRole.BackgroundRole and state == "today":
            colour = QColor(QGuiApplication.palette().color(QPalette.ColorRole.Highlight))
            colour.setAlpha(40)
            return QBrush(colour)
        return None

    def _task_data(self, view: TaskView, column: int, role: int) -> object:
        status = view.state.status
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return _task_title(view)
            if column == 1:
                return KIND_NAMES[view.item.kind]
            if view.overdue:
                return "Overdue"
            if view.step_id is not None and status is not Status.SKIPPED:
                return "Done" if ticked(view) else "To do"
            return status.label
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            if view.step_id is not None and status is not Status.SKIPPED:
                # a step is ticked or not: its item being in progress says nothing about this step
                return Qt.CheckState.Checked if ticked(view) else Qt.CheckState.Unchecked
            return CHECK_STATES[status]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                _task_title(view),
                *([f"Suggested by the app for the guide's item: {view.item.title}"] if view.step_id else []),
                f"Due {long_day(view.task.due)}: {status.label}",
            ]
            if view.overdue:
                lines.append("Overdue: reschedule the plan to move it forward.")
            return "\n".join(lines)
        if role == ItemIdRole:
            return view.item.id
        if role == StatusRole:
            return status.value
        if role == KindRole:
            return view.item.kind.value
        if role == LevelRole:
            return view.item.level
        if role == DateRole:
            return view.task.due
        if role == Qt.ItemDataRole.ForegroundRole:
            palette = QGuiApplication.palette()
            if view.overdue and column == 2:
                return QBrush(_warning(palette))
            if view.finished:
                return QBrush(palette.color(QPalette.ColorRole.PlaceholderText))
            return None
        if role == Qt.ItemDataRole.FontRole and status is Status.SKIPPED and column == 0:
            font = QFont(QGuiApplication.font())
            font.setStrikeOut(True)
            return font
        return None

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or self.task_view(index) is None:
            return False
        try:
            check = Qt.CheckState(value)  # the view passes an int, Python code a Qt.CheckState
        except ValueError:
            return False
        return self.set_status(index, STATUS_OF_CHECK[check])


def _task_title(view: TaskView) -> str:
    """Return a task as the agenda shows it: its step with its minutes, or its whole item."""
    if view.step_id is None:
        return view.item.title
    # minutes first: a long step title elides at its end, never its minutes
    part = f" (part {view.task.part} of {view.task.parts})" if view.task.parts > 1 else ""
    return f"{view.minutes} min · {view.step_title or view.item.title}{part}"


def _review_data(agenda_day: AgendaDay, column: int, role: int) -> object:
    """Return what a day's review session row shows: "Review session · 10 min", kind "Review"."""
    if role == Qt.ItemDataRole.DisplayRole:
        return (f"Review session · {agenda_day.review} min", "Review", "")[column]
    if role == Qt.ItemDataRole.ToolTipRole:
        return (
            "Time kept for spaced reviews: Today fills it with the reviews due (a self-check of the last "
            "study day's items when none is)."
        )
    if role == DateRole:
        return agenda_day.day
    return None


def _minutes_of(agenda_day: AgendaDay) -> str:
    """Return " · 45 of 60 min" for a day of steps, "" for a day of whole items."""
    if not agenda_day.minutes:
        return ""
    if agenda_day.budget:
        return f" · {agenda_day.minutes} of {agenda_day.budget} min"
    return f" · {agenda_day.minutes} min"


def _warning(_palette: QPalette) -> QColor:
    return QColor(theme.colours().warn)

"""The Cohort page of a trainer's connection: each learner's standing per level in a sortable table."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout, QWidget

from mlops_tracker.core.cohort import CohortView, LearnerRow, LevelRow, plan_text
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.jobs import run_in_background
from mlops_tracker.gui.widgets.labels import label

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

COLUMNS = ("Learner", "Level", "Readiness", "Retained", "Plan", "Exam", "Forecast", "Last activity")
SortRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
_LOW = -(10**9)  # sorts "none" below every value


class CohortModel(QAbstractTableModel):
    """A row per learner and level (one row for a learner with no progress yet), from a cohort view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[LearnerRow, LevelRow | None]] = []

    def set_view(self, view: CohortView) -> None:
        """Show a new cohort view."""
        self.beginResetModel()
        self._rows = [(learner, level) for learner in view.learners for level in (learner.levels or (None,))]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default argument)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        learner, level = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(learner, level, column)
        if role == SortRole:
            return _key(learner, level, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and level is not None and column == 6:
            return level.forecast
        return None


def _day(moment: date | datetime | None) -> str:
    if moment is None:
        return "—"
    return (moment.date() if isinstance(moment, datetime) else moment).isoformat()


def _text(learner: LearnerRow, level: LevelRow | None, column: int) -> str:
    if column == 0:
        return learner.name
    if column == 7:
        return _day(learner.last_activity) if learner.last_activity else "never"
    if level is None:
        return "—" if column != 1 else "No progress yet"
    if column == 1:
        return level.name
    if column == 2:
        return f"{level.readiness:.0f}%"
    if column == 3:
        return "—" if level.retained is None else f"{level.retained:.0f}%"
    if column == 4:
        return plan_text(level)
    if column == 5:
        return _day(level.exam)
    if level.passed_on is not None:
        return f"Passed {_day(level.passed_on)}"
    if level.ready_on is None:
        return "No recent pace"
    verdict = "" if level.on_time is None else (" · on time" if level.on_time else " · late")
    return f"{_day(level.ready_on)}{verdict}"


def _key(learner: LearnerRow, level: LevelRow | None, column: int) -> object:
    """Return what a column sorts by: numbers as numbers, dates as ISO text, names without case."""
    if column == 0:
        return learner.name.casefold()
    if column == 7:
        return learner.last_activity.isoformat() if learner.last_activity else ""
    if level is None:
        return _LOW if column in (2, 3, 4) else ""
    values = {
        1: level.name.casefold(),
        2: level.readiness,
        3: _LOW if level.retained is None else level.retained,
        4: _LOW if level.buffer_days is None else level.buffer_days,
        5: _day(level.exam) if level.exam else "",
        6: _day(level.ready_on) if level.ready_on else "9999",
    }
    return values[column]


class CohortPage(QWidget):
    """The cohort table with a Refresh button; data comes from the server in the background."""

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.loaded = False
        self.loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        top = QHBoxLayout()
        top.addWidget(label("Cohort", role="title", name="cohortTitle"))
        top.addStretch(1)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setObjectName("cohortRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.summary_label = label("", role="muted", name="cohortSummary", wrap=True)
        layout.addWidget(self.summary_label)
        self.model = CohortModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView()
        self.table.setObjectName("cohortTable")
        self.table.setAccessibleName("Cohort: learners by level")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

    def first_focus(self) -> QWidget:
        """Return where work starts on this page."""
        return self.table

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded and not self.loading:
            self.refresh()

    def refresh(self) -> None:
        """Read the cohort from the server in the background."""
        if self.loading:
            return
        self.loading = True
        self.refresh_button.setEnabled(False)
        self.summary_label.setText("Reading the cohort from the sync server…")
        tracker = self.bridge.tracker

        def work() -> CohortView:
            from mlops_tracker.core.cohort import load_cohort

            return load_cohort(tracker)

        run_in_background(
            self, "Reading the cohort…", work, self.set_view, busy=False, on_failed=self._failed
        )

    def set_view(self, view: CohortView) -> None:
        """Show a cohort view."""
        self.loading, self.loaded = False, True
        self.refresh_button.setEnabled(True)
        self.model.set_view(view)
        behind = sum(
            1 for learner in view.learners if any((row.buffer_days or 0) < 0 for row in learner.levels)
        )
        self.summary_label.setText(
            f"Cohort {view.cohort or '—'}: {len(view.learners)} learners, {behind} behind their plan "
            f"(as of {view.today.isoformat()}). Click a column heading to sort."
        )

    def _failed(self, message: str) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.summary_label.setText(message)

"""The plan fields the wizard and the New plan dialog share, with their rules: spec and fit fixes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QSpinBox

from mlops_tracker.domain import scheduling, step_plan
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import PlanSpec
from mlops_tracker.domain.packing import DEFAULT_BUDGET, MAX_BUDGET, MIN_BUDGET
from mlops_tracker.gui.dates import weekday_name
from mlops_tracker.gui.widgets.fit_actions import FitActions

if TYPE_CHECKING:
    from mlops_tracker.core.tracker import Tracker


def to_qdate(day: date) -> QDate:
    """Return a Python date as a QDate."""
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    """Return a QDate as a Python date."""
    return date(day.year(), day.month(), day.day())


def date_edit(name: str, day: date) -> QDateEdit:
    """Return a date field with a calendar and the day written out: "Wed 18 Mar 2026"."""
    edit = QDateEdit(to_qdate(day))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    return edit


class PlanForm:
    """The plan fields and their rules, mixed into a wizard page or dialog that lays them out its own way.

    The host sets `tracker`, calls `build_plan_fields`, puts the widgets in its form with its own labels,
    and provides `show_error` and `_on_exam_moved`.
    """

    tracker: Tracker
    level_combo: QComboBox
    days_spin: QSpinBox
    start_edit: QDateEdit
    exam_edit: QDateEdit
    weekday_checks: list[QCheckBox]
    minutes_spin: QSpinBox
    fit_actions: FitActions
    no_exam_check: QCheckBox | None = None  # "No exam date yet", where the host offers it

    def build_plan_fields(
        self,
        start: date,
        *,
        level: str,
        days: str,
        start_name: str,
        exam: str,
        weekday: str,
        minutes: str,
        fit: str,
        weekday_spacing: int,
    ) -> QHBoxLayout:
        """Make the fields, named by these object names (weekdays numbered after `weekday`); return the
        row of study days to lay out."""
        self.level_combo = QComboBox()
        self.level_combo.setObjectName(level)
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName(days)
        self.days_spin.setRange(scheduling.MIN_DAYS, scheduling.MAX_DAYS)
        self.days_spin.setSuffix(" days")
        self.start_edit = date_edit(start_name, start)
        self.exam_edit = date_edit(exam, start)
        days_row = QHBoxLayout()
        days_row.setSpacing(weekday_spacing)
        self.weekday_checks = []
        for number in range(7):
            check = QCheckBox(weekday_name(number))
            check.setObjectName(f"{weekday}{number}")
            check.setAccessibleName(weekday_name(number, "long"))
            check.setChecked(number < 6)  # Monday to Saturday, as the guide's plans assume
            self.weekday_checks.append(check)
            days_row.addWidget(check)
        days_row.addStretch(1)
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setObjectName(minutes)
        self.minutes_spin.setRange(MIN_BUDGET, MAX_BUDGET)
        self.minutes_spin.setSingleStep(15)
        self.minutes_spin.setValue(DEFAULT_BUDGET)
        self.minutes_spin.setSuffix(" min")
        self.minutes_spin.setAccessibleName("Minutes per study day")
        self.fit_actions = FitActions("&Use {minutes} min a day", "Move the exam &to {day}", fit)
        self.fit_actions.minutes_chosen.connect(self.use_minutes)
        self.fit_actions.exam_chosen.connect(self.move_exam)
        return days_row

    # ---- values ----------------------------------------------------------------------------------

    def level(self) -> str:
        """Return the chosen level id."""
        return str(self.level_combo.currentData())

    def weekdays(self) -> frozenset[int]:
        """Return the chosen study days of the week (0 = Monday)."""
        return frozenset(number for number, check in enumerate(self.weekday_checks) if check.isChecked())

    def set_weekdays(self, weekdays: set[int] | frozenset[int]) -> None:
        """Tick exactly these study days of the week."""
        for number, check in enumerate(self.weekday_checks):
            check.setChecked(number in weekdays)

    def exam(self) -> date | None:
        """Return the chosen exam date, None without one."""
        no_exam = self.no_exam_check is not None and self.no_exam_check.isChecked()
        return None if no_exam else from_qdate(self.exam_edit.date())

    def build_spec(self) -> PlanSpec:
        """Return the validated spec of the chosen values; raise UserError with a message for people."""
        return self.tracker.plan_spec(
            self.level(),
            self.days_spin.value(),
            start=from_qdate(self.start_edit.date()),
            exam=self.exam(),
            study_weekdays=self.weekdays(),
            minutes_per_day=self.minutes_spin.value(),
        )

    def planned(self) -> tuple[PlanSpec, step_plan.StepSchedule]:
        """Return the spec and its packed steps, offering the fixes the fit check names.

        Raise UserError, offering no fix, when the values are not valid.
        """
        try:
            spec = self.build_spec()
        except UserError:
            self.fit_actions.show_fit(None)
            raise
        schedule = self.tracker.schedule(spec)
        self.fit_actions.show_fit(schedule.fit)
        return spec, schedule

    # ---- the fit fixes ---------------------------------------------------------------------------

    def use_minutes(self, minutes: int) -> None:
        """Set the minutes a day to the budget that fits (the fit line then says so)."""
        self.minutes_spin.setValue(minutes)
        self.minutes_spin.setFocus()  # the button goes away: keep the keyboard on what changed

    def move_exam(self, exam: date) -> None:
        """Set the exam date that fits, and the plan length that reaches it."""
        try:
            moved = step_plan.with_exam(self.build_spec(), exam)
        except UserError as error:
            self.show_error(str(error))
            return
        widgets = [self.days_spin, self.exam_edit, *([self.no_exam_check] if self.no_exam_check else [])]
        for widget in widgets:
            widget.blockSignals(True)  # one refresh below, with the length and the date both set
        if self.no_exam_check is not None:
            self.no_exam_check.setChecked(False)
        self.days_spin.setValue(moved.days)
        self.exam_edit.setDate(to_qdate(exam))
        for widget in widgets:
            widget.blockSignals(False)
        self._on_exam_moved()
        self.exam_edit.setFocus()

    # ---- provided by the host --------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        """Show a problem with the chosen values ("" hides it)."""
        raise NotImplementedError

    def _on_exam_moved(self) -> None:
        """Refresh what depends on the exam date and plan length after a fit fix set both."""
        raise NotImplementedError

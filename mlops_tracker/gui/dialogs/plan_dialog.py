"""The dialog that makes a study plan: level, length, start, exam date and study days."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.domain import scheduling, step_plan
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import PlanSpec
from mlops_tracker.domain.packing import DEFAULT_BUDGET, MAX_BUDGET, MIN_BUDGET
from mlops_tracker.domain.step_plan import fit_line
from mlops_tracker.gui import theme
from mlops_tracker.gui.bridge import TrackerBridge, confirm
from mlops_tracker.gui.dates import short_day, weekday_name
from mlops_tracker.gui.widgets.fit_actions import FitActions
from mlops_tracker.gui.widgets.labels import label

DEFAULT_DAYS = 30


def error_colour(widget: QWidget) -> str:
    """Return the theme's red for errors (it reads on the window colour, light or dark)."""
    return theme.colours().bad


def to_qdate(day: date) -> QDate:
    """Return a QDate for a date."""
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    """Return a date for a QDate."""
    return date(day.year(), day.month(), day.day())


class PlanDialog(QDialog):
    """Choose a plan's level, length, dates and study days; OK validates, confirms, then creates it."""

    def __init__(
        self,
        bridge: TrackerBridge,
        level: str | None = None,
        days: int | None = None,
        exam: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.tracker = bridge.tracker
        self.spec: PlanSpec | None = None  # the plan created, once accepted
        self.setWindowTitle("New plan")
        today = self.tracker.clock.today()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        intro = label(
            "The plan puts every skill, project, phase activity and mistake review of the level on one of "
            "your study days, concepts first, projects after, mistakes reviewed before the exam.",
            wrap=True,
        )
        layout.addWidget(intro)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("planLevel")
        for item in self.tracker.curriculum.levels:
            self.level_combo.addItem(item.title, item.id)
        if level is not None:
            self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(level)))
        form.addRow("&Level:", self.level_combo)

        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("planDays")
        self.days_spin.setRange(scheduling.MIN_DAYS, scheduling.MAX_DAYS)
        self.days_spin.setValue(days or DEFAULT_DAYS)
        self.days_spin.setSuffix(" days")
        self.days_spin.setToolTip(
            "7–14 days cover phase 1, up to 30 days phases 1–2, longer all three phases"
        )
        form.addRow("Le&ngth:", self.days_spin)

        self.start_edit = QDateEdit(to_qdate(today))
        self.start_edit.setObjectName("planStart")
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("ddd d MMM yyyy")
        form.addRow("&Start:", self.start_edit)

        exam_row = QHBoxLayout()
        self.exam_edit = QDateEdit(to_qdate(exam or today + timedelta(days=self.days_spin.value() - 1)))
        self.exam_edit.setObjectName("planExam")
        self.exam_edit.setCalendarPopup(True)
        self.exam_edit.setDisplayFormat("ddd d MMM yyyy")
        self.no_exam_check = QCheckBox("No exam date &yet")
        self.no_exam_check.setObjectName("planNoExam")
        self.no_exam_check.setChecked(exam is None)
        exam_row.addWidget(self.exam_edit, 1)
        exam_row.addWidget(self.no_exam_check)
        exam_label = label("E&xam:")
        exam_label.setBuddy(self.exam_edit)
        form.addRow(exam_label, exam_row)

        days_row = QHBoxLayout()
        days_row.setSpacing(6)
        self.weekday_checks: list[QCheckBox] = []
        for number in range(7):
            check = QCheckBox(weekday_name(number))
            check.setAccessibleName(weekday_name(number, "long"))
            check.setObjectName(f"planWeekday{number}")
            check.setChecked(number < 6)  # Monday to Saturday, as the guide's plans assume
            self.weekday_checks.append(check)
            days_row.addWidget(check)
        days_row.addStretch(1)
        form.addRow("Study days:", days_row)

        self.minutes_spin = QSpinBox()
        self.minutes_spin.setObjectName("planMinutes")
        self.minutes_spin.setRange(MIN_BUDGET, MAX_BUDGET)
        self.minutes_spin.setSingleStep(15)
        self.minutes_spin.setValue(DEFAULT_BUDGET)
        self.minutes_spin.setSuffix(" min")
        self.minutes_spin.setToolTip("How long you can study on each study day (15–480 minutes)")
        self.minutes_spin.setAccessibleName("Minutes per study day")
        form.addRow("Minutes a &day:", self.minutes_spin)
        self.weekday_checks[0].setText("&Mon")  # the row's mnemonic: Alt+M reaches the study days
        layout.addLayout(form)

        self.summary_label = label(role="muted", name="planSummary", wrap=True)
        layout.addWidget(self.summary_label)
        self.fit_actions = FitActions("&Use {minutes} min a day", "Move the exam &to {day}", "planFitActions")
        self.fit_actions.minutes_chosen.connect(self.use_minutes)
        self.fit_actions.exam_chosen.connect(self.move_exam)
        layout.addWidget(self.fit_actions)

        self.error_label = label(name="planError", wrap=True, selectable=True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Create plan")
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        for signal in (
            self.level_combo.currentIndexChanged,
            self.days_spin.valueChanged,
            self.start_edit.dateChanged,
            self.exam_edit.dateChanged,
            self.minutes_spin.valueChanged,
        ):
            signal.connect(self._update_summary)
        self.no_exam_check.toggled.connect(self._on_no_exam_toggled)
        for check in self.weekday_checks:
            check.toggled.connect(self._update_summary)
        self._on_no_exam_toggled(self.no_exam_check.isChecked())
        self.setMinimumWidth(560)

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
        return None if self.no_exam_check.isChecked() else from_qdate(self.exam_edit.date())

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

    # ---- actions ---------------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        """Show a problem with the chosen values under the form."""
        self.error_label.setText(message)
        self.error_label.setStyleSheet(f"color: {error_colour(self)}; font-weight: 600;")
        self.error_label.setVisible(bool(message))

    def create(self) -> None:
        """Validate, confirm replacing the level's plan, create the plan and close; or say what is wrong."""
        try:
            spec = self.build_spec()
        except UserError as error:
            self.show_error(str(error))
            return
        existing = self.tracker.plan(spec.level)
        if existing is not None:
            name = self.level_combo.currentText()
            if not confirm(
                self,
                "Replace the plan?",
                f"{name} already has a plan starting {short_day(existing.spec.start)}. Replace it with "
                "the new one? Progress on items is kept; only the schedule changes. "
                "You can undo this with Ctrl+Z.",
            ):
                return
        try:
            self.tracker.create_plan(spec)
        except UserError as error:
            self.show_error(str(error))
            return
        self.spec = spec
        self.accept()

    def use_minutes(self, minutes: int) -> None:
        """Set the minutes a day to the budget that fits (the summary then says so)."""
        self.minutes_spin.setValue(minutes)
        self.minutes_spin.setFocus()  # the button goes away: keep the keyboard on what changed

    def move_exam(self, exam: date) -> None:
        """Set the exam date that fits, and the plan length that reaches it."""
        try:
            moved = step_plan.with_exam(self.build_spec(), exam)
        except UserError as error:
            self.show_error(str(error))
            return
        widgets = (self.no_exam_check, self.days_spin, self.exam_edit)
        for widget in widgets:
            widget.blockSignals(True)
        self.no_exam_check.setChecked(False)
        self.days_spin.setValue(moved.days)
        self.exam_edit.setDate(to_qdate(exam))
        for widget in widgets:
            widget.blockSignals(False)
        self._on_no_exam_toggled(False)
        self.exam_edit.setFocus()

    def _on_no_exam_toggled(self, checked: bool) -> None:
        self.exam_edit.setEnabled(not checked)
        self._update_summary()

    def _update_summary(self, *_: object) -> None:
        if self.no_exam_check.isChecked():
            # keep the (disabled) exam date on the plan's last day, a sensible start when it is enabled
            end = from_qdate(self.start_edit.date()) + timedelta(days=self.days_spin.value() - 1)
            self.exam_edit.blockSignals(True)
            self.exam_edit.setDate(to_qdate(end))
            self.exam_edit.blockSignals(False)
        try:
            spec = self.build_spec()
        except UserError as error:
            self.summary_label.setText("")
            self.fit_actions.show_fit(None)
            self.show_error(str(error))
            return
        self.show_error("")
        days = scheduling.study_days(spec)
        covered = scheduling.phases_covered(spec.days)
        schedule = self.tracker.schedule(spec)
        phases = "phase 1" if covered == 1 else f"phases 1–{covered}"
        self.summary_label.setText(
            f"{len(schedule.tasks)} study steps on {len(days)} study days, {short_day(days[0])} to "
            f"{short_day(days[-1])} {days[-1].year}; covers the guide's {phases}.\n"
            f"{fit_line(schedule.fit, schedule.unscheduled)}"
        )
        self.fit_actions.show_fit(schedule.fit)

"""The dialog that makes a study plan: level, length, start, exam date and study days."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.domain import scheduling
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import PlanSpec
from mlops_tracker.domain.step_plan import fit_line
from mlops_tracker.gui import theme
from mlops_tracker.gui.bridge import TrackerBridge, confirm
from mlops_tracker.gui.dates import short_day
from mlops_tracker.gui.widgets.labels import label
from mlops_tracker.gui.widgets.plan_form import PlanForm, from_qdate, to_qdate

DEFAULT_DAYS = 30


def error_colour(widget: QWidget) -> str:
    """Return the theme's red for errors (it reads on the window colour, light or dark)."""
    return theme.colours().bad


class PlanDialog(PlanForm, QDialog):
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
        days_row = self.build_plan_fields(
            today,
            level="planLevel",
            days="planDays",
            start_name="planStart",
            exam="planExam",
            weekday="planWeekday",
            minutes="planMinutes",
            fit="planFitActions",
            weekday_spacing=6,
        )
        for item in self.tracker.curriculum.levels:
            self.level_combo.addItem(item.title, item.id)
        if level is not None:
            self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(level)))
        form.addRow("&Level:", self.level_combo)

        self.days_spin.setValue(days or DEFAULT_DAYS)
        self.days_spin.setToolTip(
            "7–14 days cover phase 1, up to 30 days phases 1–2, longer all three phases"
        )
        form.addRow("Le&ngth:", self.days_spin)
        form.addRow("&Start:", self.start_edit)

        exam_row = QHBoxLayout()
        self.exam_edit.setDate(to_qdate(exam or today + timedelta(days=self.days_spin.value() - 1)))
        self.no_exam_check = QCheckBox("No exam date &yet")
        self.no_exam_check.setObjectName("planNoExam")
        self.no_exam_check.setChecked(exam is None)
        exam_row.addWidget(self.exam_edit, 1)
        exam_row.addWidget(self.no_exam_check)
        exam_label = label("E&xam:")
        exam_label.setBuddy(self.exam_edit)
        form.addRow(exam_label, exam_row)
        form.addRow("Study days:", days_row)

        self.minutes_spin.setToolTip("How long you can study on each study day (15–480 minutes)")
        form.addRow("Minutes a &day:", self.minutes_spin)
        self.weekday_checks[0].setText("&Mon")  # the row's mnemonic: Alt+M reaches the study days
        layout.addLayout(form)

        self.summary_label = label(role="muted", name="planSummary", wrap=True)
        layout.addWidget(self.summary_label)
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

    def _on_exam_moved(self) -> None:
        self._on_no_exam_toggled(False)

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
            spec, schedule = self.planned()
        except UserError as error:
            self.summary_label.setText("")
            self.show_error(str(error))
            return
        self.show_error("")
        days = scheduling.study_days(spec)
        covered = scheduling.phases_covered(spec.days)
        phases = "phase 1" if covered == 1 else f"phases 1–{covered}"
        self.summary_label.setText(
            f"{len(schedule.tasks)} study steps on {len(days)} study days, {short_day(days[0])} to "
            f"{short_day(days[-1])} {days[-1].year}; covers the guide's {phases}.\n"
            f"{fit_line(schedule.fit, schedule.unscheduled)}"
        )

"""The Plan page's exam result dialog: passed, failed, or a new exam date; opened with open()."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.core.commands import Command, RecordExam, SetPlan
from mlops_tracker.domain.model import Plan
from mlops_tracker.gui.widgets.labels import label

RESULTS = ("passed", "failed", "new_date")


def exam_command(plan: Plan, result: str, day: date) -> Command:
    """Return the undoable change: a result on its day, or the plan's exam moved to `day`."""
    if result in ("passed", "failed"):
        return RecordExam(plan.spec.level, result, day)
    # a new date keeps the schedule and its baseline: Reschedule… moves the steps if the learner wants
    days = max(plan.spec.days, (day - plan.spec.start).days + 1)
    return SetPlan(
        plan.spec.level,
        replace(plan.spec, exam=day, days=days),
        plan.tasks,
        "Move exam date",
        baseline=plan.first_schedule,
        keep_identity=True,
    )


class ExamResultDialog(QDialog):
    """Ask how the level's exam went: passed or failed on a day, or a new exam date."""

    def __init__(self, plan: Plan, level_name: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Record exam result: {level_name}")
        layout = QVBoxLayout(self)
        layout.addWidget(label(f"How did the {level_name} exam go?", role="heading"))
        self.choices = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for key, text in zip(RESULTS, ("&Passed", "&Failed", "&Not taken yet: new exam date"), strict=True):
            button = QRadioButton(text)
            button.setObjectName(f"exam_{key}")
            self.choices.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)
        self.buttons["passed"].setChecked(True)
        form = QFormLayout()
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("examDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        exam = plan.spec.exam if plan.spec.exam is not None and plan.spec.exam <= today else today
        self.date_edit.setDate(QDate(exam.year, exam.month, exam.day))
        form.addRow("&Date:", self.date_edit)
        layout.addLayout(form)
        layout.addWidget(
            label("Passed completes the level; Today then suggests the next certification.", role="muted")
        )
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("Record")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def result_key(self) -> str:
        """Return the chosen result: passed, failed or new_date."""
        return next(key for key, button in self.buttons.items() if button.isChecked())

    def day(self) -> date:
        """Return the date chosen."""
        value = self.date_edit.date()
        return date(value.year(), value.month(), value.day())

    def command(self) -> Command:
        """Return the change to record."""
        return exam_command(self.plan, self.result_key(), self.day())

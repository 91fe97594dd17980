"""The Plan page: the schedule as an agenda by day; create, reschedule and delete plans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QStackedLayout,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.core import files
from mlops_tracker.core.commands import Changes
from mlops_tracker.domain import scheduling, step_plan
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import Plan
from mlops_tracker.domain.phrases import duration, plural
from mlops_tracker.gui.bridge import TrackerBridge, confirm, show_error
from mlops_tracker.gui.dates import long_day, short_day, weekday_name
from mlops_tracker.gui.dialogs.exam_result import ExamResultDialog, exam_command
from mlops_tracker.gui.dialogs.plan_dialog import PlanDialog
from mlops_tracker.gui.models.agenda import AgendaModel
from mlops_tracker.gui.pages.base import Page
from mlops_tracker.gui.widgets.fit_actions import FitActions
from mlops_tracker.gui.widgets.guide_text import PaddedDelegate
from mlops_tracker.gui.widgets.labels import heading_label, label, title_label


def weekdays_text(weekdays: frozenset[int]) -> str:
    """Return study days as people read them: "Mon–Sat", "Mon, Wed, Fri", "every day"."""
    days = sorted(weekdays)
    if len(days) == 7:
        return "every day"
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{weekday_name(days[0])}–{weekday_name(days[-1])}"
    return ", ".join(weekday_name(day) for day in days)


class PlanPage(Page):
    """Show a plan's agenda and let the learner create, reschedule or delete plans."""

    title = "Plan"
    document_written = Signal(str)  # the message after the calendar was saved (the status bar shows it)

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self._level: str | None = None  # the level whose plan is shown

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.setSpacing(10)
        header = QHBoxLayout()
        header.addWidget(title_label("Plan"))
        header.addStretch(1)
        self.plan_combo = QComboBox()
        self.plan_combo.setObjectName("planSelector")
        self.plan_combo.setAccessibleName("Plan shown")
        self.plan_combo.setMinimumContentsLength(18)
        header.addWidget(self.plan_combo)
        self.new_button = QPushButton("&New plan…")
        self.new_button.setObjectName("newPlanButton")
        self.reschedule_button = QPushButton("&Reschedule…")
        self.reschedule_button.setObjectName("rescheduleButton")
        self.delete_button = QPushButton("&Delete plan…")
        self.delete_button.setObjectName("deletePlanButton")
        self.calendar_button = QPushButton("E&xport to calendar…")
        self.calendar_button.setObjectName("calendarButton")
        self.calendar_button.setToolTip("Save the plan as an .ics file: one calendar event per study day")
        for button in (self.new_button, self.reschedule_button, self.calendar_button, self.delete_button):
            header.addWidget(button)
        outer.addLayout(header)

        self.stack = QStackedLayout()
        outer.addLayout(self.stack, 1)

        # the empty state
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_title = heading_label("No plan yet")
        empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_text = label(
            "A plan spreads a level's skills, projects, phase activities and mistake reviews over your "
            "study days, so each morning you know what to do.",
            role="muted",
            wrap=True,
        )
        empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_text.setMaximumWidth(520)
        self.create_button = QPushButton("&Create a plan")
        self.create_button.setObjectName("createPlanButton")
        self.create_button.setProperty("role", "primary")
        empty_layout.addWidget(empty_title)
        empty_layout.addWidget(empty_text, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.empty_page = empty
        self.stack.addWidget(empty)

        # the plan: its facts and the agenda
        shown = QWidget()
        shown_layout = QVBoxLayout(shown)
        shown_layout.setContentsMargins(0, 0, 0, 0)
        shown_layout.setSpacing(10)
        facts = QFrame()
        facts.setProperty("role", "card")
        facts.setFrameShape(QFrame.Shape.StyledPanel)
        facts_layout = QHBoxLayout(facts)
        facts_layout.setContentsMargins(12, 10, 12, 10)
        facts_layout.setSpacing(24)
        self.fact_labels: dict[str, QLabel] = {}
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setHorizontalSpacing(10)
            form.setVerticalSpacing(4)
        for form, key, name in (
            (left, "level", "Level"),
            (left, "length", "Length"),
            (left, "study_days", "Study days"),
            (right, "start", "Start"),
            (right, "exam", "Exam"),
            (right, "progress", "Done"),
        ):
            fact = label(name=f"fact_{key}", selectable=True)
            form.addRow(label(f"{name}:", role="muted"), fact)
            self.fact_labels[key] = fact
        facts_layout.addLayout(left, 1)
        facts_layout.addLayout(right, 1)
        self.exam_button = QPushButton("Record exa&m result…")
        self.exam_button.setObjectName("examResultButton")
        self.exam_button.setToolTip("Passed, failed, or a new exam date (undoable)")
        facts_layout.addWidget(self.exam_button, 0, Qt.AlignmentFlag.AlignTop)
        shown_layout.addWidget(facts)
        self.fit_label = label(role="hint", name="fitLine", wrap=True)
        shown_layout.addWidget(self.fit_label)

        self.phase_label = label(role="muted", name="phaseToday", wrap=True)
        shown_layout.addWidget(self.phase_label)
        self.overdue_label = label(role="hint", name="overdueLabel", wrap=True)
        shown_layout.addWidget(self.overdue_label)

        self.model = AgendaModel(bridge, self)
        self.agenda = QTreeView()
        self.agenda.setObjectName("agenda")
        self.agenda.setAccessibleName("Agenda")
        self.agenda.setModel(self.model)
        self.agenda.setUniformRowHeights(True)
        self.agenda.setAllColumnsShowFocus(True)
        self.agenda.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda.setAlternatingRowColors(False)
        self.agenda.setItemDelegate(PaddedDelegate(3, self.agenda))
        header_view = self.agenda.header()
        header_view.setStretchLastSection(False)
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header_view.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        shown_layout.addWidget(self.agenda, 1)
        shown_layout.addWidget(self._unfit_group())
        self.plan_page = shown
        self.stack.addWidget(shown)

        self.new_button.clicked.connect(lambda: self.create_plan())
        self.create_button.clicked.connect(lambda: self.create_plan())
        self.reschedule_button.clicked.connect(self.reschedule)
        self.delete_button.clicked.connect(self.delete_plan)
        self.calendar_button.clicked.connect(lambda: self.export_calendar())
        self.exam_button.clicked.connect(self.open_exam_dialog)
        self.exam_dialog: ExamResultDialog | None = None
        self.plan_combo.activated.connect(self._on_plan_chosen)
        self.model.modelReset.connect(self._after_reset)

        self._load(scroll=True)

    def _unfit_group(self) -> QFrame:
        """Build the "Does not fit" group: the steps no study day holds, in order, with the fit advice."""
        self.unfit_frame = QFrame()
        self.unfit_frame.setObjectName("unfitGroup")
        self.unfit_frame.setProperty("role", "card")
        layout = QVBoxLayout(self.unfit_frame)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        self.unfit_heading = heading_label("Does not fit")
        self.unfit_heading.setObjectName("unfitHeading")
        self.unfit_advice = label(role="hint", name="unfitAdvice", wrap=True)
        self.unfit_list = QListWidget()
        self.unfit_list.setObjectName("unfitList")
        self.unfit_list.setAccessibleName("Steps that do not fit")
        self.unfit_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.unfit_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.unfit_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.unfit_list.setMaximumHeight(6 * self.unfit_list.fontMetrics().height() + 16)
        self.unfit_actions = FitActions(
            "R&aise to {minutes} min a day", "Move the exam &to {day}…", "unfitActions"
        )
        self.unfit_actions.minutes_chosen.connect(self.raise_minutes)
        self.unfit_actions.exam_chosen.connect(self.move_exam)
        for widget in (self.unfit_heading, self.unfit_advice, self.unfit_actions, self.unfit_list):
            layout.addWidget(widget)
        self.unfit_frame.hide()
        return self.unfit_frame

    def raise_minutes(self, minutes: int) -> bool:
        """Give the plan shown the budget that fits and re-pack it (one undo step); return whether it did."""
        plan = self.current_plan()
        if plan is None:
            return False
        try:
            self.tracker.set_plan_minutes(minutes, plan.spec.level)
        except UserError as error:
            show_error(self, str(error))
            return False
        return True

    def move_exam(self, exam: date) -> bool:
        """Move the plan's exam to the date that fits, once the learner agrees; return whether it moved."""
        plan = self.current_plan()
        if plan is None:
            return False
        try:
            moved = step_plan.with_exam(plan.spec, exam)
        except UserError as error:
            show_error(self, str(error))
            return False
        name = self.tracker.resolve_level(plan.spec.level).name
        longer = f" The plan grows to {moved.days} days." if moved.days > plan.spec.days else ""
        if not confirm(
            self,
            "Move the exam?",
            f"Move the {name} exam to {long_day(exam)}?{longer} The steps still open re-pack from today; "
            "lateness is still measured against the plan as first made.\n\n"
            "Book the exam for that day too. You can undo this with Ctrl+Z.",
            default_yes=True,
        ):
            return False
        try:
            self.tracker.move_exam(exam, plan.spec.level)
        except UserError as error:
            show_error(self, str(error))
            return False
        return True

    # ---- public API ------------------------------------------------------------------------------

    def current_plan(self) -> Plan | None:
        """Return the plan shown, if any."""
        return self.tracker.view().plan_of.get(self._level) if self._level else None

    def show_level(self, level: str) -> None:
        """Show this level's plan, if it has one."""
        if level in self.tracker.view().plan_of:
            self._level = level
            self._load(scroll=True)

    def create_plan(self, level: str | None = None) -> bool:
        """Open the plan dialog and create the plan the learner chooses; return whether one was made."""
        dialog = PlanDialog(self.bridge, level=level or self._level, parent=self)
        created = dialog.exec() == QDialog.DialogCode.Accepted and dialog.spec is not None
        if created and dialog.spec is not None:
            self._level = dialog.spec.level
            self._load(scroll=True)
        dialog.deleteLater()
        return created

    def reschedule(self) -> None:
        """Show what moving the overdue tasks forward would do, and do it when the learner agrees."""
        plan = self.current_plan()
        if plan is None:
            return
        try:
            preview = self.tracker.reschedule_preview(plan.spec.level, short_day)
        except UserError as error:
            show_error(self, str(error))
            return
        if not preview.moved:
            QMessageBox.information(self, "Reschedule", preview.advice)
            return
        holds = (
            "The exam date still holds."
            if preview.exam_holds
            else f"The exam date does not hold: {preview.extra_days_needed} more study days are needed."
        )
        if plan.spec.exam is None:
            holds = "The plan's end still holds." if preview.exam_holds else "The plan runs past its end."
        count = len(preview.moved)
        if not confirm(
            self,
            "Reschedule the plan?",
            f"{count} task{'s' if count != 1 else ''} move forward from today.\n\n{preview.advice}\n\n"
            f"{holds}\n\nYou can undo this with Ctrl+Z.",
            default_yes=True,
        ):
            return
        try:
            self.tracker.reschedule(plan.spec.level)
        except UserError as error:
            show_error(self, str(error))

    def delete_plan(self) -> None:
        """Delete the plan shown, after the learner confirms."""
        plan = self.current_plan()
        if plan is None:
            return
        name = self.tracker.resolve_level(plan.spec.level).name
        if not confirm(
            self,
            "Delete the plan?",
            f"Delete the {name} plan and its schedule? Your progress on items is kept.\n\n"
            "You can undo this with Ctrl+Z.",
        ):
            return
        try:
            self.tracker.delete_plan(plan.spec.level)
        except UserError as error:
            show_error(self, str(error))

    def open_exam_dialog(self) -> ExamResultDialog | None:
        """Open the exam result dialog (window-modal, `open()`); Record runs the change."""
        plan = self.current_plan()
        if plan is None:
            return None
        name = self.tracker.resolve_level(plan.spec.level).name
        dialog = ExamResultDialog(plan, name, self.tracker.clock.today(), self)
        dialog.accepted.connect(lambda: self.record_exam(dialog.result_key(), dialog.day()))
        dialog.finished.connect(dialog.deleteLater)
        self.exam_dialog = dialog
        dialog.open()
        return dialog

    def record_exam(self, result: str, day: date) -> bool:
        """Record the shown level's exam result, or move its exam date; return whether it was saved."""
        plan = self.current_plan()
        if plan is None:
            return False
        try:
            self.tracker.run(exam_command(plan, result, day))
        except UserError as error:
            show_error(self, str(error))
            return False
        return True

    def export_calendar(self, path: Path | None = None) -> Path | None:
        """Save the plan shown as an iCalendar file (asking where when no path is given); return the file."""
        plan = self.current_plan()
        if plan is None:
            return None
        if path is None:
            suggested = str(Path.home() / f"mlops-tracker-{plan.spec.level}-plan.ics")
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to calendar", suggested, "Calendar (*.ics)")
            if not chosen:
                return None
            path = Path(chosen) if Path(chosen).suffix else Path(chosen).with_suffix(".ics")
        try:
            summary = files.export_calendar(self.tracker, path, plan.spec.level)
        except UserError as error:
            show_error(self, str(error))
            return None
        self.document_written.emit(f"Saved {summary.study_days} study days to {summary.path.name}.")
        return summary.path

    def refresh(self, changes: Changes) -> None:
        """Bring the agenda up to date after a change."""
        if changes.plans or changes.items or changes.readiness:
            self._load(scroll=False)

    # ---- private ---------------------------------------------------------------------------------

    def _load(self, scroll: bool) -> None:
        plans = self.tracker.view().plans
        levels = [plan.spec.level for plan in plans]
        if self._level not in levels:
            self._level = levels[0] if levels else None
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for level in self.tracker.curriculum.levels:  # guide order, whatever order plans were made in
            if level.id in levels:
                self.plan_combo.addItem(f"{level.name} plan", level.id)
        self.plan_combo.setCurrentIndex(max(0, self.plan_combo.findData(self._level)))
        self.plan_combo.blockSignals(False)
        self.plan_combo.setVisible(len(plans) > 1)

        plan = next((p for p in plans if p.spec.level == self._level), None)
        self.delete_button.setEnabled(plan is not None)
        self.calendar_button.setEnabled(plan is not None)
        if plan is None:
            self.model.load(None)
            self.reschedule_button.setEnabled(False)
            self.stack.setCurrentWidget(self.empty_page)
            return
        self.stack.setCurrentWidget(self.plan_page)
        self.model.load(plan)
        self._show_facts(plan)
        if scroll:
            self._scroll_to_today()

    def _show_facts(self, plan: Plan) -> None:
        spec = plan.spec
        today = self.tracker.clock.today()
        level = self.tracker.resolve_level(spec.level)
        covered = scheduling.phases_covered(spec.days)
        phases = "phase 1" if covered == 1 else f"phases 1–{covered}"
        days = self.model.days()
        views = [view for day in days for view in day.tasks]
        done = sum(1 for view in views if view.finished)
        overdue = sum(1 for view in views if view.overdue)
        self.fact_labels["level"].setText(level.title)
        self.fact_labels["length"].setText(f"{spec.days} days ({phases} of the guide)")
        self.fact_labels["study_days"].setText(weekdays_text(spec.study_weekdays))
        self.fact_labels["start"].setText(long_day(spec.start))
        if spec.exam is None:
            self.fact_labels["exam"].setText("no date yet")
        else:
            left = (spec.exam - today).days
            when = "today" if left == 0 else f"in {left} days" if left > 0 else f"{-left} days ago"
            self.fact_labels["exam"].setText(f"{long_day(spec.exam)} ({when})")
        steps = any(view.step_id for view in views)
        self.fact_labels["progress"].setText(
            f"{done} of {len(views)} {'steps' if steps else 'tasks'} · {spec.minutes_per_day} min a study day"
        )
        result = self.tracker.view().exam_results.get(spec.level)
        if result is not None and spec.exam is not None:
            self.fact_labels["exam"].setText(f"{long_day(result.day)}: {result.result}")
        # the fit of the days left, as the "Does not fit" group, `plan show` and `status` give it
        fit = self.tracker.plan_fit(plan) if steps else None
        advice = step_plan.fit_line(fit) if fit is not None and not fit.fits else ""
        self._show_unfit(plan)
        self.fit_label.setText("" if self.unfit_frame.isVisibleTo(self) else advice)
        self.fit_label.setVisible(bool(self.fit_label.text()))

        last = max((day.day for day in days), default=spec.start)
        if today < spec.start:
            self.phase_label.setText(f"The plan starts in {(spec.start - today).days} days.")
        elif today > last:
            self.phase_label.setText("The plan's last study day has passed.")
        elif level.phases:
            number = scheduling.phase_of_day(spec, today)
            phase = next((p for p in level.phases if p.number == number), None)
            focus = f": {phase.activity}" if phase else ""
            self.phase_label.setText(f"Today is in phase {number}{focus}")
        else:
            self.phase_label.setText("")
        self.phase_label.setVisible(bool(self.phase_label.text()))
        noun = "step" if steps else "task"
        self.overdue_label.setText(
            f"{overdue} {noun}{'s are' if overdue != 1 else ' is'} overdue: Reschedule… moves "
            f"{'them' if overdue != 1 else 'it'} forward from today."
            if overdue
            else ""
        )
        self.overdue_label.setVisible(bool(overdue))
        self.reschedule_button.setEnabled(overdue > 0 or self.unfit_frame.isVisibleTo(self))

    def _show_unfit(self, plan: Plan) -> None:
        """Show the steps that do not fit the plan's study days, or hide the group when all fit."""
        missing = self.tracker.unscheduled(plan)
        self.unfit_frame.setVisible(bool(missing))
        self.unfit_list.clear()
        if not missing:
            return
        # the advice and its actions are about the days left: what a re-pack from today needs
        fit = self.tracker.plan_fit(plan)
        advice = step_plan.fit_line(fit) if not fit.fits else ""
        self.unfit_actions.show_fit(fit, self.tracker.clock.today())
        titles = self.tracker.view().step_titles
        total = sum(work.minutes for work in missing)
        self.unfit_heading.setText(f"Does not fit ({plural(len(missing), 'step')}, {duration(total)})")
        self.unfit_advice.setText(
            f"{advice} Reschedule… places what the days from today hold."
            if advice
            else "Reschedule… places what the days from today hold."
        )
        for work in missing:
            text = f"{work.minutes} min · {titles.get(work.step_id, work.step_id)}"
            self.unfit_list.addItem(text)
            self.unfit_list.item(self.unfit_list.count() - 1).setToolTip(text)

    def _after_reset(self) -> None:
        self.agenda.expandAll()

    def _scroll_to_today(self) -> None:
        row = self.model.day_row(self.model.today)
        overdue = next(
            (r for r, day in enumerate(self.model.days()) if any(v.overdue for v in day.tasks)), None
        )
        if overdue is not None:
            row = overdue
        if row >= 0:
            index = self.model.index(row, 0)
            self.agenda.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
            self.agenda.setCurrentIndex(index)

    def _on_plan_chosen(self, _: int) -> None:
        self._level = self.plan_combo.currentData()
        self._load(scroll=True)

    def agenda_index(self, item_id: str) -> QModelIndex:
        """Return the agenda index of an item's task (column 0), or an invalid index."""
        return self.model.task_index(item_id)

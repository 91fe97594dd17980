"""The first-run wizard: the learner's role, a proposed level, plan length and exam date, then the plan."""

from __future__ import annotations

import html
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mlops_tracker.domain import step_plan
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import ALL_LEVELS, PlanSpec
from mlops_tracker.domain.scheduling import phases_covered
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.dates import long_day, short_day, weekday_name
from mlops_tracker.gui.widgets.labels import label
from mlops_tracker.gui.widgets.plan_form import PlanForm, from_qdate, to_qdate

WIZARD_DONE_KEY = "wizard_done"
ROLE_SETTING = "role"
DEFAULT_DAYS = {"foundation": 14, "professional": 30, "advanced": 45, "security": 30, "financial": 30}
EXAM_MARGIN_DAYS = 2


def _wrapped(text: str, role: str = "") -> QLabel:
    """Return a word-wrapped label that takes the page's width."""
    widget = label(text, role=role, wrap=True)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return widget


class WelcomePage(QWizardPage):
    """Say what the wizard does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Welcome to MLOps Tracker")
        self.setSubTitle("Your role and your exam, then a study plan for the Certified MLOps Manager.")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped(
                "Tell the app your role and it proposes the level the guide recommends for you, a plan "
                "length and an exam date. The plan spreads the level's skills, projects and reviews over "
                "your study days, so each morning the Today page says what to do.\n\n"
                "Everything stays on this computer. You can change the plan later, or skip this and "
                "create a plan yourself from File → New plan."
            )
        )
        layout.addStretch(1)


class RolePage(QWizardPage):
    """Ask the learner's role, from the guide's role table."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Your role")
        self.setSubTitle("The guide recommends a level for each role.")
        self.roles = wizard.tracker.curriculum.roles
        layout = QVBoxLayout(self)
        prompt = QLabel("&Which describes you best?")
        self.role_list = QListWidget()
        self.role_list.setObjectName("roleList")
        self.role_list.setAccessibleName("Role")
        prompt.setBuddy(self.role_list)
        for role in self.roles:
            item = QListWidgetItem(role.role)
            item.setToolTip("Recommended: " + ", ".join(role.certifications))
            self.role_list.addItem(item)
        self.recommendation = _wrapped("", "muted")
        self.recommendation.setObjectName("roleRecommendation")
        self.recommendation.setMinimumHeight(40)
        layout.addWidget(prompt)
        layout.addWidget(self.role_list, 1)
        layout.addWidget(self.recommendation)
        self.role_list.currentRowChanged.connect(self._on_role)
        stored = wizard.tracker.setting(ROLE_SETTING)
        names = [r.role for r in self.roles]
        self.role_list.setCurrentRow(names.index(stored) if stored in names else 0)

    def _on_role(self, row: int) -> None:
        if 0 <= row < len(self.roles):
            role = self.roles[row]
            self.recommendation.setText("Recommended certifications: " + ", ".join(role.certifications) + ".")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return 0 <= self.role_list.currentRow() < len(self.roles)

    def level_id(self) -> str:
        """Return the level the chosen role's row recommends."""
        row = self.role_list.currentRow()
        return self.roles[row].level_id if 0 <= row < len(self.roles) else "foundation"

    def role_name(self) -> str:
        """Return the chosen role."""
        item = self.role_list.currentItem()
        return item.text() if item else ""


class ProposalPage(PlanForm, QWizardPage):
    """Propose a level, a plan length, the dates and the study days; all editable."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.tracker = wizard.tracker
        self.setTitle("Your plan")
        self.setSubTitle("A proposal from your role. Change anything you like.")
        self._proposed_for: str | None = None
        self._exam_touched = False

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        days_row = self.build_plan_fields(
            self.tracker.clock.today(),
            level="levelCombo",
            days="daysSpin",
            start_name="startDateEdit",
            exam="examDateEdit",
            weekday="weekday",
            minutes="minutesSpin",
            fit="wizardFitActions",
            weekday_spacing=8,
        )
        self.level_combo.setAccessibleName("Level")
        levels = {level.id: level for level in self.tracker.curriculum.levels}
        for level_id in ALL_LEVELS:
            if level_id in levels:
                level = levels[level_id]
                kind = "specialist track" if level.kind == "specialist" else "level"
                self.level_combo.addItem(f"{level.name} ({kind})", level_id)
        form.addRow("&Level:", self.level_combo)
        self.level_hint = _wrapped("", "muted")
        self.level_hint.setObjectName("levelHint")
        form.addRow("", self.level_hint)

        self.days_spin.setAccessibleName("Plan length in days")
        form.addRow("&Plan length:", self.days_spin)
        self.length_hint = _wrapped("", "muted")
        self.length_hint.setObjectName("lengthHint")
        form.addRow("", self.length_hint)

        self.start_edit.setAccessibleName("Start date")
        form.addRow("&Start:", self.start_edit)
        self.exam_edit.setAccessibleName("Exam date")
        form.addRow("&Exam date:", self.exam_edit)

        days_label = QLabel("Study &days:")
        days_label.setBuddy(self.weekday_checks[0])
        form.addRow(days_label, days_row)
        form.addRow("&Minutes a day:", self.minutes_spin)
        self.fit_label = _wrapped("", "muted")
        self.fit_label.setObjectName("wizardFit")
        form.addRow("", self.fit_label)
        form.addRow("", self.fit_actions)

        self.error_label = _wrapped("", "hint")
        self.error_label.setObjectName("wizardError")
        form.addRow(self.error_label)

        self.level_combo.currentIndexChanged.connect(self._on_level_changed)
        self.days_spin.valueChanged.connect(self._on_length_changed)
        self.start_edit.dateChanged.connect(self._on_length_changed)
        self.exam_edit.dateChanged.connect(self._on_exam_edited)
        self.minutes_spin.valueChanged.connect(self._on_input_changed)
        for check in self.weekday_checks:
            check.toggled.connect(self._on_input_changed)
        self.propose()

    spec = PlanForm.build_spec  # the wizard's word for it

    def initializePage(self) -> None:
        self.propose()

    def propose(self) -> None:
        """Propose the level of the chosen role, its usual length and an exam date (unless already done)."""
        level_id = self.wizard_.role_page.level_id()
        if level_id != self._proposed_for:
            self._proposed_for = level_id
            self._exam_touched = False
            index = self.level_combo.findData(level_id)
            self.level_combo.setCurrentIndex(max(index, 0))
            self._on_level_changed()

    def _on_level_changed(self, *_args: object) -> None:
        level_id = self.level_combo.currentData()
        level = self.tracker.resolve_level(level_id)
        self.level_hint.setText(
            f"For: {level.audience}. Prerequisites: {level.prerequisites}. Covers: {level.skills_covered}."
        )
        self.days_spin.setValue(DEFAULT_DAYS.get(level_id, 30))
        self._on_length_changed()

    def _on_length_changed(self, *_args: object) -> None:
        covered = phases_covered(self.days_spin.value())
        level = self.tracker.resolve_level(self.level_combo.currentData())
        if not level.phases:
            self.length_hint.setText("Specialist tracks have skills only: every day holds one or two.")
        else:
            which = {1: "phase 1", 2: "phases 1–2", 3: "all three phases"}[covered]
            self.length_hint.setText(f"{self.days_spin.value()} days cover {which} of the guide's plan.")
        if not self._exam_touched:
            proposed = from_qdate(self.start_edit.date()) + timedelta(
                days=self.days_spin.value() + EXAM_MARGIN_DAYS
            )
            self.exam_edit.blockSignals(True)
            self.exam_edit.setDate(to_qdate(proposed))
            self.exam_edit.blockSignals(False)
        self._on_input_changed()

    def _on_exam_edited(self, *_args: object) -> None:
        self._exam_touched = True
        self._on_input_changed()

    def _on_exam_moved(self) -> None:
        self._exam_touched = True  # a length change must not propose another exam date over this one
        self._on_length_changed()

    def _on_input_changed(self, *_args: object) -> None:
        self.show_error("")
        self._update_fit()
        self.completeChanged.emit()

    def _update_fit(self) -> None:
        """Show whether the plan's steps fit the study days at the minutes a day, in numbers."""
        try:
            _, schedule = self.planned()
        except UserError:
            self.fit_label.setText("")
            return
        self.fit_label.setText(step_plan.fit_line(schedule.fit, schedule.unscheduled))

    def show_error(self, message: str) -> None:
        """Show a problem with the chosen values under the form."""
        self.error_label.setText(message)

    def isComplete(self) -> bool:
        return any(check.isChecked() for check in self.weekday_checks)

    def validatePage(self) -> bool:
        try:
            self.wizard_.spec = self.spec()
        except UserError as error:
            self.show_error(str(error))
            return False
        return True


class SummaryPage(QWizardPage):
    """Show what will be created, then create it."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle("Ready")
        self.setSubTitle("Finish creates the plan; the Today page then shows your first tasks.")
        layout = QVBoxLayout(self)
        self.summary_label = _wrapped("")
        self.summary_label.setObjectName("wizardSummary")
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.error_label = _wrapped("", "hint")
        self.error_label.setObjectName("wizardFinishError")
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.error_label.setText("")
        spec = self.wizard_.spec
        if spec is None:
            return
        tracker = self.wizard_.tracker
        level = tracker.resolve_level(spec.level)
        days = ", ".join(weekday_name(d, "long") for d in sorted(spec.study_weekdays))
        replace = (
            "<p><b>Note:</b> this replaces your current plan for this level.</p>"
            if tracker.plan(spec.level)
            else ""
        )
        exam = long_day(spec.exam) if spec.exam else "none"
        planned = tracker.schedule(spec)
        tasks = sorted(planned.tasks, key=lambda task: task.due)
        first = f", the first on {short_day(tasks[0].due)}" if tasks else ""
        self.summary_label.setText(
            f"<p><b>{level.title}</b></p>"
            "<table cellpadding='4' cellspacing='0'>"
            f"<tr><td>Plan</td><td>{spec.days} days from {long_day(spec.start)}</td></tr>"
            f"<tr><td>Exam</td><td>{exam}</td></tr>"
            f"<tr><td>Study days</td><td>{days}</td></tr>"
            f"<tr><td>Your role</td><td>{self.wizard_.role_page.role_name()}</td></tr>"
            f"<tr><td>Minutes a day</td><td>{spec.minutes_per_day}</td></tr>"
            f"<tr><td>Study steps</td><td>{len(tasks)} steps of skills, projects and reviews{first}</td></tr>"
            f"</table><p>{html.escape(step_plan.fit_line(planned.fit, planned.unscheduled))}</p>{replace}"
        )

    def validatePage(self) -> bool:
        return self.wizard_.create_plan()


class FirstRunWizard(QWizard):
    """Ask the learner's role, propose a plan, and create it; Cancel skips it for good."""

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.tracker = bridge.tracker
        self.spec: PlanSpec | None = None
        self.created = False
        self.setObjectName("firstRunWizard")
        self.setWindowTitle("Plan your preparation")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(620, 480)
        self.welcome_page = WelcomePage(self)
        self.role_page = RolePage(self)
        self.proposal_page = ProposalPage(self)
        self.summary_page = SummaryPage(self)
        for page in (self.welcome_page, self.role_page, self.proposal_page, self.summary_page):
            self.addPage(page)
        self.rejected.connect(self._on_skipped)

    def create_plan(self) -> bool:
        """Create the plan from the proposal page; show a problem inline and return False."""
        try:
            spec = self.proposal_page.spec()
            self.tracker.create_plan(spec)
        except UserError as error:
            self.summary_page.error_label.setText(str(error))
            self.proposal_page.show_error(str(error))
            return False
        self.spec = spec
        self.created = True
        self.tracker.set_setting(WIZARD_DONE_KEY, True)
        self.tracker.set_setting(ROLE_SETTING, self.role_page.role_name())
        return True

    def accept(self) -> None:
        if not self.created and not self.create_plan():
            return
        super().accept()

    def _on_skipped(self) -> None:
        if not self.created:
            self.tracker.set_setting(WIZARD_DONE_KEY, True)

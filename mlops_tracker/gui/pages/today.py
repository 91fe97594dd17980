"""The Today page: what to do today, what is overdue, the phase focus, the streak and the study timer."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.core import reviews
from mlops_tracker.core.commands import ALL_CHANGED, Changes
from mlops_tracker.core.views import ItemView, TaskView, View
from mlops_tracker.domain import scheduling
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.streak import FREEZES_PER_MONTH
from mlops_tracker.gui.bridge import TrackerBridge, show_error
from mlops_tracker.gui.dates import heading_day, short_day
from mlops_tracker.gui.models.tasks import TaskListModel, as_check_state, short_title
from mlops_tracker.gui.numbers import buffer, number, percent, plural
from mlops_tracker.gui.pages.base import Page
from mlops_tracker.gui.widgets.labels import bold_label, label
from mlops_tracker.gui.widgets.task_delegate import TaskDelegate
from mlops_tracker.gui.widgets.tiles import StatTile
from mlops_tracker.gui.widgets.timer import StudyTimer
from mlops_tracker.gui.widgets.week import WeekBars

UPCOMING_SHOWN = 4
MIN_TASK_ROWS = 3
MAX_TASK_ROWS = 8


def buffer_text(days: int) -> str:
    """Return a buffer as people say it: "2 days ahead", "3 days behind", "on plan"."""
    return buffer(days)


def budget_today(view: View) -> int:
    """Return today's budget of study minutes: the sum over the plans that have today as a study day."""
    today = view.today
    return sum(
        plan.spec.minutes_per_day
        for plan in view.plans
        if plan.spec.level not in view.passed
        and today.weekday() in plan.spec.study_weekdays
        and plan.spec.start <= today <= scheduling.last_day(plan.spec)
    )


def _titled_card(name: str, heading: str, *, spacing: int) -> tuple[QFrame, QVBoxLayout]:
    """Return a card of the side columns, with its heading, and its layout to add the rest to."""
    card = QFrame()
    card.setProperty("role", "card")
    card.setObjectName(name)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.setSpacing(spacing)
    layout.addWidget(label(heading, role="heading"))
    return card, layout


class TaskListView(QListView):
    """The task list; Space toggles the current row's check box."""

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select) and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            index = self.currentIndex()
            if index.isValid():
                state = as_check_state(index.data(Qt.ItemDataRole.CheckStateRole))
                new = Qt.CheckState.Unchecked if state == Qt.CheckState.Checked else Qt.CheckState.Checked
                self.model().setData(index, new, Qt.ItemDataRole.CheckStateRole)
                event.accept()
                return
        super().keyPressEvent(event)


class TodayPage(Page):
    """Show today's and overdue tasks with check boxes, the focus, the figures and the study timer."""

    title = "Today"
    item_requested = Signal(str)  # open this item on the Levels page
    wizard_requested = Signal()
    create_plan_requested = Signal()

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self.view: View | None = None
        self._content_shown = False
        self._fitted_rows: tuple[tuple[str, str | None], ...] | None = None  # the rows the list was sized for
        self.model = TaskListModel(bridge, self)
        self.due = reviews.TodayReviews((), 0)  # today's due reviews, read again when answers change
        self.session = self.due  # the due reviews that fill today's review session (see `fill_session`)
        self.recap: list[str] = []  # the last study day's items, to self-check when no review is due
        self.review_dialog: QWidget | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Today page")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        root = QVBoxLayout(body)
        root.setContentsMargins(28, 22, 28, 22)
        root.setSpacing(14)

        # header
        self.date_label = label(role="title", name="todayDate")
        self.subtitle_label = label(role="subtitle", name="todaySubtitle", wrap=True)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.date_label)
        header.addWidget(self.subtitle_label)
        root.addLayout(header)

        # figures
        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        self.readiness_tile = StatTile("Readiness")
        self.streak_tile = StatTile("Streak")
        self.exam_tile = StatTile("Exam")
        self.buffer_tile = StatTile("Buffer")
        for tile in (self.readiness_tile, self.streak_tile, self.exam_tile, self.buffer_tile):
            tiles.addWidget(tile, 1)
        root.addLayout(tiles)

        self.content_stack = QStackedWidget()
        self.content_stack.addWidget(self._build_no_plan_panel())
        self.content_stack.addWidget(self._build_content())
        root.addWidget(self.content_stack, 1)

        self._set_tab_order()
        self.refresh(ALL_CHANGED)

    # ---- building ----------------------------------------------------------------------------

    def _set_tab_order(self) -> None:
        """Tab from the tasks to their buttons, then through the timer, in reading order."""
        chain = [
            self.wizard_button,
            self.create_plan_button,
            self.review_button,
            self.task_view,
            self.reschedule_button,
            self.evidence_button,
            self.timer.start_button,
            self.timer.pause_button,
            self.timer.stop_button,
            self.timer.minutes_spin,
            self.timer.log_button,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def first_focus(self) -> QWidget:
        """Return the widget that should take the focus when the page is entered from the keyboard."""
        return self.task_view if self.content_stack.currentIndex() == 1 else self.wizard_button

    def _build_no_plan_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 24, 0, 0)
        card = QFrame()
        card.setProperty("role", "card")
        card.setObjectName("noPlanPanel")
        card.setFixedWidth(600)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(10)
        inner.addWidget(label("No study plan yet", role="heading"))
        # explicit lines: a wrapped label in a stacked page gets a wrong height from Qt's height-for-width
        inner.addWidget(
            label(
                "Tell the app your role and it proposes a level, a plan length and an exam date;\n"
                "or choose them yourself. The plan spreads the level's skills, projects and\n"
                "reviews over your study days, so each morning you know what to do.",
                role="muted",
            )
        )
        buttons = QHBoxLayout()
        self.wizard_button = QPushButton("Start the first-run &wizard")
        self.wizard_button.setObjectName("startWizardButton")
        self.wizard_button.setProperty("role", "primary")
        self.wizard_button.clicked.connect(self.wizard_requested)
        self.create_plan_button = QPushButton("&Create a plan…")
        self.create_plan_button.setObjectName("createPlanButton")
        self.create_plan_button.clicked.connect(self.create_plan_requested)
        buttons.addWidget(self.wizard_button)
        buttons.addWidget(self.create_plan_button)
        buttons.addStretch(1)
        inner.addSpacing(6)
        inner.addLayout(buttons)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return panel

    def _build_content(self) -> QWidget:
        content = QWidget()
        columns = QHBoxLayout(content)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(18)

        left = QVBoxLayout()
        left.setSpacing(10)
        self.focus_frame = QFrame()
        self.focus_frame.setProperty("role", "focus")
        focus_layout = QVBoxLayout(self.focus_frame)
        focus_layout.setContentsMargins(14, 10, 14, 10)
        focus_layout.setSpacing(3)
        focus_caption = label("Today's focus", role="heading")
        focus_layout.addWidget(focus_caption)
        self.focus_label = label(name="focusText", wrap=True)
        self.focus_label.setTextFormat(Qt.TextFormat.PlainText)
        focus_layout.addWidget(self.focus_label)
        left.addWidget(self.focus_frame)

        self.passed_frame = QFrame()
        self.passed_frame.setProperty("role", "card")
        self.passed_frame.setObjectName("passedCard")
        passed_layout = QVBoxLayout(self.passed_frame)
        passed_layout.setContentsMargins(16, 10, 16, 10)
        passed_layout.setSpacing(3)
        self.passed_label = label(role="heading", name="passedText", wrap=True)
        self.next_cert_label = label(role="muted", name="nextCertificationText", wrap=True)
        passed_layout.addWidget(self.passed_label)
        passed_layout.addWidget(self.next_cert_label)
        left.addWidget(self.passed_frame)

        self.review_frame = QFrame()
        self.review_frame.setProperty("role", "card")
        self.review_frame.setObjectName("reviewsCard")
        review_layout = QHBoxLayout(self.review_frame)
        review_layout.setContentsMargins(16, 8, 10, 8)
        self.review_label = label(role="heading", name="reviewsDue")
        self.review_hint = label(role="muted", name="reviewsHint", wrap=True)
        review_text = QVBoxLayout()
        review_text.setSpacing(1)
        review_text.addWidget(self.review_label)
        review_text.addWidget(self.review_hint)
        self.review_button = QPushButton("Start self-chec&k")
        self.review_button.setObjectName("reviewButton")
        self.review_button.setProperty("role", "primary")
        self.review_button.setToolTip("Answer the questions of the items due for review (1–4, Enter, Esc)")
        self.review_button.clicked.connect(self.start_reviews)
        review_layout.addLayout(review_text, 1)
        review_layout.addWidget(self.review_button)
        left.addWidget(self.review_frame)

        tasks_header = QHBoxLayout()
        self.tasks_heading = label("Tasks", role="heading")
        self.tasks_count = label(role="muted", name="tasksCount")
        self.reschedule_button = QPushButton("Res&chedule…")
        self.reschedule_button.setObjectName("rescheduleButton")
        self.reschedule_button.setToolTip("Move the overdue tasks forward from today")
        self.reschedule_button.clicked.connect(self.reschedule)
        tasks_header.addWidget(self.tasks_heading)
        tasks_header.addSpacing(6)
        tasks_header.addWidget(self.tasks_count)
        tasks_header.addStretch(1)
        self.suggested_label = label("Suggested by the app", role="muted", name="suggestedNote")
        tasks_header.addWidget(self.suggested_label)
        tasks_header.addWidget(self.reschedule_button)
        left.addLayout(tasks_header)
        self.budget_label = label(role="muted", name="budgetText", wrap=True)
        left.addWidget(self.budget_label)

        self.task_view = TaskListView()
        self.task_view.setObjectName("taskList")
        self.task_view.setModel(self.model)
        self.task_view.setItemDelegate(TaskDelegate(self.task_view))
        self.task_view.setAccessibleName("Today's tasks")
        self.task_view.setAccessibleDescription(
            "Space ticks or unticks the current task; Enter opens it on the Levels page"
        )
        self.task_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.task_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.task_view.setUniformItemSizes(False)  # a step has a second line, a whole item has not
        self.task_view.setWordWrap(False)
        self.task_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.task_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.task_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.task_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.task_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.task_view.activated.connect(self._open_index)  # Enter or double-click
        self.task_view.selectionModel().currentChanged.connect(self._time_current_step)
        self.tasks_heading.setBuddy(self.task_view)
        left.addWidget(self.task_view)

        self.nothing_frame = QFrame()
        self.nothing_frame.setProperty("role", "card")
        self.nothing_frame.setObjectName("nothingToday")
        nothing_layout = QVBoxLayout(self.nothing_frame)
        nothing_layout.setContentsMargins(18, 14, 18, 14)
        self.nothing_label = label(role="heading", name="nothingTodayText", wrap=True)
        self.next_label = label(role="muted", name="nextTaskText", wrap=True)
        nothing_layout.addWidget(self.nothing_label)
        nothing_layout.addWidget(self.next_label)
        left.addWidget(self.nothing_frame)

        self.evidence_frame = QFrame()
        self.evidence_frame.setProperty("role", "card")
        evidence_layout = QHBoxLayout(self.evidence_frame)
        evidence_layout.setContentsMargins(14, 8, 10, 8)
        self.evidence_label = label(role="hint", name="evidenceHint", wrap=True)
        self.evidence_button = QPushButton("Add e&vidence…")
        self.evidence_button.setObjectName("evidenceButton")
        self.evidence_button.setToolTip("Open the project on the Levels page to add a link, a file or a note")
        self.evidence_button.clicked.connect(self._open_evidence_item)
        evidence_layout.addWidget(self.evidence_label, 1)
        evidence_layout.addWidget(self.evidence_button)
        left.addWidget(self.evidence_frame)
        self._evidence_item: str | None = None

        upcoming, up_layout = _titled_card("upcomingCard", "Coming up", spacing=6)
        # plain labels in a grid, not one rich-text label: laying out the page (which any label whose text
        # changes asks for) measured rich text again and repainted it, most of a tick's paint
        self.upcoming_label = label("Nothing else scheduled.", name="upcomingText")
        up_layout.addWidget(self.upcoming_label)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        self.upcoming_rows: list[tuple[QLabel, QLabel]] = []
        for row in range(UPCOMING_SHOWN):
            day, name = bold_label(name="upcomingDay"), label(name="upcomingTask", wrap=True)
            grid.addWidget(day, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(name, row, 1, Qt.AlignmentFlag.AlignTop)
            self.upcoming_rows.append((day, name))
        up_layout.addLayout(grid)
        left.addSpacing(4)
        left.addWidget(upcoming)
        left.addStretch(1)

        right = QVBoxLayout()
        right.setSpacing(12)
        right.setContentsMargins(0, 0, 0, 0)
        self.timer = StudyTimer(self.bridge)
        self.timer.setObjectName("studyTimer")
        right.addWidget(self.timer)
        week, week_layout = _titled_card("weekCard", "This week", spacing=8)
        self.week_bars = WeekBars()
        week_layout.addWidget(self.week_bars)
        self.week_label = label(role="muted", name="weekText", wrap=True)
        week_layout.addWidget(self.week_label)
        right.addWidget(week)
        right.addStretch(1)
        right_widget = QWidget()
        right_widget.setLayout(right)
        right_widget.setFixedWidth(300)

        columns.addLayout(left, 1)
        columns.addWidget(right_widget)
        return content

    # ---- refreshing --------------------------------------------------------------------------

    def refresh(self, changes: Changes) -> None:
        """Show the tracker's current view."""
        self.render(self.tracker.view(), changes)

    def render(self, view: View, changes: Changes = ALL_CHANGED) -> None:
        """Show a view: the tasks, the figures, what comes next and the week."""
        self.view = view
        today = view.today
        self.date_label.setText(heading_day(today))
        tasks = view.visible_tasks if view.plans else []
        steps = view.steps
        outcomes = {s.id: s.outcome for t in tasks for s in steps.get(t.item.id, ())}
        self.model.set_tasks(tasks, outcomes)
        self._time_current_step(self.task_view.currentIndex(), QModelIndex())
        if changes.reviews or changes.settings:
            self.due = reviews.today_reviews(self.tracker)
        self._refresh_tiles(view)
        self._show_content(1 if view.plans else 0)
        self._refresh_passed(view)
        self._refresh_reviews(view)
        if not view.plans:
            self.subtitle_label.setText("Welcome. Make a study plan to see what to do each day.")
            return
        finished = sum(1 for t in tasks if t.finished)
        overdue = sum(1 for t in tasks if t.overdue)
        self.tasks_count.setText(f"{finished} of {len(tasks)} done" if tasks else "")
        self.subtitle_label.setText(self._subtitle(tasks, finished, overdue))
        self.reschedule_button.setVisible(overdue > 0)
        self.task_view.setVisible(bool(tasks))
        self.tasks_heading.setVisible(bool(tasks))
        has_steps = any(t.step_id for t in tasks)
        self.tasks_heading.setText("Today's steps" if has_steps else "Tasks")
        self._refresh_budget(view, tasks)
        over = all(scheduling.last_day(plan.spec) < view.today for plan in view.plans)
        self.focus_label.setText(
            "\n".join(f"{name}: {activity}" for name, activity in view.focus)
            or ("Your plan's study days are over." if over else "Your plan has not started yet.")
        )
        self.suggested_label.setVisible(has_steps)
        if view.study is not None:
            self.suggested_label.setToolTip(view.study.label)
        self._refresh_nothing_today(tasks, view)
        self._refresh_evidence_hint(tasks)
        self._refresh_upcoming(view)
        self._refresh_week(view)
        rows = tuple((t.item.id, t.step_id) for t in tasks)
        if rows != self._fitted_rows or changes.settings or changes.plans:
            # a tick changes a row in place: its height stays, so no sizing and no relayout (sized
            # again once shown, when the style's fonts apply)
            self._fitted_rows = rows if self.isVisible() else None
            self._fit_task_list()
        if changes.sessions or changes.plans:
            self.timer.refresh_total()

    def _show_content(self, index: int) -> None:
        if index == self.content_stack.currentIndex() and self._content_shown:
            return  # a tick: the same panel, no layout to redo
        self._content_shown = True
        # a stacked widget is as tall as its tallest page: let the hidden one shrink to nothing
        for i in range(self.content_stack.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            self.content_stack.widget(i).setSizePolicy(policy, policy)
        self.content_stack.setCurrentIndex(index)
        self.content_stack.adjustSize()

    def _subtitle(self, tasks: list[TaskView], finished: int, overdue: int) -> str:
        if not tasks:
            return "Nothing scheduled today."
        noun = "step" if any(t.step_id for t in tasks) else "task"
        if finished == len(tasks):
            if len(tasks) == 1:
                return f"Today's {noun} is done. Well done."
            return f"All {number(len(tasks))} {noun}s done for today. Well done."
        parts = [f"{plural(len(tasks) - finished, noun)} to do"]
        if overdue:
            parts.append(f"{overdue} of them overdue")
        if finished:
            parts.append(f"{finished} done")
        return ", ".join(parts) + "."

    def _refresh_tiles(self, view: View) -> None:
        levels = view.levels
        checked = bool(view.tables.answers)  # retained means something once a self-check was answered
        full = " · ".join(
            f"{s.name} {percent(s.readiness)}"
            + (f", retained {percent(view.retained(level_id))}" if checked else "")
            for level_id, s in levels.items()
        )
        if len(levels) == 1 and checked:  # the tile's value is this level's figure: the line says the rest
            ((level_id, status),) = levels.items()
            line = f"{status.name} · retained {percent(view.retained(level_id))}"
        else:
            line = " · ".join(f"{s.name} {percent(s.readiness)}" for s in levels.values())
        self.readiness_tile.set_value(percent(view.overall), line or "Nothing started yet")
        self.readiness_tile.setToolTip(full)
        streak = view.streak
        left = streak.freezes_left
        self.streak_tile.set_value(
            plural(streak.current, "day"),
            f"Best {number(streak.best)} · {plural(left, 'freeze')} left",
            "good" if streak.today_done and streak.current else "",
        )
        kept = "Today counts already." if streak.today_done else "Finish today's tasks to extend it."
        self.streak_tile.setToolTip(
            f"Streak: {plural(streak.current, 'day')} (best {number(streak.best)}).\n{kept}\n"
            f"Rest days do not break it; up to {FREEZES_PER_MONTH} missed days a month are frozen "
            f"({plural(left, 'freeze')} left this month)."
        )
        exam = view.exam
        if view.days_to_exam is None or exam is None:
            self.exam_tile.set_value("–", "No exam date set")
        elif view.days_to_exam == 0:
            self.exam_tile.set_value("Today", f"Exam on {short_day(exam)}. Good luck!", "warn")
        else:
            self.exam_tile.set_value(plural(view.days_to_exam, "day"), f"until {short_day(exam)}")
        buffers = [(s.buffer_days, s) for s in levels.values() if s.buffer_days is not None]
        if not buffers:
            self.buffer_tile.set_value("–", "No plan to compare with")
        else:
            days, status = min(buffers, key=lambda pair: pair[0])
            tone = "good" if days > 0 else ("bad" if days < 0 else "")
            detail = f"{status.name} plan" if len(buffers) == 1 else f"{status.name}, the furthest behind"
            self.buffer_tile.set_value(buffer_text(days), detail, tone)
            forecast = status.forecast.describe(short_day, percent=percent)
            self.buffer_tile.setToolTip(f"{buffer_text(days)}\n{forecast}")

    def _refresh_nothing_today(self, tasks: list[TaskView], view: View) -> None:
        if tasks:
            self.nothing_frame.hide()
            return
        if budget_today(view) == 0 and any(
            plan.spec.start <= view.today <= scheduling.last_day(plan.spec) for plan in view.plans
        ):
            self.nothing_label.setText("Rest day: no study planned today.")
        elif view.focus:
            self.nothing_label.setText(f"Nothing due today — focus: {view.focus[0][1]}")
        else:
            self.nothing_label.setText("Nothing due today.")
        upcoming = view.upcoming(1)
        if upcoming:
            first = upcoming[0]
            self.next_label.setText(f"Next up on {short_day(first.task.due)}: {_task_name(first)}")
        else:
            self.next_label.setText("No more steps scheduled: your plan is complete.")
        self.nothing_frame.show()

    def _refresh_reviews(self, view: View) -> None:
        """Show today's review session: the due reviews that fill it ("4 reviews due · 10 min"), or what to
        do in it when none is due; without a plan today, the due reviews (if any)."""
        slot = view.review_minutes_today
        self.session = session = reviews.fill_session(self.due, slot)
        self.recap = reviews.recap(view, self.due)
        self.review_frame.setVisible(bool(self.due.reviews) or bool(slot))
        self.review_button.setEnabled(bool(self.due.reviews or self.recap))  # a full budget may still review
        if session.reviews:
            self.review_label.setText(session.label)
            fills = "fill today's review session" if slot is not None else "count in today's time"
            hint = f"Spaced reviews keep what you learnt; they {fills}."
            if session.waiting:
                waits = "waits" if session.waiting == 1 else "wait"
                hint += f" {number(session.waiting)} more {waits} for the next session."
            self.review_hint.setText(hint)
        elif self.due.reviews:  # due, but today's steps take the whole budget
            count = len(self.due.reviews)
            self.review_label.setText(f"{number(count)} review{'s' if count != 1 else ''} due")
            self.review_hint.setText(
                "Today's steps take the whole budget: they wait for the next review session."
            )
        elif slot:
            self.review_label.setText(f"Review session · {_minutes(slot)}")
            self.review_hint.setText(
                "No reviews due: take a self-check of the items of your last study day."
                if self.recap
                else "No reviews due: go over your notes of your last study day."
            )

    def _refresh_budget(self, view: View, tasks: list[TaskView]) -> None:
        """Show today's planned minutes (steps and reviews) against the budget, or what was studied."""
        budget = budget_today(view)
        planned = sum(t.minutes for t in tasks if t.task.due == view.today) + self.session.minutes
        late = sum(t.minutes for t in tasks if t.task.due < view.today and not t.finished)
        studied = view.minutes_by_day.get(view.today, 0)
        all_done = bool(tasks) and all(t.finished for t in tasks) and not self.session.reviews
        if all_done:
            # say "studied" only of logged time: ticked steps alone say how much work was planned
            if studied:
                text = f"All done for today: {_minutes(studied)} studied."
            else:
                text = f"All done for today: {_minutes(sum(t.minutes for t in tasks))} of steps done."
        elif budget:
            text = f"{number(planned)} of {number(budget)} min planned today"
            if self.session.minutes:
                text += f" (review session {_minutes(self.session.minutes)} included)"
            if late:
                text += f" · {_minutes(late)} overdue"
            if studied:
                text += f" · {_minutes(studied)} studied"
        elif planned:
            text = f"{_minutes(planned)} planned today"
        else:
            text = ""
        self.budget_label.setText(text)
        self.budget_label.setVisible(bool(text))

    def _refresh_passed(self, view: View) -> None:
        """After a passed exam, say so and suggest the guide's next certification."""
        passed = [view.curriculum.level(level).name for level in view.exam_results if level in view.passed]
        self.passed_frame.setVisible(bool(passed))
        if not passed:
            return
        suggestion = self.tracker.next_certification()
        name = suggestion[0] if suggestion else passed[-1]
        self.passed_label.setText(f"You passed the {name} exam. Well done!")
        self.next_cert_label.setText(
            f"The guide suggests next: {suggestion[1].title}. Make a plan for it on the Plan page."
            if suggestion
            else "The guide lists no further certification after it."
        )

    def _refresh_evidence_hint(self, tasks: list[TaskView]) -> None:
        missing = [t for t in tasks if ItemView(t.item, t.state).needs_evidence]
        self._evidence_item = missing[0].item.id if missing else None
        self.evidence_frame.setVisible(bool(missing))
        if missing:
            self.evidence_label.setText(f"“{missing[0].item.title}” is done. Add evidence so it counts.")

    def _fit_task_list(self) -> None:
        count = self.model.rowCount()
        rows = min(max(count, MIN_TASK_ROWS), MAX_TASK_ROWS)
        heights = [max(self.task_view.sizeHintForRow(row), 36) for row in range(min(count, rows))]
        filler = heights[-1] if heights else 36
        frame = 2 * self.task_view.frameWidth() + 10  # the style sheet's padding
        height = sum(heights) + (rows - len(heights)) * filler + frame
        if height != self.task_view.height() or self.task_view.minimumHeight() != height:
            self.task_view.setFixedHeight(height)

    def _refresh_week(self, view: View) -> None:
        week = view.week
        self.week_bars.set_week(view.today, view.minutes_by_day)
        hours, mins = divmod(week.minutes, 60)
        studied = f"{number(hours)} h {mins:02d} min" if hours else f"{mins} min"
        self.week_label.setText(f"{studied} studied · {plural(week.finished, 'item')} finished")

    def _refresh_upcoming(self, view: View) -> None:
        views = view.upcoming(UPCOMING_SHOWN)
        self.upcoming_label.setVisible(not views)
        for row, (day, name) in enumerate(self.upcoming_rows):
            shown = row < len(views)
            if shown:
                day.setText(short_day(views[row].task.due))  # Qt ignores a text the label shows already
                name.setText(_task_name(views[row]))
            day.setVisible(shown)
            name.setVisible(shown)

    def upcoming_text(self) -> str:
        """Return what "Coming up" shows, a line per task: "Tue, 1 Dec  Task"."""
        if self.upcoming_label.isVisibleTo(self):
            return self.upcoming_label.text()
        return "\n".join(
            f"{day.text()}  {name.text()}" for day, name in self.upcoming_rows if name.isVisibleTo(self)
        )

    # ---- actions -----------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        from mlops_tracker.gui.models import ItemIdRole

        item_id = index.data(ItemIdRole)
        if item_id:
            self.item_requested.emit(item_id)

    def start_reviews(self) -> None:
        """Open the self-check on the due reviews' questions (never modal-blocking: `open()`)."""
        from mlops_tracker.gui.dialogs.self_check import SelfCheckDialog

        due = self.session.reviews or self.due.reviews  # a full budget still lets the learner review
        ids = [
            question_id for review in due for question_id in review.questions[: reviews.QUESTIONS_PER_REVIEW]
        ]
        if ids:
            questions = [reviews.question(question_id) for question_id in ids]
        else:
            questions = reviews.recap_questions(self.recap)
        if not questions:
            return
        title = "Due reviews" if due else "Self-check of your last study day"
        dialog = SelfCheckDialog(self.bridge, questions, self, title=title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.refresh(Changes(reviews=True)))
        self.review_dialog = dialog
        dialog.open()

    def _time_current_step(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Point the timer at the selected step (none selected: the day's first open one); it logs there."""
        if self.timer.is_running():
            return  # a running session keeps its step
        tasks = self.model.tasks()
        if current.isValid():
            task: TaskView | None = tasks[current.row()]
        else:
            task = next((t for t in tasks if not t.finished), tasks[0] if tasks else None)
        if task is None:
            self.timer.set_target(None)
            return
        steps = self.view.steps.get(task.item.id, ()) if task.step_id and self.view is not None else ()
        minutes = next((step.minutes for step in steps if step.id == task.step_id), 0)
        self.timer.set_target(task.item.id, short_title(task), task.step_id, minutes)

    def _open_evidence_item(self) -> None:
        if self._evidence_item:
            self.item_requested.emit(self._evidence_item)

    def reschedule(self) -> None:
        """Show what rescheduling would do, and do it when confirmed."""
        tracker = self.tracker
        view = tracker.view()
        today = view.today
        levels = [level.id for level in view.curriculum.levels if view.overdue(level.id)]  # guide order
        if not levels:
            return
        try:
            previews = [(level, tracker.reschedule_preview(level, short_day)) for level in levels]
        except UserError as error:
            show_error(self, str(error))
            return
        overdue_by_level = {level: view.overdue(level) for level in levels}
        lines = []
        for level, preview in previews:
            name = view.curriculum.level(level).name
            holds = "The exam date still holds." if preview.exam_holds else "The exam date no longer holds."
            overdue = overdue_by_level.get(level, 0)
            later = len(preview.moved) - overdue
            tail = f" ({plural(later, 'later task')} shift too)" if later > 0 else ""
            lines.append(
                f"{name}: {plural(overdue, 'overdue task')} move forward from {short_day(today)}{tail}. "
                f"{holds}\n{preview.advice}"
            )
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Reschedule overdue tasks")
        box.setText("Move the overdue tasks forward from today?")
        box.setInformativeText("\n\n".join(lines))
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Ok).setText("Reschedule")
        box.setDefaultButton(QMessageBox.StandardButton.Ok)
        if box.exec() != QMessageBox.StandardButton.Ok:
            return
        try:
            tracker.reschedule_levels(levels)  # one action: one transaction, one undo step
        except UserError as error:
            show_error(self, str(error))


def _task_name(view: TaskView) -> str:
    """Return a task as one line: its step with its minutes, or its item (a plan made before steps)."""
    return f"{view.step_title} ({view.minutes} min)" if view.step_title else view.item.title


def _minutes(minutes: int) -> str:
    return f"{number(minutes)} min"

"""An item's study steps in the detail panel: tick, change minutes, hide or show, add the learner's own.

Every edit is one undoable action of the Tracker: a tick through `UpdateItem(steps=…)`, the rest through
`Tracker.edit_step`, which re-packs the level's plan.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.limits import MAX_MINUTES, MIN_MINUTES
from mlops_tracker.domain.study import (
    DEFAULT_STEP_MINUTES,
    OWN_STEP_MARK,
    StepKind,
    StudyStep,
    effective_steps,
)
from mlops_tracker.gui.bridge import TrackerBridge, show_error
from mlops_tracker.gui.numbers import duration
from mlops_tracker.gui.open_link import open_evidence
from mlops_tracker.gui.widgets.labels import bold_label, label

KIND_WORDS = {
    StepKind.READ: "Read",
    StepKind.DO: "Do",
    StepKind.REVIEW: "Review",
    StepKind.EVIDENCE: "Evidence",
}


def is_own(step_id: str) -> bool:
    """Return whether a step is one the learner added (not a suggestion)."""
    return OWN_STEP_MARK in step_id


def host_of(url: str) -> str:
    """Return the short name of a link for its button ("mlflow.org")."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def minutes_box(name: str) -> QSpinBox:
    """Return a spin box of a step's minutes, named for screen readers."""
    box = QSpinBox()
    box.setRange(MIN_MINUTES, MAX_MINUTES)
    box.setSuffix(" min")
    box.setAccessibleName(name)
    box.setToolTip("Minutes this step takes you (the plan re-packs when you change them)")
    return box


@dataclass
class StepRow:
    """The widgets of one step's row (a shown step, or a hidden one offered to show again)."""

    step: StudyStep
    hidden: bool
    widget: QWidget
    check: QCheckBox | None
    title: QWidget
    minutes: QSpinBox | None
    action: QPushButton
    links: list[QPushButton]


class StepList(QWidget):
    """Show one item's steps with a check box each; offer minutes, hide/show and the learner's own steps."""

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepList")
        self.bridge = bridge
        self.item_id: str | None = None
        self.rows: list[StepRow] = []
        self._key: tuple[object, ...] = ()
        self.steps: tuple[StudyStep, ...] = ()
        self.hidden: tuple[StudyStep, ...] = ()
        self.done: set[str] = set()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        header = QHBoxLayout()
        header.addWidget(bold_label("Study steps"))
        header.addStretch(1)
        self.summary = label(role="muted", name="stepSummary")
        header.addWidget(self.summary)
        layout.addLayout(header)
        self.source = label(role="muted", name="stepSource", wrap=True, selectable=True)
        layout.addWidget(self.source)

        self.rows_box = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_box)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(8)
        layout.addWidget(self.rows_box)

        self.hidden_button = QPushButton()
        self.hidden_button.setObjectName("showHiddenSteps")
        self.hidden_button.setCheckable(True)
        self.hidden_button.setToolTip("List the suggested steps you hid, to show them again")
        self.hidden_button.toggled.connect(lambda _=False: self._show_rows(force=True))
        hidden_row = QHBoxLayout()
        hidden_row.addWidget(self.hidden_button)
        hidden_row.addStretch(1)
        layout.addLayout(hidden_row)

        add_row = QHBoxLayout()
        add_row.setSpacing(4)
        self.own_title = QLineEdit()
        self.own_title.setObjectName("ownStepTitle")
        self.own_title.setPlaceholderText("Your own step: what to read or do")
        self.own_title.setAccessibleName("Title of your own step")
        self.own_title.setClearButtonEnabled(True)
        self.own_title.returnPressed.connect(self.add_own_step)
        self.own_minutes = minutes_box("Minutes of your own step")
        self.own_minutes.setObjectName("ownStepMinutes")
        self.own_minutes.setValue(DEFAULT_STEP_MINUTES)
        self.add_button = QPushButton("&Add step")
        self.add_button.setObjectName("addStep")
        self.add_button.clicked.connect(self.add_own_step)
        add_row.addWidget(self.own_title, 1)
        add_row.addWidget(self.own_minutes)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)

    # ---- showing ---------------------------------------------------------------------------------

    def show_item(self, item_id: str) -> None:
        """Show an item's steps as the tracker has them; keep the rows (and focus) when they are the same."""
        tracker = self.bridge.tracker
        view = tracker.view()
        if item_id != self.item_id:
            self.hidden_button.setChecked(False)
            self.own_title.clear()
            self.own_minutes.setValue(DEFAULT_STEP_MINUTES)
        self.item_id = item_id
        self.steps = view.steps.get(item_id, ())
        self.done = {step.id for step in self.steps if step.id in view.done_steps}
        self.hidden = self._hidden_steps(item_id)
        item = tracker.curriculum.item(item_id)
        self.source.setText(f"{tracker.study.label}. The guide's own words: “{item.title}”")
        left = sum(step.minutes for step in self.steps if step.id not in self.done)
        self.summary.setText(
            f"{len(self.done)} of {len(self.steps)} done · {duration(left)} left"
            if left
            else f"{len(self.done)} of {len(self.steps)} done"
        )
        self.hidden_button.setVisible(bool(self.hidden))
        self.hidden_button.setText(f"Sho&w hidden steps ({len(self.hidden)})")
        self.hidden_button.setAccessibleName(f"Show the {len(self.hidden)} hidden steps")
        self._show_rows()

    def _hidden_steps(self, item_id: str) -> tuple[StudyStep, ...]:
        """Return the suggested steps the learner hid: those of the unedited item that are not visible."""
        tracker = self.bridge.tracker
        title = tracker.curriculum.item(item_id).title
        visible = {step.id for step in self.steps}
        unedited = effective_steps(item_id, tracker.study.steps_of(item_id), (), title)
        return tuple(step for step in unedited if step.id not in visible)

    def _show_rows(self, force: bool = False) -> None:
        shown_hidden = self.hidden if self.hidden_button.isChecked() and self.hidden else ()
        key = (self.item_id, tuple(s.id for s in self.steps), tuple(s.id for s in shown_hidden))
        if key == self._key and not force:
            for row in self.rows:
                self._fill(row)
            return
        focus = self._focused()
        for row in self.rows:
            row.widget.deleteLater()
            row.widget.hide()
        self.rows = [self._make_row(step, False) for step in self.steps]
        self.rows += [self._make_row(step, True) for step in shown_hidden]
        for row in self.rows:
            self.rows_layout.addWidget(row.widget)
            self._fill(row)
        self._key = key
        if focus is not None:
            self._restore_focus(*focus)

    def _fill(self, row: StepRow) -> None:
        """Bring a row's check box and minutes up to date (without signals: they are not edits)."""
        step = next((s for s in self.steps if s.id == row.step.id), row.step)
        typing = (
            row.minutes is not None and row.minutes.hasFocus() and row.minutes.value() != row.step.minutes
        )
        row.step = step
        if row.check is not None:
            row.check.setChecked(step.id in self.done)
        if row.minutes is not None and not typing:  # keep minutes being typed, not saved yet
            row.minutes.blockSignals(True)
            row.minutes.setValue(step.minutes)
            row.minutes.blockSignals(False)
        if not row.hidden:
            row.action.setEnabled(len(self.steps) > 1)  # an item keeps at least one step

    def _make_row(self, step: StudyStep, hidden: bool) -> StepRow:
        own = is_own(step.id)
        widget = QWidget(self.rows_box)
        widget.setObjectName("hiddenStepRow" if hidden else "stepRow")
        column = QVBoxLayout(widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        top = QHBoxLayout()
        top.setSpacing(6)
        column.addLayout(top)
        if hidden:
            title = label(f"Hidden: {step.title}", role="muted", wrap=True)
            action = QPushButton("Show again")
            action.setAccessibleName(f"Show again: {step.title}")
            action.setToolTip("Put this suggested step back in the item and the plan")
            action.clicked.connect(lambda _=False, s=step.id: self.unhide(s))
            top.addWidget(title, 1)
            top.addWidget(action, 0, Qt.AlignmentFlag.AlignTop)
            return StepRow(step, True, widget, None, title, None, action, [])
        check = QCheckBox()
        check.setAccessibleName(f"Done: {step.title}")
        check.setToolTip("Tick when this step is done (Space)")
        check.clicked.connect(lambda checked, s=step.id: self.tick(s, checked))
        title = label(step.title, wrap=True)  # no buddy: an "&" in a title must not become a mnemonic
        top.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(title, 1)
        indent = check.sizeHint().width() + top.spacing()
        kind = "Your own step" if own else f"{KIND_WORDS.get(step.kind, 'Do')} · suggested"
        detail = label(f"{kind} · Outcome: {step.outcome}" if step.outcome else kind, role="muted", wrap=True)
        detail.setContentsMargins(indent, 0, 0, 0)
        column.addWidget(detail)
        tools = QHBoxLayout()
        tools.setContentsMargins(indent, 0, 0, 0)
        tools.setSpacing(4)
        links: list[QPushButton] = []
        for url in step.links:
            button = QPushButton(f"{host_of(url)} ↗")
            button.setFlat(True)
            button.setObjectName("stepLink")
            button.setAccessibleName(f"Open {host_of(url)} in the browser")
            button.setToolTip(url)
            button.clicked.connect(lambda _=False, u=url: open_evidence(self, u))
            tools.addWidget(button)
            links.append(button)
        tools.addStretch(1)
        minutes = minutes_box(f"Minutes of step: {step.title}")
        minutes.editingFinished.connect(lambda s=step.id: self._on_minutes_edited(s))
        action = QPushButton("Remove" if own else "Hide")
        action.setAccessibleName(f"{'Remove your step' if own else 'Hide suggested step'}: {step.title}")
        action.setToolTip(
            "Remove this step of yours (Undo brings it back)"
            if own
            else "Hide this suggested step: it leaves the item and the plan"
            " (Show hidden steps brings it back). An item keeps at least one step."
        )
        action.clicked.connect(lambda _=False, s=step.id: self.hide(s))
        tools.addWidget(minutes)
        tools.addWidget(action)
        column.addLayout(tools)
        return StepRow(step, False, widget, check, title, minutes, action, links)

    def _focused(self) -> tuple[int, str] | None:
        """Return (row, which control) holding the focus, if a row does."""
        for number, row in enumerate(self.rows):
            for which, widget in (("check", row.check), ("minutes", row.minutes), ("action", row.action)):
                if widget is not None and widget.hasFocus():
                    return number, which
        return None

    def _restore_focus(self, number: int, which: str) -> None:
        if not self.rows:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        row = self.rows[min(number, len(self.rows) - 1)]
        target = {"check": row.check, "minutes": row.minutes}.get(which) or row.check or row.action
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- edits -----------------------------------------------------------------------------------

    def row_of(self, step_id: str) -> StepRow:
        """Return the row of a step; KeyError when it is not shown."""
        for row in self.rows:
            if row.step.id == step_id:
                return row
        raise KeyError(step_id)

    def tick(self, step_id: str, done: bool) -> bool:
        """Tick a step done (or untick it) as one undoable action; return whether it changed."""
        if self.item_id is None:
            return False
        changed = self.bridge.run(UpdateItem(self.item_id, steps=((step_id, done),)), self) is not None
        self._refresh()
        return changed

    def set_minutes(self, step_id: str, minutes: int) -> bool:
        """Give a step these minutes (the plan re-packs); return whether it changed."""
        return self._edit(step_id, ("minutes", str(minutes)))

    def hide(self, step_id: str) -> bool:
        """Hide a suggested step, or remove an own one; return whether it changed."""
        return self._edit(step_id, ("title", "") if is_own(step_id) else ("hidden", "1"))

    def unhide(self, step_id: str) -> bool:
        """Show a hidden suggested step again; return whether it changed."""
        return self._edit(step_id, ("hidden", ""))

    def add_own_step(self) -> str | None:
        """Add the learner's own step from the title and minutes typed; return its id."""
        title = self.own_title.text().strip()
        if self.item_id is None:
            return None
        if not title:
            show_error(self, "Give your step a title: what to read or do.")
            self.own_title.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        step_id = f"{self.item_id}{OWN_STEP_MARK}{uuid.uuid4().hex[:8]}"
        if not self._edit(step_id, ("title", title), ("minutes", str(self.own_minutes.value()))):
            return None
        self.own_title.clear()
        self.own_minutes.setValue(DEFAULT_STEP_MINUTES)
        return step_id

    def _on_minutes_edited(self, step_id: str) -> None:
        try:
            row = self.row_of(step_id)
        except KeyError:
            return  # the row is being replaced
        if row.minutes is not None and row.minutes.value() != row.step.minutes:
            self.set_minutes(step_id, row.minutes.value())

    def _edit(self, step_id: str, *changes: tuple[str, str]) -> bool:
        if self.item_id is None:
            return False
        try:
            self.bridge.tracker.edit_step(self.item_id, step_id, *changes)
        except UserError as error:
            show_error(self, str(error))
            self._refresh()
            return False
        self._refresh()
        return True

    def _refresh(self) -> None:
        if self.item_id is not None:
            self.show_item(self.item_id)

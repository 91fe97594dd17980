"""The detail panel of one item: review state, status, study steps, confidence, notes and evidence.

Each edit is saved as one undoable change.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.views import ItemView
from mlops_tracker.domain.model import Kind, Status
from mlops_tracker.gui import theme
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.models import KIND_NAMES
from mlops_tracker.gui.open_link import open_evidence, tooltip_of
from mlops_tracker.gui.widgets.item_review import ItemReview
from mlops_tracker.gui.widgets.labels import bold_label, heading_label, label
from mlops_tracker.gui.widgets.step_list import StepList

EVIDENCE_MESSAGE = "A project counts as done only with evidence: add a link, a file or a note."
STATUS_BUTTONS: tuple[tuple[Status, str], ...] = (
    (Status.TODO, "&To do"),
    (Status.IN_PROGRESS, "&In progress"),
    (Status.DONE, "&Done"),
    (Status.SKIPPED, "S&kipped"),
)
STATUS_ORDER = [status for status, _ in STATUS_BUTTONS]


def warning_colour(palette: QPalette) -> str:
    """Return the theme's amber for warnings (it reads on the window colour, light or dark)."""
    return theme.colours().warn


def emphasise(buttons: Iterable[QAbstractButton]) -> None:
    """Draw checked buttons in the theme's accent (its `role="primary"` style), the others plain."""
    for button in buttons:
        role = "primary" if button.isChecked() else ""
        if button.property("role") != role:
            button.setProperty("role", role)
            button.style().unpolish(button)
            button.style().polish(button)


class ItemEditor(QWidget):
    """Edit the learner's state of one item; every edit runs one UpdateItem through the bridge."""

    item_changed = Signal(str)  # item id, after one of its fields was saved

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemEditor")
        self.bridge = bridge
        self._view: ItemView | None = None
        self._level_names = {level.id: level.name for level in bridge.tracker.curriculum.levels}
        self._committing = False

        self.stack = QStackedLayout(self)
        self.placeholder = label(
            "Select an item to see its steps, status, notes, evidence and confidence.",
            role="muted",
            wrap=True,
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)

        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        self.title_label = heading_label(name="itemTitle", selectable=True)
        self.meta_label = label(role="muted", wrap=True)
        layout.addWidget(self.title_label)
        layout.addWidget(self.meta_label)
        self.review = ItemReview(bridge)
        layout.addWidget(self.review)

        layout.addWidget(bold_label("Status"))
        status_row = QHBoxLayout()
        status_row.setSpacing(4)
        self.status_group = QButtonGroup(self)
        self.status_group.setExclusive(True)
        for number, (status, text) in enumerate(STATUS_BUTTONS):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setObjectName(f"status_{status.value}")
            self.status_group.addButton(button, number)
            status_row.addWidget(button)
        status_row.addStretch(1)
        self.status_group.idClicked.connect(self._on_status_clicked)
        layout.addLayout(status_row)

        self.evidence_message = label(EVIDENCE_MESSAGE, name="evidenceMessage", wrap=True)
        self.evidence_message.hide()
        layout.addWidget(self.evidence_message)

        self.step_list = StepList(bridge)
        layout.addWidget(self.step_list)

        layout.addWidget(bold_label("Confidence"))
        confidence_row = QHBoxLayout()
        confidence_row.setSpacing(4)
        self.confidence_buttons: list[QPushButton] = []
        for value in range(1, 6):
            button = QPushButton(str(value))
            button.setCheckable(True)
            button.setFixedWidth(42)
            button.setToolTip(f"Rate your confidence {value} of 5 (click the same number again to clear)")
            button.setAccessibleName(f"Confidence {value} of 5")
            button.clicked.connect(lambda _=False, v=value: self._on_confidence_clicked(v))
            self.confidence_buttons.append(button)
            confidence_row.addWidget(button)
        self.confidence_label = label(role="muted")
        confidence_row.addSpacing(6)
        confidence_row.addWidget(self.confidence_label)
        confidence_row.addStretch(1)
        layout.addLayout(confidence_row)

        notes_title = bold_label("&Notes")
        layout.addWidget(notes_title)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("itemNotes")
        self.notes_edit.setPlaceholderText("What you learned, what is left, links to your work…")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(80)
        # Preferred, not Ignored: the panel scrolls (the steps make it long), and an Ignored height would
        # leave the notes out of the height the scroll area asks for, squeezing the wrapped step titles
        self.notes_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.notes_edit.installEventFilter(self)
        self.notes_edit.modificationChanged.connect(self._on_notes_modified)
        notes_title.setBuddy(self.notes_edit)
        layout.addWidget(self.notes_edit, 1)
        notes_row = QHBoxLayout()
        notes_row.addStretch(1)
        self.save_notes_button = QPushButton("Save notes")
        self.save_notes_button.setEnabled(False)
        self.save_notes_button.clicked.connect(self.save_notes)
        notes_row.addWidget(self.save_notes_button)
        layout.addLayout(notes_row)

        evidence_title = bold_label("Eviden&ce")  # Alt+E opens the Edit menu
        layout.addWidget(evidence_title)
        evidence_row = QHBoxLayout()
        evidence_row.setSpacing(4)
        self.evidence_edit = QLineEdit()
        self.evidence_edit.setObjectName("itemEvidence")
        self.evidence_edit.setPlaceholderText("A link or a file: the proof of your work")
        self.evidence_edit.setClearButtonEnabled(True)
        self.evidence_edit.editingFinished.connect(self.save_evidence)
        self.evidence_edit.textChanged.connect(self._update_open_button)
        evidence_title.setBuddy(self.evidence_edit)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self.browse_evidence)
        self.open_button = QPushButton("&Open")
        self.open_button.clicked.connect(self.open_evidence)
        evidence_row.addWidget(self.evidence_edit, 1)
        evidence_row.addWidget(self.browse_button)
        evidence_row.addWidget(self.open_button)
        layout.addLayout(evidence_row)

        self.stack.addWidget(panel)
        self.panel = panel
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._update_open_button()

    # ---- showing -------------------------------------------------------------------------------

    @property
    def item_id(self) -> str | None:
        """Return the id of the item shown, if any."""
        return self._view.item.id if self._view else None

    def show_view(self, view: ItemView | None) -> None:
        """Show an item's state; unsaved notes or evidence of the same item are kept."""
        if self._committing:
            return
        if self._view is not None and (view is None or view.item.id != self._view.item.id):
            # another item: save what the learner typed for this one first
            self._committing = True
            try:
                self.commit()
            finally:
                self._committing = False
        same = view is not None and self._view is not None and view.item.id == self._view.item.id
        self._view = view
        if view is None:
            self.stack.setCurrentWidget(self.placeholder)
            return
        self.stack.setCurrentWidget(self.panel)
        item, state = view.item, view.state
        self.title_label.setText(item.title)
        kind = KIND_NAMES[item.kind]
        if item.kind is Kind.PHASE and item.phase:
            kind = f"Phase {item.phase} activity"
        level = self._level_names.get(item.level, item.level)
        detail = f" · {item.detail}" if item.detail else ""
        self.meta_label.setText(f"{kind} · {level}{detail}")
        self.review.show_item(item.id)
        self.step_list.show_item(item.id)
        self._show_status(state.status)
        self._show_confidence(state.confidence or 0)
        if not (same and self.notes_edit.document().isModified()):
            self.notes_edit.setPlainText(state.notes)
            self.notes_edit.document().setModified(False)
        if not (same and self.evidence_edit.isModified() and self.evidence_edit.hasFocus()):
            self.evidence_edit.setText(state.evidence)
            self.evidence_edit.setModified(False)
        self._show_evidence_message()

    def _show_confidence(self, value: int) -> None:
        for number, button in enumerate(self.confidence_buttons, start=1):
            button.setChecked(number <= value)
        self.confidence_label.setText(f"{value} of 5" if value else "Not rated")
        emphasise(self.confidence_buttons)

    def _show_status(self, status: Status) -> None:
        self.status_group.button(STATUS_ORDER.index(status)).setChecked(True)
        emphasise(self.status_group.buttons())

    def _show_evidence_message(self) -> None:
        view = self._view
        self.evidence_message.setVisible(view is not None and view.needs_evidence)
        self.evidence_message.setStyleSheet(f"color: {warning_colour(self.palette())}; font-weight: 600;")

    def _update_open_button(self) -> None:
        text = self.evidence_edit.text()
        self.open_button.setEnabled(bool(text.strip()))
        self.open_button.setToolTip(tooltip_of(text))

    def _on_notes_modified(self, modified: bool) -> None:
        self.save_notes_button.setEnabled(modified)

    # ---- saving ----------------------------------------------------------------------------------

    def _run(self, **fields: object) -> None:
        if self._view is None:
            return
        item_id = self._view.item.id
        if self.bridge.run(UpdateItem(item_id, **fields), self) is not None:  # type: ignore[arg-type]
            self._view = self.bridge.tracker.item(item_id)
            self._show_evidence_message()
            self.item_changed.emit(item_id)

    def set_status(self, status: Status) -> None:
        """Give the item this status."""
        if self._view is not None and self._view.state.status is not status:
            self._run(status=status)
        if self._view is not None:
            self._show_status(self._view.state.status)

    def set_confidence(self, value: int) -> None:
        """Rate the learner's confidence 1–5; 0 clears it."""
        if self._view is not None and (self._view.state.confidence or 0) != value:
            self._run(confidence=value)
        if self._view is not None:
            self._show_confidence(self._view.state.confidence or 0)

    def save_notes(self) -> None:
        """Save the notes typed, if they changed."""
        if self._view is None:
            return
        text = self.notes_edit.toPlainText()
        self.notes_edit.document().setModified(False)
        if text.strip() != self._view.state.notes:
            self._run(notes=text)

    def save_evidence(self) -> None:
        """Save the evidence typed, if it changed."""
        if self._view is None:
            return
        text = self.evidence_edit.text()
        self.evidence_edit.setModified(False)
        if text.strip() != self._view.state.evidence:
            self._run(evidence=text)

    def commit(self) -> None:
        """Save notes and evidence the learner typed but has not saved yet."""
        if self.notes_edit.document().isModified():
            self.save_notes()
        if self.evidence_edit.isModified():
            self.save_evidence()

    def browse_evidence(self) -> None:
        """Choose a file as the evidence."""
        path, _ = QFileDialog.getOpenFileName(self, "Choose the evidence file", self.evidence_edit.text())
        if path:
            self.evidence_edit.setText(path)
            self.evidence_edit.setModified(True)
            self.save_evidence()

    def open_evidence(self) -> str | None:
        """Open a web link in the browser or show a file in its folder; ask first about anything else."""
        return open_evidence(self, self.evidence_edit.text())

    # ---- events ----------------------------------------------------------------------------------

    def _on_status_clicked(self, number: int) -> None:
        self.set_status(STATUS_ORDER[number])

    def _on_confidence_clicked(self, value: int) -> None:
        current = self._view.state.confidence or 0 if self._view else 0
        self.set_confidence(0 if value == current else value)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "evidence_message"):
            self._show_evidence_message()  # its amber depends on light or dark

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.notes_edit and event.type() == QEvent.Type.FocusOut:
            self.save_notes()
        return super().eventFilter(watched, event)

"""The self-check dialog: questions one at a time, keyboard first (1–4 answer, Enter next, Esc stops).

Each answer is recorded through the Tracker at once (an undoable change, like a tick) and its explanation is
shown; Enter then brings the next question. Opened with `show()`/`open()`, never `exec()`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from mlops_tracker.core import reviews
from mlops_tracker.domain.errors import UserError
from mlops_tracker.formats.questions_schema import Question
from mlops_tracker.gui.bridge import TrackerBridge, show_error
from mlops_tracker.gui.dialogs.question_view import QuestionView
from mlops_tracker.gui.widgets.labels import label

HINT = "1–4 answer · Enter next · Esc stop"
_DIGITS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4}
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SelfCheckDialog(QDialog):
    """Ask the given questions one by one; record each answer and show why it is right or wrong."""

    answered = Signal(object)  # reviews.AnswerOutcome
    session_finished = Signal(int, int)  # right, answered

    def __init__(
        self,
        bridge: TrackerBridge,
        questions: Sequence[Question],
        parent: QWidget | None = None,
        *,
        title: str = "Self-check",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.questions = list(questions)
        self.clock = clock
        self.index = 0
        self.right = 0
        self.outcomes: list[reviews.AnswerOutcome] = []
        self._shown_at = clock()
        self._answered = False
        self.setWindowTitle(title)
        self.setMinimumSize(560, 420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        self.progress = label(role="muted", name="selfCheckProgress")
        layout.addWidget(self.progress)
        self.view = QuestionView(self)
        layout.addWidget(self.view)
        self.verdict = label(wrap=True, role="heading", name="selfCheckVerdict")
        self.explanation = label(wrap=True, selectable=True, name="selfCheckExplanation")
        layout.addWidget(self.verdict)
        layout.addWidget(self.explanation)
        layout.addStretch(1)
        footer = QHBoxLayout()
        footer.addWidget(label(HINT, role="muted", name="selfCheckHint"))
        footer.addStretch(1)
        self.next_button = QPushButton("Next")
        self.next_button.setProperty("role", "primary")
        self.next_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the dialog, not to a button
        self.next_button.clicked.connect(self.next_question)
        footer.addWidget(self.next_button)
        layout.addLayout(footer)
        self._show_current()

    # ---- keyboard ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Answer with 1–4, go on with Enter; Esc stops (QDialog's reject)."""
        key = event.key()
        if key in _DIGITS and not self._answered and self.index < len(self.questions):
            self.answer(_DIGITS[Qt.Key(key)])
        elif key in _ENTER:
            if self._answered or self.index >= len(self.questions):
                self.next_question()
        else:
            super().keyPressEvent(event)

    # ---- the session --------------------------------------------------------------------------------

    def current(self) -> Question | None:
        """Return the question on screen (None once the session is over)."""
        return self.questions[self.index] if self.index < len(self.questions) else None

    def answer(self, choice: int) -> reviews.AnswerOutcome | None:
        """Record choice 1–4 for the question on screen and show the explanation."""
        asked = self.current()
        if asked is None or self._answered:
            return None
        seconds = max(0, round(self.clock() - self._shown_at))
        try:
            outcome = reviews.answer_question(self.bridge.tracker, asked.id, choice, seconds)
        except UserError as error:
            show_error(self, str(error))
            return None
        self._answered = True
        self.outcomes.append(outcome)
        self.right += outcome.correct
        self.view.mark(choice - 1, asked.answer)
        right_text = f"{asked.answer + 1}. {asked.correct_choice}"
        self.verdict.setText("Right." if outcome.correct else f"Not quite: the answer is {right_text}")
        review = f"  Next review of this item: {outcome.next_review:%d %b %Y}." if outcome.next_review else ""
        self.explanation.setText(asked.explanation + review)
        self.next_button.setText("Finish" if self.index + 1 == len(self.questions) else "Next")
        self.answered.emit(outcome)
        return outcome

    def next_question(self) -> None:
        """Show the next question, or the session's result after the last one (Enter then closes)."""
        if self.index >= len(self.questions):
            self.accept()
            return
        self.index += 1
        self._show_current()

    def _show_current(self) -> None:
        asked = self.current()
        self._answered = False
        self.verdict.clear()
        self.explanation.clear()
        if asked is None:
            done = len(self.outcomes)
            self.progress.setText("Self-check finished")
            self.view.hide()
            self.verdict.setText(f"{self.right} of {done} right." if done else "No questions answered.")
            self.explanation.setText("Items you missed come back for review sooner, the ones you knew later.")
            self.next_button.setText("Close")
            self.session_finished.emit(self.right, done)
            return
        self.progress.setText(f"Question {self.index + 1} of {len(self.questions)}")
        self.view.show()
        self.view.show_question(asked)
        self.next_button.setText("Skip")
        self._shown_at = self.clock()

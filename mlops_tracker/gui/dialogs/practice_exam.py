"""The practice exam dialog: a timed mixed test with a countdown, then the score, by category, and a review.

Keys: 1–4 choose, Enter next, Esc ends the exam early (unanswered questions count wrong) and, on the result,
closes. The answers are recorded as one undoable change when the exam ends. The clock is injected so tests
never wait: `tick()` reads it (a one-second QTimer calls it in use).
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.core import reviews
from mlops_tracker.domain import practice as pr
from mlops_tracker.domain.errors import UserError
from mlops_tracker.gui.bridge import TrackerBridge, show_error
from mlops_tracker.gui.dialogs.question_view import QuestionView
from mlops_tracker.gui.widgets.labels import bold_label, label

HINT = "1–4 choose · Enter next · Esc end the exam"
_DIGITS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4}
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
CATEGORY_NAMES = {
    "skill": "Skills",
    "project": "Projects",
    "phase": "Phases",
    "mistake": "Mistakes",
    "guide": "The guide",
}


class PracticeExamDialog(QDialog):
    """Take a practice exam against the clock; show the result and review the wrong answers."""

    exam_finished = Signal(object)  # pr.PracticeResult

    def __init__(
        self,
        bridge: TrackerBridge,
        exam: reviews.PracticeExam,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.exam = exam
        self.clock = clock
        self.index = 0
        self.choices: list[tuple[int | None, int | None]] = [(None, None)] * len(exam.questions)
        self.result: pr.PracticeResult | None = None
        self._deadline = clock() + exam.minutes * 60
        self._shown_at = clock()
        level = bridge.tracker.resolve_level(exam.level).name
        self.setWindowTitle(f"Practice exam: {level}")
        self.setMinimumSize(620, 480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages)
        self.pages.addWidget(self._question_page())
        self.pages.addWidget(self._result_page())
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self._show_current()
        self.tick()

    def _question_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        top = QHBoxLayout()
        self.progress = label(role="muted", name="practiceProgress")
        self.countdown = bold_label(name="practiceCountdown")
        self.countdown.setAccessibleName("Time left")
        top.addWidget(self.progress)
        top.addStretch(1)
        top.addWidget(self.countdown)
        layout.addLayout(top)
        self.view = QuestionView(page)
        layout.addWidget(self.view)
        layout.addStretch(1)
        footer = QHBoxLayout()
        footer.addWidget(label(HINT, role="muted"))
        footer.addStretch(1)
        self.next_button = QPushButton("Next")
        self.next_button.setProperty("role", "primary")
        self.next_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.next_button.clicked.connect(self.next_question)
        footer.addWidget(self.next_button)
        layout.addLayout(footer)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.score = label(role="title", name="practiceScore")
        self.verdict = label(role="heading", name="practiceVerdict", wrap=True)
        self.note = label(pr.PASS_MARK_NOTE, role="muted", name="practicePassMarkNote", wrap=True)
        self.review = QTextBrowser(page)
        self.review.setObjectName("practiceReview")
        self.review.setAccessibleName("Score by category and the questions answered wrong")
        self.review.setOpenLinks(False)
        for widget in (self.score, self.verdict, self.note, self.review):
            layout.addWidget(widget)
        footer = QHBoxLayout()
        footer.addWidget(label("Esc or Enter closes", role="muted"))
        footer.addStretch(1)
        close = QPushButton("Close")
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.accept)
        footer.addWidget(close)
        layout.addLayout(footer)
        return page

    # ---- keyboard and time -------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Choose with 1–4, go on with Enter; on the result Enter closes."""
        key = event.key()
        if self.result is None and key in _DIGITS:
            self.choose(_DIGITS[Qt.Key(key)])
        elif key in _ENTER:
            self.next_question() if self.result is None else self.accept()
        else:
            super().keyPressEvent(event)

    def reject(self) -> None:
        """Esc: end a running exam (it is scored), or close the result."""
        if self.result is None:
            self.finish()
        else:
            super().reject()

    def seconds_left(self) -> int:
        """Return the whole seconds left on the clock (0 when time is up)."""
        return max(0, int(self._deadline - self.clock() + 0.999))

    def tick(self) -> None:
        """Update the countdown; end the exam when time is up."""
        if self.result is not None:
            return
        left = self.seconds_left()
        self.countdown.setText(f"{left // 60}:{left % 60:02d} left")
        if left == 0:
            self.finish()

    # ---- the exam ---------------------------------------------------------------------------------

    def choose(self, choice: int) -> None:
        """Pick choice 1–4 for the question on screen (it can be changed until Enter)."""
        spent = max(0, round(self.clock() - self._shown_at))
        self.choices[self.index] = (choice, spent)
        self.view.mark(choice - 1)

    def next_question(self) -> None:
        """Go to the next question; after the last one the exam ends and is scored."""
        if self.index + 1 >= len(self.exam.questions):
            self.finish()
            return
        self.index += 1
        self._show_current()

    def _show_current(self) -> None:
        asked = self.exam.questions[self.index]
        self.progress.setText(f"Question {self.index + 1} of {len(self.exam.questions)}")
        self.view.show_question(asked)
        picked = self.choices[self.index][0]
        if picked is not None:
            self.view.mark(picked - 1)
        last = self.index + 1 == len(self.exam.questions)
        self.next_button.setText("Finish" if last else "Next")
        self._shown_at = self.clock()

    def finish(self) -> pr.PracticeResult | None:
        """End the exam: record its answers as one change and show the result."""
        if self.result is not None:
            return self.result
        self._timer.stop()
        try:
            self.result = reviews.record_practice(self.bridge.tracker, self.exam, self.choices)
        except UserError as error:
            show_error(self, str(error))
            return None
        self._show_result(self.result)
        self.exam_finished.emit(self.result)
        return self.result

    def _show_result(self, result: pr.PracticeResult) -> None:
        mark = self.exam.pass_mark
        self.score.setText(f"Score {result.score:.0f} / 100")
        passed = "Passed" if result.passed(mark) else "Not passed yet"
        self.verdict.setText(f"{passed}: {result.correct} of {result.total} right; pass mark {mark}%.")
        self.review.setHtml(_review_html(result))
        self.pages.setCurrentIndex(1)


def _review_html(result: pr.PracticeResult) -> str:
    """Return the result's categories and its wrong answers as simple rich text."""
    rows = "".join(
        f"<tr><td>{html.escape(CATEGORY_NAMES.get(c.category, c.category))}</td>"
        f"<td align='right'>&nbsp;&nbsp;{c.correct} / {c.total}</td>"
        f"<td align='right'>&nbsp;&nbsp;{c.percent:.0f}%</td></tr>"
        for c in result.by_category
    )
    parts = [f"<h3>By category</h3><table>{rows}</table>"]
    if result.wrong:
        parts.append(f"<h3>To review ({len(result.wrong)})</h3>")
    for answer in result.wrong:
        asked = reviews.question(answer.question_id)
        yours = (
            f"{answer.choice + 1}. {html.escape(asked.choices[answer.choice])}"
            if answer.choice is not None
            else "not answered"
        )
        parts.append(
            f"<p><b>{html.escape(asked.prompt)}</b><br>"
            f"Your answer: {yours}<br>"
            f"Right answer: {asked.answer + 1}. {html.escape(asked.correct_choice)}<br>"
            f"<i>{html.escape(asked.explanation)}</i></p>"
        )
    return "".join(parts)

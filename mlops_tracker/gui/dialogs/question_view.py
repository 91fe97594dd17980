"""One multiple-choice question on screen: the prompt, four numbered choices, marks after answering."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from mlops_tracker.formats.questions_schema import Question
from mlops_tracker.gui.widgets.labels import bold_label, label

# marks beside a choice after answering: text, so they read the same without colour and to a screen reader
RIGHT_MARK, WRONG_MARK, PICKED_MARK = "✓", "✗", "▸"


class QuestionView(QWidget):
    """Show a question and its four choices numbered 1–4; mark the chosen and the right choice on request."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.prompt = bold_label(wrap=True, scale=1.15, name="questionPrompt")
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.prompt)
        self.choices: list[QLabel] = []
        for number in range(1, 5):
            choice = label(wrap=True, name=f"choice{number}")
            choice.setFrameShape(QFrame.Shape.StyledPanel)
            choice.setContentsMargins(10, 6, 10, 6)
            layout.addWidget(choice)
            self.choices.append(choice)
        self._texts: list[str] = [""] * 4

    def show_question(self, question: Question) -> None:
        """Show a new question with its choices unmarked."""
        self.prompt.setText(question.prompt)
        self._texts = [f"{number}.  {text}" for number, text in enumerate(question.choices, start=1)]
        for choice, text in zip(self.choices, self._texts, strict=True):
            choice.setText(text)
            choice.setAccessibleName(text)

    def mark(self, picked: int | None, right: int | None = None) -> None:
        """Mark the picked choice (0–3) and, when given, the right one; None unmarks."""
        for index, (choice, text) in enumerate(zip(self.choices, self._texts, strict=True)):
            mark = ""
            if right is not None and index == right:
                mark = RIGHT_MARK
            elif index == picked:
                mark = WRONG_MARK if right is not None else PICKED_MARK
            shown = f"{mark} {text}" if mark else text
            choice.setText(shown)
            choice.setAccessibleName(shown)

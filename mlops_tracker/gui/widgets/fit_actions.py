"""Buttons that make a plan fit in one click: the daily budget and the exam date the fit check names."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from mlops_tracker.domain.packing import MAX_BUDGET, Fit
from mlops_tracker.domain.phrases import plain_month


def advised_day(day: date) -> str:
    """Return an advised exam day as the fit line writes it: "9 Apr"."""
    return f"{day.day} {plain_month(day)}"


class FitActions(QWidget):
    """Offer the budget and the exam date that make the plan fit; hidden while it fits.

    The texts are templates with `{minutes}` and `{day}`, e.g. "&Use {minutes} min a day", so each screen
    keeps its own verbs and mnemonics.
    """

    minutes_chosen = Signal(int)
    exam_chosen = Signal(object)  # the advised exam date

    def __init__(self, minutes_text: str, exam_text: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._texts = (minutes_text, exam_text)
        self.minutes: int | None = None
        self.exam: date | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.minutes_button = QPushButton()
        self.minutes_button.setObjectName(f"{name}Minutes")
        self.minutes_button.setAccessibleDescription("Changes the minutes a day so that the plan fits")
        self.exam_button = QPushButton()
        self.exam_button.setObjectName(f"{name}Exam")
        self.exam_button.setAccessibleDescription("Moves the exam date so that the plan fits")
        for button in (self.minutes_button, self.exam_button):
            button.setAutoDefault(False)  # Enter in a dialog still means OK, not "change my plan"
            layout.addWidget(button)
        layout.addStretch(1)
        # a hidden button can still be clicked from code (or a queued click land late): offer nothing then
        self.minutes_button.clicked.connect(
            lambda: self.minutes is not None and self.minutes_chosen.emit(self.minutes)
        )
        self.exam_button.clicked.connect(lambda: self.exam is not None and self.exam_chosen.emit(self.exam))
        self.hide()

    def show_fit(self, fit: Fit | None, today: date | None = None) -> None:
        """Offer what the fit check advises (a budget within range, an exam after today), or hide."""
        unfit = fit is not None and not fit.fits
        self.minutes = fit.needed_per_day if unfit and fit and fit.needed_per_day <= MAX_BUDGET else None
        later = fit.later_exam if unfit and fit else None
        self.exam = later if later is not None and (today is None or later > today) else None
        self._offer(self.minutes_button, self._texts[0].format(minutes=self.minutes), self.minutes)
        day = advised_day(self.exam) if self.exam else ""
        self._offer(self.exam_button, self._texts[1].format(day=day), self.exam)
        self.setVisible(self.minutes is not None or self.exam is not None)

    @staticmethod
    def _offer(button: QPushButton, text: str, value: object) -> None:
        button.setText(text)
        # the screen reader's name: the words without the mnemonic's "&", minutes said in full
        button.setAccessibleName(text.replace("&", "").replace(" min ", " minutes ").rstrip("…"))
        button.setVisible(value is not None)

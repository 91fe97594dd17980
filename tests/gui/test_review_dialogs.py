"""The self-check and practice exam dialogs, driven with the keyboard (never modal, clock injected)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mlops_tracker.core import reviews
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.dialogs.practice_exam import PracticeExamDialog
from mlops_tracker.gui.dialogs.self_check import SelfCheckDialog
from tests.gui.conftest import open_tracker


class FakeClock:
    """Seconds that pass only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def bridge(tmp_path):
    tracker = open_tracker(tmp_path / "data")
    yield TrackerBridge(tracker)
    tracker.close()


def _show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def test_self_check_answers_with_keys_shows_the_explanation_and_records_each_answer(qtbot, bridge):
    asked = reviews.level_questions(bridge.tracker, "foundation")[:3]
    clock = FakeClock()
    dialog = _show(qtbot, SelfCheckDialog(bridge, asked, clock=clock))
    assert dialog.progress.text() == "Question 1 of 3" and dialog.view.prompt.text() == asked[0].prompt
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter before answering does nothing
    assert dialog.index == 0
    clock.now += 14
    qtbot.keyClick(dialog, str(asked[0].answer + 1))
    assert dialog.verdict.text() == "Right." and asked[0].explanation in dialog.explanation.text()
    assert "Next review" in dialog.explanation.text()
    qtbot.keyClick(dialog, "4")  # a second key does not answer again
    (recorded,) = bridge.tracker.answers()
    assert recorded.correct and recorded.seconds == 14 and recorded.source == "ui"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.progress.text() == "Question 2 of 3" and dialog.verdict.text() == ""
    wrong = (asked[1].answer + 1) % 4 + 1
    qtbot.keyClick(dialog, str(wrong))
    assert dialog.verdict.text().startswith("Not quite: the answer is")
    assert dialog.view.choices[asked[1].answer].text().startswith("✓")
    assert dialog.view.choices[wrong - 1].text().startswith("✗")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert len(bridge.tracker.answers()) == 2
    bridge.tracker.undo()
    assert len(bridge.tracker.answers()) == 1


def test_self_check_ends_with_a_summary_and_enter_closes(qtbot, bridge):
    asked = reviews.level_questions(bridge.tracker, "foundation")[:1]
    dialog = _show(qtbot, SelfCheckDialog(bridge, asked))
    with qtbot.waitSignal(dialog.session_finished) as finished:
        qtbot.keyClick(dialog, str(asked[0].answer + 1))
        qtbot.keyClick(dialog, Qt.Key.Key_Enter)
    assert finished.args == [1, 1] and dialog.verdict.text() == "1 of 1 right."
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def test_practice_exam_counts_down_ends_on_time_and_shows_the_result(qtbot, bridge):
    exam = reviews.start_practice(bridge.tracker, "foundation", count=5, minutes=2, seed=11)
    clock = FakeClock()
    dialog = _show(qtbot, PracticeExamDialog(bridge, exam, clock=clock))
    assert dialog.countdown.text() == "2:00 left" and dialog.progress.text() == "Question 1 of 5"
    qtbot.keyClick(dialog, str(exam.questions[0].answer + 1))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    wrong = (exam.questions[1].answer + 1) % 4 + 1
    qtbot.keyClick(dialog, str(wrong))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, str(exam.questions[2].answer + 1))
    clock.now += 61
    dialog.tick()
    assert dialog.countdown.text() == "0:59 left" and dialog.result is None
    assert bridge.tracker.answers() == []  # nothing is recorded until the exam ends
    clock.now += 60
    with qtbot.waitSignal(dialog.exam_finished):
        dialog.tick()
    result = dialog.result
    # the third was chosen but Enter never pressed: a choice counts once made
    assert result is not None and result.correct == 2 and result.total == 5 and result.score == 40
    assert dialog.pages.currentIndex() == 1
    assert dialog.score.text() == "Score 40 / 100"
    assert "Not passed yet" in dialog.verdict.text() and "pass mark 70%" in dialog.verdict.text()
    assert "does not name a pass mark" in dialog.note.text()
    review = dialog.review.toPlainText()
    assert "By category" in review and "To review (3)" in review and "not answered" in review
    assert exam.questions[1].explanation in review
    assert len(bridge.tracker.answers()) == 5 and {a.practice_id for a in bridge.tracker.answers()} == {
        exam.practice_id
    }
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_escape_ends_a_practice_exam_early_and_it_is_scored(qtbot, bridge):
    exam = reviews.start_practice(bridge.tracker, "foundation", count=5, minutes=30, seed=2)
    dialog = _show(qtbot, PracticeExamDialog(bridge, exam, clock=FakeClock()))
    for asked in exam.questions[:4]:
        qtbot.keyClick(dialog, str(asked.answer + 1))
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.result is not None and dialog.result.score == 80
    assert "Passed" in dialog.verdict.text()
    bridge.tracker.undo()  # the whole exam is one change
    assert bridge.tracker.answers() == []

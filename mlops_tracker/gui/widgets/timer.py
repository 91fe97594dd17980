"""The study timer: start, pause, stop; stopping logs the minutes as a study session."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.core.commands import LogStudySession
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.numbers import number
from mlops_tracker.gui.widgets.labels import label

MS_PER_MINUTE = 60_000
TARGET_CHARS = 60  # the longest step title the card shows whole: about two lines at its width


def monotonic_ms() -> int:
    """Return a millisecond count that only goes forward (the timer's default clock)."""
    return time.monotonic_ns() // 1_000_000


def format_elapsed(ms: int) -> str:
    """Return milliseconds as mm:ss (h:mm:ss past an hour)."""
    seconds = max(ms, 0) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _shortened(text: str, limit: int = TARGET_CHARS) -> str:
    """Return a title cut at a word before `limit` characters, with an ellipsis (the card is narrow)."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-") + "…"


class StudyTimer(QFrame):
    """Time a study session and log it; or log minutes typed in."""

    minutes_logged = Signal(int)

    def __init__(
        self, bridge: TrackerBridge, parent: QWidget | None = None, now_ms: Callable[[], int] = monotonic_ms
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setProperty("role", "card")
        self.now_ms = now_ms  # injectable, so tests and the soak run drive time without waiting
        self._started_ms: int | None = None  # when the running stretch began; None when not running
        self._banked_ms = 0  # time of earlier runs before a pause
        self.item_id: str | None = None  # the item whose step is being studied: its minutes are logged there
        self.step_id: str | None = None  # that step (None: the item as a whole)
        self._target_name = ""  # how the target reads ("Part 1 of 2: Read …")
        self._step_minutes = 0  # the step's minutes, to say how many of them are logged (0: say nothing)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._update_display)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(label("Study timer", role="heading"))

        self.target_label = label(role="muted", name="timerTarget", wrap=True)
        layout.addWidget(self.target_label)
        self.target_label.hide()
        self.display = label("00:00", name="timerDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setAccessibleName("Elapsed study time")
        layout.addWidget(self.display)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.start_button = QPushButton("&Start")
        self.start_button.setObjectName("timerStart")
        self.start_button.setProperty("role", "primary")
        self.start_button.setToolTip("Start timing a study session")
        self.pause_button = QPushButton("&Pause")
        self.pause_button.setObjectName("timerPause")
        self.pause_button.setToolTip("Pause the timer; Start resumes it")
        self.stop_button = QPushButton("S&top && log")
        self.stop_button.setObjectName("timerStop")
        self.stop_button.setToolTip("Stop the timer and log the minutes studied")
        for button in (self.start_button, self.pause_button, self.stop_button):
            button.setAccessibleName(button.text().replace("&&", "and").replace("&", ""))
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.pause)
        self.stop_button.clicked.connect(self.stop)

        manual = QHBoxLayout()
        manual.setSpacing(6)
        manual_label = QLabel("&Or log")
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setObjectName("logMinutesSpin")
        self.minutes_spin.setRange(1, 600)
        self.minutes_spin.setValue(25)
        self.minutes_spin.setSuffix(" min")
        self.minutes_spin.setAccessibleName("Minutes to log")
        manual_label.setBuddy(self.minutes_spin)
        self.log_button = QPushButton("&Log")
        self.log_button.setObjectName("logMinutesButton")
        self.log_button.setToolTip("Log the minutes typed in as a study session today")
        self.log_button.setAccessibleName("Log minutes")
        self.log_button.clicked.connect(self.log_typed_minutes)
        manual.addWidget(manual_label)
        manual.addWidget(self.minutes_spin, 1)
        manual.addWidget(self.log_button)
        layout.addLayout(manual)

        self.total_label = label(role="muted", wrap=True)
        layout.addWidget(self.total_label)
        self._update_buttons()

    # ---- state --------------------------------------------------------------------------------

    def set_target(
        self, item_id: str | None, text: str = "", step_id: str | None = None, step_minutes: int = 0
    ) -> None:
        """Time a step of this item, or the item as a whole (None: general study); the minutes go there."""
        self.item_id = item_id
        self.step_id = step_id if item_id else None
        self._target_name = text if item_id else ""
        self._step_minutes = step_minutes
        self._show_target()

    def _show_target(self) -> None:
        """Say what the timer runs against and, for a step, how much of it is logged."""
        if not self._target_name:
            self.target_label.setText("")
            self.target_label.hide()
            return
        verb = "Timing" if self.is_running() else "For"
        text = f"{verb}: {_shortened(self._target_name)}"
        self.target_label.setToolTip(self._target_name)  # the whole title, when shortened
        if self.step_id and self._step_minutes:
            logged = self.bridge.tracker.view().minutes_by_step.get(self.step_id, 0)
            text += f" · {number(logged)} of {number(self._step_minutes)} min logged"
        self.target_label.setText(text)
        self.target_label.show()

    def is_running(self) -> bool:
        """Return whether the timer is counting."""
        return self._started_ms is not None

    def elapsed_ms(self) -> int:
        """Return the time counted so far, pauses excluded."""
        running = self.now_ms() - self._started_ms if self._started_ms is not None else 0
        return self._banked_ms + running

    # ---- actions ------------------------------------------------------------------------------

    def start(self) -> None:
        """Start, or resume after a pause."""
        if self.is_running():
            return
        self._started_ms = self.now_ms()
        self._ticker.start()
        self._update_buttons()
        self._update_display()

    def pause(self) -> None:
        """Stop counting but keep the time so far."""
        if not self.is_running():
            return
        self._banked_ms = self.elapsed_ms()
        self._started_ms = None
        self._ticker.stop()
        self._update_buttons()
        self._update_display()

    def stop(self) -> int:
        """Stop, log the whole minutes (when at least one) and reset; return the minutes logged."""
        ms = self.elapsed_ms()
        self._started_ms = None
        self._banked_ms = 0
        self._ticker.stop()
        self._update_buttons()
        self._update_display()
        minutes = ms // MS_PER_MINUTE
        if minutes < 1:
            self.total_label.setText("Less than a minute: nothing logged.")
            return 0
        return minutes if self.log_minutes(minutes) else 0

    def log_typed_minutes(self) -> None:
        """Log the minutes in the spin box."""
        self.log_minutes(self.minutes_spin.value())

    def log_minutes(self, minutes: int) -> bool:
        """Log a study session of some minutes today through the tracker; return whether it was saved."""
        day = self.bridge.tracker.clock.today()
        command = LogStudySession(day=day, minutes=minutes, item_id=self.item_id, step_id=self.step_id)
        if self.bridge.run(command, self) is None:
            return False
        self.minutes_logged.emit(minutes)
        self.refresh_total(just_logged=minutes)
        return True

    def refresh_total(self, just_logged: int | None = None) -> None:
        """Show today's study minutes."""
        today = self.bridge.tracker.clock.today()
        total = sum(s.minutes for s in self.bridge.tracker.study_sessions() if s.day == today)
        text = f"Studied today: {number(total)} min" if total else "No study time logged today."
        if just_logged:
            text = f"Logged {number(just_logged)} min. {text}"
        self.total_label.setText(text)
        self._show_target()

    # ---- display ------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        running = self.is_running()
        paused = not running and self._banked_ms > 0
        self.start_button.setText("&Resume" if paused else "&Start")
        self.start_button.setAccessibleName("Resume" if paused else "Start")
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running or paused)
        self._show_target()

    def _update_display(self) -> None:
        self.display.setText(format_elapsed(self.elapsed_ms()))

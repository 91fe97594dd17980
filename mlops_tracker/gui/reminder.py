"""The optional daily reminder: a tray notification at a chosen time while the app runs, and its settings."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QLocale, QObject, QTime, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSystemTrayIcon,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker import APP_NAME, autostart
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.gui import dates
from mlops_tracker.gui.bridge import show_error
from mlops_tracker.gui.widgets.labels import label

REMINDER_KEY = "reminder_time"  # "HH:MM" or None
CHECK_INTERVAL_MS = 60_000
DEFAULT_TIME = "08:00"


def parse_time(text: object) -> time | None:
    """Return the reminder time from its "HH:MM" setting, or None when unset or malformed."""
    if not isinstance(text, str):
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None


def reminder_message(open_tasks: int) -> str:
    """Return the notification text for a number of open tasks today."""
    if open_tasks == 0:
        return "Time to study: nothing due today, a good moment to review your focus."
    return f"Time to study: {open_tasks} task{'s' if open_tasks != 1 else ''} today"


class DailyReminder(QObject):
    """Check each minute and notify from the system tray once the reminder time passes."""

    def __init__(self, tracker: Tracker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.at: time | None = None
        self.tray: QSystemTrayIcon | None = None
        self.last_message = ""
        self._last_check = datetime.now()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)

    def reload(self) -> None:
        """Read the reminder time and start or stop checking."""
        self.at = parse_time(self.tracker.setting(REMINDER_KEY))
        self._last_check = datetime.now()
        if self.at is None:
            self.stop()
            return
        if self.tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(QApplication.windowIcon(), self)
            self.tray.setToolTip(APP_NAME)
        if self.tray is not None:
            self.tray.show()
        self._timer.start()

    def stop(self) -> None:
        """Stop checking and hide the tray icon."""
        self._timer.stop()
        if self.tray is not None:
            self.tray.hide()

    def check(self, now: datetime | None = None) -> bool:
        """Notify when the reminder time passed since the last check; return whether it did."""
        now = now or datetime.now()
        previous, self._last_check = self._last_check, now
        if self.at is None:
            return False
        due = datetime.combine(now.date(), self.at)
        if not previous < due <= now:
            return False
        open_tasks = len(self.tracker.view().tasks)
        self.last_message = reminder_message(open_tasks)
        if self.tray is not None:
            self.tray.showMessage(APP_NAME, self.last_message, QSystemTrayIcon.MessageIcon.Information)
        return True


class PreferencesDialog(QDialog):
    """Set the daily reminder and the date format."""

    def __init__(self, tracker: Tracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(label("Daily reminder", role="heading"))
        row = QHBoxLayout()
        self.enabled_box = QCheckBox("&Remind me every day at")
        self.enabled_box.setObjectName("reminderEnabled")
        self.time_edit = QTimeEdit()
        self.time_edit.setObjectName("reminderTime")
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setAccessibleName("Reminder time")
        current = parse_time(tracker.setting(REMINDER_KEY))
        self.enabled_box.setChecked(current is not None)
        chosen = current or time.fromisoformat(DEFAULT_TIME)
        self.time_edit.setTime(QTime(chosen.hour, chosen.minute))
        self.time_edit.setEnabled(current is not None)
        self.enabled_box.toggled.connect(self.time_edit.setEnabled)
        row.addWidget(self.enabled_box)
        row.addWidget(self.time_edit)
        row.addStretch(1)
        layout.addLayout(row)
        note = (
            "The reminder appears while MLOps Tracker is running."
            if QSystemTrayIcon.isSystemTrayAvailable()
            else "This desktop has no system tray, so the reminder cannot be shown here."
        )
        layout.addWidget(label(note, role="muted", wrap=True))
        self.autostart_box = QCheckBox("Start at lo&gin in the tray: reminders with the window closed")
        self.autostart_box.setObjectName("autostartEnabled")
        self.autostart_box.setChecked(autostart.is_enabled())
        self.autostart_box.setEnabled(autostart.supported())
        if not autostart.supported():
            self.autostart_box.setToolTip("Here, add MLOps Tracker to your login items (see the README).")
        layout.addWidget(self.autostart_box)

        layout.addWidget(label("Dates", role="heading"))
        dates_row = QHBoxLayout()
        self.locale_combo = QComboBox()
        self.locale_combo.setObjectName("localeCombo")
        self.locale_combo.setAccessibleName("Date format")
        system = QLocale.system()
        language = system.nativeLanguageName()
        described = f"{language} ({system.name()})" if language else system.name()
        self.locale_combo.addItem(f"As the system: {described}, {dates.example(system)}", "")
        for name in dates.OFFERED_LOCALES:
            locale = QLocale(name)
            where = f"{locale.nativeLanguageName()}, {locale.nativeTerritoryName()}"
            self.locale_combo.addItem(f"{where}: {dates.example(locale)}", name)
        current_locale = tracker.setting(dates.LOCALE_SETTING, "")
        index = self.locale_combo.findData(current_locale if isinstance(current_locale, str) else "")
        self.locale_combo.setCurrentIndex(max(index, 0))
        dates_label = QLabel("&Date format:")
        dates_label.setBuddy(self.locale_combo)
        dates_row.addWidget(dates_label)
        dates_row.addWidget(self.locale_combo, 1)
        layout.addLayout(dates_row)
        from mlops_tracker.gui.widgets.sync_settings import SyncSettingsSection

        self.sync_section = SyncSettingsSection(tracker, self)
        layout.addWidget(self.sync_section)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_time(self) -> str | None:
        """Return the reminder time as "HH:MM", or None when off."""
        if not self.enabled_box.isChecked():
            return None
        return self.time_edit.time().toString("HH:mm")

    def chosen_locale(self) -> str:
        """Return the chosen locale name, or "" for the system's."""
        return str(self.locale_combo.currentData() or "")

    def accept(self) -> None:
        self.tracker.set_setting(REMINDER_KEY, self.chosen_time())
        self.tracker.set_setting(dates.LOCALE_SETTING, self.chosen_locale())
        if autostart.supported() and self.autostart_box.isChecked() != autostart.is_enabled():
            try:
                if self.autostart_box.isChecked():
                    autostart.enable(autostart.launch_command(self.tracker.folder))
                else:
                    autostart.disable()
            except OSError as error:
                show_error(self, f"Could not change the start at login ({autostart.entry_path()}): {error}.")
                return
        dates.apply_locale(self.chosen_locale())
        super().accept()

"""Tell once, without blocking, that the last run ended unexpectedly: a banner and a status bar message."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from mlops_tracker.core import crash_log

COLUMN_NAME = "crashNoticeColumn"


class CrashNoticeBanner(QFrame):
    """A dismissible line above the pages: what happened, that no tick was lost, and where the log is."""

    dismissed = Signal()

    def __init__(self, end: crash_log.UnexpectedEnd, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.end = end
        self.setObjectName("crashNotice")
        self.setAccessibleName("Notice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(crash_log.notice_text(end))
        self.label.setObjectName("crashNoticeText")
        self.label.setWordWrap(True)
        # the path is there to be copied
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open Log Folder")
        self.open_button.clicked.connect(self.open_folder)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.clicked.connect(self.dismissed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.dismiss_button)

    def open_folder(self) -> None:
        """Show the folder holding the crash log in the file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.end.log.parent)))


def show_crash_notice(window: QMainWindow, folder: Path, end: crash_log.UnexpectedEnd) -> CrashNoticeBanner:
    """Say that the last run ended unexpectedly, and remember it was said so the next start stays quiet."""
    banner = CrashNoticeBanner(end)
    # above the navigation and the pages, across the window, like a browser's info bar
    pages = window.takeCentralWidget()
    column = QWidget()
    column.setObjectName(COLUMN_NAME)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    if pages is not None:
        layout.addWidget(pages, 1)
    window.setCentralWidget(column)
    text = f"Closed unexpectedly last time; no tick was lost. Crash log: {end.log}"
    window.statusBar().showMessage(text)  # no timeout: it stays until the next message

    def dismiss() -> None:
        if window.statusBar().currentMessage() == text:
            window.statusBar().clearMessage()
        banner.hide()
        banner.deleteLater()

    banner.dismissed.connect(dismiss)
    crash_log.acknowledge(folder, end)  # told: the next start stays quiet
    return banner

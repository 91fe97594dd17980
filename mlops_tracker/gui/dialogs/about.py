"""The About dialog: name, version, the data folder and what the app is for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker import APP_NAME, __version__
from mlops_tracker.gui.widgets.labels import label

DESCRIPTION = "An offline study tracker for the Certified MLOps Manager certification."


class AboutDialog(QDialog):
    """Show the app's name, version, description and data folder."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle(f"About {APP_NAME}")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)

        header = QHBoxLayout()
        icon = QApplication.windowIcon()
        if icon.isNull():
            from mlops_tracker.gui.app import app_icon

            icon = app_icon() or icon
        if not icon.isNull():
            picture = QLabel()
            picture.setPixmap(icon.pixmap(56, 56))
            picture.setAccessibleName(f"{APP_NAME} icon")
            header.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.addWidget(label(APP_NAME, role="title"))
        names.addWidget(label(f"Version {__version__}", role="muted", name="aboutVersion"))
        header.addLayout(names, 1)
        layout.addLayout(header)

        layout.addWidget(
            label(DESCRIPTION + " No account, no network: your data stays on this computer.", wrap=True)
        )
        layout.addSpacing(6)

        folder_caption = label("Data folder:", role="heading")
        self.folder_label = label(str(folder), name="aboutDataFolder", wrap=True)
        self.folder_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.folder_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.folder_label.setAccessibleName("Data folder path")
        layout.addWidget(folder_caption)
        layout.addWidget(self.folder_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton("&Open folder")
        self.open_button.setObjectName("openDataFolder")
        self.open_button.setToolTip("Show the data folder in the file manager")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self.open_folder)
        buttons.rejected.connect(self.reject)
        layout.addSpacing(6)
        layout.addWidget(buttons)

    def open_folder(self) -> bool:
        """Open the data folder in the file manager."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

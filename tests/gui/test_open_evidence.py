"""Links that cannot hurt: the editor's Open button through the system opener, which the tests record."""

# ruff: noqa: F401, F811  (the fixtures are imported by name, and pytest passes them as arguments)

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox

from mlops_tracker.core.commands import UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.open_link import open_evidence
from mlops_tracker.gui.widgets.item_editor import ItemEditor
from tests.gui.fixtures_pages import Dialogs, dialogs, page_bridge, page_tracker

PROJECT = "foundation.project.regression-workflow"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """Record what would go to the system opener, and never open anything for real."""
    urls: list[QUrl] = []
    monkeypatch.setattr(
        "mlops_tracker.gui.open_link.QDesktopServices.openUrl", lambda url: urls.append(url) or True
    )
    return urls


@pytest.fixture
def editor(qtbot, page_bridge: TrackerBridge, page_tracker: Tracker, dialogs: Dialogs) -> ItemEditor:
    """Return an item editor showing the Foundation project."""
    widget = ItemEditor(page_bridge)
    qtbot.addWidget(widget)
    widget.show_view(page_tracker.item(PROJECT))
    return widget


def set_evidence(editor: ItemEditor, tracker: Tracker, text: str) -> None:
    """Store evidence as an import would, and show it in the editor."""
    tracker.run(UpdateItem(PROJECT, evidence=text))
    editor.show_view(tracker.item(PROJECT))


def test_a_web_link_opens_in_the_browser_without_asking(
    qtbot, editor: ItemEditor, page_tracker: Tracker, dialogs: Dialogs, opened: list[QUrl]
) -> None:
    set_evidence(editor, page_tracker, "HTTPS://EXAMPLE.ORG/report")
    qtbot.mouseClick(editor.open_button, Qt.MouseButton.LeftButton)
    assert [url.toString() for url in opened] == ["https://example.org/report"]
    assert dialogs.asked == []
    assert editor.open_button.toolTip() == "Open the link in the browser"


def test_a_file_shows_its_folder_never_the_file(
    editor: ItemEditor, page_tracker: Tracker, dialogs: Dialogs, opened: list[QUrl], tmp_path: Path
) -> None:
    report = tmp_path / "report.pdf"
    report.write_text("x")
    for text in (str(report), QUrl.fromLocalFile(str(report)).toString()):
        set_evidence(editor, page_tracker, text)
        assert editor.open_evidence() == "folder"
    assert [url.toLocalFile() for url in opened] == [str(tmp_path), str(tmp_path)]
    assert dialogs.asked == []
    assert "not opened" in editor.open_button.toolTip()


@pytest.mark.parametrize(
    "text", ["javascript:alert(1)", "smb://host/share", "ftp://example.org/x", "x-app:go"]
)
def test_other_schemes_ask_first_and_show_the_full_value(
    editor: ItemEditor, page_tracker: Tracker, dialogs: Dialogs, opened: list[QUrl], text: str
) -> None:
    set_evidence(editor, page_tracker, text)
    dialogs.answer = QMessageBox.StandardButton.No
    assert editor.open_evidence() is None
    assert opened == []
    assert len(dialogs.asked) == 1
    kind, question = dialogs.asked[0]
    assert kind == "question" and text in question
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert editor.open_evidence() == "other"
    assert [url.toString() for url in opened] == [text]


def test_a_program_or_launcher_asks_first_then_shows_only_its_folder(
    editor: ItemEditor, page_tracker: Tracker, dialogs: Dialogs, opened: list[QUrl], tmp_path: Path
) -> None:
    program = tmp_path / "xterm"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    launcher = tmp_path / "evil.desktop"
    launcher.write_text("[Desktop Entry]\nExec=xterm\n")
    for path in (f"file://{program}", str(launcher)):
        set_evidence(editor, page_tracker, path)
        dialogs.answer = QMessageBox.StandardButton.No
        assert editor.open_evidence() is None
        dialogs.answer = QMessageBox.StandardButton.Yes
        assert editor.open_evidence() == "folder"
    assert [url.toLocalFile() for url in opened] == [str(tmp_path), str(tmp_path)]
    questions = dialogs.texts("question")
    assert len(questions) == 4
    assert str(program) in questions[0] and str(launcher) in questions[2]
    assert "The file itself is not opened" in questions[0]


def test_hidden_characters_are_shown_in_the_question(dialogs: Dialogs, opened: list[QUrl]) -> None:
    asked: list[str] = []
    value = "https://example.org/\u202eevil\x00"
    result = open_evidence(None, value, ask=lambda _parent, _title, text: asked.append(text) or False)
    assert result is None and opened == []
    assert "https://example.org/\\u202eevil\\x00" in asked[0]


def test_a_missing_folder_is_said_not_opened(dialogs: Dialogs, opened: list[QUrl], tmp_path: Path) -> None:
    assert open_evidence(None, str(tmp_path / "gone" / "report.pdf")) is None
    assert opened == []
    assert dialogs.texts("warning") and "does not exist" in dialogs.texts("warning")[0]


def test_guide_links_follow_the_same_rule(qtbot, dialogs: Dialogs, opened: list[QUrl]) -> None:
    from mlops_tracker.gui.widgets.guide_text import GuideBrowser

    browser = GuideBrowser()
    qtbot.addWidget(browser)
    dialogs.answer = QMessageBox.StandardButton.No
    browser.anchorClicked.emit(QUrl("javascript:alert(1)"))
    assert opened == [] and "javascript:alert(1)" in dialogs.texts("question")[0]
    browser.anchorClicked.emit(QUrl("https://example.org/guide"))
    assert [url.toString() for url in opened] == ["https://example.org/guide"]


def test_markup_in_the_value_is_shown_as_typed(dialogs: Dialogs, opened: list[QUrl]) -> None:
    dialogs.answer = QMessageBox.StandardButton.No
    assert open_evidence(None, "javascript:<img src=x>&amp;") is None
    question = dialogs.texts("question")[0]
    assert "javascript:&lt;img src=x&gt;&amp;amp;" in question
    assert "<img" not in question

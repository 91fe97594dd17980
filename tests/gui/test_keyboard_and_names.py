"""Every page and dialog: no two mnemonics clash (menus too), and a screen reader can name each control."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QPushButton,
    QTabBar,
    QWidget,
)

from mlops_tracker.core import files
from mlops_tracker.gui.dialogs import data
from mlops_tracker.gui.dialogs.about import AboutDialog
from mlops_tracker.gui.dialogs.plan_dialog import PlanDialog
from mlops_tracker.gui.dialogs.wizard import FirstRunWizard
from mlops_tracker.gui.reminder import PreferencesDialog

PAGES = ("today", "plan", "levels", "progress", "guide")
MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    """Return the lower-case mnemonic letter of a text ("&File" → "f"), or None."""
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """Yield (what, text) for each visible widget under root that can carry a mnemonic."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton):
            yield f"button {widget.text()!r}", widget.text()
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            yield f"label {widget.text()!r}", widget.text()
        elif isinstance(widget, QGroupBox):
            yield f"group {widget.title()!r}", widget.title()
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                yield f"tab {widget.tabText(index)!r}", widget.tabText(index)


def clashes(entries: Iterator[tuple[str, str]]) -> dict[str, list[str]]:
    """Return the mnemonic letters used more than once, with what uses them."""
    used: dict[str, list[str]] = defaultdict(list)
    for what, text in entries:
        letter = mnemonic(text)
        if letter:
            used[letter].append(what)
    return {letter: whats for letter, whats in used.items() if len(whats) > 1}


def _menu_entries(menu: QMenu) -> Iterator[tuple[str, str]]:
    for action in menu.actions():
        if action.isVisible() and not action.isSeparator():
            yield f"menu entry {action.text()!r}", action.text()


def unnamed_controls(root: QWidget) -> list[str]:
    """Return the visible, focusable controls under root that a screen reader cannot name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or not widget.isEnabled():
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or widget.focusProxy() is not None:
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def _show_every_state(window, name: str):  # type: ignore[no-untyped-def]
    page = window.show_page(name)
    if name == "levels":
        window.show_item("foundation.project.regression-workflow")  # the editor with evidence shows
    QApplication.processEvents()
    return page


@pytest.mark.parametrize("name", PAGES)
def test_no_mnemonic_clashes_on_a_page_with_the_menu_bar(main_window, name):
    page = _show_every_state(main_window, name)
    menus = [(f"menu {a.text()!r}", a.text()) for a in main_window.menuBar().actions()]
    assert clashes(iter([*menus, *_texts(page)])) == {}


def test_no_mnemonic_clashes_within_each_menu(main_window):
    for action in main_window.menuBar().actions():
        menu = action.menu()
        assert clashes(_menu_entries(menu)) == {}, action.text()
        for entry in menu.actions():
            if isinstance(entry, QAction) and entry.menu() is not None:
                assert clashes(_menu_entries(entry.menu())) == {}, entry.text()


@pytest.mark.parametrize("name", PAGES)
def test_every_control_on_a_page_has_a_name_for_screen_readers(main_window, name):
    page = _show_every_state(main_window, name)
    assert unnamed_controls(page) == []


def _dialogs(window, tmp_path) -> Iterator[tuple[str, QWidget]]:  # type: ignore[no-untyped-def]
    """Yield each dialog of the app, built on the window's data, shown without blocking."""
    yield "about", AboutDialog(window.tracker.folder, window)
    yield "plan", PlanDialog(window.bridge, parent=window)
    yield "backups", data.BackupsDialog(window, window)
    yield "preferences", PreferencesDialog(window.tracker, window)
    export = tmp_path / "export.json"
    files.export_json(window.tracker, export)
    preview = files.preview_import(window.tracker, export)
    yield "import preview", data.ImportPreviewDialog(preview, {}, window)
    wizard = FirstRunWizard(window.bridge, window)
    for page_id in wizard.pageIds():
        wizard.show()
        while wizard.currentId() != page_id:
            wizard.next()
        yield f"wizard page {page_id}", wizard
    wizard.close()


def test_every_dialog_has_no_mnemonic_clash_and_names_every_control(main_window, tmp_path, qtbot):
    seen = []
    for name, dialog in _dialogs(main_window, tmp_path):
        dialog.show()
        qtbot.waitExposed(dialog)
        assert clashes(_texts(dialog)) == {}, name
        assert unnamed_controls(dialog) == [], name
        seen.append(name)
        if not isinstance(dialog, FirstRunWizard):
            dialog.close()
    assert {"about", "plan", "backups", "preferences", "import preview"} <= set(seen)
    assert sum(name.startswith("wizard page") for name in seen) >= 3


def test_the_walk_finds_a_clash_and_an_unnamed_control():
    host = QWidget()
    first, second = QPushButton("&Save", host), QPushButton("&Send", host)
    host.show()
    assert clashes(_texts(host)) == {"s": [f"button {first.text()!r}", f"button {second.text()!r}"]}
    first.setText("")
    first.setAccessibleName("")
    first.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    assert unnamed_controls(host)
    host.close()

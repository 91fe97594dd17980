"""Every page works from 1024×640 up: no sideways scrolling, every button inside the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication

from tests.gui.conftest import show_active

PAGES = ("today", "plan", "levels", "progress", "guide")


def _settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    qtbot.waitUntil(lambda: window.isVisible())
    QApplication.processEvents()


def _sideways_scrolling(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the names of the page's visible scroll areas that show a horizontal scroll bar."""
    areas = [page, *page.findChildren(QAbstractScrollArea)]
    areas = [area for area in areas if isinstance(area, QAbstractScrollArea)]
    return [
        area.objectName() or type(area).__name__
        for area in areas
        if area.isVisible() and area.horizontalScrollBar().isVisible()
    ]


def _buttons_outside(window, page) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the visible buttons of a page that reach outside the window (seen through every scroll area)."""
    bounds = QRect(QPoint(0, 0), window.size())
    outside = []
    for button in page.findChildren(QAbstractButton):
        if not button.isVisible() or button.width() == 0:
            continue
        top_left = button.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, button.size())
        if rect.right() > bounds.right() or rect.left() < bounds.left():
            outside.append(button.text() or button.objectName() or type(button).__name__)
    return outside


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800), (1920, 1080), (3840, 2160)])
def test_no_page_scrolls_sideways_and_every_button_is_inside_the_window(main_window, qtbot, size):
    window = main_window
    window.resize(*size)
    for name in PAGES:
        page = window.show_page(name)
        _settle(qtbot, window)
        assert _sideways_scrolling(page) == [], f"{name} at {size} scrolls sideways"
        assert _buttons_outside(window, page) == [], f"{name} at {size} cuts off buttons"


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_a_new_users_empty_pages_do_not_scroll_sideways(window_factory, empty_folder, qtbot, size):
    window = show_active(qtbot, window_factory(empty_folder))
    window.resize(*size)
    for name in PAGES:
        page = window.show_page(name)
        _settle(qtbot, window)
        assert _sideways_scrolling(page) == [], f"the empty {name} page at {size} scrolls sideways"
        assert _buttons_outside(window, page) == [], f"the empty {name} page at {size} cuts off buttons"

"""Fixtures of the Plan, Levels and Guide page tests: a tracker with a plan, its bridge, quiet dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QMessageBox, QStyle, QStyleOptionViewItem

from mlops_tracker.core.clock import Clock, local_tz
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.widgets.item_list import ItemDelegate
from tests.gui.conftest import create_item_plan

PAGES_TODAY = date(2026, 3, 18)  # a Wednesday
PAGES_PLAN_START = PAGES_TODAY - timedelta(days=6)  # tasks due before today are overdue


@dataclass
class Dialogs:
    """What the fake message boxes and file dialogs answer, and what they were asked."""

    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes
    file: str = ""
    asked: list[tuple[str, str]] = field(default_factory=list)

    def texts(self, kind: str | None = None) -> list[str]:
        """Return the texts shown, of one kind (question, information, warning) or all."""
        return [text for shown, text in self.asked if kind is None or shown == kind]


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    """Make message boxes and file dialogs answer at once; tests choose the answers."""
    fake = Dialogs()

    def box(kind: str, default: QMessageBox.StandardButton | None):
        def show(_parent: object, _title: str, text: str, *args: object, **kwargs: object) -> object:
            fake.asked.append((kind, text))
            return fake.answer if default is None else default

        return show

    monkeypatch.setattr(QMessageBox, "question", box("question", None))
    monkeypatch.setattr(QMessageBox, "information", box("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "warning", box("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", box("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (fake.file, ""))
    return fake


def open_page_tracker(folder: Path, day: date = PAGES_TODAY) -> Tracker:
    """Open a tracker on a folder with "today" fixed."""
    return Tracker.open(folder, clock=Clock(tz=local_tz(), fixed_day=day))


@pytest.fixture
def page_tracker(tmp_path: Path) -> Iterator[Tracker]:
    """Return a tracker with a 30-day Foundation plan that started 6 days ago (so some tasks are overdue)."""
    tracker = open_page_tracker(tmp_path / "pages-data")
    create_item_plan(tracker, tracker.plan_spec("foundation", 30, start=PAGES_PLAN_START))
    yield tracker
    tracker.close()


@pytest.fixture
def empty_tracker(tmp_path: Path) -> Iterator[Tracker]:
    """Return a tracker without any plan or progress."""
    tracker = open_page_tracker(tmp_path / "pages-empty")
    yield tracker
    tracker.close()


@pytest.fixture
def page_bridge(page_tracker: Tracker) -> TrackerBridge:
    """Return the bridge over the planned tracker."""
    return TrackerBridge(page_tracker)


def check_point(view: QAbstractItemView, index: QModelIndex) -> QPoint:
    """Return the viewport point of a row's check box, where a click ticks it."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    delegate = view.itemDelegateForIndex(index)
    if isinstance(delegate, ItemDelegate):
        return delegate.check_rect(option, index).center()
    delegate.initStyleOption(option, index)
    rect = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    return rect.center()


def click_check(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:  # type: ignore[no-untyped-def]
    """Click a row's check box with the mouse."""
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=check_point(view, index))

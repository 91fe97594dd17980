"""The Progress page draws the tracker's history, follows its changes and writes charts and documents."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, timedelta
from pathlib import Path

import numpy
import pytest
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.backend_bases import MouseEvent
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFileDialog, QVBoxLayout, QWidget

from mlops_tracker.charts.activity import MINUTES_PER_POINT
from mlops_tracker.core.clock import Clock
from mlops_tracker.core.commands import LogStudySession, UpdateItem
from mlops_tracker.core.tracker import Tracker
from mlops_tracker.domain.model import Status
from mlops_tracker.gui.bridge import TrackerBridge
from mlops_tracker.gui.dates import short_day
from mlops_tracker.gui.numbers import percent
from mlops_tracker.gui.pages.progress import ProgressPage, gain_text
from mlops_tracker.gui.widgets import chart_panel
from mlops_tracker.gui.widgets.chart_panel import HOVER_HINT, ChartPanel

TODAY = date(2026, 11, 20)
START = TODAY - timedelta(days=9)
EXAM = date(2026, 12, 15)
STUDY_DAY = START + timedelta(days=3)
SKILLS = (
    "foundation.skill.ml-lifecycle",
    "foundation.skill.versioning-lineage",
    "foundation.skill.terminology-tools",
)
PROJECT = "foundation.project.regression-workflow"
MAIN = threading.main_thread()


class StandInWindow(QWidget):
    """A window with the main window's `show_item`, recording what it was asked to show."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []
        QVBoxLayout(self)

    def show_item(self, item_id: str) -> None:
        """Record the item."""
        self.shown.append(item_id)


@pytest.fixture
def tracker(tmp_path: Path) -> Iterator[Tracker]:
    """Return a tracker with ten days of Foundation history, a plan with an exam, and study minutes."""
    tracker = Tracker.open(tmp_path / "d", clock=Clock(tz=UTC, fixed_day=START))
    tracker.create_plan(tracker.plan_spec("foundation", 30, start=START, exam=EXAM))
    tracker.run(UpdateItem(SKILLS[0], status=Status.DONE))
    tracker.clock.fixed_day = STUDY_DAY
    tracker.run(UpdateItem(SKILLS[1], status=Status.DONE))
    tracker.run(UpdateItem(PROJECT, status=Status.IN_PROGRESS))
    tracker.run(LogStudySession(day=STUDY_DAY, minutes=60))
    tracker.clock.fixed_day = TODAY
    yield tracker
    tracker.close()


@pytest.fixture
def window(qtbot) -> StandInWindow:  # type: ignore[no-untyped-def]
    """Return the stand-in main window."""
    window = StandInWindow()
    window.resize(1100, 800)
    qtbot.addWidget(window)
    return window


@pytest.fixture
def page(qtbot, tracker: Tracker, window: StandInWindow) -> ProgressPage:  # type: ignore[no-untyped-def]
    """Return the shown Progress page inside the stand-in window."""
    bridge = TrackerBridge(tracker, window)
    page = ProgressPage(bridge, window)
    window.layout().addWidget(page)
    window.show()
    qtbot.waitExposed(window)
    return page


def line(ax: Axes, gid: str) -> Line2D:
    """Return the line with this gid."""
    [found] = [artist for artist in ax.get_lines() if artist.get_gid() == gid]
    return found


def scroll_to(qtbot, page: ProgressPage, panel: ChartPanel) -> Axes:  # type: ignore[no-untyped-def]
    """Scroll a chart into view and wait until it is drawn; return its axes."""
    page.scroll.ensureWidgetVisible(panel)
    qtbot.waitUntil(lambda: not panel.stale)
    return panel.axes


def num(day: date) -> float:
    """Return a matplotlib date number."""
    return float(mdates.date2num(day))


def test_readiness_chart_draws_the_history_plan_exam_and_buffer(page, tracker):
    ax = page.readiness_panel.axes
    history = tracker.readiness_history("foundation")
    drawn = line(ax, "readiness")
    assert list(drawn.get_xdata(orig=False)) == [num(p.day) for p in history]
    assert list(drawn.get_ydata()) == [p.readiness for p in history]
    assert list(line(ax, "plan").get_ydata()) == [p.readiness for p in tracker.plan_curve("foundation")]
    assert line(ax, "exam").get_xdata(orig=False)[0] == num(EXAM)
    assert ax.get_title(loc="left") == "Foundation readiness"
    [subtitle] = [text for text in ax.texts if text.get_gid() == "subtitle"]
    status = tracker.level_status("foundation")
    assert status.buffer_days is not None and status.buffer_days != 0
    assert subtitle.get_text().endswith("plan") and str(abs(status.buffer_days)) in subtitle.get_text()
    forecast = line(ax, "forecast")
    assert forecast.get_xdata(orig=False)[-1] == num(status.forecast.ready_on)


def test_charts_fit_their_canvas_after_resizing(qtbot, page, window):
    def fits(panel: ChartPanel) -> bool:
        renderer = panel.canvas.get_renderer()
        box = panel.axes.get_tightbbox(renderer)
        return box.x0 >= 0 and box.y0 >= 0 and box.x1 <= renderer.width and box.y1 <= renderer.height

    qtbot.waitUntil(lambda: not page.readiness_panel.canvas.render_pending)
    assert fits(page.readiness_panel) and fits(page.activity_panel)
    window.resize(700, 800)  # narrower: the frozen layout must be worked out again
    qtbot.waitUntil(lambda: page.readiness_panel.canvas.get_renderer().width < 600)
    qtbot.waitUntil(lambda: fits(page.readiness_panel))
    page.readiness_range.set_days(90)
    qtbot.waitUntil(lambda: not page.readiness_panel.canvas.render_pending)
    assert fits(page.readiness_panel)


def test_summary_strip_shows_readiness_buffer_forecast_and_exam(page, tracker):
    status = tracker.level_status("foundation")
    card = page.cards["foundation"]
    assert card.value.text() == f"{status.readiness:.0f}%"
    assert card.forecast.text() == status.forecast.describe(short_day)
    assert status.forecast.ready_on is None or short_day(status.forecast.ready_on) in card.forecast.text()
    assert card.forecast.text().startswith("At this pace you reach 100% on")
    assert card.exam.text() == f"Exam in {(EXAM - TODAY).days} days"
    assert "plan" in card.buffer.text()


def test_heatmap_holds_the_score_of_a_known_day(page):
    ax = page.activity_panel.axes
    [image] = [artist for artist in ax.get_images() if isinstance(artist, AxesImage)]
    first = date.fromisoformat(image.get_label())
    offset = (STUDY_DAY - first).days
    grid = numpy.asarray(image.get_array())
    assert grid.shape == (7, 52)
    # one skill finished and 60 minutes studied that day
    assert grid[offset % 7, offset // 7] == pytest.approx(1 + 60 / MINUTES_PER_POINT)
    assert grid[offset % 7, offset // 7 - 1] == 0


def test_a_tick_redraws_the_readiness_line(qtbot, page):
    before = line(page.readiness_panel.axes, "readiness").get_ydata()[-1]
    page.bridge.run(UpdateItem(SKILLS[2], status=Status.DONE))
    qtbot.waitUntil(lambda: line(page.readiness_panel.axes, "readiness").get_ydata()[-1] > before)
    assert page.cards["foundation"].value.text() == f"{page.tracker.readiness('foundation'):.0f}%"


def test_finishing_an_item_updates_today_in_the_calendar_in_place(qtbot, page):
    panel = page.activity_panel
    [image] = panel.axes.get_images()
    draws = panel.draws
    page.bridge.run(UpdateItem(SKILLS[2], status=Status.DONE))
    first = date.fromisoformat(image.get_label())
    offset = (TODAY - first).days
    assert numpy.asarray(image.get_array())[offset % 7, offset // 7] == 1
    assert panel.draws == draws and panel.axes.get_images() == [image]  # new data, same artists


def test_a_hidden_page_waits_until_it_is_shown(qtbot, page):
    before = line(page.readiness_panel.axes, "readiness").get_ydata()[-1]
    page.hide()
    page.bridge.run(UpdateItem(SKILLS[2], status=Status.DONE))
    assert line(page.readiness_panel.axes, "readiness").get_ydata()[-1] == before
    page.show()
    qtbot.waitUntil(lambda: line(page.readiness_panel.axes, "readiness").get_ydata()[-1] > before)


def test_sessions_redraw_the_minutes_and_the_calendar_only(qtbot, page):
    for panel in page.panels:
        panel.ensure_drawn()
    draws = {panel.name: panel.draws for panel in page.panels}
    page.bridge.run(LogStudySession(day=TODAY, minutes=90))
    ax = scroll_to(qtbot, page, page.minutes_panel)
    bars = [patch for patch in ax.patches if patch.get_gid() == "minutes"]
    assert max(bar.get_height() for bar in bars) == 90
    [image] = page.activity_panel.axes.get_images()
    offset = (TODAY - date.fromisoformat(image.get_label())).days
    assert numpy.asarray(image.get_array())[offset % 7, offset // 7] == 90 / MINUTES_PER_POINT
    # the readiness and breakdown charts did not change, so they were not drawn again
    assert page.readiness_panel.draws == draws["Readiness"]
    assert page.breakdown_panel.draws == draws["Breakdown"]


def test_charts_out_of_view_wait_until_they_are_scrolled_to(qtbot, page):
    panel = page.minutes_panel
    assert not panel.is_exposed()
    assert panel.stale and panel.draws == 0 and not panel.axes.patches
    assert not page.readiness_panel.stale  # in view: drawn with the page
    scroll_to(qtbot, page, panel)
    assert panel.draws == 1 and panel.is_exposed()


def test_notes_alone_redraw_nothing(qtbot, page):
    for panel in page.panels:
        panel.ensure_drawn()
    draws = [panel.draws for panel in page.panels]
    page.bridge.run(UpdateItem(SKILLS[0], notes="re-read chapter 2"))
    assert [panel.draws for panel in page.panels] == draws


def test_range_selector_changes_the_x_limits(qtbot, page):
    ax = page.readiness_panel.axes
    whole = ax.get_xlim()
    qtbot.mouseClick(page.readiness_range.buttons[30], Qt.MouseButton.LeftButton)
    narrow = page.readiness_panel.axes.get_xlim()
    assert narrow != whole
    assert narrow[0] == num(TODAY - timedelta(days=30))
    assert narrow[1] >= num(EXAM)
    qtbot.mouseClick(page.readiness_range.buttons[None], Qt.MouseButton.LeftButton)
    assert page.readiness_panel.axes.get_xlim() == whole

    before = scroll_to(qtbot, page, page.minutes_panel).get_xlim()
    page.minutes_range.set_days(30)
    after = page.minutes_panel.axes.get_xlim()
    assert after != before and after[0] > before[0]


def test_explanation_lists_the_biggest_gain_first_and_opens_it(qtbot, page, tracker, window):
    gains = tracker.explain("foundation")
    first = page.gains_list.item(0)
    assert first.text() == gain_text(gains[0].points, gains[0].action)
    assert first.text().startswith(f"+{gains[0].points:.1f} points — ")
    assert first.data(Qt.ItemDataRole.UserRole) == gains[0].item.id
    assert gains[0].points == max(gain.points for gain in gains)
    page.gains_list.setFocus()
    page.gains_list.setCurrentRow(0)
    qtbot.keyClick(page.gains_list, Qt.Key.Key_Return)
    assert window.shown == [gains[0].item.id]


def test_level_choice_switches_chart_and_explanation(page, tracker):
    tracker.run(UpdateItem("professional.skill.ml-cicd", status=Status.IN_PROGRESS))
    assert page.level_combo.count() == 2
    page.set_level("professional")
    assert page.readiness_panel.axes.get_title(loc="left") == "Professional readiness"
    assert page.gains_heading.text() == "What raises Professional readiness most"
    ids = {page.gains_list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(page.gains_list.count())}
    assert ids and all(item_id is None or item_id.startswith("professional.") for item_id in ids)


def test_breakdown_by_level_and_by_category(qtbot, page):
    ax = scroll_to(qtbot, page, page.breakdown_panel)
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Foundation"]
    page.breakdown_mode.setCurrentText("By category")
    labels = [label.get_text() for label in page.breakdown_panel.axes.get_yticklabels()]
    assert labels == ["Skills", "Projects", "Phase activities", "Common mistakes"]
    assert page.breakdown_panel.axes.get_title(loc="left") == "Foundation items by category"


def test_hover_names_the_value_under_the_cursor(page):
    panel = page.readiness_panel
    panel.canvas.draw()
    point = page.tracker.readiness_history("foundation")[-1]
    x, y = panel.axes.transData.transform((num(point.day), point.readiness))
    event = MouseEvent("motion_notify_event", panel.canvas, x, y)
    panel.canvas.callbacks.process("motion_notify_event", event)
    # the window's date phrasing and percentages, not the ISO dates of the command line
    assert panel.hover_label.text() == f"{short_day(point.day)}: {percent(point.readiness)}"
    panel.canvas.callbacks.process("figure_leave_event", event)
    assert panel.hover_label.text() == HOVER_HINT


def test_dark_palette_draws_dark_charts(qtbot, page):
    palette = page.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#1c1f26"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#23272f"))
    page.setPalette(palette)
    qtbot.waitUntil(lambda: page.readiness_panel.theme.name == "dark")
    facecolor = page.readiness_panel.axes.get_facecolor()
    assert QColor.fromRgbF(*facecolor).name() == "#23272f"
    assert all(panel.theme.name == "dark" for panel in page.panels)


def test_a_scheme_change_while_hidden_shows_on_return(qtbot, page):
    page.hide()
    palette = page.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#1c1f26"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#23272f"))
    page.setPalette(palette)
    assert page.readiness_panel.theme.name == "light"  # nothing drawn while hidden
    page.show()
    qtbot.waitUntil(lambda: all(panel.theme.name == "dark" for panel in page.panels))
    qtbot.waitUntil(lambda: not page.readiness_panel.canvas.render_pending)
    assert QColor.fromRgbF(*page.readiness_panel.axes.get_facecolor()).name() == "#23272f"


def test_export_chart_writes_a_png(monkeypatch, qtbot, page, tmp_path):
    target = tmp_path / "readiness"
    monkeypatch.setattr(
        chart_panel.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PNG image (*.png)")
    )
    with qtbot.waitSignal(page.readiness_panel.exported) as signal:
        qtbot.mouseClick(page.readiness_panel.export_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "readiness.png"
    assert signal.args == [str(written)]
    assert written.read_bytes().startswith(b"\x89PNG")
    assert page.status_label.text() == f"Saved {written}."


def test_export_chart_to_a_missing_folder_says_so(monkeypatch, qtbot, page, tmp_path, shown_messages):
    target = tmp_path / "gone" / "chart.svg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.activity_panel.export()
    assert shown_messages and "does not exist" in shown_messages[-1][1]
    assert not target.exists()


def test_report_is_written_in_the_background(monkeypatch, qtbot, page, tmp_path):
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    threads: list[bool] = []
    page.document_written.connect(lambda _message: threads.append(threading.current_thread() is MAIN))
    with qtbot.waitSignal(page.document_written, timeout=60000) as signal:
        qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
        assert not page.report_button.isEnabled()  # one document at a time
    assert target.read_bytes().startswith(b"%PDF")
    assert signal.args[0].startswith("Wrote report.pdf (") and "pages)" in signal.args[0]
    assert page.report_button.isEnabled()
    assert threads == [True]  # the worker only wrote the file; the page heard of it on the UI thread


def test_portfolio_markdown_holds_the_finished_project(monkeypatch, qtbot, page, tmp_path):
    page.bridge.run(UpdateItem(PROJECT, status=Status.DONE, evidence="https://example.org/workflow"))
    target = tmp_path / "portfolio"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Markdown (*.md)"))
    with qtbot.waitSignal(page.document_written, timeout=30000) as signal:
        page.export_portfolio()
    text = (tmp_path / "portfolio.md").read_text(encoding="utf-8")
    assert page.tracker.curriculum.item(PROJECT).title in text
    assert signal.args == ["Wrote portfolio.md (1 finished project)."]


def test_document_errors_show_a_message_not_a_traceback(monkeypatch, qtbot, page, tmp_path, shown_messages):
    target = tmp_path / "missing" / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_report()
    qtbot.waitUntil(lambda: bool(shown_messages), timeout=30000)
    assert "does not exist" in shown_messages[-1][1]
    assert page.report_button.isEnabled()


def test_cancelled_dialogs_write_nothing(qtbot, page, tmp_path):
    page.export_report()  # the conftest's file dialog answers "cancel"
    page.export_portfolio()
    page.readiness_panel.export()
    assert page.wait_for_documents(1000)
    assert page.status_label.text() == ""


def test_the_main_window_opens_the_page_and_an_explanation_opens_the_item(qtbot, main_window):
    page = main_window.show_page("progress")
    assert isinstance(page, ProgressPage) and page.title == "Progress"
    qtbot.waitUntil(lambda: not page.readiness_panel.canvas.render_pending)
    first = page.gains_list.item(0)
    item_id = first.data(Qt.ItemDataRole.UserRole)
    page.gains_list.itemActivated.emit(first)
    assert main_window.current_page_name() == "levels"
    # back on Progress, a change made meanwhile has been drawn
    main_window.tracker.run(UpdateItem(item_id, status=Status.DONE, evidence="https://example.org"))
    assert not page.isVisible()
    main_window.show_page("progress")
    qtbot.waitUntil(lambda: page.gains_list.item(0).data(Qt.ItemDataRole.UserRole) != item_id)


def test_an_empty_tracker_shows_the_main_levels_and_says_how_to_start(qtbot, tmp_path, window):
    tracker = Tracker.open(tmp_path / "empty", clock=Clock(tz=UTC, fixed_day=TODAY))
    try:
        page = ProgressPage(TrackerBridge(tracker, window), window)
        window.layout().addWidget(page)
        window.show()
        qtbot.waitUntil(lambda: not page.readiness_panel.canvas.render_pending)
        assert list(page.cards) == ["foundation", "professional", "advanced"]
        assert page.subtitle.text().startswith("Nothing tracked yet")
        ax = page.readiness_panel.axes
        assert [text.get_text() for text in ax.texts if text.get_gid() == "empty"] == ["No history yet"]
        assert page.cards["foundation"].buffer.text() == "No plan"
        tracker.run(UpdateItem(SKILLS[0], status=Status.DONE))
        assert list(page.cards) == ["foundation"]
        assert not page.subtitle.text().startswith("Nothing")
        assert line(page.readiness_panel.axes, "readiness").get_ydata()[-1] > 0
    finally:
        tracker.close()


def test_each_chart_tells_a_screen_reader_its_figures(page, tracker):
    status = tracker.level_status("foundation")
    readiness = page.readiness_panel.canvas.accessibleDescription()
    assert readiness.startswith(f"Foundation readiness {status.readiness:.0f}%, plan ")
    assert status.forecast.ready_on is None or f"forecast {short_day(status.forecast.ready_on)}" in readiness
    assert "with study or finished items" in page.activity_panel.accessibleDescription()
    assert "min studied in the last 7 days" in page.minutes_panel.accessibleDescription()
    assert page.breakdown_panel.accessibleDescription().split(", ")[0][0].isdigit()
    tracker.run(UpdateItem("foundation.skill.team-roles", status=Status.DONE))
    assert page.readiness_panel.canvas.accessibleDescription() != readiness

"""The Progress page: readiness and retained over time, activity, breakdown, minutes and practice exam charts;
a practice exam for the chosen level; the report and portfolio.

The main window imports this module the first time the page is shown, so matplotlib loads only then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from matplotlib.axes import Axes
from PySide6.QtCore import QEvent, QStandardPaths, Qt, QThreadPool, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.charts.activity import activity_grid
from mlops_tracker.charts.minutes import monday_of
from mlops_tracker.charts.theme import DARK, LIGHT, ChartTheme
from mlops_tracker.core import reviews
from mlops_tracker.core.commands import ALL_CHANGED, Changes
from mlops_tracker.core.views import LevelProgress, View
from mlops_tracker.domain.errors import UserError
from mlops_tracker.domain.model import Status
from mlops_tracker.domain.packing import Work
from mlops_tracker.domain.practice import DEFAULT_PASS_MARK
from mlops_tracker.gui.bridge import TrackerBridge, show_error
from mlops_tracker.gui.dates import short_day
from mlops_tracker.gui.jobs import run_in_background
from mlops_tracker.gui.numbers import NOTATION, decimal, duration, number, percent, plural
from mlops_tracker.gui.pages.base import Page
from mlops_tracker.gui.widgets.chart_panel import ChartPanel, RangeSelector
from mlops_tracker.gui.widgets.labels import label
from mlops_tracker.gui.widgets.tiles import due_text, readiness_figures
from mlops_tracker.reports.chart_specs import ChartData, LevelSeries, chart, practice_scores, retained_series
from mlops_tracker.reports.collect import breakdown_by_category, breakdown_by_level, collect_report_data
from mlops_tracker.reports.data import buffer_text

log = logging.getLogger(__name__)

GAINS_SHOWN = 12
MINUTES_WEEKS_ALL = 12  # "All" shows at least this many weeks, so one session is not one fat bar
BY_LEVEL, BY_CATEGORY = "By level", "By category"


# below this page width the panels stack in one column (two columns need about 900 px)
NARROW_WIDTH = 960


def exam_text(days: int | None) -> str:
    """Return the days to the exam as people say them."""
    if days is None:
        return "No exam date"
    if days == 0:
        return "Exam today"
    if days < 0:
        return f"Exam was {plural(-days, 'day')} ago"
    return f"Exam in {plural(days, 'day')}"


def calendar_height(width: int) -> int:
    """Return the activity canvas height that fits 52 square weeks across `width` pixels, plus labels."""
    cells = width * 0.93 / 52  # the weekday labels take the rest of the width
    return max(140, min(260, round(7 * cells + 70)))


def gain_text(points: float, action: str) -> str:
    """Return an explanation line: "+12.0 points — Finish project: …"."""
    return f"+{decimal(points, 1)} points — {action}"


# ---- the report and portfolio worker ---------------------------------------------------------------


class GainsList(QListWidget):
    """The explanation list: its wrapped rows are measured again as soon as its width changes."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            # Adjust mode waits 100 ms; until then rows sized for the old width would be cut to "…"
            self.doItemsLayout()


# ---- the summary strip -----------------------------------------------------------------------------


class LevelCard(QFrame):
    """One level's figures: readiness, buffer, steps that fit no day, retained, forecast, outlook, exam."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        self.caption = label(name="tileCaption")
        top = QHBoxLayout()
        top.setSpacing(10)
        self.value = label(name="tileValue")
        self.buffer = label(name="tileDetail")
        top.addWidget(self.value)
        top.addWidget(self.buffer, 1, Qt.AlignmentFlag.AlignBottom)
        # ahead or on plan says nothing of steps the plan cannot place: this line does
        self.unfit = label(role="hint", name="tileUnfit", wrap=True)
        self.retained = label(name="tileDetail", wrap=True)
        self.forecast = label(name="tileDetail", wrap=True)
        self.outlook = label(name="tileDetail", wrap=True)
        self.exam = label(name="tileDetail")
        layout.addWidget(self.caption)
        layout.addLayout(top)
        layout.addWidget(self.unfit)
        layout.addWidget(self.retained)
        layout.addWidget(self.forecast)
        layout.addWidget(self.outlook)
        layout.addWidget(self.exam)
        layout.addStretch(1)

    def show_level(
        self, entry: LevelProgress, retained: float, due: int, outlook: str, unfit: Sequence[Work] = ()
    ) -> None:
        """Show a level's standing, the steps its plan cannot place, retained readiness, reviews, outlook."""
        status = entry.status
        self.caption.setText(status.name.upper())
        self.value.setText(percent(status.readiness))
        self.buffer.setText(buffer_text(status.buffer_days) or "No plan")
        count = len(unfit)
        self.unfit.setText(
            f"{plural(count, 'step')} ({duration(sum(work.minutes for work in unfit))}) "
            f"{'does' if count == 1 else 'do'} not fit the plan: see Plan."
            if unfit
            else ""
        )
        self.unfit.setVisible(bool(unfit))
        figures = readiness_figures(percent(status.readiness), percent(retained))
        self.retained.setText(f"{figures} · {due_text(due)}")
        self.forecast.setText(status.forecast.describe(short_day, percent=percent))
        self.outlook.setText(outlook)
        self.exam.setText(exam_text(status.days_to_exam))
        self.setAccessibleName(f"{status.name}: {percent(status.readiness)} ready")
        texts = (self.retained, self.buffer, self.forecast, self.outlook, self.exam)
        texts += (self.unfit,) if unfit else ()
        self.setAccessibleDescription(" ".join(text.text().rstrip(".") + "." for text in texts))


# ---- the page --------------------------------------------------------------------------------------


class ProgressPage(Page):
    """Show readiness over time with plan, forecast and exam; activity; breakdown; study minutes."""

    title = "Progress"
    document_written = Signal(str)  # the message after a report or portfolio was written

    def __init__(self, bridge: TrackerBridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self._levels: list[str] = []
        self._progress: dict[str, LevelProgress] = {}
        self._finished: dict[date, int] = {}
        self._minutes: dict[date, int] = {}
        self._breakdown: dict[str, dict[Status, int]] = {}
        self._practice: dict[str, list[tuple[date, float]]] = {}
        self._pass_mark = DEFAULT_PASS_MARK
        self.practice_dialog: QDialog | None = None
        self.view: View = self.tracker.view()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one document at a time: matplotlib is not meant for two threads
        self._building = True
        self._build()
        self._building = False
        self._theme = self.chart_theme()
        for panel in self.panels:
            panel.set_theme(self._theme)
        self.refresh(ALL_CHANGED)

    # ---- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName("Progress page")
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll)
        body = QWidget()
        self.scroll.setWidget(body)
        root = QVBoxLayout(body)
        root.setContentsMargins(28, 22, 28, 22)
        root.setSpacing(14)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.subtitle = label(
            "Readiness over time, what you did, and what to do next.", role="subtitle", wrap=True
        )
        titles.addWidget(label("Progress", role="title"))
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        self.report_button = QPushButton("Progress report (PDF)…")
        self.report_button.setToolTip("Write a printable report: summary, charts and every checklist")
        self.report_button.clicked.connect(self.export_report)
        self.portfolio_button = QPushButton("Portfolio (Markdown/PDF)…")
        self.portfolio_button.setToolTip("Write your finished projects with their evidence")
        self.portfolio_button.clicked.connect(self.export_portfolio)
        header.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.portfolio_button, 0, Qt.AlignmentFlag.AlignBottom)
        root.addLayout(header)

        self.summary_strip = QHBoxLayout()
        self.summary_strip.setSpacing(12)
        self.cards: dict[str, LevelCard] = {}
        root.addLayout(self.summary_strip)

        # readiness, with the explanation beside it
        self.level_combo = QComboBox()
        self.level_combo.setAccessibleName("Level of the readiness chart")
        self.level_combo.currentIndexChanged.connect(self._on_level_changed)
        self.readiness_range = RangeSelector()
        self.readiness_range.range_changed.connect(lambda _days: self.readiness_panel.redraw(relayout=True))
        self.readiness_panel = ChartPanel(chart("readiness").heading, self._draw_readiness, height=330)
        self.readiness_panel.add_control(self.level_combo, "&Level:")
        self.readiness_panel.add_control(self.readiness_range)

        gains_card = QFrame()
        gains_card.setProperty("role", "card")
        gains_layout = QVBoxLayout(gains_card)
        gains_layout.setContentsMargins(14, 12, 14, 12)
        self.gains_heading = label("What raises readiness most", role="heading")
        gains_hint = label("Double-click or press Enter to open the item.", role="muted")
        self.gains_list = GainsList()
        self.gains_list.setObjectName("gainsList")
        # spacing, not a style-sheet padding: padding is left out when wrapped rows are measured
        self.gains_list.setSpacing(5)
        self.gains_list.setAccessibleName("What raises readiness most")
        self.gains_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.gains_list.setWordWrap(True)
        self.gains_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.gains_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.gains_list.setTextElideMode(Qt.TextElideMode.ElideNone)  # wrap, never cut to "…"
        self.gains_list.itemActivated.connect(self._on_gain_activated)
        gains_layout.addWidget(self.gains_heading)
        gains_layout.addWidget(gains_hint)
        gains_layout.addWidget(self.gains_list, 1)

        self.activity_panel = ChartPanel(
            chart("activity").heading, self._draw_activity, height=calendar_height
        )

        self.breakdown_mode = QComboBox()
        self.breakdown_mode.addItems([BY_LEVEL, BY_CATEGORY])
        self.breakdown_mode.setAccessibleName("Break the items down by level or by category")
        self.breakdown_mode.currentIndexChanged.connect(lambda _index: self._redraw_breakdown(relayout=True))
        self.breakdown_panel = ChartPanel(chart("breakdown").heading, self._draw_breakdown, height=300)
        self.breakdown_panel.add_control(self.breakdown_mode)

        self.minutes_range = RangeSelector()
        self.minutes_range.range_changed.connect(lambda _days: self.minutes_panel.redraw(relayout=True))
        self.minutes_panel = ChartPanel(chart("minutes").heading, self._draw_minutes, height=300)
        self.minutes_panel.add_control(self.minutes_range)

        self.practice_button = QPushButton("Practice e&xam…")
        self.practice_button.setToolTip(
            "Take a timed practice exam of the level chosen for the readiness chart"
        )
        self.practice_button.clicked.connect(self.open_practice_exam)
        self.practice_panel = ChartPanel(chart("practice").heading, self._draw_practice, height=300)
        self.practice_panel.add_control(self.practice_button)

        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(14)
        self.gains_card = gains_card
        self._narrow: bool | None = None
        self._arrange(narrow=False)
        root.addLayout(self.grid)
        root.addStretch(1)

        self.status_label = label(role="muted")
        root.addWidget(self.status_label)
        self.panels = (
            self.readiness_panel,
            self.activity_panel,
            self.breakdown_panel,
            self.minutes_panel,
            self.practice_panel,
        )
        for panel in self.panels:
            panel.exported.connect(lambda path: self.status_label.setText(f"Saved {path}."))

    # ---- state -------------------------------------------------------------------------------

    def _arrange(self, *, narrow: bool) -> None:
        """Lay the panels out in two columns, or in one on a narrow window (no sideways scrolling)."""
        if narrow == self._narrow:
            return
        self._narrow = narrow
        grid = self.grid
        for widget in (self.readiness_panel, self.gains_card, self.activity_panel):
            grid.removeWidget(widget)
        for widget in (self.breakdown_panel, self.minutes_panel, self.practice_panel):
            grid.removeWidget(widget)
        if narrow:
            order = (self.readiness_panel, self.gains_card, self.activity_panel)
            rest = (self.breakdown_panel, self.minutes_panel, self.practice_panel)
            for row, widget in enumerate((*order, *rest)):
                grid.addWidget(widget, row, 0, 1, 2)
        else:
            grid.addWidget(self.readiness_panel, 0, 0)
            grid.addWidget(self.gains_card, 0, 1)
            grid.addWidget(self.activity_panel, 1, 0, 1, 2)
            grid.addWidget(self.breakdown_panel, 2, 0)
            grid.addWidget(self.minutes_panel, 2, 1)
            grid.addWidget(self.practice_panel, 3, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        for panel in getattr(self, "panels", ()):
            panel.redraw(relayout=True)  # new widths: the frozen chart layouts are worked out again

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Switch between one and two columns at NARROW_WIDTH of page."""
        # the page's new width: its scroll area is only resized after this event
        self._arrange(narrow=event.size().width() < NARROW_WIDTH)
        super().resizeEvent(event)

    def current_level(self) -> str | None:
        """Return the level the readiness chart and the explanation show."""
        level = self.level_combo.currentData()
        return level if isinstance(level, str) else None

    def set_level(self, level_id: str) -> None:
        """Show a level's readiness and explanation."""
        index = self.level_combo.findData(level_id)
        if index >= 0:
            self.level_combo.setCurrentIndex(index)

    def chart_theme(self) -> ChartTheme:
        """Return the dark chart theme when the window is dark, else the light one."""
        palette = self.palette()
        theme = DARK if palette.color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT
        base = palette.color(QPalette.ColorRole.Base)
        if (base.lightness() < 128) == (theme is DARK):
            # the charts sit on the colour of the lists and text boxes, so the page reads as one
            theme = replace(theme, background=base.name())
        return theme

    # ---- refreshing --------------------------------------------------------------------------

    def refresh(self, changes: Changes) -> None:
        """Show the tracker's current view."""
        self.render(self.tracker.view(), changes)

    def render(self, view: View, changes: Changes = ALL_CHANGED) -> None:
        """Show a view, redrawing only the charts whose data changed."""
        self.view = view
        if any(panel.theme != self._theme for panel in self.panels):
            self.redraw_all()  # the scheme changed while the page was hidden
        if changes.settings:
            self._pass_mark = reviews.practice_settings(self.tracker)[2]
        if changes.readiness or changes.items or changes.plans or changes.reviews:
            shown = self._progress.get(self.current_level() or "")
            levels_changed = self._load_progress()
            self._fill_summary()
            self._fill_gains()
            level = self.current_level()
            if levels_changed or changes.plans or changes.reviews or self._progress.get(level or "") != shown:
                self.readiness_panel.redraw(relayout=levels_changed or changes.plans)
        if changes.reviews or changes.settings:
            practice = practice_scores(view, self._levels)
            if practice != self._practice or changes.settings:
                self._practice = practice
                self.practice_panel.redraw(relayout=True)
        if changes.items or changes.plans:
            self._redraw_breakdown()
        if changes.items or changes.sessions:
            finished, minutes = view.finished_by_day, view.minutes_by_day
            if (finished, minutes) != (self._finished, self._minutes):
                sessions_changed = minutes != self._minutes
                self._finished, self._minutes = finished, minutes
                self.activity_panel.update_in_place(self._update_activity)
                if sessions_changed:
                    self.minutes_panel.redraw(relayout=True)
        self.describe_charts()

    def describe_charts(self) -> None:
        """Give each chart an accessible description with its figures, for screen readers."""
        today = self.view.today
        level_id = self.current_level()
        entry = self._progress.get(level_id) if level_id else None
        if entry is None:
            readiness = "No readiness history yet."
        else:
            status = entry.status
            parts = [f"{status.name} readiness {percent(status.readiness)}"]
            if self.view.tables.answers:
                parts.append(f"retained {percent(self.view.retained(status.level_id))}")
            planned = [point.readiness for point in entry.plan_curve if point.day <= today]
            schedule = [p.readiness for p in self.view.schedule_curve(status.level_id) if p.day <= today]
            if planned and schedule:
                parts.append(f"plan as first made {percent(planned[-1])}")
                parts.append(f"current schedule {percent(schedule[-1])}")
            elif planned:
                parts.append(f"plan {percent(planned[-1])}")
            if status.forecast.ready_on is not None:
                parts.append(f"forecast {short_day(status.forecast.ready_on)}")
            if entry.exam is not None:
                parts.append(f"exam {short_day(entry.exam)}")
            readiness = ", ".join(parts)
        year_ago = today - timedelta(weeks=52)
        active = {day for day in (*self._minutes, *self._finished) if day > year_ago}
        week = sum(minutes for day, minutes in self._minutes.items() if day > today - timedelta(days=7))
        totals: dict[str, int] = {}
        for counts in self._breakdown.values():
            for status_key, count in counts.items():
                totals[status_key.label] = totals.get(status_key.label, 0) + count
        items = ", ".join(f"{number(count)} {name}" for name, count in totals.items()) or "No items"
        descriptions = {
            self.readiness_panel: readiness,
            self.activity_panel: f"{plural(len(active), 'day')} with study or finished items, last 52 weeks",
            self.breakdown_panel: items,
            self.minutes_panel: f"{number(week)} min studied in the last 7 days",
            self.practice_panel: self._practice_description(),
        }
        for panel, text in descriptions.items():
            panel.setAccessibleDescription(text)
            panel.canvas.setAccessibleDescription(text)

    def _practice_description(self) -> str:
        """Return the practice chart's figures: each level's latest score, and the pass mark."""
        mark = f"pass mark {percent(self._pass_mark)} (assumed: the guide names none)"
        if not self._practice:
            return f"No practice exam yet; {mark}"
        latest = [
            f"{name} {plural(len(points), 'exam')}, latest {percent(score)} on {short_day(day)}"
            for name, points in self._practice.items()
            for day, score in points[-1:]
        ]
        return "; ".join([*latest, mark])

    def redraw_all(self) -> None:
        """Draw every chart again from the data already loaded (after a theme change)."""
        for panel in self.panels:
            panel.set_theme(self._theme)
            panel.redraw(relayout=True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and not self._building:
            theme = self.chart_theme()
            if theme != self._theme:
                self._theme = theme
                if self.isVisible():
                    self.redraw_all()
                else:
                    self.mark_stale()
        super().changeEvent(event)

    def _load_progress(self) -> bool:
        """Read each level's standing, history and plan curve; return whether the set of levels changed."""
        self._progress = self.view.progress()
        levels = list(self._progress)
        if levels == self._levels:
            return False
        self._levels = levels
        chosen = self.current_level()
        self.level_combo.blockSignals(True)
        self.level_combo.clear()
        for level_id in levels:
            self.level_combo.addItem(self._progress[level_id].status.name, level_id)
        index = self.level_combo.findData(chosen) if chosen else -1
        self.level_combo.setCurrentIndex(max(index, 0))
        self.level_combo.blockSignals(False)
        return True

    def _fill_summary(self) -> None:
        """Show one card per level being prepared (the three main levels before any progress)."""
        self.subtitle.setText(
            "Readiness over time, what you did, and what to do next."
            if self.view.preparing
            else "Nothing tracked yet: create a plan or mark an item, and your history starts here."
        )
        for level_id in [level for level in self.cards if level not in self._progress]:
            card = self.cards.pop(level_id)
            self.summary_strip.removeWidget(card)
            card.deleteLater()
        for level_id, entry in self._progress.items():
            card = self.cards.get(level_id)
            if card is None:
                card = self.cards[level_id] = LevelCard()
                self.summary_strip.addWidget(card, 1)
            card.show_level(
                entry,
                self.view.retained(level_id),
                self.view.due_count(level_id),
                self.view.outlook(level_id, self._pass_mark),
                self.tracker.unfit_steps(level_id),
            )

    def _fill_gains(self) -> None:
        """List the missing items of the chosen level that would raise its readiness most."""
        self.gains_list.clear()
        level_id = self.current_level()
        if level_id is None:
            return
        name = self._progress[level_id].status.name
        self.gains_heading.setText(f"What raises {name} readiness most")
        gains = self.view.explain(level_id)
        for gain in gains[:GAINS_SHOWN]:
            text = gain_text(gain.points, gain.action)
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, gain.item.id)
            entry.setToolTip(text)
            self.gains_list.addItem(entry)
        if not gains:
            entry = QListWidgetItem("Nothing left to raise: every item counts as done.")
            entry.setFlags(Qt.ItemFlag.NoItemFlags)
            self.gains_list.addItem(entry)
        elif len(gains) > GAINS_SHOWN:
            more = QListWidgetItem(f"… and {len(gains) - GAINS_SHOWN} more on the Levels page")
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.gains_list.addItem(more)

    def _on_level_changed(self, _index: int) -> None:
        self._fill_gains()
        self.readiness_panel.redraw(relayout=True)
        if self.breakdown_mode.currentText() == BY_CATEGORY:
            self._redraw_breakdown(relayout=True)
        self.describe_charts()

    def _on_gain_activated(self, entry: QListWidgetItem) -> None:
        item_id = entry.data(Qt.ItemDataRole.UserRole)
        show_item = getattr(self.window(), "show_item", None)
        if isinstance(item_id, str) and callable(show_item):
            show_item(item_id)

    def _redraw_breakdown(self, *, relayout: bool = False) -> None:
        """Count the items again and redraw the breakdown if the counts changed."""
        rows = self._breakdown_rows()
        if rows == self._breakdown and not relayout:
            return
        relayout = relayout or list(rows) != list(self._breakdown)
        self._breakdown = rows
        self.breakdown_panel.redraw(relayout=relayout)

    def _breakdown_rows(self) -> dict[str, dict[Status, int]]:
        """Return the rows of the breakdown in the chosen mode."""
        if self.breakdown_mode.currentText() == BY_CATEGORY:
            level_id = self.current_level()
            if level_id is None:
                return {}
            prefix = f"{self._progress[level_id].status.name} · "
            rows = breakdown_by_category(self.view, [level_id])
            return {label.removeprefix(prefix): counts for label, counts in rows.items()}
        return breakdown_by_level(self.view, self._levels)

    # ---- drawing -----------------------------------------------------------------------------

    def _chart_data(self) -> ChartData:
        """Return the figures the charts draw, from the page's view and its breakdown rows."""
        return ChartData(
            today=self.view.today,
            finished=self._finished,
            minutes=self._minutes,
            breakdown=self._breakdown,
            breakdown_title=self._breakdown_title(),
            notation=NOTATION,
            practice=self._practice,
            pass_mark=self._pass_mark,
        )

    def _draw_readiness(self, ax: Axes, theme: ChartTheme) -> None:
        level_id = self.current_level()
        entry = self._progress.get(level_id) if level_id else None
        today = self.view.today
        if entry is None:
            chart("readiness").draw(ax, self._chart_data(), theme)
            return
        subtitle = buffer_text(entry.status.buffer_days) or "No plan yet: no plan curve or buffer"
        forecast = entry.forecast_line(today)
        schedule = self.view.schedule_curve(entry.status.level_id)
        series = LevelSeries(
            entry.status.name,
            entry.history,
            entry.plan_curve,
            forecast,
            entry.exam,
            subtitle,
            retained_series(self.view, entry.status.level_id),
            schedule,
        )
        chart("readiness").draw(ax, self._chart_data()._replace(level=series), theme)
        days = self.readiness_range.days()
        if days is not None and (entry.history or entry.plan_curve):
            ends = [today, *(d for d in (entry.exam,) if d)]
            for curve in (entry.plan_curve, schedule):
                if curve:
                    ends.append(curve[-1].day)
            if forecast is not None:
                ends.append(min(forecast[2], today + timedelta(days=days)))
            right = max(ends)
            left = today - timedelta(days=days)
            margin = timedelta(days=max(1, (right - left).days // 40))
            ax.set_xlim(left, right + margin)

    def _draw_practice(self, ax: Axes, theme: ChartTheme) -> None:
        chart("practice").draw(ax, self._chart_data(), theme)

    def _draw_activity(self, ax: Axes, theme: ChartTheme) -> None:
        chart("activity").draw(ax, self._chart_data(), theme)

    def _update_activity(self, ax: Axes) -> bool:
        """Put new scores in the drawn calendar; return False when it must be drawn again (a new day)."""
        images = [image for image in ax.get_images() if image.get_gid() == "activity"]
        grid, first = activity_grid(self._finished, self._minutes, self.view.today)
        if len(images) != 1 or images[0].get_label() != first.isoformat():
            return False
        images[0].set_data(grid)  # scores above the top level still take its colour
        return True

    def _breakdown_title(self) -> str:
        if self.breakdown_mode.currentText() == BY_CATEGORY:
            level_id = self.current_level()
            name = self._progress[level_id].status.name if level_id in self._progress else ""
            return f"{name} items by category"
        return "Items by level and status"

    def _draw_breakdown(self, ax: Axes, theme: ChartTheme) -> None:
        chart("breakdown").draw(ax, self._chart_data(), theme)

    def _draw_minutes(self, ax: Axes, theme: ChartTheme) -> None:
        today = self.view.today
        days = self.minutes_range.days()
        if days is None:
            first = min(self._minutes, default=today)
            first = min(first, today - timedelta(weeks=MINUTES_WEEKS_ALL - 1))
        else:
            first = today - timedelta(days=days - 1)
        chart("minutes").draw(ax, self._chart_data()._replace(minutes_first=first), theme)
        if self._minutes:
            ax.set_xlim(monday_of(first) - timedelta(days=1), monday_of(today) + timedelta(days=7))

    # ---- practice exams ----------------------------------------------------------------------

    def open_practice_exam(self) -> None:
        """Open a practice exam of the chosen level (window-modal, never blocking: `open`, not `exec`)."""
        from mlops_tracker.gui.dialogs.practice_exam import PracticeExamDialog

        level_id = self.current_level()
        if level_id is None:
            return
        try:
            exam = reviews.start_practice(self.tracker, level_id)
        except UserError as error:
            show_error(self, str(error))
            return
        dialog = PracticeExamDialog(self.bridge, exam, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "practice_dialog", None))
        self.practice_dialog = dialog
        dialog.open()

    # ---- documents ---------------------------------------------------------------------------

    def _ask_path(self, title: str, name: str, filters: dict[str, str]) -> Path | None:
        """Ask where to save a document; add the suffix of the chosen filter when the name has none."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, selected = QFileDialog.getSaveFileName(
            self, title, str(Path(folder) / name), ";;".join(filters)
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in filters.values():
            path = path.with_name(path.name + filters.get(selected, next(iter(filters.values()))))
        return path

    def export_report(self) -> None:
        """Ask for a file and write the progress report there in the background."""
        today = self.view.today.isoformat()
        path = self._ask_path(
            "Save the progress report", f"progress-report-{today}.pdf", {"PDF document (*.pdf)": ".pdf"}
        )
        if path is None:
            return
        from mlops_tracker.reports.progress_report import write_progress_report

        # on the UI thread: the database is per-thread
        data = collect_report_data(self.tracker.view(), pass_mark=self._pass_mark)

        def write() -> str:
            pages = write_progress_report(data, path)
            return f"Wrote {path.name} ({plural(pages, 'page')})."

        self._start(write, "Writing the progress report…")

    def export_portfolio(self) -> None:
        """Ask for a file and write the portfolio (Markdown or PDF) there in the background."""
        path = self._ask_path(
            "Save the portfolio",
            "portfolio.md",
            {"Markdown (*.md)": ".md", "PDF document (*.pdf)": ".pdf"},
        )
        if path is None:
            return
        from mlops_tracker.reports.portfolio import write_portfolio

        data = collect_report_data(self.tracker.view())
        projects = plural(len(data.projects), "finished project")

        def write() -> str:
            pages = write_portfolio(data, path)
            detail = projects if path.suffix.lower() == ".md" else f"{plural(pages, 'page')}, {projects}"
            return f"Wrote {path.name} ({detail})."

        self._start(write, "Writing the portfolio…")

    def _start(self, write: Callable[[], str], label: str) -> None:
        """Write a document in the page's one-thread pool behind a busy indicator."""
        for button in (self.report_button, self.portfolio_button):
            button.setEnabled(False)
        run_in_background(
            self, label, write, self._on_job_done, on_failed=self._on_job_failed, pool=self.pool
        )

    def _on_job_done(self, message: str) -> None:
        for button in (self.report_button, self.portfolio_button):
            button.setEnabled(True)
        self.status_label.setText(message or "")
        self.document_written.emit(message or "")

    def _on_job_failed(self, message: str) -> None:
        for button in (self.report_button, self.portfolio_button):
            button.setEnabled(True)
        show_error(self, message)

    def wait_for_documents(self, msecs: int = 30000) -> bool:
        """Wait until no document is being written (for tests and quitting); return whether it finished."""
        return self.pool.waitForDone(msecs)

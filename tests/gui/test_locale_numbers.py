"""Numbers in the window follow the locale of its dates: German "36 %" and "12,5", Indian "1,00,000"."""

from __future__ import annotations

import re
from datetime import date

import pytest
from matplotlib import dates as mdates

from mlops_tracker.core.commands import LogStudySession, UpdateItem
from mlops_tracker.domain import phrases
from mlops_tracker.domain.model import Status
from mlops_tracker.gui import dates, numbers
from tests.gui.conftest import TODAY, show_active

NBSP = "\u00a0"
SKILL = "foundation.skill.ml-lifecycle"


@pytest.fixture(autouse=True)
def _restore_locale():
    yield
    dates.apply_locale("")


@pytest.mark.parametrize(
    ("name", "percent", "decimal", "large", "plural"),
    [
        ("en_GB", "36%", "12.5", "100,000", "1,500 days"),
        ("de_DE", f"36{NBSP}%", "12,5", "100.000", "1.500 days"),
        ("en_IN", "36%", "12.5", "1,00,000", "1,500 days"),
        ("fr_FR", f"36{NBSP}%", "12,5", "100\u202f000", "1\u202f500 days"),
        ("de_CH", "36%", "12.5", "100'000", "1'500 days"),
    ],
)
def test_each_locale_writes_numbers_its_own_way(name, percent, decimal, large, plural):
    dates.apply_locale(name)
    assert numbers.percent(36.2) == percent
    assert numbers.decimal(12.5, 1) == decimal
    assert numbers.number(100_000) == large
    assert numbers.plural(1500, "day") == plural


def test_the_shared_phrases_stay_plain_without_a_formatter():
    dates.apply_locale("de_DE")  # the command line never asks Qt: its phrases keep plain numbers
    assert phrases.plural(1500, "day") == "1500 days"
    assert phrases.duration(1500) == "25 h"
    assert phrases.PLAIN.percent(36.2) == "36%"
    assert phrases.PLAIN.day(TODAY) == "2026-03-18"


@pytest.fixture
def progress_window(window_factory, plan_folder, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """Return a function opening the window in a locale on its Progress page."""

    def open_in(locale: str):  # type: ignore[no-untyped-def]
        monkeypatch.setenv(dates.LOCALE_ENV, locale)
        return _progress_window(window_factory, plan_folder, qtbot, locale)

    return open_in


def _progress_window(window_factory, folder, qtbot, locale: str):  # type: ignore[no-untyped-def]
    """Open the window on the folder in a locale, with readiness above zero and a long week of study."""
    window = show_active(qtbot, window_factory(folder))
    window.tracker.run(UpdateItem(SKILL, status=Status.DONE))
    for _ in range(2):
        window.tracker.run(LogStudySession(day=TODAY, minutes=600))
    window.show_page("progress")
    page = window.progress_page
    qtbot.waitUntil(lambda: not page.readiness_panel.stale)
    return window, page


GERMAN_MONTHS = {"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"}


def _tick_labels(panel, axis: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the tick labels drawn on one axis of a chart, within its limits."""
    panel.canvas.draw()
    ax = panel.axes
    low, high = sorted(ax.get_ylim() if axis == "y" else ax.get_xlim())
    ticks = ax.yaxis.get_major_ticks() if axis == "y" else ax.xaxis.get_major_ticks()
    shown = [tick.label1.get_text() for tick in ticks if low <= tick.get_loc() <= high]
    return [text for text in shown if text]


def test_a_german_window_writes_percentages_decimals_and_dates_in_german(progress_window, qtbot):
    window, page = progress_window("de_DE")
    status = window.tracker.level_status("foundation")
    shown = f"{status.readiness:.0f}{NBSP}%"
    assert status.readiness > 0
    assert window.readiness_status.text() == f"Readiness {shown}"
    assert window.today_page.readiness_tile.value_label.text().endswith(f"{NBSP}%")
    assert window.today_page.timer.total_label.text() == "Studied today: 1.200 min"
    assert page.cards["foundation"].value.text() == shown
    # the chart's description for screen readers, its axis and its hover text
    description = page.readiness_panel.canvas.accessibleDescription()
    assert description.startswith(f"Foundation readiness {shown}, plan ")
    assert re.search(rf"plan \d+{NBSP}%", description)
    assert _tick_labels(page.readiness_panel, "y") == [f"{n}{NBSP}%" for n in (0, 25, 50, 75, 100)]
    point = window.tracker.readiness_history("foundation")[-1]
    hover = page.readiness_panel.describe(mdates.date2num(point.day), point.readiness)
    assert hover == f"{dates.short_day(point.day)}: {point.readiness:.0f}{NBSP}%"
    assert "März" in hover  # the German date, not ISO
    # a figure of four digits groups them the German way
    page.scroll.ensureWidgetVisible(page.minutes_panel)
    qtbot.waitUntil(lambda: not page.minutes_panel.stale)
    assert "1.200" in _tick_labels(page.minutes_panel, "y")
    assert page.minutes_panel.accessibleDescription() == "1.200 min studied in the last 7 days"
    # the gains list: one decimal with a comma
    gains = [page.gains_list.item(row).text() for row in range(page.gains_list.count())]
    assert any(re.match(r"\+\d+,\d points — ", text) for text in gains), gains
    # the date axes: German month names (the readiness chart's own tick formatter), German weekdays
    axis = page.readiness_panel.axes.xaxis
    month_tick = axis.get_major_formatter()(mdates.date2num(date(2026, 3, 1)))
    assert (month_tick, axis.get_major_formatter()(mdates.date2num(date(2026, 12, 1)))) == ("Mär", "Dez")
    # the week's bars name their days in German for screen readers; the study-day boxes use the short names
    assert window.today_page.week_bars.accessibleDescription().startswith("Montag ")
    from mlops_tracker.gui.dates import weekday_name

    assert [weekday_name(n) for n in (0, 2, 6)] == ["Mo", "Mi", "So"]
    page.scroll.ensureWidgetVisible(page.activity_panel)
    qtbot.waitUntil(lambda: not page.activity_panel.stale)
    activity = page.activity_panel.axes
    assert [label.get_text() for label in activity.get_yticklabels()] == ["Mo", "Mi", "Fr"]
    assert any(label.get_text() in GERMAN_MONTHS for label in activity.get_xticklabels())


def test_an_indian_english_window_groups_digits_and_writes_dates_its_way(progress_window, qtbot):
    window, page = progress_window("en_IN")
    assert window.today_page.date_label.text() == "Wednesday, 18 March"
    point = window.tracker.readiness_history("foundation")[-1]
    hover = page.readiness_panel.describe(mdates.date2num(point.day), point.readiness)
    assert hover.startswith(f"{dates.short_day(point.day)}: ")
    assert ", " in hover.split(":")[0]  # "Wed, 18 Mar", not ISO
    page.scroll.ensureWidgetVisible(page.minutes_panel)
    qtbot.waitUntil(lambda: not page.minutes_panel.stale)
    assert "1,200" in _tick_labels(page.minutes_panel, "y")
    assert numbers.number(100_000) == "1,00,000"


def test_a_british_window_is_unchanged(progress_window):
    window, page = progress_window("en_GB")
    status = window.tracker.level_status("foundation")
    assert window.readiness_status.text() == f"Readiness {status.readiness:.0f}%"
    assert _tick_labels(page.readiness_panel, "y") == ["0%", "25%", "50%", "75%", "100%"]
    assert page.minutes_panel.accessibleDescription() == "1,200 min studied in the last 7 days"
    assert window.today_page.timer.total_label.text() == "Studied today: 1,200 min"

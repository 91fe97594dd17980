"""Dates in the window follow the locale: German and Indian English show their own formats."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale

from mlops_tracker.gui import dates
from mlops_tracker.gui.reminder import PreferencesDialog
from tests.gui.conftest import PLAN_START, TODAY, show_active

DAY = date(2026, 3, 17)  # a Tuesday


@pytest.fixture(autouse=True)
def _restore_locale():
    yield
    dates.apply_locale("")


@pytest.mark.parametrize(
    ("name", "short", "long", "numeric"),
    [
        ("de_DE", "Di., 17. März", "Dienstag, 17. März 2026", "17.03.26"),
        ("en_IN", "Tue, 17 Mar", "Tuesday, 17 March 2026", "17/03/26"),
        ("en_US", "Tue, Mar 17", "Tuesday, March 17, 2026", "3/17/26"),
        ("ja_JP", "3月17日火", "2026年3月17日火曜日", "2026/03/17"),
    ],
)
def test_each_locale_writes_days_its_own_way(name, short, long, numeric):
    dates.apply_locale(name)
    assert (dates.short_day(DAY), dates.long_day(DAY), dates.numeric_day(DAY)) == (short, long, numeric)


def test_german_and_indian_english_show_their_own_dates_in_the_window(window_factory, plan_folder, qtbot):
    window = show_active(qtbot, window_factory(plan_folder))
    for name, heading in (("de_DE", "Mittwoch, 18. März"), ("en_IN", "Wednesday, 18 March")):
        window.tracker.set_setting(dates.LOCALE_SETTING, name)
        dates.apply_locale(name)
        window.tracker.reload()
        window.show_page("today")
        assert window.today_page.date_label.text() == heading
        window.show_page("plan")
        start = QDate(PLAN_START.year, PLAN_START.month, PLAN_START.day)
        expected = QLocale(name).toString(start, QLocale.FormatType.LongFormat)
        assert window.plan_page.fact_labels["start"].text() == expected


def test_preferences_choose_the_date_format_and_remember_it(window_factory, plan_folder, qtbot):
    window = show_active(qtbot, window_factory(plan_folder))
    dialog = PreferencesDialog(window.tracker, window)
    index = dialog.locale_combo.findData("de_DE")
    assert index > 0
    assert "17. März" in dialog.locale_combo.itemText(index)
    dialog.locale_combo.setCurrentIndex(index)
    dialog.accept()
    assert window.tracker.setting(dates.LOCALE_SETTING) == "de_DE"
    window.tracker.reload()
    assert date(2026, 3, 18) == TODAY
    assert window.today_page.date_label.text() == "Mittwoch, 18. März"

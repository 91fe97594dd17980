"""Dates in the window follow the user's locale (QLocale), or the one chosen in Preferences.

Three phrasings, used the same way on every screen: `short_day` in lists ("Tue 17 Mar", "Di., 17. März"),
`long_day` for headings ("Tuesday 17 March 2026"), `numeric_day` where space is tight ("17/03/2026",
"17.03.26"). The command line keeps ISO dates; this module is the window's only date formatting.
"""

from __future__ import annotations

import os
import re
from datetime import date

from PySide6.QtCore import QDate, QLocale

LOCALE_SETTING = "locale"  # "" (the system's) or a locale name such as "de_DE" or "en_IN"
LOCALE_ENV = "MLOPS_TRACKER_LOCALE"  # the locale to use when the setting is empty (tests, screenshots)
# locales offered in Preferences beside the system's; any name QLocale knows also works in the setting
OFFERED_LOCALES = ("en_GB", "en_US", "en_IN", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "ja_JP")

# the year in a Qt date pattern, with the separators around it ("yyyy", ", yyyy", "yyyy年")
_YEAR = re.compile(r"[\s,./-]*(?<![A-Za-z])y{2,4}(?![A-Za-z])[年년]?[\s,./-]*")


def apply_locale(name: str | None) -> QLocale:
    """Make `name` (or $MLOPS_TRACKER_LOCALE, or the system's) the default for every date the window shows."""
    name = name or os.environ.get(LOCALE_ENV, "")
    locale = QLocale(name) if name else QLocale.system()
    QLocale.setDefault(locale)
    return locale


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _without_year(pattern: str) -> str:
    """Return a locale's long date pattern with its year taken out and names shortened."""
    pattern = _YEAR.sub(lambda m: " " if m.start() and m.end() < len(pattern) else "", pattern).strip(" ,")
    return pattern.replace("dddd", "ddd").replace("MMMM", "MMM")


def short_day(day: date) -> str:
    """Return a day for lists, in the locale's order without the year: "Tue 17 Mar", "Di., 17. März"."""
    locale = QLocale()
    return locale.toString(_qdate(day), _without_year(locale.dateFormat(QLocale.FormatType.LongFormat)))


def long_day(day: date) -> str:
    """Return a day for headings, in full: "Tuesday 17 March 2026", "Dienstag, 17. März 2026"."""
    return QLocale().toString(_qdate(day), QLocale.FormatType.LongFormat)


def heading_day(day: date) -> str:
    """Return today's heading: the long day without the year ("Wednesday 18 March")."""
    locale = QLocale()
    pattern = _YEAR.sub(" ", locale.dateFormat(QLocale.FormatType.LongFormat)).strip(" ,")
    return locale.toString(_qdate(day), pattern)


def numeric_day(day: date) -> str:
    """Return a day in the locale's short numeric form: "17/03/2026", "17.03.26", "3/17/26"."""
    return QLocale().toString(_qdate(day), QLocale.FormatType.ShortFormat)


def example(locale: QLocale) -> str:
    """Return how a locale writes a sample day in lists, for choosing one ("Tue, 17 Mar")."""
    sample = QDate(2026, 3, 17)
    return locale.toString(sample, _without_year(locale.dateFormat(QLocale.FormatType.LongFormat)))


def weekday_name(number: int, form: str = "short") -> str:
    """Return the locale's name of a weekday (0 = Monday): "long" (Monday), "short" (Mon), "narrow" (M)."""
    formats = {
        "long": QLocale.FormatType.LongFormat,
        "short": QLocale.FormatType.ShortFormat,
        "narrow": QLocale.FormatType.NarrowFormat,
    }
    return QLocale().standaloneDayName(number + 1, formats[form])

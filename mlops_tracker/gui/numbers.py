"""Numbers in the window follow the same locale as its dates (`gui/dates.py` chooses it).

Percentages ("36%", "36 %"), whole numbers with the locale's grouping ("100,000", "1,00,000", "100.000") and
decimals ("12.5", "12,5"); the shared phrases and the charts get them through `NOTATION`. The command line
and its files keep plain numbers; this module is the window's only number formatting.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale

from mlops_tracker.domain import phrases
from mlops_tracker.domain.phrases import Notation
from mlops_tracker.gui.dates import short_day

_Language = QLocale.Language
# languages whose percentages put a no-break space before the sign (CLDR's "#,##0 %")
_SPACED_PERCENT = frozenset(
    {
        _Language.German,
        _Language.French,
        _Language.Spanish,
        _Language.Swedish,
        _Language.Finnish,
        _Language.Danish,
        _Language.NorwegianBokmal,
        _Language.NorwegianNynorsk,
        _Language.Czech,
        _Language.Slovak,
        _Language.Russian,
        _Language.Ukrainian,
    }
)
_PERCENT_FIRST = frozenset({_Language.Turkish})  # "%36"
_SPACED_EXCEPT = frozenset({QLocale.Country.Switzerland, QLocale.Country.Liechtenstein})  # de_CH: "36%"


def number(value: int) -> str:
    """Return a whole number with the locale's digits and grouping: "100,000", "1,00,000", "100.000"."""
    return QLocale().toString(int(value))


def decimal(value: float, digits: int = 1) -> str:
    """Return a number with `digits` decimals in the locale's way: "12.5", "12,5"."""
    return QLocale().toString(float(value), "f", digits)


def percent(value: float, digits: int = 0) -> str:
    """Return a percentage in the locale's way: "36%", "36 %" (German), "%36" (Turkish)."""
    locale = QLocale()
    figure, sign = decimal(value, digits), locale.percent()
    if locale.language() in _PERCENT_FIRST:
        return sign + figure
    if locale.language() in _SPACED_PERCENT and locale.territory() not in _SPACED_EXCEPT:
        return f"{figure}\u00a0{sign}"
    return figure + sign


def plural(count: int, word: str, many: str | None = None) -> str:
    """Return the shared plural phrase ("1 day", "1.000 days") with the locale's number."""
    return phrases.plural(count, word, many, number=number)


def duration(minutes: int) -> str:
    """Return the shared duration phrase ("45 min", "2 h 5 min") with the locale's numbers."""
    return phrases.duration(minutes, number=number)


def buffer(days: int | None) -> str:
    """Return the shared buffer phrase ("3 days behind") with the locale's number."""
    return phrases.buffer(days, number=number)


# how the shared phrases and the charts write figures and days in the window
def month(day: date) -> str:
    """Return the month's short name in the locale ("Dec", "Dez.")."""
    return QLocale().standaloneMonthName(day.month, QLocale.FormatType.ShortFormat)


def weekday(day: date) -> str:
    """Return the weekday's short name in the locale ("Mon", "Mo.")."""
    return QLocale().standaloneDayName(day.isoweekday(), QLocale.FormatType.ShortFormat)


NOTATION = Notation(
    count=number, percent=percent, decimal=decimal, day=short_day, month=month, weekday=weekday
)

"""Holiday calendars (CAL-5): which days are holidays and which weekend days are
worked instead (调休).

CN data comes from the ``chinesecalendar`` package, which follows the State
Council's yearly notices. The data covers whole years only up to the last
notice published; :attr:`HolidayCalendar.years` says which, so a policy date
beyond it is reported, never guessed.

A holiday's name is its English name everywhere a machine reads it (the ``ref``
of a day's rule, JSON); :func:`holiday_name_shown` gives the name a person reads,
Chinese (国庆节) in Chinese output, from the package's own Chinese names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from cs.i18n import N_, language
from cs.i18n.message import Message, message


@dataclass(frozen=True)
class HolidayCalendar:
    name: str
    holidays: dict[date, str]
    workdays: dict[date, str]
    """Adjusted working days: weekend days worked in exchange for a holiday."""
    years: range
    chinese_names: dict[str, str]
    """Each holiday's English name (the data) -> its Chinese name (shown in Chinese output)."""

    def kind(self, day: date) -> tuple[str, str] | None:
        """``("holiday", name)``, ``("workday", name)`` or None for an ordinary day."""
        if day in self.holidays:
            return ("holiday", self.holidays[day])
        if day in self.workdays:
            return ("workday", self.workdays[day])
        return None

    def covers(self, day: date) -> bool:
        return day.year in self.years

    def outside(self, day: date) -> str:
        """The sentence every output uses for a day beyond the data (CAL-5), in English."""
        return self.outside_text(day).english

    def outside_text(self, day: date) -> Message:
        """:meth:`outside` in English and in the language of the process (a finding's message)."""
        return message(
            N_(
                "{day} is outside the {name} holiday data ({first}-{last}): "
                "holidays and adjusted workdays of that year are unknown"
            ),
            day=day,
            name=self.name,
            first=self.years.start,
            last=self.years.stop - 1,
        )


SUPPORTED = ("CN",)

_FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}
"""chinesecalendar's short forms -> the names the State Council's notices and a
shop's calendar use for those festivals."""


@cache
def holiday_calendar(name: str) -> HolidayCalendar:
    if name != "CN":
        raise KeyError(name)
    from chinese_calendar import constants

    holidays = {d: str(label) for d, label in constants.holidays.items()}
    workdays = {d: str(label) for d, label in constants.workdays.items()}
    years = {d.year for d in holidays}
    chinese = {h.value: _FULL_NAMES.get(h.chinese, h.chinese) for h in constants.Holiday}
    return HolidayCalendar("CN", holidays, workdays, range(min(years), max(years) + 1), chinese)


def holiday_name_shown(name: str, calendar: str = "CN") -> str:
    """``name`` (a holiday's English name, as in the data and JSON) as a person reads it
    in the language of this process: 国庆节 for ``National Day`` in Chinese."""
    if language() != "zh" or calendar not in SUPPORTED:
        return name
    return holiday_calendar(calendar).chinese_names.get(name, name)

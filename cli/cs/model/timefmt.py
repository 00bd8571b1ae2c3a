"""The policy's small time languages: windows, durations, dates, local instants.

Each parser raises ``ValueError`` with a message a person can act on; the
semantic rules turn those into findings at the right line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60

_WINDOW = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOCAL_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$")


class EmptyWindowError(ValueError):
    """A window that starts where it ends."""


@dataclass(frozen=True, order=True)
class Window:
    """Minutes from the start of the day the window belongs to.

    ``end`` is greater than ``start``; a window that crosses midnight has
    ``end > 1440`` (``22:00-02:00`` is ``1320..1560``).
    """

    start: int
    end: int

    @property
    def crosses_midnight(self) -> bool:
        return self.end > MINUTES_PER_DAY

    def __str__(self) -> str:
        end = self.end - MINUTES_PER_DAY if self.crosses_midnight else self.end
        return f"{format_minutes(self.start)}-{format_minutes(end)}"


def format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_window(text: str) -> Window:
    """``"09:00-18:00"`` -> Window(540, 1080); ``"22:00-02:00"`` crosses midnight."""
    m = _WINDOW.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a time window; write HH:MM-HH:MM, e.g. 09:00-18:00")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or m1 > 59:
        raise ValueError(f"'{text}': start {h1:02d}:{m1:02d} is not a time of day (00:00..23:59)")
    if m2 > 59 or h2 > 24 or (h2 == 24 and m2 != 0):
        raise ValueError(f"'{text}': end {h2:02d}:{m2:02d} is not a time of day (00:00..24:00)")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end == start:
        raise EmptyWindowError(f"'{text}' is empty (starts where it ends); for all day write 00:00-24:00")
    if end < start:
        if end == 0:
            end = MINUTES_PER_DAY
        else:
            end += MINUTES_PER_DAY
    return Window(start, end)


def parse_duration(text: str) -> timedelta:
    """``"90s"``, ``"5m"``, ``"1h30m"``, ``"72h"``, ``"1d"``."""
    m = _DURATION.match(text) if text else None
    if not m or not any(m.groups()):
        raise ValueError(f"'{text}' is not a duration; write a number and a unit s, m, h or d (5m, 72h)")
    d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    return timedelta(days=d, hours=h, minutes=mi, seconds=s)


def format_duration(value: timedelta) -> str:
    """The canonical spelling: largest units first, no zero parts (``0m`` for zero)."""
    total = int(value.total_seconds())
    if total == 0:
        return "0m"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if total >= size:
            parts.append(f"{total // size}{unit}")
            total %= size
    return "".join(parts)


def parse_date(text: str) -> date:
    if not _DATE.match(text):
        raise ValueError(f"'{text}' is not a date; write YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a day of the calendar (check month and day)") from None


def parse_local_datetime(text: str) -> datetime:
    """A naive local datetime (the policy's time zone is applied by the caller)."""
    m = _LOCAL_DATETIME.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a local date and time; write YYYY-MM-DDTHH:MM")
    day = parse_date(m.group(1))
    hh, mm, ss = int(m.group(2)), int(m.group(3)), int(m.group(4) or 0)
    if hh > 23 or mm > 59 or ss > 59:
        raise ValueError(f"'{text}': {hh:02d}:{mm:02d} is not a time of day")
    return datetime(day.year, day.month, day.day, hh, mm, ss)

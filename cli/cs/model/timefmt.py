"""The policy's small time languages: windows, durations, dates, local instants.

Each parser raises :class:`FormatError` (a ``ValueError``) with a message a
person can act on, in English and in the language of the process; the schema
turns those into findings at the right line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cs.i18n import N_
from cs.i18n.message import Message, message

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60

FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2099, 12, 31)
"""The days a policy may name and cs can be asked about (``--at``, ``--day``, ``--from``).

Wide enough for any real schedule, narrow enough that a week's lookahead or a
day before never leaves what ``datetime`` can hold."""

MAX_DURATION = timedelta(days=366)
"""The longest duration a policy may hold: a year covers every window and delay cs
models, and keeps every sum of durations well inside ``datetime``."""

# Matched whole with fullmatch: ``$`` would also accept a final newline.
_WINDOW = re.compile(r"(\d{2}):(\d{2})-(\d{2}):(\d{2})", re.ASCII)
_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_LOCAL_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?", re.ASCII)


class FormatError(ValueError):
    """A text that is not what its format needs; ``str()`` is English, ``text`` both."""

    def __init__(self, text: Message) -> None:
        super().__init__(text.english)
        self.text = text


def _refuse(template: str, **fields: object) -> FormatError:
    return FormatError(message(template, **fields))


class EmptyWindowError(FormatError):
    """A window that starts where it ends."""


class DurationTooLongError(FormatError):
    """A duration written right but longer than :data:`MAX_DURATION`."""


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


def quote(text: str, limit: int = 40) -> str:
    """``text`` as a message shows a value: in quotes, control characters escaped (a
    finding stays one line), and at most ``limit`` characters of it."""
    shown = escaped(text[: limit + 1])
    return f"'{shown[:limit]}...'" if len(shown) > limit else f"'{shown}'"


def escaped(text: str) -> str:
    """``text`` on one line of a terminal: every character that is not printable as
    is (a line break, a tab, a terminal escape, a byte of a file name that is not
    UTF-8) written as its Python escape (``\\n``, ``\\x1b``, ``\\udce9``)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_window(text: str) -> Window:
    """``"09:00-18:00"`` -> Window(540, 1080); ``"22:00-02:00"`` crosses midnight."""
    m = _WINDOW.fullmatch(text)
    if not m:
        raise _refuse(N_("{text} is not a time window; write HH:MM-HH:MM, e.g. 09:00-18:00"), text=quote(text))
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or m1 > 59:
        raise _refuse(
            N_("{text}: start {time} is not a time of day (00:00..23:59)"), text=quote(text), time=f"{h1:02d}:{m1:02d}"
        )
    if m2 > 59 or h2 > 24 or (h2 == 24 and m2 != 0):
        raise _refuse(
            N_("{text}: end {time} is not a time of day (00:00..24:00)"), text=quote(text), time=f"{h2:02d}:{m2:02d}"
        )
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end == start:
        raise EmptyWindowError(
            message(N_("{text} is empty (starts where it ends); for all day write 00:00-24:00"), text=quote(text))
        )
    if end < start:
        if end == 0:
            end = MINUTES_PER_DAY
        else:
            end += MINUTES_PER_DAY
    return Window(start, end)


def parse_duration(text: str) -> timedelta:
    """``"90s"``, ``"5m"``, ``"1h30m"``, ``"72h"``, ``"1d"``."""
    m = _DURATION.fullmatch(text) if text and len(text) <= 32 else None
    if not m or not any(m.groups()):
        raise _refuse(
            N_("{text} is not a duration; write a number and a unit s, m, h or d (5m, 72h)"), text=quote(text)
        )
    d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    seconds = ((d * 24 + h) * 60 + mi) * 60 + s
    if seconds > MAX_DURATION.total_seconds():
        longest = format_duration(MAX_DURATION)
        raise DurationTooLongError(
            message(
                N_("{text} is longer than {longest}, the longest duration cs accepts"),
                text=quote(text),
                longest=longest,
            )
        )
    return timedelta(seconds=seconds)


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
    if not _DATE.fullmatch(text):
        raise _refuse(N_("{text} is not a date; write YYYY-MM-DD"), text=quote(text))
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise _refuse(N_("{text} is not a day of the calendar (check month and day)"), text=quote(text)) from None
    check_supported_day(day, f"{quote(text)}")
    return day


def check_supported_day(day: date, shown: str) -> None:
    """Refuse a day outside :data:`FIRST_DAY` .. :data:`LAST_DAY`; ``shown`` names it."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise _refuse(
            N_("{shown} is outside the days cs supports ({first} to {last})"),
            shown=shown,
            first=FIRST_DAY,
            last=LAST_DAY,
        )


def parse_local_datetime(text: str) -> datetime:
    """A naive local datetime (the policy's time zone is applied by the caller)."""
    m = _LOCAL_DATETIME.fullmatch(text)
    if not m:
        raise _refuse(N_("{text} is not a local date and time; write YYYY-MM-DDTHH:MM"), text=quote(text))
    day = parse_date(m.group(1))
    hh, mm, ss = int(m.group(2)), int(m.group(3)), int(m.group(4) or 0)
    if hh > 23 or mm > 59 or ss > 59:
        raise _refuse(N_("{text}: {time} is not a time of day"), text=quote(text), time=f"{hh:02d}:{mm:02d}")
    return datetime(day.year, day.month, day.day, hh, mm, ss)

"""The run's logical clock: float seconds since local midnight of the first simulated day.

Calendar instants (aware datetimes) are converted to this axis once per run,
through POSIX timestamps, so a DST change shortens or lengthens its day as it
should. Simulated time never touches the wall clock.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cs.simulate.scenario import At


class Clock:
    def __init__(self, tz: ZoneInfo, first_day: date, days: int) -> None:
        self.tz = tz
        self.first_day = first_day
        self.days = days
        self.t0 = self._stamp(first_day)
        self.midnights = tuple(self._stamp(first_day + timedelta(days=i)) - self.t0 for i in range(days + 1))
        self.horizon = self.midnights[-1]
        """The end of the run: local midnight after the last day."""

    def _stamp(self, day: date) -> float:
        return datetime.combine(day, time(), self.tz).timestamp()

    def instant(self, t: float) -> datetime:
        return datetime.fromtimestamp(self.t0 + t, self.tz)

    def axis(self, at: datetime) -> float:
        """An aware datetime on the axis."""
        return at.timestamp() - self.t0

    def local(self, naive: datetime) -> float:
        """A naive local date and time (policy zone) on the axis."""
        return naive.replace(tzinfo=self.tz).timestamp() - self.t0

    def wall(self, when: At) -> datetime:
        """The naive local date and time a scenario time names."""
        if when.local is not None:
            return when.local
        day = self.first_day + timedelta(days=when.day - 1)
        return datetime.combine(day, time()) + timedelta(seconds=when.seconds)

    def at(self, when: At) -> float:
        return self.local(self.wall(when))

    def day_index(self, t: float) -> int:
        """0 for the first day; the local day an instant falls on."""
        return bisect_right(self.midnights, t) - 1

    def label(self, t: float) -> str:
        """Local ``YYYY-MM-DD HH:MM:SS`` (seconds truncated)."""
        return self.instant(t).strftime("%Y-%m-%d %H:%M:%S")

    def iso(self, t: float) -> str:
        """Local ISO 8601 with the UTC offset, to the second."""
        return self.instant(t).isoformat(timespec="seconds")

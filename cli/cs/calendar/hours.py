"""Which hours apply on a day, and why (CAL-2..CAL-6).

One function decides a day: :func:`day_plan`. Everything else (open at an
instant, next transition, next open time, the simulator's interval lists)
is built from it, so the precedence of CAL-4 lives in one place:
dated exception > recurring exception > holiday calendar > weekly hours.

Windows are local wall-clock times: a 09:00 window is 09:00 local on both
sides of a DST change. Instants are aware datetimes; the ones computed here
are in UTC (convert with ``astimezone(policy.tz)`` to show them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from cs.calendar.holidays import holiday_calendar, holiday_name_shown
from cs.i18n import N_, translate
from cs.i18n.message import Message
from cs.model.policy import Calendar, CalendarException, DayHours
from cs.model.timefmt import DAY_NAMES, MINUTES_PER_DAY, Window

WEEKDAYS_SHOWN = (N_("mon"), N_("tue"), N_("wed"), N_("thu"), N_("fri"), N_("sat"), N_("sun"))
"""The weekday names a person reads (``DAY_NAMES`` in English, 周一.. in Chinese)."""

RULE_DESCRIPTIONS = {
    "weekly": N_("weekly hours ({weekday})"),
    "exception": N_("exception '{ref}'"),
    "recurring_exception": N_("recurring exception '{ref}'"),
    "holiday": N_("holiday ({ref})"),
    "adjusted_workday": N_("adjusted workday ({ref})"),
}
"""How each rule of CAL-4 reads, by :attr:`DayPlan.rule`."""


def weekday_shown(day: date) -> str:
    """The weekday of ``day`` in the language of this process."""
    return translate(WEEKDAYS_SHOWN[day.weekday()])


HORIZON_DAYS = 400
"""How far ahead next-transition searches look before giving up (a closed-for-good calendar)."""


@dataclass(frozen=True)
class DayPlan:
    """The hours of one day and the rule that decided them."""

    day: date
    windows: DayHours
    rule: str
    """``weekly``, ``exception``, ``recurring_exception``, ``holiday`` or ``adjusted_workday``."""
    ref: str = ""
    """The exception id or holiday name behind the rule."""

    def describe(self) -> str:
        """The rule in English, as JSON values and findings carry it."""
        return RULE_DESCRIPTIONS[self.rule].format(weekday=DAY_NAMES[self.day.weekday()], ref=self.ref)

    def describe_shown(self) -> str:
        """The rule in the language of this process: 节假日（国庆节） in Chinese."""
        holiday = self.rule in ("holiday", "adjusted_workday")
        ref = holiday_name_shown(self.ref) if holiday else self.ref
        return translate(RULE_DESCRIPTIONS[self.rule]).format(weekday=weekday_shown(self.day), ref=ref)

    def describe_text(self) -> Message:
        """:meth:`describe` and :meth:`describe_shown` together (a finding's message)."""
        return Message(self.describe(), self.describe_shown())


def cron_matches_day(expression: str, day: date) -> bool:
    """A day matches a recurring rule when the cron expression fires during it (never,
    for one that fires on no date at all, such as 30 February)."""
    from croniter import CroniterBadDateError, croniter  # here: only policies with recurring exceptions need it

    start = datetime.combine(day, time.min)
    try:
        nxt = croniter(expression, start - timedelta(microseconds=1)).get_next(datetime)
    except CroniterBadDateError:
        return False
    return bool(nxt < start + timedelta(days=1))


def cron_fires(expression: str) -> bool:
    """Whether a valid cron expression fires on some date (``0 0 30 2 *`` never does)."""
    from croniter import CroniterBadDateError, croniter

    try:
        croniter(expression, datetime(2000, 1, 1)).get_next(datetime)
    except CroniterBadDateError:
        return False
    return True


def _dated(exc: CalendarException, day: date) -> bool:
    return exc.first is not None and exc.last is not None and exc.first <= day <= exc.last


def _recurring(exc: CalendarException, day: date) -> bool:
    if exc.cron is None:
        return False
    if exc.first is not None and day < exc.first:
        return False
    if exc.last is not None and day > exc.last:
        return False
    return cron_matches_day(exc.cron, day)


@lru_cache(maxsize=65536)
def day_plan(calendar: Calendar, day: date) -> DayPlan:
    for exc in calendar.exceptions:
        if not exc.recurring and _dated(exc, day):
            return DayPlan(day, exc.hours, "exception", exc.id)
    for exc in calendar.exceptions:
        if _recurring(exc, day):
            return DayPlan(day, exc.hours, "recurring_exception", exc.id)
    if calendar.holidays is not None:
        rule = calendar.holidays
        found = holiday_calendar(rule.calendar).kind(day)
        if found is not None:
            kind, name = found
            if kind == "holiday":
                windows = calendar.weekly.days[day.weekday()] if rule.holiday_hours is None else rule.holiday_hours
                return DayPlan(day, windows, "holiday", name)
            hours = rule.workday_hours
            windows = calendar.weekly.days[hours] if isinstance(hours, int) else hours
            return DayPlan(day, windows, "adjusted_workday", name)
    return DayPlan(day, calendar.weekly.days[day.weekday()], "weekly")


def midnight(day: date, tz: ZoneInfo) -> datetime:
    """The instant ``day`` begins in ``tz`` (in UTC, see :func:`_local`)."""
    return _local(day, 0, tz)


def _local(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """The instant of local wall-clock ``minutes`` after midnight of ``day``, in UTC.

    Returned in UTC because Python compares and subtracts two datetimes that
    share a tzinfo by wall clock, which is wrong across a DST change.
    """
    d, m = divmod(minutes, 24 * 60)
    wall = datetime.combine(day + timedelta(days=d), time(m // 60, m % 60))
    instant = wall.replace(tzinfo=tz).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != wall:
        instant = _gap_end(wall, instant, tz)
    return instant


def _gap_end(wall: datetime, after: datetime, tz: ZoneInfo) -> datetime:
    """A wall time skipped by a DST change (02:30 on a spring-forward night) is
    taken as the first instant after the gap, so a window inside the gap is empty."""
    instant = after
    for _ in range(24 * 60):
        earlier = instant - timedelta(minutes=1)
        if earlier.astimezone(tz).replace(tzinfo=None) < wall:
            return instant
        instant = earlier
    return after


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime
    plan: DayPlan
    """The plan of the day the window belongs to (the day it starts)."""


def local_window(interval: Interval, tz: ZoneInfo, day: date) -> Window:
    """``interval`` as a clock window of ``day`` (minutes from its local midnight, past
    1440 when it ends the next day): the way windows are written and shown."""
    start, end = (
        (local.date() - day).days * MINUTES_PER_DAY + local.hour * 60 + local.minute
        for local in (interval.start.astimezone(tz), interval.end.astimezone(tz))
    )
    return Window(start, end)


def day_intervals(calendar: Calendar, tz: ZoneInfo, day: date) -> list[Interval]:
    return list(_day_intervals(calendar, tz, day))


@lru_cache(maxsize=65536)
def _day_intervals(calendar: Calendar, tz: ZoneInfo, day: date) -> tuple[Interval, ...]:
    """A day's windows as instants, computed once per calendar and day: the many
    instants of one ``cs explain`` run ask for the same days again and again."""
    plan = day_plan(calendar, day)
    return tuple(Interval(_local(day, w.start, tz), _local(day, w.end, tz), plan) for w in plan.windows)


def _windows_between(calendar: Calendar, tz: ZoneInfo, first: date, last: date) -> list[Interval]:
    """The non-empty windows that start on ``first - 1`` .. ``last``, by start."""
    raw: list[Interval] = []
    day = first - timedelta(days=1)
    while day <= last:
        raw.extend(i for i in _day_intervals(calendar, tz, day) if i.end > i.start)
        day += timedelta(days=1)
    raw.sort(key=lambda i: i.start)
    return raw


def intervals_between(calendar: Calendar, tz: ZoneInfo, first: date, last: date) -> list[Interval]:
    """Open intervals of the windows that start on ``first - 1`` .. ``last``, merged
    where they touch or overlap (the earlier day's plan is kept)."""
    merged: list[Interval] = []
    for item in _windows_between(calendar, tz, first, last):
        if merged and item.start <= merged[-1].end:
            last_item = merged[-1]
            if item.end > last_item.end:
                merged[-1] = Interval(last_item.start, item.end, last_item.plan)
        else:
            merged.append(item)
    return merged


@dataclass(frozen=True)
class OpenState:
    open: bool
    plan: DayPlan
    """The plan of the window covering the instant, or of the instant's own day when closed."""
    interval: Interval | None


def open_at(calendar: Calendar, tz: ZoneInfo, at: datetime) -> OpenState:
    """Open or closed at ``at``, by the window covering it; where two windows
    touch at midnight, the one that started last (today's rule) explains it."""
    local_day = at.astimezone(tz).date()
    covering = [i for i in _windows_between(calendar, tz, local_day, local_day) if i.start <= at < i.end]
    if covering:
        return OpenState(True, covering[-1].plan, covering[-1])
    return OpenState(False, day_plan(calendar, local_day), None)


def next_transition(calendar: Calendar, tz: ZoneInfo, at: datetime) -> tuple[datetime, bool] | None:
    """The next instant after ``at`` where open/closed changes, and whether it opens (CAL-6)."""
    state = open_at(calendar, tz, at)
    if state.open and state.interval is not None:
        # the window may run on into the next one: follow them to the first gap
        end = _merged_end(calendar, tz, state.interval.end)
        return (end, False) if end is not None else None
    nxt = next_open_time(calendar, tz, at)
    return (nxt, True) if nxt is not None else None


@lru_cache(maxsize=4096)
def _merged_end(calendar: Calendar, tz: ZoneInfo, end: datetime) -> datetime | None:
    """The end of the run of touching windows ending at ``end``; None when it
    runs past the horizon (open around the clock): up to ``HORIZON_DAYS`` steps
    from the end of one window to the end of the window covering it.

    Each step is looked up once per calendar (:func:`_window_steps`), so the walks
    of a calendar that never closes, which the searches of ``{next_open}`` start
    from every day of a run, cost a dictionary lookup a step after the first."""
    steps = _window_steps(calendar, tz)
    for _ in range(HORIZON_DAYS):
        following = steps.get(end, _UNSEEN)
        if following is _UNSEEN:
            state = open_at(calendar, tz, end)
            following = steps[end] = state.interval.end if state.open and state.interval is not None else None
        if following is None:
            return end
        end = following  # type: ignore[assignment]
    return None


_UNSEEN = object()


@lru_cache(maxsize=64)
def _window_steps(calendar: Calendar, tz: ZoneInfo) -> dict[datetime, datetime | None]:
    """Instant -> the end of the window :func:`open_at` finds covering it (None: closed), as
    :func:`_merged_end` has met them for this calendar."""
    return {}


def next_open_time(calendar: Calendar, tz: ZoneInfo, at: datetime) -> datetime | None:
    """The first instant at or after ``at`` when the calendar is open; ``at`` itself if open now."""
    day = at.astimezone(tz).date()
    for offset in range(0, HORIZON_DAYS, 7):
        first = day + timedelta(days=offset)
        for interval in intervals_between(calendar, tz, first, first + timedelta(days=6)):
            if interval.end > at:
                return max(interval.start, at)
    return None

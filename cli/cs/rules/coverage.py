"""Coverage: open hours in which no routable agent is scheduled online (OBS-2 in advance)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from cs.calendar.hours import Interval, cron_matches_day, day_intervals, local_window
from cs.engine.presence import ONLINE, calendar_online, presences
from cs.findings import Severity
from cs.i18n import N_
from cs.i18n.message import message
from cs.model.policy import Calendar, CalendarException, DayHours, Policy
from cs.model.timefmt import DAY_NAMES, MINUTES_PER_DAY, format_minutes
from cs.rules.calendar import dated_days
from cs.rules.registry import Hit, rule

UNCOVERED = N_("{span} is open with no routable agent scheduled")
WEEK = 7 * MINUTES_PER_DAY
Span = tuple[int, int]


def _week_spans(days: Iterable[DayHours]) -> list[Span]:
    """Windows on a Monday-first minute axis of one week, wrapping Sunday night into Monday."""
    spans: list[Span] = []
    for i, windows in enumerate(days):
        for w in windows:
            start, end = i * MINUTES_PER_DAY + w.start, i * MINUTES_PER_DAY + w.end
            if end > WEEK:
                spans += [(start, WEEK), (0, end - WEEK)]
            else:
                spans.append((start, end))
    return spans


def _union(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(spans: list[Span], cover: list[Span]) -> list[Span]:
    """The parts of ``spans`` that ``cover`` leaves open."""
    gaps = []
    covered = _union(cover)
    for start, end in sorted(spans):
        cursor = start
        for c_start, c_end in covered:
            if c_end <= cursor or c_start >= end:
                continue
            if c_start > cursor:
                gaps.append((cursor, c_start))
            cursor = max(cursor, c_end)
        if cursor < end:
            gaps.append((cursor, end))
    return gaps


REFERENCE_MONDAY = date(2026, 1, 5)
REFERENCE_WEEKS = 53
"""A recurring exception that fires on a weekday in each of these weeks recurs every week."""


@lru_cache(maxsize=1024)
def _every_week(cron: str, weekday: int) -> bool:
    first = REFERENCE_MONDAY + timedelta(days=weekday)
    return all(cron_matches_day(cron, first + timedelta(weeks=w)) for w in range(REFERENCE_WEEKS))


def _weekly_days(calendar: Calendar) -> list[tuple[DayHours, CalendarException | None]]:
    """The hours of each weekday as they recur every week, and the recurring exception
    they come from: one without bounds that fires on the weekday every week (every
    Saturday 10:00-16:00) wins over the weekly hours, as it does on each of those days
    (CAL-4)."""
    days: list[tuple[DayHours, CalendarException | None]] = [(hours, None) for hours in calendar.weekly.days]
    for weekday in range(7):
        for exc in calendar.exceptions:
            if exc.cron is not None and exc.first is None and exc.last is None and _every_week(exc.cron, weekday):
                days[weekday] = (exc.hours, exc)
                break
    return days


def _show(span: Span) -> str:
    day, start = divmod(span[0], MINUTES_PER_DAY)
    return f"{DAY_NAMES[day]} {format_minutes(start)}-{_clock(span[1] - day * MINUTES_PER_DAY)}"


def _clock(minutes: int) -> str:
    """End of a span as a clock time: 24:00 stays, later ones wrap past midnight."""
    return format_minutes(minutes if minutes <= MINUTES_PER_DAY else minutes - MINUTES_PER_DAY)


@rule("coverage-gap", Severity.WARNING, "AG-2", "OBS-2")
def coverage_gap(policy: Policy) -> Iterator[Hit]:
    """Work hours in which no routable agent is scheduled online: customers get
    the queue or offline reply although the shop is open. Agents of a schedule with
    `auto_accept: false` come online busy and do not count. Checked for the weekly
    hours (with the recurring exceptions that fire every week, such as every
    Saturday 10:00-16:00, in place of that day's) and for each day of the dated
    exceptions of the work hours."""
    routable = [p for p in presences(policy) if p.agent.routable]
    if not routable:
        return  # everything goes to the main account (RT-5)
    # Agents who come online busy (auto_accept: false, AG-4) take no chat until set online by hand.
    routable = [p for p in routable if p.comes_online_as == ONLINE]
    # Agents on one schedule share its calendar object: each calendar counts once
    # (10,000 agents on 100 schedules are 100 calendars, not 10,000).
    calendars = list({id(p.calendar): p.calendar for p in routable}.values())
    service = _weekly_days(policy.calendar)
    open_spans = _week_spans(hours for hours, _ in service)
    covered = [s for calendar in calendars for s in _week_spans(hours for hours, _ in _weekly_days(calendar))]
    for gap in _subtract(open_spans, covered):
        weekday = gap[0] // MINUTES_PER_DAY
        source = service[weekday][1]
        where = ("hours", DAY_NAMES[weekday]) if source is None else (*source.where, "hours")
        yield Hit(where, message(UNCOVERED, span=_show(gap)))
    tz = policy.tz
    for exc in policy.calendar.exceptions:
        for day in dated_days(exc):
            # As explain and simulate see the day: schedules bound by its hours, and
            # yesterday's night shift running into it.
            open_day = [_minutes(i, tz, day) for i in day_intervals(policy.calendar, tz, day)]
            after = day + timedelta(days=1)  # the day's hours may run past midnight into its shifts
            cover = [
                _minutes(i, tz, day) for calendar in calendars for i in calendar_online(policy, calendar, day, after)
            ]
            for start, end in _subtract(open_day, cover):
                days, start = divmod(start, MINUTES_PER_DAY)  # a gap after midnight is the next day's
                span = f"{day + timedelta(days=days)} {format_minutes(start)}-{_clock(end - days * MINUTES_PER_DAY)}"
                yield Hit((*exc.where, "hours"), message(UNCOVERED, span=span))


def _minutes(interval: Interval, tz: ZoneInfo, day: date) -> Span:
    window = local_window(interval, tz, day)
    return window.start, window.end

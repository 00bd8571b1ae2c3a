"""Rules about work hours, exceptions and holidays (CAL-2, CAL-4, CAL-5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from itertools import pairwise

from cs.calendar.holidays import holiday_calendar
from cs.calendar.hours import day_plan
from cs.findings import Severity
from cs.i18n import N_
from cs.i18n.message import Message, message
from cs.model.policy import Calendar, CalendarException, DayHours, Path, Policy
from cs.model.timefmt import DAY_NAMES, MINUTES_PER_DAY
from cs.rules.registry import Hit, rule

MAX_EXCEPTION_DAYS = 366
"""Days of one dated exception checked after its first (a longer range repeats itself)."""


def dated_days(exc: CalendarException) -> Iterator[date]:
    """The days of a dated exception the rules check: its first and up to
    :data:`MAX_EXCEPTION_DAYS` after it; none for a recurring one."""
    if exc.recurring or exc.first is None or exc.last is None:
        return
    day, last = exc.first, min(exc.last, exc.first + timedelta(days=MAX_EXCEPTION_DAYS))
    while day <= last:
        yield day
        day += timedelta(days=1)


def calendars(policy: Policy) -> Iterator[tuple[Path, Calendar]]:
    """The service calendar and every schedule's, with the path of their weekly hours."""
    yield ("hours",), policy.calendar
    for schedule in policy.schedules:
        yield (*schedule.where, "hours"), schedule.calendar


def _overlaps(windows: DayHours) -> Iterator[Message]:
    for before, after in pairwise(windows):
        if after.start < before.end:
            yield message(
                N_("windows {before} and {after} overlap; merge them into one window"), before=before, after=after
            )


@rule("window-overlap", Severity.ERROR, "CAL-2")
def window_overlap(policy: Policy) -> Iterator[Hit]:
    """Two windows of one day overlap, or a window crossing midnight runs into the
    next day's first window. Merge them: overlapping windows usually hide a typo."""
    for path, cal in calendars(policy):
        days = cal.weekly.days
        for i, windows in enumerate(days):
            for text in _overlaps(windows):
                yield Hit((*path, DAY_NAMES[i]), text)
            spilled = _runs_into(windows, days[(i + 1) % 7], DAY_NAMES[i], DAY_NAMES[(i + 1) % 7])
            if spilled is not None:
                yield Hit((*path, DAY_NAMES[i]), spilled)
        for exc in cal.exceptions:
            for text in _overlaps(exc.hours):
                yield Hit((*exc.where, "hours"), text)
            spilled = _dated_spill(cal, exc)
            if spilled is not None:
                yield Hit((*exc.where, "hours"), spilled)
    if policy.calendar.holidays is not None:
        rule_ = policy.calendar.holidays
        for text in _overlaps(rule_.holiday_hours or ()):
            yield Hit(("holidays", "holiday_hours"), text)
        if not isinstance(rule_.workday_hours, int):
            for text in _overlaps(rule_.workday_hours):
                yield Hit(("holidays", "workday_hours"), text)


def _dated_spill(cal: Calendar, exc: CalendarException) -> Message | None:
    """A day of a dated exception, or the day before it, whose window crosses midnight
    into the next day's first window (the exception's or the weekly hours')."""
    days = list(dated_days(exc))
    if not days:
        return None
    for day in (days[0] - timedelta(days=1), *days):
        following = day + timedelta(days=1)
        spilled = _runs_into(day_plan(cal, day).windows, day_plan(cal, following).windows, day, following)
        if spilled is not None:
            return spilled
    return None


def _runs_into(windows: DayHours, following: DayHours, day: str | date, next_day: str | date) -> Message | None:
    """A window of ``day`` crossing midnight into ``next_day``'s first window."""
    spill = max((w.end - MINUTES_PER_DAY for w in windows), default=0)
    if spill > 0 and following and following[0].start < spill:
        return message(
            N_("{day} runs past midnight into {next}'s window {window}; shorten one of them"),
            day=day,
            next=next_day,
            window=following[0],
        )
    return None


def _all_exceptions(policy: Policy) -> Iterator[tuple[Calendar, CalendarException]]:
    for _, cal in calendars(policy):
        for exc in cal.exceptions:
            yield cal, exc


@rule("exception-range", Severity.ERROR, "CAL-4")
def exception_range(policy: Policy) -> Iterator[Hit]:
    """An exception's `from` is after its `to`: the range is empty and never applies."""
    for _, exc in _all_exceptions(policy):
        if exc.first and exc.last and exc.first > exc.last:
            yield Hit(
                (*exc.where, "from"),
                message(
                    N_("'{id}' starts {first} after it ends {last}; swap from and to"),
                    id=exc.id,
                    first=exc.first,
                    last=exc.last,
                ),
            )


@rule("exception-overlap", Severity.ERROR, "CAL-4")
def exception_overlap(policy: Policy) -> Iterator[Hit]:
    """Two dated exceptions of one calendar cover the same day, so which hours
    apply depends on their order. Split the ranges so each day has one rule."""
    for _, cal in calendars(policy):
        dated = [e for e in cal.exceptions if not e.recurring and e.first and e.last]
        for i, a in enumerate(dated):
            for b in dated[i + 1 :]:
                assert a.first and a.last and b.first and b.last
                if a.first <= b.last and b.first <= a.last:
                    yield Hit(
                        b.where,
                        message(
                            N_("exception '{id}' covers {day}, which exception '{other}' covers too"),
                            id=b.id,
                            day=max(a.first, b.first),
                            other=a.id,
                        ),
                    )


@rule("holiday-data-range", Severity.WARNING, "CAL-5")
def holiday_data_range(policy: Policy) -> Iterator[Hit]:
    """A date in the policy lies outside the years the holiday calendar has data
    for: cs cannot know that year's holidays and adjusted workdays, and will
    treat its days as ordinary weekdays. Update cs (and its holiday data) before
    relying on that year."""
    rule_ = policy.calendar.holidays
    if rule_ is None:
        return
    data = holiday_calendar(rule_.calendar)
    for _, exc in _all_exceptions(policy):
        for day, key in ((exc.first, "from"), (exc.last, "to")):
            if day is not None and not data.covers(day):
                written = "date" if exc.first == exc.last else key  # `date:`, or `from:`/`to:`
                yield Hit((*exc.where, written), data.outside_text(day))
                break
    for window in policy.offline.manual:
        last = (window.end - timedelta(microseconds=1)).date()  # the end is exclusive
        for day, key in ((window.start.date(), "from"), (last, "to")):
            if not data.covers(day):
                yield Hit((*window.where, key), data.outside_text(day))
                break


@rule("hours-never-open", Severity.WARNING, "CAL-2", "CAL-6")
def hours_never_open(policy: Policy) -> Iterator[Hit]:
    """The work hours are closed on every day of the week and no exception or holiday
    rule opens them: every customer gets the off-hours reply, and its `{next_open}`
    renders empty because there is no next opening. Give the work hours a window."""
    if never_opens(policy.calendar):
        yield Hit(("hours",), message(N_("the work hours are closed on every day of the week and nothing opens them")))


def never_opens(cal: Calendar) -> bool:
    """Closed on every day of the week, and no exception or holiday rule opens it (the
    work hours, or a schedule's hours)."""
    if any(cal.weekly.days) or any(exc.hours for exc in cal.exceptions):
        return False
    rule = cal.holidays
    if rule is None:
        return True
    return not (rule.holiday_hours or (not isinstance(rule.workday_hours, int) and rule.workday_hours))

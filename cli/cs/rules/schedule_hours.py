"""Rules about schedules against the day's service hours (CAL-4, CAL-5, AG-2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from cs.calendar.hours import day_intervals, day_plan, local_window
from cs.engine.presence import service_open_around
from cs.findings import Severity
from cs.i18n import N_
from cs.i18n.message import message
from cs.model.policy import Calendar, Policy
from cs.rules.calendar import dated_days
from cs.rules.registry import Hit, rule

"""Days of one dated exception checked (a longer range repeats itself)."""


def _online_while_closed(policy: Policy, schedule: Calendar, day: date) -> tuple[str, bool] | None:
    """The first schedule window of ``day`` not inside the service's open windows (those
    of the day before and after too: 00:00-02:00 is open by the evening before's 20:00-02:00),
    and whether the service is closed for all of it."""
    tz = policy.tz
    hours = service_open_around(policy.calendar, tz, day)
    for mine in day_intervals(schedule, tz, day):
        inside = sum(max(0.0, (min(mine.end, h.end) - max(mine.start, h.start)).total_seconds()) for h in hours)
        if mine.end > mine.start and inside < (mine.end - mine.start).total_seconds():
            return str(local_window(mine, tz, day)), inside == 0
    return None


@rule("schedule-exception-closed", Severity.WARNING, "CAL-4", "AG-2")
def schedule_exception_closed(policy: Policy) -> Iterator[Hit]:
    """A schedule's own dated exception puts agents online at times the service is
    closed that day. The schedule's exception wins over the day's service hours, so
    those agents are online (and take chats with `ends_when: agent_online`) although
    the shop is closed. Give the work hours the same exception, or shorten the
    schedule's."""
    for schedule in policy.schedules:
        for exc in schedule.calendar.exceptions:
            if not exc.hours:
                continue
            for day in dated_days(exc):
                found = _online_while_closed(policy, schedule.calendar, day)
                if found is not None:
                    window, wholly = found
                    closed = day_plan(policy.calendar, day).describe_text()
                    template = (
                        N_(
                            "on {day} the schedule puts agents online at {window} "
                            "while the service is closed ({closed})"
                        )
                        if wholly
                        else N_(
                            "on {day} the schedule puts agents online at {window} "
                            "while the service is closed for part of it ({closed})"
                        )
                    )
                    yield Hit((*exc.where, "hours"), message(template, day=day, window=window, closed=closed))
                    break

"""Day-by-day opening hours and agent schedules over a date range (``cs calendar``).

Each schedule's day is decided once, however many agents share it, and bound by the
day's service hours as for ``explain`` and the simulator (:func:`~cs.engine.presence.scheduled_windows`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cs.calendar.hours import DayPlan, Interval, day_intervals, day_plan
from cs.engine.presence import roster, scheduled_windows
from cs.model.policy import DayHours, Policy


@dataclass(frozen=True)
class AgendaDay:
    plan: DayPlan
    intervals: tuple[Interval, ...]
    """The open windows that start on this day, as instants."""
    agents: tuple[tuple[str, DayHours], ...]
    """(agent id, online windows) for agents scheduled online on this day."""


def agenda(policy: Policy, first: date, last: date) -> list[AgendaDay]:
    agents = roster(policy)
    days = []
    day = first
    while day <= last:
        hours = [scheduled_windows(policy, group.first.calendar, day) for group in agents.groups]
        scheduled = tuple(
            (p.agent.id, windows)
            for p, group in zip(agents.presences, agents.group_of, strict=True)
            if (windows := hours[group])
        )
        days.append(
            AgendaDay(
                plan=day_plan(policy.calendar, day),
                intervals=tuple(day_intervals(policy.calendar, policy.tz, day)),
                agents=scheduled,
            )
        )
        day += timedelta(days=1)
    return days

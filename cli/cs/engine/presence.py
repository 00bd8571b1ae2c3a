"""Who is scheduled online when, and in which status (AG-2, AG-4; CAL-4, CAL-5).

An agent's own schedule (one that names it) overrides its team's; an agent
with neither is online during the policy's work hours. When no agent takes
part in routing, the main account takes everything (RT-5): the declared one,
or the shop's own main account when the policy declares none.

The day's service hours bind the schedules: on a day the work hours take from
a holiday, an adjusted workday or an exception (not the weekly hours), an agent
is online only inside that day's open windows, unless the schedule has its own
dated exception for the date (then the schedule wins; the rule `schedule-exception-
closed` warns where that puts agents online while the service is closed). An
agent coming online automatically is receiving chats (online) when its schedule
has ``auto_accept`` (AG-4), else suspended (busy) until it accepts by hand.

``explain`` and the simulator both read :func:`online_intervals`, so they agree
on who is online at every instant.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from cs.calendar.hours import HORIZON_DAYS, Interval, day_intervals, day_plan, local_window, midnight
from cs.i18n import N_, translate
from cs.model.policy import Agent, Calendar, DayHours, Policy, Schedule

ONLINE = "online"
BUSY = "busy"
"""Suspended (挂起): online, but receives no new chats except RT-3/RT-7 bypass."""
OFFLINE = "offline"


@dataclass(frozen=True)
class Presence:
    agent: Agent
    calendar: Calendar
    schedule: Schedule | None
    """None when the agent follows the work hours."""

    @property
    def source(self) -> str:
        """Why the agent is online, in English (the JSON's ``source``)."""
        return self._source_template.format(schedule=self.schedule.id if self.schedule else "")

    @property
    def source_shown(self) -> str:
        """:attr:`source` in the language of this process."""
        return translate(self._source_template).format(schedule=self.schedule.id if self.schedule else "")

    @property
    def source_template(self) -> str:
        """:attr:`source` before its ``{schedule}`` is filled in (marked for the catalog)."""
        return self._source_template

    @property
    def _source_template(self) -> str:
        if self.schedule is None:
            return N_("work hours")
        return (
            N_("own schedule '{schedule}'")
            if self.agent.id in self.schedule.named
            else N_("team schedule '{schedule}'")
        )

    @property
    def comes_online_as(self) -> str:
        """The status an automatic online gives (AG-4): ONLINE with auto-accept, else BUSY."""
        return BUSY if self.schedule is not None and not self.schedule.auto_accept else ONLINE


IMPLICIT_MAIN_ID = "main"
IMPLICIT_MAIN_CHATS = 500


def effective_agents(policy: Policy) -> tuple[Agent, ...]:
    """The policy's agents, with the main account routable when nobody else is (RT-5)."""
    if any(agent.routable for agent in policy.agents):
        return policy.agents
    if any(agent.role == "main" for agent in policy.agents):
        return tuple(replace(a, routable=True) if a.role == "main" else a for a in policy.agents)
    shop_main = Agent(
        id=IMPLICIT_MAIN_ID,
        name="main account",
        role="main",
        teams=(),
        languages=(policy.messages.default_language,),
        max_chats=IMPLICIT_MAIN_CHATS,
        routable=True,
    )
    return (*policy.agents, shop_main)


def presence_of(policy: Policy, agent: Agent) -> Presence:
    return presence_lookup(policy)(agent)


def presences(policy: Policy) -> list[Presence]:
    lookup = presence_lookup(policy)
    return [lookup(agent) for agent in effective_agents(policy)]


@dataclass(frozen=True)
class ScheduleGroup:
    """Agents that share one scheduled status at every instant: the same calendar
    and the same status on coming online. Asked once for all of them (1,000 agents
    on 20 schedules are 20 questions, not 1,000)."""

    presences: tuple[Presence, ...]

    @property
    def first(self) -> Presence:
        """Any member answers for all: the status depends only on what they share."""
        return self.presences[0]


@dataclass(frozen=True)
class Roster:
    """Every agent's presence, in the policy's order, and the groups they form."""

    presences: tuple[Presence, ...]
    groups: tuple[ScheduleGroup, ...]
    group_of: tuple[int, ...]
    """For each presence, the index of its group."""
    by_id: dict[str, Presence]
    """Each presence by its agent's id (ids are unique: ``duplicate-id``)."""


_ROSTERS: dict[int, tuple[weakref.ref[Policy], Roster]] = {}


def roster(policy: Policy) -> Roster:
    """The policy's :class:`Roster`, built once per policy object (a run that asks
    about many instants does not look up 10,000 agents' schedules at each)."""
    key = id(policy)
    hit = _ROSTERS.get(key)
    if hit is not None and hit[0]() is policy:
        return hit[1]
    people = tuple(presences(policy))
    index: dict[tuple[Calendar, str], int] = {}
    members: list[list[Presence]] = []
    group_of = []
    for presence in people:
        slot = index.setdefault((presence.calendar, presence.comes_online_as), len(members))
        if slot == len(members):
            members.append([])
        members[slot].append(presence)
        group_of.append(slot)
    by_id = {presence.agent.id: presence for presence in people}
    built = Roster(people, tuple(ScheduleGroup(tuple(m)) for m in members), tuple(group_of), by_id)
    _ROSTERS[key] = (weakref.ref(policy, lambda _: _ROSTERS.pop(key, None)), built)
    return built


def presence_lookup(policy: Policy) -> Callable[[Agent], Presence]:
    """Each agent's schedule: the first that names it, else the first that reaches it
    through one of its teams, else the policy's hours. The schedules are indexed once,
    so a policy of 10,000 agents is not scanned once per agent."""
    naming: dict[str, Schedule] = {}
    reaching: dict[str, tuple[int, Schedule]] = {}
    for index, schedule in enumerate(policy.schedules):
        for ident in schedule.agents:
            naming.setdefault(ident, schedule)
        for team in schedule.teams:
            reaching.setdefault(team, (index, schedule))

    def lookup(agent: Agent) -> Presence:
        schedule = naming.get(agent.id)
        if schedule is None:
            hits = [reaching[team] for team in agent.teams if team in reaching]
            schedule = min(hits, key=lambda hit: hit[0])[1] if hits else None
        return Presence(agent, schedule.calendar if schedule else policy.calendar, schedule)

    return lookup


_EXCEPTION_RULES = ("exception", "recurring_exception")


def bound_by_service(service: Calendar, schedule: Calendar, day: date) -> bool:
    """Whether the service's hours of ``day`` limit a schedule on that day: the work
    hours come from a holiday, an adjusted workday or an exception, and the schedule
    has no dated exception of its own for the day. A schedule's recurring exception
    (every Saturday 10:00-16:00) is bound like its weekly hours: a dated exception or
    a holiday of the service is the more specific rule (CAL-4). A schedule that opts
    out of the holiday calendar (``holidays: false``) is bound by the service's
    exceptions only."""
    service_rule = day_plan(service, day).rule
    if service_rule == "weekly" or day_plan(schedule, day).rule == "exception":
        return False
    return schedule.holidays is not None or service_rule in _EXCEPTION_RULES


@lru_cache(maxsize=65536)
def _day_windows(service: Calendar, schedule: Calendar, tz: ZoneInfo, day: date) -> tuple[Interval, ...]:
    """The schedule's windows that start on ``day``, online only while the service is
    open on a day whose service hours bind the schedule (:func:`bound_by_service`):
    the whole window when it starts on such a day, the part past midnight when that
    falls on one. The service is open by whichever day's window opens it: Friday's
    18:00-02:00 keeps a Saturday 00:00-02:00 shift, a holiday open around the clock
    after another keeps the night shift of the first past midnight, and an ordinary
    Wednesday's 22:00-06:00 shift stops at midnight before a closed holiday (CAL-2,
    CAL-4, CAL-5)."""
    own = [i for i in day_intervals(schedule, tz, day) if i.end > i.start]
    if schedule is service:
        return tuple(own)
    if bound_by_service(service, schedule, day):
        return _while_open(own, service_open_around(service, tz, day))
    after = day + timedelta(days=1)
    cut = midnight(after, tz)
    if not any(i.end > cut for i in own) or not bound_by_service(service, schedule, after):
        return tuple(own)
    kept = [Interval(i.start, min(i.end, cut), i.plan) for i in own]
    spill = [Interval(cut, i.end, i.plan) for i in own if i.end > cut]
    return _touching_merged([*kept, *_while_open(spill, service_open_around(service, tz, after))])


def _while_open(windows: list[Interval], open_: tuple[Interval, ...]) -> tuple[Interval, ...]:
    """The parts of ``windows`` inside the service's open windows ``open_``."""
    clipped = []
    for mine in windows:
        for hours in open_:
            start, end = max(mine.start, hours.start), min(mine.end, hours.end)
            if start < end:
                clipped.append(Interval(start, end, mine.plan))
    return tuple(clipped)


def _touching_merged(windows: list[Interval]) -> tuple[Interval, ...]:
    """``windows`` in order, those that touch or overlap as one (a window cut at
    midnight and kept on both sides is one window again)."""
    merged: list[Interval] = []
    for item in sorted(windows, key=lambda i: i.start):
        if merged and item.start <= merged[-1].end:
            if item.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, item.end, merged[-1].plan)
        else:
            merged.append(item)
    return tuple(merged)


@lru_cache(maxsize=16384)
def service_open_around(service: Calendar, tz: ZoneInfo, day: date) -> tuple[Interval, ...]:
    """When the service is open from the day before ``day`` to the day after, touching
    windows merged: every window a schedule's window starting on ``day`` can meet (a
    window is shorter than two days)."""
    return _touching_merged(
        [
            i
            for offset in (-1, 0, 1)
            for i in day_intervals(service, tz, day + timedelta(days=offset))
            if i.end > i.start
        ]
    )


def scheduled_windows(policy: Policy, calendar: Calendar, day: date) -> DayHours:
    """The windows starting on ``day`` in which a schedule's agents are online, as
    local clock windows (``cs calendar``): its own hours bound by the day's service
    hours, the intervals :func:`online_intervals` builds for ``explain`` and the simulator.
    A shift of a bound day before that the service keeps only after midnight (a night
    shift of a closed day, on into the next morning's hours) starts on ``day``: it is
    listed here, not as a window of the day before starting at 32:00."""
    tz = policy.tz
    service = policy.calendar
    before = day - timedelta(days=1)
    spilled = tuple(
        local_window(interval, tz, day)
        for interval in _day_windows(service, calendar, tz, before)
        if interval.start.astimezone(tz).date() == day
    )
    pieces = _day_windows(service, calendar, tz, day)
    if pieces == tuple(i for i in day_intervals(calendar, tz, day) if i.end > i.start):
        own = day_plan(calendar, day).windows  # the schedule's own day, as written
    else:
        own = tuple(local_window(i, tz, day) for i in pieces if i.start.astimezone(tz).date() == day)
    return tuple(sorted((*spilled, *own), key=lambda window: window.start)) if spilled else own


def online_intervals(policy: Policy, presence: Presence, first: date, last: date) -> list[Interval]:
    """When the agent is scheduled online, for the windows that start on ``first - 1`` ..
    ``last``: its calendar bound by the day's service hours, touching windows merged."""
    return calendar_online(policy, presence.calendar, first, last)


def calendar_online(policy: Policy, calendar: Calendar, first: date, last: date) -> list[Interval]:
    """:func:`online_intervals` of every agent on ``calendar`` (a schedule's, or the policy's)."""
    return list(_online_intervals(policy.calendar, calendar, policy.tz, first, last))


@lru_cache(maxsize=16384)
def _online_intervals(
    service: Calendar, schedule: Calendar, tz: ZoneInfo, first: date, last: date
) -> tuple[Interval, ...]:
    """Once per schedule and range of days, however many agents share the schedule."""
    raw: list[Interval] = []
    day = first - timedelta(days=1)
    while day <= last:
        raw.extend(_day_windows(service, schedule, tz, day))
        day += timedelta(days=1)
    return _touching_merged(raw)


def scheduled_status(policy: Policy, presence: Presence, at: datetime) -> str:
    """ONLINE, BUSY (auto-accept off, AG-4) or OFFLINE by the schedule alone."""
    local_day = at.astimezone(policy.tz).date()
    for interval in online_intervals(policy, presence, local_day, local_day):
        if interval.start <= at < interval.end:
            return presence.comes_online_as
    return OFFLINE


def _spells(policy: Policy, presence: Presence, at: datetime) -> Iterator[tuple[datetime, datetime | None]]:
    """The agent's scheduled spells online that end after ``at``, in order: windows
    that touch are one spell, across the weeks searched one at a time (from the Monday
    of ``at``'s week, so that instants share the weeks). The end of a spell still going
    at the horizon (``HORIZON_DAYS``) is None: not a change."""
    tz = policy.tz
    day = at.astimezone(tz).date()
    first = day - timedelta(days=day.weekday())
    last = first + timedelta(days=HORIZON_DAYS)
    start: datetime | None = None
    end: datetime | None = None
    while first < last:
        for interval in online_intervals(policy, presence, first, first + timedelta(days=6)):
            if interval.end <= at:
                continue
            if start is not None and end is not None and interval.start <= end:
                end = max(end, interval.end)  # seen again in the next week
                continue
            if start is not None:
                yield start, end
            start, end = interval.start, interval.end
        first += timedelta(days=7)
        if start is not None and end is not None and end >= datetime.combine(first, time(), tz):
            # it goes on into the next week (a schedule open around the clock): its end,
            # looked for once per week it reaches, whatever instant asks
            final = _runs_on(policy.calendar, presence.calendar, tz, first, end, last)
            yield start, final
            if final is not None:
                yield from _spells(policy, presence, final)
            return
    if start is not None:
        yield start, end


@lru_cache(maxsize=4096)
def _runs_on(
    service: Calendar, schedule: Calendar, tz: ZoneInfo, first: date, end: datetime, last: date
) -> datetime | None:
    """The end of a spell online that reaches ``end`` (at or after the start of
    ``first``, a Monday), the windows of the weeks from ``first`` that touch it merged
    in; None when it still goes on at ``last``."""
    while first < last:
        for interval in _online_intervals(service, schedule, tz, first, first + timedelta(days=6)):
            if interval.start > end:
                return end
            end = max(end, interval.end)
        first += timedelta(days=7)
        if end < datetime.combine(first, time(), tz):
            return end
    return None


def next_online(policy: Policy, presence: Presence, at: datetime) -> datetime | None:
    """When the agent's schedule next brings it online after ``at`` (OFF-7, OFF-8):
    a chat assigned or written to the account while it is offline waits for that
    account, whoever else comes online first. When the schedule has it online at ``at``
    (offline by hand, or idle, AG-5), the start of its next spell. None when it does
    not come online within the horizon."""
    for start, _ in _spells(policy, presence, at):
        if start > at:
            return start
    return None


def next_status_change(policy: Policy, presence: Presence, at: datetime) -> datetime | None:
    """The first instant after ``at`` where the agent's scheduled status changes."""
    for start, end in _spells(policy, presence, at):
        return start if start > at else end
    return None

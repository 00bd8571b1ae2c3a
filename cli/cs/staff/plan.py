"""``cs staff`` as a library call: agents required per interval against agents scheduled (OPS-8).

:func:`staff_plan` cuts the run into intervals of real (elapsed) time from each
local midnight (a day the clocks change has 23 or 25 hours), takes each
interval's load from the forecast (a scenario's ``traffic``), asks
:mod:`cs.staff.model` for the agents that meet the targets and
:mod:`cs.staff.roster` for the agents the policy has online, and returns frozen
data that the reporters, ``--verify``, ``--shifts`` and ``--plot`` all read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from cs.errors import UsageError
from cs.i18n import _
from cs.model.policy import Policy
from cs.simulate.clock import Clock
from cs.simulate.scenario import Scenario, Traffic
from cs.staff.erlang import IDLE, Performance
from cs.staff.lines import chats_per_line, grouped, lines, status_shares
from cs.staff.model import Load, Targets, requirement, rostered
from cs.staff.roster import Floor, chats_per_agent, floors


def real_seconds(spans: Iterable[tuple[datetime, datetime]]) -> float:
    """Seconds elapsed in ``spans``, by the instants (a local wall clock that repeats or
    skips an hour would say 0 or 90 minutes for a real half hour)."""
    return sum(end.timestamp() - start.timestamp() for start, end in spans)


@dataclass(frozen=True)
class Check:
    """``--verify``: the simulated service level of an interval beside the formula's."""

    service_level: float | None
    """None when no simulated visitor of the interval asked for an agent."""
    noise: float
    """Three standard errors of the simulated figure across the replications."""
    differs: bool
    policy_service_level: float | None = None
    """The policy as written (its own agents, schedules and routing), simulated with the same forecast."""
    policy_short: bool = False
    """The policy as written answers below the target by more than the simulation's noise."""


@dataclass(frozen=True)
class TeamLine:
    """One team's line in an interval under group routing (RT-4), sized on its own."""

    team: str | None
    """The team, or None: the default line (customers routing hands to any online agent)."""
    arrivals: float
    chats_per_agent: int
    required: int
    rostered: int
    scheduled: int
    """Agents online who serve this line (:mod:`cs.staff.lines`)."""
    figures: Performance
    seats: int = 0
    """The fewest chats at once the agents who serve this line take (their ``max_chats`` summed)."""

    @property
    def shortfall(self) -> int:
        """Agents to add to the schedule: the scheduled are rostered people, so they are
        set against ``rostered`` (``required`` grossed up by the shrinkage)."""
        return max(0, self.rostered - self.scheduled)


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime
    arrivals: float
    """Expected arrivals in the interval (the forecast's local-hour rate over its real minutes)."""
    load: Load
    required: int
    rostered: int
    scheduled: int
    service_level: float
    p_wait: float
    asa_s: float
    occupancy: float
    p_abandon: float
    check: Check | None = None
    lines: tuple[TeamLine, ...] = ()
    """Under group routing, one per line that gets traffic; ``required`` and ``rostered``
    are their sums and ``shortfall`` the sum of theirs. Empty: one pooled line."""
    opened: tuple[tuple[datetime, datetime], ...] = ()
    """The open stretches of the interval, when the service is not open from ``start`` to ``end``
    throughout (a manual offline window inside it). Empty: open throughout."""
    seats: int = 0
    """The fewest chats the agents scheduled take at once (their own ``max_chats``, summed)."""

    def too_few_seats(self, chats_per_agent: int) -> list[tuple[TeamLine | None, int, int]]:
        """Lines with enough agents scheduled but fewer seats than the requirement counts
        on (each rostered agent at the line's mean ``max_chats``): (the team line, or None
        for the pooled one; seats scheduled; seats counted on)."""
        if not self.lines:
            needed = self.rostered * chats_per_agent
            return [(None, self.seats, needed)] if not self.shortfall and self.seats < needed else []
        return [
            (line, line.seats, line.rostered * line.chats_per_agent)
            for line in self.lines
            if not line.shortfall and line.seats < line.rostered * line.chats_per_agent
        ]

    @property
    def open_spans(self) -> tuple[tuple[datetime, datetime], ...]:
        """The stretches in which the service is open: the whole interval, or its open parts."""
        return self.opened or ((self.start, self.end),)

    @property
    def shortfall(self) -> int:
        if self.lines:
            return sum(line.shortfall for line in self.lines)
        return max(0, self.rostered - self.scheduled)

    @property
    def seconds(self) -> float:
        """The interval's real open length (:func:`real_seconds`)."""
        return real_seconds(self.open_spans)

    @property
    def hours(self) -> float:
        return self.seconds / 3600.0

    def wall(self, dated: bool) -> tuple[str, str]:
        """Start and end as a person reads them: local ``HH:MM`` (the start with its date when
        ``dated``; an end at midnight is 24:00). On a day the clocks change, the UTC offset
        follows the end (both when it changes inside the interval): the hour the clocks go back
        comes twice, and 01:30-03:00 on a spring-forward night is a real half hour."""
        start, end = self.start, self.end
        begin = f"{start:%Y-%m-%d %H:%M}" if dated else f"{start:%H:%M}"
        until = "24:00" if end.date() > start.date() and end.hour == 0 and end.minute == 0 else f"{end:%H:%M}"
        tz = start.tzinfo
        offsets = {datetime.combine(start.date() + timedelta(days=d), time(), tz).utcoffset() for d in (0, 1)}
        if len(offsets) == 1:
            return begin, until
        shown = f"{start:%z}" if start.utcoffset() == end.utcoffset() else f"{start:%z}/{end:%z}"
        return begin, f"{until} UTC{shown}"


@dataclass(frozen=True)
class StaffPlan:
    policy: str
    scenario: str
    timezone: str
    model: str
    """``erlang_a`` (the forecast has a patience) or ``erlang_c``."""
    chats_per_agent: int
    targets: Targets
    intervals: tuple[Interval, ...]
    replications: int = 0
    """Simulated runs behind ``--verify`` (0: not verified)."""

    def with_checks(self, checks: list[Check], replications: int) -> StaffPlan:
        intervals = tuple(replace(i, check=c) for i, c in zip(self.intervals, checks, strict=True))
        return replace(self, intervals=intervals, replications=replications)


def forecast_traffic(scenario: Scenario) -> Traffic:
    if scenario.traffic is None:
        raise UsageError(
            _("{source}: the forecast needs a `traffic` section").format(source=scenario.source or scenario.name)
        )
    return scenario.traffic


def interval_starts(policy: Policy, first_day: date, days: int, step: timedelta) -> list[datetime]:
    """Interval boundaries in real (elapsed) time: every ``step`` from each local midnight, the
    last of a day cut at the next local midnight. A day on which the clocks change has 23 or 25
    hours (:class:`cs.simulate.clock.Clock`, as ``cs simulate`` runs it), so its intervals are
    the real ``step`` long: 01:30-03:00 on a spring-forward night is 30 minutes, and the hour
    the clocks go back comes twice, each its own intervals (told apart by the UTC offset)."""
    clock = Clock(policy.tz, first_day, days)
    seconds = step.total_seconds()
    edges = []
    for midnight, next_midnight in pairwise(clock.midnights):
        at = midnight
        while at < next_midnight:
            edges.append(clock.instant(at))
            at += seconds
    return [*edges, clock.instant(clock.horizon)]


def expected_arrivals(traffic: Traffic, policy: Policy, start: datetime, end: datetime) -> float:
    """The forecast's arrivals between two instants: its hourly rate, minute by minute in local time."""
    total = 0.0
    at = start.timestamp()
    stop = end.timestamp()
    while at < stop:
        step = min(60.0, stop - at)
        hour = datetime.fromtimestamp(at, policy.tz).hour
        total += traffic.arrivals_per_hour[hour] * step / 3600.0
        at += step
    return total


def staff_plan(
    policy: Policy,
    scenario: Scenario,
    first_day: date,
    days: int,
    targets: Targets,
    interval: timedelta,
) -> StaffPlan:
    """Each interval while the service is open: required, rostered and scheduled agents."""
    targets.check()
    if interval < timedelta(minutes=5) or timedelta(days=1) % interval:
        raise UsageError(_("--interval must divide a day and be at least 5m, e.g. 15m, 30m or 1h"))
    traffic = forecast_traffic(scenario)
    handle = traffic.handle_time.mean
    if handle <= 0:
        raise UsageError(
            _("{source}: the forecast's handle time must be longer than 0s").format(
                source=scenario.source or scenario.name
            )
        )
    patience = traffic.patience.mean if traffic.patience is not None else None
    if patience is not None and patience <= 0:
        raise UsageError(
            _("{source}: the forecast's patience must be longer than 0s").format(
                source=scenario.source or scenario.name
            )
        )
    chats = chats_per_agent(policy)
    split = grouped(policy)
    shares = status_shares(traffic)
    edges = interval_starts(policy, first_day, days, interval)
    intervals = []
    for (start, end), floor in zip(pairwise(edges), floors(policy, edges), strict=True):
        if not floor.open:
            continue
        # Only the open part counts: an interval 09:00-09:30 of hours that open at 09:15 is
        # 09:15-09:30, its arrivals and agent-hours those of 15 minutes.
        start, end = floor.opened[0][0], floor.opened[-1][1]
        opened = floor.opened if len(floor.opened) > 1 else ()
        arrivals = sum(expected_arrivals(traffic, policy, a, b) for a, b in floor.opened)
        load = Load(arrivals / real_seconds(floor.opened), handle, patience)
        if split:
            found = _split_interval(policy, floor, shares, start, end, arrivals, load, targets)
            intervals.append(replace(found, opened=opened))
            continue
        required, figures = requirement(load, targets, chats)
        intervals.append(
            Interval(
                start=start,
                end=end,
                arrivals=arrivals,
                load=load,
                required=required,
                rostered=rostered(required, targets.shrinkage),
                scheduled=floor.agents,
                seats=floor.seats,
                service_level=figures.service_level,
                p_wait=figures.p_wait,
                asa_s=figures.asa_s,
                occupancy=figures.occupancy,
                p_abandon=figures.p_abandon,
                opened=opened,
            )
        )
    return StaffPlan(
        policy=policy.name,
        scenario=scenario.name,
        timezone=policy.timezone,
        model="erlang_a" if patience is not None else "erlang_c",
        chats_per_agent=chats,
        targets=targets,
        intervals=tuple(intervals),
    )


def _split_interval(
    policy: Policy,
    floor: Floor,
    shares: tuple[tuple[str, float], ...],
    start: datetime,
    end: datetime,
    arrivals: float,
    load: Load,
    targets: Targets,
) -> Interval:
    """An interval under group routing: each line sized by Erlang on its share of the traffic;
    the interval's figures are the lines' (per arrival, occupancy per seat)."""
    found = []
    for line in lines(policy, shares, floor.crews):
        chats = chats_per_line(policy, line.team)
        part = arrivals * line.share
        required, figures = requirement(replace(load, rate=load.rate * line.share), targets, chats)
        found.append(
            TeamLine(
                line.team,
                part,
                chats,
                required,
                rostered(required, targets.shrinkage),
                line.scheduled,
                figures,
                line.seats,
            )
        )
    figures = _combined(found)
    return Interval(
        start=start,
        end=end,
        arrivals=arrivals,
        load=load,
        required=sum(t.required for t in found),
        rostered=sum(t.rostered for t in found),
        scheduled=floor.agents,
        seats=floor.seats,
        service_level=figures.service_level,
        p_wait=figures.p_wait,
        asa_s=figures.asa_s,
        occupancy=figures.occupancy,
        p_abandon=figures.p_abandon,
        lines=tuple(found),
    )


def _combined(found: list[TeamLine]) -> Performance:
    """The lines' figures as one: per-arrival shares weighted by arrivals, occupancy by seats."""
    arrivals = sum(t.arrivals for t in found)
    seats = sum(t.figures.servers for t in found)
    if arrivals <= 0:
        return IDLE

    def per_arrival(value: str) -> float:
        return float(sum(getattr(t.figures, value) * t.arrivals for t in found)) / arrivals

    busy = sum(t.figures.occupancy * t.figures.servers for t in found)
    return Performance(
        seats,
        per_arrival("p_wait"),
        per_arrival("service_level"),
        per_arrival("asa_s"),
        busy / seats if seats else 0.0,
        per_arrival("p_abandon"),
    )

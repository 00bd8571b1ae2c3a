"""``cs staff --verify``: the staffing found, acted out by the simulator (OPS-3, OPS-8).

The formulas assume lines of identical agents and customers who wait until
answered or until their patience runs out. :func:`staffing_policy` gives the
policy exactly the staffing found and nothing that contradicts those lines:
its agents become ``required`` model agents of ``chats_per_agent`` seats per
line, scheduled interval by interval. Without group routing there is one pooled
line and group routing stays off; under group routing (RT-4) each team line's
model agents join that team (the default line's join none) and the routing by
order status runs as the policy writes it, so the simulator splits the traffic
itself. Recent-contact routing, queue limits and the offline routing list are
switched off; every other rule (hours, offline mode, timeouts, messages) stays. The forecast's traffic is replayed over
several seeds through :func:`cs.simulate.api.simulate`, and each interval's
simulated service level (answered within the target among visitors who asked
for an agent) is compared with the formula's. The policy as written (its own
agents, schedules, teams and routing) is simulated with the same forecast and
seeds too: the service level its schedule really gives, shortfalls and all. An interval is flagged when they
differ by more than three standard errors of the simulated figure: more than
the simulation's own noise. Transients are the usual reason: the formula is a
steady state, the simulated line carries customers over from the interval before.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from cs.model.policy import (
    Agent,
    Calendar,
    CalendarException,
    Groups,
    Policy,
    Queue,
    RecentContact,
    Schedule,
    WeeklyHours,
)
from cs.model.timefmt import MINUTES_PER_DAY, Window
from cs.simulate.api import simulate
from cs.simulate.clock import Clock
from cs.simulate.scenario import Scenario
from cs.simulate.timeline import Event
from cs.staff.plan import Check, Interval, StaffPlan

REPLICATIONS = 10


def _minutes(at: datetime, day: date) -> int:
    """Local minutes from ``day``'s midnight (an interval ending at midnight ends at 1440)."""
    return int((at.replace(tzinfo=None) - datetime.combine(day, time())).total_seconds() // 60)


def _windows(spans: list[tuple[int, int]]) -> tuple[Window, ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and merged[-1][1] >= start:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(Window(s, e) for s, e in merged)


def model_schedules(
    intervals: Sequence[Interval], days: Sequence[date], agents: Sequence[str], required: Sequence[int]
) -> tuple[Schedule, ...]:
    """One schedule per model agent of a line: agent ``k`` is online in the intervals whose
    ``required`` (the line's, one figure per interval) is more than ``k``.

    Each schedule also has the week after the run online, beyond the simulated horizon, so
    never acted out: the engine's search for an agent's next change
    (:func:`cs.engine.presence.next_status_change`, asked for the ``{next_open}`` of queue
    and offline replies) then ends within that week, instead of scanning its whole horizon
    day by day for an agent with no later hours (30 s of a one-day run, not 1 s)."""
    after = CalendarException(
        "after-the-run", (Window(0, MINUTES_PER_DAY),), days[-1] + timedelta(days=1), days[-1] + timedelta(days=7)
    )
    schedules = []
    for k, agent in enumerate(agents):
        exceptions = []
        for day in days:
            spans = [
                (_minutes(i.start, day), min(MINUTES_PER_DAY, _minutes(i.end, day)))
                for i, needed in zip(intervals, required, strict=True)
                if needed > k and i.start.date() == day
            ]
            if spans:
                exceptions.append(CalendarException(f"required-{day.isoformat()}", _windows(spans), day, day))
        calendar = Calendar(WeeklyHours(((),) * 7), (*exceptions, after), None)
        schedules.append(Schedule(f"model-{agent}", (agent,), (), calendar, timedelta(0), True, None))
    return tuple(schedules)


def _line_required(plan: StaffPlan) -> dict[str | None, list[int]]:
    """Each line's ``required`` per interval: one pooled line (None), or the lines of group routing."""
    if not any(i.lines for i in plan.intervals):
        return {None: [i.required for i in plan.intervals]}
    teams = dict.fromkeys(t.team for i in plan.intervals for t in i.lines)
    found: dict[str | None, list[int]] = {team: [] for team in teams}
    for i in plan.intervals:
        by_team = {t.team: t.required for t in i.lines}
        for team, needed in found.items():
            needed.append(by_team.get(team, 0))
    return found


def staffing_policy(policy: Policy, plan: StaffPlan, days: Sequence[date]) -> Policy:
    """The policy with the staffing found as its only agents: on one pooled line, or, under
    group routing, each line's agents in its team with the routing as written."""
    lines = _line_required(plan)
    chats = {t.team: t.chats_per_agent for i in plan.intervals for t in i.lines}
    agents: list[Agent] = []
    schedules: list[Schedule] = []
    for team, required in lines.items():
        prefix = "staff-" if team is None else f"staff-{team}-"
        ids = [f"{prefix}{k + 1:03d}" for k in range(max(required, default=0))]
        seats = chats.get(team, plan.chats_per_agent)
        teams = () if team is None else (team,)
        agents += [Agent(a, a, "agent", teams, policy.messages.languages, seats, True) for a in ids]
        schedules += model_schedules(plan.intervals, days, ids, required)
    grouped = any(i.lines for i in plan.intervals)
    routing = replace(
        policy.routing,
        groups=policy.routing.groups if grouped else Groups(False, ()),
        recent_contact=RecentContact(False, policy.routing.recent_contact.window, False),
        queue=Queue(policy.routing.queue.order, None, None),
    )
    offline = replace(policy.offline, when_nobody_online="leave_message", routing_list=())
    return replace(
        policy,
        agents=tuple(agents),
        teams=policy.teams if grouped else (),
        schedules=tuple(schedules),
        routing=routing,
        offline=offline,
    )


class _Tally:
    """One run, per interval: visitors who asked for an agent, and those answered within the target."""

    def __init__(self, spans: list[tuple[float, float]], within_s: float) -> None:
        self.starts = [a for a, _ in spans]
        self.spans = spans
        self.within_s = within_s
        self.arrived: dict[str, float] = {}
        self.sought: set[str] = set()
        self.done: set[str] = set()
        self.asked = [0] * len(spans)
        self.answered = [0] * len(spans)

    def _slot(self, t: float) -> int | None:
        n = bisect_right(self.starts, t) - 1
        return n if n >= 0 and t < self.spans[n][1] else None

    def __call__(self, event: Event) -> None:
        who = event.visitor
        if who is None:
            return
        if event.kind == "arrive":
            self.arrived[who] = event.t
            return
        # asking for an agent while open: routed, queued, or sent to an offline message
        # (every agent offline or suspended: asked and never answered)
        if event.kind in ("assign", "queue", "offline_message") and who not in self.sought:
            self.sought.add(who)
            slot = self._slot(self.arrived[who])
            if slot is not None:
                self.asked[slot] += 1
        if who in self.done or ("outcome", "served") not in event.data:
            return
        self.done.add(who)
        slot = self._slot(self.arrived[who])
        if slot is not None and event.t - self.arrived[who] <= self.within_s:
            self.answered[slot] += 1


def verify(
    plan: StaffPlan,
    policy: Policy,
    scenario: Scenario,
    first_day: date,
    days: int,
    replications: int = REPLICATIONS,
) -> StaffPlan:
    """The plan with a :class:`Check` on every interval, from ``replications`` seeded runs."""
    dates = [first_day + timedelta(days=d) for d in range(days)]
    model = staffing_policy(policy, plan, dates)
    forecast = replace(scenario, visitors=(), agents=())
    clock = Clock(policy.tz, first_day, days)
    spans = [(clock.axis(i.start), clock.axis(i.end)) for i in plan.intervals]
    tallies: list[_Tally] = []
    as_written: list[_Tally] = []
    for seed in range(replications):
        for run, found in ((model, tallies), (policy, as_written)):
            tally = _Tally(spans, plan.targets.within_s)
            simulate(run, forecast, first_day, days, seed, sink=tally)
            found.append(tally)
    checks = []
    for n, interval in enumerate(plan.intervals):
        written = _check(interval, n, as_written)
        level = written.service_level
        short = level is not None and level + written.noise < plan.targets.service_level
        checks.append(replace(_check(interval, n, tallies), policy_service_level=level, policy_short=short))
    return plan.with_checks(checks, replications)


def _check(interval: Interval, n: int, tallies: Sequence[_Tally]) -> Check:
    """Pooled simulated service level and its noise: three standard errors, the larger of the
    spread across runs (ratio estimator) and the binomial error if the formula were right
    (runs that all answer everyone show no spread, yet are a finite sample)."""
    asked = [t.asked[n] for t in tallies]
    answered = [t.answered[n] for t in tallies]
    total = sum(asked)
    if total == 0:
        return Check(None, 0.0, False)
    level = sum(answered) / total
    runs = len(tallies)
    mean_asked = total / runs
    residuals = [(a - level * k) / mean_asked for a, k in zip(answered, asked, strict=True)]
    spread = math.sqrt(sum(r * r for r in residuals) / (runs - 1) / runs) if runs > 1 else 0.0
    expected = min(max(interval.service_level, 0.0), 1.0)
    binomial = math.sqrt(expected * (1.0 - expected) / total)
    noise = 3.0 * max(spread, binomial)
    return Check(level, noise, abs(level - interval.service_level) > noise)

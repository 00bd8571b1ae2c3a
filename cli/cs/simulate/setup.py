"""Setting a run up: the policy's settings at hand, the agents, the calendar and
the scenario's scripted events on the heap (OPS-3).

Who is scheduled online comes from :mod:`cs.engine.presence` and
:mod:`cs.calendar.hours`, as for ``cs explain``; here those intervals only
become events on the axis.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from datetime import date, timedelta
from heapq import heappush
from typing import Any

from cs.calendar.hours import intervals_between
from cs.engine.decisions import manual_window
from cs.engine.presence import IMPLICIT_MAIN_CHATS, Presence, effective_agents, online_intervals, presence_of
from cs.engine.routing import BUSY, OFFLINE, ONLINE, RoutingRules
from cs.engine.warnings import instant_messages
from cs.i18n import N_
from cs.i18n.message import message
from cs.model.policy import Agent, Calendar, Policy
from cs.simulate.kernel import ARRIVE, AUTO_STATUS, HOURS, MANUAL_OFFLINE, MANUAL_STATUS, REMINDER, SHIFT
from cs.simulate.narration import WORK_HOURS, Narration, automatic
from cs.simulate.seats import AgentState, Seats
from cs.simulate.timeline import Detail
from cs.simulate.visitor import Visitor

STATUSES = {ONLINE: ONLINE, BUSY: BUSY, OFFLINE: OFFLINE}
"""Scenario spellings -> the status constants (compared by identity on the hot path)."""


def _seconds(value: timedelta | None) -> float | None:
    return value.total_seconds() if value is not None else None


class Setup(Narration):
    """The policy flattened into attributes, the agents and the events known in advance."""

    __slots__ = (
        "agent_timeout",
        "agent_warning_on",
        "bot",
        "categorised",
        "customer_timeout",
        "customer_warning_on",
        "declared",
        "default_language",
        "delay",
        "entry_points",
        "handover_share",
        "lifo",
        "manual",
        "max_length",
        "max_wait",
        "open",
        "presences",
        "priority_new",
        "quick_replies",
        "reassign_on_timeout",
        "release_delay",
        "round_robin",
        "rules",
        "seats",
        "states",
        "survey_in_offline",
        "survey_on",
        "transitions",
        "welcome_on",
    )

    def _flatten_policy(self, policy: Policy) -> None:
        routing = policy.routing
        self.rules = RoutingRules.of(policy)
        self.round_robin = routing.mode == "round_robin"
        self.lifo = routing.queue.order == "newest_first"
        self.max_length = routing.queue.max_length
        self.max_wait = _seconds(routing.queue.max_wait)
        self.delay = _seconds(policy.offline.delay)
        self.release_delay = routing.seat_release_delay.total_seconds()
        self.bot = routing.bot_enabled
        self.handover_share = routing.bot_handover_share
        self.priority_new = routing.priority_new_customers
        ct, at = policy.customer_timeout, policy.agent_timeout
        self.customer_timeout = (ct.after.total_seconds(), ct.warn_before.total_seconds()) if ct.enabled else None
        self.agent_timeout = (at.after.total_seconds(), at.warn_before.total_seconds()) if at.enabled else None
        self.reassign_on_timeout = at.action == "reassign"
        messages = policy.messages
        self.default_language = messages.default_language
        self.welcome_on = messages["welcome"].enabled
        self.survey_on = messages["survey"].enabled
        self.survey_in_offline = messages["survey"].enabled and messages["survey"].in_offline
        self.customer_warning_on = messages["customer_timeout_warning"].enabled
        self.agent_warning_on = messages["agent_timeout_warning"].enabled
        self.entry_points = frozenset(policy.entry_points) if policy.system_enabled else frozenset()
        self.quick_replies = bool(policy.quick_replies)
        self.categorised = bool(policy.offline.categories)

    def _agents(self) -> None:
        """Every account (RT-5 through ``effective_agents``), plus the shop's main account
        as a mailbox when offline messages go to a main account the policy does not declare."""
        policy = self.policy
        agents = list(effective_agents(policy))
        known = {a.id for a in agents}
        mailbox = None
        account = self.rules.destination
        if account is not None and account not in known:
            mailbox = Agent(account, "main account", "main", (), (self.default_language,), IMPLICIT_MAIN_CHATS, False)
            agents.append(mailbox)
        self.states: list[AgentState] = []
        self.presences: list[Presence | None] = []
        for order, agent in enumerate(agents):
            presence = presence_of(policy, agent) if agent is not mailbox else None
            self.states.append(AgentState(agent, order, agent.routable, presence.schedule if presence else None))
            self.presences.append(presence)
        self.declared = [s for s in self.states if s.agent is not mailbox]
        teams = sorted({team for _, team in self.rules.groups})
        self.seats = Seats(self.states, policy.routing.mode, teams)

    def _calendar(self) -> None:
        """Work hours, agent schedules and manual offline windows as events on the axis."""
        policy, clock = self.policy, self.clock
        tz, first = policy.tz, clock.first_day
        last = first + timedelta(days=clock.days - 1)
        changes: set[float] = set()
        self.open = False
        for interval in intervals_between(policy.calendar, tz, first, last):
            start, end = clock.axis(interval.start), clock.axis(interval.end)
            if end <= 0.0 or start >= self.horizon:
                continue
            if start <= 0.0:
                self.open = True
            else:
                self._push(start, HOURS, True)
            if end < self.horizon:
                self._push(end, HOURS, False)
            changes.update((start, end))
        if self.open:
            self._event(0.0, "system", "hours_open", None, None, WORK_HOURS)
        for window in policy.offline.manual:
            for edge in (clock.axis(window.start), clock.axis(window.end)):
                if 0.0 < edge < self.horizon:
                    self._push(edge, MANUAL_OFFLINE, None)
                    changes.add(edge)
        self.manual = manual_window(policy, clock.instant(0.0))
        shared: dict[tuple[Calendar, float], tuple[array[float], int, bool]] = {}
        for state, presence in zip(self.states, self.presences, strict=True):
            if presence is not None:
                self._shifts(state, presence, shared, first, last, changes)
        self.transitions = sorted(t for t in changes if 0.0 < t < self.horizon)

    def _shifts(
        self,
        state: AgentState,
        presence: Presence,
        shared: dict[tuple[Calendar, float], tuple[array[float], int, bool]],
        first: date,
        last: date,
        changes: set[float],
    ) -> None:
        """An agent's scheduled status changes and reminders (AG-1..AG-3). Only the next
        one waits on the heap (:meth:`_shift_events` hands the rest over as the clock
        reaches them), so 5,000 agents over 30 days hold their shifts as a few floats
        each; each change keeps the sequence number it would have had if all were
        pushed now, so the order of simultaneous events does not change. Agents on one
        calendar share its edges (``shared``: worked out once per calendar and reminder)."""
        schedule = presence.schedule
        reminder = schedule.reminder.total_seconds() if schedule is not None else 0.0
        found = shared.get((presence.calendar, reminder))
        if found is None:
            found = shared[presence.calendar, reminder] = self._edges(presence, reminder, first, last, changes)
        edges, pushes, online_at_start = found
        comes = presence.comes_online_as
        why = Detail(presence.source_template, (("schedule", schedule.id if schedule else ""),))
        if online_at_start:
            self._set_status(0.0, state, comes, automatic(why))
        if not pushes:
            return
        events = self._shift_events(state, comes, why, edges, reminder, self.seq + 1)
        self.seq += pushes
        t, seq, kind, ref = next(events)
        heappush(self.heap, (t, seq, SHIFT, (events, kind, ref)))

    def _edges(
        self, presence: Presence, reminder: float, first: date, last: date, changes: set[float]
    ) -> tuple[array[float], int, bool]:
        """A calendar's online intervals on the axis (start, end, ...), how many events
        they push for one agent, and whether the first starts online; their edges join
        ``changes``."""
        clock, horizon = self.clock, self.horizon
        edges = array("d")
        pushes = 0
        online_at_start = False
        for interval in online_intervals(self.policy, presence, first, last):
            start, end = clock.axis(interval.start), clock.axis(interval.end)
            if end <= 0.0 or start >= horizon:
                continue
            changes.update((start, end))
            if start <= 0.0:
                online_at_start = True
            else:
                pushes += 1
            if end < horizon:
                pushes += 1 + (reminder > 0.0 and end - reminder > max(start, 0.0))
            edges.extend((start, end))
        return edges, pushes, online_at_start

    def _shift_events(
        self, state: AgentState, comes: str, why: Detail, edges: array[float], reminder: float, seq: int
    ) -> Iterator[tuple[float, int, int, Any]]:
        """The agent's changes in time order, with the sequence numbers :meth:`_shifts`
        set aside for them (in the order start, end, reminder of each interval)."""
        horizon = self.horizon
        for i in range(0, len(edges), 2):
            start, end = edges[i], edges[i + 1]
            if start > 0.0:
                yield start, seq, AUTO_STATUS, (state, comes, why)
                seq += 1
            if end < horizon:
                end_seq = seq
                seq += 1
                if reminder > 0.0 and end - reminder > max(start, 0.0):
                    yield end - reminder, seq, REMINDER, (state, end)
                    seq += 1
                yield end, end_seq, AUTO_STATUS, (state, OFFLINE, why)

    def _scripts(self) -> None:
        """The scenario's agent scripts and explicit visitors."""
        scenario, clock, seats = self.scenario, self.clock, self.seats
        traffic = scenario.traffic
        default_response = traffic.response_time if traffic is not None else None
        scripted = {a.id: a for a in scenario.agents}
        walls = {clock.wall(change.at) for script in scenario.agents for change in script.status_changes}
        walls.update(clock.wall(sv.at) for sv in scenario.visitors)
        for wall in sorted(walls):  # a time a DST change skips or repeats, as explain says it
            self.warnings.extend(instant_messages(self.policy, wall))
        for state in self.states:
            script = scripted.get(state.id)
            distribution = script.response_time if script and script.response_time else default_response
            if distribution is not None:
                state.respond = distribution.sampler(self.rng)
            for change in script.status_changes if script else ():
                t = clock.at(change.at)
                if 0.0 <= t < self.horizon:
                    self._push(t, MANUAL_STATUS, (state, STATUSES[change.status]))
        for sv in scenario.visitors:
            t = clock.at(sv.at)
            if not 0.0 <= t < self.horizon:
                self.outside_run += 1
                continue
            v = Visitor()
            v.arrival, v.handle = t, sv.handle_time
            v.id, v.customer = sv.id, sv.customer
            v.language = sv.language or self.default_language
            v.entry_point, v.order_status = sv.entry_point, sv.order_status
            v.text = " ".join(m.text for m in sv.messages if m.after <= 0.0)
            v.later = tuple((m.after, m.text) for m in sv.messages if m.after > 0.0)
            if sv.returning is not None:
                v.new = False
                v.last_agent = seats.account(sv.returning.last_agent)
                if sv.returning.last_contact is not None:
                    v.last_contact = clock.at(sv.returning.last_contact)
                else:
                    v.last_contact = t - (sv.returning.ago if sv.returning.ago is not None else 3600.0)
            v.patience, v.silent_after, v.answers_warning = sv.patience, sv.silent_after, sv.answers_warning
            v.direct_agent = seats.account(sv.agent) if sv.agent else None
            v.chosen_agent = seats.account(sv.choose_agent) if sv.choose_agent else None
            v.asks_for_human, v.bot_time = sv.asks_for_human, sv.bot_time
            self._push(t, ARRIVE, v)
        if self.outside_run:
            self.warnings.append(
                message(
                    N_("{count} scenario visitor(s) arrive outside the simulated days and are left out"),
                    count=self.outside_run,
                )
            )

    def _set_status(self, t: float, a: AgentState, status: str, why: Detail) -> None:
        """Supplied by :class:`~cs.simulate.agents.Agents`."""
        raise NotImplementedError

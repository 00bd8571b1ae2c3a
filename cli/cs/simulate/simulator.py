"""The discrete-event simulator behind ``cs simulate`` (OPS-3).

One heap of ``(time, seq, kind, ref)`` tuples on a logical clock (float
seconds since local midnight of the first day); ``seq`` breaks ties in push
order, so a run is a pure function of policy, scenario and seed. Timers are
never removed: a timer that no longer applies is recognised and skipped when
it comes up (its visitor moved on, or the token it carries is stale). There
is no process or generator per visitor; all randomness goes through one
``random.Random(seed)``.

Every rule comes from the engine, as for any live user of the library:
offline mode from :func:`cs.engine.decisions.offline_mode`, the first reply
from :func:`~cs.engine.decisions.reply_kind`, who gets a chat from
:func:`cs.engine.routing.route`, who is scheduled online from
:mod:`cs.engine.presence` and :mod:`cs.calendar.hours`, texts from
:func:`cs.engine.snapshot.render_reply`. The simulator keeps the live state
those functions are asked about. ``offline_mode`` is asked again whenever one
of its inputs changes (work hours, a manual offline window, routable agents
online, free capacity), at most once per instant; it reads nothing else, so
its answers are kept per distinct input, and so are ``reply_kind``'s.

The hot path (a synthetic visitor assigned at once, answered at once, ended by
the agent) is written for speed: a handful of calls per visitor, counters
keyed by what is at hand (the visitor's language) and resolved once at the
end, no strings built unless a timeline sink listens.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from heapq import heappop, heappush
from random import Random
from typing import Any, NamedTuple

from cs.calendar.hours import intervals_between
from cs.engine.decisions import (
    Facts,
    OfflineDecision,
    manual_window,
    offline_category,
    offline_mode,
    reply_kind,
    suggested_quick_replies,
)
from cs.engine.presence import IMPLICIT_MAIN_CHATS, Presence, effective_agents, online_intervals, presence_of
from cs.engine.routing import (
    ASSIGN,
    BUSY,
    OFFLINE,
    ONLINE,
    QUEUE,
    ROUTING_LIST,
    Route,
    RoutingRules,
    offline_route,
    route,
)
from cs.engine.schedule_seats import NEW_CUSTOMER
from cs.engine.snapshot import format_instant, render_reply, scheduled_state, service_resumes
from cs.engine.warnings import range_warnings
from cs.messages.values import KIND_PLACEHOLDERS, template_values
from cs.model.policy import Agent, Policy
from cs.model.timefmt import format_duration
from cs.simulate.clock import Clock
from cs.simulate.queue import Queue
from cs.simulate.scenario import Scenario
from cs.simulate.seats import AgentState, Seats
from cs.simulate.stats import WaitStats
from cs.simulate.timeline import Event, Sink
from cs.simulate.traffic import TrafficGenerator
from cs.simulate.visitor import ASSIGNED, BOT, CHAT, DONE, QUEUED, Visitor

# Event kinds on the heap; SYNTH and END are the frequent ones.
SYNTH, END, ARRIVE, PATIENCE, AGENT_REPLY, SEAT_RELEASE, BOT_DONE, MAX_WAIT, DELAY = range(9)
AGENT_WARN, AGENT_TIMEOUT, CUST_WARN, CUST_CLOSE, MESSAGE, AUTO_STATUS, REMINDER = range(9, 16)
MANUAL_STATUS, IDLE, HOURS, MANUAL_OFFLINE, SAMPLE, HOUR = range(16, 22)

ANSWERED_WITHIN = 20.0
"""The service-level threshold of ``answered_within_20s`` (OBS-2)."""

SAMPLE_EVERY = 60.0
"""Seconds between samples of the series behind ``--plot``."""

PROGRESS_EVERY = 1 << 14
"""Events between two progress callbacks."""

STORED = OfflineDecision(True, None)
"""Asked of ``reply_kind`` for a message stored outside offline mode (full queue,
maximum wait, OFF-3 delay, an offline account): the offline reply, or off-hours."""

OFFLINE_REPLIES = ("off_hours", "offline")

UNKNOWN = object()
"""Not decided yet (a kept decision may be None)."""

STATUSES = {ONLINE: ONLINE, BUSY: BUSY, OFFLINE: OFFLINE}
"""Scenario spellings -> the status constants (compared by identity on the hot path)."""


@dataclass(frozen=True)
class OfflinePeriod:
    start: float
    end: float
    trigger: str
    reason: str = ""


class LiveView(NamedTuple):
    statuses: dict[str, str]
    """Agent id -> ONLINE or BUSY, for the agents not offline."""
    offline: OfflineDecision
    reply_kind: str | None
    destination: tuple[str, str | None]
    """Where a new customer's chat goes: (action, account or None for the message pool)."""


@dataclass(frozen=True)
class Sample:
    """The state at one instant of the series behind ``--plot``."""

    t: float
    agents_online: int
    """Accounts not offline."""
    receiving: int
    """Routable agents online (not suspended)."""
    chats: int
    queue: int
    queue_peak: int
    """The longest queue since the previous sample."""


def _seconds(value: timedelta | None) -> float | None:
    return value.total_seconds() if value is not None else None


def _short(seconds: float) -> str:
    """A duration for the timeline: ``12s``, ``3m5s``."""
    return format_duration(timedelta(seconds=round(seconds))) if seconds >= 0.5 else "0s"


class Simulation:
    """One run: build it, :meth:`run` it, read the counters (:mod:`cs.simulate.summary`)."""

    def __init__(
        self,
        policy: Policy,
        scenario: Scenario,
        clock: Clock,
        seed: int,
        sink: Sink | None = None,
        series: bool = False,
        progress: Callable[[float], None] | None = None,
    ) -> None:
        self.policy = policy
        self.scenario = scenario
        self.clock = clock
        self.horizon = clock.horizon
        self.seed = seed
        self.rng = Random(seed)
        self.emit = sink
        self.progress = progress
        self.heap: list[tuple[float, int, int, Any]] = []
        self.seq = 0
        self.dirty = True
        self.started = False
        self.joining: list[AgentState] = []
        """Agents who became able to take from the queue at the current instant (RT-2)."""
        self.warnings: list[str] = []
        for hour in range(math.ceil(self.horizon / 3600.0)):  # first, so each goes before anything else at its instant
            self._push(hour * 3600.0, HOUR, None)
        self._flatten_policy(policy)
        self._counters()
        self._agents()
        self.queue = Queue(self.lifo)
        self.offline = OfflineDecision(False, None)
        self.facts_key: tuple[Any, ...] | None = None
        self._decisions: dict[tuple[Any, ...], OfflineDecision] = {}
        self._reply_kinds: dict[tuple[Any, ...], str | None] = {}
        self._resumes: dict[int, datetime | None] = {}
        self.samples: list[Sample] | None = [] if series else None
        self._calendar()
        self._scripts()
        self.warnings.extend(range_warnings(policy, clock.first_day, clock.first_day + timedelta(days=clock.days - 1)))
        self.traffic: TrafficGenerator | None = None
        if scenario.traffic is not None:
            self.traffic = TrafficGenerator(
                scenario.traffic,
                clock,
                self.rng,
                self.default_language,
                [s for s in self.states if s.routable],
                self.rules.recent_window_s,
            )
            first = self.traffic.next_arrival(0.0)
            if first < self.horizon:
                self._push(first, SYNTH, None)
        if self.samples is not None:
            self._push(0.0, SAMPLE, None)

    # --- set-up -------------------------------------------------------------------------

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

    def _counters(self) -> None:
        self.visitors = 0
        self.served = 0
        self.abandoned = 0
        self.left_message = 0
        self.turned_away = 0
        self.bot_resolved = 0
        self.unanswered = 0
        self.in_flight = 0
        """Visitors between arrival and an outcome."""
        self.sought = 0
        self.queued = 0
        self.within = 0
        self.offline_messages = 0
        self.forwarded = 0
        self.reassigned = 0
        self.customer_timeouts = 0
        self.agent_timeouts = 0
        self.capacity_exceptions = 0
        self.outside_run = 0
        self.waits = WaitStats()
        self.sent: dict[tuple[str, str], int] = {}
        """(message kind, language asked for) -> messages sent; resolved to the language used at the end."""
        self.sent_welcome: dict[str, int] = {}
        self.sent_survey: dict[str, int] = {}
        self.quick: dict[str, int] = {}
        self.destinations: dict[str, int] = {}
        self.categories: dict[str, int] = {}
        self.periods: list[OfflinePeriod] = []
        self.period_start = 0.0
        self.gaps: list[tuple[float, float]] = []
        self.gap_start: float | None = None
        self.queue_area = 0.0
        self.queue_since = 0.0
        self.queue_max = 0
        self.queue_peak = 0
        self.hourly: list[tuple[float, int, int, int, int, float, int]] = []
        """Cumulative (t, visitors, served, abandoned, left_message, wait total, longest queue
        in the hour) at the start of every hour and at the end; differences give the hours."""
        self.hour_queue_max = 0
        self.history: dict[str, tuple[AgentState, float]] = {}
        """Scenario customers: the agent who answered them last, and when (RT-3)."""
        self.welcomed: set[tuple[str, int]] = set()
        """Scenario customers welcomed, by day of the run (MSG-1)."""

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

    def _push(self, t: float, kind: int, ref: Any) -> int:
        self.seq += 1
        heappush(self.heap, (t, self.seq, kind, ref))
        return self.seq

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
            self._event(0.0, "system", "hours_open", None, None, "work hours")
        for window in policy.offline.manual:
            for edge in (clock.axis(window.start), clock.axis(window.end)):
                if 0.0 < edge < self.horizon:
                    self._push(edge, MANUAL_OFFLINE, None)
                    changes.add(edge)
        self.manual = manual_window(policy, clock.instant(0.0))
        for state, presence in zip(self.states, self.presences, strict=True):
            if presence is None:
                continue
            schedule = presence.schedule
            comes = presence.comes_online_as
            reminder = schedule.reminder.total_seconds() if schedule is not None else 0.0
            why = presence.source
            for interval in online_intervals(policy, presence, first, last):
                start, end = clock.axis(interval.start), clock.axis(interval.end)
                if end <= 0.0 or start >= self.horizon:
                    continue
                changes.update((start, end))
                if start <= 0.0:
                    self._set_status(0.0, state, comes, f"automatic ({why})")
                else:
                    self._push(start, AUTO_STATUS, (state, comes, why))
                if end < self.horizon:
                    self._push(end, AUTO_STATUS, (state, OFFLINE, why))
                    if reminder > 0.0 and end - reminder > max(start, 0.0):
                        self._push(end - reminder, REMINDER, (state, end))
        self.transitions = sorted(t for t in changes if 0.0 < t < self.horizon)

    def _scripts(self) -> None:
        """The scenario's agent scripts and explicit visitors."""
        scenario, clock, seats = self.scenario, self.clock, self.seats
        traffic = scenario.traffic
        default_response = traffic.response_time if traffic is not None else None
        scripted = {a.id: a for a in scenario.agents}
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
                f"{self.outside_run} scenario visitor(s) arrive outside the simulated days and are left out"
            )

    # --- the loop -----------------------------------------------------------------------

    def run(self) -> Simulation:
        """Run to the horizon and close the counters."""
        self.advance(self.horizon)
        self._finish()
        return self

    def advance(self, until: float) -> None:
        """Process the events before ``until`` (at most the horizon); a run may be
        advanced in steps and looked at in between (:meth:`live_view`)."""
        heap, horizon = self.heap, self.horizon
        until = min(until, horizon)
        handlers: list[Callable[[float, int, Any], None] | None] = [
            None,
            None,
            self._arrive_event,
            self._patience,
            self._agent_reply,
            self._seat_release,
            self._bot_done,
            self._max_wait,
            self._delay,
            self._agent_warn,
            self._agent_timeout,
            self._customer_warn,
            self._customer_close,
            self._message,
            self._auto_status,
            self._reminder,
            self._manual_status,
            self._idle,
            self._hours,
            self._manual_offline,
            self._sample,
            self._hour,
        ]
        traffic = self.traffic
        progress = self.progress
        countdown = PROGRESS_EVERY
        if not self.started:
            self.started = True
            self._refresh(0.0)
        while heap and heap[0][0] < until:
            t, seq, kind, ref = heappop(heap)
            if kind == SYNTH:  # the next synthetic visitor, and the one after on the heap
                assert traffic is not None
                v = traffic.visitor(t)
                following = traffic.next_arrival(t)
                if following < horizon:
                    self.seq += 1
                    heappush(heap, (following, self.seq, SYNTH, None))
                self._arrive(t, v)
            elif kind == END:
                self._end(t, seq, ref)
            else:
                handlers[kind](t, seq, ref)  # type: ignore[misc]
            if self.dirty and (not heap or heap[0][0] > t):
                if self.joining:
                    self._share_queue(t)
                self._refresh(t)
            if progress is not None:
                countdown -= 1
                if not countdown:
                    countdown = PROGRESS_EVERY
                    progress(t / horizon)

    def _finish(self) -> None:
        end = self.horizon
        if self.offline.on:
            self.periods.append(
                OfflinePeriod(self.period_start, end, self.offline.trigger or "", _reason(self.offline))
            )
        if self.gap_start is not None and end > self.gap_start:
            self.gaps.append((self.gap_start, end))
        for state in self.states:
            state.close(end)
        self._queue_area(end)
        self._hour(end, 0, None)
        if self.progress is not None:
            self.progress(1.0)

    # --- facts and offline mode (OFF-1, OFF-2) ------------------------------------------

    def _refresh(self, t: float) -> None:
        self.dirty = False
        seats = self.seats
        key = (self.manual, self.open, seats.routable_online, seats.free_agents > 0)
        if key == self.facts_key:
            return
        self.facts_key = key
        decision = self._decisions.get(key)
        if decision is None:
            facts = Facts(self.clock.instant(t), self.open, seats.routable_online, seats.free_agents > 0)
            decision = self._decisions[key] = offline_mode(self.policy, facts)
        gap = self.open and seats.routable_online == 0
        if gap and self.gap_start is None:
            self.gap_start = t
        elif not gap and self.gap_start is not None:
            if t > self.gap_start:
                self.gaps.append((self.gap_start, t))
            self.gap_start = None
        before = self.offline
        if decision == before:
            return
        self.offline = decision
        if before.on:
            if t > self.period_start:
                self.periods.append(OfflinePeriod(self.period_start, t, before.trigger or "", _reason(before)))
            if not decision.on:
                self._event(t, "system", "offline_mode_off", None, None, f"ends ({before.trigger} no longer holds)")
        if decision.on:
            self.period_start = t
            why = _reason(decision)
            detail = f"trigger {decision.trigger}" + (f": {why}" if why else "")
            self._event(t, "system", "offline_mode_on", None, None, detail, (("trigger", decision.trigger),))
            if not before.on:
                for v in list(self.queue.waiting()):
                    if not v.stored:
                        self._store(t, v, "offline mode while queued")

    def live_view(self, t: float) -> LiveView:
        """The state after every event up to ``t`` (advance past ``t`` first): what
        ``cs explain`` says at that instant when no visitor came (the property test)."""
        if self.joining:
            self._share_queue(t)
        if self.dirty:
            self._refresh(t)
        seats = self.seats
        facts = Facts(self.clock.instant(t), self.open, seats.routable_online, seats.free_agents > 0)
        found = route(self.rules, seats, NEW_CUSTOMER, self.offline)
        return LiveView(
            {s.id: s.status for s in self.declared if s.status is not OFFLINE},
            self.offline,
            reply_kind(self.policy, facts, self.offline) if self.policy.system_enabled else None,
            (found.action, found.agent.id if found.agent is not None else None),
        )

    def _first_reply(self, t: float, offline: OfflineDecision, capacity_free: bool) -> str | None:
        """``reply_kind`` for the current facts (it reads no clock, so it is kept per input)."""
        key = (offline.on, offline.trigger, offline.manual, self.open, self.seats.routable_online, capacity_free)
        kind = self._reply_kinds.get(key, UNKNOWN)
        if kind is UNKNOWN:
            facts = Facts(self.clock.instant(t), self.open, self.seats.routable_online, capacity_free)
            kind = self._reply_kinds[key] = reply_kind(self.policy, facts, offline)
        return kind  # type: ignore[return-value]

    # --- visitors -----------------------------------------------------------------------

    def _arrive_event(self, t: float, seq: int, v: Visitor) -> None:
        for after, text in v.later:
            if t + after < self.horizon:
                self._push(t + after, MESSAGE, (v, text))
        if v.customer is not None:
            self._recall(v)
        self._arrive(t, v)

    def _arrive(self, t: float, v: Visitor) -> None:
        self.visitors += 1
        if self.emit is not None:
            self._event(t, "visitor", "arrive", v, None, self._describe(v), (("customer", v.customer or v.label),))
        if v.entry_point not in self.entry_points:
            self.turned_away += 1
            v.state = DONE
            if self.emit is not None:
                why = (
                    f"entry point {v.entry_point} is not enabled"
                    if self.policy.system_enabled
                    else "the customer-service system is switched off"
                )
                self._event(t, "system", "turned_away", v, None, f"{why} (ENT-1)", (("outcome", "turned_away"),))
            return
        self.in_flight += 1
        if self.bot and not (self.priority_new and v.new):
            v.state = BOT
            self._event(t, "system", "bot", v, None, "the bot receives first (RT-9)")
            if v.bot_time > 0.0:
                self._push(t + v.bot_time, BOT_DONE, v)
            else:
                self._bot_done(t, 0, v)
            return
        self._request(t, v)

    def _recall(self, v: Visitor) -> None:
        """A scenario customer answered earlier in the run returns to that agent."""
        seen = self.history.get(v.customer)  # type: ignore[arg-type]
        if seen is not None and (v.last_contact is None or seen[1] > v.last_contact):
            v.new = False
            v.last_agent, v.last_contact = seen

    def _describe(self, v: Visitor) -> str:
        parts = [v.language, v.entry_point]
        if v.order_status != "none":
            parts.append(f"order {v.order_status}")
        if not v.new and v.last_agent is not None and v.last_contact is not None:
            parts.append(f"returning (last {v.last_agent.id} {_short(v.arrival - v.last_contact)} ago)")
        if v.direct_agent is not None:
            parts.append(f"writes to {v.direct_agent.id}")
        if v.chosen_agent is not None:
            parts.append(f"chooses {v.chosen_agent.id}")
        if v.text:
            parts.append(repr(v.text))
        return ", ".join(parts)

    def _bot_done(self, t: float, seq: int, v: Visitor) -> None:
        if v.state != BOT:
            return
        asks = v.asks_for_human
        if asks is None:
            asks = self.rng.random() < self.handover_share
        if not asks:
            v.state = DONE
            self.bot_resolved += 1
            self.in_flight -= 1
            self._event(
                t,
                "system",
                "bot_resolved",
                v,
                None,
                "the bot answered; no human needed",
                (("outcome", "bot_resolved"),),
            )
            return
        self._event(t, "visitor", "bot_handover", v, None, "asks for a human")
        self._request(t, v)

    def _request(self, t: float, v: Visitor) -> None:
        """The visitor asks for a human: route (RT, OFF) and send the first reply (MSG)."""
        v.requested = t
        if self.joining:
            self._share_queue(t)
        if self.dirty:
            self._refresh(t)
        if v.last_contact is not None:
            v.last_contact_age = t - v.last_contact
        action, agent, reason, _bypass, team, forwarded, picked = route(self.rules, self.seats, v, self.offline)
        if forwarded is not None:
            self.forwarded += 1
            self._event(
                t, "system", "forwarded", v, forwarded, f"{forwarded.id} is offline; routed to an online agent (OFF-7)"
            )
        if action is ASSIGN:
            assert agent is not None
            self.sought += 1
            if picked and self.round_robin:
                self.seats.advance(team, agent)
            elif reason is ROUTING_LIST:  # OFF-8: the reply of the moment, as explain gives it
                self.seats.routing_list_turn += 1
                self._send(t, v, self._first_reply(t, self.offline, False))
            self._assign(t, v, agent, reason)
        elif action is QUEUE:
            self.sought += 1
            self._enqueue(t, v, team, self._first_reply(t, self.offline, False))
        else:
            self._send(t, v, self._first_reply(t, self.offline if self.offline.on else STORED, False))
            self._leave_message(t, v, Route(action, agent, reason))

    def _assign(self, t: float, v: Visitor, a: AgentState, reason: str) -> None:
        v.state = ASSIGNED
        v.agent = a
        was = a.status
        if was is OFFLINE:
            a.offline_load_change(t)
        load = a.load = a.load + 1
        a.chats += 1
        a.assigned += 1
        a.busy_area -= t
        if a.idle_after is not None:
            a.idle_seq = -1
        if a.routable and self.seats.index(a, a.available and load < a.max):
            self.dirty = True
        emit = self.emit
        exceeds = load > a.max or was is BUSY
        if exceeds:
            self.capacity_exceptions += 1
        respond = a.respond
        response = respond() if respond is not None and was is not OFFLINE else 0.0
        if emit is not None:
            extra = "" if not exceeds else " (capacity bypassed)" if load > a.max else " (suspended bypassed)"
            if was is OFFLINE:
                extra = " (offline: answered when it comes online, OFF-8)"
            served = response <= 0.0 and was is not OFFLINE
            self._event(
                t,
                "system",
                "assign",
                v,
                a,
                f"{reason}{extra}; {a.chats} open chat(s)",
                (("reason", reason), ("bypass", exceeds), ("outcome", "served" if served else None)),
            )
        if self.welcome_on and not v.welcomed and was is not OFFLINE:
            v.welcomed = True
            if v.customer is None and emit is None:
                counts = self.sent_welcome
                counts[v.language] = counts.get(v.language, 0) + 1
            else:
                self._welcome(t, v, a)
        if v.text and self.quick_replies:
            self._suggest(t, v, a, v.text)
        if was is OFFLINE:
            self._wait_timers(t, v)
            a.waiting.append(v)
            return
        self._respond(t, v, a, response)

    def _respond(self, t: float, v: Visitor, a: AgentState, response: float) -> None:
        """The agent answers ``v`` after ``response`` seconds (or times out, TMO-2)."""
        if response <= 0.0:
            self._answered(t, v)
            return
        self._wait_timers(t, v)
        v.assign_no += 1
        ref = (v, v.assign_no)
        timeout = self.agent_timeout
        if timeout is not None and response >= timeout[0]:
            after, warn = timeout
            if warn > 0.0:
                self._push(t + after - warn, AGENT_WARN, ref)
            self._push(t + after, AGENT_TIMEOUT, ref)
        else:
            self._push(t + response, AGENT_REPLY, ref)

    def _welcome(self, t: float, v: Visitor, a: AgentState) -> None:
        """MSG-1: the welcome on assignment, once per scenario customer and local day."""
        if v.customer is not None:
            once = (v.customer, self.clock.day_index(t))
            if once in self.welcomed:
                return
            self.welcomed.add(once)
        self._send(t, v, "welcome", a)

    def _wait_timers(self, t: float, v: Visitor) -> None:
        """Patience and the OFF-3 delay count from the request, once per visit."""
        if v.timers:
            return
        v.timers = True
        if v.patience is not None:
            self._push(max(t, v.requested + v.patience), PATIENCE, v)
        if self.delay is not None and not self.offline.on:
            self._push(max(t, v.requested + self.delay), DELAY, v)

    def _answered(self, t: float, v: Visitor) -> None:
        v.state = CHAT
        if v.customer is not None:
            self.history[v.customer] = (v.agent, t)
        wait = t - v.requested
        waits = self.waits
        if wait > 0.0:
            waits.add(wait)
            if wait <= ANSWERED_WITHIN:
                self.within += 1
        else:
            waits.count += 1
            waits.zeros += 1
            self.within += 1
        self.served += 1
        self.in_flight -= 1
        end = t + v.handle
        if v.silent_after is not None and self.customer_timeout is not None:
            v.end_at = end
            after, warn = self.customer_timeout
            quiet = t + v.silent_after
            if warn > 0.0 and quiet + after - warn < end:
                self._push(quiet + after - warn, CUST_WARN, v)
            elif quiet + after < end:
                self._push(quiet + after, CUST_CLOSE, v)
        self.seq += 1
        heappush(self.heap, (end, self.seq, END, v))

    def _agent_reply(self, t: float, seq: int, ref: tuple[Visitor, int]) -> None:
        v, number = ref
        if v.state != ASSIGNED or v.assign_no != number:
            return
        self._event(
            t, "agent", "agent_reply", v, v.agent, f"answers after {_short(t - v.requested)}", (("outcome", "served"),)
        )
        self._answered(t, v)

    # --- the queue (RT-6) ---------------------------------------------------------------

    def _enqueue(self, t: float, v: Visitor, team: str | None, reply: str | None) -> None:
        queue = self.queue
        if self.max_length is not None and queue.line(team).live >= self.max_length:
            self._send(t, v, self._first_reply(t, STORED, False))
            self._leave_message(t, v, offline_route(self.rules, self.seats, f"queue full ({self.max_length})"))
            return
        self._queue_area(t)
        self.seq += 1
        position = queue.push(v, team, self.seq, self.priority_new and v.new)
        v.state = QUEUED
        v.queued_at = t
        self.queued += 1
        length = queue.length
        if length > self.queue_peak:
            self.queue_peak = length
            if length > self.queue_max:
                self.queue_max = length
        if length > self.hour_queue_max:
            self.hour_queue_max = length
        if self.emit is not None:
            where = f" in the {team} queue" if team else ""
            self._event(t, "system", "queue", v, None, f"position {position}{where}", (("position", position),))
        if reply is not None:
            self._send(t, v, reply, position=position)
        self._wait_timers(t, v)
        if self.max_wait is not None:
            self._push(t + self.max_wait, MAX_WAIT, (v, v.qtoken))

    def _queue_area(self, t: float) -> None:
        self.queue_area += self.queue.length * (t - self.queue_since)
        self.queue_since = t

    def _unqueue(self, t: float, v: Visitor) -> None:
        self._queue_area(t)
        self.queue.left(v)

    def _fill(self, t: float, a: AgentState) -> None:
        """An agent with a free seat takes the next visitors from the (not empty) queue."""
        queue = self.queue
        self._queue_area(t)
        while queue.length and a.available:
            v = queue.next_for(a.line_rank)
            if v is None:
                break
            reason = f"from the queue after {_short(t - v.queued_at)}" if self.emit is not None else ""
            self._assign(t, v, a, reason)

    def _share_queue(self, t: float) -> None:
        """RT-2: agents who came online (or were freed by hand) at the same instant, a
        shift start, share the waiting customers by the routing mode, one at a time,
        instead of the first one processed taking them all."""
        joining, self.joining = list(dict.fromkeys(self.joining)), []
        queue = self.queue
        if not queue.length:
            return
        self._queue_area(t)
        joining.sort(key=lambda s: s.order)
        while queue.length:
            ready = [s for s in joining if s.available]
            if not ready:
                break
            a = ready[0] if self.round_robin else min(ready, key=lambda s: (s.load / s.max, s.order))
            v = queue.next_for(a.line_rank)
            if v is None:
                joining.remove(a)
                continue
            if self.round_robin:  # the next one in turn
                joining.remove(a)
                joining.append(a)
            reason = f"from the queue after {_short(t - v.queued_at)}" if self.emit is not None else ""
            self._assign(t, v, a, reason)

    def _patience(self, t: float, seq: int, v: Visitor) -> None:
        state = v.state
        if state != QUEUED and state != ASSIGNED:
            return
        v.state = DONE
        self.abandoned += 1
        self.in_flight -= 1
        self._event(
            t,
            "visitor",
            "abandon",
            v,
            v.agent if state == ASSIGNED else None,
            f"leaves after waiting {_short(t - v.requested)}",
            (("outcome", "abandoned"),),
        )
        if state == QUEUED:
            self._unqueue(t, v)
        else:
            self._release(t, v)

    def _max_wait(self, t: float, seq: int, ref: tuple[Visitor, int]) -> None:
        v, token = ref
        if v.state != QUEUED or v.qtoken != token:
            return
        self._unqueue(t, v)
        if not v.stored:
            self._send(t, v, self._first_reply(t, STORED, False))
        reason = f"waited the maximum {_short(self.max_wait or 0.0)}"
        self._leave_message(t, v, offline_route(self.rules, self.seats, reason))

    # --- offline messages (OFF-3, OFF-4, OFF-5, OFF-8, OFF-9) ---------------------------

    def _delay(self, t: float, seq: int, v: Visitor) -> None:
        """OFF-3: no agent response within the delay: the offline reply and a recorded
        message; the visitor keeps their place."""
        if v.state in (QUEUED, ASSIGNED) and not v.stored:
            self._store(t, v, f"no answer within {_short(self.delay or 0.0)}")

    def _store(self, t: float, v: Visitor, reason: str) -> None:
        """The offline reply and a recorded message; the visitor keeps their place."""
        self._send(t, v, self._first_reply(t, self.offline if self.offline.on else STORED, False))
        where = offline_route(self.rules, self.seats, reason)
        self._record(t, v, where.agent, where.reason)

    def _leave_message(self, t: float, v: Visitor, where: Route[AgentState]) -> None:
        """The visit ends with an offline message (OFF-4), recorded once."""
        if not v.stored:
            self._record(t, v, where.agent, where.reason, "left_message")
        else:
            self._event(
                t,
                "system",
                "close",
                v,
                None,
                f"leaves ({where.reason}); the offline message recorded earlier stands",
                (("by", "offline_message"), ("outcome", "left_message")),
            )
        v.state = DONE
        self.left_message += 1
        self.in_flight -= 1

    def _record(
        self, t: float, v: Visitor, account: AgentState | None, reason: str, outcome: str | None = None
    ) -> None:
        v.stored = True
        self.offline_messages += 1
        destination = account.id if account is not None else "message_pool"
        self.destinations[destination] = self.destinations.get(destination, 0) + 1
        category = offline_category(self.policy, v.text) if v.text and self.categorised else None
        name = category.id if category is not None else "uncategorised"
        self.categories[name] = self.categories.get(name, 0) + 1
        if self.emit is not None:
            sort = f"; category {category.id}, priority {category.priority} (OFF-9)" if category else ""
            self._event(
                t,
                "system",
                "offline_message",
                v,
                account,
                f"to {destination} ({reason}){sort}",
                (
                    ("destination", destination),
                    ("category", category.id if category else None),
                    ("priority", category.priority if category else None),
                    ("outcome", outcome),
                ),
            )

    # --- conversations ------------------------------------------------------------------

    def _end(self, t: float, seq: int, v: Visitor) -> None:
        if v.state != CHAT:
            return
        v.state = DONE
        if self.emit is None:
            if self.survey_on:
                counts = self.sent_survey
                counts[v.language] = counts.get(v.language, 0) + 1
        else:
            self._event(t, "agent", "close", v, v.agent, "the agent ends the conversation", (("by", "agent"),))
            if self.survey_on:
                self._send(t, v, "survey", v.agent)
        a: AgentState = v.agent
        a.chats -= 1
        if self.release_delay > 0.0:
            a.held += 1
            self._push(t + self.release_delay, SEAT_RELEASE, a)
        else:
            self._free_seat(t, a)
        if not a.chats and a.idle_after is not None and a.status is not OFFLINE:
            a.idle_seq = self._push(t + a.idle_after, IDLE, a)

    def _release(self, t: float, v: Visitor) -> None:
        """A chat ends other than by the agent (a timeout, abandon): the seat frees at once."""
        a: AgentState = v.agent
        a.chats -= 1
        self._free_seat(t, a)
        if not a.chats and a.idle_after is not None and a.status is not OFFLINE:
            a.idle_seq = self._push(t + a.idle_after, IDLE, a)

    def _free_seat(self, t: float, a: AgentState) -> None:
        if a.status is OFFLINE:
            a.offline_load_change(t)
        a.load -= 1
        a.busy_area += t
        if a.routable and self.seats.index(a, a.status is ONLINE and a.load < a.max):
            self.dirty = True
        if a.available and self.queue.length:
            self._fill(t, a)

    def _seat_release(self, t: float, seq: int, a: AgentState) -> None:
        a.held -= 1
        self._event(t, "system", "seat_released", None, a, f"held {_short(self.release_delay)} after the end (RT-8)")
        self._free_seat(t, a)

    def _customer_warn(self, t: float, seq: int, v: Visitor) -> None:
        if v.state != CHAT:
            return
        _, warn = self.customer_timeout  # type: ignore[misc]
        if self.customer_warning_on:
            self._send(t, v, "customer_timeout_warning", v.agent, timeout=warn)
        if v.answers_warning:
            self._event(t, "visitor", "message", v, v.agent, "answers the warning; the conversation goes on")
            return
        if t + warn < v.end_at:
            self._push(t + warn, CUST_CLOSE, v)

    def _customer_close(self, t: float, seq: int, v: Visitor) -> None:
        if v.state != CHAT:
            return
        v.state = DONE
        self.customer_timeouts += 1
        after = self.customer_timeout[0]  # type: ignore[index]
        self._event(
            t,
            "system",
            "close",
            v,
            v.agent,
            f"customer timeout: silent for {_short(after)} (TMO-1)",
            (("by", "customer_timeout"),),
        )
        self._release(t, v)

    def _agent_warn(self, t: float, seq: int, ref: tuple[Visitor, int]) -> None:
        v, number = ref
        if v.state != ASSIGNED or v.assign_no != number or not self.agent_warning_on:
            return
        a = v.agent
        language = a.agent.languages[0] if a.agent.languages else self.default_language
        self._send(t, v, "agent_timeout_warning", a, timeout=self.agent_timeout[1], language=language)  # type: ignore[index]

    def _agent_timeout(self, t: float, seq: int, ref: tuple[Visitor, int]) -> None:
        v, number = ref
        if v.state != ASSIGNED or v.assign_no != number:
            return
        self.agent_timeouts += 1
        a: AgentState = v.agent
        after = _short(self.agent_timeout[0])  # type: ignore[index]
        if not self.reassign_on_timeout:
            v.state = DONE
            self.unanswered += 1
            self.in_flight -= 1
            self._event(
                t,
                "system",
                "close",
                v,
                a,
                f"agent timeout: no answer for {after} (TMO-2)",
                (("by", "agent_timeout"), ("outcome", "unanswered")),
            )
            self._release(t, v)
            return
        self.reassigned += 1
        self._event(t, "system", "reassign", v, a, f"agent timeout: no answer for {after} (TMO-2); to another agent")
        self._release(t, v)
        v.direct_agent = v.last_agent = v.chosen_agent = None
        decision = self._route_without(a, v)
        if decision.action is ASSIGN:
            assert decision.agent is not None
            self._assign(t, v, decision.agent, f"reassigned from {a.id}")
        elif decision.action is QUEUE:
            self._enqueue(t, v, decision.team, None)
        else:
            self._leave_message(t, v, decision)

    def _route_without(self, a: AgentState, v: Visitor) -> Route[AgentState]:
        """Route ``v`` as if ``a`` were suspended: a reassignment goes to someone else."""
        seats, was = self.seats, a.status
        if was is not ONLINE:
            return route(self.rules, seats, v, self.offline)
        a.status = BUSY
        seats.changed(a, was)
        try:
            return route(self.rules, seats, v, self.offline)
        finally:
            a.status = was
            seats.changed(a, BUSY)

    def _message(self, t: float, seq: int, ref: tuple[Visitor, str]) -> None:
        v, text = ref
        if v.state == DONE:
            return
        v.text = f"{v.text} {text}".strip()
        self._event(t, "visitor", "message", v, v.agent, repr(text))
        if v.state == CHAT and self.quick_replies:
            self._suggest(t, v, v.agent, text)

    def _suggest(self, t: float, v: Visitor, a: AgentState, text: str) -> None:
        """QR-1: the quick replies whose keywords the message contains, best first."""
        replies = suggested_quick_replies(self.policy, text)
        if not replies:
            return
        for reply in replies:
            self.quick[reply.id] = self.quick.get(reply.id, 0) + 1
        ids = [r.id for r in replies]
        self._event(
            t, "system", "quick_reply", v, a, f"suggested to {a.id}: {', '.join(ids)}", (("quick_replies", ids),)
        )

    # --- automatic messages (MSG) -------------------------------------------------------

    def _send(
        self,
        t: float,
        v: Visitor,
        kind: str | None,
        a: AgentState | None = None,
        position: int = 0,
        timeout: float = 0.0,
        language: str | None = None,
    ) -> None:
        if kind is None:
            return
        asked = language or v.language
        key = (kind, asked)
        self.sent[key] = self.sent.get(key, 0) + 1
        if self.emit is not None:
            known: dict[str, object] = {
                "customer_name": v.customer or v.label,
                "queue_position": position,
                "question_summary": v.text[:30],
                "agent_name": a.agent.name if a is not None else "",
                "timeout": format_duration(timedelta(seconds=int(timeout))),
            }
            if "next_open" in KIND_PLACEHOLDERS[kind]:
                known["next_open"] = self._next_open(t)
            reply = render_reply(self.policy, kind, asked, template_values(kind, known))
            self._event(
                t,
                "system",
                "warning" if kind.endswith("_warning") else "reply",
                v,
                a,
                f"{kind} ({reply.language}): {reply.text}",
                (("reply_kind", kind), ("language", reply.language), ("text", reply.text)),
            )
        if self.survey_in_offline and kind in OFFLINE_REPLIES:
            self._send(t, v, "survey", a)

    def sent_messages(self) -> dict[tuple[str, str], int]:
        """(kind, language asked for) -> count, all kinds together."""
        counts = dict(self.sent)
        for kind, by_language in (("welcome", self.sent_welcome), ("survey", self.sent_survey)):
            for language, n in by_language.items():
                counts[(kind, language)] = counts.get((kind, language), 0) + n
        return counts

    def _next_open(self, t: float) -> str:
        """{next_open}: when an agent can next take the customer (CAL-6, MSG-4), by
        :func:`cs.engine.snapshot.service_resumes`; the customer is waiting or leaving
        a message, so never the current instant. The same for every instant between
        two scheduled changes, so kept per segment of :attr:`transitions`."""
        segment = bisect_right(self.transitions, t)
        if segment not in self._resumes:
            state = scheduled_state(self.policy, self.clock.instant(t))
            self._resumes[segment] = service_resumes(self.policy, state, blocked=True)
        resumes = self._resumes[segment]
        return format_instant(resumes.astimezone(self.policy.tz)) if resumes is not None else ""

    # --- agents (AG) --------------------------------------------------------------------

    def _set_status(self, t: float, a: AgentState, status: str, why: str) -> None:
        was = a.status
        if was is status:
            return
        a.status_change(t)
        a.status = status
        a.status_changes += 1
        self.seats.changed(a, was)
        if a.routable:
            self.dirty = True
        if self.emit is not None:
            self._event(t, "agent", f"agent_{status}", None, a, why)
            if status is OFFLINE and a.chats:
                self._event(t, "system", "offline_handling", None, a, f"{a.chats} open chat(s) stay with {a.id} (AG-7)")
        if was is OFFLINE and a.waiting:
            waiting, a.waiting = a.waiting, []
            for v in waiting:
                if v.state == ASSIGNED and v.agent is a:
                    response = a.respond() if a.respond is not None else 0.0
                    outcome = (("outcome", "served"),) if response <= 0.0 else ()
                    self._event(t, "agent", "takes_chat", v, a, "the chat assigned while offline (OFF-8)", outcome)
                    self._respond(t, v, a, response)
        if was is OFFLINE and not a.chats and a.idle_after is not None:
            a.idle_seq = self._push(t + a.idle_after, IDLE, a)
        if a.available and self.queue.length:
            self.joining.append(a)

    def _auto_status(self, t: float, seq: int, ref: tuple[AgentState, str, str]) -> None:
        a, status, why = ref
        self._set_status(t, a, status, f"automatic ({why})")

    def _manual_status(self, t: float, seq: int, ref: tuple[AgentState, str]) -> None:
        a, status = ref
        self._set_status(t, a, status, "manual, until the next scheduled change (AG-6)")

    def _reminder(self, t: float, seq: int, ref: tuple[AgentState, float]) -> None:
        a, at = ref
        if a.status is OFFLINE:
            return
        when = self.clock.instant(at).strftime("%H:%M")
        self._event(
            t,
            "system",
            "reminder",
            None,
            a,
            f"automatic offline at {when}, in {_short(at - t)}; {a.chats} open chat(s) (AG-3)",
        )

    def _idle(self, t: float, seq: int, a: AgentState) -> None:
        if a.idle_seq != seq or a.chats or a.status is OFFLINE:
            return
        self._set_status(t, a, OFFLINE, f"idle for {_short(a.idle_after or 0.0)} (AG-5)")

    # --- calendar -----------------------------------------------------------------------

    def _hours(self, t: float, seq: int, opens: bool) -> None:
        self.open = opens
        self.dirty = True
        self._event(t, "system", "hours_open" if opens else "hours_close", None, None, "work hours")

    def _manual_offline(self, t: float, seq: int, ref: None) -> None:
        self.manual = manual_window(self.policy, self.clock.instant(t))
        self.dirty = True

    def _sample(self, t: float, seq: int, ref: None) -> None:
        assert self.samples is not None
        online = sum(1 for s in self.states if s.status is not OFFLINE)
        length = self.queue.length
        chats = sum(s.chats for s in self.states)
        self.samples.append(Sample(t, online, self.seats.routable_online, chats, length, self.queue_peak))
        self.queue_peak = length
        if t + SAMPLE_EVERY < self.horizon:
            self._push(t + SAMPLE_EVERY, SAMPLE, None)

    def _hour(self, t: float, seq: int, ref: None) -> None:
        """Snapshot the cumulative counters behind the hourly figures."""
        self.hourly.append(
            (t, self.visitors, self.served, self.abandoned, self.left_message, self.waits.total, self.hour_queue_max)
        )
        self.hour_queue_max = self.queue.length

    # --- timeline -----------------------------------------------------------------------

    def _event(
        self,
        t: float,
        actor: str,
        kind: str,
        v: Visitor | None,
        a: AgentState | None,
        detail: str,
        data: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        if self.emit is not None:
            self.emit(
                Event(t, actor, kind, v.label if v is not None else None, a.id if a is not None else None, detail, data)
            )


def _reason(decision: OfflineDecision) -> str:
    return decision.manual.reason if decision.manual is not None else ""


def run_simulation(
    policy: Policy,
    scenario: Scenario,
    first_day: date,
    days: int = 1,
    seed: int | None = None,
    sink: Sink | None = None,
    series: bool = False,
    progress: Callable[[float], None] | None = None,
) -> Simulation:
    """Run ``scenario`` against ``policy`` from local midnight of ``first_day`` for
    ``days`` days; ``seed`` defaults to the scenario's, else 0."""
    clock = Clock(policy.tz, first_day, days)
    used = seed if seed is not None else (scenario.seed if scenario.seed is not None else 0)
    return Simulation(policy, scenario, clock, used, sink, series, progress).run()

"""The discrete-event simulator behind ``cs simulate`` (OPS-3): one run.

Every rule comes from the engine, as for any live user of the library:
offline mode from :func:`cs.engine.decisions.offline_mode`, the first reply
from :func:`~cs.engine.decisions.reply_kind`, who gets a chat from
:func:`cs.engine.routing.route`, who is scheduled online from
:mod:`cs.engine.presence` and :mod:`cs.calendar.hours`, texts from
:func:`cs.engine.snapshot.render_reply`. The simulator keeps the live state
those functions are asked about.

It is built by idea, each a class on the one below (see :mod:`cs.simulate.kernel`):
the event kernel (:mod:`~cs.simulate.kernel`), the counters the summary reads
(:mod:`~cs.simulate.counters`), replies and the timeline
(:mod:`~cs.simulate.narration`), setting a run up (:mod:`~cs.simulate.setup`),
offline mode and messages (:mod:`~cs.simulate.offline`), visitors and the queue
(:mod:`~cs.simulate.visitors`), agents and the ends of chats
(:mod:`~cs.simulate.agents`). :class:`Simulation` puts them together: it builds
the run, names the handler of every event kind, and answers the live view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, NamedTuple

from cs.engine.decisions import Facts, OfflineDecision, reply_kind
from cs.engine.routing import OFFLINE, route
from cs.engine.schedule_seats import NEW_CUSTOMER
from cs.engine.warnings import range_messages
from cs.model.policy import Policy
from cs.simulate.agents import Agents
from cs.simulate.clock import Clock
from cs.simulate.kernel import HOUR, SAMPLE
from cs.simulate.queue import Queue
from cs.simulate.scenario import Scenario
from cs.simulate.timeline import Sink
from cs.simulate.traffic import TrafficGenerator
from cs.simulate.visitor import Visitor


class LiveView(NamedTuple):
    statuses: dict[str, str]
    """Agent id -> ONLINE or BUSY, for the agents not offline."""
    offline: OfflineDecision
    reply_kind: str | None
    destination: tuple[str, str | None]
    """Where a new customer's chat goes: (action, account or None for the message pool)."""


class Simulation(Agents):
    """One run: build it, :meth:`run` it, read the counters (:mod:`cs.simulate.summary`)."""

    __slots__ = ("_decisions", "_reply_kinds", "_resumes", "queue", "samples")

    def __init__(
        self,
        policy: Policy,
        scenario: Scenario,
        clock: Clock,
        seed: int,
        sink: Sink | None = None,
        series: bool = False,
        progress: Callable[[float], None] | None = None,
        fast: bool = True,
    ) -> None:
        super().__init__(policy, scenario, clock, seed, sink, progress)
        self.fast = fast
        self.heap.append((0.0, 0, HOUR, None))
        self._flatten_policy(policy)
        self._counters()
        self._agents()
        self.queue = Queue(self.lifo)
        self.offline = OfflineDecision(False, None)
        self.facts_key = None
        self._decisions = {}
        self._reply_kinds = {}
        self._resumes = {}
        self.samples = [] if series else None
        self._calendar()
        self._scripts()
        last_day = clock.first_day + timedelta(days=clock.days - 1)
        beyond = range_messages(policy, clock.first_day, last_day)
        self.warnings.extend(beyond)
        self._warned_until = date.max if beyond else last_day
        if scenario.traffic is not None:
            self.traffic = TrafficGenerator(
                scenario.traffic,
                clock,
                self.rng,
                self.default_language,
                [s for s in self.states if s.routable],
                self.rules.recent_window_s,
            )
            self._draw_arrival(self.traffic, 0.0)
            self.plain = self._plain(self.traffic) if fast else None
            self.plain_waits = (
                self.plain is not None
                and self.traffic.patience is None
                and self.max_length is None
                and self.max_wait is None
                and self.delay is None
            )
        if self.samples is not None:
            self._push(0.0, SAMPLE, None)

    def _plain(self, traffic: TrafficGenerator) -> Visitor | None:
        """The request of every synthetic visitor when they can be served without a
        :class:`Visitor` (:meth:`_synthetic`): no timeline, nothing drawn per visitor
        but handle time and patience, an enabled entry point, no bot first, no
        quick replies to suggest. None otherwise."""
        plain = traffic.plain_visitor(0.0, 0.0, None)  # what every synthetic visitor shares
        if (
            self.emit is not None
            or traffic.varied
            or plain.entry_point not in self.entry_points
            or (self.bot and not self.priority_new)
            or (plain.text and self.quick_replies)
        ):
            return None
        self.plain_language = plain.language
        return plain

    def run(self) -> Simulation:
        """Run to the horizon and close the counters."""
        self.advance(self.horizon)
        self._finish()
        return self

    def _handlers(self) -> list[Callable[[float, int, Any], None] | None]:
        return [
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
            self._shift,
        ]

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


def run_simulation(
    policy: Policy,
    scenario: Scenario,
    first_day: date,
    days: int = 1,
    seed: int | None = None,
    sink: Sink | None = None,
    series: bool = False,
    progress: Callable[[float], None] | None = None,
    fast: bool = True,
) -> Simulation:
    """Run ``scenario`` against ``policy`` from local midnight of ``first_day`` for
    ``days`` days; ``seed`` defaults to the scenario's, else 0."""
    clock = Clock(policy.tz, first_day, days)
    used = seed if seed is not None else (scenario.seed if scenario.seed is not None else 0)
    return Simulation(policy, scenario, clock, used, sink, series, progress, fast).run()

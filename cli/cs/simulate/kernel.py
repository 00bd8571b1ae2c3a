"""The event kernel of the simulator (OPS-3): one heap, a logical clock, the event kinds.

One heap of ``(time, seq, kind, ref)`` tuples on a logical clock (float
seconds since local midnight of the first day); ``seq`` breaks ties in push
order, so a run is a pure function of policy, scenario and seed. Timers are
never removed: a timer that no longer applies is recognised and skipped by its
handler when it comes up (its visitor moved on, or the token it carries is
stale). There is no process or generator per visitor; all randomness goes
through one ``random.Random(seed)``.

Sequence numbers: 0 for the start of an hour (before anything else at its
instant), then in push order; the next synthetic arrival, agents' scheduled
changes and reminders wait off the heap or one at a time, each with the number
it would have had if pushed at once, so ties resolve as if they had been. The
run loop is :meth:`~cs.simulate.visitors.Visitors.advance`, in the class that
knows what the frequent events (an arrival, the end of a chat) mean; the rarer
kinds go through the handler table (:meth:`~cs.simulate.simulator.Simulation._handlers`).
The simulator is a chain of classes, one idea each, so that mypyc compiles it
as one native class (single inheritance: every attribute a slot, every call one
vtable hop): :class:`Kernel` <- :class:`~cs.simulate.counters.Counters` <-
:class:`~cs.simulate.narration.Narration` <- :class:`~cs.simulate.setup.Setup`
<- :class:`~cs.simulate.offline.Offline` <- :class:`~cs.simulate.visitors.Visitors`
<- :class:`~cs.simulate.agents.Agents` <- :class:`~cs.simulate.simulator.Simulation`.
What a class calls further up the chain it names as a method that raises here,
and the class above overrides it. Each class lists the attributes it introduces
in ``__slots__``: interpreted, the run's hundred attributes are slots, not one
instance dict too large for Python's fast attribute paths (a run takes about 8%
less time).
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappush
from random import Random
from typing import Any

from cs.model.policy import Policy
from cs.simulate.clock import Clock
from cs.simulate.scenario import Scenario
from cs.simulate.seats import AgentState
from cs.simulate.timeline import Sink
from cs.simulate.traffic import TrafficGenerator
from cs.simulate.visitor import Visitor

# Event kinds on the heap; FREE and END are the frequent ones.
FREE, END, ARRIVE, PATIENCE, AGENT_REPLY, SEAT_RELEASE, BOT_DONE, MAX_WAIT, DELAY = range(9)
AGENT_WARN, AGENT_TIMEOUT, CUST_WARN, CUST_CLOSE, MESSAGE, AUTO_STATUS, REMINDER = range(9, 16)
MANUAL_STATUS, IDLE, HOURS, MANUAL_OFFLINE, SAMPLE, HOUR, SHIFT = range(16, 23)

INFINITY = float("inf")

PROGRESS_EVERY = 1 << 14
"""Events between two progress callbacks."""


class Kernel:
    """The heap, the logical clock and the loop; the handlers come from subclasses."""

    __slots__ = (
        "arrival_seq",
        "clock",
        "dirty",
        "emit",
        "fast",
        "heap",
        "horizon",
        "joining",
        "next_arrival",
        "plain",
        "plain_by_mode",
        "plain_queued",
        "plain_waits",
        "policy",
        "progress",
        "queued_plain",
        "rng",
        "scenario",
        "seed",
        "seq",
        "started",
        "traffic",
    )

    def __init__(
        self,
        policy: Policy,
        scenario: Scenario,
        clock: Clock,
        seed: int,
        sink: Sink | None,
        progress: Callable[[float], None] | None,
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
        self.traffic: TrafficGenerator | None = None
        self.next_arrival = INFINITY
        """When the next synthetic visitor arrives (not on the heap, see :meth:`advance`)."""
        self.arrival_seq = 0
        self.fast = True
        """Take the fast paths (tests turn them off to compare with the general ones)."""
        self.plain: Visitor | None = None
        """The request every synthetic visitor makes, when they need no :class:`Visitor`."""
        self.plain_waits = False
        """A plain visitor who queues has nothing timed on the wait (no patience, maximum
        wait, OFF-3 delay or queue limit): :meth:`~cs.simulate.visitors.Visitors._queue_plain`."""
        self.plain_queued: Any = None
        """The engine's route for :attr:`plain` when it queued in the common queue (no
        team) and the count of the first reply sent (a cell of ``sent_plain``), kept
        until the state they depend on changes: a seat free anywhere, offline mode, an
        agent's status (every such change sets :attr:`dirty`; :meth:`_refresh` drops
        them). A team's queue is not kept: a seat of that team can free while another
        team's stays free, which changes no count that sets :attr:`dirty`."""
        self.plain_by_mode = False
        """The engine's last route for :attr:`plain` was by the routing mode alone
        (:func:`cs.engine.routing.by_mode`), so its pick (``Seats.pick``) may be asked
        again instead of :func:`~cs.engine.routing.route` until :meth:`_refresh`
        (which clears it)."""
        self.queued_plain = 0
        """Visitors queued by :meth:`~cs.simulate.visitors.Visitors._queue_plain` (tests check the path is taken)."""

    def _push(self, t: float, kind: int, ref: Any) -> int:
        self.seq += 1
        heappush(self.heap, (t, self.seq, kind, ref))
        return self.seq

    # --- supplied by the classes above ------------------------------------------------

    def _refresh(self, t: float) -> None:
        raise NotImplementedError

    def _share_queue(self, t: float) -> None:
        raise NotImplementedError

"""Agents' live state and the :class:`~cs.engine.routing.Seats` view the simulator
gives the routing rules.

The routing modes are defined by :func:`cs.engine.routing.least_loaded` and
:func:`~cs.engine.routing.round_robin` (linear scans). With 50 agents a scan
per arrival would dominate the run, so each pool (all routable agents, and
each team under group routing) keeps an index that answers the same question
in O(log n): a heap of plain ints that compare as ``(load/max_chats, listed
order)`` (:func:`assign_keys`), stale entries dropped lazily (least loaded), or the
sorted list of the listed orders of the agents with a free seat (round robin).
Tests check both against the reference scans.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Callable, Sequence
from functools import partial
from heapq import heappop, heappush
from typing import Any

from cs.engine.routing import BUSY, OFFLINE, ONLINE, line_rank
from cs.model.policy import Agent, Schedule


class AgentState:
    """One account during a run."""

    # The fields a chat reads and writes first, so they share the object's first cache
    # lines (5,000 agents do not all stay in cache between a chat's start and end).
    __slots__ = (  # noqa: RUF023
        "status",
        "load",
        "max",
        "chats",
        "available",
        "key",
        "ranks",
        "order",
        "pools",
        "respond",
        "routable",
        "idle_after",
        "idle_seq",
        "assigned",
        "busy_area",
        "held",
        "agent",
        "area_since",
        "id",
        "line_rank",
        "offline_busy_area",
        "online_area",
        "schedule",
        "status_changes",
        "teams",
        "waiting",
    )

    line_rank: Callable[[str | None], int | None]
    """Whether and how soon the agent takes from a team's line (None: the common one):
    :func:`cs.engine.routing.line_rank` for its teams, bound by :class:`Seats`."""

    def __init__(self, agent: Agent, order: int, routable: bool, schedule: Schedule | None) -> None:
        self.agent = agent
        self.id = agent.id
        self.order = order
        self.max = agent.max_chats
        self.routable = routable
        self.teams = agent.teams
        self.schedule = schedule
        self.status = OFFLINE
        self.load = 0
        """Occupied seats: open chats plus seats still held after an end (RT-8)."""
        self.chats = 0
        self.held = 0
        self.available = False
        """Routable, ONLINE and with a free seat."""
        self.key = -1
        """The key of its entries in the least-loaded heaps while available, else -1:
        an entry is live while it equals this."""
        self.ranks: list[int] = []
        """Its heap key at each load below ``max``, less its order (:func:`assign_keys`)."""
        self.pools: tuple[Pool, ...] = ()
        """The pools it belongs to; agents in the same pools share one tuple."""
        self.idle_after = schedule.idle_offline.total_seconds() if schedule and schedule.idle_offline else None
        self.idle_seq = -1
        self.waiting: list[Any] = []
        """Visitors assigned while the account was offline (OFF-8 routing list): they
        are answered once it comes online."""
        self.respond: Callable[[], float] | None = None
        """Draws the agent's response time; None: answers at once."""
        self.assigned = 0
        self.status_changes = 0
        self.area_since = 0.0
        self.online_area = 0.0
        """Seconds not OFFLINE."""
        self.busy_area = 0.0
        """Occupied seat-seconds: minus the instant each seat is taken, plus the
        instant it is freed; seats still taken at the end are closed by :meth:`close`."""
        self.offline_busy_area = 0.0
        """Occupied seat-seconds while OFFLINE (offline handling, AG-7)."""

    def status_change(self, t: float) -> None:
        """Account the time since the last status change; call before changing it."""
        dt = t - self.area_since
        if self.status is OFFLINE:
            self.offline_busy_area += dt * self.load
        else:
            self.online_area += dt
        self.area_since = t

    def offline_load_change(self, t: float) -> None:
        """Account offline handling; call before the load changes while OFFLINE."""
        self.offline_busy_area += (t - self.area_since) * self.load
        self.area_since = t

    def close(self, t: float) -> None:
        """The end of the run."""
        self.status_change(t)
        self.busy_area += self.load * t

    def __repr__(self) -> str:
        return f"<{self.id} {self.status} {self.load}/{self.max}>"


def assign_keys(states: Sequence[AgentState]) -> int:
    """Set every agent's :attr:`AgentState.ranks` for the least-loaded heap keys, plain
    ints ``rank << bits | order``: ``rank`` is the place of ``load/max_chats`` among
    every such fraction the run's agents can have (exact: two fractions with
    denominators up to 500 differ as floats) and ``bits`` holds any listed order, so
    keys compare as ``(load/max_chats, listed order)`` do, and cheaply (small ints
    cheapest). Agents with the same ``max_chats`` share one list. Returns the mask that
    takes the order out of a key."""
    bits = max(len(states) - 1, 1).bit_length()
    maxima = {s.max for s in states}
    fractions = sorted({load / m for m in maxima for load in range(m)})
    rank = {f: i << bits for i, f in enumerate(fractions)}
    ranks = {m: [rank[load / m] for load in range(m)] for m in maxima}
    for s in states:
        s.ranks = ranks[s.max]
    return (1 << bits) - 1


class Pool:
    """The routable agents of one team (or all of them) and the index of the routing
    mode (:meth:`Seats.pick` reads it)."""

    __slots__ = ("by_order", "free", "heap", "last", "mask", "members", "online")

    def __init__(self, by_order: list[AgentState], mask: int) -> None:
        self.by_order = by_order
        self.mask = mask
        """Takes the listed order out of a heap key (:func:`assign_keys`)."""
        self.members: list[AgentState] = []
        self.heap: list[int] = []
        """Least loaded: heap keys of the members (:func:`assign_keys`), live or stale."""
        self.free: list[int] = []
        """Round robin: listed orders of the members with a free seat, sorted."""
        self.last = -1
        """Round robin: listed order of the member assigned last."""
        self.online = 0
        """Members ONLINE."""

    def compact(self) -> None:
        """Drop stale and repeated heap entries so the heap stays a few times the pool's size."""
        by_order, mask = self.by_order, self.mask
        self.heap = sorted({key for key in self.heap if by_order[key & mask].key == key})


class Seats:
    """The live :class:`~cs.engine.routing.Seats` view over all accounts of a run."""

    def __init__(self, states: Sequence[AgentState], mode: str, teams: Sequence[str]) -> None:
        self.states = list(states)
        self.by_id = {s.id: s for s in self.states}
        self.round_robin = mode == "round_robin"
        by_order = sorted(self.states, key=lambda s: s.order)
        assert [s.order for s in by_order] == list(range(len(by_order))), "orders are 0..n-1"
        mask = assign_keys(self.states)
        self.everyone = Pool(by_order, mask)
        self.teams = {team: Pool(by_order, mask) for team in teams}
        shared: dict[tuple[Pool, ...], tuple[Pool, ...]] = {}
        for s in self.states:
            s.line_rank = partial(line_rank, self, s.teams)
            if not s.routable:
                continue
            pools = (self.everyone, *(self.teams[t] for t in s.teams if t in self.teams))
            s.pools = shared.setdefault(pools, pools)
            for pool in s.pools:
                pool.members.append(s)
        self.free_agents = 0
        """Routable agents ONLINE with a free seat (Facts.capacity_free)."""
        self.routable_online = 0
        """Routable agents ONLINE (Facts.routable_online)."""
        self.routable_not_offline = 0
        self.routing_list_turn = 0
        self._heap_limit = 8 * len(self.states) + 64

    # --- the routing view ---------------------------------------------------------------

    def status(self, agent: AgentState) -> str:
        return agent.status

    def has_free_seat(self, agent: AgentState) -> bool:
        return agent.load < agent.max

    def routable(self, agent: AgentState) -> bool:
        return agent.routable

    def pick(self, team: str | None) -> AgentState | None:
        pool = self.everyone if team is None else self.teams.get(team)
        if pool is None:
            return None
        if self.round_robin:
            free = pool.free
            if not free:
                return None
            i = bisect_right(free, pool.last)
            return pool.by_order[free[i] if i < len(free) else free[0]]
        heap, by_order, mask = pool.heap, pool.by_order, pool.mask
        while heap:
            key = heap[0]
            agent = by_order[key & mask]
            if agent.key == key:
                return agent
            heappop(heap)
        return None

    def all_routable_offline(self) -> bool:
        return self.routable_not_offline == 0

    def online_in(self, team: str) -> int:
        pool = self.teams.get(team)
        return pool.online if pool is not None else 0

    def account(self, agent_id: str) -> AgentState:
        return self.by_id[agent_id]

    # --- changes ------------------------------------------------------------------------

    def advance(self, team: str | None, agent: AgentState) -> None:
        """Round robin: ``agent`` was the pool's pick, so the next pick starts after it."""
        pool = self.everyone if team is None else self.teams[team]
        pool.last = agent.order

    def changed(self, agent: AgentState, was_status: str) -> bool:
        """Re-index ``agent`` after its status changed from ``was_status``.
        True when that made free capacity appear or vanish."""
        if not agent.routable:
            return False
        status = agent.status
        if was_status is not status:
            if was_status is ONLINE or status is ONLINE:
                step = 1 if status is ONLINE else -1
                self.routable_online += step
                for pool in agent.pools:
                    pool.online += step
            if was_status is OFFLINE:
                self.routable_not_offline += 1
            elif status is OFFLINE:
                self.routable_not_offline -= 1
        return self.index(agent, status is ONLINE and agent.load < agent.max)

    def index(self, agent: AgentState, available: bool) -> bool:
        """Re-index a routable ``agent`` after its load or status changed; ``available``:
        ONLINE with a free seat now. True when free capacity appeared or vanished.
        (Called twice per chat: each case returns as soon as it is done.)"""
        if self.round_robin:
            return self._index_round_robin(agent, available)
        if available:
            key = agent.ranks[agent.load] | agent.order
            if key != agent.key:  # else its live entries stand
                agent.key = key
                for pool in agent.pools:
                    heap = pool.heap
                    heappush(heap, key)
                    if len(heap) > self._heap_limit:
                        pool.compact()
            if agent.available:
                return False
            agent.available = True
            self.free_agents += 1
            return self.free_agents == 1
        agent.key = -1
        if not agent.available:
            return False
        agent.available = False
        self.free_agents -= 1
        return not self.free_agents

    def _index_round_robin(self, agent: AgentState, available: bool) -> bool:
        if agent.available is available:
            return False
        agent.available = available
        for pool in agent.pools:
            if available:
                insort(pool.free, agent.order)
            else:
                pool.free.remove(agent.order)
        self.free_agents += 1 if available else -1
        return self.free_agents == (1 if available else 0)


__all__ = ["BUSY", "OFFLINE", "ONLINE", "AgentState", "Pool", "Seats"]

"""Who the policy has on the floor in each interval: the one place ``cs staff`` asks the engine.

``scheduled`` must mean exactly what ``cs explain`` shows (schedules, holidays,
exceptions, manual offline windows), so it is read from
:func:`cs.engine.snapshot.snapshot`; no rule of who is online is repeated here.
A snapshot says when the state next changes (``next_transition``), so the walk
asks the engine once per change, not once per interval, and at least once per
local day (a snapshot that finds no change within its search says None).
The routable accounts (with RT-5's main account when nobody else is) come from
the engine too: they give a model agent its seats (:func:`chats_per_agent`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from itertools import pairwise

from cs.engine.presence import effective_agents
from cs.engine.snapshot import snapshot
from cs.model.policy import Policy

Member = tuple[tuple[str, ...], int]
"""A routable agent online: its teams and its ``max_chats``."""

Crew = tuple[Member, ...]
"""The routable agents online at one moment."""


@dataclass(frozen=True)
class Floor:
    open: bool
    """The service takes chats at some moment of the interval (work hours, not offline by hand)."""
    agents: int
    """The fewest routable agents scheduled online while it is open (0 when closed)."""
    crews: tuple[Crew, ...] = ()
    """Who is on the floor in each stretch of the interval while it is open, the engine's
    spans in order: the teams of each routable agent online (what group routing reads)."""
    opened: tuple[tuple[datetime, datetime], ...] = ()
    """The stretches of the interval in which the service is open, in order (local time): the
    whole interval, or less where the hours (or a manual offline window) begin or end inside it."""

    @property
    def seats(self) -> int:
        """The fewest chats those agents take at once (their ``max_chats`` summed) while it is open."""
        return min((sum(chats for _, chats in crew) for crew in self.crews), default=0)


@dataclass(frozen=True)
class _Span:
    start: datetime
    end: datetime
    open: bool
    crew: Crew


def _spans(policy: Policy, start: datetime, stop: datetime) -> list[_Span]:
    """The run cut where the engine says the state changes."""
    spans = []
    at = start
    while at < stop:
        snap = snapshot(policy, at)
        midnight = datetime.combine(at.astimezone(policy.tz).date() + timedelta(days=1), time(), policy.tz)
        change = snap.next_transition[0] if snap.next_transition is not None else midnight
        until = min(change, midnight, stop)
        manual = snap.offline.on and snap.offline.trigger == "manual"
        taking = snap.open and snap.chat_possible and not manual
        receiving = [p for p in snap.agents_online if p.agent.routable and p.agent.id not in snap.suspended]
        crew = tuple((p.agent.teams, p.agent.max_chats) for p in receiving) if taking else ()
        spans.append(_Span(at, until, taking, crew))
        at = until
    return spans


def floors(policy: Policy, edges: Sequence[datetime]) -> list[Floor]:
    """For each interval between consecutive ``edges``: open or not, the fewest agents while
    open, and when it is open.

    The edges are compared in UTC: Python compares two datetimes of one zone by their wall
    clock, which puts 02:30 before the second 02:00 of the night the clocks go back."""
    edges = [edge.astimezone(UTC) for edge in edges]
    spans = _spans(policy, edges[0], edges[-1]) if len(edges) > 1 else []
    found = []
    k = 0
    for start, end in pairwise(edges):
        while k < len(spans) and spans[k].end <= start:
            k += 1
        inside: list[Crew] = []
        opened: list[tuple[datetime, datetime]] = []
        j = k
        while j < len(spans) and spans[j].start < end:
            span = spans[j]
            if span.open:
                inside.append(span.crew)
                begin, until = max(span.start, start), min(span.end, end)
                if opened and opened[-1][1] >= begin:
                    opened[-1] = (opened[-1][0], until)
                else:
                    opened.append((begin, until))
            j += 1
        local = tuple((a.astimezone(policy.tz), b.astimezone(policy.tz)) for a, b in opened)
        found.append(Floor(bool(inside), min((len(c) for c in inside), default=0), tuple(inside), local))
    return found


def chats_per_agent(policy: Policy) -> int:
    """The seats of one model agent: the routable agents' mean ``max_chats``, rounded down."""
    return mean_chats([a.max_chats for a in effective_agents(policy) if a.routable])


def mean_chats(max_chats: Sequence[int]) -> int:
    """The seats of one model agent standing for agents of these ``max_chats``: their mean,
    rounded down (a model agent takes a whole number of chats); 1 for nobody."""
    return max(1, math.floor(sum(max_chats) / len(max_chats))) if max_chats else 1

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
from datetime import datetime, time, timedelta
from itertools import pairwise

from cs.engine.presence import effective_agents
from cs.engine.snapshot import snapshot
from cs.model.policy import Policy


@dataclass(frozen=True)
class Floor:
    open: bool
    """The service takes chats at some moment of the interval (work hours, not offline by hand)."""
    agents: int
    """The fewest routable agents scheduled online while it is open (0 when closed)."""


@dataclass(frozen=True)
class _Span:
    start: datetime
    end: datetime
    open: bool
    agents: int


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
        online = sum(1 for presence in snap.agents_online if presence.agent.routable)
        spans.append(_Span(at, until, taking, online if taking else 0))
        at = until
    return spans


def floors(policy: Policy, edges: Sequence[datetime]) -> list[Floor]:
    """For each interval between consecutive ``edges``: open or not, and the fewest agents while open."""
    spans = _spans(policy, edges[0], edges[-1]) if len(edges) > 1 else []
    found = []
    k = 0
    for start, end in pairwise(edges):
        while k < len(spans) and spans[k].end <= start:
            k += 1
        inside = []
        j = k
        while j < len(spans) and spans[j].start < end:
            if spans[j].open:
                inside.append(spans[j].agents)
            j += 1
        found.append(Floor(bool(inside), min(inside) if inside else 0))
    return found


def chats_per_agent(policy: Policy) -> int:
    """The seats of one model agent: the routable agents' mean ``max_chats``, rounded down."""
    routable = [a.max_chats for a in effective_agents(policy) if a.routable]
    return max(1, math.floor(sum(routable) / len(routable))) if routable else 1

"""Who the policy has on the floor in an interval: the one place ``cs staff`` asks the engine.

``scheduled`` must mean exactly what ``cs explain`` shows (schedules, holidays,
exceptions, manual offline windows), so it is read from
:func:`cs.engine.snapshot.snapshot`, walking its ``next_transition`` through
the interval; no rule of who is online is repeated here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cs.engine.snapshot import snapshot
from cs.model.policy import Policy


@dataclass(frozen=True)
class Floor:
    open: bool
    """The service takes chats at some moment of the interval (work hours, not offline by hand)."""
    agents: int
    """The fewest routable agents scheduled online while it is open (0 when closed)."""


def floor_between(policy: Policy, start: datetime, end: datetime) -> Floor:
    at = start
    fewest: int | None = None
    while True:
        snap = snapshot(policy, at)
        manual = snap.offline.on and snap.offline.trigger == "manual"
        if snap.open and snap.chat_possible and not manual:
            online = sum(1 for presence in snap.agents_online if presence.agent.routable)
            fewest = online if fewest is None else min(fewest, online)
        change = snap.next_transition
        if change is None or change[0] >= end:
            break
        at = change[0]
    return Floor(fewest is not None, fewest or 0)

"""The timeline: one :class:`Event` per thing that happens, in the order it happens.

The simulator hands events to a sink (any callable): a list's ``append`` for
small runs, a streaming writer for big ones, or no sink at all with
``--summary-only`` so memory stays flat however long the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ACTORS = ("visitor", "agent", "system")

EVENT_KINDS = (
    "arrive",
    "turned_away",
    "bot",
    "bot_handover",
    "bot_resolved",
    "assign",
    "queue",
    "reply",
    "warning",
    "agent_reply",
    "takes_chat",
    "quick_reply",
    "message",
    "forwarded",
    "reassign",
    "offline_message",
    "abandon",
    "close",
    "seat_released",
    "agent_online",
    "agent_busy",
    "agent_offline",
    "offline_handling",
    "reminder",
    "hours_open",
    "hours_close",
    "offline_mode_on",
    "offline_mode_off",
)
"""Every event kind, stable names (docs/simulate.md describes each)."""


@dataclass(frozen=True, slots=True)
class Event:
    t: float
    """Seconds since local midnight of the first day."""
    actor: str
    kind: str
    visitor: str | None
    agent: str | None
    detail: str
    data: tuple[tuple[str, Any], ...] = ()
    """Machine-readable extras, e.g. (("reply_kind", "welcome"), ("language", "zh"), ("text", ...))."""


Sink = Callable[[Event], None]

"""The timeline: one :class:`Event` per thing that happens, in the order it happens.

The simulator hands events to a sink (any callable): a list's ``append`` for
small runs, a streaming writer for big ones, or no sink at all with
``--summary-only`` so memory stays flat however long the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

ACTORS = ("visitor", "agent", "system")

REPLY_EXTRAS = ("reply_kind", "language", "text")

EVENT_EXTRAS: dict[str, tuple[str, ...]] = {
    "arrive": ("customer",),
    "turned_away": ("outcome",),
    "bot": (),
    "bot_handover": (),
    "bot_resolved": ("outcome",),
    "assign": ("reason", "bypass", "outcome"),
    "queue": ("position",),
    "reply": REPLY_EXTRAS,
    "warning": REPLY_EXTRAS,
    "agent_reply": ("outcome",),
    "takes_chat": ("outcome",),
    "quick_reply": ("quick_replies",),
    "message": (),
    "forwarded": (),
    "reassign": (),
    "offline_message": ("destination", "category", "priority", "outcome"),
    "abandon": ("outcome",),
    "close": ("by", "outcome"),
    "seat_released": (),
    "agent_online": (),
    "agent_busy": (),
    "agent_offline": (),
    "offline_handling": (),
    "reminder": (),
    "hours_open": (),
    "hours_close": (),
    "offline_mode_on": ("trigger",),
    "offline_mode_off": (),
}
"""Every event kind, stable names, with the extras its events can carry
(docs/simulate.md describes each)."""

EVENT_KINDS = tuple(EVENT_EXTRAS)

OUTCOMES = ("served", "unanswered", "left_message", "turned_away", "bot_resolved", "abandoned")
"""How a visit ends: the ``outcome`` extra, on at most one event per visitor."""

CLOSED_BY = ("agent", "customer_timeout", "agent_timeout", "offline_message")
"""Who or what ends a chat: the ``by`` extra of ``close`` events."""


class Detail(NamedTuple):
    """An event's detail as a sentence template marked with ``N_`` and its fields, a
    field being a value or a :class:`Detail` itself (a reason inside a sentence).
    The English text is what the machine formats write; :meth:`shown` is the same
    sentence in the language of the process, for the table and markdown timelines."""

    template: str
    fields: tuple[tuple[str, Any], ...] = ()

    def english(self) -> str:
        if not self.fields:
            return self.template
        return self.template.format(**{k: v.english() if isinstance(v, Detail) else v for k, v in self.fields})

    def shown(self, translated: Callable[[str], str]) -> str:
        """The sentence with every template through ``translated`` (one lookup per
        template and run: :class:`~cs.simulate.report.Writer` keeps them)."""
        template = translated(self.template)
        if not self.fields:
            return template
        return template.format(**{k: v.shown(translated) if isinstance(v, Detail) else v for k, v in self.fields})


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
    sentence: Detail | None = field(default=None, compare=False, repr=False)
    """``detail`` as a template and fields, to show it translated (None: shown as it is)."""


Sink = Callable[[Event], None]

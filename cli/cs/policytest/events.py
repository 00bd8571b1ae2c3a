"""Timeline checks: "an event happened" (a reminder to agent X at 17:55) and
"it never happened" (no offline message before 09:00).

A check selects events of the simulate timeline by kind, agent, visitor, actor,
time and the event's extras, and bounds how many there are::

    events:
      - {kind: reminder, agent: lin.xiaoyu, at: "18:25"}     # happened (count >= 1)
      - {kind: offline_message, before: "09:00", count: 0}   # never happened

Times are local: ``HH:MM[:SS]`` on any day of the run, or a local date and
time ``YYYY-MM-DDTHH:MM[:SS]`` for one day. ``at`` matches the whole minute
(or second) written; ``after`` is inclusive and ``before`` exclusive, so
``after: "09:00", before: "12:00"`` is the morning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from cs.i18n import N_
from cs.i18n.message import Message, message
from cs.model.timefmt import FormatError, parse_local_datetime
from cs.simulate.clock import Clock
from cs.simulate.timeline import Event

SELECTORS = ("kind", "agent", "visitor", "actor")
"""Event columns a check can name."""

CHECK_KEYS = frozenset({*SELECTORS, "at", "after", "before", "contains", "count"})
"""Keys of a check that are not an event's extra: any other names one (``reply_kind``,
``trigger`` ...)."""


@dataclass(frozen=True)
class When:
    """A written time: a time of day (any day of the run) or one local date and time."""

    day: datetime | None
    clock: time | None
    seconds: bool
    """Written to the second (``at`` then matches the second, else the minute)."""

    def key(self, local: datetime) -> tuple[Any, ...]:
        """``local`` cut to what this time compares: the time of day, or the whole instant."""
        cut = (
            local.replace(tzinfo=None, microsecond=0)
            if self.seconds
            else local.replace(tzinfo=None, second=0, microsecond=0)
        )
        return (cut.time(),) if self.clock is not None else (cut,)

    def point(self) -> tuple[Any, ...]:
        return (self.clock,) if self.clock is not None else (self.day,)


def parse_when(text: str) -> When:
    """``HH:MM[:SS]`` or ``YYYY-MM-DDTHH:MM[:SS]``; FormatError says what is wrong."""
    if "T" in text:
        return When(parse_local_datetime(text), None, text.count(":") == 2)
    try:
        clock = time.fromisoformat(text)
    except ValueError:
        raise FormatError(message(N_("'{text}' is not a time of day; write HH:MM"), text=text)) from None
    return When(None, clock, text.count(":") == 2)


@dataclass(frozen=True)
class EventCheck:
    written: tuple[tuple[str, Any], ...]
    """The check as written, for reports."""
    columns: tuple[tuple[str, Any], ...]
    extras: tuple[tuple[str, Any], ...]
    at: When | None = None
    after: When | None = None
    before: When | None = None
    contains: str | None = None
    low: int = 1
    high: int | None = None

    def matches(self, event: Event, local: datetime) -> bool:
        if any(getattr(event, name) != value for name, value in self.columns):
            return False
        data = dict(event.data)
        if any(data.get(name) != value for name, value in self.extras):
            return False
        if self.contains is not None and not any(
            isinstance(text, str) and self.contains in text for text in (event.detail, data.get("text"))
        ):
            return False
        if self.at is not None and self.at.key(local) != self.at.point():
            return False
        if self.after is not None and self.after.key(local) < self.after.point():
            return False
        return self.before is None or self.before.key(local) < self.before.point()

    @property
    def kind(self) -> str:
        return str(dict(self.columns)["kind"])

    def count_holds(self, count: int) -> bool:
        return count >= self.low and (self.high is None or count <= self.high)

    def describe(self) -> Message:
        selected = "{" + ", ".join(f"{k}: {v}" for k, v in self.written if k != "count") + "}"
        if self.high == self.low:
            if self.low == 0:
                return message(N_("none of {events}"), events=selected)
            return message(N_("exactly {count} of {events}"), count=self.low, events=selected)
        if self.high is None:
            if self.low == 1:
                return message(N_("at least one of {events}"), events=selected)
            return message(N_("at least {count} of {events}"), count=self.low, events=selected)
        return message(N_("{low} to {high} of {events}"), low=self.low, high=self.high, events=selected)


def event_check(written: Mapping[str, Any]) -> EventCheck:
    """The check a schema-valid ``events`` entry stands for; FormatError for a bad time."""
    count = written.get("count", {"min": 1})
    low, high = (count, count) if isinstance(count, int) else (count.get("min", 0), count.get("max"))
    return EventCheck(
        written=tuple(written.items()),
        columns=tuple((k, written[k]) for k in SELECTORS if k in written),
        extras=tuple((k, v) for k, v in written.items() if k not in CHECK_KEYS),
        at=parse_when(written["at"]) if "at" in written else None,
        after=parse_when(written["after"]) if "after" in written else None,
        before=parse_when(written["before"]) if "before" in written else None,
        contains=written.get("contains"),
        low=low,
        high=high,
    )


SHOWN_EVENTS = 5
"""How many events a failed check lists."""


def falls_short(check: EventCheck, timeline: Sequence[Event], clock: Clock) -> Message | None:
    """None when the timeline has as many matching events as the check wants; otherwise
    how many it has, and when they (or, with none, the events of the same kind) happened."""
    hits = [e for e in timeline if check.matches(e, clock.instant(e.t))]
    if check.count_holds(len(hits)):
        return None
    shown = hits or [e for e in timeline if e.kind == check.kind]
    if not shown:
        return message(N_("{count} matching"), count=len(hits))
    near = [f"{clock.label(e.t)}{f' ({e.agent})' if e.agent else ''}" for e in shown[:SHOWN_EVENTS]]
    if len(shown) > SHOWN_EVENTS:
        near.append("...")
    return message(
        N_("{count} matching; {kind} events at {times}"), count=len(hits), kind=check.kind, times=", ".join(near)
    )

"""Offline mode and offline messages (OFF-1 to OFF-5, OFF-8, OFF-9).

``offline_mode`` (:mod:`cs.engine.decisions`) is asked again whenever one of its
inputs changes (work hours, a manual offline window, routable agents online,
free capacity), at most once per instant; it reads nothing else, so its answers
are kept per distinct input, and so are ``reply_kind``'s.
"""

from __future__ import annotations

from typing import Any

from cs.engine.decisions import Facts, OfflineDecision, manual_window, offline_category, offline_mode, reply_kind
from cs.engine.routing import Route, offline_route
from cs.i18n import N_
from cs.simulate.counters import OfflinePeriod, manual_reason
from cs.simulate.narration import WORK_HOURS, short_duration
from cs.simulate.seats import AgentState
from cs.simulate.setup import Setup
from cs.simulate.timeline import Detail
from cs.simulate.visitor import ASSIGNED, DONE, QUEUED, Visitor

STORED = OfflineDecision(True, None)
"""Asked of ``reply_kind`` for a message stored outside offline mode (full queue,
maximum wait, OFF-3 delay, an offline account): the offline reply, or off-hours."""

UNKNOWN = object()
"""Not decided yet (a kept decision may be None)."""


class Offline(Setup):
    """Offline mode, the first reply of the moment, and the messages left."""

    __slots__ = ("facts_key", "offline")

    facts_key: tuple[Any, ...] | None
    _decisions: dict[tuple[Any, ...], OfflineDecision]
    _reply_kinds: dict[tuple[Any, ...], str | None]

    def _hours(self, t: float, seq: int, opens: bool) -> None:
        self.open = opens
        self.dirty = True
        self._event(t, "system", "hours_open" if opens else "hours_close", None, None, WORK_HOURS)

    def _manual_offline(self, t: float, seq: int, ref: None) -> None:
        self.manual = manual_window(self.policy, self.clock.instant(t))
        self.dirty = True

    def _refresh(self, t: float) -> None:
        self.dirty = False
        self.plain_queued = None
        self.plain_by_mode = False
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
                self.periods.append(OfflinePeriod(self.period_start, t, before.trigger or "", manual_reason(before)))
            if not decision.on:
                ends = Detail(N_("ends ({trigger} no longer holds)"), (("trigger", before.trigger),))
                self._event(t, "system", "offline_mode_off", None, None, ends)
        if decision.on:
            self.period_start = t
            why = manual_reason(decision)
            detail = Detail(
                N_("trigger {trigger}: {why}") if why else N_("trigger {trigger}"),
                (("trigger", decision.trigger), ("why", why)) if why else (("trigger", decision.trigger),),
            )
            self._event(t, "system", "offline_mode_on", None, None, detail, (("trigger", decision.trigger),))
            if not before.on:
                for v in list(self.queue.waiting()):
                    if not v.stored:
                        self._store(t, v, Detail(N_("offline mode while queued")))

    def _first_reply(self, t: float, offline: OfflineDecision, capacity_free: bool) -> str | None:
        """``reply_kind`` for the current facts (it reads no clock, so it is kept per input)."""
        key = (offline.on, offline.trigger, offline.manual, self.open, self.seats.routable_online, capacity_free)
        kind = self._reply_kinds.get(key, UNKNOWN)
        if kind is UNKNOWN:
            facts = Facts(self.clock.instant(t), self.open, self.seats.routable_online, capacity_free)
            kind = self._reply_kinds[key] = reply_kind(self.policy, facts, offline)
        return kind  # type: ignore[return-value]

    def _delay(self, t: float, seq: int, v: Visitor) -> None:
        """OFF-3: no agent response within the delay: the offline reply and a recorded
        message; the visitor keeps their place."""
        if v.state in (QUEUED, ASSIGNED) and not v.stored:
            self._store(t, v, Detail(N_("no answer within {delay}"), (("delay", short_duration(self.delay or 0.0)),)))

    def _store(self, t: float, v: Visitor, reason: Detail) -> None:
        """The offline reply and a recorded message; the visitor keeps their place."""
        self._send(t, v, self._first_reply(t, self.offline if self.offline.on else STORED, False))
        where = offline_route(self.rules, self.seats, reason.english())
        self._record(t, v, where.agent, reason)

    def _leave_message(self, t: float, v: Visitor, where: Route[AgentState], reason: Detail | None = None) -> None:
        """The visit ends with an offline message (OFF-4), recorded once; ``reason``:
        the route's reason as a sentence to translate, when the simulator wrote it."""
        # An engine reason is shown translated when it is a fixed one ("no free seat").
        why = reason if reason is not None else Detail(where.reason)
        if not v.stored:
            self._record(t, v, where.agent, why, "left_message")
        else:
            self._event(
                t,
                "system",
                "close",
                v,
                None,
                Detail(N_("leaves ({reason}); the offline message recorded earlier stands"), (("reason", why),)),
                (("by", "offline_message"), ("outcome", "left_message")),
            )
        v.state = DONE
        self.left_message += 1
        self.in_flight -= 1

    def _record(
        self, t: float, v: Visitor, account: AgentState | None, reason: Detail, outcome: str | None = None
    ) -> None:
        v.stored = True
        self.offline_messages += 1
        destination = account.id if account is not None else "message_pool"
        self.destinations[destination] = self.destinations.get(destination, 0) + 1
        category = offline_category(self.policy, v.text) if v.text and self.categorised else None
        name = category.id if category is not None else "uncategorised"
        self.categories[name] = self.categories.get(name, 0) + 1
        if self.emit is not None:
            to = (
                Detail(
                    N_("to {destination} ({reason}); category {category}, priority {priority} (OFF-9)"),
                    (
                        ("destination", destination),
                        ("reason", reason),
                        ("category", category.id),
                        ("priority", category.priority),
                    ),
                )
                if category
                else Detail(N_("to {destination} ({reason})"), (("destination", destination), ("reason", reason)))
            )
            self._event(
                t,
                "system",
                "offline_message",
                v,
                account,
                to,
                (
                    ("destination", destination),
                    ("category", category.id if category else None),
                    ("priority", category.priority if category else None),
                    ("outcome", outcome),
                ),
            )

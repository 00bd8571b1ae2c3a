"""What the visitor is told and what the timeline says (MSG, QR-1, OPS-3).

Automatic messages are counted always and rendered only when a timeline sink
listens (:meth:`Narration._send`); every line of the timeline goes through
:meth:`Narration._event`, which builds nothing when no sink listens.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta
from typing import Any

from cs.engine.decisions import suggested_quick_replies
from cs.engine.presence import Presence, next_online
from cs.engine.snapshot import Reply, any_agent, promised, render_reply, scheduled_state, service_resumes
from cs.engine.warnings import no_time, range_messages
from cs.i18n import N_
from cs.messages.values import KIND_PLACEHOLDERS, template_values
from cs.model.timefmt import format_duration
from cs.simulate.counters import Counters
from cs.simulate.seats import AgentState
from cs.simulate.timeline import Detail, Event
from cs.simulate.visitor import Visitor

OFFLINE_REPLIES = ("off_hours", "offline")

WORK_HOURS = Detail(N_("work hours"))
"""The detail of hours_open and hours_close."""


def listing(parts: list[str | Detail]) -> Detail:
    """Parts joined by ", " (the separator is not translated: the parts are)."""
    return Detail(", ".join(f"{{p{i}}}" for i in range(len(parts))), tuple((f"p{i}", p) for i, p in enumerate(parts)))


def automatic(why: Detail) -> Detail:
    """The detail of a scheduled status change: ``automatic (work hours)``."""
    return Detail(N_("automatic ({why})"), (("why", why),))


def short_duration(seconds: float) -> str:
    """A duration for the timeline: ``12s``, ``3m5s``."""
    return format_duration(timedelta(seconds=round(seconds))) if seconds >= 0.5 else "0s"


class Narration(Counters):
    """Automatic messages, quick-reply suggestions and timeline events."""

    __slots__ = ("_warned_until",)

    survey_in_offline: bool
    transitions: list[float]
    """The instants where a scheduled input changes (work hours, schedules, manual windows)."""
    presences: list[Presence | None]
    _resumes: dict[int | tuple[int, int], datetime | None]
    """What ``{next_open}`` promises in a segment of :attr:`transitions`: by segment, and
    by (segment, account) for a chat that waits for one account."""
    _warned_until: date

    def _event(
        self,
        t: float,
        actor: str,
        kind: str,
        v: Visitor | None,
        a: AgentState | None,
        detail: str | Detail,
        data: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        """A line of the timeline; ``detail`` as a :class:`Detail` when a person may read
        it in another language (a plain string is shown as it is: a quoted message)."""
        if self.emit is not None:
            visitor, agent = v.label if v is not None else None, a.id if a is not None else None
            if isinstance(detail, Detail):
                self.emit(Event(t, actor, kind, visitor, agent, detail.english(), data, detail))
            else:
                self.emit(Event(t, actor, kind, visitor, agent, detail, data))

    def _describe(self, v: Visitor) -> Detail:
        parts: list[str | Detail] = [v.language, v.entry_point]
        if v.order_status != "none":
            parts.append(Detail(N_("order {status}"), (("status", v.order_status),)))
        if not v.new and v.last_agent is not None and v.last_contact is not None:
            ago = short_duration(v.arrival - v.last_contact)
            parts.append(Detail(N_("returning (last {agent} {ago} ago)"), (("agent", v.last_agent.id), ("ago", ago))))
        if v.direct_agent is not None:
            parts.append(Detail(N_("writes to {agent}"), (("agent", v.direct_agent.id),)))
        if v.chosen_agent is not None:
            parts.append(Detail(N_("chooses {agent}"), (("agent", v.chosen_agent.id),)))
        if v.text:
            parts.append(repr(v.text))
        return listing(parts)

    def _send(
        self,
        t: float,
        v: Visitor,
        kind: str | None,
        a: AgentState | None = None,
        position: int = 0,
        timeout: float = 0.0,
        language: str | None = None,
        awaits: AgentState | None = None,
    ) -> None:
        """Send the reply ``kind``; ``awaits``: the offline account the customer's chat
        waits for (the routing list assigned it, OFF-8; it was written to the account,
        OFF-7), else None: any agent may take it."""
        if kind is None:
            return
        asked = language or v.language
        key = (kind, asked)
        self.sent[key] = self.sent.get(key, 0) + 1
        if self.emit is None and awaits is not None and "next_open" in KIND_PLACEHOLDERS[kind]:
            self._next_open(t, awaits)  # not shown, but an account never back is a warning all the same
        if self.emit is not None:
            reply = self._rendered(t, v, kind, asked, a, position, timeout, awaits)
            self._event(
                t,
                "system",
                "warning" if kind.endswith("_warning") else "reply",
                v,
                a,
                f"{kind} ({reply.language}): {reply.text}",
                (("reply_kind", kind), ("language", reply.language), ("text", reply.text)),
            )
        if self.survey_in_offline and kind in OFFLINE_REPLIES:
            self._send(t, v, "survey", a)

    def _rendered(
        self,
        t: float,
        v: Visitor,
        kind: str,
        asked: str,
        a: AgentState | None = None,
        position: int = 0,
        timeout: float = 0.0,
        awaits: AgentState | None = None,
    ) -> Reply:
        """The reply ``kind`` as ``v`` reads it: its text in the language asked for (or the
        fallback), its placeholders filled."""
        known: dict[str, object] = {
            "customer_name": v.customer or v.label,
            "queue_position": position,
            "question_summary": v.text[:30],
            "agent_name": a.agent.name if a is not None else "",
            "timeout": format_duration(timedelta(seconds=int(timeout))),
        }
        if "next_open" in KIND_PLACEHOLDERS[kind]:
            known["next_open"] = self._next_open(t, awaits)
        return render_reply(self.policy, kind, asked, template_values(kind, known))

    def _next_open(self, t: float, awaits: AgentState | None) -> str:
        """{next_open}: when an agent can next take the customer (CAL-6, MSG-4). Waiting
        for any agent while a routable agent is online and offline mode is off or on
        only for busy agents (every seat taken, the OFF-3 delay): as soon as a seat
        frees, the current instant, which ``cs explain`` gives for an open instant with
        agents online too. Else, by :func:`cs.engine.snapshot.service_resumes`, the next
        scheduled change that brings one online (the live state keeps them from
        customers now), or :func:`cs.engine.snapshot.any_agent`'s fallback; waiting for
        one account (``awaits``, see :meth:`_send`), by
        :func:`cs.engine.presence.next_online`, when its schedule next brings it online,
        which :func:`cs.engine.snapshot.awaited` gives ``cs explain``'s routing-list
        customer. Either search gives the same for every instant between two scheduled
        changes, so it is kept per segment of :attr:`transitions`."""
        offline = self.offline
        now = self.clock.instant(t)
        if awaits is None and self.seats.routable_online and (not offline.on or offline.trigger == "all_agents_busy"):
            return promised(self.policy, now)
        segment = bisect_right(self.transitions, t)
        presence = None if awaits is None else self.presences[awaits.order]
        if awaits is None or presence is None:  # (the shop's mailbox has no schedule: any agent)
            if segment not in self._resumes:
                self._resumes[segment] = service_resumes(self.policy, scheduled_state(self.policy, now), blocked=True)
            when = any_agent(self.policy, now, self._resumes[segment])
            awaits = None
        else:
            key = (segment, awaits.order)
            if key not in self._resumes:
                self._resumes[key] = next_online(self.policy, presence, now)
            when = self._resumes[key]
        self._promised(None if when is None else when.astimezone(self.policy.tz).date(), awaits)
        return promised(self.policy, when)

    def _promised(self, day: date | None, awaits: AgentState | None = None) -> None:
        """A reply promises ``day``: past the run and beyond the holiday calendar's data,
        that is a warning too (CAL-5: never a silent guess); None, a reply with no time
        to promise (nothing opens within the horizon, CAL-6; the account ``awaits`` is
        never back, OFF-8), is a warning once. :attr:`_warned_until` is the last day
        checked (``date.max`` once warned)."""
        if day is None:
            warning = no_time(None if awaits is None else awaits.id)
            if all(w.english != warning.english for w in self.warnings):
                self.warnings.append(warning)
        elif day > self._warned_until:
            beyond = range_messages(self.policy, self._warned_until + timedelta(days=1), day)
            self.warnings.extend(beyond)
            self._warned_until = date.max if beyond else day

    def _suggest(self, t: float, v: Visitor, a: AgentState, text: str) -> None:
        """QR-1: the quick replies whose keywords the message contains, best first."""
        replies = suggested_quick_replies(self.policy, text)
        if not replies:
            return
        for reply in replies:
            self.quick[reply.id] = self.quick.get(reply.id, 0) + 1
        ids = [r.id for r in replies]
        self._event(
            t,
            "system",
            "quick_reply",
            v,
            a,
            Detail(N_("suggested to {agent}: {replies}"), (("agent", a.id), ("replies", ", ".join(ids)))),
            (("quick_replies", ids),),
        )

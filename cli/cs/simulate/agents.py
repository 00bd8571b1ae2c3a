"""Agents and the chats they hold: status changes (AG), the end of a chat and its
seat (RT-8), and the timeouts of a conversation (TMO-1, TMO-2).
"""

from __future__ import annotations

from collections.abc import Iterator
from heapq import heappush
from typing import Any

from cs.engine.routing import ASSIGN, BUSY, OFFLINE, ONLINE, QUEUE, Route, route
from cs.i18n import N_
from cs.simulate.kernel import AGENT_REPLY, AUTO_STATUS, CUST_CLOSE, IDLE, SEAT_RELEASE, SHIFT
from cs.simulate.narration import automatic, short_duration
from cs.simulate.offline import STORED
from cs.simulate.seats import AgentState
from cs.simulate.timeline import Detail
from cs.simulate.visitor import ASSIGNED, CHAT, DONE, Visitor
from cs.simulate.visitors import Visitors


class Agents(Visitors):
    """Handlers of agent events and of the ends of chats."""

    __slots__ = ()

    def _set_status(self, t: float, a: AgentState, status: str, why: Detail) -> None:
        was = a.status
        if was is status:
            return
        a.status_change(t)
        if was is OFFLINE:
            self.accounts_online += 1
        elif status is OFFLINE:
            self.accounts_online -= 1
        a.status = status
        a.status_changes += 1
        self.seats.changed(a, was)
        if a.routable:
            self.dirty = True
        if self.emit is not None:
            self._event(t, "agent", f"agent_{status}", None, a, why)
            if status is OFFLINE and a.chats:
                stay = Detail(
                    N_("{chats} open chat(s) stay with {agent} (AG-7)"), (("chats", a.chats), ("agent", a.id))
                )
                self._event(t, "system", "offline_handling", None, a, stay)
        if was is OFFLINE and a.waiting:
            waiting, a.waiting = a.waiting, []
            for v in waiting:
                if v.state == ASSIGNED and v.agent is a:
                    response = a.respond() if a.respond is not None else 0.0
                    outcome = (("outcome", "served"),) if response <= 0.0 else ()
                    takes = Detail(N_("the chat assigned while offline (OFF-8)"))
                    self._event(t, "agent", "takes_chat", v, a, takes, outcome)
                    self._respond(t, v, a, response)
        if status is not OFFLINE and not a.chats and a.idle_after is not None:
            # a change of status is an operation: the idle time (AG-5) counts from it
            a.idle_seq = self._push(t + a.idle_after, IDLE, a)
        if self.queue.length:
            if a.available:
                self.joining.append(a)
            elif was is ONLINE and a.routable and any(not self.seats.online_in(team) for team in a.teams):
                # its team has nobody online now: the agents with a free seat take the
                # team's queue (RT-4, "any online agent"), as when a seat frees
                self.joining.extend(s for s in self.seats.states if s.available)

    def _shift(self, t: float, seq: int, pending: tuple[Iterator[tuple[float, int, int, Any]], int, Any]) -> None:
        """A scheduled change of one agent (:meth:`~cs.simulate.setup.Setup._shifts`);
        the agent's next one goes on the heap."""
        events, kind, ref = pending
        following = next(events, None)
        if following is not None:
            t_next, seq_next, kind_next, ref_next = following
            heappush(self.heap, (t_next, seq_next, SHIFT, (events, kind_next, ref_next)))
        if kind == AUTO_STATUS:
            self._auto_status(t, seq, ref)
        else:
            self._reminder(t, seq, ref)

    def _auto_status(self, t: float, seq: int, ref: tuple[AgentState, str, Detail]) -> None:
        a, status, why = ref
        self._set_status(t, a, status, automatic(why))

    def _manual_status(self, t: float, seq: int, ref: tuple[AgentState, str]) -> None:
        a, status = ref
        self._set_status(t, a, status, Detail(N_("manual, until the next scheduled change (AG-6)")))

    def _reminder(self, t: float, seq: int, ref: tuple[AgentState, float]) -> None:
        a, at = ref
        if a.status is OFFLINE:
            return
        when = self.clock.instant(at).strftime("%H:%M")
        self._event(
            t,
            "system",
            "reminder",
            None,
            a,
            Detail(
                N_("automatic offline at {time}, in {left}; {chats} open chat(s) (AG-3)"),
                (("time", when), ("left", short_duration(at - t)), ("chats", a.chats)),
            ),
        )

    def _idle(self, t: float, seq: int, a: AgentState) -> None:
        if a.idle_seq != seq or a.chats or a.status is OFFLINE:
            return
        idle = Detail(N_("idle for {idle} (AG-5)"), (("idle", short_duration(a.idle_after or 0.0)),))
        self._set_status(t, a, OFFLINE, idle)

    def _end(self, t: float, seq: int, v: Visitor) -> None:
        if v.state != CHAT:
            return
        v.state = DONE
        self._contact(t, v)
        if self.emit is None:
            if self.survey_on:
                counts = self.sent_survey
                counts[v.language] = counts.get(v.language, 0) + 1
        else:
            ends = Detail(N_("the agent ends the conversation"))
            self._event(t, "agent", "close", v, v.agent, ends, (("by", "agent"),))
            if self.survey_on:
                self._send(t, v, "survey", v.agent)
        self._chat_over(t, v.agent)

    def _contact(self, t: float, v: Visitor) -> None:
        """RT-3: the customer's last contact with the agent is when their chat ends."""
        if v.customer is not None:
            self.history[v.customer] = (v.agent, t)

    def _chat_over(self, t: float, a: AgentState) -> None:
        """The agent ended a chat: the seat frees now or after the release delay (RT-8)."""
        a.chats -= 1
        self.open_chats -= 1
        if self.release_delay > 0.0:
            a.held += 1
            self._push(t + self.release_delay, SEAT_RELEASE, a)
        else:
            self._free_seat(t, a)
        if not a.chats and a.idle_after is not None and a.status is not OFFLINE:
            a.idle_seq = self._push(t + a.idle_after, IDLE, a)

    def _seat_release(self, t: float, seq: int, a: AgentState) -> None:
        a.held -= 1
        self._event(
            t,
            "system",
            "seat_released",
            None,
            a,
            Detail(N_("held {delay} after the end (RT-8)"), (("delay", short_duration(self.release_delay)),)),
        )
        self._free_seat(t, a)

    def _customer_warn(self, t: float, seq: int, ref: tuple[Visitor, int]) -> None:
        v, number = ref
        if v.state != CHAT or v.quiet_no != number:
            return
        _, warn = self.customer_timeout  # type: ignore[misc]
        if self.customer_warning_on:
            self._send(t, v, "customer_timeout_warning", v.agent, timeout=warn)
        if v.answers_warning and self.customer_warning_on:
            goes_on = Detail(N_("answers the warning; the conversation goes on"))
            self._event(t, "visitor", "message", v, v.agent, goes_on)
            self._silent(t, v)  # then silent again: TMO-1 counts anew
            return
        if t + warn < v.end_at:
            self._push(t + warn, CUST_CLOSE, ref)

    def _customer_close(self, t: float, seq: int, ref: tuple[Visitor, int]) -> None:
        v, number = ref
        if v.state != CHAT or v.quiet_no != number:
            return
        v.state = DONE
        self._contact(t, v)
        self.customer_timeouts += 1
        after = self.customer_timeout[0]  # type: ignore[index]
        self._event(
            t,
            "system",
            "close",
            v,
            v.agent,
            Detail(N_("customer timeout: silent for {silent} (TMO-1)"), (("silent", short_duration(after)),)),
            (("by", "customer_timeout"),),
        )
        self._release(t, v)

    def _agent_warn(self, t: float, seq: int, ref: tuple[Visitor, int]) -> None:
        v, number = ref
        if v.state != ASSIGNED or v.assign_no != number or not self.agent_warning_on:
            return
        a = v.agent
        language = a.agent.languages[0] if a.agent.languages else self.default_language
        self._send(t, v, "agent_timeout_warning", a, timeout=self.agent_timeout[1], language=language)  # type: ignore[index]

    def _agent_timeout(self, t: float, seq: int, ref: tuple[Visitor, int]) -> None:
        v, number = ref
        if v.state != ASSIGNED or v.assign_no != number:
            return
        self.agent_timeouts += 1
        a: AgentState = v.agent
        after = short_duration(self.agent_timeout[0])  # type: ignore[index]
        if not self.reassign_on_timeout:
            v.state = DONE
            self.unanswered += 1
            self.in_flight -= 1
            self._event(
                t,
                "system",
                "close",
                v,
                a,
                Detail(N_("agent timeout: no answer for {wait} (TMO-2)"), (("wait", after),)),
                (("by", "agent_timeout"), ("outcome", "unanswered")),
            )
            self._release(t, v)
            return
        kept = v.direct_agent, v.last_agent, v.chosen_agent
        v.direct_agent = v.last_agent = v.chosen_agent = None
        decision = self._route_without(a, v)
        v.timed_out = (*v.timed_out, a)
        if decision.action is ASSIGN:
            leaves = decision.agent not in v.timed_out  # never back to an agent who let it time out
        else:  # only offline mode that began meanwhile (closing time, a manual window) takes it
            leaves = decision.action is not QUEUE and self.offline.on and self.offline.trigger != "all_agents_busy"
        if not leaves:
            # Nobody else has a free seat: the chat stays with its agent. Queued, it would
            # go back to that same agent the moment its seat freed, over and over.
            # (No event: a reassign event means the chat left its agent.)
            v.direct_agent, v.last_agent, v.chosen_agent = kept
            self._push(v.answer_at, AGENT_REPLY, ref)  # the agent answers when it would have
            return
        self.reassigned += 1
        if decision.action is ASSIGN:
            again = Detail(N_("agent timeout: no answer for {wait} (TMO-2); to another agent"), (("wait", after),))
        else:
            again = Detail(N_("agent timeout: no answer for {wait} (TMO-2); offline mode is on"), (("wait", after),))
        self._event(t, "system", "reassign", v, a, again)
        self._release(t, v)
        if decision.action is ASSIGN:
            assert decision.agent is not None
            self._assign(t, v, decision.agent, Detail(N_("reassigned from {agent}"), (("agent", a.id),)))
        else:  # offline mode began while the agent kept silent: the reply says so (MSG-2, MSG-4)
            if not v.stored:
                self._send(t, v, self._first_reply(t, self.offline if self.offline.on else STORED, False))
            self._leave_message(t, v, decision)

    def _route_without(self, a: AgentState, v: Visitor) -> Route[AgentState]:
        """Route ``v`` as if ``a`` were suspended: a reassignment goes to someone else."""
        seats, was = self.seats, a.status
        if was is not ONLINE:
            return route(self.rules, seats, v, self.offline)
        a.status = BUSY
        seats.changed(a, was)
        try:
            return route(self.rules, seats, v, self.offline)
        finally:
            a.status = was
            seats.changed(a, BUSY)

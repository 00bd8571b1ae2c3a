"""A visitor's way through the service: arrival, the bot, routing, the queue,
assignment, the first answer (ENT-1, RT, MSG-1, OBS-2).

The hot path (a synthetic visitor assigned at once, answered at once, ended by
the agent) is written for speed: a handful of calls per visitor, counters
keyed by what is at hand (the visitor's language) and resolved once at the
end, no strings built unless a timeline sink listens.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop, heappush
from math import log1p
from typing import Any

from cs.engine.routing import ASSIGN, BUSY, OFFLINE, ONLINE, QUEUE, ROUTING_LIST, Route, by_mode, offline_route, route
from cs.i18n import N_
from cs.simulate.counters import ANSWERED_WITHIN
from cs.simulate.kernel import (
    AGENT_REPLY,
    AGENT_TIMEOUT,
    AGENT_WARN,
    BOT_DONE,
    CUST_CLOSE,
    CUST_WARN,
    DELAY,
    END,
    FREE,
    IDLE,
    INFINITY,
    MAX_WAIT,
    MESSAGE,
    PATIENCE,
    PROGRESS_EVERY,
    SEAT_RELEASE,
)
from cs.simulate.narration import short_duration
from cs.simulate.offline import STORED, Offline
from cs.simulate.seats import AgentState
from cs.simulate.timeline import Detail
from cs.simulate.traffic import TrafficGenerator
from cs.simulate.visitor import ASSIGNED, BOT, CHAT, DONE, QUEUED, Visitor


class Visitors(Offline):
    """The run loop, the handlers of the events a visitor causes, and the queue they wait in."""

    __slots__ = ()

    def _handlers(self) -> list[Callable[[float, int, Any], None] | None]:
        """The handler of every event kind, indexed by kind (None for FREE and END)."""
        raise NotImplementedError

    def _end(self, t: float, seq: int, v: Visitor) -> None:
        raise NotImplementedError

    def _arrive_event(self, t: float, seq: int, v: Visitor) -> None:
        for after, text in v.later:
            if t + after < self.horizon:
                self._push(t + after, MESSAGE, (v, text))
        if v.customer is not None:
            self._recall(v)
        self._arrive(t, v)

    def _arrive(self, t: float, v: Visitor) -> None:
        self.visitors += 1
        if self.emit is not None:
            self._event(t, "visitor", "arrive", v, None, self._describe(v), (("customer", v.customer or v.label),))
        if v.entry_point not in self.entry_points:
            self.turned_away += 1
            v.state = DONE
            if self.emit is not None:
                why = (
                    Detail(N_("entry point {entry_point} is not enabled (ENT-1)"), (("entry_point", v.entry_point),))
                    if self.policy.system_enabled
                    else Detail(N_("the customer-service system is switched off (ENT-1)"))
                )
                self._event(t, "system", "turned_away", v, None, why, (("outcome", "turned_away"),))
            return
        self.in_flight += 1
        if self.bot and not (self.priority_new and v.new):
            v.state = BOT
            self._event(t, "system", "bot", v, None, Detail(N_("the bot receives first (RT-9)")))
            if v.bot_time > 0.0:
                self._push(t + v.bot_time, BOT_DONE, v)
            else:
                self._bot_done(t, 0, v)
            return
        self._request(t, v)

    def _recall(self, v: Visitor) -> None:
        """A scenario customer answered earlier in the run returns to that agent."""
        seen = self.history.get(v.customer)  # type: ignore[arg-type]
        if seen is not None and (v.last_contact is None or seen[1] > v.last_contact):
            v.new = False
            v.last_agent, v.last_contact = seen

    def _bot_done(self, t: float, seq: int, v: Visitor) -> None:
        if v.state != BOT:
            return
        asks = v.asks_for_human
        if asks is None:
            asks = self.rng.random() < self.handover_share
        if not asks:
            v.state = DONE
            self.bot_resolved += 1
            self.in_flight -= 1
            self._event(
                t,
                "system",
                "bot_resolved",
                v,
                None,
                Detail(N_("the bot answered; no human needed")),
                (("outcome", "bot_resolved"),),
            )
            return
        self._event(t, "visitor", "bot_handover", v, None, Detail(N_("asks for a human")))
        self._request(t, v)

    def advance(self, until: float) -> None:
        """Process the events before ``until`` (at most the horizon); a run may be
        advanced in steps and looked at in between (:meth:`live_view`).

        The next synthetic arrival is not on the heap: it waits in
        :attr:`next_arrival` with the sequence number it would have had there
        (:attr:`arrival_seq`) and is merged with the heap's first entry here, so a
        visitor costs one push and pop fewer and the heap holds only what is pending.

        With :attr:`plain` set (no timeline, traffic whose visitors differ only in
        handle time and patience), a visitor the engine's :func:`route` assigns by
        the routing mode to an agent who answers at once is served here, without a
        :class:`Visitor`: what :meth:`_arrive`, :meth:`_assign` and :meth:`_answered`
        would record, and a ``FREE`` event for the agent at the end of the chat
        (handled here too, as :meth:`_chat_over`). Any other route takes the general path with the same
        decision. ``fast=False`` (:class:`~cs.simulate.simulator.Simulation`) turns
        this off; tests check that the output is the same byte for byte."""
        heap, horizon = self.heap, self.horizon
        until = min(until, horizon)
        end, handlers = self._end, self._handlers()
        release_delay = self.release_delay
        progress = self.progress
        countdown = PROGRESS_EVERY
        if not self.started:
            self.started = True
            self._refresh(0.0)
        traffic, plain = self.traffic, self.plain
        if traffic is not None:  # else no arrival comes
            draw_handle, draw_patience, random = traffic.handle, traffic.patience, traffic.random
        rules, seats, round_robin = self.rules, self.seats, self.round_robin
        while True:
            arrival = self.next_arrival
            first = heap[0] if heap else None
            if first is not None and (first[0] < arrival or (first[0] == arrival and first[1] < self.arrival_seq)):
                if first[0] >= until:
                    break
                t, seq, kind, ref = heappop(heap)
                if kind == FREE:  # what _chat_over does, without the call
                    self.plain_ends += 1
                    ref.chats -= 1
                    self.open_chats -= 1
                    if release_delay > 0.0:
                        ref.held += 1
                        self._push(t + release_delay, SEAT_RELEASE, ref)
                    else:
                        self._free_seat(t, ref)
                    if not ref.chats and ref.idle_after is not None and ref.status is not OFFLINE:
                        ref.idle_seq = self._push(t + ref.idle_after, IDLE, ref)
                elif kind == END:
                    end(t, seq, ref)
                else:
                    handlers[kind](t, seq, ref)  # type: ignore[misc]
            elif arrival >= until:
                break
            else:
                t = arrival
                assert traffic is not None
                if plain is None:
                    v = traffic.visitor(t)
                else:
                    traffic.count += 1
                    handle = draw_handle()
                    patience = draw_patience() if draw_patience is not None else None
                # The next arrival: in this one's rate segment when it falls there,
                # else spent over the segments after it (TrafficGenerator.spend).
                need = -log1p(-random())
                following = t + need / traffic.segment_rate if t < traffic.segment_end else INFINITY
                if following >= traffic.segment_end:
                    following = traffic.spend(t, need)
                if following < horizon:
                    self.seq += 1
                    self.next_arrival, self.arrival_seq = following, self.seq
                else:
                    self.next_arrival = INFINITY
                if plain is None:
                    self._arrive(t, v)
                else:
                    self.visitors += 1
                    if self.joining:
                        self._share_queue(t)
                    if self.dirty:
                        self._refresh(t)
                    queued = self.plain_queued
                    if queued is not None:  # the engine's answers, and nothing they read has changed
                        self._queue_plain(t, handle, queued)
                    else:
                        # by_mode's pick (the routing mode's among every agent), without the
                        # Route around it that nothing here reads; else the engine's route.
                        a: AgentState | None = seats.pick(None) if self.plain_by_mode else None
                        decision = None
                        if a is None:
                            decision = route(rules, seats, plain, self.offline)
                            self.plain_by_mode = rules.routes.get(decision.agent) is decision
                            if decision.picked and decision.forwarded_from is None:  # assigned by the routing mode
                                a = decision.agent
                        if a is not None and a.respond is None and a.status is ONLINE and a.load < a.max:
                            self.at_once += 1
                            if round_robin:
                                seats.advance(decision.team if decision is not None else None, a)
                            load = a.load = a.load + 1
                            a.chats += 1
                            a.assigned += 1
                            a.busy_area -= t
                            self.open_chats += 1
                            if a.idle_after is not None:
                                a.idle_seq = -1
                            if seats.index(a, load < a.max):
                                self.dirty = True
                            self.seq += 1
                            heappush(heap, (t + handle, self.seq, FREE, a))
                        else:
                            if decision is None:
                                decision = by_mode(rules, seats)
                                assert decision is not None
                            if decision.action is QUEUE and decision.forwarded_from is None and self.plain_waits:
                                reply = self._first_reply(t, self.offline, False)
                                sent = None
                                if reply is not None:
                                    sent = self.sent_plain.setdefault((reply, plain.language), [0])
                                queued = (decision.team, sent)
                                if decision.team is None:  # kept: it changes only with the free seats
                                    self.plain_queued = queued
                                self._queue_plain(t, handle, queued)
                            else:
                                v = traffic.plain_visitor(t, handle, patience)
                                v.requested = t
                                self.in_flight += 1
                                self._routed(t, v, decision)
            if self.dirty and (heap[0][0] if heap else INFINITY) > t and self.next_arrival > t:
                if self.joining:
                    self._share_queue(t)
                self._refresh(t)
            if progress is not None:
                countdown -= 1
                if not countdown:
                    countdown = PROGRESS_EVERY
                    progress(t / horizon)

    def _draw_arrival(self, traffic: TrafficGenerator, t: float) -> None:
        following = traffic.next_arrival(t)
        if following < self.horizon:
            self.seq += 1
            self.next_arrival, self.arrival_seq = following, self.seq
        else:
            self.next_arrival = INFINITY

    def _queue_plain(self, t: float, handle: float, queued: tuple[str | None, list[int] | None]) -> None:
        """What :meth:`_routed` and :meth:`_enqueue` do for a plain visitor the engine
        queues when nothing is timed on the wait (:attr:`plain_waits`): one call.
        ``queued``: the line (team) of the route and the count of the first reply it
        sends (its cell in :attr:`sent_plain`, None when there is no reply), as
        :attr:`plain_queued` keeps them."""
        team, sent = queued
        assert self.traffic is not None
        v = self.traffic.plain_visitor(t, handle, None)
        v.requested = v.queued_at = t
        v.timers = True  # what _wait_timers records; it has nothing to set here
        self.in_flight += 1
        self.sought += 1
        queue = self.queue
        self.queue_area += queue.length * (t - self.queue_since)  # what _queue_area does, without the call
        self.queue_since = t
        self.seq += 1
        line = queue.single
        if line is not None and line.key == team:
            queue.length += 1
            line.push(v, self.seq, self.priority_new and v.new)
        else:
            queue.push(v, team, self.seq, self.priority_new and v.new)
        v.state = QUEUED
        self.queued += 1
        self.queued_plain += 1
        self._queue_grew()
        if sent is not None:
            sent[0] += 1

    def _request(self, t: float, v: Visitor) -> None:
        """The visitor asks for a human: route (RT, OFF) and send the first reply (MSG)."""
        v.requested = t
        if self.joining:
            self._share_queue(t)
        if self.dirty:
            self._refresh(t)
        if v.last_contact is not None:
            v.last_contact_age = t - v.last_contact
        self._routed(t, v, route(self.rules, self.seats, v, self.offline))

    def _routed(self, t: float, v: Visitor, decision: Route[AgentState]) -> None:
        """Act on the route the engine chose for ``v``."""
        action, agent, reason, _bypass, team, forwarded, picked = decision
        if forwarded is not None:
            self.forwarded += 1
            self._event(
                t,
                "system",
                "forwarded",
                v,
                forwarded,
                Detail(N_("{agent} is offline; routed to an online agent (OFF-7)"), (("agent", forwarded.id),)),
            )
        if action is ASSIGN:
            assert agent is not None
            self.sought += 1
            if picked and self.round_robin:
                self.seats.advance(team, agent)
            elif reason is ROUTING_LIST:  # OFF-8: the reply of the moment, as explain gives it
                self.seats.routing_list_turn += 1
                self._send(t, v, self._first_reply(t, self.offline, False), awaits=agent)
            self._assign(t, v, agent, reason)
        elif action is QUEUE:
            self.sought += 1
            self._enqueue(t, v, team, self._first_reply(t, self.offline, False))
        else:
            kind = self._first_reply(t, self.offline if self.offline.on else STORED, False)
            # a message written to an offline account waits for that account (OFF-7)
            written = agent is not None and agent is v.direct_agent and agent.status is OFFLINE
            self._send(t, v, kind, awaits=agent if written else None)
            self._leave_message(t, v, Route(action, agent, reason))

    def _assign(self, t: float, v: Visitor, a: AgentState, reason: str | Detail) -> None:
        v.state = ASSIGNED
        v.agent = a
        was = a.status
        if was is OFFLINE:
            a.offline_load_change(t)
        load = a.load = a.load + 1
        a.chats += 1
        a.assigned += 1
        a.busy_area -= t
        self.open_chats += 1
        if a.idle_after is not None:
            a.idle_seq = -1
        if a.routable and self.seats.index(a, a.available and load < a.max):
            self.dirty = True
        emit = self.emit
        exceeds = load > a.max or was is BUSY
        if exceeds:
            self.capacity_exceptions += 1
        respond = a.respond
        response = respond() if respond is not None and was is not OFFLINE else 0.0
        if emit is not None:
            if was is OFFLINE:
                template = N_("{reason} (offline: answered when it comes online, OFF-8); {chats} open chat(s)")
            elif not exceeds:
                template = N_("{reason}; {chats} open chat(s)")
            elif load > a.max:
                template = N_("{reason} (capacity bypassed); {chats} open chat(s)")
            else:
                template = N_("{reason} (suspended bypassed); {chats} open chat(s)")
            served = response <= 0.0 and was is not OFFLINE
            english = reason.english() if isinstance(reason, Detail) else reason
            self._event(
                t,
                "system",
                "assign",
                v,
                a,
                Detail(
                    template, (("reason", reason if isinstance(reason, Detail) else Detail(reason)), ("chats", a.chats))
                ),
                (("reason", english), ("bypass", exceeds), ("outcome", "served" if served else None)),
            )
        if self.welcome_on and not v.welcomed and was is not OFFLINE:
            v.welcomed = True
            if v.customer is None and emit is None:
                counts = self.sent_welcome
                counts[v.language] = counts.get(v.language, 0) + 1
            else:
                self._welcome(t, v, a)
        if v.text and self.quick_replies:
            self._suggest(t, v, a, v.text)
        if was is OFFLINE:
            self._wait_timers(t, v)
            a.waiting.append(v)
            return
        self._respond(t, v, a, response)

    def _respond(self, t: float, v: Visitor, a: AgentState, response: float) -> None:
        """The agent answers ``v`` after ``response`` seconds (or times out, TMO-2)."""
        if response <= 0.0:
            self._answered(t, v)
            return
        self._wait_timers(t, v)
        v.assign_no += 1
        ref = (v, v.assign_no)
        timeout = self.agent_timeout
        if timeout is not None:
            after, warn = timeout
            if warn > 0.0 and response > after - warn:  # still silent when the warning is due
                self._push(t + after - warn, AGENT_WARN, ref)
            if response >= after:
                v.answer_at = t + response
                self._push(t + after, AGENT_TIMEOUT, ref)
                return
        self._push(t + response, AGENT_REPLY, ref)

    def _welcome(self, t: float, v: Visitor, a: AgentState) -> None:
        """MSG-1: the welcome on assignment; the same content once per scenario customer
        and local day (another agent's name, another language: another welcome)."""
        if v.customer is not None:
            once = (v.customer, self.clock.day_index(t), self._rendered(t, v, "welcome", v.language, a).text)
            if once in self.welcomed:
                return
            self.welcomed.add(once)
        self._send(t, v, "welcome", a)

    def _wait_timers(self, t: float, v: Visitor) -> None:
        """Patience and the OFF-3 delay count from the request, once per visit."""
        if v.timers:
            return
        v.timers = True
        if v.patience is not None:
            self._push(max(t, v.requested + v.patience), PATIENCE, v)
        if self.delay is not None and not self.offline.on:
            self._push(max(t, v.requested + self.delay), DELAY, v)

    def _answered(self, t: float, v: Visitor) -> None:
        v.state = CHAT
        if v.customer is not None:
            self.history[v.customer] = (v.agent, t)
        wait = t - v.requested
        waits = self.waits
        if wait > 0.0:
            waits.add(wait)
            if wait <= ANSWERED_WITHIN:
                self.within += 1
        else:
            waits.count += 1
            waits.zeros += 1
            self.within += 1
        self.served += 1
        self.in_flight -= 1
        end = t + v.handle
        if v.silent_after is not None and self.customer_timeout is not None:
            v.end_at = end
            self._silent(t + v.silent_after, v)
        self.seq += 1
        if self.plain is not None and v.id is None:  # a plain synthetic visitor: nothing left but the end
            heappush(self.heap, (end, self.seq, FREE, v.agent))
        else:
            heappush(self.heap, (end, self.seq, END, v))

    def _agent_reply(self, t: float, seq: int, ref: tuple[Visitor, int]) -> None:
        v, number = ref
        if v.state != ASSIGNED or v.assign_no != number:
            return
        self._event(
            t,
            "agent",
            "agent_reply",
            v,
            v.agent,
            Detail(N_("answers after {wait}"), (("wait", short_duration(t - v.requested)),)),
            (("outcome", "served"),),
        )
        self._answered(t, v)

    def _enqueue(self, t: float, v: Visitor, team: str | None, reply: str | None) -> None:
        queue = self.queue
        if self.max_length is not None and queue.line(team).live >= self.max_length:
            self._send(t, v, self._first_reply(t, STORED, False))
            full = Detail(N_("queue full ({length})"), (("length", self.max_length),))
            self._leave_message(t, v, offline_route(self.rules, self.seats, full.english()), full)
            return
        self._queue_area(t)
        self.seq += 1
        position = queue.push(v, team, self.seq, self.priority_new and v.new)
        v.state = QUEUED
        v.queued_at = t
        self.queued += 1
        self._queue_grew()
        if self.emit is not None:
            queued = (
                Detail(N_("position {position} in the {team} queue"), (("position", position), ("team", team)))
                if team
                else Detail(N_("position {position}"), (("position", position),))
            )
            self._event(t, "system", "queue", v, None, queued, (("position", position),))
        if reply is not None:
            self._send(t, v, reply, position=position)
        self._wait_timers(t, v)
        if self.max_wait is not None:
            self._push(t + self.max_wait, MAX_WAIT, (v, v.qtoken))

    def _unqueue(self, t: float, v: Visitor) -> None:
        self._queue_area(t)
        self.queue.left(v)

    def _fill(self, t: float, a: AgentState) -> None:
        """An agent with a free seat takes the next visitors from the (not empty) queue."""
        queue = self.queue
        self._queue_area(t)
        while queue.length and a.available:
            v = queue.next_for(a.line_rank)
            if v is None:
                break
            self._turn(v, a)
            reason = self._from_queue(t, v) if self.emit is not None else ""
            self._assign(t, v, a, reason)

    def _turn(self, v: Visitor, a: AgentState) -> None:
        """RT-2 round robin: ``a`` took ``v`` from the queue, so it was the last one
        assigned on ``v``'s line; the next pick starts after it."""
        if self.round_robin:
            self.seats.advance(v.line.key, a)

    def _from_queue(self, t: float, v: Visitor) -> Detail:
        """The reason of an assignment from the queue."""
        return Detail(N_("from the queue after {wait}"), (("wait", short_duration(t - v.queued_at)),))

    def _share_queue(self, t: float) -> None:
        """RT-2: agents who came online (or were freed by hand) at the same instant, a
        shift start, share the waiting customers by the routing mode, one at a time,
        instead of the first one processed taking them all."""
        joining, self.joining = list(dict.fromkeys(self.joining)), []
        queue = self.queue
        if not queue.length:
            return
        self._queue_area(t)
        joining.sort(key=lambda s: s.order)
        while queue.length:
            ready = [s for s in joining if s.available]
            if not ready:
                break
            a = ready[0] if self.round_robin else min(ready, key=lambda s: (s.load / s.max, s.order))
            v = queue.next_for(a.line_rank)
            if v is None:
                joining.remove(a)
                continue
            if self.round_robin:  # the next one in turn
                joining.remove(a)
                joining.append(a)
            self._turn(v, a)
            reason = self._from_queue(t, v) if self.emit is not None else ""
            self._assign(t, v, a, reason)

    def _patience(self, t: float, seq: int, v: Visitor) -> None:
        state = v.state
        if state != QUEUED and state != ASSIGNED:
            return
        v.state = DONE
        self.abandoned += 1
        self.in_flight -= 1
        self._event(
            t,
            "visitor",
            "abandon",
            v,
            v.agent if state == ASSIGNED else None,
            Detail(N_("leaves after waiting {wait}"), (("wait", short_duration(t - v.requested)),)),
            (("outcome", "abandoned"),),
        )
        if state == QUEUED:
            self._unqueue(t, v)
            return
        a: AgentState = v.agent
        if not v.stored and v in a.waiting:
            # Assigned by the routing list (OFF-8) and gone before the account came
            # online: what they wrote waits in its chats, an offline message (OFF-4).
            self._record(t, v, a, Detail(N_("left before {agent} came online, OFF-8"), (("agent", a.id),)))
        self._release(t, v)

    def _max_wait(self, t: float, seq: int, ref: tuple[Visitor, int]) -> None:
        v, token = ref
        if v.state != QUEUED or v.qtoken != token:
            return
        self._unqueue(t, v)
        if not v.stored:
            self._send(t, v, self._first_reply(t, STORED, False))
        reason = Detail(N_("waited the maximum {wait}"), (("wait", short_duration(self.max_wait or 0.0)),))
        self._leave_message(t, v, offline_route(self.rules, self.seats, reason.english()), reason)

    def _release(self, t: float, v: Visitor) -> None:
        """A chat ends other than by the agent (a timeout, abandon): the seat frees at once."""
        a: AgentState = v.agent
        a.chats -= 1
        self.open_chats -= 1
        self._free_seat(t, a)
        if not a.chats and a.idle_after is not None and a.status is not OFFLINE:
            a.idle_seq = self._push(t + a.idle_after, IDLE, a)

    def _free_seat(self, t: float, a: AgentState) -> None:
        if a.status is OFFLINE:
            a.offline_load_change(t)
        load = a.load = a.load - 1
        a.busy_area += t
        if not a.routable:
            return
        queue = self.queue
        if self.fast and queue.length and load == a.max - 1 and a.status is ONLINE:
            # The one free seat goes to the next visitor waiting for it, if any: the
            # same as indexing the agent free and then full again, without the two.
            self.queue_area += queue.length * (t - self.queue_since)
            self.queue_since = t
            line = queue.single
            if line is not None and line.key is None:  # the common queue: everyone takes from it (line_rank)
                v = line.pop()
                if v is not None:
                    queue.length -= 1
            else:
                v = queue.next_for(a.line_rank)
            if v is not None:
                self._turn(v, a)
                if v.id is None and self.plain is not None and a.respond is None:
                    self._serve_plain(t, v, a)
                    return
                reason = self._from_queue(t, v) if self.emit is not None else ""
                self._assign(t, v, a, reason)
                return
        if self.seats.index(a, a.status is ONLINE and load < a.max):
            self.dirty = True
        if a.available and queue.length:
            self._fill(t, a)

    def _serve_plain(self, t: float, v: Visitor, a: AgentState) -> None:
        """What :meth:`_assign` and :meth:`_answered` do when the one free seat of an
        online agent who answers at once goes to a plain synthetic visitor from the
        queue: the agent is full again, as it was (still not indexed free, so
        :meth:`~cs.simulate.seats.Seats.index` has nothing to change)."""
        v.state = CHAT
        v.agent = a
        a.load += 1
        a.chats += 1
        a.assigned += 1
        a.busy_area -= t
        self.open_chats += 1
        if a.idle_after is not None:
            a.idle_seq = -1
        if self.welcome_on and not v.welcomed:
            v.welcomed = True
            counts = self.sent_welcome
            counts[v.language] = counts.get(v.language, 0) + 1
        wait = t - v.requested
        if wait > 0.0:
            self.waits.add(wait)
            if wait <= ANSWERED_WITHIN:
                self.within += 1
        else:
            waits = self.waits
            waits.count += 1
            waits.zeros += 1
            self.within += 1
        self.served += 1
        self.in_flight -= 1
        self.seq += 1
        heappush(self.heap, (t + v.handle, self.seq, FREE, a))

    def _silent(self, quiet: float, v: Visitor) -> None:
        """TMO-1: the customer falls silent at ``quiet``; the warning, then the close,
        come ``after`` later unless the chat ends first or the customer writes again."""
        after, warn = self.customer_timeout  # type: ignore[misc]
        v.quiet_from = quiet
        v.quiet_no += 1
        ref = (v, v.quiet_no)
        if warn > 0.0 and quiet + after - warn < v.end_at:
            self._push(quiet + after - warn, CUST_WARN, ref)
        elif quiet + after < v.end_at:
            self._push(quiet + after, CUST_CLOSE, ref)

    def _message(self, t: float, seq: int, ref: tuple[Visitor, str]) -> None:
        v, text = ref
        if v.state == DONE:
            return
        v.text = f"{v.text} {text}".strip()
        self._event(t, "visitor", "message", v, v.agent, repr(text))
        if v.state == CHAT and v.silent_after is not None and self.customer_timeout is not None and t > v.quiet_from:
            self._silent(t, v)  # writing again, the customer is not silent: TMO-1 counts anew
        if v.state == CHAT and self.quick_replies:
            self._suggest(t, v, v.agent, text)

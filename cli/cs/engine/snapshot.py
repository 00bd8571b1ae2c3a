"""The state of the service at one instant, from the policy alone (OPS-2).

This is what ``cs explain`` shows: open or closed and by which rule, who is
scheduled online, offline mode and its trigger, the reply a new visitor gets,
and the next transition. With no live load, every online agent has free seats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cs.calendar.hours import DayPlan, next_open_time, next_transition, open_at
from cs.engine.decisions import Facts, OfflineDecision, offline_mode, reply_kind
from cs.engine.presence import Presence, presences, scheduled_online
from cs.engine.routing import RoutingRules
from cs.messages.language import resolve_text
from cs.messages.template import render
from cs.model.policy import Policy


@dataclass(frozen=True)
class Reply:
    kind: str
    language: str
    text: str


@dataclass(frozen=True)
class Snapshot:
    at: datetime
    open: bool
    plan: DayPlan
    agents_online: tuple[Presence, ...]
    offline: OfflineDecision
    reply: Reply | None
    next_open: datetime | None
    """When work hours next start (``at`` itself when open)."""
    service_resumes: datetime | None
    """When offline mode next ends (``at`` itself when not in offline mode)."""
    next_transition: tuple[datetime, str] | None
    """(instant, what happens): ``opens``/``closes`` or an agent or offline-mode change."""
    chat_possible: bool
    """False when the system is switched off (ENT-1)."""
    offline_messages_to: str | None
    """In offline mode, where a new customer's messages go (OFF-5, OFF-8)."""


def format_instant(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


def render_reply(
    policy: Policy,
    kind: str,
    language: str,
    values: dict[str, object],
) -> Reply:
    message = policy.messages[kind]
    used, template = resolve_text(message.text_map(), language, policy.messages.default_language)
    return Reply(kind, used, render(template, values))


def _facts(policy: Policy, at: datetime) -> tuple[Facts, DayPlan, tuple[Presence, ...]]:
    state = open_at(policy.calendar, policy.tz, at)
    online = tuple(p for p in presences(policy) if scheduled_online(policy, p, at))
    routable = sum(1 for p in online if p.agent.routable)
    return Facts(at, state.open, routable, routable > 0), state.plan, online


@dataclass(frozen=True)
class _State:
    facts: Facts
    plan: DayPlan
    online: tuple[Presence, ...]
    offline: OfflineDecision

    @property
    def key(self) -> tuple[bool, frozenset[str], bool]:
        return (self.facts.open, frozenset(p.agent.id for p in self.online), self.offline.on)


def _state(policy: Policy, at: datetime) -> _State:
    facts, plan, online = _facts(policy, at)
    return _State(facts, plan, online, offline_mode(policy, facts))


def _candidates(policy: Policy, at: datetime) -> list[datetime]:
    """Instants after ``at`` where something the state depends on may change."""
    found = [next_transition(policy.calendar, policy.tz, at)]
    found += [next_transition(p.calendar, policy.tz, at) for p in presences(policy)]
    times = [t[0] for t in found if t is not None]
    for window in policy.offline.manual:
        times.extend(t for t in (window.start, window.end) if t > at)
    return sorted(set(times))


def _next_change(policy: Policy, current: _State, limit: int = 64) -> _State | None:
    """The earliest later state that differs in opening, agents online or offline mode."""
    at = current.facts.at
    for _ in range(limit):
        times = _candidates(policy, at)
        if not times:
            return None
        for t in times:
            state = _state(policy, t)
            if state.key != current.key:
                return state
        at = times[-1]
    return None


def _describe_change(before: _State, after: _State) -> str:
    changes = []
    if after.facts.open != before.facts.open:
        changes.append("opens" if after.facts.open else "closes")
    came = sorted(after.key[1] - before.key[1])
    went = sorted(before.key[1] - after.key[1])
    if came:
        changes.append("online: " + ", ".join(came))
    if went:
        changes.append("offline: " + ", ".join(went))
    if after.offline.on != before.offline.on:
        changes.append(f"offline mode on ({after.offline.trigger})" if after.offline.on else "offline mode ends")
    return "; ".join(changes)


def service_resumes(policy: Policy, current: _State) -> datetime | None:
    """When offline mode next ends (the {next_open} of offline replies, CAL-6)."""
    state: _State | None = current
    for _ in range(64):
        if state is None:
            return None
        if not state.offline.on:
            return state.facts.at
        state = _next_change(policy, state)
    return None


def snapshot(policy: Policy, at: datetime, language: str | None = None) -> Snapshot:
    """The state at ``at`` (an aware datetime) and the reply for a visitor in ``language``."""
    current = _state(policy, at)
    resumes = service_resumes(policy, current)
    reply = None
    if policy.system_enabled:
        kind = reply_kind(policy, current.facts, current.offline)
        if kind is not None:
            values: dict[str, object] = {
                "next_open": format_instant(resumes.astimezone(policy.tz)) if resumes else "",
                "queue_position": 1,
            }
            reply = render_reply(policy, kind, language or policy.messages.default_language, values)
    after = _next_change(policy, current)
    destination = None
    if current.offline.on:
        rules = RoutingRules.of(policy)
        if rules.routing_list and current.facts.routable_online == 0:
            destination = "routing list: " + ", ".join(rules.routing_list)
        else:
            destination = rules.destination or "message pool"
    return Snapshot(
        at=at,
        open=current.facts.open,
        plan=current.plan,
        agents_online=current.online,
        offline=current.offline,
        reply=reply,
        next_open=next_open_time(policy.calendar, policy.tz, at),
        service_resumes=resumes,
        next_transition=(after.facts.at, _describe_change(current, after)) if after else None,
        chat_possible=policy.system_enabled,
        offline_messages_to=destination,
    )

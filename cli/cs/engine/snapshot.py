"""The state of the service at one instant, from the policy alone (OPS-2).

This is what ``cs explain`` shows: open or closed and by which rule, who is
scheduled online and whether they receive chats (AG-4), offline mode and its
trigger, where a new customer's chat goes (through :func:`cs.engine.routing.route`,
the code the simulator routes with), the reply a new visitor gets, when service
resumes, and the next transition. With no live load, every online agent has
free seats. A simulation without visitors is in this state at every instant
(``tests/test_engine_property.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cs.calendar.hours import HORIZON_DAYS, DayPlan, next_open_time, next_transition, open_at
from cs.engine.decisions import Facts, OfflineDecision, offline_mode, reply_kind, trigger_shown
from cs.engine.presence import (
    OFFLINE,
    ONLINE,
    Presence,
    ScheduleGroup,
    next_online,
    next_status_change,
    roster,
    scheduled_status,
)
from cs.engine.routing import ROUTING_LIST, STORE, Route, RoutingRules, route
from cs.engine.schedule_seats import NEW_CUSTOMER, ScheduleSeats
from cs.i18n import N_, pgettext
from cs.i18n.message import Message, message, verbatim
from cs.messages.language import resolve_text
from cs.messages.template import render
from cs.messages.values import template_values
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
    """Agents not offline, receiving chats or suspended (see ``suspended``)."""
    suspended: frozenset[str]
    """Ids of the agents online but not receiving chats (auto-accept off, AG-4)."""
    offline: OfflineDecision
    reply: Reply | None
    next_open: datetime | None
    """When work hours next start (``at`` itself when open)."""
    service_resumes: datetime | None
    """When an agent can next take a new chat (``at`` itself when one can now)."""
    awaited: datetime | None
    """What the reply's ``{next_open}`` promises (CAL-6, MSG-4; None: no time): by
    :func:`awaited`, :attr:`service_resumes` (else when the work hours next open), or
    when the account the routing list assigns the chat to comes online (OFF-8)."""
    next_transition: tuple[datetime, str] | None
    """(instant, what happens): ``opens``/``closes`` or an agent or offline-mode change."""
    chat_possible: bool
    """False when the system is switched off (ENT-1)."""
    route: Route[str]
    """Where a new customer's chat goes (RT, OFF-5, OFF-8)."""
    offline_messages_to: str | None
    """In offline mode, where a new customer's messages go (OFF-5, OFF-8)."""
    next_transition_shown: str | None = None
    """The change of ``next_transition`` as a person reads it, in the language of this process."""
    offline_messages_to_shown: str | None = None
    """``offline_messages_to`` as a person reads it, in the language of this process."""


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


@dataclass(frozen=True)
class ScheduledState:
    """The state at an instant by the schedules alone."""

    facts: Facts
    plan: DayPlan
    online: tuple[tuple[Presence, str], ...]
    """(presence, ONLINE or BUSY) for every agent not offline."""
    offline: OfflineDecision

    @property
    def key(self) -> tuple[bool, frozenset[tuple[str, str]], bool, str | None]:
        statuses = frozenset((p.agent.id, status) for p, status in self.online)
        return (self.facts.open, statuses, self.offline.on, self.offline.trigger)

    @property
    def receiving(self) -> frozenset[str]:
        """Routable agents receiving chats."""
        return frozenset(p.agent.id for p, status in self.online if status is ONLINE and p.agent.routable)

    @property
    def available(self) -> bool:
        """A new customer can be taken by an agent now."""
        return not self.offline.on and self.facts.routable_online > 0 and self.facts.capacity_free


def scheduled_state(policy: Policy, at: datetime) -> ScheduledState:
    hours = open_at(policy.calendar, policy.tz, at)
    agents = roster(policy)
    statuses = [scheduled_status(policy, group.first, at) for group in agents.groups]
    online = [
        (presence, status)
        for presence, group in zip(agents.presences, agents.group_of, strict=True)
        if (status := statuses[group]) is not OFFLINE
    ]
    routable = sum(1 for p, status in online if status is ONLINE and p.agent.routable)
    facts = Facts(at, hours.open, routable, routable > 0)
    return ScheduledState(facts, hours.plan, tuple(online), offline_mode(policy, facts))


def _candidates(policy: Policy, at: datetime, groups: tuple[ScheduleGroup, ...] | None = None) -> list[datetime]:
    """Instants after ``at`` where something the state depends on may change (of the
    agents, only ``groups`` when given)."""
    found = next_transition(policy.calendar, policy.tz, at)
    times = [found[0]] if found is not None else []
    every = roster(policy).groups if groups is None else groups
    times += [t for g in every if (t := next_status_change(policy, g.first, at)) is not None]
    for window in policy.offline.manual:
        times.extend(t for t in (window.start, window.end) if t > at)
    return sorted(set(times))


def next_change(
    policy: Policy, current: ScheduledState, limit: int = 64, groups: tuple[ScheduleGroup, ...] | None = None
) -> ScheduledState | None:
    """The earliest later state that differs in opening, agents' statuses or offline mode
    (looking only at ``groups``' changes of the agents, when given)."""
    at = current.facts.at
    for _ in range(limit):
        times = _candidates(policy, at, groups)
        if not times:
            return None
        for t in times:
            state = scheduled_state(policy, t)
            if state.key != current.key:
                return state
        at = times[-1]
    return None


def _describe_change(before: ScheduledState, after: ScheduledState) -> Message:
    """What changes from ``before`` to ``after``, in English (the JSON's) and as shown."""
    changes: list[Message] = []
    if after.facts.open != before.facts.open:
        changes.append(message(N_("opens") if after.facts.open else N_("closes")))
    was = dict((p.agent.id, s) for p, s in before.online)
    now = dict((p.agent.id, s) for p, s in after.online)
    came = sorted(a for a, s in now.items() if was.get(a) != s and s is ONLINE)
    suspended = sorted(a for a, s in now.items() if was.get(a) != s and s is not ONLINE)
    went = sorted(set(was) - set(now))
    if came:
        changes.append(message(N_("online: {agents}"), agents=", ".join(came)))
    if suspended:
        changes.append(message(N_("online suspended: {agents}"), agents=", ".join(suspended)))
    if went:
        changes.append(message(N_("offline: {agents}"), agents=", ".join(went)))
    trigger = trigger_shown(after.offline.trigger or "")
    if after.offline.on != before.offline.on:
        on = N_("offline mode on ({trigger})") if after.offline.on else N_("offline mode ends")
        changes.append(message(on, trigger=trigger))
    elif after.offline.trigger != before.offline.trigger:
        changes.append(message(N_("offline mode trigger {trigger}"), trigger=trigger))
    separator = pgettext("list separator", "; ")
    return Message("; ".join(c.english for c in changes), separator.join(c.shown for c in changes))


def service_resumes(policy: Policy, current: ScheduledState, blocked: bool = False) -> datetime | None:
    """When an agent can next take a new customer (MSG-4, OFF-3, CAL-6): ``current``'s
    instant when one can, else the first later scheduled change after which one can
    (offline mode ends, or a routable agent comes online). ``blocked``: live state the
    schedule cannot see (an agent offline by hand, all seats taken, a delay) keeps the
    service from customers now, so the answer is the next change that brings a routable
    agent online; never the current instant."""
    if current.available and not blocked:
        return current.facts.at
    # only the work hours, manual windows and routable agents who come online receiving
    # decide it: the changes of the others (a non-routable account on duty every half
    # hour, agents who come online suspended, AG-4) are not searched
    routable = tuple(
        g
        for g in roster(policy).groups
        if g.first.comes_online_as == ONLINE and any(p.agent.routable for p in g.presences)
    )
    if not routable:
        return None
    horizon = current.facts.at + timedelta(days=HORIZON_DAYS)
    before = current
    while True:
        after = next_change(policy, before, groups=routable)
        if after is None or after.facts.at > horizon:
            return None
        if after.available and (not before.available or after.receiving - before.receiving):
            return after.facts.at
        before = after


def any_agent(policy: Policy, at: datetime, resumes: datetime | None) -> datetime | None:
    """What ``{next_open}`` promises a customer at ``at`` who waits for any agent (MSG-4,
    CAL-6): ``resumes`` (:func:`service_resumes`); when no scheduled change lets an
    agent take the customer on its own (``auto_accept: false`` on every schedule: agents
    accept by hand, AG-4), when the work hours are next open; None only when they never
    are."""
    return resumes if resumes is not None else next_open_time(policy.calendar, policy.tz, at)


def promised(policy: Policy, when: datetime | None) -> str:
    """``{next_open}`` as a reply writes it: ``when`` in the policy's zone; empty for no
    time (which is a warning: :func:`cs.engine.warnings.no_time`)."""
    return format_instant(when.astimezone(policy.tz)) if when is not None else ""


def schedule_route(policy: Policy, state: ScheduledState, rules: RoutingRules | None = None) -> Route[str]:
    """Where a new customer's chat goes in ``state`` (by the shared routing code)."""
    seats = ScheduleSeats(policy, {p.agent.id: status for p, status in state.online})
    return route(rules or RoutingRules.of(policy), seats, NEW_CUSTOMER, state.offline)


def offline_messages_to(rules: RoutingRules, found: Route[str]) -> Message:
    """Where offline messages go, in English (the JSON's) and as shown."""
    if found.reason == ROUTING_LIST:
        return message(N_("routing list: {agents}"), agents=", ".join(rules.routing_list))
    if found.agent:
        return verbatim(found.agent)
    return message(N_("message pool") if found.action == STORE else N_("queue"))


def awaited(policy: Policy, at: datetime, found: Route[str], resumes: datetime | None) -> datetime | None:
    """When the customer routed by ``found`` at ``at`` is next answered by schedule, which
    their reply's ``{next_open}`` promises: :func:`any_agent`, except for a chat the
    routing list assigns to an offline account (OFF-8): that chat waits for the account,
    whoever comes online first (None: it is not scheduled online within the horizon)."""
    if found.reason == ROUTING_LIST and found.agent is not None:
        return next_online(policy, roster(policy).by_id[found.agent], at)
    return any_agent(policy, at, resumes)


def snapshot(policy: Policy, at: datetime, language: str | None = None) -> Snapshot:
    """The state at ``at`` (an aware datetime) and the reply for a visitor in ``language``
    (a new customer: the routing list's next account in turn is its first, OFF-8)."""
    current = scheduled_state(policy, at)
    # Switched off (ENT-1), the service takes no chat at any time: nothing resumes.
    resumes = service_resumes(policy, current) if policy.system_enabled else None
    rules = RoutingRules.of(policy)
    found = schedule_route(policy, current, rules)
    waits = awaited(policy, at, found, resumes) if policy.system_enabled else None
    reply = None
    if policy.system_enabled:
        kind = reply_kind(policy, current.facts, current.offline)
        if kind is not None:
            known: dict[str, object] = {
                "next_open": promised(policy, waits),
                "queue_position": 1,
            }
            values = template_values(kind, known)
            reply = render_reply(policy, kind, language or policy.messages.default_language, values)
    after = next_change(policy, current)
    change = _describe_change(current, after) if after else None
    messages_to = offline_messages_to(rules, found) if current.offline.on else None
    return Snapshot(
        at=at,
        open=current.facts.open,
        plan=current.plan,
        agents_online=tuple(p for p, _ in current.online),
        suspended=frozenset(p.agent.id for p, status in current.online if status is not ONLINE),
        offline=current.offline,
        reply=reply,
        next_open=next_open_time(policy.calendar, policy.tz, at),
        service_resumes=resumes,
        awaited=waits,
        next_transition=(after.facts.at, change.english) if after and change is not None else None,
        chat_possible=policy.system_enabled,
        route=found,
        offline_messages_to=None if messages_to is None else messages_to.english,
        next_transition_shown=None if change is None else change.shown,
        offline_messages_to_shown=None if messages_to is None else messages_to.shown,
    )

"""Rules about offline mode and offline messages (OFF-1..OFF-8)."""

from __future__ import annotations

from collections.abc import Iterator

from cs.engine.presence import IMPLICIT_MAIN_ID, effective_agents, presence_lookup
from cs.engine.routing import routing_list
from cs.findings import Severity
from cs.i18n import N_
from cs.i18n.message import message
from cs.model.policy import Policy
from cs.rules.calendar import never_opens
from cs.rules.registry import Hit, rule


@rule("bot-offline-destination", Severity.ERROR, "OFF-6", "RT-9")
def bot_offline_destination(policy: Policy) -> Iterator[Hit]:
    """With bot reception on, offline messages can only go to the message pool
    (the platforms grey out proxy and main). Set `offline.destination: message_pool`
    or turn the bot off."""
    if policy.routing.bot_enabled and policy.offline.destination != "message_pool":
        yield Hit(
            ("offline", "destination"),
            message(
                N_("routing.bot is enabled, so offline messages must go to message_pool, not '{destination}'"),
                destination=policy.offline.destination,
            ),
        )


@rule("offline-routing-empty", Severity.ERROR, "OFF-8")
def offline_routing_empty(policy: Policy) -> Iterator[Hit]:
    """`when_nobody_online: routing_list` but the routing list names no account, so
    sessions would have nowhere to go while everyone is offline."""
    if policy.offline.when_nobody_online == "routing_list" and not policy.offline.routing_list:
        yield Hit(
            ("offline", "when_nobody_online"),
            message(
                N_(
                    "when_nobody_online is routing_list but routing_list.agents is empty; "
                    "list the agents, or choose another when_nobody_online"
                )
            ),
        )


@rule("routing-list-never-online", Severity.WARNING, "OFF-8", "AG-2")
def routing_list_never_online(policy: Policy) -> Iterator[Hit]:
    """The offline routing list names an account whose schedule is closed on every day
    of the week, with nothing that opens it: the sessions the list gives it wait for it
    unanswered, and their replies say no time for `{next_open}`. Give its schedule
    hours or take it off the list."""
    used = routing_list(policy)  # when the list is in use, its routable accounts
    lookup = presence_lookup(policy)
    agents = {agent.id: agent for agent in effective_agents(policy)}
    for i, listed in enumerate(policy.offline.routing_list):
        agent = agents.get(listed)
        if agent is None or listed not in used:
            continue
        presence = lookup(agent)
        if presence.schedule is not None and never_opens(presence.calendar):
            yield Hit(
                ("offline", "routing_list", "agents", i),
                message(
                    N_(
                        "'{agent}' is never online by its schedule '{schedule}', so the sessions the routing "
                        "list gives it are never answered"
                    ),
                    agent=listed,
                    schedule=presence.schedule.id,
                ),
            )


@rule("offline-destination-account", Severity.ERROR, "OFF-5")
def offline_destination_account(policy: Policy) -> Iterator[Hit]:
    """Offline messages go to the proxy account, but the policy declares no agent
    with `role: proxy`; add the account. (The main account always exists on the
    platform, so `main` needs no declaration.)"""
    if policy.offline.destination == "proxy" and not any(a.role == "proxy" for a in policy.agents):
        yield Hit(
            ("offline", "destination"),
            message(
                N_(
                    "no agent has role 'proxy' to receive offline messages; "
                    "give one agent role: proxy, or choose another destination"
                )
            ),
        )


@rule("main-id-taken", Severity.WARNING, "AG-1", "OFF-5", "RT-5")
def main_id_taken(policy: Policy) -> Iterator[Hit]:
    """An agent whose id is `main` but whose role is not: with no `role: main` agent,
    cs names the shop's main account `main` (it receives offline messages and, with no
    routable agent, every chat), so the two read as one in every count. Rename the
    agent, or give it `role: main` if it is the main account."""
    if any(a.role == "main" for a in policy.agents):
        return
    for agent in policy.agents:
        if agent.id == IMPLICIT_MAIN_ID:
            yield Hit(
                (*agent.where, "id"),
                message(
                    N_(
                        "agent id '{id}' is the name cs gives the shop's main account, which receives offline "
                        "messages; the two read as one: rename this agent, or give it role: main"
                    ),
                    id=agent.id,
                ),
            )


@rule("manual-offline-range", Severity.ERROR, "OFF-1")
def manual_offline_range(policy: Policy) -> Iterator[Hit]:
    """A manual offline window ends before (or when) it starts."""
    for window in policy.offline.manual:
        if window.end <= window.start:
            yield Hit(
                (*window.where, "to"),
                message(N_("manual offline window does not end after it starts; make 'to' later than 'from'")),
            )


@rule("routing-list-not-routable", Severity.WARNING, "RT-5", "OFF-8")
def routing_list_not_routable(policy: Policy) -> Iterator[Hit]:
    """The offline routing list names an account that does not take part in routing
    (`routable: false`); it never receives sessions from the list (seed 003: an account
    set to 不分流 loses its 离线分流). When no listed account is routable, messages go
    to `offline.destination`. Make the account routable or take it off the list."""
    routable = {agent.id for agent in effective_agents(policy) if agent.routable}
    declared = {agent.id for agent in policy.agents}
    for i, agent in enumerate(policy.offline.routing_list):
        if agent in declared and agent not in routable:
            yield Hit(
                ("offline", "routing_list", "agents", i),
                message(
                    N_("'{agent}' does not take part in routing, so it never receives offline-routed sessions"),
                    agent=agent,
                ),
            )

"""Who gets a chat: the assignment decisions of RT-1..RT-7, OFF-5, OFF-7 and OFF-8.

Pure functions over a :class:`Seats` view of the agents at one instant. The
simulator backs the view with live load (heaps, so a pick costs O(log n));
``explain`` or any live user of the library can back it with a plain list and
:func:`least_loaded` / :func:`round_robin`, the reference definitions. The order
of the steps (:func:`route`) lives here and nowhere else:

1. a direct message to an account (OFF-7: forwarded when that routable
   account is offline);
2. the returning customer's last agent (RT-3, and RT-7 for returning priority);
3. offline mode on: a chat assigned over the offline routing list when the policy
   chose it and every routable agent is offline (OFF-8), else an offline message to
   the destination (OFF-5);
4. the customer's chosen agent (RT-1);
5. group routing (RT-4): the order status's team when one of its agents is
   online, waiting in that team's queue when they are all full (seed 003:
   "若会话被分配到的订单状态组有在线客服，但所有在线客服接待量已满，则会话进入该订单状态
   相对应的排队池"); otherwise, and in basic routing, any routable agent by the
   routing mode (RT-2);
6. nobody with a free seat: the routing list when every routable agent is
   offline (OFF-8), else the queue (RT-6), where customers also wait for the first
   agent to come online with ``when_nobody_online: wait_in_queue``.

Who takes a waiting customer when a seat frees is :func:`line_rank`.

Steps 1 and 2 come before offline mode because a customer who writes to a
person, or whose last agent is online, reaches that person (seed 002: "24小时内
只要买家最近联系过的那个客服在线，不管挂起与否都会由这个客服接待"); a manual
offline window (an admin closing the service) stops them too.

Non-routable accounts (RT-5) are never picked by steps 4-5; when the policy
declares no routable agent at all, the main account takes their place
(:func:`cs.engine.presence.effective_agents`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from cs.engine.decisions import OfflineDecision
from cs.engine.presence import BUSY, IMPLICIT_MAIN_ID, OFFLINE, ONLINE, effective_agents
from cs.i18n import N_
from cs.model.policy import Groups, Policy

__all__ = ["BUSY", "OFFLINE", "ONLINE"]  # re-exported: the statuses routing reads

ASSIGN = "assign"
QUEUE = "queue"
STORE = "offline_message"

K = TypeVar("K")
K_co = TypeVar("K_co", covariant=True)


class Seats(Protocol[K]):
    """What routing needs to know about the agents at one instant. ``K`` is the
    caller's handle for an agent (an id, an object)."""

    routing_list_turn: int
    """Sessions spread over the offline routing list so far (OFF-8, round robin)."""

    def status(self, agent: K) -> str:
        """ONLINE, BUSY or OFFLINE."""
        ...

    def has_free_seat(self, agent: K) -> bool: ...

    def routable(self, agent: K) -> bool:
        """Takes part in routing (参与分流), see :func:`cs.engine.presence.effective_agents`."""
        ...

    def pick(self, team: str | None) -> K | None:
        """The agent the routing mode (RT-2) chooses among the routable agents that
        are ONLINE with a free seat, within ``team`` (None: all of them)."""
        ...

    def all_routable_offline(self) -> bool:
        """Every routable agent is OFFLINE (suspended ones are not offline)."""
        ...

    def online_in(self, team: str) -> int:
        """Routable members of ``team`` that are ONLINE (receiving chats)."""
        ...

    def account(self, agent_id: str) -> K:
        """The handle of an account named by the policy (routing list, main, proxy)."""
        ...


class Request(Protocol[K_co]):
    """What routing knows about the customer asking for a human."""

    @property
    def new(self) -> bool: ...

    @property
    def order_status(self) -> str: ...

    @property
    def last_agent(self) -> K_co | None: ...

    @property
    def last_contact_age(self) -> float | None:
        """Seconds since the last contact with ``last_agent``."""
        ...

    @property
    def chosen_agent(self) -> K_co | None: ...

    @property
    def direct_agent(self) -> K_co | None: ...


class Route(NamedTuple, Generic[K]):
    action: str
    """ASSIGN, QUEUE or STORE (an offline message)."""
    agent: K | None
    """ASSIGN: the agent. STORE: the receiving account, or None for the message pool."""
    reason: str
    """Why, in a few stable words (shown in the timeline)."""
    bypass: bool = False
    """Assigned although the agent is suspended or at capacity (RT-3, RT-7)."""
    team: str | None = None
    """ASSIGN by the routing mode or QUEUE: the group (RT-4, RT-6); None for basic routing."""
    forwarded_from: K | None = None
    """OFF-7: the offline account the customer wrote to."""
    picked: bool = False
    """ASSIGN: chosen by the routing mode (:meth:`Seats.pick`), so round robin moves on."""


@dataclass(frozen=True)
class RoutingRules:
    """The routing part of a policy, flattened once so a decision costs no lookups."""

    mode: str
    recent_window_s: float
    recent_contact: bool
    """RT-3 on, and not switched off by bot reception (RT-9)."""
    recent_bypass: bool
    priority_returning: bool
    group_routing: Groups | None
    """The order-status groups when group routing is on and maps any status (RT-4)."""
    forward_on_agent_offline: bool
    routing_list: tuple[str, ...]
    """The offline routing list when enabled (OFF-8), else empty."""
    destination: str | None
    """The account offline messages go to (OFF-5), or None for the message pool."""
    routes: dict[Any, Route[Any]] = field(default_factory=dict, compare=False, repr=False)
    """The routes of steps 5-6 (group, routing mode, queue), built once per outcome by
    :func:`_shared`: a decision is made per visitor and a route is immutable, so they
    can be shared."""

    @property
    def groups(self) -> tuple[tuple[str, str], ...]:
        """(order status, team) pairs of group routing; empty in basic routing."""
        return self.group_routing.by_order_status if self.group_routing is not None else ()

    @classmethod
    def of(cls, policy: Policy) -> RoutingRules:
        routing, offline = policy.routing, policy.offline
        recent = routing.recent_contact.enabled and not routing.bot_enabled
        groups = routing.groups if routing.groups.enabled and routing.groups.by_order_status else None
        return cls(
            mode=routing.mode,
            recent_window_s=routing.recent_contact.window.total_seconds(),
            recent_contact=recent,
            recent_bypass=recent and routing.recent_contact.bypass_capacity,
            priority_returning=routing.priority_returning_customers,
            group_routing=groups,
            forward_on_agent_offline=offline.forward_on_agent_offline,
            routing_list=routing_list(policy),
            destination=offline_account(policy),
        )


ROUTING_LIST = N_("routing list")


def routing_list(policy: Policy) -> tuple[str, ...]:
    """The accounts chats go to when nobody is online (OFF-8), when the policy chose
    the routing list: those listed that take part in routing (RT-5, seed 003: an
    account set to 不分流 loses its 离线分流). Empty otherwise."""
    if policy.offline.when_nobody_online != "routing_list":
        return ()
    routable = {agent.id for agent in effective_agents(policy) if agent.routable}
    return tuple(agent for agent in policy.offline.routing_list if agent in routable)


def offline_account(policy: Policy) -> str | None:
    """Where offline messages go (OFF-5): the main or proxy account's id, or None for
    the message pool. The platform always has a main account: an undeclared one is
    :data:`~cs.engine.presence.IMPLICIT_MAIN_ID`."""
    destination = policy.offline.destination
    if destination == "message_pool":
        return None
    for agent in policy.agents:
        if agent.role == destination:
            return agent.id
    return IMPLICIT_MAIN_ID


def returning_agent(rules: RoutingRules, seats: Seats[K], request: Request[K]) -> Route[K] | None:
    """RT-3 / RT-7: the last agent of a customer returning within the window, when
    that agent is online; suspended or at capacity only when bypass is allowed."""
    last = request.last_agent
    if last is None or not (rules.recent_contact or rules.priority_returning):
        return None
    age = request.last_contact_age
    if age is None or age > rules.recent_window_s or not seats.routable(last):
        return None
    status = seats.status(last)
    if status == OFFLINE:
        return None
    if status == ONLINE and seats.has_free_seat(last):
        return Route(ASSIGN, last, N_("recent contact"))
    if rules.recent_bypass or rules.priority_returning:
        return Route(ASSIGN, last, N_("recent contact (bypass)"), bypass=True)
    return None


def offline_route(rules: RoutingRules, seats: Seats[K], reason: str) -> Route[K]:
    """Where the message of a customer nobody can take goes: the destination (OFF-5)."""
    account = rules.destination
    return Route(STORE, None if account is None else seats.account(account), reason)


def routing_list_route(rules: RoutingRules, seats: Seats[K]) -> Route[K] | None:
    """OFF-8 (离线分流): with every routable agent offline, the chat is assigned to the
    next account of the routing list in turn (spread evenly), counted in its load and
    answered when it comes online. None when the policy has no routing list."""
    if not rules.routing_list or not seats.all_routable_offline():
        return None
    listed = rules.routing_list[seats.routing_list_turn % len(rules.routing_list)]
    return Route(ASSIGN, seats.account(listed), ROUTING_LIST, bypass=True)


def route(rules: RoutingRules, seats: Seats[K], request: Request[K], offline: OfflineDecision) -> Route[K]:
    """Who gets this customer's chat, by the order in the module docstring."""
    forwarded = None
    if not (offline.on and offline.trigger == "manual"):
        direct = request.direct_agent
        if direct is not None:
            status = seats.status(direct)
            if status == OFFLINE:
                if not (rules.forward_on_agent_offline and seats.routable(direct)):
                    return Route(STORE, direct, N_("written to an offline account"))
                forwarded = direct
            elif status == ONLINE and seats.has_free_seat(direct):
                return Route(ASSIGN, direct, N_("written to directly"))
        if request.last_agent is not None:
            found = returning_agent(rules, seats, request)
            if found is not None:
                return found
    if offline.on:
        listed = routing_list_route(rules, seats)
        return listed if listed is not None else offline_route(rules, seats, f"offline mode ({offline.trigger})")
    chosen = request.chosen_agent
    if (
        chosen is not None
        and rules.mode == "customer_choice"
        and seats.routable(chosen)
        and seats.status(chosen) == ONLINE
        and seats.has_free_seat(chosen)
    ):
        return Route(ASSIGN, chosen, N_("customer choice"), forwarded_from=forwarded)
    groups = rules.group_routing
    team = groups.team_for(request.order_status) if groups is not None else None
    if team is not None and seats.online_in(team):
        agent = seats.pick(team)
        if agent is not None:
            return _shared(rules, forwarded, ASSIGN, agent, team, "group")
        return _shared(rules, forwarded, QUEUE, None, team, "group full")
    if team is None and forwarded is None:  # the common case
        found = by_mode(rules, seats)
        if found is not None:
            return found
    else:
        agent = seats.pick(None)
        if agent is not None:
            return _shared(rules, forwarded, ASSIGN, agent, None, "any agent" if team is not None else rules.mode)
    listed = routing_list_route(rules, seats)
    if listed is not None:
        return listed
    return _shared(rules, forwarded, QUEUE, None, team, "no free seat")


def by_mode(rules: RoutingRules, seats: Seats[K]) -> Route[K] | None:
    """Step 5 of :func:`route` without a team and without a forwarded message: the
    routing mode's pick among every routable agent, None when nobody has a free seat.
    Each agent's route is built once and kept in ``rules.routes`` under the agent itself,
    so ``rules.routes.get(r.agent) is r`` tells a route made here. A caller who got such a
    route from :func:`route` for a request may ask this instead for the same request
    while nothing else :func:`route` reads has changed (offline mode, agents' statuses):
    the answer is the same."""
    agent = seats.pick(None)
    if agent is None:
        return None
    found = rules.routes.get(agent)
    if found is None:
        found = rules.routes[agent] = _shared(rules, None, ASSIGN, agent, None, rules.mode)
    return found


def _shared(
    rules: RoutingRules, forwarded: K | None, action: str, agent: K | None, team: str | None, step: str
) -> Route[K]:
    """The route of step 5 or 6 for ``action`` to ``agent`` in ``team`` (``step`` names
    the reason, :data:`_REASONS`): built once per outcome and kept in ``rules.routes``;
    a forwarded message (OFF-7) gets a copy naming the account written to."""
    key = (action, agent, team, step)
    found = rules.routes.get(key)
    if found is None:
        reason = _REASONS[step].format(team=team)
        found = rules.routes[key] = Route(action, agent, reason, team=team, picked=action is ASSIGN)
    return found if forwarded is None else found._replace(forwarded_from=forwarded)


def line_rank(seats: Seats[K], agent_teams: tuple[str, ...], line_team: str | None) -> int | None:
    """Whether an agent with a free seat takes customers waiting in ``line_team``'s queue
    (None: the common queue): 0 first (its own teams' queues and the common one), 1 after
    those (a team with nobody online: RT-4's "any online agent"), None not at all (another
    team's customers wait for that team, seed 003)."""
    if line_team is None or line_team in agent_teams:
        return 0
    return 1 if not seats.online_in(line_team) else None


_REASONS = {
    "group": "group {team}",
    "group full": "group {team} is full",
    "any agent": N_("any agent"),
    "no free seat": N_("no free seat"),
    "least_loaded": N_("least loaded"),
    "round_robin": N_("round robin"),
    "customer_choice": N_("least loaded"),
}
"""The reasons of steps 5-6, by step (the routing mode for a pick by the mode)."""


# --- reference definitions of the routing modes (RT-2) ----------------------------------


@dataclass(frozen=True)
class Load:
    """One routable agent's load for the reference pickers, in the policy's agent order."""

    agent: str
    chats: int
    """Occupied seats (chats plus seats held after the end, RT-8)."""
    max_chats: int
    available: bool = True
    """ONLINE (not suspended)."""

    @property
    def free(self) -> bool:
        return self.available and self.chats < self.max_chats


def least_loaded(loads: Sequence[Load]) -> str | None:
    """接待余量: the lowest chats/max_chats among agents with a free seat; ties go
    to the agent listed first."""
    best: Load | None = None
    for load in loads:
        if load.free and (best is None or load.chats / load.max_chats < best.chats / best.max_chats):
            best = load
    return best.agent if best else None


def round_robin(loads: Sequence[Load], last: str | None) -> str | None:
    """平均分配: the first agent with a free seat after the last one assigned, in
    the policy's order, wrapping around."""
    order = [load.agent for load in loads]
    start = order.index(last) + 1 if last in order else 0
    for i in range(len(loads)):
        load = loads[(start + i) % len(loads)]
        if load.free:
            return load.agent
    return None

"""Group routing's lines (RT-4): which share of the forecast each team takes, and who serves it.

Under group routing a customer of an order status waits for the team the
status maps to, even while another team has free seats, so the agents form one
line per team rather than one pool. Where each status goes is asked of the
engine, :func:`cs.engine.routing.route`, with the interval's crew online and
every seat free: the status's team when one of its agents is online, else the
default line ("any online agent", as for a status mapped to no team). No
rule of routing is written here.

The forecast's share of each status is the traffic's ``order_status`` weights,
as the simulator draws them (a weighted choice among the positive weights).

Who serves a line:

- a team's line: the routable agents online in that team. An agent in several
  teams is counted in each team line it can take (its seats are offered to
  every one of them, so per line the count is generous; the interval's own
  ``scheduled`` counts each person once);
- the default line: the agents online in none of the team lines that get
  traffic. Team agents take the default line's customers too when they have
  a free seat; counting them out makes the default line's figure cautious.

When the crew changes inside an interval, the lines are those of the moment
with the fewest agents, and each line counts its fewest agents.
"""

from __future__ import annotations

from dataclasses import dataclass

from cs.engine.decisions import OfflineDecision
from cs.engine.presence import ONLINE, effective_agents
from cs.engine.routing import RoutingRules, route
from cs.i18n import _
from cs.model.policy import Policy
from cs.simulate.scenario import Traffic
from cs.staff.roster import Crew, chats_per_agent, mean_chats

DEFAULT_LINE: str | None = None
"""The line of customers routing hands to any online agent."""


@dataclass(frozen=True)
class Line:
    team: str | None
    """The team, or :data:`DEFAULT_LINE`."""
    share: float
    """Share of the interval's arrivals routed to this line."""
    scheduled: int
    """Agents online who serve this line (see the module docstring)."""
    seats: int = 0
    """The fewest chats at once those agents take (their ``max_chats`` summed)."""


@dataclass(frozen=True)
class _Request:
    """A new customer of one order status, asking for a human (the fields routing reads)."""

    order_status: str
    new: bool = True
    last_agent: int | None = None
    last_contact_age: float | None = None
    chosen_agent: int | None = None
    direct_agent: int | None = None


class _AllFree:
    """The routing view of a crew with every seat free: an agent is its index in the crew."""

    routing_list_turn = 0

    def __init__(self, crew: Crew) -> None:
        self.crew = crew

    def status(self, agent: int) -> str:
        return ONLINE

    def has_free_seat(self, agent: int) -> bool:
        return True

    def routable(self, agent: int) -> bool:
        return True

    def pick(self, team: str | None) -> int | None:
        return next((k for k, (teams, _) in enumerate(self.crew) if team is None or team in teams), None)

    def all_routable_offline(self) -> bool:
        return not self.crew

    def online_in(self, team: str) -> int:
        return sum(1 for teams, _ in self.crew if team in teams)

    def account(self, agent_id: str) -> int:
        return -1


def status_shares(traffic: Traffic) -> tuple[tuple[str, float], ...]:
    """Each order status's share of the arrivals, as the simulator's traffic draws them."""
    drawn = [(status, weight) for status, weight in traffic.order_status if weight > 0]
    total = sum(weight for _, weight in drawn)
    return tuple((status, weight / total) for status, weight in drawn) if total > 0 else ()


def grouped(policy: Policy) -> bool:
    """Whether group routing is in force (RT-4: enabled and mapping some status to a team)."""
    return RoutingRules.of(policy).group_routing is not None


def lines(policy: Policy, shares: tuple[tuple[str, float], ...], crews: tuple[Crew, ...]) -> tuple[Line, ...]:
    """The lines of one open interval, in order of first status (the default line last)."""
    rules = RoutingRules.of(policy)
    crew = min(crews, key=len) if crews else ()
    to_line: dict[str | None, float] = {}
    for status, share in shares:
        team = route(rules, _AllFree(crew), _Request(status), OfflineDecision(False, None)).team
        to_line[team] = to_line.get(team, 0.0) + share
    teams = [t for t in to_line if t is not None]

    def serving(line: str | None, members: Crew) -> list[int]:
        """The ``max_chats`` of each member who serves ``line``."""
        if line is None:
            return [chats for own, chats in members if not any(t in own for t in teams)]
        return [chats for own, chats in members if line in own]

    def line(team: str | None) -> Line:
        each = [serving(team, c) for c in crews]
        return Line(team, to_line[team], min(map(len, each), default=0), min(map(sum, each), default=0))

    order = [*teams, *([DEFAULT_LINE] if DEFAULT_LINE in to_line else [])]
    return tuple(line(t) for t in order)


def chats_per_line(policy: Policy, team: str | None) -> int:
    """The seats of one model agent of a line: the mean ``max_chats`` of the routable agents who
    serve it (a team's members; for the default line, those in no team that routing sends a
    status to, else everyone), rounded down."""
    mapped = {t for _, t in policy.routing.groups.by_order_status}
    routable = [a for a in effective_agents(policy) if a.routable]
    if team is None:
        serving = [a.max_chats for a in routable if not mapped & set(a.teams)]
    else:
        serving = [a.max_chats for a in routable if team in a.teams]
    return mean_chats(serving) if serving else chats_per_agent(policy)


def line_name(team: str | None) -> str:
    """A line as people read it: its team, or "any agent" for the default line."""
    return _("any agent") if team is None else team

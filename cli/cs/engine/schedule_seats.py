"""Routing's view of an instant by the schedules alone, for ``cs explain``.

:class:`ScheduleSeats` answers the :class:`~cs.engine.routing.Seats` questions from
agents' statuses with no load (every online agent has free seats), picking with the
reference definitions of the routing modes; :data:`NEW_CUSTOMER` is the customer
``explain`` routes. The simulator asks :func:`~cs.engine.routing.route` the same
question of its live seats, so both say the same where a new customer's chat goes.
"""

from __future__ import annotations

from dataclasses import dataclass

from cs.engine.presence import OFFLINE, ONLINE, effective_agents
from cs.engine.routing import Load, least_loaded, round_robin
from cs.model.policy import Policy


@dataclass(frozen=True)
class NewCustomer:
    """A first-time customer with no order, history or chosen agent."""

    new: bool = True
    order_status: str = "none"
    last_agent: None = None
    last_contact_age: None = None
    chosen_agent: None = None
    direct_agent: None = None


NEW_CUSTOMER = NewCustomer()


class ScheduleSeats:
    """:class:`Seats` by agent id over statuses at one instant and no load (every
    online agent has free seats), picking with the reference definitions."""

    def __init__(self, policy: Policy, statuses: dict[str, str]) -> None:
        self.routing_list_turn = 0
        self.statuses = statuses
        self.agents = {agent.id: agent for agent in effective_agents(policy)}
        self.mode = policy.routing.mode

    def status(self, agent: str) -> str:
        return self.statuses.get(agent, OFFLINE)

    def has_free_seat(self, agent: str) -> bool:
        return True

    def routable(self, agent: str) -> bool:
        found = self.agents.get(agent)
        return found is not None and found.routable

    def pick(self, team: str | None) -> str | None:
        loads = [
            Load(a.id, 0, a.max_chats, self.status(a.id) == ONLINE)
            for a in self.agents.values()
            if a.routable and (team is None or team in a.teams)
        ]
        return round_robin(loads, None) if self.mode == "round_robin" else least_loaded(loads)

    def all_routable_offline(self) -> bool:
        return all(self.status(a.id) == OFFLINE for a in self.agents.values() if a.routable)

    def online_in(self, team: str) -> int:
        return sum(1 for a in self.agents.values() if a.routable and team in a.teams and self.status(a.id) == ONLINE)

    def account(self, agent_id: str) -> str:
        return agent_id

"""Who is scheduled online when (AG-2): the calendar that governs each agent.

An agent's own schedule (one that names it) overrides its team's; an agent
with neither is online during the policy's work hours. When no agent takes
part in routing, the main account takes everything (RT-5): the declared one,
or the shop's own main account when the policy declares none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from cs.calendar.hours import open_at
from cs.model.policy import Agent, Calendar, Policy, Schedule


@dataclass(frozen=True)
class Presence:
    agent: Agent
    calendar: Calendar
    schedule: Schedule | None
    """None when the agent follows the work hours."""

    @property
    def source(self) -> str:
        if self.schedule is None:
            return "work hours"
        mode = "own schedule" if self.agent.id in self.schedule.agents else "team schedule"
        return f"{mode} '{self.schedule.id}'"


IMPLICIT_MAIN_ID = "main"
IMPLICIT_MAIN_CHATS = 500


def effective_agents(policy: Policy) -> tuple[Agent, ...]:
    """The policy's agents, with the main account routable when nobody else is (RT-5)."""
    if any(agent.routable for agent in policy.agents):
        return policy.agents
    if any(agent.role == "main" for agent in policy.agents):
        return tuple(replace(a, routable=True) if a.role == "main" else a for a in policy.agents)
    shop_main = Agent(
        id=IMPLICIT_MAIN_ID,
        name="main account",
        role="main",
        teams=(),
        languages=(policy.messages.default_language,),
        max_chats=IMPLICIT_MAIN_CHATS,
        routable=True,
    )
    return (*policy.agents, shop_main)


def presence_of(policy: Policy, agent: Agent) -> Presence:
    for schedule in policy.schedules:
        if agent.id in schedule.agents:
            return Presence(agent, schedule.calendar, schedule)
    for schedule in policy.schedules:
        if set(agent.teams) & set(schedule.teams):
            return Presence(agent, schedule.calendar, schedule)
    return Presence(agent, policy.calendar, None)


def presences(policy: Policy) -> list[Presence]:
    return [presence_of(policy, agent) for agent in effective_agents(policy)]


def scheduled_online(policy: Policy, presence: Presence, at: datetime) -> bool:
    return open_at(presence.calendar, policy.tz, at).open

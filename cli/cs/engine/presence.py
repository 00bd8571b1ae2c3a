"""Who is scheduled online when (AG-2): the calendar that governs each agent.

An agent's own schedule (one that names it) overrides its team's; an agent
with neither is online during the policy's work hours. When no agent takes
part in routing, the main account takes everything (RT-5): the declared one,
or the shop's own main account when the policy declares none.
"""

from __future__ import annotations

from collections.abc import Callable
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
    return presence_lookup(policy)(agent)


def presences(policy: Policy) -> list[Presence]:
    lookup = presence_lookup(policy)
    return [lookup(agent) for agent in effective_agents(policy)]


def presence_lookup(policy: Policy) -> Callable[[Agent], Presence]:
    """Each agent's schedule: the first that names it, else the first that reaches it
    through one of its teams, else the policy's hours. The schedules are indexed once,
    so a policy of 10,000 agents is not scanned once per agent."""
    naming: dict[str, Schedule] = {}
    reaching: dict[str, tuple[int, Schedule]] = {}
    for index, schedule in enumerate(policy.schedules):
        for ident in schedule.agents:
            naming.setdefault(ident, schedule)
        for team in schedule.teams:
            reaching.setdefault(team, (index, schedule))

    def lookup(agent: Agent) -> Presence:
        schedule = naming.get(agent.id)
        if schedule is None:
            hits = [reaching[team] for team in agent.teams if team in reaching]
            schedule = min(hits, key=lambda hit: hit[0])[1] if hits else None
        return Presence(agent, schedule.calendar if schedule else policy.calendar, schedule)

    return lookup


def scheduled_online(policy: Policy, presence: Presence, at: datetime) -> bool:
    return open_at(presence.calendar, policy.tz, at).open

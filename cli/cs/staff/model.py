"""From a forecast and targets to agents: the staffing model of ``cs staff`` (OPS-8).

**Agents who take several chats at once.** An agent with ``max_chats: c`` is
modelled as ``c`` seats of one pooled queue: M/M/(k*c) (Erlang C) or
M/M/(k*c)+M (Erlang A) for ``k`` agents. This is the simulator's own model of
concurrency, so ``--verify`` checks the formula against it: a chat occupies one
seat for its handle time however many other chats the agent has, and routing
hands a waiting customer to any free seat. The forecast's handle time must
therefore be a chat's length *as it runs at the usual concurrency*, not the
minutes of attention it needs; a shop whose chats slow down as agents take more
of them should measure handle time at that concurrency. ``c`` is one number
for the whole pool: the mean ``max_chats`` of the policy's routable agents,
rounded down (a model agent must take a whole number of chats;
:func:`cs.staff.roster.chats_per_agent`).

Handle time and patience enter through their means (Erlang assumes
exponential ones); the simulator draws them from the scenario's distributions,
which is one of the things ``--verify`` exposes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cs.errors import UsageError
from cs.i18n import _
from cs.staff.erlang import IDLE, Performance, performance


@dataclass(frozen=True)
class Targets:
    service_level: float
    """Share of arrivals to answer within ``within_s``."""
    within_s: float
    max_abandon: float | None = None
    max_occupancy: float | None = None
    shrinkage: float = 0.0
    """Share of rostered time agents are not on the floor (breaks, training, absence)."""

    def check(self) -> None:
        if not 0.0 < self.service_level < 1.0:
            raise UsageError(
                _("--service-level {value} must be between 0 and 1, e.g. 0.8").format(value=self.service_level)
            )
        if self.within_s <= 0:
            raise UsageError(_("--within must be longer than 0s, e.g. 20s"))
        if self.max_abandon is not None and not 0.0 < self.max_abandon < 1.0:
            raise UsageError(
                _("--max-abandon {value} must be between 0 and 1, e.g. 0.05").format(value=self.max_abandon)
            )
        if self.max_occupancy is not None and not 0.0 < self.max_occupancy <= 1.0:
            raise UsageError(
                _("--max-occupancy {value} must be above 0 and at most 1, e.g. 0.85").format(value=self.max_occupancy)
            )
        if not 0.0 <= self.shrinkage < 1.0:
            raise UsageError(
                _("--shrinkage {value} must be at least 0 and below 1, e.g. 0.3").format(value=self.shrinkage)
            )

    def met_by(self, figures: Performance) -> bool:
        return (
            figures.service_level >= self.service_level
            and (self.max_abandon is None or figures.p_abandon <= self.max_abandon)
            and (self.max_occupancy is None or figures.occupancy <= self.max_occupancy)
        )


@dataclass(frozen=True)
class Load:
    """The traffic of one interval."""

    rate: float
    """Arrivals per second."""
    handle_s: float
    patience_s: float | None
    """Mean patience; None: customers wait as long as it takes (Erlang C)."""


MAX_AGENTS = 100_000


def requirement(load: Load, targets: Targets, chats: int) -> tuple[int, Performance]:
    """The fewest agents (of ``chats`` seats each) meeting every target, and how they perform.

    Every target is monotone in the number of seats (service level up, abandonment
    and occupancy down), so the answer is found by bisection: a handful of
    evaluations even for thousands of agents.
    """
    if load.rate <= 0.0:
        return 0, IDLE

    def figures(agents: int) -> Performance:
        return performance(agents * chats, load.rate, load.handle_s, load.patience_s, targets.within_s)

    enough = max(1, math.ceil(load.rate * load.handle_s / chats))
    while not targets.met_by(figures(enough)):
        enough *= 2
        if enough > MAX_AGENTS:
            raise UsageError(
                _("no staffing up to {most} agents meets the targets; loosen them").format(most=MAX_AGENTS)
            )
    too_few = 0
    while enough - too_few > 1:
        middle = (enough + too_few) // 2
        if targets.met_by(figures(middle)):
            enough = middle
        else:
            too_few = middle
    return enough, figures(enough)


def rostered(required: int, shrinkage: float) -> int:
    """Agents to roster so that ``required`` are on the floor after shrinkage."""
    return math.ceil(required / (1.0 - shrinkage) - 1e-9)

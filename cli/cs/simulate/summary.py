"""The summary of a run (OBS-1, OBS-2): frozen data with stable JSON keys.

``docs/simulate.md`` documents every key; :meth:`Summary.as_dict` is the JSON
shape (``SUMMARY_VERSION`` changes when a key changes meaning or goes away).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import pairwise
from typing import Any

from cs.i18n.message import Message
from cs.messages.language import resolve_text
from cs.model.policy import MESSAGE_KINDS
from cs.simulate.counters import ANSWERED_WITHIN
from cs.simulate.seats import AgentState
from cs.simulate.simulator import Simulation

SUMMARY_VERSION = 1


@dataclass(frozen=True)
class AgentFigures:
    id: str
    role: str
    routable: bool
    online_s: float
    """Seconds not offline (online or busy)."""
    chats: int
    """Chats assigned."""
    utilization: float
    """Occupied seat-seconds / (online seconds x max_chats)."""
    offline_handling_s: float
    """Seat-seconds of chats kept while offline (AG-7)."""
    status_changes: int


@dataclass(frozen=True)
class Period:
    start: str
    end: str
    duration_s: float
    trigger: str | None = None
    """Offline periods only: ``manual``, ``outside_hours``, ``all_agents_offline`` or ``all_agents_busy``."""
    reason: str | None = None
    """Manual offline windows: the policy's reason."""


@dataclass(frozen=True)
class HourFigures:
    hour: str
    """Local start of the hour."""
    visitors: int
    served: int
    abandoned: int
    left_message: int
    wait_mean_s: float
    queue_max: int


COUNTS = {"auto_replies": 2, "offline_message_destinations": 1, "offline_message_categories": 1, "quick_replies": 1}
"""Summary keys that count by name (``auto_replies`` by kind, then language): a name
missing from them was counted 0 times (the summary leaves zeros out)."""


@dataclass(frozen=True)
class Summary:
    policy: str
    scenario: str
    seed: int
    timezone: str
    start: str
    end: str
    days: int
    visitors: int
    served: int
    """Answered by a human agent."""
    abandoned: int
    left_message: int
    """Visits that ended with an offline message (offline mode, full queue, maximum wait, offline account)."""
    waiting_at_end: int
    """Still queued, waiting for the agent's first answer, or with the bot at the end."""
    turned_away: int
    bot_resolved: int
    unanswered: int
    """Ended by the agent timeout before any answer (TMO-2 ``end``)."""
    offline_messages: int
    """Offline messages recorded, including those of visitors who kept their place (OFF-3)."""
    sought: int
    """Visitors who asked for a human while the service was on (assigned or queued)."""
    queued: int
    p_wait: float
    wait_mean_s: float
    wait_p50_s: float
    wait_p90_s: float
    wait_max_s: float
    wait_quantiles: str
    answered_within_20s: float
    abandon_share: float
    utilization: float
    queue_max: int
    queue_mean: float
    forwarded: int
    reassigned: int
    customer_timeouts: int
    agent_timeouts: int
    capacity_exceptions: int
    auto_replies: dict[str, dict[str, int]]
    offline_periods: tuple[Period, ...]
    coverage_gaps: tuple[Period, ...]
    offline_message_destinations: dict[str, int]
    offline_message_categories: dict[str, int]
    quick_replies: dict[str, int]
    agents: tuple[AgentFigures, ...]
    hourly: tuple[HourFigures, ...]
    warnings: tuple[Message, ...] = field(default=())
    """In English in the JSON (``as_dict``), in the language of the process in the text."""

    def as_dict(self) -> dict[str, Any]:
        data = {"version": SUMMARY_VERSION, **asdict(self)}
        for key in ("offline_periods", "coverage_gaps"):
            data[key] = [{k: v for k, v in item.items() if v is not None} for item in data[key]]
        data["warnings"] = [warning.english for warning in self.warnings]
        return data

    def check(self) -> None:
        """No visitor is lost: every visitor has exactly one outcome."""
        outcomes = (
            self.served
            + self.abandoned
            + self.left_message
            + self.waiting_at_end
            + self.turned_away
            + self.bot_resolved
            + self.unanswered
        )
        assert outcomes == self.visitors, (outcomes, self.visitors)


def _on_floor_busy(seat: AgentState) -> float:
    """Seat-seconds taken while the agent was online: utilisation is measured against
    seats on the floor, so chats an account holds while offline (offline handling, AG-7;
    routing-list chats, OFF-8) are left out of it and reported as ``offline_handling_s``."""
    return seat.busy_area - seat.offline_busy_area


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _s(value: float) -> float:
    return round(value, 3)


def summarize(sim: Simulation) -> Summary:
    clock, policy = sim.clock, sim.policy
    waits = sim.waits
    pool = [s for s in sim.states if s.routable]
    capacity = sum(s.online_area * s.max for s in pool)
    used: dict[tuple[str, str], int] = {}
    for (kind, asked), n in sim.sent_messages().items():
        language = resolve_text(policy.messages[kind].text_map(), asked, policy.messages.default_language)[0]
        used[(kind, language)] = used.get((kind, language), 0) + n
    auto: dict[str, dict[str, int]] = {}
    for kind in MESSAGE_KINDS:
        languages = sorted((lang, n) for (k, lang), n in used.items() if k == kind)
        if languages:
            auto[kind] = dict(languages)
    categories = sim.categories
    if policy.offline.sort == "priority":
        rank = {c.id: (c.priority, i) for i, c in enumerate(policy.offline.categories)}
        order = sorted(categories, key=lambda c: rank.get(c, (1 << 30, 0)))
    elif policy.offline.sort == "category":
        order = sorted(categories)
    else:
        order = list(categories)
    hours = []
    for before, after in pairwise(sim.hourly):
        served = after[2] - before[2]
        hours.append(
            HourFigures(
                hour=clock.iso(before[0]),
                visitors=after[1] - before[1],
                served=served,
                abandoned=after[3] - before[3],
                left_message=after[4] - before[4],
                wait_mean_s=_s((after[5] - before[5]) / served) if served else 0.0,
                queue_max=after[6],
            )
        )
    summary = Summary(
        policy=policy.name,
        scenario=sim.scenario.name,
        seed=sim.seed,
        timezone=policy.timezone,
        start=clock.iso(0.0),
        end=clock.iso(clock.horizon),
        days=clock.days,
        visitors=sim.visitors,
        served=sim.served,
        abandoned=sim.abandoned,
        left_message=sim.left_message,
        waiting_at_end=sim.in_flight,
        turned_away=sim.turned_away,
        bot_resolved=sim.bot_resolved,
        unanswered=sim.unanswered,
        offline_messages=sim.offline_messages,
        sought=sim.sought,
        queued=sim.queued,
        p_wait=_share(sim.queued, sim.sought),
        wait_mean_s=_s(waits.mean),
        wait_p50_s=_s(waits.quantile(0.5)),
        wait_p90_s=_s(waits.quantile(0.9)),
        wait_max_s=_s(waits.max),
        wait_quantiles="exact" if waits.exact else "histogram",
        answered_within_20s=_share(sim.within, sim.sought),
        abandon_share=_share(sim.abandoned, sim.sought),
        utilization=round(sum(_on_floor_busy(s) for s in pool) / capacity, 4) if capacity else 0.0,
        queue_max=sim.queue_max,
        queue_mean=round(sim.queue_area / clock.horizon, 4),
        forwarded=sim.forwarded,
        reassigned=sim.reassigned,
        customer_timeouts=sim.customer_timeouts,
        agent_timeouts=sim.agent_timeouts,
        capacity_exceptions=sim.capacity_exceptions,
        auto_replies=auto,
        offline_periods=tuple(
            Period(clock.iso(p.start), clock.iso(p.end), _s(p.end - p.start), p.trigger, p.reason or None)
            for p in sim.periods
        ),
        coverage_gaps=tuple(Period(clock.iso(a), clock.iso(b), _s(b - a)) for a, b in sim.gaps),
        offline_message_destinations=dict(sorted(sim.destinations.items())),
        offline_message_categories={c: categories[c] for c in order},
        quick_replies=dict(sorted(sim.quick.items())),
        agents=tuple(
            AgentFigures(
                id=s.id,
                role=s.agent.role,
                routable=s.routable,
                online_s=_s(s.online_area),
                chats=s.assigned,
                utilization=round(_on_floor_busy(s) / (s.online_area * s.max), 4) if s.online_area else 0.0,
                offline_handling_s=_s(s.offline_busy_area),
                status_changes=s.status_changes,
            )
            for s in sim.declared
        ),
        hourly=tuple(hours),
        warnings=tuple(sim.warnings),
    )
    summary.check()
    return summary


__all__ = ["ANSWERED_WITHIN", "SUMMARY_VERSION", "AgentFigures", "HourFigures", "Period", "Summary", "summarize"]

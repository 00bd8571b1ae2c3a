"""Assignment decisions (``cs.engine.routing``) and the pieces the simulator builds on them.

``route`` is exercised through a plain list-backed view of the agents, the way
``explain`` or any live user of the library would call it; the simulator's heap
index is checked against the reference pickers.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import policy as inline_policy
from cs.engine.decisions import OfflineDecision, offline_category, suggested_quick_replies
from cs.engine.routing import (
    ASSIGN,
    BUSY,
    OFFLINE,
    ONLINE,
    QUEUE,
    STORE,
    Load,
    RoutingRules,
    least_loaded,
    line_rank,
    offline_account,
    round_robin,
    route,
)
from cs.model.build import build_policy
from cs.simulate.clock import Clock
from cs.simulate.scenario import At
from cs.simulate.seats import AgentState, Seats
from cs.simulate.stats import HISTOGRAM_RATIO, WaitStats
from test_simulate import example

ON = OfflineDecision(False, None)


@dataclass
class ListSeats:
    """A list-backed Seats view: agents by id, with the reference pickers."""

    status_of: dict[str, str]
    chats: dict[str, int]
    max_chats: dict[str, int]
    routable_ids: set[str]
    teams_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    mode: str = "least_loaded"
    routing_list_turn: int = 0

    def status(self, agent: str) -> str:
        return self.status_of[agent]

    def has_free_seat(self, agent: str) -> bool:
        return self.chats[agent] < self.max_chats[agent]

    def routable(self, agent: str) -> bool:
        return agent in self.routable_ids

    def loads(self, team: str | None) -> list[Load]:
        return [
            Load(a, self.chats[a], self.max_chats[a], self.status_of[a] == ONLINE)
            for a in self.status_of
            if a in self.routable_ids and (team is None or team in self.teams_of.get(a, ()))
        ]

    def pick(self, team: str | None) -> str | None:
        return least_loaded(self.loads(team)) if self.mode == "least_loaded" else round_robin(self.loads(team), None)

    def all_routable_offline(self) -> bool:
        return all(self.status_of[a] == OFFLINE for a in self.routable_ids)

    def online_in(self, team: str) -> int:
        return sum(1 for load in self.loads(team) if load.available)

    def account(self, agent_id: str) -> str:
        return agent_id


@dataclass
class Ask:
    new: bool = True
    order_status: str = "none"
    last_agent: str | None = None
    last_contact_age: float | None = None
    chosen_agent: str | None = None
    direct_agent: str | None = None


def seats(**status: str) -> ListSeats:
    return ListSeats(
        status_of=dict(status),
        chats={a: 0 for a in status},
        max_chats={a: 2 for a in status},
        routable_ids={a for a in status if a != "boss"},
        teams_of={"ann": ("t1",), "bob": ("t2",), "cy": ("t2",)},
    )


RULES = RoutingRules.of(
    inline_policy(
        """
        agents: [{id: boss, role: main}, {id: ann, teams: [t1]}, {id: bob, teams: [t2]}, {id: cy, teams: [t2]}]
        teams: [{id: t1}, {id: t2}]
        offline: {forward_on_agent_offline: true, when_nobody_online: routing_list, routing_list: {agents: [bob, cy]}}
        routing:
          recent_contact: {enabled: true, window: 72h}
          groups: {enabled: true, by_order_status: {none: t1, shipped: t2}}
        """
    )
)


def test_direct_messages_and_forwarding():  # covers: OFF-7, RT-5
    view = seats(boss=OFFLINE, ann=OFFLINE, bob=ONLINE, cy=ONLINE)
    forwarded = route(RULES, view, Ask(direct_agent="ann"), ON)
    assert (forwarded.action, forwarded.forwarded_from) == (ASSIGN, "ann") and forwarded.agent == "bob"
    kept = route(RULES, view, Ask(direct_agent="boss"), ON)  # a non-routing account never forwards
    assert (kept.action, kept.agent) == (STORE, "boss")
    view.status_of["boss"] = ONLINE
    assert route(RULES, view, Ask(direct_agent="boss"), ON)[:2] == (ASSIGN, "boss")


def test_recent_contact_before_offline_mode_but_not_a_manual_window():  # covers: RT-3, OFF-1
    view = seats(boss=OFFLINE, ann=BUSY, bob=ONLINE, cy=ONLINE)
    view.chats["ann"] = 2
    back = Ask(new=False, last_agent="ann", last_contact_age=3600.0)
    busy = OfflineDecision(True, "all_agents_busy")
    decided = route(RULES, view, back, busy)
    assert (decided.action, decided.agent, decided.bypass) == (ASSIGN, "ann", True)
    from cs.model.policy import ManualOffline

    manual = OfflineDecision(True, "manual", ManualOffline(None, None, "upgrade"))  # type: ignore[arg-type]
    assert route(RULES, view, back, manual).action == STORE
    stale = Ask(new=False, last_agent="ann", last_contact_age=73 * 3600.0)
    assert route(RULES, view, stale, ON).agent == "bob" or route(RULES, view, stale, ON).agent == "cy"


def test_group_routing_order():  # covers: RT-4, RT-6
    view = seats(boss=OFFLINE, ann=ONLINE, bob=ONLINE, cy=ONLINE)
    assert route(RULES, view, Ask(order_status="shipped"), ON)[:2] == (ASSIGN, "bob")
    view.chats.update(bob=2, cy=2)
    full = route(RULES, view, Ask(order_status="shipped"), ON)
    assert (full.action, full.team) == (QUEUE, "t2")  # the team has agents online: wait for them
    view.status_of.update(bob=OFFLINE, cy=OFFLINE)
    anyone = route(RULES, view, Ask(order_status="shipped"), ON)
    assert (anyone.action, anyone.agent, anyone.reason) == (ASSIGN, "ann", "any agent")
    unmapped = route(RULES, view, Ask(order_status="completed"), ON)
    assert unmapped[:2] == (ASSIGN, "ann")


def test_offline_destination_and_routing_list():  # covers: OFF-5, OFF-8 (seed 003)
    view = seats(boss=OFFLINE, ann=OFFLINE, bob=OFFLINE, cy=OFFLINE)
    night = OfflineDecision(True, "outside_hours")
    spread = []
    for _ in range(4):
        decided = route(RULES, view, Ask(), night)
        assert decided.action == ASSIGN  # chats assigned to the listed accounts, not messages
        spread.append(decided.agent)
        view.routing_list_turn += 1
    assert spread == ["bob", "cy", "bob", "cy"]
    view.status_of["ann"] = BUSY  # suspended is not offline: the destination, not the list
    assert route(RULES, view, Ask(), OfflineDecision(True, "all_agents_offline"))[:2] == (STORE, "boss")


def test_offline_account_names():  # covers: OFF-5
    assert offline_account(inline_policy("agents: [{id: a}]")) == "main"
    assert offline_account(inline_policy("agents: [{id: a}, {id: m, role: main}]")) == "m"
    assert offline_account(example("qianniu-offline-routing")) == "lanshan-flagship.daili"
    assert offline_account(example("meiqia-offline")) is None


def test_line_rank():  # covers: RT-4, RT-6
    view = seats(boss=OFFLINE, ann=ONLINE, bob=ONLINE, cy=OFFLINE)
    assert line_rank(view, ("t1",), None) == 0 and line_rank(view, ("t1",), "t1") == 0
    assert line_rank(view, ("t1",), "t2") is None  # bob is online for t2's customers
    view.status_of["bob"] = OFFLINE
    assert line_rank(view, ("t1",), "t2") == 1


def test_the_heap_index_orders_by_the_share_of_seats_taken_not_the_count():  # covers: RT-2
    """2 of 7 seats taken (0.29) is less loaded than 1 of 2 (0.5), though 2 > 1; and
    3 of 6 ties 1 of 2, the one listed first winning."""
    policy = build_policy(
        {
            "version": 1,
            "name": "p",
            "timezone": "UTC",
            "agents": [{"id": "two", "max_chats": 2}, {"id": "seven", "max_chats": 7}, {"id": "six", "max_chats": 6}],
        }
    )
    two, seven, six = states = [AgentState(a, i, True, None) for i, a in enumerate(policy.agents)]
    view = Seats(states, "least_loaded", [])
    for agent, load in ((two, 1), (seven, 2), (six, 3)):
        agent.status = ONLINE
        view.changed(agent, OFFLINE)
        agent.load = load
        view.index(agent, True)
    assert view.pick(None) is seven
    seven.load = 4
    view.index(seven, True)
    assert view.pick(None) is two


@settings(max_examples=60, deadline=None)
@given(
    mode=st.sampled_from(["least_loaded", "round_robin"]),
    maxima=st.lists(st.one_of(st.integers(1, 4), st.sampled_from([6, 7, 499, 500])), min_size=1, max_size=6),
    steps=st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["take", "free", ONLINE, BUSY, OFFLINE])), max_size=80),
    heap_limit=st.sampled_from([2, 1000]),
)
def test_the_heap_index_picks_like_the_reference_scan(
    mode: str, maxima: list[int], steps: list[tuple[int, str]], heap_limit: int
):  # covers: RT-2
    """The index's int keys order agents as chats/max_chats then listed order do, with
    any mix of maxima (fractions such as 3/7 and 214/499 interleave), and compaction
    (a tiny heap limit compacts at almost every push) keeps every live entry."""
    policy = build_policy(
        {
            "version": 1,
            "name": "p",
            "timezone": "UTC",
            "agents": [{"id": f"a{i}", "max_chats": m} for i, m in enumerate(maxima)],
        }
    )
    states = [AgentState(a, i, True, None) for i, a in enumerate(policy.agents)]
    view = Seats(states, mode, [])
    view._heap_limit = heap_limit
    last: str | None = None
    for index, action in steps:
        agent = states[index % len(states)]
        was = agent.status
        if action == "take" and agent.status is ONLINE and agent.load < agent.max:
            agent.load += 1
            view.index(agent, agent.load < agent.max)
        elif action == "free" and agent.load:
            agent.load -= 1
            view.index(agent, agent.status is ONLINE)
        elif action in (ONLINE, BUSY, OFFLINE):
            agent.status = {ONLINE: ONLINE, BUSY: BUSY, OFFLINE: OFFLINE}[action]
            view.changed(agent, was)
        loads = [Load(s.id, s.load, s.max, s.status is ONLINE) for s in states]
        expected = least_loaded(loads) if mode == "least_loaded" else round_robin(loads, last)
        picked = view.pick(None)
        assert (picked.id if picked else None) == expected
        assert view.free_agents == sum(1 for load in loads if load.free)
        assert view.routable_online == sum(1 for s in states if s.status is ONLINE)
        if picked is not None and mode == "round_robin":
            view.advance(None, picked)
            last = picked.id


def test_quick_replies_rank_and_offline_categories():  # covers: QR-1, OFF-9
    mall = example("mall-defaults")
    assert [r.id for r in suggested_quick_replies(mall, "会员积分怎么用？运费呢")] == ["member-points", "shipping-fee"]
    assert suggested_quick_replies(mall, "hello") == ()
    meiqia = example("meiqia-offline")
    category = offline_category(meiqia, "I want a REFUND please")
    assert category is not None and (category.id, category.priority) == ("after-sales", 10)
    assert offline_category(meiqia, "hello") is None


def test_wait_quantiles_exact_then_within_a_tenth_of_a_percent():  # covers: OBS-2
    rng = random.Random(5)
    waits = [0.0] * 300 + [rng.expovariate(1 / 30) for _ in range(700)]
    exact = WaitStats()
    for w in waits:
        exact.add(w)
    ordered = sorted(waits)
    assert exact.exact and exact.quantile(0.5) == ordered[499] and exact.quantile(0.9) == ordered[899]
    assert exact.quantile(0.2) == 0.0 and exact.mean == pytest.approx(sum(waits) / len(waits))
    binned = WaitStats()
    binned.exact = False  # as after EXACT_LIMIT waits
    for w in waits:
        binned.add(w)
    for q in (0.5, 0.9):
        assert binned.quantile(q) == pytest.approx(exact.quantile(q), rel=HISTOGRAM_RATIO - 1)


def test_wait_quantiles_asked_between_waits_see_every_wait():  # covers: OBS-2
    """Quantiles sort the waits once; waits added after a quantile still count."""
    waits = WaitStats()
    for w in (5.0, 1.0, 3.0):
        waits.add(w)
    assert waits.quantile(1.0) == 5.0
    for w in (9.0, 0.5, 7.0):
        waits.add(w)
    assert [waits.quantile(q) for q in (1 / 6, 0.5, 1.0)] == [0.5, 3.0, 9.0]


def test_the_clock_follows_dst():  # covers: CAL-1
    from zoneinfo import ZoneInfo

    clock = Clock(ZoneInfo("Europe/Berlin"), date(2026, 3, 29), 2)  # 23-hour day
    assert clock.horizon == (23 + 24) * 3600
    assert clock.at(At(day=1, seconds=9 * 3600)) == 8 * 3600  # 09:00 local is 8 hours in
    assert clock.label(clock.at(At(day=2, seconds=9 * 3600))) == "2026-03-30 09:00:00"
    assert clock.day_index(23 * 3600 - 1) == 0 and clock.day_index(23 * 3600) == 1


def test_poisson_arrivals_follow_the_hourly_profile():
    from test_simulate import run

    profile = [0.0] * 12 + [600.0] * 12
    p = inline_policy("agents: [{id: ann, max_chats: 500}]\nhours: {mon: ['00:00-24:00']}\n")
    result = run(p, {"traffic": {"arrivals_per_hour": profile, "handle_time": "1s"}})
    hours = result.summary.hourly
    assert sum(h.visitors for h in hours[:12]) == 0
    total = sum(h.visitors for h in hours[12:])
    assert abs(total - 7200) < 4 * math.sqrt(7200)

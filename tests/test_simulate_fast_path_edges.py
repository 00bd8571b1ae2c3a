"""The run loop's fast path at its edges: the same output as the general path (OPS-3).

Four things changed in :meth:`cs.simulate.visitors.Visitors.advance`: the next
synthetic arrival is drawn in place while it falls in the rate segment of the one
before (:meth:`~cs.simulate.traffic.TrafficGenerator.spend` crosses into the
others; the cached segment starts at ``end = -inf``); after a route by the
routing mode alone the loop asks ``Seats.pick(None)`` and falls back to
``by_mode`` when that agent does not answer at once (``respond`` set); a queued
plain visitor's first reply is counted in a one-item cell of ``sent_plain``;
exponential draws are ``-log1p(-u)``. Every case here runs both paths, with and
without a timeline, as tests/test_simulate_fast_path.py does, and must give the
same summary, timeline and ``--plot`` samples (and the same random stream and
message counts); it also checks, through probes on the fast run, that the
changed code was actually taken. Arrival rates with zero hours between busy
ones, a rate per hour, a first hour at zero, a rate that ends before the end
of the day, several days (across daylight-saving changes), round robin with and
without teams, agents who answer late, queue replies in several languages,
patience or none, one and two seats per agent; and 30 random cases from a
seeded generator. A direct test checks that a run's arrival times are those
``spend`` alone draws from the same random stream.
"""

from __future__ import annotations

import json
import math
import sys
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from random import Random
from typing import Any

import pytest

import cs.simulate.visitors as visitors_module
from cs.engine.routing import Route, by_mode
from cs.load.yaml_loader import load_text
from cs.model.policy import Policy
from cs.simulate.clock import Clock
from cs.simulate.scenario import Scenario
from cs.simulate.seats import AgentState
from cs.simulate.simulator import Simulation
from cs.simulate.summary import summarize
from cs.simulate.timeline import Event
from cs.simulate.traffic import TrafficGenerator, rate_segments
from cs.validate import validate_document
from test_simulate import MONDAY, scenario
from test_simulate_fast_path import output_of

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
AUTUMN_DST = date(2026, 10, 24)  # Europe/Berlin: 2026-10-25 has 25 hours
SPRING_DST = date(2026, 3, 28)  # Europe/Berlin: 2026-03-29 has 23 hours

TEXTS = {
    "welcome": {"zh": "您好，我是 {agent_name}", "en": "Hi, I am {agent_name}"},
    "queue": {"zh": "您排在第 {queue_position} 位", "en": "You are number {queue_position}"},
}


# --- policies and scenarios -----------------------------------------------------------------


def make_policy(
    agents: list[dict[str, Any]],
    *,
    tz: str = "UTC",
    hours: list[str] | None = None,
    mode: str = "least_loaded",
    groups: dict[str, str] | None = None,
    queue: dict[str, Any] | None = None,
    priority_new: bool = False,
    release: str = "0m",
    nobody: str = "wait_in_queue",
    routing_list: list[str] | None = None,
    busy_trigger: bool = False,
    queue_message: bool = True,
    welcome: bool = True,
    survey: bool = False,
    schedule: dict[str, Any] | None = None,
    agent_timeout: bool = False,
    offline_delay: str | None = None,
    bot: bool = False,
) -> Policy:
    """A policy from keywords; the defaults: open all day, agents online all day,
    least loaded, customers wait in the queue when nobody is online."""
    raw: dict[str, Any] = {
        "version": 1,
        "name": "fast-path-edges",
        "timezone": tz,
        "hours": {d: hours or ["00:00-24:00"] for d in DAYS},
        "teams": [{"id": "t1"}, {"id": "t2"}],
        "agents": agents,
        "offline": {
            "triggers": {"outside_hours": True, "all_agents_busy": busy_trigger},
            "when_nobody_online": nobody,
            **({"routing_list": {"agents": routing_list}} if routing_list else {}),
            **({"delay": offline_delay} if offline_delay else {}),
        },
        "routing": {
            "mode": mode,
            "queue": queue or {},
            "priority": {"new_customers": priority_new},
            "seat_release_delay": release,
            "bot": {"enabled": bot, "handover_share": 0.5},
            **({"groups": {"enabled": True, "by_order_status": groups}} if groups else {}),
        },
        "messages": {
            "default_language": "zh",
            "languages": ["zh", "en"],
            "welcome": {"enabled": welcome, "text": TEXTS["welcome"]},
            "queue": {"enabled": queue_message, "text": TEXTS["queue"]},
            "survey": {"enabled": survey},
        },
        "timeouts": {"agent": {"enabled": agent_timeout, "after": "1m", "warn_before": "20s", "action": "reassign"}},
    }
    if schedule is not None:
        raw["schedules"] = [schedule]
    if bot:  # OFF-6: the bot's offline messages go to the message pool
        raw["offline"]["destination"] = "message_pool"
    validation = validate_document(load_text(json.dumps(raw), "fast-path-edges.yaml"))
    assert validation.policy is not None and not validation.errors, [str(e) for e in validation.errors]
    return validation.policy


def people(seats: int | list[int], teams: list[list[str]] | None = None, n: int = 0) -> list[dict[str, Any]]:
    """Agents a0, a1, ... (``n``, else one per ``teams`` entry) with ``seats`` max_chats each
    (or a list, one per agent) and their teams."""
    counts = seats if isinstance(seats, list) else [seats] * (n or len(teams or ()))
    return [
        {"id": f"a{i}", "max_chats": m, **({"teams": teams[i]} if teams and teams[i] else {})}
        for i, m in enumerate(counts)
    ]


def make_scenario(
    policy: Policy,
    rates: float | list[float],
    *,
    seed: int = 1,
    handle: str | dict[str, str] = "4m",
    patience: str | dict[str, str] | None = None,
    language: str | None = None,
    response: str | dict[str, str] | None = None,
    scripts: list[dict[str, Any]] | None = None,
) -> Scenario:
    """Plain traffic (the fast path's kind: nothing drawn per visitor but handle
    time and patience), checked against the schema and the policy."""
    traffic: dict[str, Any] = {"arrivals_per_hour": rates, "handle_time": handle}
    if patience is not None:
        traffic["patience"] = patience
    if language is not None:  # one language; the others weigh 0 (still nothing to draw)
        traffic["languages"] = {language: 1, **{other: 0 for other in ("zh", "en") if other != language}}
    if response is not None:
        traffic["response_time"] = response
    raw: dict[str, Any] = {"seed": seed, "traffic": traffic}
    if scripts:
        raw["agents"] = scripts
    return scenario(raw, policy)


EXP = {"dist": "exponential", "mean": "3m"}
GAPS = [float(r) for r in (0, 0, 40, 0, 0, 25, 0, 0, 0, 60, 0, 0, 30, 0, 45, 0, 0, 0, 20, 0, 50, 0, 0, 0)]
"""Busy hours with zero hours between them; the first hour at zero."""
HOURLY = [float(3 + (h * 37) % 53) for h in range(24)]
"""A different rate every hour."""
ENDS_EARLY = [30.0] * 17 + [0.0] * 7
"""No arrival after 17:00."""
SPARSE = [0.4 if h % 3 else 0.0 for h in range(24)]
"""Fewer than one arrival an hour: a draw often spends over several segments."""


# --- running both paths ---------------------------------------------------------------------


@dataclass
class Probe:
    """What the fast run did, counted by wrappers around the code the changes touch."""

    spends: int = 0
    """TrafficGenerator.spend calls from the run loop (the arrival crossed a segment)."""
    direct_picks: int = 0
    """Seats.pick(None) asked by the run loop itself (the last route was by mode)."""
    direct_pick_late: int = 0
    """... whose agent does not answer at once (respond set)."""
    fallbacks: int = 0
    """by_mode asked by the run loop (the general path after such a pick)."""
    team_advances: int = 0
    """Round robin turns advanced in a team's pool by the run loop."""
    arrivals: int = 0
    at_once: int = 0
    queued_plain: int = 0
    sent_plain: dict[tuple[str, str], int] = field(default_factory=dict)
    language: str = ""
    """The language every plain visitor asks for."""


def caller() -> str:
    return sys._getframe(2).f_code.co_name


def instrument(sim: Simulation, probe: Probe, monkeypatch: pytest.MonkeyPatch) -> None:
    """Count, in the run loop (``advance``), the calls the changes introduced."""
    traffic, seats = sim.traffic, sim.seats
    assert traffic is not None
    spend, pick, advance = traffic.spend, seats.pick, seats.advance

    def counted_spend(t: float, need: float) -> float:
        if caller() == "advance":
            probe.spends += 1
        return spend(t, need)

    def counted_pick(team: str | None) -> AgentState | None:
        agent = pick(team)
        if caller() == "advance":
            probe.direct_picks += 1
            probe.direct_pick_late += agent is not None and agent.respond is not None
        return agent

    def counted_advance(team: str | None, agent: AgentState) -> None:
        if team is not None and caller() == "advance":
            probe.team_advances += 1
        advance(team, agent)

    def counted_by_mode(rules: Any, seats: Any) -> Route[Any] | None:
        probe.fallbacks += 1  # only the run loop asks it from this module
        return by_mode(rules, seats)

    traffic.spend = counted_spend  # type: ignore[method-assign]
    seats.pick = counted_pick  # type: ignore[method-assign]
    seats.advance = counted_advance  # type: ignore[method-assign]
    monkeypatch.setattr(visitors_module, "by_mode", counted_by_mode)


def one_run(
    policy: Policy,
    scenario: Scenario,
    first_day: date,
    days: int,
    fast: bool,
    timeline: bool,
    probe: Probe | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[Simulation, str]:
    """As tests/test_simulate_fast_path.py's ``one_run``, from any first day, with the
    scenario's seed; with ``probe``, the run loop's calls are counted."""
    events: list[Event] = []
    clock = Clock(policy.tz, first_day, days)
    seed = scenario.seed if scenario.seed is not None else 0
    sim = Simulation(policy, scenario, clock, seed, events.append if timeline else None, series=True, fast=fast)
    if probe is not None:
        assert monkeypatch is not None
        with monkeypatch.context() as patch:
            instrument(sim, probe, patch)
            sim.run()
        probe.arrivals = sim.visitors
        probe.at_once = sim.served_at_once
        probe.queued_plain = sim.queued_plain
        probe.sent_plain = {key: n for key, (n,) in sim.sent_plain.items()}
        probe.language = sim.plain.language if sim.plain is not None else ""
    else:
        sim.run()
    return sim, output_of(sim, events)


def assert_same(
    policy: Policy, scenario: Scenario, monkeypatch: pytest.MonkeyPatch, first_day: date = MONDAY, days: int = 1
) -> Probe:
    """Both paths, with and without a timeline, give the same output; returns what the
    fast run without a timeline (the one that takes the plain path) did."""
    probe = Probe()
    for timeline in (False, True):
        general, expected = one_run(policy, scenario, first_day, days, False, timeline)
        fast, output = one_run(
            policy, scenario, first_day, days, True, timeline, None if timeline else probe, monkeypatch
        )
        assert output == expected
        assert general.plain is None and general.served_at_once == 0 and general.queued_plain == 0
        assert not general.sent_plain
        # Beyond the output: the same draws from the random stream, the same messages.
        assert fast.rng.getstate() == general.rng.getstate()
        assert fast.sent_messages() == general.sent_messages()
        assert fast.next_arrival == general.next_arrival
        assert fast.visitors == general.visitors
        if not timeline:
            assert fast.plain is not None  # plain traffic: the fast path runs
            summarize(fast).check()
    assert probe.arrivals > 0
    return probe


def local_hourly_visitors(policy: Policy, scenario: Scenario, first_day: date, days: int) -> list[tuple[int, int]]:
    """(local hour, visitors) of every hour of a general run without a timeline."""
    _, output = one_run(policy, scenario, first_day, days, False, False)
    return [(int(h["hour"][11:13]), h["visitors"]) for h in json.loads(output)["summary"]["hourly"]]


# --- hand-picked cases ------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    build: Callable[[], tuple[Policy, Scenario]]
    first_day: date = MONDAY
    days: int = 1
    expect: dict[str, bool] = field(default_factory=dict)
    """Probe field -> True: above zero, False: zero."""


def q(**kwargs: Any) -> dict[str, Any]:
    return kwargs


CASES = [
    Case(
        "zero-hours-between-busy-ones",
        lambda: (p := make_policy(people(1, n=3)), make_scenario(p, GAPS, seed=5, handle=EXP)),
        days=2,
        expect=q(spends=True, at_once=True, queued_plain=True, direct_picks=True),
    ),
    Case(
        "a-rate-per-hour-round-robin",
        lambda: (
            p := make_policy(people(2, n=3), mode="round_robin"),
            make_scenario(p, HOURLY, seed=7, handle=EXP, language="en"),
        ),
        expect=q(spends=True, at_once=True, queued_plain=True, direct_picks=True, team_advances=False),
    ),
    Case(
        "rate-ends-before-the-end-of-the-day",
        lambda: (p := make_policy(people(1, n=2)), make_scenario(p, ENDS_EARLY, seed=11)),
        days=2,
        expect=q(spends=True, at_once=True, queued_plain=True),
    ),
    Case(
        "sparse-arrivals-spend-over-several-hours",
        lambda: (p := make_policy(people(1, n=1)), make_scenario(p, SPARSE, seed=13, handle="20m")),
        days=3,
        expect=q(spends=True, at_once=True),
    ),
    Case(
        "daylight-saving-ends-three-days",
        lambda: (
            p := make_policy(people([1, 2, 1]), tz="Europe/Berlin", mode="round_robin"),
            make_scenario(p, HOURLY, seed=17, handle=EXP, patience={"dist": "exponential", "mean": "2m"}),
        ),
        first_day=AUTUMN_DST,
        days=3,
        expect=q(spends=True, at_once=True, queued_plain=False, direct_picks=True),
    ),
    Case(
        "daylight-saving-starts-with-gaps",
        lambda: (
            p := make_policy(people(2, n=2), tz="Europe/Berlin"),
            make_scenario(p, GAPS, seed=19, handle=EXP, language="en"),
        ),
        first_day=SPRING_DST,
        days=2,
        expect=q(spends=True, at_once=True, queued_plain=True),
    ),
    Case(
        "round-robin-with-teams",
        # Every agent is in t1, the team of the customers' order status (none).
        lambda: (
            p := make_policy(
                people([1, 2, 1, 2], [["t1"], ["t1"], ["t1", "t2"], ["t1", "t2"]]),
                mode="round_robin",
                groups={"none": "t1"},
            ),
            make_scenario(p, HOURLY, seed=23, handle=EXP),
        ),
        expect=q(team_advances=True, at_once=True, queued_plain=True, direct_picks=False),
    ),
    *(
        Case(
            f"{mode.replace('_', '-')}-team-full-while-another-teams-agent-is-free",
            # a0 (t2) is always free, a1 (t1) takes every customer, who queue while a1 is
            # busy: the fast path kept the team's queue route after a1 freed its seat (a
            # seat of t1 frees while t2's stays free, which sets no `dirty`), and queued
            # later customers while a1 sat free (4 served of 118 before the fix).
            lambda mode=mode: (  # type: ignore[misc]
                p := make_policy(people(1, [["t2"], ["t1"]]), mode=mode, groups={"none": "t1"}),
                make_scenario(p, 5.0, seed=23, handle="3m"),
            ),
            expect=q(at_once=True, queued_plain=True),
        )
        for mode in ("least_loaded", "round_robin")
    ),
    Case(
        "round-robin-team-offline-at-times-any-agent",
        # t2's only member works 10:00-16:00: outside those hours a t2 customer goes to
        # any agent (not a route by mode), inside to the team.
        lambda: (
            p := make_policy(
                people([2, 1, 1], [["t1"], ["t2"], ["t1"]]),
                mode="round_robin",
                groups={"none": "t2"},
                schedule={"id": "s2", "teams": ["t2"], "hours": {d: ["10:00-16:00"] for d in DAYS}, "reminder": "0m"},
            ),
            make_scenario(p, HOURLY, seed=29, handle=EXP, language="en"),
        ),
        expect=q(team_advances=True, at_once=True, queued_plain=True),
    ),
    Case(
        "round-robin-one-agent-answers-late",
        lambda: (
            p := make_policy(people(1, n=3), mode="round_robin"),
            make_scenario(p, HOURLY, seed=31, scripts=[{"id": "a1", "response_time": "30s"}]),
        ),
        expect=q(direct_picks=True, direct_pick_late=True, fallbacks=True, at_once=True),
    ),
    Case(
        "least-loaded-two-seats-one-agent-answers-late",
        lambda: (
            p := make_policy(people(2, n=3)),
            make_scenario(p, HOURLY, seed=37, handle=EXP, scripts=[{"id": "a0", "response_time": EXP}]),
        ),
        expect=q(direct_picks=True, direct_pick_late=True, fallbacks=True, at_once=True),
    ),
    Case(
        "every-agent-answers-late-with-timeouts",
        lambda: (
            p := make_policy(people([1, 2]), agent_timeout=True),
            make_scenario(p, GAPS, seed=41, response={"dist": "exponential", "mean": "40s"}),
        ),
        expect=q(at_once=False, fallbacks=True, direct_pick_late=True),
    ),
    Case(
        "queue-replies-in-english",
        lambda: (p := make_policy(people(1, n=2)), make_scenario(p, 80.0, seed=43, language="en")),
        expect=q(queued_plain=True, sent_plain=True, at_once=True),
    ),
    Case(
        "queue-replies-in-an-undeclared-language-two-seats",
        lambda: (
            p := make_policy(people(2, n=2), mode="round_robin", release="1m"),
            make_scenario(p, 150.0, seed=47, language="ja", handle=EXP),
        ),
        expect=q(queued_plain=True, sent_plain=True, at_once=True),
    ),
    Case(
        "queue-replies-chinese-new-customers-first-newest-first",
        lambda: (
            p := make_policy(people(1, n=3), priority_new=True, queue={"order": "newest_first"}),
            make_scenario(p, GAPS, seed=53, language="zh", handle="6m"),
        ),
        days=2,
        expect=q(queued_plain=True, sent_plain=True, at_once=True, spends=True),
    ),
    Case(
        "queue-message-off",
        lambda: (p := make_policy(people(1, n=2), queue_message=False), make_scenario(p, 80.0, seed=59)),
        expect=q(queued_plain=True, sent_plain=False, at_once=True),
    ),
    Case(
        "nobody-online-at-night-waits-with-a-queue-reply",
        lambda: (
            p := make_policy(
                people(2, n=2),
                schedule={"id": "s", "agents": ["a0", "a1"], "hours": {d: ["08:00-20:00"] for d in DAYS}},
            ),
            make_scenario(p, 10.0, seed=61, language="en"),
        ),
        days=2,
        expect=q(queued_plain=True, sent_plain=True, at_once=True),
    ),
    Case(
        "patience-and-a-maximum-wait",
        lambda: (
            p := make_policy(people(1, n=2), queue={"max_wait": "5m"}),
            make_scenario(p, HOURLY, seed=67, patience={"dist": "exponential", "mean": "4m"}),
        ),
        expect=q(queued_plain=False, at_once=True, direct_picks=True),
    ),
    Case(
        "bot-skipped-by-new-customers-idle-agents-go-offline",
        lambda: (
            p := make_policy(
                people([1, 2]),
                bot=True,
                priority_new=True,
                schedule={
                    "id": "s",
                    "agents": ["a1"],
                    "hours": {d: ["00:00-24:00"] for d in DAYS},
                    "reminder": "0m",
                    "idle_offline": "30m",
                },
            ),
            make_scenario(p, SPARSE, seed=71, handle="5m"),
        ),
        days=2,
        expect=q(at_once=True, spends=True),
    ),
    Case(
        "status-changes-by-hand",
        lambda: (
            p := make_policy(people([2, 1, 2]), mode="round_robin"),
            make_scenario(
                p,
                HOURLY,
                seed=73,
                handle=EXP,
                scripts=[
                    {
                        "id": "a0",
                        "status_changes": [{"at": "06:00", "status": "busy"}, {"at": "09:00", "status": "online"}],
                    },
                    {"id": "a2", "status_changes": [{"at": "12:00", "status": "offline"}]},
                ],
            ),
        ),
        expect=q(at_once=True, queued_plain=True, direct_picks=True),
    ),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_hand_picked_edges_give_the_same_output_on_both_paths(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    policy, scenario = case.build()
    probe = assert_same(policy, scenario, monkeypatch, case.first_day, case.days)
    for name, above in case.expect.items():
        value = getattr(probe, name)
        count = len(value) if isinstance(value, dict) else value
        assert (count > 0) is above, (name, probe)
    if probe.sent_plain:  # the cells hold every queued plain visitor's reply
        assert sum(probe.sent_plain.values()) <= probe.queued_plain
        assert all(kind == "queue" and language == probe.language for kind, language in probe.sent_plain)


@pytest.mark.parametrize(
    ("rates", "tz", "first_day", "days"),
    [(GAPS, "UTC", MONDAY, 2), (ENDS_EARLY, "Asia/Shanghai", MONDAY, 2), (SPARSE, "UTC", MONDAY, 3)],
    ids=["gaps", "ends-early", "sparse"],
)
def test_no_visitor_arrives_in_an_hour_at_zero_rate(
    rates: list[float], tz: str, first_day: date, days: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = make_policy(people(1, n=2), tz=tz)
    scenario = make_scenario(policy, rates, seed=3)
    assert_same(policy, scenario, monkeypatch, first_day, days)
    hourly = local_hourly_visitors(policy, scenario, first_day, days)
    assert len(hourly) == 24 * days
    assert all(n == 0 for hour, n in hourly if rates[hour] == 0.0)
    assert sum(n for _, n in hourly) > 10


# --- random cases -----------------------------------------------------------------------------

RANDOM_CASES = 30
RANDOM_SEED = 20261207


@dataclass
class RandomCase:
    policy: Policy
    scenario: Scenario
    first_day: date
    days: int
    described: str


def random_rates(rng: Random, capacity: int) -> list[float]:
    kind = rng.choice(["gaps", "hourly", "first-zero", "ends-early", "sparse", "flat"])
    busy = max(4.0, capacity * rng.choice([6.0, 12.0, 20.0]))
    if kind == "gaps":
        return [0.0 if rng.random() < 0.5 else round(busy * rng.random(), 2) for _ in range(24)]
    if kind == "hourly":
        return [round(busy * rng.uniform(0.1, 1.5), 2) for _ in range(24)]
    if kind == "first-zero":
        zeros = rng.randint(1, 5)
        return [0.0] * zeros + [busy] * (14 - zeros) + [round(busy / 3, 2)] * 10
    if kind == "ends-early":
        end = rng.randint(6, 23)
        return [busy] * end + [0.0] * (24 - end)
    if kind == "sparse":
        return [0.0 if rng.random() < 0.3 else round(rng.uniform(0.1, 1.0), 2) for _ in range(24)]
    return [busy] * 24


def distribution(rng: Random, mean: str) -> str | dict[str, str]:
    kind = rng.choice(["fixed", "exponential", "lognormal"])
    if kind == "fixed":
        return mean
    if kind == "exponential":
        return {"dist": "exponential", "mean": mean}
    return {"dist": "lognormal", "mean": mean, "sd": "1m"}


def random_case(index: int) -> RandomCase:
    rng = Random(RANDOM_SEED + index)
    n = rng.randint(1, 5)
    seats = [rng.choice([1, 2]) for _ in range(n)]
    teams = [rng.choice([[], ["t1"], ["t2"], ["t1", "t2"]]) for _ in range(n)]
    ids = [f"a{i}" for i in range(n)]
    mode = rng.choice(["least_loaded", "round_robin", "round_robin", "customer_choice"])
    groups = {"none": rng.choice(["t1", "t2"])} if rng.random() < 0.35 else None
    queue: dict[str, Any] = {"order": rng.choice(["wait_first", "newest_first"])}
    if rng.random() < 0.15:
        queue["max_wait"] = rng.choice(["2m", "10m"])
    if rng.random() < 0.1:
        queue["max_length"] = rng.randint(1, 4)
    nobody = rng.choice(["wait_in_queue", "wait_in_queue", "leave_message", "routing_list"])
    schedule = None
    if rng.random() < 0.3:
        start = rng.randint(0, 12)
        schedule = {
            "id": "s",
            "agents": rng.sample(ids, rng.randint(1, n)),
            "hours": {d: [f"{start:02d}:00-{start + rng.randint(4, 12):02d}:00"] for d in DAYS},
            "reminder": "0m",
            **({"idle_offline": "20m"} if rng.random() < 0.3 else {}),
        }
    priority_new = rng.random() < 0.3
    policy = make_policy(
        people(seats, teams),
        tz=rng.choice(["UTC", "Asia/Shanghai", "Europe/Berlin"]),
        hours=rng.choice([None, None, ["07:00-22:00"], ["00:00-12:00", "13:00-24:00"]]),
        mode=mode,
        groups=groups,
        queue=queue,
        priority_new=priority_new,
        release=rng.choice(["0m", "0m", "1m"]),
        nobody=nobody,
        routing_list=rng.sample(ids, 1) if nobody == "routing_list" else None,
        busy_trigger=rng.random() < 0.1,
        queue_message=rng.random() < 0.75,
        welcome=rng.random() < 0.7,
        survey=rng.random() < 0.3,
        schedule=schedule,
        agent_timeout=rng.random() < 0.2,
        offline_delay="3m" if rng.random() < 0.1 else None,
        bot=priority_new and rng.random() < 0.5,
    )
    scripts: list[dict[str, Any]] = []
    for agent in ids:
        script: dict[str, Any] = {"id": agent}
        if rng.random() < 0.25:
            script["response_time"] = distribution(rng, rng.choice(["10s", "45s"]))
        if rng.random() < 0.15:
            changes = sorted(rng.sample(range(24), rng.randint(1, 3)))
            script["status_changes"] = [
                {"at": f"{h:02d}:{rng.randint(0, 59):02d}", "status": rng.choice(["online", "busy", "offline"])}
                for h in changes
            ]
        if len(script) > 1:
            scripts.append(script)
    capacity = sum(seats)
    scenario = make_scenario(
        policy,
        random_rates(rng, capacity),
        seed=rng.randint(0, 10_000),
        handle=distribution(rng, rng.choice(["2m", "5m"])),
        patience=distribution(rng, "3m") if rng.random() < 0.35 else None,
        language=rng.choice([None, "zh", "en", "ja", "zh-Hant-TW"]),
        response=distribution(rng, "20s") if rng.random() < 0.1 else None,
        scripts=scripts,
    )
    first_day = rng.choice([MONDAY, MONDAY, AUTUMN_DST, SPRING_DST])
    days = rng.choice([1, 1, 2, 3])
    described = f"{n} agents {seats} {mode} groups={groups} {first_day}+{days}d"
    return RandomCase(policy, scenario, first_day, days, described)


_random_probes: dict[int, Probe] = {}
"""The probes of the random cases run so far (the coverage test reuses them)."""


def random_probe(index: int, monkeypatch: pytest.MonkeyPatch) -> Probe:
    if index not in _random_probes:
        case = random_case(index)
        _random_probes[index] = assert_same(case.policy, case.scenario, monkeypatch, case.first_day, case.days)
    return _random_probes[index]


@pytest.mark.parametrize("index", range(RANDOM_CASES))
def test_random_cases_give_the_same_output_on_both_paths(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    _random_probes.pop(index, None)  # run it here, whatever ran before
    random_probe(index, monkeypatch)


def test_the_random_cases_take_every_changed_branch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Together the random cases cross segments, pick directly, fall back to by_mode,
    advance a team's turn and queue plain visitors with and without a reply."""
    probes = [random_probe(i, monkeypatch) for i in range(RANDOM_CASES)]
    for name in ("spends", "direct_picks", "direct_pick_late", "fallbacks", "team_advances", "at_once", "queued_plain"):
        assert sum(1 for p in probes if getattr(p, name)) >= 2, name
    assert sum(1 for p in probes if p.sent_plain) >= 2
    assert sum(1 for p in probes if p.queued_plain and not p.sent_plain) >= 1


# --- arrival times: the run's against spend alone ------------------------------------------------


def reference_arrivals(
    scenario: Scenario, clock: Clock, seed: int, policy: Policy, per_visitor: bool
) -> tuple[list[float], TrafficGenerator]:
    """The arrival times :meth:`TrafficGenerator.next_arrival` (``spend`` of a
    ``-log1p(-u)`` draw) gives from a fresh ``Random(seed)``, with each visitor's handle
    time and patience drawn before the next arrival, as the run does."""
    assert scenario.traffic is not None
    generator = TrafficGenerator(scenario.traffic, clock, Random(seed), policy.messages.default_language, [], 3600.0)
    times = []
    t = generator.next_arrival(0.0)
    while t < clock.horizon:
        times.append(t)
        if per_visitor:
            generator.handle()
            if generator.patience is not None:
                generator.patience()
        t = generator.next_arrival(t)
    return times, generator


def stepped_arrivals(sim: Simulation) -> list[float]:
    """Advance a run one arrival at a time; the arrival times it drew."""
    times = []
    while sim.next_arrival < sim.horizon:
        t = sim.next_arrival
        times.append(t)
        sim.advance(math.nextafter(t, math.inf))
        assert sim.next_arrival > t
    sim.advance(sim.horizon)
    sim._finish()
    return times


ARRIVAL_RUNS = [
    ("gaps-fixed-handle", GAPS, "UTC", MONDAY, 2, "5m", None),
    ("hourly-exponential-handle-patience", HOURLY, "Asia/Shanghai", MONDAY, 1, EXP, EXP),
    (
        "ends-early-lognormal-handle",
        ENDS_EARLY,
        "UTC",
        MONDAY,
        2,
        {"dist": "lognormal", "mean": "3m", "sd": "2m"},
        None,
    ),
    ("sparse-three-days", SPARSE, "UTC", MONDAY, 3, EXP, None),
    ("daylight-saving-ends", HOURLY, "Europe/Berlin", AUTUMN_DST, 3, EXP, None),
    ("daylight-saving-starts", GAPS, "Europe/Berlin", SPRING_DST, 2, "4m", EXP),
]


@pytest.mark.parametrize(
    ("rates", "tz", "first_day", "days", "handle", "patience"),
    [run[1:] for run in ARRIVAL_RUNS],
    ids=[run[0] for run in ARRIVAL_RUNS],
)
@pytest.mark.parametrize("path", ["fast", "general", "timeline"])
def test_a_runs_arrival_times_are_what_spend_alone_draws(
    rates: list[float],
    tz: str,
    first_day: date,
    days: int,
    handle: str | dict[str, str],
    patience: dict[str, str] | None,
    path: str,
) -> None:
    """No agent answers late and there is no bot, so the run's random stream holds only
    the traffic's draws: its arrivals must be, bit for bit, those of a fresh generator
    calling ``next_arrival`` (``spend`` alone) after each visitor's handle time and
    patience, across segment boundaries, zero-rate hours and days."""
    policy = make_policy(people([1, 2, 1]), tz=tz)
    scenario = make_scenario(policy, rates, seed=97, handle=handle, patience=patience)
    clock = Clock(policy.tz, first_day, days)
    events: list[Event] = []
    sim = Simulation(
        policy, scenario, clock, 97, events.append if path == "timeline" else None, series=True, fast=path == "fast"
    )
    assert (sim.plain is not None) is (path == "fast")
    times = stepped_arrivals(sim)
    expected, generator = reference_arrivals(scenario, clock, 97, policy, per_visitor=True)
    assert times == expected
    assert sim.rng.getstate() == generator.rng.getstate()
    assert sim.visitors == len(times)
    if path == "fast":
        assert sim.served_at_once > 0
    # Stepping gives what one call gives.
    _, whole = one_run(policy, scenario, first_day, days, path == "fast", path == "timeline")
    assert json.dumps(summarize(sim).as_dict(), ensure_ascii=False) == json.dumps(
        json.loads(whole)["summary"], ensure_ascii=False
    )
    # The run crossed segments, skipped zero-rate ones and stayed in one for some.
    assert scenario.traffic is not None
    segments = rate_segments(scenario.traffic.arrivals_per_hour, clock)
    starts = [s[0] for s in segments]
    index = [bisect_right(starts, t) - 1 for t in times]
    assert all(segments[i][2] > 0.0 and segments[i][0] <= t < segments[i][1] for i, t in zip(index, times, strict=True))
    steps = [b - a for a, b in pairwise(index)]
    assert 0 in steps and any(step > 0 for step in steps)
    if 0.0 in rates:
        assert any(any(segments[k][2] == 0.0 for k in range(a + 1, b)) for a, b in pairwise(index))


def test_spend_and_the_in_place_draw_agree() -> None:
    """The run loop's in-place draw (``t + need / segment_rate`` while it falls before
    ``segment_end``, else ``spend``) against ``spend`` of a generator with no cached
    segment, for arrivals and draws all over the day, including a fresh cache (end
    at -inf) and a first hour at zero; and ``spend`` against an independent sum over
    the hours, exactly where no boundary is crossed."""
    policy = make_policy(people(1, n=1))
    rates = [0.0, 7.0, 7.0, 0.0, 0.0, 120.0, 3.0, 0.0, *HOURLY[8:]]
    scenario = make_scenario(policy, rates)
    assert scenario.traffic is not None
    clock = Clock(policy.tz, MONDAY, 2)

    def generator(seed: int) -> TrafficGenerator:
        assert scenario.traffic is not None
        return TrafficGenerator(scenario.traffic, clock, Random(seed), "zh", [], 3600.0)

    cached, fresh = generator(0), generator(0)
    assert cached.segment_end == -math.inf  # nothing cached before the first arrival
    per_second = [r / 3600.0 for r in rates]
    rng = Random(4)
    in_place = crossed = 0
    t = 0.0
    for _ in range(4000):
        need = -math.log1p(-rng.random())
        following = t + need / cached.segment_rate if t < cached.segment_end else math.inf
        if following >= cached.segment_end:
            following = cached.spend(t, need)
            crossed += 1
        else:
            in_place += 1
        assert following == fresh.spend(t, need)
        assert following == reference_spend(
            per_second, clock.horizon, t, need, exact=following < 3600 * (t // 3600 + 1)
        )
        if following >= clock.horizon:
            t, cached, fresh = 0.0, generator(0), generator(0)
        else:
            t = following
    assert in_place > 1000 and crossed > 100


def reference_spend(per_second: list[float], horizon: float, t: float, need: float, exact: bool) -> Any:
    """The first instant after ``t`` by which the rate's integral from ``t`` reaches
    ``need``, hour by hour (UTC: an hour is a rate segment). Returns a float to compare
    equal when ``exact`` (no hour crossed), else an approximate match."""
    start = t
    while start < horizon:
        hour_end = 3600.0 * (math.floor(start / 3600.0) + 1)
        rate = per_second[int(start // 3600.0) % 24]
        if rate > 0.0:
            arrival = start + need / rate
            if arrival < hour_end:
                return arrival if exact else pytest.approx(arrival, rel=1e-9, abs=1e-6)
            need -= (hour_end - start) * rate
        start = hour_end
    return math.inf


def test_draws_are_minus_log1p_of_minus_u() -> None:
    """The first arrival of a run is ``-log1p(-u) / rate`` with ``u`` the first draw of
    ``Random(seed)`` (a constant rate), on both paths."""
    policy = make_policy(people(1, n=1))
    scenario = make_scenario(policy, 36.0, seed=8)
    for fast in (True, False):
        sim = Simulation(policy, scenario, Clock(policy.tz, MONDAY, 1), 8, fast=fast)
        u = Random(8).random()
        assert sim.next_arrival == -math.log1p(-u) / (36.0 / 3600.0)

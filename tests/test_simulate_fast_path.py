"""The simulator's fast paths give exactly what its general paths give (OPS-3).

A synthetic visitor assigned at once is served without a ``Visitor`` object, and
a seat freed while customers wait goes straight to the next one
(:mod:`cs.simulate.visitors`). ``fast=False`` turns both off: every example
policy with every scenario that fits it, random policies and scenarios, and a
busy M/M/c day must give the same summary, timeline and ``--plot`` samples
either way, and the fast path must actually have been taken where it applies.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cs.errors import CsError
from cs.load.yaml_loader import load_text
from cs.model.policy import Policy
from cs.simulate.scenario import Scenario, build_scenario, builtin_scenario, load_scenario
from cs.simulate.simulator import Simulation, run_simulation
from cs.simulate.summary import summarize
from cs.simulate.timeline import Event
from cs.validate import load_policy, validate_document
from test_simulate import MONDAY
from test_simulate_invariants import policies, scenarios

EXAMPLES = Path(__file__).parents[1] / "examples"
POLICIES = sorted(p for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".test.yaml"))
SCENARIOS = [None, *sorted((EXAMPLES / "scenarios").glob("*.json"))]


def one_run(policy: Policy, scenario: Scenario, days: int, fast: bool, timeline: bool) -> tuple[Simulation, str]:
    events: list[Event] = []
    sim = run_simulation(policy, scenario, MONDAY, days, 3, events.append if timeline else None, series=True, fast=fast)
    return sim, output_of(sim, events)


def output_of(sim: Simulation, events: list[Event]) -> str:
    """All a run gives (summary, timeline, samples) as one text, to compare two runs by."""
    return json.dumps(
        {
            "summary": summarize(sim).as_dict(),
            "timeline": [repr(e) for e in events],
            "samples": [repr(s) for s in sim.samples or ()],
        },
        ensure_ascii=False,
    )


def assert_same(policy: Policy, scenario: Scenario, days: int = 1) -> int:
    """Both paths, with and without a timeline; returns the visitors served by the fast path."""
    taken = 0
    for timeline in (False, True):
        general, expected = one_run(policy, scenario, days, False, timeline)
        fast, output = one_run(policy, scenario, days, True, timeline)
        assert output == expected
        assert general.served_at_once == 0
        taken += fast.served_at_once
    return taken


def example_runs() -> list[tuple[Path, Path | None]]:
    return [(p, s) for p in POLICIES for s in SCENARIOS]


@pytest.mark.parametrize(
    ("policy_path", "scenario_path"),
    example_runs(),
    ids=[f"{p.stem}+{s.stem if s else 'builtin'}" for p, s in example_runs()],
)
def test_every_example_gives_the_same_output_on_both_paths(policy_path: Path, scenario_path: Path | None) -> None:
    policy = load_policy(policy_path)
    try:
        scenario = load_scenario(scenario_path, policy) if scenario_path else builtin_scenario(policy)
    except CsError:
        pytest.skip("the scenario names agents this policy does not have")
    assert_same(policy, scenario, days=2)


def mm_c(agents: int, seats: int, arrivals_per_hour: int, extra: str = "") -> Policy:
    days = "".join(f"  {d}: ['00:00-24:00']\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    people = "".join(f"  - {{id: a{i}, max_chats: {seats}}}\n" for i in range(agents))
    text = f"version: 1\nname: mm-c\ntimezone: UTC\nhours:\n{days}agents:\n{people}{extra}"
    validation = validate_document(load_text(text, "mm-c.yaml"))
    assert validation.policy is not None and not validation.errors
    return validation.policy


@pytest.mark.parametrize("seats", [1, 3])
@pytest.mark.parametrize("mode", ["least_loaded", "round_robin"])
def test_a_busy_day_takes_the_fast_path_and_gives_the_same_output(seats: int, mode: str) -> None:
    policy = mm_c(6, seats, 0, f"routing:\n  mode: {mode}\n  queue:\n    max_wait: 10m\n")
    traffic = {
        "arrivals_per_hour": 60 * seats,
        "handle_time": {"dist": "exponential", "mean": "5m"},
        "patience": {"dist": "exponential", "mean": "4m"},
    }
    taken = assert_same(policy, build_scenario({"traffic": traffic}), days=1)
    assert taken > 500  # most visitors are served at once, without a Visitor


QUEUE_MESSAGES = (
    "messages:\n  default_language: en\n  languages: [en]\n"
    "  welcome: {text: {en: 'Hi {agent_name}'}}\n"
    "  queue: {text: {en: 'You are number {queue_position}'}}\n"
)


@pytest.mark.parametrize("seats", [1, 2])
@pytest.mark.parametrize("mode", ["least_loaded", "round_robin"])
@pytest.mark.parametrize("extra", ["", "  priority: {new_customers: true}\n", "  seat_release_delay: 1m\n"])
def test_a_queue_with_nothing_timed_takes_the_queued_fast_path(seats: int, mode: str, extra: str) -> None:
    """No patience, maximum wait or offline delay: a plain visitor the engine queues is
    queued, and later served, in one call each (OPS-3, RT-6, RT-7, RT-8, MSG-1, MSG-3),
    with the same output as the general path."""
    policy = mm_c(4, seats, 0, f"routing:\n  mode: {mode}\n{extra}{QUEUE_MESSAGES}")
    traffic = {"arrivals_per_hour": 90 * seats, "handle_time": {"dist": "exponential", "mean": "3m"}}
    scenario = build_scenario({"traffic": traffic})
    assert_same(policy, scenario, days=1)
    fast, _ = one_run(policy, scenario, 1, True, False)
    general, _ = one_run(policy, scenario, 1, False, False)
    assert fast.queued_plain > 50 and fast.queued_plain == fast.queued == general.queued
    assert general.queued_plain == 0


plain = st.fixed_dictionaries(
    {
        "languages": st.just({"en": 1}),
        "order_status": st.just({"none": 1}),
        "entry_points": st.just({"product_detail": 1}),
        "returning_share": st.just(0.0),
        "silent_share": st.just(0.0),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_random_policies_give_the_same_output_on_both_paths(data: Any) -> None:
    policy = data.draw(policies())
    raw = data.draw(scenarios(policy))
    if data.draw(st.booleans(), label="plain traffic"):  # the fast path's kind of traffic
        traffic = raw["traffic"]
        traffic.update(data.draw(plain))
        for key in ("first_messages", "bot_time"):
            traffic.pop(key, None)
    assert_same(policy, build_scenario(raw, "random"), days=2)


@pytest.mark.parametrize("policy_path", POLICIES, ids=[p.stem for p in POLICIES])
def test_plot_samples_read_kept_counts_that_match_the_agents(policy_path: Path) -> None:
    """--plot samples read two counts kept as they change (no sum over agents per
    sample): at every step of a run they equal the sums over the agents."""
    from cs.engine.routing import OFFLINE
    from cs.simulate.clock import Clock

    policy = load_policy(policy_path)
    sim = Simulation(policy, builtin_scenario(policy), Clock(policy.tz, MONDAY, 2), 3, series=True)
    seen_online = seen_chats = 0
    for step in range(1, 2 * 24 * 6 + 1):
        sim.advance(step * 600.0)
        online = sum(1 for s in sim.states if s.status is not OFFLINE)
        chats = sum(s.chats for s in sim.states)
        assert (sim.accounts_online, sim.open_chats) == (online, chats), step
        seen_online, seen_chats = max(seen_online, online), max(seen_chats, chats)
    assert seen_online and seen_chats  # the run had agents online and chats open
    assert sim.samples and max(s.agents_online for s in sim.samples) == seen_online

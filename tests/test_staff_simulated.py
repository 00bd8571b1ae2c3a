"""The staffing model of ``cs staff`` against the simulator (OPS-8), quick version.

Agents of several chats are pooled seats (cs.staff.model): three agents of three
chats must perform like Erlang A with nine servers, in service level (answered
within 20 s among those who asked), probability of waiting and abandon share.
Tolerance as in test_simulate_queueing: R seeded day-long replications, Student's
t at 99.9% on their standard error, which must itself be small enough to notice a
wrong model (Erlang A with eight or ten servers is outside it). The long version,
with hundreds of agents, is bench/bench_staff.py.
"""
# covers: OPS-8, OPS-3

from __future__ import annotations

import math
from statistics import mean, stdev

import pytest

from conftest import policy as inline_policy
from cs.simulate import simulate
from cs.staff.erlang import erlang_a
from test_simulate import MONDAY, scenario

AGENTS, CHATS = 3, 3
HANDLE, PATIENCE = 180.0, 120.0
PER_HOUR = 0.8 * AGENTS * CHATS / HANDLE * 3600  # 144 an hour, ~3,450 a day
REPLICATIONS = 8
T_999 = 5.408
"""Student's t, two-sided 99.9%, 7 degrees of freedom."""


def multi_chat_policy():
    days = "".join(f"  {d}: ['00:00-24:00']\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    agents = "".join(f"  - {{id: a{i}, max_chats: {CHATS}}}\n" for i in range(AGENTS))
    return inline_policy(f"hours:\n{days}agents:\n{agents}", tz="UTC")


@pytest.fixture(scope="module")
def runs():
    forecast = scenario(
        {
            "traffic": {
                "arrivals_per_hour": PER_HOUR,
                "handle_time": {"dist": "exponential", "mean": f"{HANDLE:.0f}s"},
                "patience": {"dist": "exponential", "mean": f"{PATIENCE:.0f}s"},
            }
        }
    )
    policy = multi_chat_policy()
    return [simulate(policy, forecast, MONDAY, 1, seed, keep_timeline=False).summary for seed in range(REPLICATIONS)]


@pytest.mark.parametrize(
    ("figure", "simulated", "noise_floor"),
    [
        ("service_level", "answered_within_20s", 0.012),
        ("p_wait", "p_wait", 0.015),
        ("p_abandon", "abandon_share", 0.006),
    ],
)
def test_pooled_seats_match_the_simulator(runs, figure, simulated, noise_floor):  # covers: OPS-8
    values = [getattr(r, simulated) for r in runs]
    error = stdev(values) / math.sqrt(len(values))
    assert error < noise_floor, f"too noisy to test: {error:.4f}"
    seats = AGENTS * CHATS
    expected = getattr(erlang_a(seats, PER_HOUR / 3600, HANDLE, PATIENCE, 20.0), figure)
    assert abs(mean(values) - expected) <= T_999 * error, (figure, mean(values), expected, error)
    for wrong in (seats - 1, seats + 1):
        other = getattr(erlang_a(wrong, PER_HOUR / 3600, HANDLE, PATIENCE, 20.0), figure)
        assert abs(mean(values) - other) > T_999 * error, f"{wrong} seats fit as well: the test has no power"

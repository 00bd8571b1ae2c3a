"""The simulator agrees with queueing theory (RT-2, RT-6).

With c agents of one seat each online all day, Poisson arrivals and exponential
handling, the system is M/M/c: probability of waiting, mean wait, service level
and utilisation are Erlang C. With exponential patience it is M/M/c+M, whose
abandon share is Erlang A. Both routing modes are work-conserving, so both
must match.

The tolerance is derived, not guessed: each check runs R independent seeded
replications of a whole day (about 5,800 arrivals each, 69,000 in all), takes the mean and the
standard error across them, and allows T standard errors, T the two-sided
99.9% quantile of Student's t with R-1 degrees of freedom. The check also
requires the standard error to be small, so it has the power to notice a
wrong model. Seeds are fixed, so the outcome is deterministic.
"""

from __future__ import annotations

import math
from statistics import mean, stdev

import pytest

from conftest import policy as inline_policy
from cs.simulate import simulate
from cs.simulate.summary import Summary
from test_simulate import MONDAY, scenario

C = 5
"""Agents, one seat each."""
HANDLE = 60.0
"""Mean handle time, seconds (mu = 1/60 per second)."""
RHO = 0.8
ARRIVALS_PER_HOUR = RHO * C / HANDLE * 3600  # 240 an hour, about 5,760 a day
REPLICATIONS = 12
T_999 = 4.437
"""Student's t, two-sided 99.9%, 11 degrees of freedom."""


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits in M/M/c with offered load a = lambda/mu < c."""
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def erlang_c_mean_wait(c: int, a: float, mu: float) -> float:
    """Mean wait in queue over all arrivals: C(c, a) / (c mu - lambda)."""
    return erlang_c(c, a) / (c * mu - a * mu)


def erlang_c_service_level(c: int, a: float, mu: float, t: float) -> float:
    """P(wait <= t) = 1 - C(c, a) exp(-(c mu - lambda) t)."""
    return 1.0 - erlang_c(c, a) * math.exp(-(c * mu - a * mu) * t)


def erlang_a(c: int, lam: float, mu: float, theta: float, cap: int = 400) -> tuple[float, float]:
    """(probability of waiting, abandon share) of M/M/c+M: the birth-death chain with
    birth lam and death min(n, c) mu + max(n - c, 0) theta, truncated far out."""
    weights = [1.0]
    for n in range(1, cap):
        weights.append(weights[-1] * lam / (min(n, c) * mu + max(n - c, 0) * theta))
    total = sum(weights)
    p_wait = sum(weights[c:]) / total  # PASTA: an arrival sees the time-stationary state
    queue = sum((n - c) * w for n, w in enumerate(weights) if n > c) / total
    return p_wait, theta * queue / lam


def mm_c_policy(mode: str):
    days = "".join(f"  {d}: ['00:00-24:00']\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    agents = "".join(f"  - {{id: a{i}, max_chats: 1}}\n" for i in range(C))
    return inline_policy(f"hours:\n{days}agents:\n{agents}routing: {{mode: {mode}}}\n", tz="UTC")


def replications(mode: str, patience: float | None = None) -> list[Summary]:
    traffic: dict[str, object] = {
        "arrivals_per_hour": ARRIVALS_PER_HOUR,
        "handle_time": {"dist": "exponential", "mean": f"{HANDLE:.0f}s"},
    }
    if patience is not None:
        traffic["patience"] = {"dist": "exponential", "mean": f"{patience:.0f}s"}
    p, s = mm_c_policy(mode), scenario({"traffic": traffic})
    return [simulate(p, s, MONDAY, 1, seed, keep_timeline=False).summary for seed in range(1, REPLICATIONS + 1)]


def assert_agrees(name: str, values: list[float], expected: float, max_standard_error: float) -> None:
    standard_error = stdev(values) / math.sqrt(len(values))
    assert standard_error < max_standard_error, f"{name}: too noisy to test ({standard_error:.4f})"
    assert abs(mean(values) - expected) <= T_999 * standard_error, (
        f"{name}: simulated {mean(values):.4f} +- {standard_error:.4f}, Erlang {expected:.4f}"
    )


@pytest.mark.parametrize("mode", ["least_loaded", "round_robin"])
def test_erlang_c(mode: str):  # covers: RT-2, RT-6, OBS-2
    a, mu = RHO * C, 1.0 / HANDLE
    runs = replications(mode)
    assert min(r.visitors for r in runs) > 5000
    wait = erlang_c_mean_wait(C, a, mu)
    assert_agrees("probability of waiting", [r.p_wait for r in runs], erlang_c(C, a), 0.015)
    assert_agrees("mean wait", [r.wait_mean_s for r in runs], wait, 0.1 * wait)
    assert_agrees(
        "answered within 20 s", [r.answered_within_20s for r in runs], erlang_c_service_level(C, a, mu, 20.0), 0.015
    )
    assert_agrees("utilisation", [r.utilization for r in runs], RHO, 0.008)


def test_erlang_a_abandonment():  # covers: RT-6
    patience = 60.0
    runs = replications("least_loaded", patience)
    p_wait, abandon = erlang_a(C, RHO * C / HANDLE, 1.0 / HANDLE, 1.0 / patience)
    assert_agrees("probability of waiting", [r.p_wait for r in runs], p_wait, 0.015)
    assert_agrees("abandon share", [r.abandon_share for r in runs], abandon, 0.008)
    # every visitor who waited longer than their patience left; nobody was lost
    assert all(r.served + r.abandoned + r.waiting_at_end == r.visitors for r in runs)


def test_the_formulas_themselves():
    # textbook values: c = 2, a = 1 -> C = 1/3; with theta = 0 Erlang A is Erlang C
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    p_wait, abandon = erlang_a(C, RHO * C / HANDLE, 1.0 / HANDLE, 1e-12)
    assert p_wait == pytest.approx(erlang_c(C, RHO * C), rel=1e-6) and abandon == pytest.approx(0, abs=1e-9)

"""Erlang C and Erlang A of ``cs staff`` (OPS-8) against published values, an independent
birth-death solution written here, and the simulator."""
# covers: OPS-8

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cs.staff.erlang import IDLE, erlang_a, erlang_c, performance
from cs.staff.model import Load, Targets, requirement

PER_30_MIN = 1800.0


# --- Erlang C: the published reference ---------------------------------------------------------


def test_erlang_c_reference_values():  # covers: OPS-8
    """100 contacts per 30 minutes, 3-minute handle time, 80% within 20 s: 14 agents,
    P(wait) 0.1741, service level 0.888; 13 agents reach only 0.796."""
    rate = 100 / PER_30_MIN
    fourteen = erlang_c(14, rate, 180.0, 20.0)
    assert fourteen.p_wait == pytest.approx(0.1741, abs=5e-5)
    assert fourteen.service_level == pytest.approx(0.888, abs=5e-4)
    assert fourteen.occupancy == pytest.approx(10 / 14)
    assert erlang_c(13, rate, 180.0, 20.0).service_level == pytest.approx(0.796, abs=5e-4)
    agents, figures = requirement(Load(rate, 180.0, None), Targets(0.8, 20.0), chats=1)
    assert agents == 14 and figures == fourteen


def test_erlang_c_needs_more_servers_than_the_load():  # covers: OPS-8
    saturated = erlang_c(10, 100 / PER_30_MIN, 180.0, 20.0)  # load is exactly 10 Erlangs
    assert saturated.p_wait == 1.0 and saturated.service_level == 0.0 and math.isinf(saturated.asa_s)


def _log_erlang_c(servers: int, load: float) -> float:
    """Erlang C from its textbook formula in log space (lgamma): an independent check at scale."""
    log_terms = [k * math.log(load) - math.lgamma(k + 1) for k in range(servers)]
    log_top = servers * math.log(load) - math.lgamma(servers + 1) + math.log(servers / (servers - load))
    peak = max([*log_terms, log_top])
    below = sum(math.exp(t - peak) for t in log_terms)
    top = math.exp(log_top - peak)
    return top / (below + top)


@pytest.mark.parametrize(("servers", "load"), [(300, 280.0), (600, 570.0), (1500, 1450.0)])
def test_hundreds_of_servers_do_not_overflow(servers, load):  # covers: OPS-8
    """a**N / N! overflows a float beyond N ~ 170; the recurrence does not."""
    handle = 300.0
    c = erlang_c(servers, load / handle, handle, 20.0)
    assert c.p_wait == pytest.approx(_log_erlang_c(servers, load), rel=1e-9)
    a = erlang_a(servers, load / handle, handle, 180.0, 20.0)
    assert 0.0 < a.p_wait < c.p_wait and 0.0 < a.p_abandon < 0.05 and a.service_level > c.service_level


def test_requirement_at_scale_is_found_and_minimal():  # covers: OPS-8
    load = Load(rate=2000 / 360.0, handle_s=360.0, patience_s=180.0)  # 2,000 Erlangs
    agents, figures = requirement(load, Targets(0.8, 20.0), chats=1)
    assert 1800 < agents < 2100 and figures.service_level >= 0.8
    assert performance(agents - 1, load.rate, 360.0, 180.0, 20.0).service_level < 0.8


# --- Erlang A against the birth-death chain, solved here another way ----------------------------


def birth_death(servers: int, rate: float, handle: float, patience: float, cap: int) -> list[float]:
    """Stationary distribution of the truncated chain by solving pi Q = 0 (numpy), not by recurrence."""
    np = pytest.importorskip("numpy")
    q = np.zeros((cap + 1, cap + 1))
    for n in range(cap + 1):
        if n < cap:
            q[n, n + 1] = rate
        if n > 0:
            q[n, n - 1] = min(n, servers) / handle + max(n - servers, 0) / patience
        q[n, n] = -q[n].sum()
    system = np.vstack([q.T, np.ones(cap + 1)])
    target = np.zeros(cap + 2)
    target[-1] = 1.0
    return list(np.linalg.lstsq(system, target, rcond=None)[0])


def answered_within(pi: list[float], servers: int, handle: float, patience: float, within: float) -> float:
    """P(an arrival waits and is answered by ``within``): the tagged customer's absorbing chain by expm."""
    np = pytest.importorskip("numpy")
    linalg = pytest.importorskip("scipy.linalg")
    ahead = len(pi) - servers
    size = ahead + 2  # k ahead = 0..ahead-1, then served, abandoned
    served, gone = ahead, ahead + 1
    q = np.zeros((size, size))
    for k in range(ahead):
        q[k, k - 1 if k else served] = servers / handle + k / patience
        q[k, gone] = 1.0 / patience
        q[k, k] = -q[k].sum()
    moved = linalg.expm(q * within)
    return float(sum(pi[servers + k] * moved[k, served] for k in range(ahead)))


@pytest.mark.parametrize(
    ("servers", "per_hour", "handle", "patience"),
    [(5, 240.0, 60.0, 120.0), (12, 150.0, 300.0, 180.0), (8, 150.0, 300.0, 60.0), (3, 100.0, 120.0, 600.0)],
)
def test_erlang_a_matches_the_birth_death_solution(servers, per_hour, handle, patience):  # covers: OPS-8
    rate = per_hour / 3600.0
    pi = birth_death(servers, rate, handle, patience, cap=servers + 120)
    found = erlang_a(servers, rate, handle, patience, 20.0)
    p_wait = sum(pi[servers:])
    abandoning = sum((n - servers) * p for n, p in enumerate(pi) if n > servers) / patience
    assert found.p_wait == pytest.approx(p_wait, abs=1e-9)
    assert found.p_abandon == pytest.approx(abandoning / rate, abs=1e-9)
    level = 1.0 - p_wait + answered_within(pi, servers, handle, patience, 20.0)
    assert found.service_level == pytest.approx(level, abs=1e-8)
    assert found.asa_s == pytest.approx(sum((n - servers) * p for n, p in enumerate(pi) if n > servers) / rate)


def test_erlang_a_with_endless_patience_is_erlang_c():  # covers: OPS-8
    rate = 100 / PER_30_MIN
    a, c = erlang_a(14, rate, 180.0, 1e7, 20.0), erlang_c(14, rate, 180.0, 20.0)
    assert a.p_wait == pytest.approx(c.p_wait, rel=1e-5)
    assert a.service_level == pytest.approx(c.service_level, rel=1e-5)


@settings(max_examples=40, deadline=None)
@given(
    servers=st.integers(1, 60),
    load=st.floats(0.1, 60.0),
    patience=st.floats(10.0, 1200.0),
)
def test_more_servers_never_serve_worse(servers, load, patience):  # covers: OPS-8
    handle = 240.0
    fewer = erlang_a(servers, load / handle, handle, patience, 20.0)
    more = erlang_a(servers + 1, load / handle, handle, patience, 20.0)
    assert more.service_level >= fewer.service_level - 1e-12
    assert more.p_abandon <= fewer.p_abandon + 1e-12
    assert 0.0 <= more.service_level <= 1.0 and 0.0 <= more.p_abandon <= 1.0


# --- targets and edges ---------------------------------------------------------------------------


def test_no_traffic_needs_no_one():  # covers: OPS-8
    assert requirement(Load(0.0, 180.0, 120.0), Targets(0.8, 20.0), chats=3) == (0, IDLE)


def test_every_target_binds():  # covers: OPS-8
    load = Load(100 / PER_30_MIN, 180.0, 120.0)
    base, _ = requirement(load, Targets(0.8, 20.0), chats=1)
    capped, figures = requirement(load, Targets(0.8, 20.0, max_occupancy=0.6), chats=1)
    assert capped > base and figures.occupancy <= 0.6
    strict, figures = requirement(load, Targets(0.8, 20.0, max_abandon=0.001), chats=1)
    assert strict > base and figures.p_abandon <= 0.001


def test_agents_of_several_chats_are_pooled_seats():  # covers: OPS-8
    """k agents of c chats perform like k*c single-chat servers; the requirement rounds up."""
    load = Load(100 / PER_30_MIN, 180.0, None)
    agents, figures = requirement(load, Targets(0.8, 20.0), chats=3)
    assert agents == 5 and figures.servers == 15  # 14 seats needed, 5 agents of 3
    assert figures == erlang_c(15, load.rate, 180.0, 20.0)

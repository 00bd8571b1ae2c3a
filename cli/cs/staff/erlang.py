"""Erlang C and Erlang A: how a pool of identical servers performs under Poisson traffic.

Erlang C is the M/M/N queue (customers wait as long as it takes); Erlang A is
M/M/N+M (each waiting customer leaves after an exponential patience), the
model for chat, where customers close the window. Both are computed from the
Erlang B recurrence ``B(n) = a B(n-1) / (n + a B(n-1))``, which stays in
[0, 1] for any number of servers, and Erlang A's queue tail is summed in log
space: no factorial, no power of the load, no overflow for thousands of servers.

A *server* here is a seat: one chat at a time (see :mod:`cs.staff.model` for
agents who take several). Rates are per second, durations in seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TAIL_EPSILON = 1e-15
"""Queue states whose probability is below this share of the largest are dropped."""
MAX_QUEUE = 100_000
"""Queue states summed at most: beyond, the line is hopelessly long and the figures already say so."""


@dataclass(frozen=True)
class Performance:
    """What a pool of ``servers`` achieves; shares are in [0, 1]."""

    servers: int
    p_wait: float
    """Probability that an arriving customer waits at all."""
    service_level: float
    """Share of arrivals answered within the threshold (abandoning customers count as missed)."""
    asa_s: float
    """Mean time in queue over all arrivals (answered or not); inf when the queue grows without end."""
    occupancy: float
    """Share of server time spent serving."""
    p_abandon: float
    """Share of arrivals who leave before an answer (0 in Erlang C)."""


IDLE = Performance(servers=0, p_wait=0.0, service_level=1.0, asa_s=0.0, occupancy=0.0, p_abandon=0.0)
"""No traffic: nothing waits, nobody is needed."""


def erlang_b(servers: int, load: float) -> float:
    """Blocking probability of ``servers`` with ``load`` Erlangs offered (stable recurrence)."""
    blocking = 1.0
    for n in range(1, servers + 1):
        blocking = load * blocking / (n + load * blocking)
    return blocking


def erlang_c(servers: int, rate: float, handle_s: float, within_s: float) -> Performance:
    """M/M/N with FCFS: the probability of waiting is Erlang C, waits are exponential beyond it."""
    load = rate * handle_s
    if servers <= 0 or servers <= load:
        return Performance(servers, 1.0, 0.0, math.inf, 1.0 if servers > 0 else 0.0, 0.0)
    blocking = erlang_b(servers, load)
    p_wait = servers * blocking / (servers - load * (1.0 - blocking))
    drain = (servers - load) / handle_s
    return Performance(
        servers=servers,
        p_wait=p_wait,
        service_level=1.0 - p_wait * math.exp(-drain * within_s),
        asa_s=p_wait / drain,
        occupancy=load / servers,
        p_abandon=0.0,
    )


def _queue_terms(servers: int, rate: float, service: float, abandon: float) -> list[float]:
    """log of pi(N+j)/pi(N) for j = 0, 1, ...: the queue tail of the birth-death chain."""
    terms = [0.0]
    peak = 0.0
    j = 0
    while j < MAX_QUEUE:
        j += 1
        step = math.log(rate) - math.log(servers * service + j * abandon)
        value = terms[-1] + step
        peak = max(peak, value)
        if step < 0 and value < peak + math.log(TAIL_EPSILON):
            return terms
        terms.append(value)
    return terms


def erlang_a(servers: int, rate: float, handle_s: float, patience_s: float, within_s: float) -> Performance:
    """M/M/N+M: the stationary birth-death chain, and the tagged customer's race to a server.

    With ``n`` customers present the chain moves up at ``rate`` and down at
    ``min(n, N)/handle + max(n - N, 0)/patience``. States below N are the Erlang B
    truncated Poisson; the queue tail is summed in log space. The service level
    uses PASTA: an arrival finding ``j`` waiting reaches a server after ``j + 1``
    advances of the line, each at ``N/handle + k/patience`` with ``k`` still ahead,
    unless its own patience runs out first (see :func:`_answered_within`).
    """
    if servers <= 0:
        return Performance(0, 1.0, 0.0, patience_s, 0.0, 1.0)
    service, abandon = 1.0 / handle_s, 1.0 / patience_s
    load = rate * handle_s
    blocking = erlang_b(servers, load)
    terms = _queue_terms(servers, rate, service, abandon)
    top = max(terms)
    scaled = [math.exp(t - top) for t in terms]
    # pi(n < N) + pi(n >= N) = 1, with pi(N) / pi(n <= N) = B.
    if blocking > 0.0:
        log_queue = top + math.log(sum(scaled)) + math.log(blocking)
        log_below = math.log1p(-blocking) if blocking < 1.0 else -math.inf
        log_total = _logaddexp(log_below, log_queue)
        p_wait = math.exp(log_queue - log_total)
        log_pi_n = math.log(blocking) + top - log_total
    else:
        p_wait, log_pi_n = 0.0, -math.inf
    weights = [math.exp(log_pi_n + math.log(s)) if s > 0.0 else 0.0 for s in scaled]
    waiting = sum(j * w for j, w in enumerate(weights))
    p_abandon = min(1.0, abandon * waiting / rate)
    answered_waiting = _answered_within(weights, servers * service, abandon, within_s)
    return Performance(
        servers=servers,
        p_wait=p_wait,
        service_level=min(1.0, 1.0 - p_wait + answered_waiting),
        asa_s=waiting / rate,
        occupancy=min(1.0, rate * (1.0 - p_abandon) * handle_s / servers),
        p_abandon=p_abandon,
    )


def _logaddexp(x: float, y: float) -> float:
    if x == -math.inf:
        return y
    high, low = max(x, y), min(x, y)
    return high + math.log1p(math.exp(low - high))


def _answered_within(ahead: list[float], drain: float, abandon: float, within_s: float) -> float:
    """Probability mass of arrivals who wait and reach a server within ``within_s``.

    ``ahead[k]`` is the probability that an arrival finds ``k`` waiting. The
    tagged customer's line is a pure-death chain (``k`` ahead -> ``k - 1`` at
    ``drain + k * abandon``), killed at ``abandon``; it is solved by
    uniformization, a sum of Poisson-weighted steps of non-negative numbers.
    """
    if within_s <= 0 or not ahead:
        return 0.0
    uniform = drain + len(ahead) * abandon
    mean = uniform * within_s
    steps = int(mean + 10.0 * math.sqrt(mean) + 20)
    # A customer k places back needs k + 1 steps: beyond the steps left, mass is never served in time.
    state = list(ahead[: steps + 1])
    advance = [(drain + k * abandon) / uniform for k in range(len(state))]
    stay = [1.0 - a - abandon / uniform for a in advance]
    served = answered = 0.0
    log_mean = math.log(mean)
    for m in range(steps + 1):
        answered += math.exp(-mean + m * log_mean - math.lgamma(m + 1)) * served
        active = min(len(state), steps - m)
        if active <= 0:
            continue
        served += state[0] * advance[0]
        state = [state[k] * stay[k] + state[k + 1] * advance[k + 1] for k in range(active - 1)] + [
            state[active - 1] * stay[active - 1]
        ]
    return answered


def performance(servers: int, rate: float, handle_s: float, patience_s: float | None, within_s: float) -> Performance:
    """Erlang A with a patience, Erlang C without; :data:`IDLE` with no traffic."""
    if rate <= 0.0:
        return IDLE if servers == 0 else Performance(servers, 0.0, 1.0, 0.0, 0.0, 0.0)
    if patience_s is None:
        return erlang_c(servers, rate, handle_s, within_s)
    return erlang_a(servers, rate, handle_s, patience_s, within_s)

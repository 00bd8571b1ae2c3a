"""Benchmark: `cs simulate` against an equivalent SimPy model, side by side in one run.

Run: python bench/bench_simulate.py [--compiled] [--arrivals N] [--agents C] [--rho R] [--runs K] [--skip-million]

`--compiled` first builds the release wheel with the simulator compiled by mypyc
(HATCH_BUILD_HOOKS_ENABLE=1, about a minute; needs a C compiler and PyPI for the
build requirements) and measures that build; without it, the installed package
(pure Python in a development install) is measured. The first line says which.

1. An M/M/c day: C agents of one seat each online all day, Poisson arrivals and
   exponential handling at utilisation R, N arrivals (default 100,000, C = 50,
   R = 0.9). cs runs it with the full policy engine in summary-only mode (offline
   mode, routing, first replies, welcome and survey, waits, hourly figures); SimPy
   runs the textbook model (one process per customer, a Resource with C slots).
   Runs alternate K times and the best of each counts, as the machine is shared.
   Prints both throughputs in arrivals per second and the ratio (goal >= 4), and
   both models' probability of waiting and mean wait next to Erlang C.
2. A 1,000,000-visitor day in summary-only mode, in a fresh process, next to a
   100,000-visitor one: wall time and peak resident memory (getrusage), to show
   memory does not grow with the run (goal: well under a minute).

Needs the bench extra for SimPy: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2026, 11, 23)


def erlang_c(c: int, a: float) -> float:
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def mm_c(agents: int, arrivals: int, rho: float):  # type: ignore[no-untyped-def]
    """The policy and scenario of an M/M/c day; and its mean handle time in seconds."""
    from cs.load.yaml_loader import load_text
    from cs.simulate.scenario import build_scenario
    from cs.validate import validate_document

    days = "".join(f"  {d}: ['00:00-24:00']\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    people = "".join(f"  - {{id: a{i:03d}, max_chats: 1}}\n" for i in range(agents))
    text = f"version: 1\nname: mm-c\ntimezone: UTC\nhours:\n{days}agents:\n{people}"
    validation = validate_document(load_text(text, "mm-c.yaml"))
    assert validation.policy is not None and not validation.errors
    handle = rho * agents * 86400 / arrivals
    scenario = build_scenario(
        {
            "traffic": {
                "arrivals_per_hour": arrivals / 24,
                "handle_time": {"dist": "exponential", "mean": f"{handle:.0f}s"},
            }
        }
    )
    return validation.policy, scenario, round(handle)


def run_cs(agents: int, arrivals: int, rho: float, seed: int = 1) -> tuple[float, dict[str, float]]:
    from cs.simulate import simulate

    policy, scenario, _ = mm_c(agents, arrivals, rho)
    start = time.process_time()
    summary = simulate(policy, scenario, DAY, 1, seed, keep_timeline=False).summary
    elapsed = time.process_time() - start
    return elapsed, {"visitors": summary.visitors, "p_wait": summary.p_wait, "wait_mean_s": summary.wait_mean_s}


def run_simpy(agents: int, arrivals: int, rho: float, seed: int = 1) -> tuple[float, dict[str, float]]:
    """The textbook SimPy M/M/c: a source process, one process per customer, a Resource."""
    import simpy

    rng = random.Random(seed)
    handle = round(rho * agents * 86400 / arrivals)
    rate = arrivals / 86400
    env = simpy.Environment()
    seats = simpy.Resource(env, capacity=agents)
    waits: list[float] = []

    def customer(env: simpy.Environment):  # type: ignore[no-untyped-def]
        arrived = env.now
        with seats.request() as request:
            yield request
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(1 / handle))

    def source(env: simpy.Environment):  # type: ignore[no-untyped-def]
        while True:
            yield env.timeout(rng.expovariate(rate))
            if env.now >= 86400:
                return
            env.process(customer(env))

    env.process(source(env))
    start = time.process_time()
    env.run()
    elapsed = time.process_time() - start
    waited = sum(1 for w in waits if w > 0)
    return elapsed, {"visitors": len(waits), "p_wait": waited / len(waits), "wait_mean_s": sum(waits) / len(waits)}


def child(arrivals: int) -> None:
    """One summary-only run in this process; prints its figures as JSON."""
    elapsed, figures = run_cs(50, arrivals, 0.9)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"elapsed": elapsed, "peak_mib": peak_kib / 1024, **figures}))


def fresh(arrivals: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(arrivals)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def run_compiled(argv: list[str]) -> int:
    """Build the compiled wheel, unpack it, and run this benchmark again on it."""
    from build_compiled import build_compiled

    with tempfile.TemporaryDirectory() as tmp:
        site = build_compiled(Path(tmp))
        env = {**os.environ, "PYTHONPATH": str(site)}
        return subprocess.run([sys.executable, __file__, *argv], env=env, check=False).returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--arrivals", type=int, default=100_000)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--rho", type=float, default=0.9)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-million", action="store_true")
    parser.add_argument("--compiled", action="store_true", help="measure the mypyc-compiled release build")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if args.compiled:
        sys.exit(run_compiled([a for a in sys.argv[1:] if a != "--compiled"]))
    import cs.simulate.simulator as engine

    build = "compiled (mypyc)" if not engine.__file__.endswith(".py") else "pure Python"
    print(f"cs build: {build}")
    try:
        import simpy  # noqa: F401
    except ImportError:
        sys.exit("SimPy is not installed: pip install -e '.[bench]'")

    c, n, rho = args.agents, args.arrivals, args.rho
    best_cs = best_simpy = math.inf
    cs_figures = simpy_figures = {}
    for _ in range(args.runs):  # alternate, so both see the same machine
        elapsed, simpy_figures = run_simpy(c, n, rho)
        best_simpy = min(best_simpy, elapsed)
        elapsed, cs_figures = run_cs(c, n, rho)
        best_cs = min(best_cs, elapsed)
    mu = 1 / round(rho * c * 86400 / n)
    a = (n / 86400) / mu
    p_wait = erlang_c(c, a)
    wait = p_wait / (c * mu - a * mu)
    cs_rate, simpy_rate = cs_figures["visitors"] / best_cs, simpy_figures["visitors"] / best_simpy
    print(f"M/M/c day: c = {c}, rho = {rho}, {n:,} arrivals expected (best of {args.runs} runs each)")
    for label, rate, figures, elapsed in (
        ("cs simulate (full policy engine, summary only)", cs_rate, cs_figures, best_cs),
        ("SimPy (process per customer, Resource)", simpy_rate, simpy_figures, best_simpy),
    ):
        print(f"  {label:<47}{rate:12,.0f} arrivals/s  ({figures['visitors']:,.0f} in {elapsed:.2f} s)")
    print(f"  {'ratio cs / SimPy':<47}{cs_rate / simpy_rate:12.2f}  (goal >= 4)")
    print(f"  P(wait)    cs {cs_figures['p_wait']:.4f}   SimPy {simpy_figures['p_wait']:.4f}   Erlang C {p_wait:.4f}")
    cs_wait, simpy_wait = cs_figures["wait_mean_s"], simpy_figures["wait_mean_s"]
    print(f"  mean wait  cs {cs_wait:.2f} s  SimPy {simpy_wait:.2f} s  Erlang C {wait:.2f} s")
    if args.skip_million:
        return
    small, large = fresh(100_000), fresh(1_000_000)
    print("summary-only days in fresh processes (c = 50, rho = 0.9):")
    for figures in (small, large):
        print(
            f"  {figures['visitors']:>9,.0f} visitors  {figures['elapsed']:6.1f} s  "
            f"{figures['visitors'] / figures['elapsed']:9,.0f} arrivals/s  peak RSS {figures['peak_mib']:6.1f} MiB"
        )
    growth = large["peak_mib"] - small["peak_mib"]
    print(f"  memory growth from 100k to 1M visitors: {growth:+.1f} MiB  (goal: flat; 1M in well under a minute)")


if __name__ == "__main__":
    main()

"""Benchmark: `cs staff` (OPS-8) figures and its model against long simulations. Prints, never asserts.

Run: python bench/bench_staff.py [--days D] [--runs K]

1. The formulas at scale: Erlang C and Erlang A for 10 .. 5,000 servers (time per
   evaluation) and the requirement search for offered loads up to 4,000 Erlangs.
2. `cs staff` on examples/full.yaml: one day and a week of half-hour intervals
   with the Double 11 forecast, the same with --verify (20 simulated days per
   simulated day asked for), and the --shifts integer program.
3. The pooled-seat model against the simulator over long runs: for offered loads
   from 4 to 540 Erlangs, the agents `cs staff` requires for 80% in 20 s (agents x
   chats per agent, up to hundreds of agents), K replications of D all-day days
   each; simulated service level, P(wait) and abandon share next to Erlang A (and
   Erlang C), with the standard error across replications.
4. The Double 11 walk-through per team line (group routing, RT-4): examples/full.yaml
   with the suggested shifts pasted in (and the night shift's idle offline dropped,
   as docs/staff.md does), verified with K x 5 replications: the lowest simulated
   service level of the staffing found and of the policy as written over the day,
   against the 80% target, and how many intervals differ from the formula.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from statistics import mean, stdev

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import policy as inline_policy  # noqa: E402
from cs.simulate import simulate  # noqa: E402
from cs.simulate.scenario import build_scenario, load_scenario  # noqa: E402
from cs.staff.erlang import erlang_a, erlang_c  # noqa: E402
from cs.staff.model import Load, Targets, requirement  # noqa: E402
from cs.staff.plan import staff_plan  # noqa: E402
from cs.staff.verify import verify  # noqa: E402
from cs.validate import load_policy  # noqa: E402

FULL = ROOT / "examples" / "full.yaml"
FORECAST = ROOT / "examples" / "scenarios" / "double-11.json"
SHIFTS = ROOT / "examples" / "shifts-double-11.json"
DAY = date(2026, 11, 11)


def timed(function, repeat: int = 1) -> tuple[float, object]:
    start = time.perf_counter()
    for _ in range(repeat):
        result = function()
    return (time.perf_counter() - start) / repeat, result


def formulas() -> None:
    print("1. formulas (handle 300 s, patience 180 s, load = 0.95 x servers)")
    print(f"{'servers':>8} {'Erlang C ms':>12} {'P(wait) C':>10} {'Erlang A ms':>12} {'P(wait) A':>10} {'SL A':>7}")
    for servers in (10, 100, 500, 1000, 5000):
        rate = 0.95 * servers / 300.0
        c_time, c = timed(lambda s=servers, r=rate: erlang_c(s, r, 300.0, 20.0), 20)
        a_time, a = timed(lambda s=servers, r=rate: erlang_a(s, r, 300.0, 180.0, 20.0), 5)
        print(
            f"{servers:>8} {c_time * 1000:>12.3f} {c.p_wait:>10.4f} {a_time * 1000:>12.3f} "  # type: ignore[attr-defined]
            f"{a.p_wait:>10.4f} {a.service_level:>7.4f}"  # type: ignore[attr-defined]
        )
    print(f"{'Erlangs':>8} {'agents':>8} {'search ms':>10}   (80% in 20 s, 9 chats per agent, patience 180 s)")
    for load in (10, 100, 1000, 4000):
        spent, (agents, _) = timed(lambda x=load: requirement(Load(x / 300.0, 300.0, 180.0), Targets(0.8, 20.0), 9))  # type: ignore[misc]
        print(f"{load:>8} {agents:>8} {spent * 1000:>10.1f}")


def command() -> None:
    print("\n2. cs staff on examples/full.yaml with the Double 11 forecast")
    policy = load_policy(FULL)
    forecast = load_scenario(FORECAST, policy)
    targets = Targets(0.8, 20.0)
    for days in (1, 7):
        spent, plan = timed(lambda d=days: staff_plan(policy, forecast, DAY, d, targets, timedelta(minutes=30)))
        print(f"   {days} day(s), {len(plan.intervals):>3} intervals: {spent:.2f} s")  # type: ignore[attr-defined]
    plan = staff_plan(policy, forecast, DAY, 1, targets, timedelta(minutes=30))
    spent, _ = timed(lambda: verify(plan, policy, forecast, DAY, 1))
    print(f"   --verify, 1 day (10 runs of the staffing found + 10 of the policy): {spent:.2f} s")
    try:
        from cs.staff.shifts import load_shifts, plan_shifts

        spent, solved = timed(lambda: plan_shifts(plan, load_shifts(SHIFTS), str(SHIFTS), policy))
        print(f"   --shifts (HiGHS): {solved.agents} agents in {spent * 1000:.1f} ms")  # type: ignore[attr-defined]
    except Exception as error:  # scipy missing: say so, measure the rest
        print(f"   --shifts skipped: {error}")


def pooled(days: int, runs: int) -> None:
    print(f"\n3. pooled seats against the simulator: {runs} replications x {days} day(s), staffed as required")
    head = f"{'pool':>10} {'seats':>6} {'visitors':>9}  {'figure':<14}{'simulated':>10} {'+-se':>8}"
    print(f"{head} {'Erlang A':>9} {'Erlang C':>9}")
    handle, patience = 300.0, 180.0
    for offered, chats in ((4.0, 1), (17.0, 5), (250.0, 10), (540.0, 4)):
        agents, _ = requirement(Load(offered / handle, handle, patience), Targets(0.8, 20.0), chats)
        seats = agents * chats
        per_hour = offered / handle * 3600
        week = "".join(f"  {d}: ['00:00-24:00']\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
        roster = "".join(f"  - {{id: a{i}, max_chats: {chats}}}\n" for i in range(agents))
        policy = inline_policy(f"hours:\n{week}agents:\n{roster}", tz="UTC")
        traffic = {
            "arrivals_per_hour": per_hour,
            "handle_time": {"dist": "exponential", "mean": f"{handle:.0f}s"},
            "patience": {"dist": "exponential", "mean": f"{patience:.0f}s"},
        }
        scenario = build_scenario({"traffic": traffic}, "bench")
        start = time.perf_counter()
        summaries = [
            simulate(policy, scenario, date(2026, 11, 23), days, seed, keep_timeline=False).summary
            for seed in range(runs)
        ]
        spent = time.perf_counter() - start
        a = erlang_a(seats, per_hour / 3600, handle, patience, 20.0)
        c = erlang_c(seats, per_hour / 3600, handle, 20.0)
        visitors = sum(s.visitors for s in summaries)
        for name, values, formula, classic in (
            ("service level", [s.answered_within_20s for s in summaries], a.service_level, c.service_level),
            ("P(wait)", [s.p_wait for s in summaries], a.p_wait, c.p_wait),
            ("abandon", [s.abandon_share for s in summaries], a.p_abandon, 0.0),
        ):
            error = stdev(values) / math.sqrt(len(values)) if len(values) > 1 else float("nan")
            label = f"{agents}x{chats}"
            print(
                f"{label:>10} {seats:>6} {visitors:>9}  {name:<14}{mean(values):>10.4f} {error:>8.4f} "
                f"{formula:>9.4f} {classic:>9.4f}"
            )
        print(f"{'':>10} {'':>6} {'':>9}  ({spent:.1f} s, {visitors / spent:,.0f} visitors/s)")


def walk_through(runs: int) -> None:
    import tempfile

    from test_staff import pasted_policy

    print(f"\n4. the Double 11 walk-through per team line, verified with {runs} replications")
    with tempfile.TemporaryDirectory() as directory:
        policy = load_policy(pasted_policy(Path(directory)))
    forecast = load_scenario(FORECAST, policy)
    plan = staff_plan(policy, forecast, DAY, 1, Targets(0.8, 20.0), timedelta(minutes=30))
    spent, checked = timed(lambda: verify(plan, policy, forecast, DAY, 1, replications=runs))
    checks = [(i, i.check) for i in checked.intervals]  # type: ignore[attr-defined]
    simulated = min((c.service_level, f"{i.start:%H:%M}") for i, c in checks if c.service_level is not None)
    written = min((c.policy_service_level, f"{i.start:%H:%M}") for i, c in checks if c.policy_service_level is not None)
    print(f"   short intervals: {sum(1 for i in plan.intervals if i.shortfall)}  ({spent:.1f} s)")
    print(f"   lowest simulated SL of the staffing found: {simulated[0]:.3f} at {simulated[1]}  (goal >= 0.800)")
    print(f"   lowest simulated SL of the policy as written: {written[0]:.3f} at {written[1]}  (goal >= 0.800)")
    differing = [(f"{i.start:%H:%M}", c.service_level - i.service_level) for i, c in checks if c.differs]
    print(f"   intervals differing from the formula beyond the noise: {len(differing)} of {len(checks)}")
    for start, gap in differing:
        print(f"     {start}: simulated - formula = {gap:+.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--runs", type=int, default=6)
    options = parser.parse_args()
    formulas()
    command()
    pooled(options.days, options.runs)
    walk_through(options.runs * 5)


if __name__ == "__main__":
    main()

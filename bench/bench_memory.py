"""Benchmark: peak memory of `cs simulate` as runs grow longer (issue 10, memory flat).

Run: python bench/bench_memory.py [--arrivals-per-day N] [--agents N]

Each run is a whole `cs simulate` process; its peak resident memory (VmHWM, Linux)
and CPU time are printed next to the same run over one day,
and the goal: the longer run's peak no more than a few MiB above the short one's.

1. The default table timeline, 1 day against 8 days: an M/M/c policy (50 agents
   online all day) with N arrivals a day (default 20,000), output to /dev/null.
2. A policy of 5,000 agents with schedules that list agent ids (tests/large_policy.py),
   summary only, 1 day against 30 days: schedule changes and reminders are made as
   the clock reaches them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from large_policy import large_policy_yaml  # noqa: E402  (after the sys.path line)

GOAL_GROWTH_MIB = 10.0

MEASURED = """
import atexit, json, resource, sys, time
def report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # VmHWM: Linux keeps ru_maxrss across exec, so it could be the parent's peak
    peak = [int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")][0]
    print(json.dumps({"peak_mib": peak / 1024, "cpu_s": usage.ru_utime + usage.ru_stime}), file=sys.stderr)
atexit.register(report)
from cs.cli import main
sys.argv = ["cs", *sys.argv[1:]]
main()
"""


def measure(args: list[str]) -> dict[str, float]:
    """Peak RSS (MiB) and CPU seconds of one whole `cs` process."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    if done.returncode != 0:
        sys.exit(done.stderr[-2000:])
    figures: dict[str, float] = json.loads(done.stderr.strip().splitlines()[-1])
    return figures


def mm_c_policy(agents: int) -> str:
    days = "".join(f"  {d}: ['00:00-24:00']\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    people = "".join(f"  - {{id: a{i:03d}, max_chats: 1}}\n" for i in range(agents))
    return f"version: 1\nname: mm-c\ntimezone: UTC\nhours:\n{days}agents:\n{people}"


def compare(title: str, short: dict[str, float], long: dict[str, float], labels: tuple[str, str]) -> None:
    print(title)
    for label, figures in zip(labels, (short, long), strict=True):
        print(f"  {label:<10} peak RSS {figures['peak_mib']:7.1f} MiB   CPU {figures['cpu_s']:6.1f} s")
    growth = long["peak_mib"] - short["peak_mib"]
    print(f"  growth {growth:+.1f} MiB  (goal: flat, under {GOAL_GROWTH_MIB:.0f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--arrivals-per-day", type=int, default=20_000)
    parser.add_argument("--agents", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        policy = folder / "mm-c.yaml"
        policy.write_text(mm_c_policy(50), encoding="utf-8")
        scenario = folder / "traffic.json"
        handle = 0.9 * 50 * 86400 / args.arrivals_per_day
        scenario.write_text(
            json.dumps(
                {
                    "traffic": {
                        "arrivals_per_hour": args.arrivals_per_day / 24,
                        "handle_time": {"dist": "exponential", "mean": f"{handle:.0f}s"},
                    }
                }
            ),
            encoding="utf-8",
        )
        table = ["simulate", str(policy), "--day", "2026-11-23", "--scenario", str(scenario), "--format", "table"]
        compare(
            f"1. table timeline, M/M/c (50 agents, {args.arrivals_per_day:,} arrivals a day):",
            measure([*table, "--days", "1"]),
            measure([*table, "--days", "8"]),
            ("1 day", "8 days"),
        )
        large = folder / "large.yaml"
        large.write_text(large_policy_yaml(args.agents), encoding="utf-8")
        quiet = folder / "quiet.json"
        quiet.write_text(json.dumps({"traffic": {"arrivals_per_hour": 60, "handle_time": "5m"}}), encoding="utf-8")
        summary = ["simulate", str(large), "--day", "2026-11-02", "--scenario", str(quiet), "--summary-only"]
        compare(
            f"2. {args.agents:,} agents with schedules, summary only:",
            measure([*summary, "--days", "1"]),
            measure([*summary, "--days", "30"]),
            ("1 day", "30 days"),
        )


if __name__ == "__main__":
    main()

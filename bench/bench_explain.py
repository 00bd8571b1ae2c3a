"""Benchmark: many instants in one ``cs explain`` process (issue 10).

Run: python bench/bench_explain.py [--instants 1000] [--runs 3]
Prints, next to the goal (1,000 instants of examples/full.yaml in well under 5 s,
as a whole process), the median wall and CPU time of

  cs explain examples/full.yaml --from T --to T --every 30m --format jsonl

and its peer: one process per instant (``--at T``), the way a dashboard asked
before, measured on a few instants and multiplied out. Then, in process, the
milliseconds per instant of the engine alone.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from cs.engine.instants import explain_instants, instants_between
from cs.validate import load_policy

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "examples" / "full.yaml"
GOAL_SECONDS = 5.0
FIRST = "2026-11-23T00:00"


def whole_process(command: list[str], runs: int) -> tuple[float, float, bytes]:
    """Median wall time, median CPU time (user + system) and the last output of ``command``."""
    walls, cpus, output = [], [], b""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            sys.exit(f"cs explain failed: {done.stderr.decode()[:500]}")
        output = done.stdout
    return statistics.median(walls), statistics.median(cpus), output


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instants", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cs = str(Path(sys.executable).parent / "cs")
    step = timedelta(minutes=30)
    last = datetime.fromisoformat(FIRST) + step * (args.instants - 1)
    series = [cs, "explain", str(POLICY), "--from", FIRST, "--to", last.isoformat(timespec="minutes")]
    wall, cpu, output = whole_process([*series, "--every", "30m", "--format", "jsonl"], args.runs)
    lines = output.decode("utf-8").count("\n")
    if lines != args.instants:
        sys.exit(f"expected {args.instants} lines of jsonl, got {lines}")
    one_wall, one_cpu, _ = whole_process([cs, "explain", str(POLICY), "--at", FIRST, "--format", "json"], args.runs)

    policy = load_policy(POLICY)
    start = datetime.fromisoformat(FIRST).replace(tzinfo=policy.tz)
    began = time.perf_counter()
    for _ in explain_instants(policy, instants_between(start, start + step * (args.instants - 1), step), None):
        pass
    engine = (time.perf_counter() - began) / args.instants

    verdict = "meets" if wall < GOAL_SECONDS else "misses"
    print(
        f"cs explain, {args.instants} instants of examples/full.yaml in one process (jsonl): "
        f"{wall:.2f} s wall (goal well under {GOAL_SECONDS} s: {verdict}), {cpu:.2f} s CPU"
    )
    print(
        f"peer, one process per instant: {one_wall:.2f} s wall, {one_cpu:.2f} s CPU each, "
        f"{one_wall * args.instants:.0f} s for {args.instants}"
    )
    print(f"in process: {engine * 1000:.2f} ms per instant (engine and warnings, no output)")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()

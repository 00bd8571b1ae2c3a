"""Benchmark: a 10,000-agent policy through `cs validate`, as a whole process (issue 10).

Run: python bench/bench_large.py [--agents N] [--runs N]
Generates the policy (names, teams, languages, schedules listing agent ids one by
one; tests/large_policy.py), then prints the median wall time of `cs validate` in
fresh processes next to the goal (2.5 s), the CPU time of those processes (less
sensitive to a busy machine), and the in-process split: load, schema and rules.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from cs.load.yaml_loader import load_file  # noqa: E402  (after the sys.path line)
from cs.validate import validate_document  # noqa: E402
from large_policy import large_policy_yaml  # noqa: E402

GOAL_SECONDS = 2.5


def whole_process(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``command``."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):
            sys.exit(f"cs validate failed: {done.stderr.decode()}")
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.yaml"
        path.write_text(large_policy_yaml(args.agents), encoding="utf-8")
        size = path.stat().st_size
        cs = str(Path(sys.executable).parent / "cs")
        wall, cpu = whole_process([cs, "validate", str(path)], args.runs)

        started = time.perf_counter()
        document = load_file(path)
        loaded = time.perf_counter()
        result = validate_document(document)
        validated = time.perf_counter()

    verdict = "meets" if wall < GOAL_SECONDS else "misses"
    print(f"policy: {args.agents} agents, {size / 1e6:.1f} MB, {len(result.findings)} findings")
    print(f"cs validate, whole process: {wall:.2f} s wall (goal < {GOAL_SECONDS} s: {verdict}), {cpu:.2f} s CPU")
    print(f"in process: load {loaded - started:.2f} s, schema + rules {validated - loaded:.2f} s")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()

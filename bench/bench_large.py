"""Benchmark: a 10,000-agent policy through validate, apply, diff and explain (issue 10).

Run: python bench/bench_large.py [--agents N] [--runs N] [--postgres URL]
Generates the policy (names, teams, languages, schedules listing agent ids one by
one; tests/large_policy.py) and a changed copy (one agent's capacity, one agent
gone, one new), then prints, each next to its goal, the median of --runs fresh
processes (wall, and CPU: user + system, less sensitive to a busy machine):

  cs validate                       goal < 2.5 s
  cs apply --auto-approve, no-op    goal < 2 s   (embedded SQLite; PostgreSQL too
                                    when --postgres or CS_TEST_POSTGRES_URL names one)
  cs diff POLICY CHANGED            goal < 2 s

The processes run as an installed cs does, with Python's bytecode cache (written to
a temporary folder by an unmeasured first run, even where PYTHONDONTWRITEBYTECODE is
set); the peer of each figure is the same process compiling every module of cs
from source, as it runs in a shell with PYTHONDONTWRITEBYTECODE=1.

and, in process, the load/schema split and what ``cs explain`` costs per instant
when 1,000 agents share 20 schedules, beside its peer: 1,000 agents on as many
different schedules (what every policy cost before agents sharing a schedule were
asked about once).
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
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bench_deploy import postgres_store  # noqa: E402  (after the sys.path line; the bench folder is first on it)

from cs.engine.presence import roster  # noqa: E402
from cs.engine.snapshot import snapshot  # noqa: E402
from cs.load.yaml_loader import load_file  # noqa: E402
from cs.validate import policy_from_text, validate_document  # noqa: E402
from large_policy import large_policy_yaml  # noqa: E402

VALIDATE_GOAL = 2.5
APPLY_GOAL = 2.0
DIFF_GOAL = 2.0


def environment(bytecode_cache: Path | None) -> dict[str, str]:
    """This process's environment, with a bytecode cache in ``bytecode_cache`` or none."""
    env = dict(os.environ)
    if bytecode_cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
    return env


ENV: dict[str, str] = dict(os.environ)
"""The environment of the measured processes (set in main)."""


def whole_process(command: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``command``, after
    one unmeasured run (it writes the bytecode cache)."""
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=ENV)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in ok:
            sys.exit(f"{' '.join(command[:2])} failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return statistics.median(walls), statistics.median(cpus)


Figure = tuple[float, float]


def figure(label: str, measured: Figure, goal: float, peer: Figure) -> str:
    wall, cpu = measured
    verdict = "meets" if wall < goal else "misses"
    return (
        f"{label}: {wall:.2f} s wall (goal < {goal} s: {verdict}), {cpu:.2f} s CPU "
        f"(peer, no bytecode cache: {peer[0]:.2f} s wall, {peer[1]:.2f} s CPU)"
    )


def no_op_apply(cs: str, policy: Path, store: str, runs: int) -> Figure:
    """``cs apply POLICY --auto-approve`` when the policy is already live (the
    unmeasured first run writes revision 1)."""
    return whole_process([cs, "-q", "apply", str(policy), "--auto-approve", "--store", store], runs)


def whole_processes(cs: str, folder: Path, runs: int, postgres: str | None) -> dict[str, Figure]:
    """Every whole-process figure, with the environment :data:`ENV` as it is now."""
    path, changed = folder / "large.yaml", folder / "large-changed.yaml"
    database = folder / f"state-{uuid.uuid4().hex[:8]}.db"
    figures = {
        "validate": whole_process([cs, "validate", str(path)], runs, ok=(0, 1)),
        "apply_sqlite": no_op_apply(cs, path, f"sqlite:///{database}", runs),
        "diff": whole_process([cs, "diff", str(path), str(changed)], runs, ok=(1,)),
    }
    if postgres:
        with postgres_store(postgres) as url:
            figures["apply_postgres"] = no_op_apply(cs, path, url, runs)
    return figures


def explain_per_instant(agents: int, schedules: int, instants: int, distinct: bool) -> tuple[float, int]:
    """Seconds per instant of ``snapshot`` over ``agents`` agents on ``schedules``
    schedules (two shifts alternating, or all different), and how many different
    schedules the engine asks about (agents sharing hours are asked about once)."""
    text = large_policy_yaml(agents, per_schedule=agents // schedules, distinct=distinct)
    policy = policy_from_text(text, "large.yaml")
    start = datetime(2026, 12, 7, 7, 0, tzinfo=policy.tz)
    times = [start + timedelta(minutes=37 * i) for i in range(instants)]
    snapshot(policy, times[0])  # the per-policy roster is built once per run
    began = time.perf_counter()
    for at in times:
        snapshot(policy, at)
    return (time.perf_counter() - began) / instants, len(roster(policy).groups)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("CS_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    cs = str(Path(sys.executable).parent / "cs")
    global ENV
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.yaml"
        changed = Path(folder) / "large-changed.yaml"
        path.write_text(large_policy_yaml(args.agents), encoding="utf-8")
        changed.write_text(large_policy_yaml(args.agents, changed=True), encoding="utf-8")
        size = path.stat().st_size
        ENV = environment(Path(folder) / "bytecode")
        cached = whole_processes(cs, Path(folder), args.runs, args.postgres)
        ENV = environment(None)
        cold = whole_processes(cs, Path(folder), args.runs, args.postgres)

        started = time.perf_counter()
        document = load_file(path)
        loaded = time.perf_counter()
        result = validate_document(document)
        validated = time.perf_counter()
    shared, shared_groups = explain_per_instant(1_000, 20, 20, distinct=False)
    alone, alone_groups = explain_per_instant(1_000, 1_000, 5, distinct=True)

    print(f"policy: {args.agents} agents, {size / 1e6:.1f} MB, {len(result.findings)} findings")
    print(figure("cs validate, whole process", cached["validate"], VALIDATE_GOAL, cold["validate"]))
    print(figure("cs apply, no-op, SQLite, whole process", cached["apply_sqlite"], APPLY_GOAL, cold["apply_sqlite"]))
    if "apply_postgres" in cached:
        print(
            figure(
                "cs apply, no-op, PostgreSQL, whole process",
                cached["apply_postgres"],
                APPLY_GOAL,
                cold["apply_postgres"],
            )
        )
    else:
        print("cs apply, no-op, PostgreSQL: not measured (no --postgres, no CS_TEST_POSTGRES_URL)")
    print(figure("cs diff against a changed copy, whole process", cached["diff"], DIFF_GOAL, cold["diff"]))
    print(f"in process: load {loaded - started:.2f} s, schema + rules {validated - loaded:.2f} s")
    print(
        f"cs explain, 1,000 agents on 20 schedules ({shared_groups} different): {shared * 1000:.1f} ms per instant "
        f"(peer: 1,000 agents on {alone_groups} different schedules, {alone * 1000:.1f} ms; the issue's figure "
        "before schedules were shared: 287 ms)"
    )
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()

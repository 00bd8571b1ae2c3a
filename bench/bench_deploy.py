"""Benchmark: plan and apply of a 1,000-agent policy to SQLite and PostgreSQL, and the no-op re-apply.

Run: python bench/bench_deploy.py [--agents 1000] [--runs 3] [--postgres URL]
PostgreSQL is measured when --postgres or CS_TEST_POSTGRES_URL names a database
(`. .ci/postgres.sh` starts a throwaway one); the benchmark works in a fresh
schema there and drops it afterwards.

For each store it times, median of --runs:
  in-process  load+validate the policy file; make_plan + apply_plan of a new
              policy; of a one-line change against a live 1,000-agent revision;
              and of the unchanged policy again (the no-op);
  CLI         `cs plan -o plan.json`, `cs apply plan.json`, and the no-op
              `cs apply POLICY --auto-approve`, as fresh processes the way a
              pipeline runs them;
and proves the no-op writes nothing. SQLite: the file's bytes and mtime, PRAGMA
data_version seen by a reader holding the file open, and the rows. PostgreSQL:
the server's next transaction id (any write, even a lock row inserted and
deleted, takes one; reads take none), the rows' xmin, and the rows.
Goal (the issue's): under one second for each on this machine, zero writes for the no-op.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cs.compare import live_state
from cs.plan import apply_plan, make_plan
from cs.store import open_store
from cs.store.url import parse_store_url
from cs.validate import load_policy

GOAL_SECONDS = 1.0
TEAMS = 20


def policy_text(agents: int, name: str = "bench", capacity_bump: int = 0) -> str:
    """A policy with ``agents`` agents in TEAMS teams, a schedule per team, two languages."""
    lines = [
        "version: 1",
        f"name: {name}",
        "timezone: Asia/Shanghai",
        "hours:",
        *(f"  {day}: [09:00-12:00, 13:30-18:30]" for day in ("mon", "tue", "wed", "thu", "fri")),
        "  sat: [10:00-17:00]",
        "exceptions:",
        "  - {id: double-11, date: 2026-11-11, hours: [00:00-24:00]}",
        "holidays: {calendar: CN}",
        "teams:",
        *(f"  - {{id: team-{t:02d}, name: Team {t:02d}}}" for t in range(TEAMS)),
        "agents:",
    ]
    for a in range(agents):
        capacity = 5 + a % 7 + (capacity_bump if a == 0 else 0)
        lines.append(
            f"  - {{id: agent-{a:04d}, name: Agent {a:04d}, teams: [team-{a % TEAMS:02d}], "
            f"languages: [zh, en], max_chats: {capacity}}}"
        )
    lines.append("schedules:")
    for t in range(TEAMS):
        lines += [
            f"  - id: shift-{t:02d}",
            f"    teams: [team-{t:02d}]",
            "    hours:",
            *(f"      {day}: [09:00-12:00, 13:30-18:30]" for day in ("mon", "tue", "wed", "thu", "fri")),
            "      sat: [10:00-17:00]",
            "    reminder: 5m",
            "    auto_accept: true",
        ]
    lines += ["messages:", "  languages: [zh, en]"]
    return "\n".join(lines) + "\n"


# -- stores --------------------------------------------------------------------------


@contextmanager
def sqlite_store(directory: Path) -> Iterator[str]:
    yield f"sqlite:///{directory / f'state-{uuid.uuid4().hex[:8]}.db'}"


@contextmanager
def postgres_store(base: str) -> Iterator[str]:
    """A store URL whose search_path is a new, empty schema; dropped afterwards."""
    import psycopg

    schema = f"cs_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


class WriteProbe:
    """What a write to the store would change, read before and after an operation."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite_path = parse_store_url(url).path if url.startswith("sqlite:") else None
        self._watcher: sqlite3.Connection | None = None

    def __enter__(self) -> WriteProbe:
        if self.sqlite_path is not None:
            # A reader holding the file open: its data_version moves on any other connection's commit.
            self._watcher = sqlite3.connect(self.sqlite_path)
        self.before = self.read()
        return self

    def __exit__(self, *_: object) -> None:
        self.after = self.read()
        if self._watcher is not None:
            self._watcher.close()

    def _rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.sqlite_path is not None:
            assert self._watcher is not None
            return [tuple(row) for row in self._watcher.execute(sql).fetchall()]
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return [tuple(row) for row in conn.execute(sql.encode()).fetchall()]

    def read(self) -> dict[str, Any]:
        state: dict[str, Any] = {
            "rows": tuple(
                self._rows(f"SELECT COUNT(*) FROM {table}")[0][0] for table in ("cs_meta", "cs_revisions", "cs_locks")
            )
        }
        if self.sqlite_path is not None:
            assert self._watcher is not None
            data = self.sqlite_path.read_bytes()
            state["file"] = (hashlib.sha256(data).hexdigest(), self.sqlite_path.stat().st_mtime_ns)
            state["data_version"] = self._watcher.execute("PRAGMA data_version").fetchone()[0]
        else:
            state["xmin"] = tuple(self._rows("SELECT xmin::text FROM cs_revisions ORDER BY name, revision"))
            state["next_xid"] = int(self._rows("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")[0][0])
        return state

    def writes(self) -> tuple[int, str]:
        """How many writes the operation made, and the evidence, in words."""
        before, after = self.before, self.after
        rows = sum(abs(a - b) for a, b in zip(after["rows"], before["rows"], strict=True))
        if self.sqlite_path is not None:
            changed = int(after["file"] != before["file"]) + int(after["data_version"] != before["data_version"])
            evidence = (
                f"file bytes+mtime {'changed' if after['file'] != before['file'] else 'same'}, "
                f"data_version {before['data_version']}->{after['data_version']}, rows {after['rows']}"
            )
            return rows + changed, evidence
        xids = after["next_xid"] - before["next_xid"]
        evidence = (
            f"server xids used {xids}, xmin {'changed' if after['xmin'] != before['xmin'] else 'same'}, "
            f"rows {after['rows']}"
        )
        return rows + xids + int(after["xmin"] != before["xmin"]), evidence


# -- measuring -----------------------------------------------------------------------


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def plan_and_apply(url: str, policy_path: Path) -> tuple[float, float, Any]:
    """make_plan + apply_plan in this process: (plan seconds, apply seconds, result)."""
    policy = load_policy(policy_path)
    with open_store(url) as store:
        plan_time, (plan, _) = timed(
            lambda: make_plan(store, policy, source=str(policy_path), git_commit=None, now=datetime.now(UTC))
        )
        apply_time, result = timed(lambda: apply_plan(store, plan, author="bench", message="bench"))
    return plan_time, apply_time, result


def cli(*args: object) -> float:
    command = [str(Path(sys.executable).parent / "cs"), *(str(a) for a in args)]
    env = {**os.environ, "CS_AUTHOR": "bench"}
    env.pop("CS_STORE", None)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:3])} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


def measure(
    kind: str, store: Callable[[], Any], files: dict[str, Path], runs: int, work: Path
) -> list[tuple[str, str, str]]:
    samples: dict[str, list[float]] = {}
    evidence: list[str] = []
    writes_seen = 0

    def sample(step: str, seconds: float) -> None:
        samples.setdefault(step, []).append(seconds)

    for _ in range(runs):
        with store() as url:
            sample("load+validate policy file", timed(lambda: load_policy(files["v1"]))[0])
            plan_time, apply_time, result = plan_and_apply(url, files["v1"])
            assert result.revision is not None and result.revision.number == 1
            sample("plan  new policy          (in-process)", plan_time)
            sample("apply new policy          (in-process)", apply_time)
            plan_time, apply_time, result = plan_and_apply(url, files["v2"])
            assert result.revision is not None and result.revision.number == 2
            sample("plan  one change vs live  (in-process)", plan_time)
            sample("apply one change          (in-process)", apply_time)
            with open_store(url) as opened:
                sample("  of a plan: re-read live (live_state)", timed(lambda: live_state(opened, "bench"))[0])
            with WriteProbe(url) as probe:
                plan_time, apply_time, result = plan_and_apply(url, files["v2"])
            assert result.revision is None, "the no-op wrote a revision"
            sample("plan  no-op               (in-process)", plan_time)
            sample("apply no-op               (in-process)", apply_time)
            count, words = probe.writes()
            writes_seen += count
            evidence.append(words)

            plan_file = work / "plan.json"
            sample("cs plan -o plan.json      (process)", cli("plan", files["v3"], "--store", url, "-o", plan_file))
            sample("cs apply plan.json        (process)", cli("apply", plan_file, "--store", url))
            with WriteProbe(url) as probe:
                sample(
                    "cs apply POLICY no-op     (process)", cli("apply", files["v3"], "--store", url, "--auto-approve")
                )
            count, words = probe.writes()
            writes_seen += count
            evidence.append(words)

    rows = []
    for step, values in samples.items():
        median = statistics.median(values)
        if step.startswith(" "):  # a part of the step above: no goal of its own
            rows.append((kind, step, f"{median * 1000:8.0f} ms"))
            continue
        verdict = "ok" if median < GOAL_SECONDS else "MISSED"
        rows.append((kind, step, f"{median * 1000:8.0f} ms   < {GOAL_SECONDS * 1000:.0f} ms  {verdict}"))
    verdict = "ok" if writes_seen == 0 else "MISSED"
    rows.append((kind, "writes by the no-ops", f"{writes_seen:8d}      0        {verdict}"))
    for words in sorted(set(evidence)):
        rows.append((kind, "  no-op evidence", words))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("CS_TEST_POSTGRES_URL"), help="a PostgreSQL database URL")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = {
            "v1": work / "v1.yaml",
            "v2": work / "v2.yaml",
            "v3": work / "v3.yaml",
        }
        for bump, path in enumerate(files.values()):
            path.write_text(policy_text(args.agents, capacity_bump=bump), encoding="utf-8")
        size = files["v1"].stat().st_size
        print(
            f"policy: {args.agents} agents, {TEAMS} teams, {TEAMS} schedules ({size / 1024:.0f} KiB of YAML); "
            f"median of {args.runs} runs"
        )
        rows = measure("sqlite", lambda: sqlite_store(work), files, args.runs, work)
        if args.postgres:
            rows += measure("postgres", lambda: postgres_store(args.postgres), files, args.runs, work)
        else:
            print("postgres: skipped (no --postgres and no CS_TEST_POSTGRES_URL)")
    width = max(len(step) for _, step, _ in rows)
    print(f"{'store':9} {'step':{width}}  {'median':>11}   goal")
    for kind, step, figure in rows:
        print(f"{kind:9} {step:{width}}  {figure}")


if __name__ == "__main__":
    main()

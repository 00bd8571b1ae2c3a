"""Benchmark: `cs validate` against check-jsonschema (schema only) on the same file, and `cs --help`.

Run: python bench/bench_validate.py [POLICY] [--runs N]
Prints the median wall time of each command (fresh processes, as CI and
pre-commit run them), the ratio, and in-process throughput for many files.
Needs the bench extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("policy", nargs="?", default=str(ROOT / "examples" / "full.yaml"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    cs = [str(bindir / "cs")]
    peer = shutil.which("check-jsonschema", path=str(bindir)) or shutil.which("check-jsonschema")
    if peer is None:
        sys.exit("check-jsonschema is not installed: pip install -e '.[bench]'")

    cs_time = wall([*cs, "validate", args.policy], args.runs)
    peer_time = wall([peer, "--schemafile", str(ROOT / "schema" / "policy.schema.json"), args.policy], args.runs)
    help_time = wall([*cs, "--help"], args.runs)
    print(f"file: {args.policy}")
    print(f"cs validate            {cs_time * 1000:8.1f} ms (median of {args.runs})")
    print(f"check-jsonschema       {peer_time * 1000:8.1f} ms (schema only)")
    print(f"ratio cs / peer        {cs_time / peer_time:8.2f}  (goal <= 1.0)")
    print(f"cs --help              {help_time * 1000:8.1f} ms  (goal < 200 ms)")

    with tempfile.TemporaryDirectory() as tmp:
        text = Path(args.policy).read_text(encoding="utf-8")
        for i in range(200):
            Path(tmp, f"p{i:03d}.yaml").write_text(text.replace("\nname: ", f"\nname: p{i:03d}-", 1), encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([*cs, "validate", tmp], stdout=subprocess.DEVNULL, check=False)
        many = time.perf_counter() - start
    print(f"cs validate 200 files  {many * 1000:8.1f} ms  ({many / 200 * 1000:.1f} ms per file, one process)")


if __name__ == "__main__":
    main()

"""Long fuzz run: mutated example policies must load and validate or fail with cs's own
errors (the suite's tests/test_fuzz.py runs the same strategy briefly).

Run: python bench/fuzz_validate.py [--examples N] [--seed S]
Prints how many inputs ran, how many were valid, refused with a finding or a
CsError, and the time taken; a crash stops the run with hypothesis's shrunk input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from cs.errors import CsError
from cs.load.yaml_loader import load_text
from cs.validate import validate_document
from policy_fuzz import mutated_policies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    outcomes: Counter[str] = Counter()

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated_policies())
    def run(text: str) -> None:
        try:
            result = validate_document(load_text(text, "fuzz.yaml"))
        except CsError:
            outcomes["cs error (load)"] += 1
            return
        outcomes["findings" if result.findings else "valid"] += 1

    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    total = sum(outcomes.values())
    print(f"{total} inputs in {elapsed:.1f} s ({total / elapsed:.0f}/s), no crash")
    for outcome, count in outcomes.most_common():
        print(f"  {outcome:16} {count}")


if __name__ == "__main__":
    main()

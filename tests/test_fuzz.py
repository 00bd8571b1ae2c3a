"""Loading and validating mutated example policies never raises anything but cs's own
errors (issue 8). A quick run; bench/fuzz_validate.py runs the same for longer."""

# covers: OPS-1

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings

from policy_fuzz import EXAMPLES, load_and_validate, mutated_policies

FULL = EXAMPLES["full.yaml"]
FOUND_BY_THE_FUZZER = [
    FULL.replace("delay: 5m ", "delay: 99999999999999999999m "),  # timedelta overflow
    FULL.replace("seat_release_delay: 0m", "seat_release_delay: " + "9" * 5000 + "s"),  # int digit limit
    FULL.replace("timezone: Asia/Shanghai", "timezone: Asia/Shanghai\t"),  # tab after a value
]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(mutated_policies())
@example(FOUND_BY_THE_FUZZER[0])
@example(FOUND_BY_THE_FUZZER[1])
@example(FOUND_BY_THE_FUZZER[2])
def test_mutated_examples_load_and_validate_or_fail_with_cs_errors(text: str) -> None:
    load_and_validate(text)

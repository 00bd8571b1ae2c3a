"""Loading and validating mutated example policies never raises anything but cs's own
errors (issue 8). A quick run; bench/fuzz_validate.py runs the same for longer."""

# covers: OPS-1

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from policy_fuzz import load_and_validate, mutated_policies


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(mutated_policies())
def test_mutated_examples_load_and_validate_or_fail_with_cs_errors(text: str) -> None:
    load_and_validate(text)

"""An empty (or list, or scalar) file names the kind of file cs expected, not always "a policy file".

`cs simulate --scenario empty.yaml` said "a policy file must be a YAML mapping", which
sends a person to look at the wrong file; each loader now names its own kind.
"""

# covers: OPS-1, OPS-3, OPS-7, OPS-8

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cs.cli import app

ROOT = Path(__file__).resolve().parents[1]
FULL = ROOT / "examples" / "full.yaml"
FORECAST = ROOT / "examples" / "scenarios" / "double-11.json"
TOP_LEVEL = [
    ("", "must be a YAML mapping at the top level; the file is empty"),
    ("- a\n", "must be a YAML mapping at the top level (key: value lines), found a list"),
    ("hello\n", "must be a YAML mapping at the top level (key: value lines), found the scalar 'hello'"),
]


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("text", "found"), TOP_LEVEL)
def test_a_scenario_file_is_named_as_one(tmp_path, text, found):  # covers: OPS-3, OPS-8
    path = tmp_path / "sc.yaml"
    path.write_text(text, encoding="utf-8")
    expected = f"cs: error: {path}:1:1: a scenario file {found}\n"
    assert invoke("simulate", FULL, "--day", "2026-11-23", "--scenario", path) == (2, "", expected)
    targets = ("--service-level", "0.8", "--within", "20s")
    assert invoke("staff", FULL, "--day", "2026-11-11", "--scenario", path, *targets) == (2, "", expected)


@pytest.mark.parametrize(("text", "found"), TOP_LEVEL)
def test_a_shift_file_is_named_as_one(tmp_path, text, found):  # covers: OPS-8
    path = tmp_path / "shifts.yaml"
    path.write_text(text, encoding="utf-8")
    targets = ("--service-level", "0.8", "--within", "20s", "--shifts", path)
    code, _, err = invoke("staff", FULL, "--day", "2026-11-11", "--scenario", FORECAST, *targets)
    assert (code, err) == (2, f"cs: error: {path}:1:1: a shift file {found}\n")


@pytest.mark.parametrize(("text", "found"), TOP_LEVEL)
def test_a_test_file_is_named_as_one_and_a_policy_still_as_a_policy(tmp_path, text, found):  # covers: OPS-7, OPS-1
    path = tmp_path / "x.test.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = invoke("test", path)
    assert code == 2 and f"{path}:1:1: error yaml a test file {found}" in out
    policy = tmp_path / "policy.yaml"
    policy.write_text(text, encoding="utf-8")
    code, out, _ = invoke("validate", policy)
    assert code == 1 and f"{policy}:1:1: error yaml a policy file {found}" in out

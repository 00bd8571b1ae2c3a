"""Numbers in a scenario or forecast that cannot drive a run: one located error, exit 2.

The schema bounds weights and shares from below (and shares from above), but YAML also
writes ``.nan`` and ``.inf``, which pass a ``minimum``; and weights that are all 0 leave
nothing to draw. ``cs simulate`` crashed (IndexError) or hung on them, ``cs staff``
crashed or said 0 agents were needed; each is now refused wherever a scenario is loaded.
"""

# covers: OPS-3, OPS-7, OPS-8

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cs.cli import app
from cs.simulate.scenario import MAX_ARRIVALS_PER_HOUR, build_scenario

ROOT = Path(__file__).resolve().parents[1]
FULL = ROOT / "examples" / "full.yaml"
ZERO = "weights must not all be 0; give at least one a weight above 0"
NOT_FINITE = "is not a finite number; write a number such as 10 or 0.5"
TARGETS = ["--service-level", "0.8", "--within", "20s"]


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def scenario(tmp_path: Path, traffic: str) -> Path:
    path = tmp_path / "sc.yaml"
    path.write_text(f"traffic:\n  arrivals_per_hour: 10\n{traffic}", encoding="utf-8")
    return path


def refused(tmp_path: Path, traffic: str, command: str = "simulate") -> str:
    """The error of ``cs simulate`` (or ``cs staff``) on a scenario with ``traffic`` added."""
    path = scenario(tmp_path, traffic)
    if command == "simulate":
        code, out, err = invoke("simulate", FULL, "--day", "2026-11-23", "--scenario", path, "--summary-only")
    else:
        code, out, err = invoke("staff", FULL, "--day", "2026-11-11", "--scenario", path, *TARGETS)
    assert code == 2 and out == "" and "Traceback" not in err, err
    head, *problems = err.strip().splitlines()
    assert head == f"cs: error: {path}: 1 problem in the scenario"
    assert len(problems) == 1
    return problems[0].replace(str(path), "sc.yaml")


@pytest.mark.parametrize(
    ("traffic", "where"),
    [
        ("  languages: {zh: 0, en: 0}\n", "3:14"),  # covers: OPS-3
        ("  order_status: {none: 0, after_sale: 0}\n", "3:17"),
        ("  entry_points:\n    product_detail: 0\n", "4:5"),
        ("  first_messages: {'你好': 0}\n", "3:19"),
    ],
)
@pytest.mark.parametrize("command", ["simulate", "staff"])
def test_weights_all_zero_are_refused_where_they_are(tmp_path, traffic, where, command):  # covers: OPS-3, OPS-8
    assert refused(tmp_path, traffic, command) == f"sc.yaml:{where}: {ZERO}"


def test_a_forecast_whose_only_status_weighs_0_is_not_covered_by_nobody(tmp_path):  # covers: OPS-8
    """It was: every interval covered with 0 agents required, exit 0."""
    assert refused(tmp_path, "  order_status: {none: 0}\n", "staff") == f"sc.yaml:3:17: {ZERO}"


@pytest.mark.parametrize(
    ("traffic", "shown", "where"),
    [
        ("  silent_share: .nan\n", ".nan", "3:17"),
        ("  returning_share: .NaN\n", ".nan", "3:20"),
        ("  languages: {zh: .inf, en: 1}\n", ".inf", "3:19"),
        ("  order_status: {none: 1" + "0" * 400 + "}\n", "10000000000000000...", "3:24"),
    ],
)
def test_nan_and_infinity_are_refused_in_shares_and_weights(tmp_path, traffic, shown, where):  # covers: OPS-3
    assert refused(tmp_path, traffic) == f"sc.yaml:{where}: {shown} {NOT_FINITE}"


@pytest.mark.parametrize("command", ["simulate", "staff"])
def test_a_nan_rate_is_refused_not_a_day_without_visitors(tmp_path, command):  # covers: OPS-3, OPS-8
    path = tmp_path / "sc.yaml"
    path.write_text("traffic:\n  arrivals_per_hour: .nan\n", encoding="utf-8")
    if command == "simulate":
        code, _, err = invoke("simulate", FULL, "--day", "2026-11-23", "--scenario", path, "--summary-only")
    else:
        code, _, err = invoke("staff", FULL, "--day", "2026-11-11", "--scenario", path, *TARGETS)
    assert code == 2 and f"{path}:2:22: .nan {NOT_FINITE}" in err and "Traceback" not in err


@pytest.mark.parametrize("rate", [".inf", "1e8", str(MAX_ARRIVALS_PER_HOUR + 1)])
@pytest.mark.parametrize("command", ["simulate", "staff"])
def test_a_rate_above_the_maximum_is_refused_before_the_run(tmp_path, rate, command):  # covers: OPS-3, OPS-8
    """.inf hung cs simulate and overflowed cs staff; 1e8 hung; the maximum is in the schema."""
    path = tmp_path / "sc.yaml"
    path.write_text(f"traffic:\n  arrivals_per_hour: {rate}\n", encoding="utf-8")
    if command == "simulate":
        code, _, err = invoke("simulate", FULL, "--day", "2026-11-23", "--scenario", path, "--summary-only")
    else:
        code, _, err = invoke("staff", FULL, "--day", "2026-11-11", "--scenario", path, *TARGETS)
    assert code == 2 and f"{path}:2:22: " in err and "from 0 to 100000 arrivals an hour" in err, err
    hourly = tmp_path / "hourly.yaml"
    hourly.write_text(f"traffic:\n  arrivals_per_hour: [{', '.join(['1'] * 23)}, {rate}]\n", encoding="utf-8")
    code, _, err = invoke("simulate", FULL, "--day", "2026-11-23", "--scenario", hourly, "--summary-only")
    assert code == 2 and "is greater than the maximum of 100000" in err, err


def test_the_maximum_rate_is_the_boundary(tmp_path):  # covers: OPS-3
    path = tmp_path / "sc.json"
    for rate, accepted in ((MAX_ARRIVALS_PER_HOUR, True), (MAX_ARRIVALS_PER_HOUR + 0.5, False)):
        path.write_text(json.dumps({"traffic": {"arrivals_per_hour": [0] * 23 + [rate]}}), encoding="utf-8")
        args = ("simulate", FULL, "--day", "2026-11-23", "--scenario", path, "--summary-only", "-f", "json")
        code, out, err = invoke(*args)
        assert (code == 0 and json.loads(out)["visitors"] > 0) if accepted else code == 2, err


def test_weights_whose_sum_overflows_still_draw_every_value():  # covers: OPS-3
    traffic = build_scenario({"traffic": {"arrivals_per_hour": 1, "order_status": {"none": 1e308, "shipped": 1e308}}})
    assert traffic.traffic is not None
    assert dict(traffic.traffic.order_status) == {"none": 1.0, "shipped": 1.0}


def test_an_inline_scenario_of_cs_test_is_refused_at_its_line(tmp_path):  # covers: OPS-7
    (tmp_path / "full.yaml").write_text(FULL.read_text(encoding="utf-8"), encoding="utf-8")
    test_file = tmp_path / "t.test.yaml"
    test_file.write_text(
        "policy: full.yaml\n"
        "tests:\n"
        "  - name: zero weights\n"
        "    simulate:\n"
        "      day: 2026-11-23\n"
        "      traffic: {arrivals_per_hour: .nan, languages: {zh: 0, en: 0}}\n"
        "    expect: {visitors: {min: 0}}\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("test", test_file)
    assert code == 2 and "Traceback" not in out
    assert f"{test_file}:6:36: error test-scenario .nan {NOT_FINITE}" in out
    assert f"{test_file}:6:53: error test-scenario {ZERO}" in out


def test_the_count_of_scenario_problems_is_in_the_language_of_the_process(tmp_path, language):  # covers: UI-1
    """The heading was an English f-string under Chinese detail lines."""
    language("zh_CN")
    path = scenario(tmp_path, "  handle_time: 5x\n")
    code, out, err = invoke("simulate", FULL, "--day", "2026-11-23", "--scenario", path, "--summary-only")
    assert code == 2 and out == "" and err.startswith(f"cs: error: {path}：场景中有 1 个问题"), err

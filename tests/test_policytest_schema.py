# covers: OPS-7 (the published test-file schema keeps the keys of explain and of the simulate summary)
"""schema/policytest.schema.json: published like the policy schema, printed by
``cs schema policytest``, shipped in the wheel, and its ``expect`` keys are exactly
the keys the library answers with (explain_dict, the simulate summary, the timeline)."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime
from pathlib import Path

from typer.testing import CliRunner

from cs.cli import app
from cs.engine.decisions import TRIGGERS
from cs.engine.snapshot import snapshot
from cs.messages.values import KIND_PLACEHOLDERS
from cs.report.explain import explain_dict
from cs.simulate.api import simulate
from cs.simulate.scenario import build_scenario
from cs.simulate.timeline import EVENT_KINDS
from cs.validate import load_policy

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schema" / "policytest.schema.json").read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]


def test_cs_schema_policytest_prints_the_published_file():
    result = CliRunner().invoke(app, ["schema", "policytest"], catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.output) == SCHEMA


def test_an_unknown_schema_name_lists_the_published_ones():
    result = CliRunner().invoke(app, ["schema", "policytests"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output.strip() == "cs: error: unknown schema 'policytests'; choose policy, scenario, policytest"


def test_the_wheel_ships_the_whole_schema_folder():
    """Every file of schema/, this one included, is force-included as cs/schema/ (test_packaging builds it)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]["schema"] == "cs/schema"


def test_at_expect_keys_are_the_keys_of_explain_json():
    policy = load_policy(ROOT / "examples" / "full.yaml")
    answer = explain_dict(policy, snapshot(policy, datetime(2026, 10, 1, 10, 0, tzinfo=policy.tz), "en"), [])
    expect = DEFS["at_test"]["properties"]["expect"]["properties"]
    assert set(expect) == set(answer)
    for key in ("rule", "offline_mode", "reply", "next_transition"):
        assert set(expect[key]["properties"]) - {"contains"} == set(answer[key]), key


def test_simulate_expect_keys_are_the_summary_keys_and_events():
    policy = load_policy(ROOT / "examples" / "full.yaml")
    summary = simulate(policy, build_scenario({"visitors": []}), date(2026, 11, 23), keep_timeline=False).summary
    expect = DEFS["simulate_test"]["properties"]["expect"]["properties"]
    assert set(expect) == {*summary.as_dict(), "events"}


def test_event_checks_name_every_timeline_kind():
    assert DEFS["event_check"]["properties"]["kind"]["enum"] == list(EVENT_KINDS)


def test_event_checks_know_every_reply_kind_and_trigger():  # covers: OPS-7, MSG-1, OFF-1
    """A misspelt reply_kind or trigger with `count: 0` passed whatever happened."""
    properties = DEFS["event_check"]["properties"]
    assert properties["reply_kind"]["enum"] == list(KIND_PLACEHOLDERS)
    assert properties["trigger"]["enum"] == list(TRIGGERS)


def test_the_schema_is_standard_json_schema_that_editors_can_use_on_the_example():
    """Another validator (an editor's YAML language server) needs no cs code to use it."""
    import jsonschema

    from cs.load.yaml_loader import load_file

    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    example = load_file(ROOT / "examples" / "full.test.yaml").data
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(example)) == []
    example["tests"][0]["expect"]["opne"] = False
    assert [e.validator for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(example)] == [
        "additionalProperties"
    ]

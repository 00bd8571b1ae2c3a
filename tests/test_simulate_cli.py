"""``cs simulate`` on the command line (OPS-3): formats, determinism, errors, plot.

The command runs through typer's CliRunner on a local app holding just this
command (``cs.cli`` registers it the same way), exceptions not swallowed.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cs.cli import reports_errors
from cs.cli.simulate import simulate
from cs.schema import schema_text
from cs.simulate.scenario import load_scenario
from cs.simulate.timeline import EVENT_KINDS
from test_simulate import EXAMPLES, example

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
app.command("simulate")(reports_errors(simulate))


@app.callback()
def _root() -> None:
    """cs (test app)."""


runner = CliRunner()
MALL = str(EXAMPLES / "mall-defaults.yaml")
DOCUMENTED_KEYS = (
    "visitors",
    "served",
    "abandoned",
    "offline_messages",
    "p_wait",
    "wait_mean_s",
    "wait_p50_s",
    "wait_p90_s",
    "wait_max_s",
    "answered_within_20s",
    "utilization",
    "offline_periods",
    "auto_replies",
    "left_message",
    "waiting_at_end",
    "turned_away",
    "bot_resolved",
    "unanswered",
    "coverage_gaps",
    "agents",
    "hourly",
)


def cs(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["simulate", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_table_by_default_with_the_built_in_day():  # covers: OBS-1, OBS-2
    code, out, err = cs(MALL, "--day", "2026-11-23")
    assert code == 0, err
    assert out.startswith("TIMELINE\n")
    for section in ("VISITORS", "SERVICE", "OFFLINE PERIODS", "AUTOMATIC MESSAGES", "AGENTS", "BY HOUR"):
        assert f"\n{section}\n" in out
    assert "offline_mode_on" in out and "off_hours (zh)" in out and "welcome (zh)" in out
    assert "simulating" not in err  # no progress bar when stderr is not a terminal


def test_summary_only_json_has_the_documented_keys():  # covers: OBS-2
    code, out, _ = cs(MALL, "--day", "2026-11-23", "--summary-only", "-f", "json")
    summary = json.loads(out)
    assert code == 0 and all(key in summary for key in DOCUMENTED_KEYS)
    assert "timeline" not in summary and summary["version"] == 1
    assert summary["offline_periods"][0] == {
        "start": "2026-11-23T00:00:00+08:00",
        "end": "2026-11-23T08:00:00+08:00",
        "duration_s": 28800.0,
        "trigger": "outside_hours",
    }
    assert set(summary["auto_replies"]) <= {
        "welcome",
        "off_hours",
        "queue",
        "offline",
        "survey",
        "customer_timeout_warning",
        "agent_timeout_warning",
    }


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "markdown"])
def test_same_seed_byte_identical_output(fmt: str):
    args = (MALL, "--day", "2026-11-23", "--seed", "11", "-f", fmt)
    first, second = cs(*args), cs(*args)
    assert first == second and first[0] == 0
    assert cs(MALL, "--day", "2026-11-23", "--seed", "12", "-f", fmt)[1] != first[1]


def test_machine_formats_stream_the_timeline():
    _, out, _ = cs(MALL, "--day", "2026-11-23", "-f", "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert all(line["type"] == "event" for line in lines[:-1]) and lines[-1]["type"] == "summary"
    assert {line["kind"] for line in lines[:-1]} <= set(EVENT_KINDS)
    replies = [line for line in lines if line.get("kind") == "reply"]
    assert {"reply_kind", "language", "text"} <= set(replies[0])
    _, out, _ = cs(MALL, "--day", "2026-11-23", "-f", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["t", "time", "actor", "kind", "visitor", "agent", "detail"] and len(rows) == len(lines)
    _, whole, _ = cs(MALL, "--day", "2026-11-23", "-f", "json")
    parsed = json.loads(whole)
    assert len(parsed["timeline"]) == len(lines) - 1 and parsed["summary"] == {
        k: v for k, v in lines[-1].items() if k != "type"
    }


def test_csv_and_markdown_summaries():
    _, out, _ = cs(MALL, "--day", "2026-11-23", "--summary-only", "-f", "csv")
    rows = dict(list(csv.reader(io.StringIO(out)))[1:])
    assert rows["policy"] == "mall-defaults" and int(rows["visitors"]) > 0
    _, out, _ = cs(MALL, "--day", "2026-11-23", "--summary-only", "-f", "markdown")
    assert out.startswith("# mall-defaults") and "## Visitors" in out and "|---" in out


def test_a_scenario_file_and_the_seed_option(tmp_path: Path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "seed: 5\ntraffic: {arrivals_per_hour: 30}\nvisitors: [{id: vip, at: '10:00'}]\n", encoding="utf-8"
    )
    code, out, _ = cs(MALL, "--day", "2026-11-23", "--scenario", str(scenario), "-f", "jsonl")
    summary = json.loads(out.splitlines()[-1])
    assert code == 0 and summary["seed"] == 5 and summary["scenario"] == "s"
    assert '"visitor":"vip"' in out
    _, out, _ = cs(
        MALL, "--day", "2026-11-23", "--scenario", str(scenario), "--seed", "6", "--summary-only", "-f", "json"
    )
    assert json.loads(out)["seed"] == 6


def test_scenario_problems_are_listed_at_file_line_col(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "traffic:\n"
        "  arrivals_per_hour: -3\n"
        "  handel_time: 5m\n"
        "visitors:\n"
        "  - {at: '25:00'}\n"
        "  - {at: '10:00', agent: nobody}\n",
        encoding="utf-8",
    )
    code, out, err = cs(MALL, "--day", "2026-11-23", "--scenario", str(bad))
    assert code == 2 and out == "" and "Traceback" not in err
    assert f"{bad}:2:22:" in err and f"{bad}:3:3: unknown key 'handel_time'; did you mean 'handle_time'?" in err
    assert f'{bad}:5:10: "25:00" is not valid here: Arrival time: `HH:MM`' in err
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("visitors:\n  - {at: '10:00', agent: nobody}\n", encoding="utf-8")
    code, _, err = cs(MALL, "--day", "2026-11-23", "--scenario", str(unknown))
    assert (
        code == 2 and f"{unknown}:2:26: unknown agent 'nobody': the policy declares mall-kefu-01, mall-kefu-02" in err
    )


def test_usage_errors():
    assert cs(MALL, "--day", "2026-13-01")[0] == 2
    code, _, err = cs(MALL, "--day", "2026-11-23", "--days", "0")
    assert code == 2 and "--days 0 is out of range" in err
    code, _, err = cs(MALL, "--day", "2026-11-23", "--scenario", "/nonexistent.yaml")
    assert code == 2 and "cannot read" in err


def test_plot_writes_a_png(tmp_path: Path):  # covers: OBS-1, OBS-2
    pytest.importorskip("matplotlib")
    target = tmp_path / "day.png"
    code, _, err = cs(MALL, "--day", "2026-11-23", "--summary-only", "--plot", str(target))
    assert code == 0 and f"plot written to {target}" in err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("path", sorted((EXAMPLES / "scenarios").glob("*.json")), ids=lambda p: p.stem)
def test_example_scenarios_run(path: Path):
    description = json.loads(path.read_text(encoding="utf-8"))["description"]
    policy_name, day = description.split("run with examples/")[1].split(" --day ")
    day = day[:10]
    scenario = load_scenario(path, example(policy_name.removesuffix(".yaml")))
    code, out, err = cs(
        str(EXAMPLES / policy_name), "--day", day, "--scenario", str(path), "--summary-only", "-f", "json"
    )
    assert code == 0, err
    summary = json.loads(out)
    assert summary["scenario"] == scenario.name and summary["visitors"] > 0


def test_the_scenario_schema_describes_every_property_and_allows_nothing_else():
    schema = json.loads(schema_text("scenario"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" and schema["$id"].endswith(
        "scenario.schema.json"
    )

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert "description" in sub, f"{path}.{name} has no description"
            if node.get("type") == "object" and "properties" in node:
                assert node.get("unevaluatedProperties") is False, f"{path} accepts unknown keys"
            for key, sub in node.items():
                walk(sub, f"{path}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{path}[{i}]")

    walk(schema, "$")


def test_help_names_every_option():
    result = runner.invoke(app, ["simulate", "--help"])
    for option in ("--day", "--days", "--scenario", "--seed", "--format", "--summary-only", "--plot"):
        assert option in result.stdout


def test_registered_in_the_main_cli_when_available():
    from cs.cli import app as cs_app

    names = {c.name or (c.callback.__name__ if c.callback else "") for c in cs_app.registered_commands}
    if "simulate" not in names:
        pytest.skip("cs simulate is not registered in cs.cli yet")
    result = CliRunner().invoke(cs_app, ["simulate", MALL, "--day", "2026-11-23", "--summary-only", "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["policy"] == "mall-defaults"


def test_the_docs_examples_run(monkeypatch: pytest.MonkeyPatch):
    import re
    import shlex

    docs = (EXAMPLES.parent / "docs" / "simulate.md").read_text(encoding="utf-8")
    monkeypatch.chdir(EXAMPLES.parent)
    blocks = re.findall(r"```sh\n(.*?)```", docs, re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.startswith("cs simulate ")]
    assert len(commands) >= 4
    for line in commands:
        code, out, err = cs(*shlex.split(line)[2:])
        assert code == 0 and out, (line, err)
    library = re.search(r"```python\n(.*?)```", docs, re.S)
    assert library is not None
    namespace: dict[str, object] = {}
    exec(library.group(1), namespace)
    assert namespace["result"].summary.policy == "lanshan-tea"  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".test.yaml")))
def test_every_example_timeline_uses_documented_kinds_and_prints_as_a_table(name: str):
    """Each event kind the simulator emits is one of EVENT_KINDS (the documented list that
    the table, the policytest schema and the translations are built from): full.yaml's
    routing-list chat taken when its account comes online (takes_chat, OFF-8) was not."""
    path = str(EXAMPLES / name)
    _, out, _ = cs(path, "--day", "2026-11-23", "-f", "jsonl")
    assert {json.loads(line)["kind"] for line in out.splitlines()[:-1]} <= set(EVENT_KINDS)
    code, table, _ = cs(path, "--day", "2026-11-23")
    assert code == 0 and table.startswith("TIMELINE")


def test_the_routing_list_chat_taken_on_coming_online_is_in_the_table():
    code, table, _ = cs(str(EXAMPLES / "full.yaml"), "--day", "2026-11-23")
    assert code == 0
    assert any(" takes_chat " in line and "(OFF-8)" in line for line in table.splitlines())


def test_a_run_past_the_last_supported_day_is_refused_before_it_starts():  # covers: OPS-3
    code, out, err = cs(str(EXAMPLES / "full.yaml"), "--day", "2099-12-31", "--days", "2", "--summary-only")
    assert code == 2 and out == ""
    assert "the last day 2100-01-01) is outside the days cs supports (1970-01-01 to 2099-12-31)" in err

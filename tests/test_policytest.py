# covers: OPS-7 (cs test: policy unit tests at instants and in simulated days)
"""``cs test`` end to end: test files beside a small policy whose answers are plain
(closed on a dated ``closed`` exception, open inside weekly hours, a reminder 5
minutes before a scheduled offline), run through the command line."""

from __future__ import annotations

import functools
import json
import re
import textwrap
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from cs.cli import app

ROOT = Path(__file__).resolve().parents[1]

SHOP = """\
version: 1
name: shop
timezone: Asia/Shanghai
hours:
  mon: ["09:00-18:00"]
  tue: ["09:00-18:00"]
  wed: ["09:00-18:00"]
  thu: ["09:00-18:00"]
  fri: ["09:00-18:00"]
exceptions:
  - {id: stocktaking, date: 2026-11-25, hours: closed}
teams: [{id: desk}]
agents:
  - {id: ann, teams: [desk]}
  - {id: bob, teams: [desk]}
schedules:
  - id: day
    agents: [ann, bob]
    hours: {mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"], thu: ["09:00-18:00"]}
    reminder: 5m
"""

PASSING = """\
policy: shop.yaml
tests:
  - name: stocktaking day is closed
    at: 2026-11-25T10:00
    expect:
      open: false
      rule: {kind: exception, ref: stocktaking}
  - name: monday morning is open with both agents
    at: 2026-11-23T10:00
    expect:
      open: true
      agents_online: [bob, ann]
      hours: ["09:00-18:00"]
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    (tmp_path / "shop.yaml").write_text(SHOP, encoding="utf-8")
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def one_test(expect: str, when: str = "at: 2026-11-23T10:00") -> str:
    """A test file with one test ``t`` at ``when`` (or a ``simulate:`` block) expecting ``expect``."""
    body = textwrap.indent(textwrap.dedent(expect).strip(), " " * 6)
    run_block = textwrap.indent(textwrap.dedent(when).strip(), " " * 4)
    return f"policy: shop.yaml\ntests:\n  - name: t\n{run_block}\n    expect:\n{body}\n"


# --- the project's own example ----------------------------------------------------------------


def test_the_full_example_has_passing_policy_tests():
    code, out = run("test", str(ROOT / "examples"))
    assert code == 0, out
    assert out.splitlines()[-1] == "10 passed, 0 failed in 1 file"
    assert "FAIL" not in out


# --- pass, fail, exit codes -------------------------------------------------------------------


def test_passing_tests_exit_0_and_are_listed_by_name(shop):
    write(shop, "shop.test.yaml", PASSING)
    code, out = run("test", str(shop / "shop.test.yaml"))
    assert code == 0, out
    assert "  PASS  stocktaking day is closed" in out
    assert "  PASS  monday morning is open with both agents" in out
    assert out.splitlines()[-1] == "2 passed, 0 failed in 1 file"


def test_a_failed_expectation_exits_1_with_expected_and_actual_side_by_side(shop):
    write(shop, "shop.test.yaml", one_test("open: false\noffline_mode: {on: true}", "at: 2026-11-24T10:00"))
    code, out = run("test", str(shop))
    assert code == 1
    assert "  FAIL  t" in out
    rows = [line.split() for line in out.splitlines()]
    assert ["open", "false", "true"] in rows
    assert ["offline_mode.on", "true", "false"] in rows
    assert out.splitlines()[-1] == "0 passed, 1 failed in 1 file"


@pytest.mark.parametrize(
    ("expect", "when", "passes"),
    [
        ("next_open: 2026-11-26T09:00", "at: 2026-11-25T10:00", True),  # local time matches ...+08:00
        ("next_open: 2026-11-26T10:00", "at: 2026-11-25T10:00", False),
        # the 25th is closed for stocktaking: service resumes on the 26th (CAL-4, CAL-6)
        ("reply: {kind: off_hours, contains: '2026-11-26 09:00'}", "at: 2026-11-25T07:00", True),
        ("reply: {kind: off_hours, contains: '2026-11-25 09:00'}", "at: 2026-11-25T07:00", False),
        ("agents_online: {contains: ann}", "at: 2026-11-23T10:00", True),
        ("agents_online: {contains: [ann, carl]}", "at: 2026-11-23T10:00", False),
        ("agents_online: [ann]", "at: 2026-11-23T10:00", False),  # a list is the exact set
        ("agents_online: {max: 0}", "at: 2026-11-23T10:00", False),  # a range on a list: its length
        ("agents_online: {min: 2, max: 2}", "at: 2026-11-23T10:00", True),
        ("reply: null", "at: 2026-11-23T10:00", False),
    ],
)
def test_at_expectations(shop, expect, when, passes):
    write(shop, "t.test.yaml", one_test(expect, when))
    code, out = run("test", str(shop / "t.test.yaml"))
    assert code == (0 if passes else 1), out


def test_lang_answers_like_explain_lang(shop):
    write(shop, "t.test.yaml", one_test("reply: {kind: off_hours, language: en}", "at: 2026-11-23T07:00\nlang: en"))
    assert run("test", str(shop))[0] == 0
    write(shop, "t.test.yaml", one_test("reply: {kind: off_hours, language: en}", "at: 2026-11-23T07:00"))
    assert run("test", str(shop))[0] == 1  # without lang: the policy's default language, zh


# --- simulate tests and timeline events -------------------------------------------------------

DAY = """\
simulate:
  day: 2026-11-23
  visitors:
    - {id: early, at: "08:00"}
    - {id: morning, at: "10:00"}
"""


@pytest.mark.parametrize(
    ("expect", "passes"),
    [
        ("visitors: 2\nserved: 1\noffline_messages: {min: 1, max: 1}", True),
        ("served: 2", False),
        # an event happened: a reminder to ann at 17:55 (AG-3, 5 minutes before 18:00)
        ("events:\n  - {kind: reminder, agent: ann, at: '17:55'}", True),
        ("events:\n  - {kind: reminder, agent: ann, at: '17:50'}", False),
        ("events:\n  - {kind: reminder, agent: ann, at: '17:55:00'}", True),
        ("events:\n  - {kind: reminder, at: '2026-11-23T17:55', count: 2}", True),
        ("events:\n  - {kind: reminder, at: '2026-11-23T17:50'}", False),  # another day: a broken file
        # it never happened: no offline message once the service opened at 09:00
        ("events:\n  - {kind: offline_message, after: '09:00', count: 0}", True),
        ("events:\n  - {kind: offline_message, before: '09:00', count: 0}", False),
        ("events:\n  - {kind: offline_message, before: '08:00', count: 0}", True),  # before is exclusive
        ("events:\n  - {kind: offline_message, after: '08:00', before: '08:01', count: 1}", True),
        ("events:\n  - {kind: offline_mode_on, trigger: outside_hours, count: {min: 2, max: 2}}", True),
        ("events:\n  - {kind: offline_mode_on, trigger: manual}", False),
        ("events:\n  - {kind: assign, visitor: morning, contains: least loaded}", True),
        ("events:\n  - {kind: reply, reply_kind: welcome, visitor: early}", False),
    ],
)
def test_simulate_expectations_and_events(shop, expect, passes):
    write(shop, "t.test.yaml", one_test(expect, DAY))
    code, out = run("test", str(shop))
    assert code == (0 if passes else 1), out


def test_a_missing_event_shows_when_events_of_that_kind_did_happen(shop):
    write(shop, "t.test.yaml", one_test("events:\n  - {kind: reminder, agent: ann, at: '17:50'}", DAY))
    code, out = run("test", str(shop))
    assert code == 1
    assert "at least one of {kind: reminder, agent: ann, at: 17:50}" in out
    assert "0 matching; reminder events at 2026-11-23 17:55:00 (ann), 2026-11-23 17:55:00 (bob)" in out


def test_a_scenario_file_is_relative_to_the_test_file_and_seed_overrides_it(shop):
    write(shop, "scenarios/quiet.yaml", "seed: 1\ntraffic: {arrivals_per_hour: 2}\n")
    write(
        shop,
        "tests/t.test.yaml",
        "policy: ../shop.yaml\ntests:\n  - name: t\n    simulate: {day: 2026-11-23, scenario: ../scenarios/quiet.yaml,"
        " seed: 5}\n    expect: {scenario: quiet, seed: 5, visitors: {min: 1}}\n",
    )
    code, out = run("test", str(shop / "tests"))
    assert code == 0, out


def test_without_a_scenario_the_built_in_day_runs(shop):
    write(shop, "t.test.yaml", one_test("scenario: built-in synthetic day\nseed: 0", "simulate: {day: 2026-11-23}"))
    code, out = run("test", str(shop))
    assert code == 0, out


# --- selection and discovery ------------------------------------------------------------------


def test_run_selects_tests_by_name(shop):
    write(shop, "shop.test.yaml", PASSING)
    code, out = run("test", str(shop), "--run", "^monday")
    assert code == 0
    assert "monday morning" in out and "stocktaking" not in out
    assert out.splitlines()[-1] == "1 passed, 0 failed in 1 file"


def test_run_that_selects_nothing_or_is_not_a_regex_is_an_error(shop):
    write(shop, "shop.test.yaml", PASSING)
    code, out = run("test", str(shop), "--run", "nothing-like-this")
    assert (code, out.strip()) == (2, "cs: error: no test name matches --run 'nothing-like-this'")
    code, out = run("test", str(shop), "--run", "(")
    assert code == 2 and out.startswith("cs: error: --run '(' is not a regular expression")


def test_directories_are_searched_for_test_files_only(shop):
    write(shop, "shop.test.yaml", PASSING)
    write(shop, "nested/more.test.yaml", PASSING.replace("shop.yaml", "../shop.yaml"))
    write(shop, ".hidden/skipped.test.yaml", "not: a test file\n")
    code, out = run("test", str(shop))
    assert code == 0, out
    assert out.splitlines()[-1] == "4 passed, 0 failed in 2 files"


def test_a_directory_without_test_files_is_an_error(shop):
    code, out = run("test", str(shop))
    assert (code, out.strip()) == (2, f"cs: error: {shop}: no .test.yaml files in this directory")


# --- broken test files: exit 2, located like policy findings ----------------------------------


def broken(folder: Path, text: str) -> tuple[int, str]:
    write(folder, "t.test.yaml", text)
    return run("test", str(folder / "t.test.yaml"))


def test_an_unknown_key_is_located_and_exits_2(shop):
    code, out = broken(shop, one_test("open: true\nopne: false"))
    assert code == 2
    assert f"{shop}/t.test.yaml:7:7: error schema unknown key 'opne'; did you mean 'open'?" in out
    assert "cs: error: 1 problem in test files" in out
    assert "Traceback" not in out


def test_an_unknown_sub_key_of_an_explain_record_is_located(shop):
    code, out = broken(shop, one_test("offline_mode: {trigr: manual}"))
    assert code == 2
    assert "t.test.yaml:6:22: error schema unknown key 'trigr'; did you mean 'trigger'?" in out


def test_a_summary_key_on_an_at_test_is_unknown(shop):
    code, out = broken(shop, one_test("served: 1"))
    assert code == 2
    assert "t.test.yaml:6:7: error schema unknown key 'served'" in out


def test_a_missing_policy_is_located_at_the_policy_key(shop):
    code, out = broken(shop, PASSING.replace("policy: shop.yaml", "policy: nowhere.yaml"))
    assert code == 2
    assert f"t.test.yaml:1:9: error test-policy policy {shop}/nowhere.yaml: cannot read the file" in out


def test_an_invalid_policy_is_reported_with_its_own_findings(shop):
    (shop / "shop.yaml").write_text(SHOP.replace('mon: ["09:00-18:00"]', 'mon: ["09:00-18:0"]', 1), encoding="utf-8")
    code, out = broken(shop, PASSING)
    assert code == 2
    assert "t.test.yaml:1:9: error test-policy" in out
    assert f"{shop}/shop.yaml:5:9: error window-invalid" in out


def test_a_bad_event_time_is_located(shop):
    code, out = broken(shop, one_test("events:\n  - {kind: reminder, at: '25:00'}", DAY))
    assert code == 2
    assert "datetime-invalid '25:00' is not a time of day; write HH:MM" in out


def test_an_inline_scenario_is_checked_against_its_schema_and_the_policy(shop):
    code, out = broken(
        shop, one_test("visitors: 1", "simulate:\n  day: 2026-11-23\n  visitors: [{at: '10:00', agent: zoe}]")
    )
    assert code == 2
    assert "error test-scenario unknown agent 'zoe'" in out
    code, out = broken(shop, one_test("visitors: 1", "simulate:\n  day: 2026-11-23\n  trafic: {arrivals_per_hour: 1}"))
    assert code == 2
    assert "unknown key 'trafic'; did you mean 'traffic'?" in out


def test_a_scenario_file_and_inline_scenario_keys_together_are_refused(shop):
    write(shop, "s.yaml", "visitors: [{at: '10:00'}]\n")
    when = "simulate:\n  day: 2026-11-23\n  scenario: s.yaml\n  visitors: [{at: '11:00'}]"
    code, out = broken(shop, one_test("visitors: 1", when))
    assert code == 2
    assert "give a scenario file or the scenario's keys inline, not both" in out


def test_a_range_no_value_can_pass_is_a_broken_file(shop):  # covers: OPS-7
    code, out = broken(shop, one_test("visitors: {min: 10, max: 1}", "simulate: {day: 2026-11-23}"))
    assert code == 2
    assert "error test-range min 10 is above max 1: no value can pass; swap them" in out
    code, out = broken(shop, one_test("auto_replies: {welcome: {min: 3, max: 2}}", "simulate: {day: 2026-11-23}"))
    assert code == 2 and "min 3 is above max 2" in out


def test_an_event_window_no_time_falls_in_is_a_broken_file(shop):  # covers: OPS-7
    for window in ('after: "13:00", before: "08:00"', 'at: "08:30", before: "08:00"'):
        code, out = broken(
            shop, one_test(f"events: [{{kind: arrive, {window}, count: 0}}]", "simulate: {day: 2026-11-23}")
        )
        assert code == 2 and "error test-range no time is at or after" in out, window
    code, out = broken(
        shop,
        one_test('events: [{kind: arrive, after: "08:00", before: "13:00", count: 0}]', "simulate: {day: 2026-11-23}"),
    )
    assert "test-range" not in out  # a real window: the test runs


def test_an_event_check_on_an_id_nobody_has_is_a_broken_file(shop):  # covers: OPS-7
    """count: 0 on a misspelt agent or visitor passed whatever happened."""
    day = "simulate: {day: 2026-11-23, visitors: [{id: morning, at: '10:00'}]}"
    code, out = broken(shop, one_test("events: [{kind: assign, agent: anna, count: 0}]", day))
    assert code == 2
    assert (
        "error test-unknown-id policy " in out
        and "shop.yaml has no agent 'anna'" in out
        and "its agents: ann, bob" in out
    )
    code, out = broken(shop, one_test("events: [{kind: assign, visitor: mornin, count: 0}]", day))
    assert code == 2 and "the scenario has no visitor 'mornin'" in out
    for fine in ("agent: ann", "visitor: morning"):
        code, out = broken(shop, one_test(f"events: [{{kind: assign, {fine}}}]", day))
        assert code == 0, out
    synthetic = "simulate: {day: 2026-11-23, traffic: {arrivals_per_hour: 2}}"
    code, out = broken(shop, one_test("events: [{kind: arrive, visitor: s1}]", synthetic))
    assert code == 0, out
    code, out = broken(shop, one_test("events: [{kind: arrive, visitor: s1, count: 0}]", day))  # no traffic: no s1
    assert code == 2 and "the scenario has no visitor 's1'" in out
    # offline messages go to the shop's main account, listed or not (OFF-5)
    night = "simulate: {day: 2026-11-23, visitors: [{id: n1, at: '02:00'}]}"
    code, out = broken(shop, one_test("events: [{kind: offline_message, agent: main}]", night))
    assert code == 0, out


def test_a_name_a_count_map_leaves_out_counts_zero_and_a_range_is_on_the_total(shop):  # covers: OPS-7, MSG-4, OFF-5
    """The summary leaves zero counts out, so every way of writing "no queue reply"
    failed with `actual: absent`."""
    night = "simulate: {day: 2026-11-23, visitors: [{id: n1, at: '02:00'}]}"
    holds = """\
        auto_replies: {queue: {max: 0}, welcome: {en: 0}, off_hours: {min: 1}}
        offline_message_destinations: {ann: 0, main: 1}
    """
    write(shop, "t.test.yaml", one_test(holds, night))
    code, out = run("test", str(shop / "t.test.yaml"))
    assert code == 0, out
    write(
        shop,
        "t.test.yaml",
        one_test("auto_replies: {max: 0, queue: {min: 1}}\noffline_message_destinations: {ann: 1}", night),
    )
    code, out = run("test", str(shop / "t.test.yaml"))
    assert code == 1, out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.startswith("        ")}
    assert rows["auto_replies"][:3] == ["<=", "0", "1:"]  # the total: one off-hours reply
    assert rows["auto_replies.queue"] == [">=", "1", "0"] and rows["offline_message_destinations.ann"] == ["1", "0"], (
        out
    )
    write(shop, "t.test.yaml", one_test("auto_replies: {queue: 0, off_hours: 1, welcome: {en: 0}}", night))
    code, out = run("test", str(shop / "t.test.yaml"))
    assert code == 0, out  # a number for a kind is its total over the languages


def test_a_name_no_count_map_can_hold_is_a_broken_file(shop):  # covers: OPS-7, MSG-6, OFF-5, OFF-9, QR-1
    """A misspelt name counts 0 like a name that never came up, so `{qeue: {max: 0}}`
    passed whatever happened."""
    night = "simulate: {day: 2026-11-23, visitors: [{id: n1, at: '02:00'}]}"
    for written, expected in (
        ("auto_replies: {qeue: {max: 0}}", "auto_replies never counts 'qeue' in policy "),
        ("auto_replies: {queue: {englsh: 0}}", "auto_replies.queue never counts 'englsh' in policy "),
        ("offline_message_destinations: {mian: 0}", "it counts: message_pool, ann, bob, main"),
        ("offline_message_categories: {refnds: 0}", "it counts: uncategorised"),
        ("quick_replies: {nonexistent: 0}", "quick_replies never counts 'nonexistent'"),
    ):
        code, out = broken(shop, one_test(written, night))
        assert code == 2 and "error test-unknown-id " in out and expected in out, (written, out)
        assert ": it is 0 whatever happens; it counts: " in out


def test_an_event_check_on_a_value_the_policy_cannot_give_is_a_broken_file(shop):  # covers: OPS-7, MSG-2, OFF-5, OFF-9
    """count: 0 on a misspelt reply language, offline-message destination or category,
    outcome or closer passed whatever happened."""
    night = "simulate: {day: 2026-11-23, visitors: [{id: n1, at: '02:00'}]}"
    for check, expected in (
        (
            "{kind: reply, language: english, count: 0}",
            "no automatic message in 'english', so this check can only count nothing; its languages: en, zh",
        ),
        (
            "{kind: offline_message, destination: pool, count: 0}",
            "never go to 'pool', so this check can only count nothing; they go to: message_pool, ann, bob, main",
        ),
        (
            "{kind: offline_message, category: refunds, count: 0}",
            "sorts offline messages into no categories (offline.categories), so this check on 'refunds'",
        ),
    ):
        code, out = broken(shop, one_test(f"events: [{check}]", night))
        assert code == 2 and "error test-unknown-id " in out and expected in out, out
    for check in ("{kind: close, outcome: servd, count: 0}", "{kind: close, by: timeout, count: 0}"):
        code, out = broken(shop, one_test(f"events: [{check}]", night))
        assert code == 2 and "error schema" in out, out
    for kind, fine in (
        ("reply", "language: en"),
        ("reply", "language: zh"),
        ("offline_message", "destination: main"),
        ("offline_message", "outcome: left_message"),
    ):
        code, out = broken(shop, one_test(f"events: [{{kind: {kind}, {fine}, count: {{max: 5}}}}]", night))
        assert code == 0, (fine, out)


def test_an_event_check_that_cannot_fail_or_names_an_extra_its_kind_lacks_is_a_broken_file(shop):  # covers: OPS-7
    """count: {min: 0} held whatever happened, and reply_kind on an offline_message
    (which never carries one) with count: 0 passed whatever happened."""
    night = "simulate: {day: 2026-11-23, visitors: [{id: n1, at: '02:00'}]}"
    for check, expected in (
        ("{kind: offline_message, count: {min: 0}}", "error test-range count {min: 0} holds for any number of events"),
        ("{kind: arrive, count: {max: .inf}}", "error schema"),
        (
            "{kind: offline_message, reply_kind: off_hours, count: 0}",
            "error test-unknown-id offline_message events never carry reply_kind, so this check can only count "
            "nothing; offline_message events carry: destination, category, priority, outcome",
        ),
        ("{kind: hours_open, language: en, count: 0}", "hours_open events carry no extras, so this check on language"),
    ):
        code, out = broken(shop, one_test(f"events: [{check}]", night))
        assert code == 2 and expected in out, (check, out)
    # They run: the night visitor gets one off-hours reply, so `count: 0` fails as a test would.
    for fine, expected in (
        ("count: {min: 0, max: 3}", 0),
        ("count: {min: 1}", 0),
        ("reply_kind: off_hours", 0),
        ("count: 0", 1),
    ):
        code, out = broken(shop, one_test(f"events: [{{kind: reply, {fine}}}]", night))
        assert code == expected and "error" not in out, (fine, out)


@functools.cache
def example_events() -> tuple[tuple[str, dict[str, Any]], ...]:
    """(example file, event) of every example policy's two simulated days (jsonl)."""
    found = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        if path.name.endswith(".test.yaml"):
            continue
        _, out = run("simulate", str(path), "--day", "2026-11-23", "--days", "2", "-f", "jsonl")
        found.extend((path.name, json.loads(line)) for line in out.splitlines()[:-1])
    return tuple(found)


def test_every_extra_the_simulator_writes_is_listed_for_its_kind_and_documented():  # covers: OPS-7
    from cs.simulate.timeline import EVENT_EXTRAS

    base = {"type", "t", "time", "actor", "kind", "visitor", "agent", "detail"}
    for name, event in example_events():
        assert set(event) - base <= set(EVENT_EXTRAS[event["kind"]]), (name, event)
    documented = {}
    for row in (ROOT / "docs" / "simulate.md").read_text(encoding="utf-8").splitlines():
        cells = row.split("|")
        if (
            len(cells) == 6
            and cells[1].strip().startswith("`")
            and cells[2].strip()
            in (
                "visitor",
                "agent",
                "system",
                "system, visitor",
                "agent, system",
            )
        ):
            extras = re.findall(r"`([a-z_]+)`", re.sub(r"\([^)]*\)", "", cells[4]))
            for kind in re.findall(r"`([a-z_]+)`", cells[1]):
                documented[kind] = set(extras)
    assert documented == {kind: set(extras) for kind, extras in EVENT_EXTRAS.items()}


def test_every_outcome_and_closer_the_simulator_writes_is_one_test_files_can_name():  # covers: OPS-7
    from cs.simulate.timeline import CLOSED_BY, OUTCOMES

    schema = json.loads((ROOT / "schema" / "policytest.schema.json").read_text(encoding="utf-8"))
    properties = schema["$defs"]["event_check"]["properties"]
    assert properties["outcome"]["enum"] == list(OUTCOMES) and properties["by"]["enum"] == list(CLOSED_BY)
    seen: dict[str, set[object]] = {"outcome": set(), "by": set()}
    for _name, event in example_events():
        for key in seen:
            if event.get(key) is not None:
                seen[key].add(event[key])
    assert seen["outcome"] and seen["outcome"] <= set(OUTCOMES), seen
    assert seen["by"] and seen["by"] <= set(CLOSED_BY), seen


def test_a_test_name_on_more_than_one_line_is_a_broken_file(shop):  # covers: OPS-7
    """A name with a control character broke the JUnit XML (not well-formed) and split
    the text report's PASS line."""
    for name in ('"one\\ntwo"', '"bell\\x07"', '"esc\\x1b[31m"'):
        code, out = broken(shop, one_test("open: true").replace("name: t", f"name: {name}"))
        assert code == 2 and "error test-name the test name" in out, (name, out)
    code, out = broken(shop, one_test("open: true").replace("name: t", "name: 春节　值班"))  # a full-width space
    assert code == 0, out


def test_a_name_that_is_not_text_is_one_finding(shop):  # covers: OPS-7
    """``name: null`` was two schema errors at the same place: the test's rule and the
    at/simulate test's own copy of it."""
    for name, shown in (("null", "null"), ("5", "5")):
        code, out = broken(shop, one_test("open: true").replace("name: t", f"name: {name}"))
        findings = [line for line in out.splitlines() if " error " in line]
        assert code == 2 and len(findings) == 1, out
        assert f"schema {shown} is not valid here: The test's name" in findings[0]


def test_a_number_that_is_not_finite_is_a_broken_file(shop):  # covers: OPS-7
    """`open: .nan` and `warnings: {min: .inf}` can never pass, yet they were failed tests."""
    code, out = broken(shop, one_test("open: .nan\nwarnings: {min: .inf}\nnext_open: {max: -.inf}"))
    findings = [line for line in out.splitlines() if " error " in line]
    assert code == 2 and len(findings) == 3, out
    code, out = broken(shop, one_test("warnings: {min: 0, max: .inf}\nagents_online: {min: -.inf}"))
    assert code == 0, out  # open ends of a range match
    assert findings[0].endswith("error test-range nan is not a finite number: no value can match it; write a number")


def test_contains_checks_the_reply_text_and_whole_agent_ids(shop):  # covers: OPS-7
    """`reply: {contains: welcome}` passed on the reply's kind, and `agents_online:
    {contains: [an]}` on part of the id 'ann'."""
    for expect in ("reply: {contains: welcome}", "reply: {contains: zh}", "agents_online: {contains: [an]}"):
        code, out = broken(shop, one_test(expect))
        assert code == 1 and "FAIL" in out, (expect, out)
    code, out = broken(shop, one_test("agents_online: {contains: [ann]}\nreply: {kind: welcome}"))
    assert code == 0, out


def test_an_event_window_outside_the_run_or_upside_down_is_a_broken_file(shop):  # covers: OPS-7
    """`count: 0` after 2025-11-23 on a run of 2026-11-23 passed whatever happened, and
    `count: {min: 3, max: 1}` was a failed test."""
    day = "simulate: {day: 2026-11-23, days: 2, visitors: [{id: morning, at: '10:00'}]}"
    for check, where in (
        ("{kind: assign, after: '2025-11-23T09:00', before: '2025-11-23T12:00', count: 0}", "before 2025-11-23T12:00"),
        ("{kind: assign, at: '2026-11-25T10:00', count: 0}", "at 2026-11-25T10:00"),
        ("{kind: assign, after: '2026-11-25T00:00'}", "after 2026-11-25T00:00"),
    ):
        code, out = broken(shop, one_test(f"events: [{check}]", day))
        assert code == 2, out
        assert f"error test-range {where} is outside the simulated days (2026-11-23 .. 2026-11-24)" in out
    code, out = broken(shop, one_test("events: [{kind: assign, after: '2026-11-24T23:00', count: 0}]", day))
    assert code == 0, out
    code, out = broken(shop, one_test("events: [{kind: assign, count: {min: 3, max: 1}}]", day))
    assert code == 2 and "error test-range min 3 is above max 1" in out
    code, out = broken(shop, one_test("events: [{kind: arrive, at: '10:00', after: '11:00', count: 0}]", day))
    assert code == 2 and "error test-range at 10:00 is before after 11:00: no event can match" in out
    for misspelt in (
        "{kind: reply, reply_kind: offhours, count: 0}",
        "{kind: offline_mode_on, trigger: off, count: 0}",
    ):
        code, out = broken(shop, one_test(f"events: [{misspelt}]", day))
        assert code == 2 and "error schema" in out and "is not valid here" in out, out


def test_an_expectation_that_checks_nothing_is_a_broken_file(shop):  # covers: OPS-7
    """`reply: {contains: ""}`, `offline_mode: {}` and an event's `contains: ""` passed
    whatever the answer was."""
    for expect in ('reply: {contains: ""}', "offline_mode: {}", "reply: {}", 'served: {contains: [""]}'):
        code, out = broken(shop, one_test(expect))
        assert code == 2 and " error schema " in out, (expect, out)
    day = "simulate: {day: 2026-11-23, visitors: [{id: morning, at: '10:00'}]}"
    code, out = broken(shop, one_test("events: [{kind: arrive, contains: ''}]", day))
    assert code == 2 and '"" is shorter than 1 characters' in out


def test_a_test_needs_at_or_simulate(shop):
    code, out = broken(shop, "policy: shop.yaml\ntests:\n  - name: t\n    expect: {open: true}\n")
    assert code == 2
    assert "t.test.yaml:3:5: error schema" in out
    assert "a test needs `at` (an instant, like `cs explain --at`) or `simulate`" in out


def test_a_missing_scenario_file_is_located_at_its_key(shop):
    code, out = broken(shop, one_test("visitors: 1", "simulate: {day: 2026-11-23, scenario: nope.yaml}"))
    assert code == 2
    assert f"t.test.yaml:4:43: error test-scenario {shop}/nope.yaml: cannot read the file" in out


def test_a_policy_given_to_cs_test_is_one_finding(shop):  # covers: OPS-7
    """It was a schema error for every key of the policy ("missing required key:
    'policy'", "unknown key 'timezone'" ...)."""
    code, out = run("test", str(shop / "shop.yaml"))
    findings = [line for line in out.splitlines() if " error " in line]
    assert code == 2 and findings == [
        f"{shop}/shop.yaml:1:1: error schema this is a policy, not a test file: give the *.test.yaml that "
        "names it (policy:, tests:)"
    ]


def test_a_test_file_given_as_the_policy_is_one_finding(shop):  # covers: OPS-7
    """A test file naming another test file as its policy, or given to explain, got a
    schema error for every key ("missing required key: 'version'" ...)."""
    write(shop, "other.test.yaml", PASSING)
    write(shop, "t.test.yaml", one_test("open: true").replace("policy: shop.yaml", "policy: other.test.yaml"))
    code, out = run("test", str(shop / "t.test.yaml"))
    findings = [line for line in out.splitlines() if " error " in line]
    assert code == 2 and findings == [
        f"{shop}/other.test.yaml:1:1: error schema this is a policy test file, not a policy: give the policy "
        "it names (policy:), or run cs test on it",
        f"{shop}/t.test.yaml:1:9: error test-policy policy {shop}/other.test.yaml does not validate "
        "(errors: 1); fix it first",
    ], out
    code, out = run("explain", str(shop / "other.test.yaml"), "--at", "2026-11-23T10:00")
    assert code == 2 and "this is a policy test file, not a policy" in out


def test_broken_files_are_reported_in_the_chosen_format(shop):
    write(shop, "t.test.yaml", one_test("opne: false"))
    code, out = run("test", str(shop), "--format", "github")
    assert code == 2
    assert f"::error file={shop}/t.test.yaml,line=6,col=7,title=schema::unknown key 'opne'" in out
    code, out = run("test", str(shop), "--format", "junit")
    suite = ET.fromstring(out.split("\n", 1)[1].split("cs: error:")[0])
    assert code == 2 and (suite.get("name"), suite.find("testcase").get("classname")) == ("cs test", "cs.test")


# --- formats ----------------------------------------------------------------------------------


def failing(shop: Path) -> None:
    write(shop, "shop.test.yaml", PASSING)
    write(shop, "bad.test.yaml", one_test("open: false", "at: 2026-11-24T10:00"))


def test_json_report(shop):
    failing(shop)
    code, out = run("test", str(shop), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["version"] == 1 and data["passed"] is False
    assert data["summary"] == {"files": 2, "tests": 3, "passed": 2, "failed": 1}
    bad = data["files"][0]
    assert bad["path"] == f"{shop}/bad.test.yaml"
    assert bad["tests"] == [
        {
            "name": "t",
            "line": 3,
            "kind": "at",
            "passed": False,
            "failures": [{"key": "open", "expected": "false", "actual": "true", "line": 6}],
        }
    ]


def test_junit_report(shop):
    failing(shop)
    code, out = run("test", str(shop), "--format", "junit")
    assert code == 1
    root = ET.fromstring(out.split("\n", 1)[1])
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "3", "1")
    failures = root.findall(".//testcase/failure")
    assert len(failures) == 1
    assert failures[0].get("message") == "open: expected false, actual true"
    names = [case.get("name") for case in root.iter("testcase")]
    assert names == ["t", "stocktaking day is closed", "monday morning is open with both agents"]


def test_junit_holds_no_character_xml_cannot(shop):  # covers: OPS-7
    """A failure quoting a reply text with U+FFFF made the JUnit report not well-formed."""
    write(shop, "t.test.yaml", one_test('reply: {contains: "\\uFFFFx"}'))
    code, out = run("test", str(shop / "t.test.yaml"), "--format", "junit")
    assert code == 1
    (failure,) = ET.fromstring(out.split("\n", 1)[1]).iter("failure")
    assert "\\uffffx" in failure.get("message")


def test_github_report_annotates_the_failing_expectation(shop):
    failing(shop)
    code, out = run("test", str(shop), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"::error file={shop}/bad.test.yaml,line=6,title=cs test%3A t::open: expected false, actual true"
    assert lines[-1] == "2 passed, 1 failed in 2 files"

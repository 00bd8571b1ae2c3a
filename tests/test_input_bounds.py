"""Values at the edges: exact patterns, bounded durations and dates, one error line.

Issue 8: a fuzzed duration or a far-off date must be a located finding in a policy
and one ``cs: error:`` line (exit 2) on the command line, never a traceback.
"""

# covers: OPS-1, OPS-2, OPS-3, CAL-1

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import policy_yaml, rules_hit
from cs.cli import app
from cs.model import timefmt
from cs.schema import _ecma_regex, schema_problems

runner = CliRunner()
EXAMPLE = str(Path(__file__).parents[1] / "examples" / "full.yaml")
SCHEMA = json.loads((Path(__file__).parents[1] / "schema" / "policy.schema.json").read_text(encoding="utf-8"))


def one_error_line(args: list[str]) -> str:
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cs: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["explain", EXAMPLE, "--at", "9999-12-31T23:59"],
        ["explain", EXAMPLE, "--at", "0001-01-01T00:00"],
        ["explain", EXAMPLE, "--at", "9999-12-31T23:59-14:00"],
        ["calendar", EXAMPLE, "--from", "9999-12-25", "--to", "9999-12-31"],
        ["calendar", EXAMPLE, "--from", "2026-12-25", "--to", "9999-12-31"],
        ["simulate", EXAMPLE, "--day", "0001-01-01"],
        ["simulate", EXAMPLE, "--day", "9999-12-31"],
    ],
)
def test_days_outside_the_supported_range_are_one_error_line(args: list[str]) -> None:
    line = one_error_line(args)
    assert "1970-01-01 to 2099-12-31" in line


@pytest.mark.parametrize(
    "command",
    [
        ["explain", "--at", "2026-11-23T10:00"],
        ["simulate", "--day", "2026-11-23"],
        ["calendar", "--from", "2026-11-23", "--to", "2026-11-24"],
    ],
)
def test_a_special_file_as_policy_is_one_error_line(command: list[str]) -> None:
    line = one_error_line([command[0], "/dev/zero", *command[1:]])
    assert line == "cs: error: /dev/zero: cannot read the file: not a regular file (a device, FIFO or socket)"


def test_days_inside_the_range_still_work() -> None:
    result = runner.invoke(app, ["explain", EXAMPLE, "--at", "2099-12-31T12:00"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_huge_duration_is_a_finding_in_validate_and_exit_2_elsewhere(write) -> None:
    path = write("huge.yaml", policy_yaml("offline:\n  delay: 99999999999999999999m\n"))
    result = runner.invoke(app, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{path}:5:10: error duration-invalid '99999999999999999999m' is longer than 366d" in result.output
    line = one_error_line(["explain", str(path), "--at", "2026-11-23T10:00"])
    assert "duration-invalid" in line


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("366d", None),
        ("8784h", None),
        ("367d", "longer than 366d"),
        ("8785h", "longer than 366d"),
        ("9" * 5000 + "s", "is not a duration"),
        ("5m\n", "is not a duration"),
        ("\uff15m", "is not a duration"),  # a full-width digit is not a digit here
    ],
)
def test_duration_bounds(text: str, message: str | None) -> None:
    if message is None:
        assert timefmt.parse_duration(text).days >= 366
        return
    with pytest.raises(ValueError, match=message):
        timefmt.parse_duration(text)


def test_messages_quote_values_on_one_line_and_short() -> None:
    with pytest.raises(ValueError) as caught:
        timefmt.parse_window("09:00-18:00\n" + "x" * 500)
    message = str(caught.value)
    assert "\n" not in message and "\\n" in message
    assert len(message) < 120


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^[a-z]+$", "shop", True),
        ("^[a-z]+$", "shop\n", False),
        ("^[$a]+$", "$a", True),  # a $ in a class is a character
        (r"^a\$$", "a$", True),
        (r"^a\$$", "a$\n", False),
    ],
)
def test_schema_patterns_anchor_like_ecma_262(pattern: str, text: str, matches: bool) -> None:
    assert bool(_ecma_regex(pattern).search(text)) is matches


def test_shop_newline_is_not_shop() -> None:
    problems = list(schema_problems({"version": 1, "name": "shop\n", "timezone": "Asia/Shanghai"}))
    assert [(path, rule) for path, _, rule, _ in problems] == [(("name",), "schema")]


def test_agent_id_with_a_newline_cannot_dodge_the_duplicate_rule() -> None:
    assert (6, "schema") in rules_hit('agents:\n  - id: a1\n  - id: "a1\\n"\n')


def test_display_names_refuse_control_characters_but_keep_unicode() -> None:
    assert rules_hit('agents:\n  - {id: a1, name: "小美 Mei"}\n') == set()
    assert rules_hit('agents:\n  - {id: a1, name: "Mei\\u001b[31m"}\n') == {(5, "schema")}


# --- editor patterns: catch early, never refuse what cs accepts, never a second finding


def _pattern(name: str) -> re.Pattern[str]:
    return _ecma_regex(SCHEMA["$defs"][name]["pattern"])


@pytest.mark.parametrize(
    ("name", "parse", "samples"),
    [
        ("duration", timefmt.parse_duration, ["5m", "90s", "1h30m", "72h", "1d", "0m", "5 minutes", "5", "m", "1.5d"]),
        (
            "time_window",
            timefmt.parse_window,
            ["09:00-18:00", "22:00-02:00", "00:00-24:00", "09:00-19:0", "9:00-18:00", "09:00 - 18:00", "24:00-25:00"],
        ),
        ("date", timefmt.parse_date, ["2026-10-01", "2026-13-01", "2026-02-30", "26-10-01", "2026-1-1"]),
        (
            "local_datetime",
            timefmt.parse_local_datetime,
            ["2026-10-01T09:00", "2026-10-01 09:00:30", "2026-10-01T9:00", "2026-10-01T24:00"],
        ),
    ],
)
def test_editor_pattern_accepts_all_cs_accepts_and_catches_typos(name: str, parse, samples: list[str]) -> None:
    pattern = _pattern(name)
    caught = 0
    for sample in samples:
        try:
            parse(sample)
        except ValueError:
            caught += pattern.search(sample) is None
        else:
            assert pattern.search(sample), f"the schema's {name} pattern refuses {sample!r}, which cs accepts"
    assert caught >= 2, f"the {name} pattern catches nothing an editor could flag"


def test_a_typo_that_breaks_pattern_and_format_is_one_finding() -> None:
    hits = rules_hit("offline:\n  delay: 5 minutes\nhours:\n  mon: [09:00-19:0]\n")
    assert hits == {(5, "duration-invalid"), (7, "window-invalid")}


STAFF = [
    "staff",
    EXAMPLE,
    "--day",
    "2026-11-11",
    "--scenario",
    str(Path(EXAMPLE).parent / "scenarios" / "double-11.json"),
]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--within", "0s"], "--within '0s' must be positive; write e.g. 20s"),
        (["--within", "-5s"], "--within '-5s' must be positive; write e.g. 20s"),
        (["--within", "99999d"], "--within '99999d' is too large; at most 366d"),
        (["--within", "20s", "--interval", "0m"], "--interval '0m' must be positive; write e.g. 30m"),
    ],
)
def test_staff_durations_say_what_is_wrong_with_them(args: list[str], expected: str) -> None:  # covers: OPS-8
    """Zero, negative and huge durations all said "is not a duration"."""
    assert one_error_line([*STAFF, "--service-level", "0.8", *args]) == f"cs: error: {expected}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-5s", "--lock-timeout '-5s' must not be negative; write e.g. 30s, 5m or 90"),
        ("-5", "--lock-timeout '-5' must not be negative; write e.g. 30s, 5m or 90"),
        ("99999999999d", "--lock-timeout '99999999999d' is too large; at most 366d"),
        ("99999999999999", "--lock-timeout '99999999999999' is too large; at most 366d"),
    ],
)
def test_lock_timeout_says_what_is_wrong_with_it(tmp_path: Path, value: str, expected: str) -> None:  # covers: OPS-5
    """Checked before the store is opened: the store file is never made. 0 still means do not wait."""
    store = tmp_path / "state.db"
    args = ["apply", EXAMPLE, "--store", f"sqlite:///{store}", "--auto-approve", f"--lock-timeout={value}"]
    assert one_error_line(args) == f"cs: error: {expected}"
    assert not store.exists()
    result = runner.invoke(app, [*args[:-1], "--lock-timeout=0"])
    assert result.exit_code == 0, result.output

"""Golden policy files: the test list is the folder listing (OPS-1).

``tests/cases/valid/*.yaml`` must load without error findings, and without
warnings unless a ``NAME.expected`` sits beside the file. ``tests/cases/invalid/
*.yaml`` must give exactly the findings listed in ``NAME.expected``, one per
line as ``LINE RULE-ID SEVERITY`` (``#`` starts a comment). Findings are
compared as a set of (line, rule, severity): two messages on one line for one
rule count once.

A case that exposes a core bug stays in the folder; its test is marked
``xfail(strict=True)`` in :data:`KNOWN_BUGS` until the core is fixed, so the fix
turns the suite red and the mark gets removed.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

import cs.rules  # noqa: F401  (registers the rules)
from cs.engine.snapshot import snapshot
from cs.rules.registry import PARSE_RULES, RULES
from cs.validate import load_policy, validate_file

CASES = Path(__file__).parent / "cases"
VALID = sorted((CASES / "valid").glob("*.yaml"))
INVALID = sorted((CASES / "invalid").glob("*.yaml"))

Expected = set[tuple[int, str, str]]

KNOWN_BUGS: dict[str, str] = {}
"""Case file name -> why its test is expected to fail (strict xfail)."""

_LINE = re.compile(r"^(\d+)\s+([a-z0-9-]+)\s+(error|warning)$")


def expected_findings(path: Path) -> Expected:
    found: Expected = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _LINE.match(line)
        assert match, f"{path.name}:{number}: write LINE RULE-ID SEVERITY, got {raw!r}"
        found.add((int(match.group(1)), match.group(2), match.group(3)))
    return found


def actual_findings(path: Path) -> Expected:
    return {(f.line, f.rule, f.severity.value) for f in validate_file(path).findings}


def _param(path: Path) -> object:
    marks = []
    if path.name in KNOWN_BUGS:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[path.name]))
    return pytest.param(path, id=path.stem, marks=marks)


def _show(findings: Expected) -> str:
    return "\n".join(f"{line} {rule} {severity}" for line, rule, severity in sorted(findings)) or "(none)"


@pytest.mark.parametrize("path", [_param(p) for p in VALID])
def test_valid_case(path: Path) -> None:
    beside = path.with_suffix(".expected")
    findings = validate_file(path).findings
    errors = [f"{f.location}: {f.rule}: {f.message}" for f in findings if f.severity.value == "error"]
    assert not errors, "\n".join(errors)
    wanted = expected_findings(beside) if beside.exists() else set()
    assert all(severity == "warning" for _, _, severity in wanted), "a valid case may only expect warnings"
    got = {(f.line, f.rule, f.severity.value) for f in findings}
    assert got == wanted, f"got:\n{_show(got)}\nexpected:\n{_show(wanted)}"


@pytest.mark.parametrize("path", [_param(p) for p in INVALID])
def test_invalid_case(path: Path) -> None:
    beside = path.with_suffix(".expected")
    assert beside.exists(), f"{path.name} needs {beside.name} listing its findings"
    wanted = expected_findings(beside)
    assert wanted, f"{beside.name} lists no finding: an invalid case must find something"
    got = actual_findings(path)
    assert got == wanted, f"got:\n{_show(got)}\nexpected:\n{_show(wanted)}"


def test_every_expected_file_has_a_case() -> None:
    for folder in ("valid", "invalid"):
        for expected in (CASES / folder).glob("*.expected"):
            assert expected.with_suffix(".yaml").exists(), f"{folder}/{expected.name} has no .yaml beside it"


@pytest.mark.parametrize("path", [pytest.param(p, id=f"{p.parent.name}/{p.stem}") for p in VALID + INVALID])
def test_case_says_what_it_checks(path: Path) -> None:
    """Line 1 or 2 is a comment naming what the case checks and a FEATURES id (or the loader)."""
    head = path.read_bytes().split(b"\n")[:2]
    comments = [line.decode("utf-8", "replace") for line in head if line.lstrip().startswith(b"#")]
    assert comments, f"{path.name}: start with a comment saying what the case checks"
    assert any(re.search(r"\b(?:[A-Z]{2,3}-\d+|loader)\b", c) for c in comments), (
        f"{path.name}: the comment should cite a FEATURES id (e.g. CAL-2) or 'loader'"
    )


def test_every_rule_has_an_invalid_case() -> None:
    covered = {rule for path in INVALID for _, rule, _ in expected_findings(path.with_suffix(".expected"))}
    registered = set(RULES) | set(PARSE_RULES) | {"yaml"}
    missing = sorted(registered - covered)
    assert not missing, f"rule ids without an invalid case: {', '.join(missing)}"
    unknown = sorted(covered - registered)
    assert not unknown, f".expected files name rule ids that do not exist: {', '.join(unknown)}"


# --- engine behaviour on golden valid cases -----------------------------------------


def _at(path: Path, text: str) -> datetime:
    policy = load_policy(path)
    return datetime.fromisoformat(text).replace(tzinfo=policy.tz)


def test_missing_hours_section_means_08_to_19_every_day() -> None:
    """CAL-3: no `hours` section is 08:00-19:00, Monday to Sunday."""
    path = CASES / "valid" / "default-hours.yaml"
    policy = load_policy(path)
    for day in range(7):
        windows = policy.calendar.weekly.days[day]
        assert [str(w) for w in windows] == ["08:00-19:00"]
    assert snapshot(policy, _at(path, "2026-11-29T18:59")).open  # a Sunday
    assert not snapshot(policy, _at(path, "2026-11-29T19:00")).open


def test_cross_midnight_window_belongs_to_the_day_it_starts() -> None:
    """CAL-2: Saturday 01:30 is inside Friday's 22:00-02:00 window."""
    path = CASES / "valid" / "cross-midnight.yaml"
    policy = load_policy(path)
    snap = snapshot(policy, _at(path, "2026-11-28T01:30"))
    assert snap.open
    assert snap.plan.day.isoformat() == "2026-11-27"
    assert not snapshot(policy, _at(path, "2026-11-28T02:00")).open
    # Sunday 22:00-06:00 runs into Monday morning.
    assert snapshot(policy, _at(path, "2026-11-30T05:59")).open


def test_all_day_explain_names_the_day_itself() -> None:
    path = CASES / "valid" / "all-day.yaml"
    policy = load_policy(path)
    snap = snapshot(policy, _at(path, "2026-11-11T10:00"))
    assert snap.open
    assert snap.plan.day.isoformat() == "2026-11-11"


def test_window_in_the_skipped_dst_hour_does_not_open() -> None:
    path = CASES / "valid" / "dst-europe.yaml"
    policy = load_policy(path)
    # 2026-03-29 Europe/Berlin: 02:00 CET jumps to 03:00 CEST; 03:20 CEST is 01:20 UTC.
    at = datetime.fromisoformat("2026-03-29T01:20+00:00").astimezone(policy.tz)
    assert not snapshot(policy, at).open


def test_dst_windows_stay_local_wall_clock() -> None:
    """CAL-1: the Saturday 22:00-01:30 window closes at 01:30 local on the night of the change."""
    path = CASES / "valid" / "dst-europe.yaml"
    policy = load_policy(path)
    assert snapshot(policy, _at(path, "2026-03-29T01:00")).open
    assert not snapshot(policy, _at(path, "2026-03-29T01:45")).open
    assert snapshot(policy, _at(path, "2026-10-25T10:30")).open  # CET again after the autumn change


@pytest.mark.parametrize(
    ("local", "rule", "ref", "is_open"),
    [
        ("2026-11-21T11:00", "recurring_exception", "november-saturdays", True),
        ("2026-11-28T11:00", "exception", "inventory-day", False),  # dated beats recurring
        ("2026-12-05T11:00", "weekly", "", False),  # outside the cron rule's from/to
        ("2026-12-01T13:00", "recurring_exception", "first-of-month-short", False),
    ],
)
def test_exception_precedence(local: str, rule: str, ref: str, is_open: bool) -> None:
    """CAL-4: dated exception > recurring exception > weekly hours."""
    path = CASES / "valid" / "recurring-cron.yaml"
    snap = snapshot(load_policy(path), _at(path, local))
    assert (snap.plan.rule, snap.plan.ref, snap.open) == (rule, ref, is_open)


@pytest.mark.parametrize(
    ("local", "rule", "is_open"),
    [
        ("2026-10-02T11:00", "holiday", True),  # holiday_hours windows
        ("2026-10-02T13:00", "holiday", False),
        ("2026-10-10T14:30", "adjusted_workday", True),  # Saturday's 10:00-15:00
        ("2026-09-30T16:00", "exception", False),  # dated exception beats the calendar
        ("2026-09-29T16:00", "weekly", True),
    ],
)
def test_holiday_calendar_precedence(local: str, rule: str, is_open: bool) -> None:
    """CAL-5: holiday_hours and workday_hours; an exception beats the holiday calendar."""
    path = CASES / "valid" / "holidays-cn.yaml"
    snap = snapshot(load_policy(path), _at(path, local))
    assert (snap.plan.rule, snap.open) == (rule, is_open)


def test_zh_hant_tw_visitor_gets_the_zh_text() -> None:
    """MSG-6: zh-Hant-TW -> zh-Hant -> zh."""
    path = CASES / "valid" / "zh-hant-tw-fallback.yaml"
    policy = load_policy(path)
    snap = snapshot(policy, _at(path, "2026-11-23T10:00"), "zh-Hant-TW")
    assert snap.reply is not None
    assert snap.reply.kind == "welcome"
    assert snap.reply.language == "zh"


def test_yaml_11_words_stay_strings() -> None:
    """`no`, `off`, `19:00` and unquoted dates are read as written (YAML 1.2 core)."""
    policy = load_policy(CASES / "valid" / "yaml11-booleans.yaml")
    assert "no" in policy.messages.languages
    keywords = {k for reply in policy.quick_replies for k in reply.keywords}
    assert {"off", "on", "yes", "no"} <= keywords
    policy = load_policy(CASES / "valid" / "yaml11-sexagesimal.yaml")
    keywords = {k for reply in policy.quick_replies for k in reply.keywords}
    assert "19:00" in keywords


def test_merge_keys_fill_in_what_the_item_does_not_set() -> None:
    policy = load_policy(CASES / "valid" / "anchors-merge.yaml")
    by_id = {a.id: a for a in policy.agents}
    assert by_id["li.na"].max_chats == 8
    assert by_id["wang.fang"].max_chats == 12  # set on the item, wins over the merged default
    assert by_id["wang.fang"].teams == ("presale",)


def test_offline_reply_never_renders_an_empty_next_open() -> None:
    path = CASES / "valid" / "default-hours.yaml"
    policy = load_policy(path)
    snap = snapshot(policy, _at(path, "2026-11-23T10:00"), "en")
    assert snap.reply is not None
    assert "from ." not in snap.reply.text and "at ." not in snap.reply.text


def test_every_invalid_case_reads_in_chinese_and_stays_the_same_for_machines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under ``CS_LANG=zh`` every finding of every invalid case is shown in Chinese,
    and its place, rule, severity and (English, JSON) message do not change (UI-1)."""
    from cs import i18n

    english = {path: validate_file(path).findings for path in INVALID}
    monkeypatch.setenv("CS_LANG", "zh")
    i18n.reset()
    try:
        chinese = {path: validate_file(path).findings for path in INVALID}
    finally:
        monkeypatch.setenv("CS_LANG", "en")
        i18n.reset()
    untranslated = []
    for path in INVALID:
        assert [f.as_dict() for f in chinese[path]] == [f.as_dict() for f in english[path]], path.name
        for finding in chinese[path]:
            if not any("\u4e00" <= char <= "\u9fff" for char in finding.shown):
                untranslated.append(f"{path.name}:{finding.line}: {finding.rule}: {finding.shown}")
    assert not untranslated, "findings shown in English under CS_LANG=zh:\n" + "\n".join(untranslated)
    assert {f.rule for findings in chinese.values() for f in findings} >= set(RULES) | set(PARSE_RULES) | {"yaml"}

# covers: OPS-7 (how an expected value is compared with the answer)
"""The comparison rules of test files, one line each."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cs.engine.snapshot import snapshot
from cs.policytest import expect
from cs.report.explain import explain_dict
from cs.simulate.api import simulate
from cs.validate import load_policy


def fails(written: object, actual: object) -> list[tuple[str, str, str]]:
    found = expect.mismatches(expect.expectation(written), actual, "k")
    return [(m.key, m.expected.english, m.actual.english) for m in found]


@pytest.mark.parametrize(
    ("written", "actual"),
    [
        (3, 3),
        (0.5, 0.5),
        (None, None),
        ("2026-10-08T09:00", "2026-10-08T09:00+08:00"),  # local time written without its offset
        ("2026-11-23T09:00", "2026-11-23T09:00:00+08:00"),
        ("2026-10-08T09:00:00", "2026-10-08T09:00+08:00"),  # seconds written, none shown
        ("2026-10-08T01:00+00:00", "2026-10-08T09:00+08:00"),  # the same instant in UTC
        ("2026-10-08T01:00Z", "2026-10-08T09:00+08:00"),
        ({"min": 0.5}, 0.5),
        ({"max": 0}, 0),
        ({"min": 1, "max": 2}, ["a", "b"]),  # a range on a list bounds its length
        ({"contains": "10-08"}, "back at 2026-10-08 09:00"),
        ({"contains": ["ann"]}, [{"id": "ann"}, {"id": "bob"}]),
        ({"contains": "holiday data"}, ["2030-01-01 is outside the CN holiday data"]),
        ({"contains": "all-hands"}, {"kind": "offline", "text": "year-end all-hands"}),
        (["bob", "ann"], [{"id": "ann", "name": "Ann"}, {"id": "bob", "name": "Bob"}]),
        ({"on": True}, {"on": True, "trigger": "manual"}),  # only the named sub-keys
        ({"off_hours": {"en": {"min": 1}}}, {"off_hours": {"en": 2, "zh": 9}}),
    ],
)
def test_holds(written, actual):
    assert fails(written, actual) == []


@pytest.mark.parametrize(
    ("written", "actual", "shown"),
    [
        (1, True, ("k", "1", "true")),  # a boolean is not a number
        (False, 0, ("k", "false", "0")),
        ("2026-10-08T09:00", "2026-10-08T09:00:30+08:00", ("k", '"2026-10-08T09:00"', '"2026-10-08T09:00:30+08:00"')),
        (
            "2026-10-08T09:00+00:00",
            "2026-10-08T09:00+08:00",
            ("k", '"2026-10-08T09:00+00:00"', '"2026-10-08T09:00+08:00"'),
        ),
        (
            "2026-10-08",
            "2026-10-08T00:00+08:00",
            ("k", '"2026-10-08"', '"2026-10-08T00:00+08:00"'),
        ),  # a day, not a time
        ({"min": 0.5}, 0.4, ("k", ">= 0.5", "0.4")),
        ({"min": 1}, None, ("k", ">= 1", "null")),
        ({"max": 0}, ["a"], ("k", "<= 0", '["a"] (1 items)')),
        ({"contains": ["ann", "zoe"]}, [{"id": "ann"}], ("k", 'contains "zoe"', '["ann"]')),
        (["ann"], [{"id": "ann"}, {"id": "bob"}], ("k", '["ann"]', '["ann", "bob"]')),
        ({"trigger": "manual"}, {"trigger": "outside_hours"}, ("k.trigger", '"manual"', '"outside_hours"')),
        ({"off_hours": {"en": 1}}, {}, ("k.off_hours", "en: 1", "absent")),
        ({"kind": "off_hours"}, None, ("k", 'kind: "off_hours"', "null")),
    ],
)
def test_fails(written, actual, shown):
    assert fails(written, actual) == [shown]


def test_a_long_actual_value_is_cut_in_reports():
    shown = expect.show(["x" * 50] * 10).english
    assert len(shown) == expect.SHOWN and shown.endswith("...")


# --- the answer itself, written as the expectation, always holds ------------------------------

FULL = load_policy(Path(__file__).resolve().parents[1] / "examples" / "full.yaml")


@settings(max_examples=40, deadline=None)
@given(
    at=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31, 23, 59)),
    lang=st.sampled_from([None, "zh", "en", "en-GB"]),
)
def test_explain_answer_written_back_as_expectations_holds_and_a_flipped_open_fails(at, lang):
    answer = json.loads(json.dumps(explain_dict(FULL, snapshot(FULL, at.replace(tzinfo=FULL.tz), lang), [])))
    for key, value in answer.items():
        assert list(expect.mismatches(expect.expectation(value), answer[key], key)) == []
    flipped = list(expect.mismatches(expect.expectation(not answer["open"]), answer["open"], "open"))
    assert [m.key for m in flipped] == ["open"]


def test_a_simulate_summary_written_back_as_expectations_holds():
    summary = simulate(FULL, None, date(2026, 11, 23), keep_timeline=False).summary.as_dict()
    answer = json.loads(json.dumps(summary))
    for key, value in answer.items():
        assert list(expect.mismatches(expect.expectation(value), answer[key], key)) == [], key
    assert [m.key for m in expect.mismatches(expect.expectation(answer["served"] + 1), answer["served"], "s")] == ["s"]


def test_a_range_reads_with_the_separator_of_the_language(language):  # covers: OPS-7
    shape = expect.expectation({"min": 1, "max": 10})
    assert expect.describe(shape).shown == ">= 1; <= 10"  # English, as the JSON says it
    language("zh")
    described = expect.describe(shape)
    assert described.shown == ">= 1；<= 10" and described.english == ">= 1; <= 10"

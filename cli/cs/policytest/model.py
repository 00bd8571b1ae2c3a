"""Test files (``*.test.yaml``, ``schema/policytest.schema.json``) as typed, frozen data.

A test file is loaded like a policy: located YAML -> its own JSON Schema ->
typed :class:`TestFile`. Every problem is a located
:class:`~cs.findings.Finding` (``file:line:col``), all of them at once, in
:class:`BrokenTestFile`; a test file is never checked against the policy
schema, nor a policy against this one.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from cs.errors import CsError, LoadError
from cs.findings import Finding, Severity
from cs.i18n import N_, ngettext
from cs.i18n.message import Message, message, verbatim
from cs.load.yaml_loader import TEST_FILE, LoadedDocument, load_file
from cs.model.timefmt import FormatError, parse_date, parse_local_datetime, quote
from cs.policytest.events import CHECK_KEYS, EventCheck, event_check
from cs.policytest.expect import Expectation, expectation
from cs.schema import schema_messages
from cs.simulate.scenario import Scenario, build_scenario, value_problems
from cs.simulate.timeline import EVENT_EXTRAS
from cs.validate import load_error_finding

RUN_KEYS = ("day", "days", "scenario")
"""Keys of ``simulate`` that say how to run; the others are the scenario's own."""


class BrokenTestFile(CsError):
    """A test file (or the policy or scenario it names) cannot be used; ``findings`` says where."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(sorted(set(findings)))
        count = len(self.findings)
        first = self.findings[0]
        super().__init__(
            ngettext(
                "{count} problem in test files; first: {location}: {rule} {message}",
                "{count} problems in test files; first: {location}: {rule} {message}",
                count,
            ).format(count=count, location=first.location, rule=first.rule, message=first.shown)
        )


@dataclass(frozen=True)
class Expect:
    key: str
    check: Expectation
    line: int
    """Where the expectation is written (for annotations)."""


@dataclass(frozen=True)
class Run:
    """A ``simulate`` test's run: like ``cs simulate --day --days --scenario --seed``."""

    day: date
    days: int
    scenario_file: Path | None
    scenario: Scenario | None
    """Written inline; None with a file or for the built-in synthetic day."""
    seed: int | None
    where: tuple[str | int, ...]


@dataclass(frozen=True)
class PolicyTest:
    name: str
    line: int
    at: datetime | None
    """Naive local time in the policy's zone (``at`` tests)."""
    lang: str | None
    run: Run | None
    expects: tuple[Expect, ...]
    events: tuple[tuple[EventCheck, int], ...]
    """Timeline checks with the line each is written on (``simulate`` tests)."""


@dataclass(frozen=True)
class TestFile:
    source: str
    policy: Path
    """Resolved relative to the test file."""
    tests: tuple[PolicyTest, ...]
    doc: LoadedDocument = field(repr=False, compare=False)
    """The located tree, to place problems found later (a policy or scenario that does not fit)."""


def located(doc: LoadedDocument, path: Sequence[str | int], key: bool, rule: str, message: str | Message) -> Finding:
    mark = doc.locate(path, key=key)
    text = verbatim(message) if isinstance(message, str) else message
    return Finding.of(doc.source, mark.line, mark.col, rule, Severity.ERROR, text)


def _parse_problems(doc: LoadedDocument) -> Iterator[Finding]:
    """What the schema cannot say: times that parse, inline scenarios that follow their schema."""
    for i, test in enumerate(doc.data["tests"]):
        name = test.get("name")
        if isinstance(name, str) and any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in name):
            yield located(
                doc,
                ("tests", i, "name"),
                False,
                "test-name",
                message(
                    N_(
                        "the test name {name} holds a control character (a newline, tab or escape): "
                        "write it on one line"
                    ),
                    name=quote(name),
                ),
            )
        run = test.get("simulate")
        if run is not None:
            inline = {k: v for k, v in run.items() if k not in RUN_KEYS}
            if "scenario" in run and set(inline) - {"seed"}:
                yield located(
                    doc,
                    ("tests", i, "simulate", "scenario"),
                    True,
                    "test-scenario",
                    message(
                        N_(
                            "give a scenario file or the scenario's keys inline, not both "
                            "(only seed may override the file's)"
                        )
                    ),
                )
            elif "scenario" not in run:
                schema = list(schema_messages(inline, "scenario"))
                for path, key, rule, text in schema:
                    yield located(doc, ("tests", i, "simulate", *path), key, rule, text)
                if not schema:
                    for path, text in value_problems(inline):
                        yield located(doc, ("tests", i, "simulate", *path), False, "test-scenario", text)
        for path, value in _not_finite(test.get("expect", {}), ("tests", i, "expect")):
            yield located(
                doc,
                path,
                False,
                "test-range",
                message(N_("{value} is not a finite number: no value can match it; write a number"), value=value),
            )
        for path, low, high in _ranges(test.get("expect", {}), ("tests", i, "expect")):
            if low > high:
                yield located(
                    doc,
                    (*path, "min"),
                    False,
                    "test-range",
                    message(N_("min {low} is above max {high}: no value can pass; swap them"), low=low, high=high),
                )
        run = _simulated_days(test)
        for j, check in enumerate(test.get("expect", {}).get("events", ())):
            bad = False
            for name in ("at", "after", "before"):
                if name in check:
                    try:
                        event_check({name: check[name]})
                    except FormatError as error:
                        bad = True
                        yield located(
                            doc, ("tests", i, "expect", "events", j, name), False, "datetime-invalid", error.text
                        )
            problem = None if bad else _window_problem(check, run)
            if problem is not None:
                at_key, why = problem
                yield located(doc, ("tests", i, "expect", "events", j, at_key), False, "test-range", why)
            yield from _check_problems(doc, ("tests", i, "expect", "events", j), check)


def _check_problems(doc: LoadedDocument, where: tuple[Any, ...], check: Mapping[str, Any]) -> Iterator[Finding]:
    """An event check that cannot fail (a count any number of events meets), or that
    names an extra its kind of event never carries (it can only count nothing)."""
    count = check.get("count")
    if isinstance(count, Mapping) and not count.get("min") and count.get("max") is None:
        text = message(
            N_(
                "count {count} holds for any number of events, so the check cannot fail; "
                "give a max, a min above 0, or count: 0 for never"
            ),
            count=verbatim(_flow(count)),
        )
        yield located(doc, (*where, "count"), False, "test-range", text)
    kind = check["kind"]
    carried = EVENT_EXTRAS[kind]
    for key in check:
        if key not in CHECK_KEYS and key not in carried:
            text = message(
                N_(
                    "{kind} events never carry {key}, so this check can only count nothing; "
                    "{kind} events carry: {extras}"
                )
                if carried
                else N_("{kind} events carry no extras, so this check on {key} can only count nothing"),
                kind=kind,
                key=key,
                extras=", ".join(carried),
            )
            yield located(doc, (*where, key), True, "test-unknown-id", text)


def _flow(mapping: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in mapping.items()) + "}"


def _window_problem(check: Mapping[str, Any], run: tuple[date, date] | None) -> tuple[str, Message] | None:
    """The event check's time it can never match by (the key to point at, and why):
    ``at`` before ``after``, a window no time falls in, or a dated time outside the
    simulated days."""
    if "at" in check and "after" in check and not _before(check["after"], check["at"], True):
        return "at", message(
            N_("at {at} is before after {after}: no event can match; leave one out"),
            at=check["at"],
            after=check["after"],
        )
    if _empty_window(check):
        return "before", message(
            N_(
                "no time is at or after {after} and before {before}: no event can match; "
                "for a window across midnight write two checks"
            ),
            after=check.get("at", check.get("after")),
            before=check["before"],
        )
    outside = None if run is None else _outside_the_run(check, run)
    if outside is not None and run is not None:
        return outside, message(
            N_(
                "{name} {value} is outside the simulated days ({first} .. {last}): no event can match; "
                "write a time within them"
            ),
            name=outside,
            value=check[outside],
            first=run[0].isoformat(),
            last=(run[1] - timedelta(days=1)).isoformat(),
        )
    return None


def _simulated_days(test: Mapping[str, Any]) -> tuple[date, date] | None:
    """The first simulated day and the day after the last, of a ``simulate`` test."""
    run = test.get("simulate")
    if not isinstance(run, Mapping) or "day" not in run:
        return None
    try:
        first = parse_date(run["day"])
    except FormatError:
        return None
    return first, first + timedelta(days=run.get("days", 1))


def _outside_the_run(check: Mapping[str, Any], run: tuple[date, date]) -> str | None:
    """Which of an event check's dated ``at``, ``after`` or ``before`` puts its window
    outside the simulated days, if one does."""
    start, end = (datetime.combine(day, time()) for day in run)
    bounds = event_check({k: check[k] for k in ("at", "after", "before") if k in check})
    if bounds.at is not None and bounds.at.day is not None and not start <= bounds.at.day < end:
        return "at"
    if bounds.after is not None and bounds.after.day is not None and bounds.after.day >= end:
        return "after"
    if bounds.before is not None and bounds.before.day is not None and bounds.before.day <= start:
        return "before"
    return None


def _empty_window(check: Mapping[str, Any]) -> bool:
    """An ``after``/``at`` not before the ``before`` of the same kind (both times of day, or
    both dates and times): a window no event falls in."""
    start = check.get("at", check.get("after"))
    return start is not None and "before" in check and not _before(start, check["before"])


def _before(first: str, second: str, or_same: bool = False) -> bool:
    """Whether the written time ``first`` is before ``second`` (``or_same``: or at it);
    True when one is a time of day and the other a date and time (they may well meet)."""
    low, high = event_check({"after": first}).after, event_check({"before": second}).before
    assert low is not None and high is not None
    if low.clock is not None and high.clock is not None:
        return low.clock < high.clock or (or_same and low.clock == high.clock)
    if low.day is not None and high.day is not None:
        return low.day < high.day or (or_same and low.day == high.day)
    return True


def _nested(written: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every value of an expectation, nested ones too, with its path."""
    yield path, written
    items = written.items() if isinstance(written, Mapping) else enumerate(written) if isinstance(written, list) else ()
    for key, value in items:
        yield from _nested(value, (*path, key))


def _not_finite(written: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], float]]:
    """Every NaN or infinity of an expectation (YAML's ``.nan``, ``.inf``) no value can
    match, with its path: an open end of a range (``max: .inf``, ``min: -.inf``) can."""
    for where, value in _nested(written, path):
        if isinstance(value, float) and not math.isfinite(value):
            bound = where[-1] if where else None
            if not ((bound == "max" and value > 0) or (bound == "min" and value < 0)):
                yield where, value


def _ranges(written: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], float, float]]:
    """Every ``{min, max}`` of an expectation, with its path (an event check's
    ``count`` in the ``events`` list too)."""
    for where, value in _nested(written, path):
        if isinstance(value, Mapping):
            low, high = value.get("min"), value.get("max")
            if isinstance(low, int | float) and isinstance(high, int | float):
                yield where, low, high


def _run(raw: Mapping[str, Any], base: Path, doc: LoadedDocument, where: tuple[str | int, ...]) -> Run:
    inline = {k: v for k, v in raw.items() if k not in RUN_KEYS}
    scenario = None
    if "scenario" not in raw and set(inline) - {"seed"}:
        scenario = build_scenario(inline, f"{doc.source} ({'.'.join(map(str, where))})")
    return Run(
        day=parse_date(raw["day"]),
        days=raw.get("days", 1),
        scenario_file=base / raw["scenario"] if "scenario" in raw else None,
        scenario=scenario,
        seed=raw.get("seed"),
        where=where,
    )


def _test(raw: Mapping[str, Any], i: int, base: Path, doc: LoadedDocument) -> PolicyTest:
    where: tuple[str | int, ...] = ("tests", i)
    expect = raw["expect"]
    return PolicyTest(
        name=raw["name"],
        line=doc.locate(where).line,
        at=parse_local_datetime(raw["at"]) if "at" in raw else None,
        lang=raw.get("lang"),
        run=_run(raw["simulate"], base, doc, (*where, "simulate")) if "simulate" in raw else None,
        expects=tuple(
            Expect(key, expectation(value), doc.locate((*where, "expect", key), key=True).line)
            for key, value in expect.items()
            if key != "events"
        ),
        events=tuple(
            (event_check(check), doc.locate((*where, "expect", "events", j)).line)
            for j, check in enumerate(expect.get("events", ()))
        ),
    )


def load_test_file(path: str | os.PathLike[str]) -> TestFile:
    """Load and check one test file; :class:`BrokenTestFile` lists every problem."""
    try:
        doc = load_file(path, TEST_FILE)
    except LoadError as error:
        if not error.line:
            raise
        raise BrokenTestFile([load_error_finding(error)]) from None
    data = doc.data
    if isinstance(data, Mapping) and "tests" not in data and "policy" not in data and "timezone" in data:
        text = message(N_("this is a policy, not a test file: give the *.test.yaml that names it (policy:, tests:)"))
        raise BrokenTestFile([located(doc, (), False, "schema", text)])
    found = [located(doc, p, key, rule, message) for p, key, rule, message in schema_messages(data, "policytest")]
    if not found:
        found = list(_parse_problems(doc))
    if found:
        raise BrokenTestFile(found)
    base = Path(doc.source).parent
    return TestFile(
        source=doc.source,
        policy=base / doc.data["policy"],
        tests=tuple(_test(t, i, base, doc) for i, t in enumerate(doc.data["tests"])),
        doc=doc,
    )

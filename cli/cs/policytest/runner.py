"""Running policy tests: each ``at`` test asks the same library functions as
``cs explain --format json`` (snapshot -> ``explain_dict``), each ``simulate``
test runs the simulator like ``cs simulate`` and reads its summary and
timeline. Nothing here decides what a policy does; it only compares.

Every test file, and the policy and scenario each names, is loaded and checked
before any test runs, so a broken file is reported with all its problems and
no half-run result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cs.errors import CsError, LoadError, UsageError
from cs.findings import Finding
from cs.i18n import N_, _
from cs.i18n.message import Message, message
from cs.model.policy import Policy
from cs.policytest.events import falls_short
from cs.policytest.expect import ABSENT, Shape, mismatches
from cs.policytest.model import BrokenTestFile, PolicyTest, TestFile, load_test_file, located
from cs.simulate.scenario import Scenario, load_scenario, policy_problems
from cs.simulate.summary import COUNTS

TEST_SUFFIX = ".test.yaml"


@dataclass(frozen=True)
class Failure:
    key: str
    expected: Message
    actual: Message
    line: int


@dataclass(frozen=True)
class TestResult:
    name: str
    line: int
    kind: str
    """``at`` or ``simulate``."""
    failures: tuple[Failure, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class FileResult:
    source: str
    policy: str
    results: tuple[TestResult, ...]


def find_test_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given; directories searched for ``*.test.yaml`` (hidden folders such as
    ``.git`` and ``.venv`` skipped), sorted."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            p
            for p in path.rglob(f"*{TEST_SUFFIX}")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts[:-1])
        )
        if not found:
            raise UsageError(_("{path}: no {suffix} files in this directory").format(path=path, suffix=TEST_SUFFIX))
        files.extend(found)
    return files


@dataclass(frozen=True)
class _Prepared:
    file: TestFile
    policy: Policy
    scenarios: dict[int, Scenario | None]
    """Per test index: the scenario it runs (None: built-in)."""


def _policy(test_file: TestFile) -> Policy | list[Finding]:
    from cs.validate import validate_file

    doc = test_file.doc
    try:
        validation = validate_file(test_file.policy)
    except LoadError as error:
        whole, prefix = error.located, f"{error.source}: "
        reason = Message(whole.english.removeprefix(prefix), whole.shown.removeprefix(prefix))
        text = message(N_("policy {policy}: {reason}"), policy=test_file.policy, reason=reason)
        return [located(doc, ("policy",), False, "test-policy", text)]
    if validation.errors or validation.policy is None:
        count = len(validation.errors)
        text = message(
            N_("policy {policy} does not validate (errors: {count}); fix it first"),
            policy=test_file.policy,
            count=count,
        )
        head = located(doc, ("policy",), False, "test-policy", text)
        return [head, *validation.errors]
    return validation.policy


def _scenario(test_file: TestFile, test: PolicyTest, policy: Policy) -> Scenario | list[Finding] | None:
    run = test.run
    assert run is not None
    doc = test_file.doc
    if run.scenario_file is not None:
        try:
            return load_scenario(run.scenario_file, policy)
        except CsError as error:
            where = (*run.where, "scenario")
            return [located(doc, where, False, "test-scenario", line) for line in str(error).splitlines()]
    if run.scenario is None:
        return None
    found = [
        located(doc, (*run.where, *path), False, "test-scenario", message)
        for path, message in policy_problems(run.scenario, policy)
    ]
    return found or run.scenario


def _prepare(paths: Sequence[Path]) -> list[_Prepared]:
    found: list[Finding] = []
    prepared = []
    for path in find_test_files(paths):
        try:
            test_file = load_test_file(path)
        except BrokenTestFile as error:
            found.extend(error.findings)
            continue
        policy = _policy(test_file)
        if isinstance(policy, list):
            found.extend(policy)
            continue
        scenarios: dict[int, Scenario | None] = {}
        for i, test in enumerate(test_file.tests):
            if test.run is not None:
                scenario = _scenario(test_file, test, policy)
                if isinstance(scenario, list):
                    found.extend(scenario)
                else:
                    scenarios[i] = scenario
                    found.extend(_unknown_ids(test_file, i, test, policy, scenario))
        prepared.append(_Prepared(test_file, policy, scenarios))
    if found:
        raise BrokenTestFile(found)
    return prepared


def _unknown_ids(
    test_file: TestFile, index: int, test: PolicyTest, policy: Policy, scenario: Scenario | None
) -> list[Finding]:
    """Event checks naming an agent the policy does not have, a visitor the scenario
    does not list (synthetic visitors, s1, s2 ..., only with traffic), or a reply
    language, offline-message destination or category the policy cannot give: such a
    check can only count nothing, so ``count: 0`` on a misspelt value would pass
    whatever happens."""
    from cs.engine.presence import effective_agents
    from cs.engine.routing import offline_account

    agents = [agent.id for agent in effective_agents(policy)]
    destination = offline_account(policy)  # the shop's main account receives even when not listed
    if destination is not None and destination not in agents:
        agents.append(destination)
    visitors = {v.id for v in scenario.visitors} if scenario is not None else set()
    synthetic = scenario is None or scenario.traffic is not None  # s1, s2 ... exist only with traffic
    found = []
    for j, (check, _line) in enumerate(test.events):
        selected = dict(check.columns)
        where = ("tests", index, "expect", "events", j)
        agent, visitor = selected.get("agent"), selected.get("visitor")
        if agent is not None and agent not in agents:
            text = message(
                N_("policy {policy} has no agent '{id}', so this check can only count nothing; its agents: {ids}"),
                policy=test_file.policy,
                id=agent,
                ids=", ".join(agents[:10]) + (" ..." if len(agents) > 10 else ""),
            )
            found.append(located(test_file.doc, (*where, "agent"), False, "test-unknown-id", text))
        named = synthetic and re.fullmatch(r"s[1-9][0-9]*", str(visitor)) is not None
        if visitor is not None and visitor not in visitors and not named:
            text = message(
                N_(
                    "the scenario has no visitor '{id}', so this check can only count nothing; "
                    "name a visitor it lists, or s1, s2 ... for synthetic visitors"
                ),
                id=visitor,
            )
            found.append(located(test_file.doc, (*where, "visitor"), False, "test-unknown-id", text))
        extras = dict(check.extras)
        for key, template, known in _values(policy, agents):
            value = extras.get(key)
            if value is not None and value not in known:
                text = message(template, policy=test_file.policy, value=value, known=", ".join(known))
                found.append(located(test_file.doc, (*where, key), False, "test-unknown-id", text))
    found.extend(_unknown_names(test_file, index, test, policy, agents))
    return found


def _unknown_names(
    test_file: TestFile, index: int, test: PolicyTest, policy: Policy, agents: list[str]
) -> Iterator[Finding]:
    """Names in a summary count map (``auto_replies: {queue: {max: 0}}``) the policy can
    never count: a missing name counts 0, so a misspelt one would pass whatever happens."""
    kinds = {kind: sorted(language for language, _ in text.texts) for kind, text in policy.messages.kinds}
    names: dict[str, list[str]] = {
        "auto_replies": list(kinds),
        "offline_message_destinations": ["message_pool", *agents],
        "offline_message_categories": [*(c.id for c in policy.offline.categories), "uncategorised"],
        "quick_replies": [reply.id for reply in policy.quick_replies],
    }
    for expect in test.expects:
        if expect.key not in names or not isinstance(expect.check, Shape):
            continue
        where = ("tests", index, "expect", expect.key)
        for name, sub in expect.check.fields:
            if name not in names[expect.key]:
                yield _never_counted(test_file, (*where, name), expect.key, name, names[expect.key])
            elif expect.key == "auto_replies" and isinstance(sub, Shape):
                for language, _check in sub.fields:
                    if language not in kinds[name]:
                        key = f"auto_replies.{name}"
                        yield _never_counted(test_file, (*where, name, language), key, language, kinds[name])


def _never_counted(test_file: TestFile, where: tuple[Any, ...], key: str, name: str, known: list[str]) -> Finding:
    text = message(
        N_("{key} never counts '{name}' in policy {policy}: it is 0 whatever happens; it counts: {known}"),
        key=key,
        name=name,
        policy=test_file.policy,
        known=", ".join(known) or "-",
    )
    return located(test_file.doc, where, True, "test-unknown-id", text)


def _values(policy: Policy, agents: list[str]) -> list[tuple[str, str, list[str]]]:
    """The extras whose values the policy decides: (key, the finding, every value it can give)."""
    languages = {language for _kind, text in policy.messages.kinds for language, _template in text.texts}
    return [
        (
            "language",
            N_(
                "policy {policy} has no automatic message in '{value}', so this check can only count nothing; "
                "its languages: {known}"
            ),
            sorted(languages),
        ),
        (
            "destination",
            N_(
                "offline messages of policy {policy} never go to '{value}', so this check can only count nothing; "
                "they go to: {known}"
            ),
            ["message_pool", *agents],
        ),
        (
            "category",
            N_(
                "policy {policy} has no offline-message category '{value}', so this check can only count nothing; "
                "its categories: {known}"
            )
            if policy.offline.categories
            else N_(
                "policy {policy} sorts offline messages into no categories (offline.categories), "
                "so this check on '{value}' can only count nothing"
            ),
            [category.id for category in policy.offline.categories],
        ),
    ]


def _explain(policy: Policy, test: PolicyTest) -> dict[str, Any]:
    """The answer of ``cs explain --format json`` (as JSON values: lists, not tuples)."""
    from cs.engine.instants import as_real, explain_instants
    from cs.report.explain import explain_dict

    assert test.at is not None
    instant = test.at.replace(tzinfo=policy.tz)
    explained = next(explain_instants(policy, [as_real(instant)], test.lang, [instant]))
    answer: dict[str, Any] = explain_dict(policy, explained.snapshot, explained.warnings)
    return dict(json.loads(json.dumps(answer)))


def _simulate(policy: Policy, test: PolicyTest, scenario: Scenario | None) -> tuple[dict[str, Any], list[Failure]]:
    from cs.simulate.api import simulate

    run = test.run
    assert run is not None
    result = simulate(policy, scenario, run.day, run.days, run.seed, keep_timeline=bool(test.events))
    timeline = result.timeline or ()
    failures = []
    for index, (check, line) in enumerate(test.events):
        shortfall = falls_short(check, timeline, result.clock)
        if shortfall is not None:
            failures.append(Failure(f"events[{index}]", check.describe(), shortfall, line))
    return dict(json.loads(json.dumps(result.summary.as_dict()))), failures


def _run_test(prepared: _Prepared, index: int, test: PolicyTest) -> TestResult:
    if test.run is None:
        actual, failures = _explain(prepared.policy, test), list[Failure]()
    else:
        actual, failures = _simulate(prepared.policy, test, prepared.scenarios[index])
    counts = {} if test.run is None else COUNTS
    for expect in test.expects:
        failures.extend(
            Failure(m.key, m.expected, m.actual, expect.line)
            for m in mismatches(expect.check, actual.get(expect.key, ABSENT), expect.key, counts.get(expect.key, 0))
        )
    return TestResult(test.name, test.line, "at" if test.run is None else "simulate", tuple(failures))


def run_tests(paths: Sequence[Path], pattern: str | None = None) -> list[FileResult]:
    """Load every test file under ``paths``, then run the tests whose name matches
    ``pattern`` (a regular expression, searched). :class:`BrokenTestFile` when a file,
    its policy or a scenario cannot be used; :class:`UsageError` when no test is selected."""
    try:
        selected = re.compile(pattern or "")
    except re.error as error:
        raise UsageError(
            _("--run '{pattern}' is not a regular expression: {error}").format(pattern=pattern, error=error)
        ) from None
    results = []
    for prepared in _prepare(paths):
        chosen = [(i, t) for i, t in enumerate(prepared.file.tests) if selected.search(t.name)]
        if chosen:
            results.append(
                FileResult(
                    prepared.file.source,
                    str(prepared.file.policy),
                    tuple(_run_test(prepared, i, t) for i, t in chosen),
                )
            )
    if not results:
        raise UsageError(_("no test name matches --run '{pattern}'").format(pattern=pattern))
    return results

"""Reporters for ``cs test``: text, json, junit, github (chosen by name).

Text names each failing test with its expected and actual values side by side;
json is versioned with stable keys; junit has one test case per policy test;
github prints workflow commands that annotate the failing expectation's line.
A broken test file is reported by the findings reporters of ``cs validate``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from xml.etree import ElementTree as ET

from tabulate import tabulate

from cs.i18n import N_, _, ngettext, pgettext
from cs.i18n.message import message
from cs.policytest.runner import FileResult, TestResult
from cs.report.junit import junit_document

JSON_FORMAT_VERSION = 1


def _counts(files: Sequence[FileResult]) -> tuple[int, int]:
    results = [r for f in files for r in f.results]
    failed = sum(1 for r in results if not r.passed)
    return len(results) - failed, failed


def summary_line(files: Sequence[FileResult]) -> str:
    passed, failed = _counts(files)
    return ngettext(
        "{passed} passed, {failed} failed in {count} file",
        "{passed} passed, {failed} failed in {count} files",
        len(files),
    ).format(passed=passed, failed=failed, count=len(files))


def _table(result: TestResult) -> str:
    """The failures of ``result``, one row each, as a person reads them."""
    rows = [(f.key, f.expected.shown, f.actual.shown) for f in result.failures]
    headers = [_("key"), _("expected"), _("actual")]
    return str(tabulate(rows, headers=headers, disable_numparse=True))


def _failure_line(key: str, expected: str, actual: str) -> str:
    return message(N_("{key}: expected {expected}, actual {actual}"), key=key, expected=expected, actual=actual).shown


def text(files: Sequence[FileResult]) -> str:
    lines = []
    for f in files:
        lines.append(_("{source} (policy {policy})").format(source=f.source, policy=f.policy))
        for r in f.results:
            status = pgettext("test status", "PASS") if r.passed else pgettext("test status", "FAIL")
            lines.append(f"  {status}  {r.name}")
            if not r.passed:
                lines.append("        " + _("at {location}").format(location=f"{f.source}:{r.line}"))
                lines.extend(f"        {row}" for row in _table(r).splitlines())
    lines.append(summary_line(files))
    return "\n".join(lines)


def as_json(files: Sequence[FileResult]) -> str:
    passed, failed = _counts(files)
    document = {
        "version": JSON_FORMAT_VERSION,
        "passed": failed == 0,
        "summary": {"files": len(files), "tests": passed + failed, "passed": passed, "failed": failed},
        "files": [
            {
                "path": f.source,
                "policy": f.policy,
                "tests": [
                    {
                        "name": r.name,
                        "line": r.line,
                        "kind": r.kind,
                        "passed": r.passed,
                        "failures": [
                            {"key": x.key, "expected": x.expected.english, "actual": x.actual.english, "line": x.line}
                            for x in r.failures
                        ],
                    }
                    for r in f.results
                ],
            }
            for f in files
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def junit(files: Sequence[FileResult]) -> str:
    """One test suite per test file, one test case per policy test."""
    passed, failed = _counts(files)
    root = ET.Element("testsuites", name="cs test", tests=str(passed + failed), failures=str(failed), errors="0")
    for f in files:
        suite = ET.SubElement(
            root,
            "testsuite",
            name=f.source,
            tests=str(len(f.results)),
            failures=str(sum(1 for r in f.results if not r.passed)),
            errors="0",
        )
        for r in f.results:
            case = ET.SubElement(suite, "testcase", classname=f.source, name=r.name, file=f.source, line=str(r.line))
            if not r.passed:
                first = r.failures[0]
                failure = ET.SubElement(
                    case,
                    "failure",
                    type="expectation",
                    message=_failure_line(first.key, first.expected.shown, first.actual.shown),
                )
                failure.text = _table(r)
    return junit_document(root)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(files: Sequence[FileResult]) -> str:
    """An error annotation on each failing expectation's line, then the counts."""
    lines = []
    for f in files:
        for r in f.results:
            for x in r.failures:
                props = (
                    f"file={_escape_property(f.source)},line={x.line},title={_escape_property('cs test: ' + r.name)}"
                )
                line = _failure_line(x.key, x.expected.shown, x.actual.shown)
                lines.append(f"::error {props}::{_escape_data(line)}")
    lines.append(summary_line(files))
    return "\n".join(lines)


REPORTERS: dict[str, Callable[[Sequence[FileResult]], str]] = {
    "text": text,
    "json": as_json,
    "junit": junit,
    "github": github,
}


def report(files: Sequence[FileResult], fmt: str) -> str:
    return REPORTERS[fmt](files)


def failed(files: Sequence[FileResult]) -> bool:
    return any(not r.passed for f in files for r in f.results)

"""Reporters for validation findings: text, json, github, junit (OPS-1)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from xml.etree import ElementTree as ET

from cs.findings import Finding, Severity
from cs.validate import Validation

JSON_FORMAT_VERSION = 1


def _counts(results: Sequence[Validation]) -> tuple[int, int]:
    findings = [f for r in results for f in r.findings]
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    return errors, len(findings) - errors


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def text(results: Sequence[Validation]) -> str:
    lines = [f"{f.location}: {f.severity.value} {f.rule} {f.message}" for r in results for f in r.findings]
    errors, warnings = _counts(results)
    files = _plural(len(results), "file")
    if errors or warnings:
        lines.append(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {files}")
    else:
        lines.append(f"{files} valid")
    return "\n".join(lines)


def as_json(results: Sequence[Validation]) -> str:
    errors, warnings = _counts(results)
    document = {
        "version": JSON_FORMAT_VERSION,
        "valid": errors == 0,
        "summary": {"files": len(results), "errors": errors, "warnings": warnings},
        "files": [
            {"path": r.source, "valid": not r.errors, "findings": [f.as_dict() for f in r.findings]} for r in results
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(results: Sequence[Validation]) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's lines."""
    lines = []
    for r in results:
        for f in r.findings:
            level = "error" if f.severity is Severity.ERROR else "warning"
            props = f"file={_escape_property(f.path)},line={f.line},col={f.col},title={_escape_property(f.rule)}"
            lines.append(f"::{level} {props}::{_escape_data(f.message)}")
    return "\n".join(lines)


def junit(results: Sequence[Validation]) -> str:
    """One test suite, one test case per file; each finding is a failure of its file."""
    suite = ET.Element(
        "testsuite",
        name="cs validate",
        tests=str(len(results)),
        failures=str(sum(1 for r in results if r.errors)),
        errors="0",
    )
    for r in results:
        case = ET.SubElement(suite, "testcase", classname="cs.validate", name=r.source)
        for f in r.findings:
            tag = "failure" if f.severity is Severity.ERROR else "system-out"
            element = ET.SubElement(case, tag)
            if tag == "failure":
                element.set("type", f.rule)
                element.set("message", f"{f.location}: {f.message}")
            element.text = f"{f.location}: {f.severity.value} {f.rule} {f.message}"
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode")


REPORTERS: dict[str, Callable[[Sequence[Validation]], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "junit": junit,
}


def report(results: Sequence[Validation], fmt: str) -> str:
    return REPORTERS[fmt](results)


def failed(results: Sequence[Validation], strict: bool) -> bool:
    findings: list[Finding] = [f for r in results for f in r.findings]
    return any(f.severity is Severity.ERROR or strict for f in findings)

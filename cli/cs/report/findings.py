"""Reporters for validation findings: text, json, github, junit (OPS-1).

Each says what the exit code says: under ``--strict`` a warning fails its file in
the JSON ``valid`` flags and is a JUnit failure; a file that cannot be read is an
error (JSON ``error``, a JUnit ``<error>``, a GitHub error annotation).

What machines read stays English in every language (UI-1): the JSON document, the
severities, rule ids and ``file:line:col``, the annotation and JUnit structure.
The sentences a person reads (each finding's message, the summary, the
annotation and JUnit message texts) are in the language of the process.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from xml.etree import ElementTree as ET

from cs.findings import Finding, Severity
from cs.i18n import _, ngettext
from cs.report.junit import junit_document
from cs.validate import Validation

JSON_FORMAT_VERSION = 1


def _counts(results: Sequence[Validation]) -> tuple[int, int]:
    findings = [f for r in results for f in r.findings]
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    return errors, len(findings) - errors


def _fails(finding: Finding, strict: bool) -> bool:
    return strict or finding.severity is Severity.ERROR


def _file_failed(result: Validation, strict: bool) -> bool:
    return result.unreadable is not None or any(_fails(f, strict) for f in result.findings)


def _line(finding: Finding) -> str:
    return f"{finding.location}: {finding.severity.value} {finding.rule} {finding.shown}"


def summary(results: Sequence[Validation], strict: bool) -> str:
    """The last line of the text report: "2 errors, 1 warning in 3 files"."""
    errors, warnings = _counts(results)
    unreadable = sum(1 for r in results if r.unreadable)
    readable = len(results) - unreadable
    files = ngettext("{count} file", "{count} files", readable).format(count=readable)
    if errors or warnings:
        line = _("{errors}, {warnings} in {files}").format(
            errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
            warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
            files=files,
        )
        if warnings and strict and not errors:
            line = _("{summary} (--strict: warnings fail)").format(summary=line)
    else:
        line = _("{files} valid").format(files=files)
    if unreadable:
        line = _("{summary}; {count} unreadable").format(summary=line, count=unreadable)
    return line


def text(results: Sequence[Validation], strict: bool) -> str:
    """One line per finding, then a summary; unreadable files get their own
    ``cs: error:`` line on standard error from the command."""
    lines = [_line(f) for r in results for f in r.findings]
    lines.append(summary(results, strict))
    return "\n".join(lines)


def as_json(results: Sequence[Validation], strict: bool) -> str:
    errors, warnings = _counts(results)
    files = []
    for r in results:
        entry: dict[str, object] = {
            "path": r.source,
            "valid": not _file_failed(r, strict),
            "findings": [f.as_dict() for f in r.findings],
        }
        if r.unreadable:
            entry["error"] = r.unreadable.english
        files.append(entry)
    document = {
        "version": JSON_FORMAT_VERSION,
        "valid": not failed(results, strict),
        "strict": strict,
        "summary": {
            "files": len(results),
            "errors": errors,
            "warnings": warnings,
            "unreadable": sum(1 for r in results if r.unreadable),
        },
        "files": files,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(results: Sequence[Validation], strict: bool) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's lines."""
    lines = []
    for r in results:
        if r.unreadable:
            lines.append(
                f"::error file={_escape_property(r.source)},title=unreadable::{_escape_data(r.unreadable.shown)}"
            )
        for f in r.findings:
            level = "error" if _fails(f, strict) else "warning"
            props = f"file={_escape_property(f.path)},line={f.line},col={f.col},title={_escape_property(f.rule)}"
            lines.append(f"::{level} {props}::{_escape_data(f.shown)}")
    return "\n".join(lines)


def junit(results: Sequence[Validation], strict: bool, command: str = "cs validate") -> str:
    """One test suite, one test case per file; each finding that fails the job is a
    failure of its file (warnings too under ``--strict``), other findings are output,
    and a file that cannot be read is an error case. ``command`` names the suite (cs
    test reports its broken test files so)."""
    suite = ET.Element(
        "testsuite",
        name=command,
        tests=str(len(results)),
        failures=str(sum(1 for r in results if not r.unreadable and _file_failed(r, strict))),
        errors=str(sum(1 for r in results if r.unreadable)),
    )
    for r in results:
        case = ET.SubElement(suite, "testcase", classname=command.replace(" ", "."), name=r.source)
        if r.unreadable:
            element = ET.SubElement(case, "error", type="unreadable", message=r.unreadable.shown)
            element.text = r.unreadable.shown
        for f in r.findings:
            tag = "failure" if _fails(f, strict) else "system-out"
            element = ET.SubElement(case, tag)
            if tag == "failure":
                element.set("type", f.rule)
                element.set("message", f"{f.location}: {f.shown}")
            element.text = _line(f)
    return junit_document(suite)


REPORTERS: dict[str, Callable[[Sequence[Validation], bool], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "junit": junit,
}


def report(results: Sequence[Validation], fmt: str, *, strict: bool = False, command: str = "cs validate") -> str:
    """The findings in ``fmt``; ``command`` names the JUnit suite."""
    if fmt == "junit":
        return junit(results, strict, command)
    return REPORTERS[fmt](results, strict)


def failed(results: Sequence[Validation], strict: bool) -> bool:
    """Whether the job fails: an error, a warning under ``strict``, an unreadable file."""
    return any(_file_failed(r, strict) for r in results)

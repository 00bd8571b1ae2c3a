"""Validation: located YAML -> schema -> typed policy -> semantic rules (OPS-1)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cs.errors import InvalidPolicyError, LoadError
from cs.findings import Finding, Severity
from cs.i18n import N_, ngettext
from cs.i18n.message import Message, message
from cs.load.discover import TEST_SUFFIXES, find_policies
from cs.load.gc_pause import collector_paused
from cs.load.yaml_loader import LoadedDocument, load_file, load_text
from cs.model.build import build_policy
from cs.model.policy import Policy
from cs.schema import schema_messages


@dataclass(frozen=True)
class Validation:
    source: str
    findings: tuple[Finding, ...]
    policy: Policy | None
    """The typed policy when the document has no schema error (rules may still find errors)."""
    unreadable: Message | None = None
    """Why the file could not be read at all (missing, not a regular file, too large);
    reporters show it as an error of the file (English in JSON), and ``cs validate`` exits 2."""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)


def _finding(
    doc: LoadedDocument, path: tuple[str | int, ...], key: bool, rule: str, severity: Severity, text: Message
) -> Finding:
    mark = doc.locate(path, key=key)
    return Finding.of(doc.source, mark.line, mark.col, rule, severity, text)


def validate_document(doc: LoadedDocument) -> Validation:
    import cs.rules  # noqa: F401  (registers the rules)
    from cs.rules.registry import run_rules

    data = doc.data
    if isinstance(data, Mapping) and "tests" in data and "policy" in data and "timezone" not in data:
        text = message(
            N_("this is a policy test file, not a policy: give the policy it names (policy:), or run cs test on it")
        )
        return Validation(doc.source, (_finding(doc, (), False, "schema", Severity.ERROR, text),), None)
    with collector_paused():
        findings = [
            _finding(doc, path, key, rule, Severity.ERROR, message)
            for path, key, rule, message in schema_messages(data)
        ]
        policy = None
        if not findings:
            policy = build_policy(doc.data, source=doc.source)
            findings = [
                _finding(doc, hit.path, hit.key, registered.id, registered.severity, hit.message)
                for registered, hit in run_rules(policy)
            ]
    return Validation(doc.source, tuple(sorted(set(findings))), policy)


def load_error_finding(error: LoadError) -> Finding:
    """A YAML problem with a place (syntax, duplicate key, bad tag) as a finding."""
    return Finding.of(error.source, error.line, error.col, "yaml", Severity.ERROR, error.text)


def validate_file(path: str | os.PathLike[str]) -> Validation:
    """Validate one file; a YAML problem with a place becomes a finding, an
    unreadable file raises :class:`LoadError`."""
    try:
        doc = load_file(path)
    except LoadError as error:
        if not error.line:
            raise
        return Validation(str(path), (load_error_finding(error),), None)
    return validate_document(doc)


def validate_paths(paths: Sequence[str | os.PathLike[str]], exclude: Sequence[str] = ()) -> list[Validation]:
    """``cs validate``: every file given and every policy in the folders given (see
    :mod:`cs.load.discover` for which files are policies). A file that cannot be
    read is a result with ``unreadable`` set, so one bad path hides no other finding."""
    results = []
    for path in find_policies([Path(p) for p in paths], exclude):
        try:
            results.append(_validate_test_file(path) if path.name.endswith(TEST_SUFFIXES) else validate_file(path))
        except LoadError as error:
            results.append(Validation(str(path), (), None, unreadable=error.located))
    return results


def _validate_test_file(path: Path) -> Validation:
    """A policy test file named explicitly is checked as one (its own schema, the
    policy and scenarios it names), never read as a policy (OPS-7)."""
    from cs.policytest.model import BrokenTestFile, load_test_file

    try:
        load_test_file(path)
    except BrokenTestFile as broken:
        return Validation(str(path), broken.findings, None)
    return Validation(str(path), (), None)


def _usable(result: Validation, name: str) -> Policy:
    if result.errors or result.policy is None:
        first = result.errors[0] if result.errors else None
        detail = f"{first.location}: {first.rule}: {first.shown}" if first else ""
        count = len(result.errors)
        sentence = ngettext(
            "{name} has {count} error; run `cs validate` on it. First: {detail}",
            "{name} has {count} errors; run `cs validate` on it. First: {detail}",
            count,
        )
        raise InvalidPolicyError(sentence.format(name=name, count=count, detail=detail), result.errors)
    return result.policy


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """The typed policy of a file that has no error findings, for explain,
    simulate, diff and apply; otherwise :class:`InvalidPolicyError` listing them."""
    return _usable(validate_file(path), str(path))


def policy_from_text(text: str, source: str) -> Policy:
    """Like :func:`load_policy` for text read elsewhere (a git revision, a store)."""
    try:
        doc = load_text(text, source)
    except LoadError as error:
        raise InvalidPolicyError(str(error)) from None
    return _usable(validate_document(doc), source)

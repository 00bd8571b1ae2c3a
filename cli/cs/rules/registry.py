"""The rule registry: id, default severity, documentation, and a check.

A check reads the typed policy and yields :class:`Hit` s (a path in the
source document and a sentence). The registry turns hits into located
:class:`~cs.findings.Finding` s, so no rule deals with lines and columns.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cs.findings import Severity
from cs.i18n import N_
from cs.i18n.message import Message
from cs.model.policy import Path, Policy


@dataclass(frozen=True)
class Hit:
    path: Path
    message: Message
    """The sentence, in English and in the language of the process (UI-1)."""
    key: bool = False
    """Point at the key rather than the value."""


Check = Callable[[Policy], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    check: Check
    features: tuple[str, ...]

    @property
    def doc(self) -> str:
        """The documentation (the check's docstring), in English."""
        return inspect.getdoc(self.check) or ""


RULES: dict[str, Rule] = {}

PARSE_RULES: dict[str, str] = {
    "schema": N_("The document does not match the published JSON Schema (unknown key, wrong type, missing key)."),
    "window-invalid": N_("A time window is not HH:MM-HH:MM with real times of day (CAL-2)."),
    "window-empty": N_("A time window starts where it ends; for all day write 00:00-24:00 (CAL-2)."),
    "duration-invalid": N_("A duration is not a number with a unit s, m, h or d."),
    "date-invalid": N_("A date is not YYYY-MM-DD or not a day of the calendar (2026-02-30) (CAL-4)."),
    "datetime-invalid": N_("A local date and time is not YYYY-MM-DDTHH:MM."),
    "timezone-unknown": N_("The time zone is not an IANA time zone name (CAL-1)."),
    "cron-invalid": N_("A recurring exception's cron expression cannot be parsed (CAL-4)."),
}
"""Rules checked while reading the document (schema formats); documented here (English,
marked for the catalog), run by the schema."""


def rule(rule_id: str, severity: Severity, *features: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if rule_id in RULES or rule_id in PARSE_RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, severity, check, features)
        return check

    return register


def run_rules(policy: Policy) -> Iterator[tuple[Rule, Hit]]:
    for registered in RULES.values():
        for hit in registered.check(policy):
            yield registered, hit

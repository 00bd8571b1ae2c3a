"""A finding is one problem in a policy, at a place in a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cs.i18n.message import Message


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where (``path:line:col``), which rule, how bad, and what to do.

    ``message`` is English, what machines read (JSON); ``shown`` is the same
    sentence in the language of the process, what a person reads (UI-1)."""

    path: str
    line: int
    col: int
    rule: str
    severity: Severity
    message: str
    shown: str = field(default="", compare=False, repr=False)
    """``message`` in the language of this process; left empty, the same as ``message``."""

    def __post_init__(self) -> None:
        if not self.shown:
            object.__setattr__(self, "shown", self.message)

    @classmethod
    def of(cls, path: str, line: int, col: int, rule: str, severity: Severity, text: Message) -> Finding:
        """A finding whose sentence is held in both languages (see :mod:`cs.i18n.message`)."""
        return cls(path, line, col, rule, severity, text.english, text.shown)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }

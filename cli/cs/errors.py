"""The one exception hierarchy of cs.

Findings (problems inside a policy) are data, see :mod:`cs.findings`. These
exceptions are for "cannot continue": a file that cannot be read or parsed, a
store that cannot be reached, a stale plan. The CLI turns them into an exit code
in one place (:func:`cs.cli.app.reports_errors`).
"""

from __future__ import annotations

from cs.i18n.message import Message, verbatim


class CsError(Exception):
    """Base of every error cs reports to a person; ``str(err)`` is the message."""

    exit_code = 2


class UsageError(CsError):
    """The command line or an input file cannot be used as given."""


class LoadError(CsError):
    """A YAML file cannot be read or parsed into a located tree.

    ``where`` is ``file:line:col`` when the place is known. ``str(error)`` is in the
    language of the process; ``text`` holds the sentence in English too, for
    what machines read (``cs validate --format json``).
    """

    def __init__(self, message: str | Message, *, source: str = "", line: int = 0, col: int = 0) -> None:
        self.source = source
        self.line = line
        self.col = col
        self.text = verbatim(message) if isinstance(message, str) else message
        self.where = f"{source}:{line}:{col}: " if source and line else (f"{source}: " if source else "")
        super().__init__(f"{self.where}{self.text.shown}")

    @property
    def located(self) -> Message:
        """The whole error, place first, in both languages."""
        return Message(self.where + self.text.english, self.where + self.text.shown)


class InvalidPolicyError(CsError):
    """A policy has error findings and cannot be used by explain, simulate or apply."""

    def __init__(self, message: str, findings: tuple[object, ...] = ()) -> None:
        self.findings = findings
        super().__init__(message)


class StoreError(CsError):
    """A store cannot be opened, read or written."""


class ConflictError(StoreError):
    """Another writer changed the policy, or holds its lock; retry after re-planning."""

    exit_code = 1


class StalePlanError(ConflictError):
    """The live policy moved since the plan was made."""

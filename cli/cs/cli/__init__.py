"""The ``cs`` command line: one module per command group, each command parsing its
arguments, calling one library function and handing the result to a reporter.

Importing this package registers every command on :data:`app`.
"""

from __future__ import annotations

from cs.cli import check, deploy, explain, policytest, simulate, staff  # noqa: F401  (each registers its commands)
from cs.cli.app import app, reports_errors

__all__ = ["app", "main", "reports_errors"]


def main() -> None:
    app(prog_name="cs")

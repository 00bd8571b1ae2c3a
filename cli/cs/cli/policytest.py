"""``cs test``: run the policy unit tests in ``*.test.yaml`` files (OPS-7)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cs.cli.app import command
from cs.i18n import _


class TestFormat(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"
    github = "github"


@command
def test(
    paths: Annotated[list[Path], typer.Argument(help=_("Test files or directories (searched for *.test.yaml)."))],
    pattern: Annotated[
        str | None, typer.Option("--run", metavar="PATTERN", help=_("Only tests whose name matches this regex."))
    ] = None,
    fmt: Annotated[TestFormat, typer.Option("--format", "-f", help=_("Output format."))] = TestFormat.text,
) -> None:
    """Check what policies must do: their answers at instants and in simulated days (OPS-7).

    Exit 0 all tests pass, 1 an expectation failed, 2 a broken test file
    (located at file:line:col), a missing or invalid policy, or another error.
    """
    from cs.policytest.model import BrokenTestFile
    from cs.policytest.report import failed, report
    from cs.policytest.runner import run_tests

    try:
        results = run_tests(paths, pattern)
    except BrokenTestFile as broken:
        from cs.report.findings import report as report_findings
        from cs.validate import Validation

        sources = sorted({f.path for f in broken.findings})
        typer.echo(
            report_findings(
                [Validation(s, tuple(f for f in broken.findings if f.path == s), None) for s in sources],
                fmt.value,
                command="cs test",
            )
        )
        raise
    typer.echo(report(results, fmt.value))
    raise typer.Exit(1 if failed(results) else 0)

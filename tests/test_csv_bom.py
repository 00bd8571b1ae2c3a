"""``--format csv --bom``: CSV that Excel opens with Chinese text intact (issue 9).

Excel reads a UTF-8 file as the local code page unless it starts with a byte-order
mark; with ``--bom`` the CSV of ``cs staff`` and ``cs simulate`` starts with one,
and ``--bom`` without ``--format csv`` is a usage error.
"""

# covers: OPS-3, OPS-8, UI-1

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from cs.cli import app

RUNS = {
    "staff": ["staff", "examples/full.yaml", "--day", "2026-11-11", "--scenario", "examples/scenarios/double-11.json",
              "--service-level", "0.8", "--within", "20s"],
    "simulate": ["simulate", "examples/full.yaml", "--day", "2026-11-23", "--summary-only"],
}  # fmt: skip


@pytest.fixture(autouse=True)
def _at_the_checkout(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    monkeypatch.chdir(request.config.rootpath)


@pytest.mark.parametrize("command", RUNS)
def test_bom_starts_the_csv_and_the_rows_read_back(command: str):
    plain = CliRunner().invoke(app, [*RUNS[command], "-f", "csv"])
    marked = CliRunner().invoke(app, [*RUNS[command], "-f", "csv", "--bom"])
    assert plain.exit_code == marked.exit_code
    assert not plain.stdout.startswith("\ufeff")
    assert marked.stdout.startswith("\ufeff")
    assert marked.stdout[1:] == plain.stdout
    rows = list(csv.reader(io.StringIO(marked.stdout.encode("utf-8").decode("utf-8-sig"))))
    assert rows[0][0] in ("start", "type", "key", "t")  # the header's first column, without the mark


@pytest.mark.parametrize("command", RUNS)
def test_bom_without_csv_is_a_usage_error(command: str):
    result = CliRunner().invoke(app, [*RUNS[command], "--bom"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == "cs: error: --bom goes with --format csv"

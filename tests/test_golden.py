"""Golden output of ``cs explain`` and ``cs simulate`` (issue 7).

Each folder under ``tests/golden/explain`` and ``tests/golden/simulate`` is one case:
``policy.yaml``, ``args`` (the command's options, one line), for simulate an optional
``scenario.yaml``, and ``expected.json``, the JSON output. The test list is the folder
listing. A behaviour change shows as a diff of ``expected.json`` to review; regenerate
with ``CS_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and read the diff before
committing it.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cs.cli import app

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p for p in GOLDEN.glob("*/*") if p.is_dir())
UPDATE = os.environ.get("CS_UPDATE_GOLDEN") == "1"


def command(case: Path) -> list[str]:
    args = [case.parent.name, "policy.yaml", *shlex.split((case / "args").read_text(encoding="utf-8"))]
    if (case / "scenario.yaml").exists():
        args += ["--scenario", "scenario.yaml"]
    return [*args, "--format", "json"]


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_output(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)  # paths in the output are the case's own file names
    result = CliRunner().invoke(app, command(case))
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    expected = case / "expected.json"
    if UPDATE:
        expected.write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert expected.exists(), f"{expected} is missing: run CS_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    assert output == json.loads(expected.read_text(encoding="utf-8"))


def test_every_case_is_complete() -> None:
    assert {p.parent.name for p in CASES} == {"explain", "simulate"}
    for case in CASES:
        assert (case / "policy.yaml").exists() and (case / "args").exists(), case

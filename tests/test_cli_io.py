"""Input and output the command line cannot use: standard input named as a file, output
that cannot be written (a full disk). One line and exit 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FULL = Path("/dev/full")


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(EXAMPLES / "full.yaml")],
        ["calendar", str(EXAMPLES / "full.yaml"), "--from", "2026-01-01", "--to", "2026-01-31"],
        ["simulate", str(EXAMPLES / "mall-defaults.yaml"), "--day", "2026-11-23", "--summary-only"],
        ["schema"],
        ["--version"],
    ],
)
def test_a_full_disk_is_one_error_line_and_exit_2(args: list[str]):
    """Every command ended in a traceback and exit 1 (for validate: "findings")."""
    with FULL.open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cs", *args], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if not line.startswith("cs: warning:")]
    assert lines == ["cs: error: cannot write the output: No space left on device"], done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["apply", "-"],
        ["plan", "-"],
        ["explain", "-"],
        ["test", "-"],
        ["simulate", str(EXAMPLES / "full.yaml"), "--day", "2026-11-23", "--scenario", "-"],
    ],
)
def test_standard_input_named_as_a_file_says_cs_reads_files(args: list[str], tmp_path: Path):
    """Only `cs validate -` said so; the others said "-: cannot read the file: No such
    file or directory"."""
    done = subprocess.run(
        [sys.executable, "-m", "cs", *args], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 2
    assert done.stderr == "cs: error: -: cs reads files, not standard input: give the file's path\n"


def test_a_reader_that_stops_early_ends_the_command_with_exit_1():
    """A write bigger than the pipe could hold, to a reader that had gone: the part that
    went through was taken for all of it, and the command ended 0 (README: exit 1)."""
    args = ["calendar", str(EXAMPLES / "full.yaml"), "--from", "2020-01-01", "--to", "2029-12-31"]
    with subprocess.Popen(
        [sys.executable, "-m", "cs", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(10)
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait() == 1
    assert "Traceback" not in stderr

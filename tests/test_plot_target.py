"""``--plot FILE`` of cs simulate and cs staff: the file is checked before the run, one code path.

A missing folder was a FileNotFoundError traceback after cs simulate had printed the whole
timeline; an extension matplotlib cannot write was a ValueError traceback in both commands;
a name without an extension wrote NAME.png but the note named NAME.
"""

# covers: OPS-3, OPS-8, OBS-1

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cs.cli import app

pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parents[1]
FULL = ROOT / "examples" / "full.yaml"
FORECAST = ROOT / "examples" / "scenarios" / "double-11.json"
TARGETS = ("--service-level", "0.8", "--within", "20s")
COMMANDS = {
    "simulate": ["simulate", str(FULL), "--day", "2026-11-23", "--summary-only"],
    "staff": ["staff", str(FULL), "--day", "2026-11-11", "--scenario", str(FORECAST), *TARGETS],
}


def plot(command: str, target: Path | str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*COMMANDS[command], "--plot", str(target)], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_folder_is_one_line_before_the_run(tmp_path, command):  # covers: OPS-3, OPS-8
    target = tmp_path / "missing" / "day.png"
    assert plot(command, target) == (
        2,
        "",
        f"cs: error: cannot write the plot to {target}: No such file or directory\n",
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_as_the_plot_is_one_line(tmp_path, command):  # covers: OPS-3, OPS-8
    assert plot(command, tmp_path) == (2, "", f"cs: error: cannot write the plot to {tmp_path}: Is a directory\n")
    assert not tmp_path.with_name(tmp_path.name + ".png").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_an_extension_matplotlib_cannot_write_is_one_line(tmp_path, command):  # covers: OPS-3, OPS-8
    target = tmp_path / "x.noext"
    expected = (
        f"cs: error: --plot {target}: matplotlib cannot write '.noext' files; end the name in .png, .svg or .pdf\n"
    )
    assert plot(command, target) == (2, "", expected)
    assert not target.exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_name_without_extension_is_written_and_named_as_png(tmp_path, command):  # covers: OBS-1, OPS-8
    code, _, err = plot(command, tmp_path / "myplot")
    assert code == {"simulate": 0, "staff": 1}[command]
    assert f"cs: plot written to {tmp_path / 'myplot.png'}\n" in err
    assert (tmp_path / "myplot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (tmp_path / "myplot").exists()

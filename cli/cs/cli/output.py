"""What the command line prints besides results: notes, colour, quiet mode.

Set once per run by the root options (``--color``, ``-q``) and read by the
commands. Colour follows https://no-color.org: ``--color always|never`` wins,
else a non-empty ``NO_COLOR`` turns it off, else it is on only for a terminal.
Quiet mode drops notes (``plan saved to ...``, ``base: revision ...``,
progress); warnings and errors always print.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TextIO

import typer


class ColorMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class _Settings:
    color = ColorMode.auto
    quiet = False


settings = _Settings()


def configure(color: ColorMode, quiet: bool) -> None:
    settings.color = color
    settings.quiet = quiet


def use_color(stream: TextIO) -> bool:
    if settings.color is not ColorMode.auto:
        return settings.color is ColorMode.always
    if os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def note(message: str) -> None:
    """An informational line on stderr, left out under ``-q``."""
    if not settings.quiet:
        typer.echo(message, err=True)


def warn(message: str) -> None:
    """``cs: warning: ...`` on stderr, in every mode."""
    typer.echo(f"cs: warning: {message}", err=True)


_DIFF_COLORS = {"+": "green", "-": "red", "~": "yellow", "!": "magenta"}


def echo_diff(text: str, *, err: bool = False) -> None:
    """Print a text diff, its added, removed, changed and drift lines coloured when colour is on
    (on stderr with ``err``, when stdout carries something else)."""
    if not use_color(sys.stderr if err else sys.stdout):
        typer.echo(text, err=err)
        return
    painted = []
    for line in text.split("\n"):
        mark = line.lstrip()[:2]
        color = _DIFF_COLORS.get(mark[0]) if len(mark) == 2 and mark[1] == " " else None
        painted.append(typer.style(line, fg=color) if color else line)
    typer.echo("\n".join(painted), color=True, err=err)

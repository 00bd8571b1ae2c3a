"""The ``cs`` command line: one module per command group, each command parsing its
arguments, calling one library function and handing the result to a reporter.

Importing this package registers every command on :data:`app`.
"""

from __future__ import annotations

import copy
import errno
import os
import sys
from collections.abc import Sequence

import typer

from cs.cli import check, deploy, explain, policytest, simulate, staff  # noqa: F401  (each registers its commands)
from cs.cli.app import app, reports_errors
from cs.i18n import _
from cs.i18n.oserror import os_reason

__all__ = ["app", "for_command", "main", "reports_errors"]


def main() -> None:
    try:
        for_command(sys.argv[1:])(prog_name="cs")
    except OSError as error:
        # click ends a closed pipe (EPIPE) with exit 1; a failure to write the output (a
        # full disk, an I/O error, stdout closed) comes here: one line and exit 2
        if error.errno not in OUTPUT_ERRORS or error.filename is not None:
            raise
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - what was not written is not tried again at exit
        typer.echo(
            "cs: error: " + _("cannot write the output: {reason}").format(reason=os_reason(error).shown), err=True
        )
        raise SystemExit(2) from None


OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF})
"""Why writing to standard output fails, other than a closed pipe: any other OSError
reaching :func:`main` is a fault of cs, and keeps its traceback."""


ROOT_OPTIONS_WITH_VALUE = frozenset({"--color"})
"""Options of ``cs`` itself (before the command) that take the next word as their value."""


def for_command(args: Sequence[str]) -> typer.Typer:
    """The app to run for ``args``: when they name a command, an app holding only that
    command, so typer builds one click command rather than every one (about 0.02 s of
    the start-up of a small ``cs simulate``, issue 10); else (``cs --help``, a misspelt
    command, shell completion) the whole :data:`app`. What a command prints, its help
    and its errors do not depend on the other commands, so the output is the same."""
    name = _command_word(args)
    if name is None or any(var.endswith("_COMPLETE") for var in os.environ):
        return app
    chosen = [info for info in app.registered_commands if info.name == name]
    if not chosen:
        return app
    only = copy.copy(app)
    only.registered_commands = chosen
    return only


def _command_word(args: Sequence[str]) -> str | None:
    """The first word of ``args`` that is neither an option of ``cs`` nor its value."""
    words = iter(args)
    for word in words:
        if word == "--":
            return next(words, None)
        if not word.startswith("-"):
            return word
        if word in ROOT_OPTIONS_WITH_VALUE:
            next(words, None)
    return None

"""The ``cs`` command line: one module per command group, each command parsing its
arguments, calling one library function and handing the result to a reporter.

Importing this package registers every command on :data:`app`.
"""

from __future__ import annotations

import copy
import errno
import io
import os
import sys
from collections.abc import Sequence
from typing import Any

import typer

from cs.cli import check, deploy, explain, policytest, simulate, staff  # noqa: F401  (each registers its commands)
from cs.cli.app import app, reports_errors
from cs.i18n import _
from cs.i18n.oserror import os_reason

__all__ = ["app", "for_command", "main", "reports_errors"]


def main() -> None:
    _write_whole()
    try:
        try:
            for_command(sys.argv[1:])(prog_name="cs")
        finally:
            sys.stdout.flush()  # what is still buffered, here, where its failure is reported
    except OSError as error:
        # a closed pipe (EPIPE) ends with exit 1 and no message, as click does; a failure
        # to write the output (a full disk, an I/O error) is one line and exit 2
        if error.errno != errno.EPIPE and (error.errno not in OUTPUT_ERRORS or error.filename is not None):
            raise
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - what was not written is not tried again at exit
        if error.errno == errno.EPIPE:
            raise SystemExit(1) from None
        typer.echo(
            "cs: error: " + _("cannot write the output: {reason}").format(reason=os_reason(error).shown), err=True
        )
        raise SystemExit(2) from None


OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF})
"""Why writing to standard output fails, other than a closed pipe: any other OSError
reaching :func:`main` is a fault of cs, and keeps its traceback."""


class _WholeWrites(io.RawIOBase):
    """A file descriptor written until all is written: a write to a pipe whose reader
    has gone returns the part that went through, and CPython's buffered writer then
    dropped the rest without an error (``cs calendar ... | head -1`` ended 0). The next
    write says why (EPIPE), which click ends with exit 1."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.gone = False
        """The output cannot be written (the reader has gone, the disk is full): said once,
        then what is left (flushed at exit) goes nowhere."""

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)  # colours and prompts ask (cs diff --color auto)

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view) and not self.gone:
            try:
                done += os.write(self.fd, view[done:])
            except OSError:  # a closed pipe, a full disk: said once, by click or main()
                self.gone = True
                raise
        return len(view)


def _write_whole() -> None:
    """Standard output through :class:`_WholeWrites`, in its own encoding and buffering.
    A file name that is not UTF-8 (its bytes kept as lone surrogates) is written back
    as those bytes, as ``ls`` would, where a strict encoder would fail the command."""
    out = sys.stdout
    if out is None or not hasattr(out, "fileno"):
        return
    try:
        fd = out.fileno()
    except (OSError, ValueError):
        return
    out.flush()
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_WholeWrites(fd)),
        encoding=out.encoding,
        errors="surrogateescape" if out.errors == "strict" else out.errors,
        line_buffering=bool(getattr(out, "line_buffering", False)),
    )


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

"""Reading a file cs was pointed at: a regular file, no larger than a byte cap.

An explicit path may be ``/dev/zero`` (reads forever), a FIFO (blocks until someone
writes) or a huge file; cs refuses each with one clear line instead. The cap (10 MB,
``CS_MAX_FILE_SIZE`` to change it) also bounds the nodes of a document, which the
loader's alias budget leaves alone.
"""

from __future__ import annotations

import os
import re
import stat

from cs.errors import CsError, LoadError
from cs.i18n import N_, _
from cs.i18n.message import message
from cs.i18n.oserror import os_reason

__all__ = ["FILE_SIZE_ENV", "MAX_FILE_BYTES", "max_file_bytes", "read_capped", "too_large_error"]

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Default byte cap of one file (10 MB); ``CS_MAX_FILE_SIZE`` overrides it."""

FILE_SIZE_ENV = "CS_MAX_FILE_SIZE"


def max_file_bytes() -> int:
    """The byte cap: ``CS_MAX_FILE_SIZE`` (bytes, or with a ``KB``/``MB`` suffix) or 10 MB."""
    written = os.environ.get(FILE_SIZE_ENV, "").strip()
    if not written:
        return MAX_FILE_BYTES
    match = re.fullmatch(r"([0-9]{1,12})\s*([kKmM]?)[bB]?", written)
    if match is None or int(match.group(1)) == 0:
        raise CsError(
            _("{name}={value} is not a size; write bytes or e.g. 20MB").format(
                name=FILE_SIZE_ENV, value=repr(written[:20])
            )
        )
    return int(match.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[match.group(2).lower()]


def read_capped(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file no larger than :func:`max_file_bytes`.

    Opened without blocking and checked on the open descriptor, so a FIFO, a device
    or a directory is refused before anything is read from it, and a file that grows
    while read still stops at the cap.
    """
    source = os.fspath(path)
    cap = max_file_bytes()
    try:
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _unreadable(exc, source) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            kind = N_("cannot read the file: not a regular file (a directory)")
        else:
            kind = N_("cannot read the file: not a regular file (a device, FIFO or socket)")
        raise LoadError(message(kind), source=source)
    with os.fdopen(fd, "rb") as file:
        try:
            raw = file.read(cap + 1)
        except OSError as exc:
            raise _unreadable(exc, source) from None
    if len(raw) > cap:
        raise too_large_error(cap, source)
    return raw


def _unreadable(exc: OSError, source: str) -> LoadError:
    """The operating system's reason, translated when it is a common one (:func:`os_reason`);
    ``-`` (no such file) is taken for standard input, which cs does not read."""
    if source == "-" and isinstance(exc, FileNotFoundError):
        return LoadError(message(N_("cs reads files, not standard input: give the file's path")), source=source)
    return LoadError(message(N_("cannot read the file: {reason}"), reason=os_reason(exc)), source=source)


def too_large_error(cap: int, source: str) -> LoadError:
    return LoadError(
        message(
            N_("larger than {cap} bytes, the most cs reads from one file; split the policy or raise {name}"),
            cap=cap,
            name=FILE_SIZE_ENV,
        ),
        source=source,
    )

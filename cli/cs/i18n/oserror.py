"""The operating system's reason for a failed file operation, as a person reads it (UI-1).

``strerror`` is the C library's English ("No such file or directory") whatever the
language of cs. The reasons a person commonly meets are in the catalog by errno;
any other reason, or a platform whose text differs, is shown as the system gives it.
"""

from __future__ import annotations

import errno

from cs.i18n import N_
from cs.i18n.message import Message, message, verbatim

REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EEXIST: N_("File exists"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EDQUOT: N_("Disk quota exceeded"),
    errno.EROFS: N_("Read-only file system"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.EMFILE: N_("Too many open files"),
    errno.EBUSY: N_("Device or resource busy"),
    errno.EIO: N_("Input/output error"),
}
"""The C library's text of the common errors (glibc's; macOS says the same for these)."""


def os_reason(error: OSError) -> Message:
    """Why ``error`` happened: the system's text in English, translated when it is
    one of :data:`REASONS` as the system spells it."""
    english = error.strerror or str(error)
    template = REASONS.get(error.errno) if error.errno is not None else None
    if template is None or template != english:
        return verbatim(english)
    return message(template)

"""The file ``--plot`` writes, for every command that draws one (``cs simulate``, ``cs staff``).

A plot is drawn after the run, which can take minutes and print a whole timeline
first; a path that cannot be written, or a name whose extension matplotlib cannot
write, is found out before the run (:func:`plot_target`), and a failure while
saving is still one error line (:func:`save_plot`). A name without an extension
gets ``.png``, as matplotlib would add it, so the note names the file written.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cs.errors import UsageError
from cs.i18n import _
from cs.i18n.oserror import os_reason
from cs.plotfont import save_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

INSTALL = "pip install '.[plot]'"
DEFAULT_FORMAT = "png"


def require_matplotlib() -> None:
    """matplotlib (the ``plot`` extra) on its non-interactive backend, or one error line."""
    try:
        import matplotlib
    except ImportError:
        raise UsageError(_("--plot needs matplotlib; install it with {command}").format(command=INSTALL)) from None
    matplotlib.use("Agg")


def _cannot_write(path: Path, error: OSError) -> UsageError:
    return UsageError(_("cannot write the plot to {path}: {reason}").format(path=path, reason=os_reason(error).shown))


def plot_target(path: Path) -> Path:
    """The file a ``--plot path`` writes, checked before the run: matplotlib is there, it
    writes files of this extension (none: ``.png`` is added), and the file can be created."""
    require_matplotlib()
    from matplotlib.backend_bases import FigureCanvasBase

    formats = FigureCanvasBase.get_supported_filetypes()
    if path.is_dir():  # not "dir.png" beside it
        raise _cannot_write(path, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))
    extension = path.suffix[1:].lower()
    if not extension:
        path = path.with_name(f"{path.name}.{DEFAULT_FORMAT}")
    elif extension not in formats:
        raise UsageError(
            _("--plot {path}: matplotlib cannot write '.{extension}' files; end the name in .png, .svg or .pdf").format(
                path=path, extension=extension
            )
        )
    existed = os.path.lexists(path)
    try:
        with open(path, "ab"):
            pass
    except OSError as error:
        raise _cannot_write(path, error) from None
    if not existed:
        os.remove(path)
    return path


def save_plot(figure: Figure, path: Path, **options: Any) -> None:
    """Save and close ``figure`` (:func:`cs.plotfont.save_figure`); a failure is one error line."""
    import matplotlib.pyplot as plt

    try:
        save_figure(figure, path, **options)
    except OSError as error:
        raise _cannot_write(path, error) from None
    finally:
        plt.close(figure)

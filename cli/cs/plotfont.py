"""The font of a plot that shows Chinese (UI-1): agent names, holiday names, titles.

matplotlib's default font (DejaVu Sans) has no CJK glyphs: Chinese text comes out
as empty boxes, with one "Glyph ... missing" warning per character. Every plot
cs draws is saved by :func:`save_figure`: when a text of the plot holds CJK
characters it picks an installed CJK font through matplotlib's font manager
(``CS_PLOT_FONT=/path/to/font.otf`` first, then the common families below), and
when there is none it still writes the plot, warns once on stderr how to get a
font, and keeps matplotlib's per-glyph warnings quiet.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cs.errors import UsageError
from cs.i18n import _

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

FONT_VARIABLE = "CS_PLOT_FONT"
"""A font file (``.otf``, ``.ttf``, ``.ttc``) to draw Chinese text with, chosen over any installed family."""

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Noto Sans CJK JP",
    "Source Han Sans",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
"""Families with Simplified Chinese glyphs, the most readable on screen first."""

LATIN_FAMILY = "DejaVu Sans"
"""matplotlib's own font, after the CJK one in the fallback list: a glyph the CJK font lacks comes from it."""

_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x30FF),  # CJK punctuation (、。「」), kana
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF00, 0xFFEF),  # full-width forms (，：（）)
    (0x20000, 0x2FA1F),  # extensions B..F, compatibility supplement
)


def has_cjk(texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` holds a character DejaVu Sans cannot draw: Chinese, full-width punctuation."""
    return any(any(start <= ord(c) <= end for c in text for start, end in _CJK_RANGES) for text in texts)


def _font_file_family(path: str) -> str:
    """Register the font file ``path`` with matplotlib and return its family name."""
    from matplotlib import font_manager

    if not Path(path).is_file():
        raise UsageError(
            _("{variable}={path} is not a font file; point it at an .otf, .ttf or .ttc file").format(
                variable=FONT_VARIABLE, path=path
            )
        )
    try:
        font_manager.fontManager.addfont(path)
        return str(font_manager.FontProperties(fname=path).get_name())
    except (OSError, RuntimeError, ValueError) as error:
        raise UsageError(
            _("{variable}={path} cannot be read as a font: {error}").format(
                variable=FONT_VARIABLE, path=path, error=error
            )
        ) from None


CJK_FILE_NAMES = (
    "notosanscjk",
    "notosanssc",
    "sourcehansans",
    "wqy",
    "simhei",
    "msyh",
    "pingfang",
    "droidsansfallback",
)
"""Lower-case pieces of the file names of those families, to find one installed after
matplotlib cached its font list (``apt install fonts-noto-cjk`` on a machine that plotted before)."""


def _known_family() -> str | None:
    from matplotlib import font_manager

    known = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in known), None)


def installed_cjk_family() -> str | None:
    """The first of :data:`CJK_FAMILIES` matplotlib's font manager knows, or None.

    matplotlib lists the system's fonts once and caches the list, so a font installed
    since is looked for among the system's font files and registered."""
    from matplotlib import font_manager

    family = _known_family()
    if family is not None:
        return family
    for path in font_manager.findSystemFonts():
        if any(piece in Path(path).name.lower() for piece in CJK_FILE_NAMES):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # an unreadable file: try the next one
    return _known_family()


def cjk_family() -> str | None:
    """The family to draw Chinese with: the ``CS_PLOT_FONT`` file, else an installed family, else None."""
    path = os.environ.get(FONT_VARIABLE, "").strip()
    return _font_file_family(path) if path else installed_cjk_family()


def _warn_no_font() -> None:
    message = _(
        "the plot has Chinese text but no CJK font is installed, so it shows as boxes; "
        "install one (apt install fonts-noto-cjk, or Noto Sans CJK SC from fonts.google.com) "
        "or set {variable}=/path/to/font.otf"
    ).format(variable=FONT_VARIABLE)
    print(f"cs: warning: {message}", file=sys.stderr)


def figure_texts(figure: Figure) -> list[Text]:
    """Every text of ``figure``: titles, axis and tick labels, legend entries, annotations."""
    from matplotlib.text import Text

    return [t for t in figure.findobj(Text) if isinstance(t, Text)]


def save_figure(figure: Figure, path: str | os.PathLike[str], **options: Any) -> str | None:
    """``figure.savefig(path, **options)``, with a CJK font when a text of the figure holds
    CJK characters; returns that font's family (None when no text needs one, or none is
    installed). An English figure is saved exactly as matplotlib draws it."""
    texts = figure_texts(figure)
    if not has_cjk(t.get_text() for t in texts):
        figure.savefig(path, **options)
        return None
    family = cjk_family()
    if family is None:
        _warn_no_font()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
            figure.savefig(path, **options)
        return None
    for text in texts:
        text.set_fontfamily([family, LATIN_FAMILY])
    figure.savefig(path, **options)
    return family

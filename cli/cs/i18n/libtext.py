"""The words typer and click print themselves (``Usage:``, ``Options``, ``[required]``,
``Show this message and exit.``, their usage errors), in the language of cs (UI-1).

typer marks some of them with the standard library's ``gettext`` (global domain,
looked up as the module-level ``_`` of ``typer.core``); the click that typer
vendors (``typer._click``) writes the others as plain text. :func:`install`
routes both through cs's catalog, without touching the process environment (git
and the other programs cs runs must keep speaking English):

* the module-level ``_`` of ``typer.core`` becomes cs's lookup (``typer.rich_utils``
  and the panel titles it computes at import are left alone: cs's app sets
  ``rich_markup_mode=None`` and no pretty exceptions, so rich never draws its help);
* the help formatter's ``Usage:`` prefix, section headings and the help texts of
  the options typer and click add (``--help``, ``--install-completion``);
* the lines click's usage errors (and its answer to a bad yes/no reply) write,
  matched against :data:`ERRORS`, the templates click fills in, and written from
  the translated template.

Only names that exist are replaced; ``tests/test_i18n_libtext.py`` checks the help screen
and the usage errors are Chinese under ``CS_LANG=zh``, so a future typer that
renames them fails a test instead of going back to English silently. Under English
every replacement hands over to typer's own code, so the output stays byte-identical.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from typing import Any

from cs.i18n import N_, language, translate

# typer's words, looked up with gettext in typer/core.py (same msgids, same placeholders).
TYPER_WORDS = (
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
)

# The help texts of the options click and typer add to every cs command.
OPTION_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)

USAGE_PREFIX = N_("Usage:")
HEADING = N_("{heading}:")

# What click's usage errors write, as the templates click fills in (typer/_click:
# exceptions.py, core.py, parser.py, types.py; typer/_types.py for choices), in the
# order they are tried: a template that wraps a ``message`` before those it may wrap.
# That field is itself translated when it matches one of these.
ERRORS = (
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("{message} (Possible options: {possibilities})"),
    N_("No such option: {name}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Missing option {param_hint}."),
    N_("Missing argument {param_hint}."),
    N_("Missing parameter {param_hint}."),
    N_("{value} is not one of {choices}."),
    N_("{value} is not in the range {range}."),
    N_("{value} is not a valid integer."),
    N_("{value} is not a valid float."),
    N_("Got unexpected extra argument(s) ({args})"),
    N_("Option {name} requires an argument."),
    N_("Option {name} does not take a value."),
    N_("invalid input"),  # the answer to a yes/no question (cs apply) was neither
)

_FIELD = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    parts = _FIELD.split(template)  # literal, name, literal, name, ..., literal
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+)" for i, part in enumerate(parts))
    return re.compile(regex, re.DOTALL)


@functools.cache
def _error_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(template, _pattern(template)) for template in ERRORS]


def translate_error_line(line: str) -> str:
    """``line`` of a click usage error in the language of cs: written again from the
    translated template it was filled in from, else unchanged."""
    for template, pattern in _error_patterns():
        match = pattern.fullmatch(line)
        if match:
            fields = match.groupdict()
            if "message" in fields:
                fields["message"] = translate_error_line(fields["message"])
            return translate(template).format(**fields)
    return line


def _speaks_chinese() -> bool:
    return language() != "en"


def _lib_gettext(original: Callable[[str], str]) -> Callable[[str], str]:
    def lookup(message: str) -> str:
        return translate(message) if _speaks_chinese() else original(message)

    return lookup


def _wrap_method(owner: Any, name: str, make: Callable[[Any], Callable[..., Any]]) -> None:
    original = getattr(owner, name, None)
    if original is not None and not getattr(original, "_cs_libtext", False):
        replacement = make(original)
        replacement._cs_libtext = True  # type: ignore[attr-defined]
        setattr(owner, name, functools.wraps(original)(replacement))


def _usage(original: Callable[..., None]) -> Callable[..., None]:
    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and _speaks_chinese():
            prefix = translate(USAGE_PREFIX) + " "
        original(self, prog, args, prefix)

    return write_usage


def _heading(original: Callable[..., None]) -> Callable[..., None]:
    def write_heading(self: Any, heading: str) -> None:
        if not _speaks_chinese():
            original(self, heading)
            return
        line = translate(HEADING).format(heading=heading)
        self.write(f"{'':>{self.current_indent}}{line}\n")

    return write_heading


def option_help(text: str) -> str:
    """The help column of an option row with click's and typer's own help texts
    (:data:`OPTION_HELP`) translated, whatever follows them (``  [default: ...]``)."""
    for english in OPTION_HELP:
        if text == english or text.startswith(english + "  "):
            return translate(english) + text[len(english) :]
    return text


def _definitions(original: Callable[..., None]) -> Callable[..., None]:
    def write_dl(self: Any, rows: Any, *args: Any, **kwargs: Any) -> None:
        if _speaks_chinese():
            rows = [(term, option_help(text)) for term, text in rows]
        original(self, rows, *args, **kwargs)

    return write_dl


def _echo(original: Callable[..., Any]) -> Callable[..., Any]:
    def echo(message: Any = None, *args: Any, **kwargs: Any) -> Any:
        if isinstance(message, str) and _speaks_chinese():
            message = "\n".join(translate_error_line(line) for line in message.split("\n"))
        return original(message, *args, **kwargs)

    return echo


def install() -> None:
    """Route typer's and click's own words through cs's catalog (once per process;
    each replacement asks the language when it is used, so English stays typer's)."""
    core = sys.modules.get("typer.core")
    if core is not None and callable(getattr(core, "_", None)):
        _wrap_method(core, "_", _lib_gettext)
    formatting = sys.modules.get("typer._click.formatting")
    formatter = getattr(formatting, "HelpFormatter", None)
    if formatter is not None:
        _wrap_method(formatter, "write_usage", _usage)
        _wrap_method(formatter, "write_heading", _heading)
        _wrap_method(formatter, "write_dl", _definitions)
    for name in ("typer._click.exceptions", "typer._click.termui"):  # usage errors; a yes/no answer
        module = sys.modules.get(name)
        if module is not None:
            _wrap_method(module, "echo", _echo)

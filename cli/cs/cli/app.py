"""The typer application every command module registers on, and what they share.

Only typer and the standard library are imported here, so ``cs --help`` stays
fast; each command imports the library it calls inside its own body. Every
:class:`~cs.errors.CsError` becomes one ``cs: error:`` line and its exit code in
one place, :func:`reports_errors`.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Annotated, Any, TypeVar

import typer

from cs import __version__
from cs.cli.output import ColorMode, configure
from cs.errors import CsError, UsageError
from cs.i18n import _, libtext, translate

libtext.install()  # typer's and click's own words (Usage:, Options, their errors) in cs's language too

app = typer.Typer(
    name="cs",
    help=_(
        "Policy as code for live-chat customer service: validate and test a policy, explain an instant, "
        "show its calendar, simulate days, size the staff, and diff, plan and apply it to a store."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn a CsError into ``cs: error: ...`` on stderr and its exit code."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CsError as error:
            typer.echo(f"cs: error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None

    return run  # type: ignore[return-value]


def command(function: F) -> F:
    """Register ``function`` as a cs command that reports CsErrors.

    Its docstring is its ``--help``, in the language of the process: the catalog
    holds the docstrings of ``@command`` functions (see :mod:`cs.i18n.extract`)."""
    doc = inspect.getdoc(function)
    name = function.__name__.rstrip("_").replace("_", "-")
    app.command(name, help=translate(doc) if doc else None)(reports_errors(function))
    return function


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cs {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=_("Print the version and exit."))
    ] = False,
    color: Annotated[
        ColorMode,
        typer.Option("--color", help=_("Colour diffs: auto (on a terminal, unless NO_COLOR is set), always, never.")),
    ] = ColorMode.auto,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=_("Only results, warnings and errors: no notes, no progress bar."))
    ] = False,
) -> None:
    """Policy as code for live-chat customer service."""
    configure(color, quiet)


def parse_at(text: str | None, tz: Any, option: str = "--at") -> datetime:
    """``--at`` (or ``option``, e.g. ``--from``): local time in the policy's zone
    (``2026-11-23T20:05``), or with an offset; default now.

    Only instants whose day in the policy's zone lies in the supported range
    (1970-01-01 to 2099-12-31, :func:`cs.model.timefmt.check_supported_day`) are
    accepted: the engine answers for that day and looks ahead and back from it.
    """
    if text is None:
        return datetime.now(tz)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        hint = _full_width(text)
        template = _("{option} '{text}' is not a date and time: {hint}") if hint else None
        raise UsageError(
            (template or _("{option} '{text}' is not a date and time; write e.g. 2026-11-23T20:05")).format(
                option=option, text=_short(text), hint=hint
            )
        ) from None
    try:
        local = value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)
    except OverflowError:  # year 1 or 9999 with an offset: far outside the supported days
        local = value
    supported(local.date(), f"{option} '{text}'")  # the policy's day, which the engine answers for
    return local


def parse_day(text: str, option: str) -> date:
    """A ``YYYY-MM-DD`` option (``--day``, ``--from``) inside the supported range."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        hint = _full_width(text)
        template = _("{option} '{text}' is not a date: {hint}") if hint else None
        raise UsageError(
            (template or _("{option} '{text}' is not a date; write YYYY-MM-DD")).format(
                option=option, text=_short(text), hint=hint
            )
        ) from None
    supported(day, f"{option} '{text}'")
    return day


def supported(day: date, shown: str) -> None:
    """Refuse a day outside the days cs supports (a usage error naming ``shown``)."""
    from cs.model.timefmt import FormatError, check_supported_day

    try:
        check_supported_day(day, shown)
    except FormatError as exc:
        raise UsageError(exc.text.shown) from None


def parse_duration_option(
    text: str, option: str, example: str, *, zero: bool = False, seconds: bool = False
) -> timedelta:
    """A duration option (``--within 20s``): written as a duration (or, with ``seconds``, a
    plain number of seconds), above 0 (at 0 too with ``zero``), at most the longest
    duration cs accepts. Each way to miss is its own one-line error."""
    from cs.model.timefmt import MAX_DURATION, DurationTooLongError, format_duration, parse_duration

    negative = text.startswith("-")
    body = text[1:] if negative else text
    too_long = False
    try:
        if seconds and body.replace(".", "", 1).isdigit():
            number = float(body)
            too_long = number > MAX_DURATION.total_seconds()
            value = timedelta(0) if too_long else timedelta(seconds=number)
        else:
            value = parse_duration(body)
    except DurationTooLongError:
        too_long, value = True, MAX_DURATION
    except ValueError:
        raise UsageError(
            _("{option} '{text}' is not a duration; write e.g. {example}").format(
                option=option, text=_short(text), example=example
            )
        ) from None
    if (negative and value > timedelta(0)) or (value == timedelta(0) and not zero and not too_long):
        template = _("{option} '{text}' must not be negative; write e.g. {example}") if zero else None
        raise UsageError(
            (template or _("{option} '{text}' must be positive; write e.g. {example}")).format(
                option=option, text=text, example=example
            )
        )
    if too_long:
        raise UsageError(
            _("{option} '{text}' is too large; at most {longest}").format(
                option=option, text=_short(text), longest=format_duration(MAX_DURATION)
            )
        )
    return value


def _full_width(text: str) -> str | None:
    """The full-width character that spoils a typed date or time, and the text as meant (UI-3)."""
    from cs.load.fullwidth import value_hint

    hint = value_hint(text)
    return hint.shown if hint else None


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def author_name(explicit: str | None) -> str:
    """Who applies: --author, else $CS_AUTHOR, else git's user.name, else the login."""
    import getpass

    from cs.gitrev import config_value

    return explicit or os.environ.get("CS_AUTHOR") or config_value("user.name") or getpass.getuser()


BomOption = Annotated[
    bool,
    typer.Option(
        "--bom", help=_("With --format csv: start with a UTF-8 byte-order mark, so Excel reads Chinese text right.")
    ),
]


def csv_bom(bom: bool, fmt: str) -> str:
    """What to write before CSV output: the UTF-8 byte-order mark Excel needs to read
    UTF-8 (else it guesses the local code page and garbles Chinese), or nothing."""
    if bom and fmt != "csv":
        raise UsageError(_("--bom goes with --format csv"))
    return "\ufeff" if bom else ""


StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="CS_STORE",
        help=_("Store URL: sqlite:///path.db or postgresql://user:pass@host/db. Default: .cs/state.db here."),
    ),
]

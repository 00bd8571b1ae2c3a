"""Store URLs: which backend, where it lives, and how to print it without secrets.

A store is named by one URL (``--store`` or ``CS_STORE``). Passwords may sit in
it, so nothing cs prints ever shows the URL as given: messages use
:func:`redact_url`, and text that came from a driver (which may echo the
connection string) goes through :func:`scrub` first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import unquote

from cs.errors import StoreError
from cs.i18n import _

DEFAULT_SQLITE_PATH = Path(".cs") / "state.db"
"""The embedded store used when no URL is given, relative to the current directory."""

SUPPORTED_URLS = (
    "sqlite:///relative/path.db",
    "sqlite:////absolute/path.db",
    "postgresql://user:password@host:port/database (or postgres://)",
)

REDACTED = "***"

StoreKind = Literal["sqlite", "postgresql"]

_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")
_AMBIGUOUS = re.compile(r"[@#/?]")
"""Characters that end the user info, or the authority, for a URL parser that reads
from the left (libpq): unencoded in a user name or password, they make the split ambiguous."""
_DELIMITERS = re.compile(r"[@#/?:&=\s]")
_SECRET_KEY = re.compile(r"pass|secret|token", re.IGNORECASE)
"""Parameter names that carry a secret: password, sslpassword, passfile, and any
other name with pass, secret or token in it (hiding a harmless one costs nothing)."""
# key=value connection strings (libpq conninfo), as given or as a driver echoes them.
# A quoted value runs to its closing quote (to the end when there is none).
_CONNINFO_SECRET = re.compile(r"(?P<key>[A-Za-z_][\w.-]*)(?P<eq>\s*=\s*)(?P<value>'(?:[^'\\]|\\.)*'?|\S+)")


@dataclass(frozen=True)
class StoreUrl:
    """A parsed store URL. ``url`` is as given and may hold a password: never print it."""

    kind: StoreKind
    url: str = field(repr=False)
    path: Path | None = None
    is_default: bool = False

    @property
    def redacted(self) -> str:
        return redact_url(self.url)


def parse_store_url(url: str | None) -> StoreUrl:
    """Tell the backend and location of ``url``; ``None`` means the embedded default."""
    if url is None:
        return StoreUrl("sqlite", f"sqlite:///{DEFAULT_SQLITE_PATH}", DEFAULT_SQLITE_PATH, True)
    text = url.strip()
    match = _SCHEME.match(text)
    if match is None:
        # Only a plain path is echoed in the hint: anything else may be a password.
        plain = text and not re.search(r"[@=:\s'\\%]", text)
        hint = _(" (for a SQLite file, sqlite:///{path})").format(path=text) if plain else ""
        raise StoreError(
            _("store URL {url!r} has no scheme{hint}; use one of: {supported}").format(
                url=redact_url(text), hint=hint, supported=_supported()
            )
        )
    scheme = match["scheme"].lower()
    text = scheme + text[len(scheme) :]  # a scheme is case-insensitive; libpq reads only lower case
    if scheme == "sqlite":
        return StoreUrl("sqlite", text, _sqlite_path(text))
    if scheme in ("postgresql", "postgres"):
        return StoreUrl("postgresql", text)
    raise StoreError(
        _("unknown store scheme {scheme!r} in {url!r}; supported: {supported}").format(
            scheme=scheme, url=redact_url(text), supported=_supported()
        )
    )


def _sqlite_path(url: str) -> Path:
    rest = url[len("sqlite://") :]
    if not rest.startswith("/"):
        raise StoreError(
            _(
                "SQLite store URL {url!r} names a host; a SQLite store is a local file: use "
                "sqlite:///relative/path.db or sqlite:////absolute/path.db"
            ).format(url=redact_url(url))
        )
    raw = rest[1:]
    if not raw or raw.endswith("/"):
        raise StoreError(
            _("SQLite store URL {url!r} names no file: use sqlite:///path/state.db").format(url=redact_url(url))
        )
    if "?" in raw or "#" in raw:
        raise StoreError(
            _("SQLite store URL {url!r} has options; cs takes none: remove everything from '?' or '#'").format(
                url=redact_url(url)
            )
        )
    if raw == ":memory:":
        raise StoreError(
            _("an in-memory SQLite store would forget every revision on exit: name a file, e.g. sqlite:///.cs/state.db")
        )
    return Path(raw)


def _supported() -> str:
    return ", ".join(SUPPORTED_URLS)


def redact_url(url: str) -> str:
    """``url`` with every secret replaced by ``***``.

    Hidden: the password in the user info, every secret-bearing parameter
    (``password``, ``sslpassword`` ...) in the query or in a libpq ``key=value``
    string, and, in text that is neither (``postgres:pw@host``), everything
    before the last ``@``. The user info ends at the last ``@`` before the host:
    a password holding an unencoded ``@``, ``#``, ``/`` or ``?`` is hidden whole,
    and when the user name itself holds one, all of the user info is
    (``***@host``): when the split is ambiguous, more is hidden rather than less.
    """
    match = _SCHEME.match(url)
    if match is None:
        text = _redact_conninfo(url)
        if "@" in text:
            text = f"{REDACTED}@{text.rpartition('@')[2]}"
        return text
    head, rest = url[: match.end()], url[match.end() :]
    userinfo, at, after = _split_userinfo(rest)
    if at and _query_before_last_at(userinfo):
        after = REDACTED  # the @ may sit inside a query value or the fragment: hide what follows too
    user, colon, _ = userinfo.partition(":")
    if at and _AMBIGUOUS.search(user):
        rest = f"{REDACTED}@{after}"
    elif at and colon:
        rest = f"{user}:{REDACTED}@{after}"
    elif at:
        rest = f"{userinfo}@{after}"
    else:
        for port in _not_ports(rest):
            rest = rest.replace(f":{port}", f":{REDACTED}", 1)
    return head + _redact_query(rest)


def _not_ports(rest: str) -> list[str]:
    """What follows a host's ``:`` without being a port number, in a URL with no ``@``:
    a password whose ``@host`` was forgotten (``postgresql://cs:secret/db``) far more
    likely than a port, so it is hidden."""
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    found = []
    for host in authority.split(","):
        _, colon, port = host.rpartition("]")[2].partition(":")
        if colon and port and not port.isdigit():
            found.append(port)
    return found


def driver_url(url: str) -> str:
    """``url`` as the driver is given it: split where cs splits it.

    libpq ends the user info at the first ``@`` (and the authority at the first
    ``/``, ``?`` or ``#``), cs at the last ``@`` before the host. When the user
    info holds such an unencoded character, it is percent-encoded here, so the
    driver connects to the host cs names in its messages and never reads a piece
    of the password as a host or a port (that it would then print). A URL whose
    split cs cannot tell (an ``@`` inside a query value as well) is left as given.
    """
    match = _SCHEME.match(url)
    if match is None:
        return url
    rest = url[match.end() :]
    userinfo, at, after = _split_userinfo(rest)
    if not at or not _AMBIGUOUS.search(userinfo):
        return _without_fragment(url)  # no '#' before it but the fragment's own
    if _query_before_last_at(userinfo):
        return url
    user, colon, password = userinfo.partition(":")
    encoded = f"{_encode_delimiters(user)}{colon}{_encode_delimiters(password)}"
    return f"{url[: match.end()]}{encoded}@{_without_fragment(after)}"


def _encode_delimiters(text: str) -> str:
    return _AMBIGUOUS.sub(lambda found: f"%{ord(found[0]):02X}", text)


def _without_fragment(url: str) -> str:
    """``url`` as the driver is given it: cs reads nothing from a fragment, and a driver
    would quote it in its messages (``invalid sslmode value: "disable#..."``)."""
    return url.partition("#")[0]


def _query_before_last_at(userinfo: str) -> bool:
    """Whether the ``@`` taken to end the user info follows a ``?key=`` (or ``#key=``):
    then it belongs to a query value (or the fragment) far more likely than to a
    password, and neither side of it is known to be safe."""
    return re.search(r"[?#][^@]*=", userinfo) is not None


def url_secrets(url: str) -> tuple[str, ...]:
    """Every spelling in which a whole secret of ``url`` could show up in a driver's
    message: as given, percent-decoded, as the driver was given it, quoted."""
    found: list[str] = []
    match = _SCHEME.match(url)
    rest = url[match.end() :] if match else url
    userinfo, at, after = _split_userinfo(rest)
    user, colon, password = userinfo.partition(":")
    if at and _AMBIGUOUS.search(user):
        found.append(userinfo)
    if at and colon:
        found.extend((password, _encode_delimiters(password)))
    if at and _query_before_last_at(userinfo):
        found.append(after)
    if not at:
        found.extend(_not_ports(rest))
    if match is None and "@" in url:
        found.append(url.rpartition("@")[0])
    found.extend(value for key, value in _query_items(rest) if _SECRET_KEY.search(key))
    found.append(after.partition("#")[2])  # the fragment, hidden whole (see _redact_query)
    for item in _CONNINFO_SECRET.finditer(url):
        if _SECRET_KEY.search(item["key"]):
            value = item["value"]
            found.append(value)
            if value.startswith("'"):
                found.append(re.sub(r"\\(.)", r"\1", value.strip("'")))
    forms: set[str] = set()
    for raw in filter(None, found):
        for form in (raw, unquote(raw)):
            forms.add(form)
            forms.add(form.replace("\\", "\\\\").replace("'", "\\'"))
    return tuple(sorted(forms, key=len, reverse=True))


def _secret_pieces(secrets: tuple[str, ...]) -> set[str]:
    """Each secret and every piece of it between delimiters: what a driver that
    split an ambiguous URL elsewhere could print as a host, a port or a name."""
    pieces = set(secrets)
    for secret in secrets:
        pieces.update(piece for piece in _DELIMITERS.split(secret) if piece)
    return pieces


_QUOTED = re.compile(r"\"(?P<double>[^\"]*)\"|'(?P<single>(?:[^'\\]|\\.)*)'")
_BARE_SECRET_MIN = 8
"""A secret this long and not only letters is hidden standing alone too (a driver never
prints a password that way); a shorter one, or a word, could be a word of the message
itself, which stays as it is."""


def scrub(text: str, url: str) -> str:
    """Text (a driver's error, say) with ``url`` and its secrets made safe to print.

    Masking is structural, never a search for the secret inside the message's own
    words (a password ``u`` must not turn "refused" into "ref***sed"): the URL,
    as given or as the driver was given it, becomes its redacted form; a
    secret-bearing ``key=value`` hides its value; a quoted value that is a secret,
    a piece of one, holds an ``@`` (a host never does: everything up to the last
    ``@`` goes) or is a URL is hidden; a long secret standing alone goes too.
    """
    if url:
        for given in sorted({url, driver_url(url)}, key=len, reverse=True):
            text = text.replace(given, redact_url(url))
    text = _redact_conninfo(text)
    secrets = url_secrets(url)
    pieces = _secret_pieces(secrets)

    def hide(quoted: re.Match[str]) -> str:
        mark = '"' if quoted["double"] is not None else "'"
        value = quoted["double"] if quoted["double"] is not None else quoted["single"]
        if value in pieces:
            return f"{mark}{REDACTED}{mark}"
        if _SCHEME.match(value):
            return f"{mark}{redact_url(value)}{mark}"
        if "@" in value:
            return f"{mark}{REDACTED}@{value.rpartition('@')[2]}{mark}"
        return quoted[0]

    text = _QUOTED.sub(hide, text)
    for secret in secrets:
        if len(secret) >= _BARE_SECRET_MIN and not secret.isalpha():
            text = re.sub(rf"(?<![^\s\"'=,;()\[\]<>]){re.escape(secret)}(?![^\s\"'=,;()\[\]<>])", REDACTED, text)
    return text


def _redact_conninfo(text: str) -> str:
    def hide(item: re.Match[str]) -> str:
        if _SECRET_KEY.search(item["key"]):
            return f"{item['key']}{item['eq']}{REDACTED}"
        return item[0]

    return _CONNINFO_SECRET.sub(hide, text)


def _split_userinfo(rest: str) -> tuple[str, str, str]:
    """Split ``user:pass@host...`` at the ``@`` that ends the user info.

    The authority ends at the first ``/``, ``?`` or ``#``. When its ``@`` is the
    only one, that ``@`` ends the user info. When another ``@`` follows (a
    password with an unencoded ``#`` and ``@``), or the authority has none (a
    password with an unencoded ``/``), the last ``@`` of the whole URL is taken,
    so such a password is still hidden (at worst, more is).
    """
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        userinfo = authority.rpartition("@")[0]
        after = rest[len(userinfo) + 1 :]
        if "@" not in after:
            return userinfo, "@", after
    if "@" in rest:
        return rest.rpartition("@")
    return "", "", rest


def _query_items(rest: str) -> list[tuple[str, str]]:
    _, _, query = rest.partition("?")
    items: list[tuple[str, str]] = []
    for pair in query.split("&"):
        key, eq, value = pair.partition("=")
        if eq:
            items.append((unquote(key), value))
            items.append((unquote(key), value.split("#", 1)[0]))
        secret = _pair_secret(pair)
        if secret is not None:  # after a ';' too, to the end of the pair
            items.append(("password", pair[secret:]))
            items.append(("password", pair[secret:].split("#", 1)[0]))
    return items


_PAIR_KEY = re.compile(r"[^=;]*=")
"""A key of a query pair, at its start or after a ``;`` (``x=1;password=...``)."""


def _pair_secret(pair: str) -> int | None:
    """Where the secret of a query pair starts, or None: after the ``=`` of a
    secret-bearing key, percent-decoded (libpq reads ``%70assword`` as ``password``),
    to the end of the pair, ``;`` included, as libpq splits pairs at ``&`` only."""
    for found in _PAIR_KEY.finditer(pair):
        if _SECRET_KEY.search(unquote(found[0][:-1])):
            return found.end()
    return None


def _redact_query(rest: str) -> str:
    """The query's secret-bearing values hidden, and the fragment whole: cs reads
    nothing from it, and it may hold anything."""
    rest, hash_mark, fragment = rest.partition("#")
    tail = f"#{REDACTED}" if fragment else hash_mark
    base, question, query = rest.partition("?")
    if not question:
        return rest + tail
    pairs = query.split("&")
    for i, pair in enumerate(pairs):
        secret = _pair_secret(pair)
        if secret is not None:
            pairs[i] = pair[:secret] + REDACTED
    return f"{base}?{'&'.join(pairs)}{tail}"

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
# key=value connection strings, as psycopg and libpq may echo them in errors.
_CONNINFO_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s]+)", re.IGNORECASE)


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
        hint = f" (for a SQLite file, sqlite:///{text})" if text else ""
        raise StoreError(
            f"store URL {redact_url(text)!r} has no scheme{hint}; use one of: {_supported()}"
        )
    scheme = match["scheme"].lower()
    if scheme == "sqlite":
        return StoreUrl("sqlite", text, _sqlite_path(text))
    if scheme in ("postgresql", "postgres"):
        return StoreUrl("postgresql", text)
    raise StoreError(
        f"unknown store scheme {scheme!r} in {redact_url(text)!r}; supported: {_supported()}"
    )


def _sqlite_path(url: str) -> Path:
    rest = url[len("sqlite://") :]
    if not rest.startswith("/"):
        raise StoreError(
            f"SQLite store URL {url!r} names a host; a SQLite store is a local file: "
            "use sqlite:///relative/path.db or sqlite:////absolute/path.db"
        )
    raw = rest[1:]
    if not raw or raw.endswith("/"):
        raise StoreError(f"SQLite store URL {url!r} names no file: use sqlite:///path/state.db")
    if "?" in raw or "#" in raw:
        raise StoreError(
            f"SQLite store URL {url!r} has options; cs takes none: "
            "remove everything from '?' or '#'"
        )
    if raw == ":memory:":
        raise StoreError(
            "an in-memory SQLite store would forget every revision on exit: "
            "name a file, e.g. sqlite:///.cs/state.db"
        )
    return Path(raw)


def _supported() -> str:
    return ", ".join(SUPPORTED_URLS)


def redact_url(url: str) -> str:
    """``url`` with every password replaced by ``***`` (user info and ``password=`` options)."""
    match = _SCHEME.match(url)
    if match is None:
        return _CONNINFO_PASSWORD.sub(rf"\g<1>{REDACTED}", url)
    head, rest = url[: match.end()], url[match.end() :]
    userinfo, at, after = _split_userinfo(rest)
    if at and ":" in userinfo:
        user = userinfo.split(":", 1)[0]
        rest = f"{user}:{REDACTED}@{after}"
    return head + _redact_query(rest)


def url_secrets(url: str) -> tuple[str, ...]:
    """Every form in which a password of ``url`` could show up in a driver's message."""
    found: list[str] = []
    match = _SCHEME.match(url)
    rest = url[match.end() :] if match else url
    userinfo, at, _ = _split_userinfo(rest)
    if at and ":" in userinfo:
        found.append(userinfo.split(":", 1)[1])
    for key, value in _query_items(rest):
        if key.lower() == "password":
            found.append(value)
    for value in _CONNINFO_PASSWORD.findall(url):
        found.append(value[1])
    forms: set[str] = set()
    for raw in found:
        for form in (raw, unquote(raw)):
            if form:
                forms.add(form)
                forms.add(form.replace("\\", "\\\\").replace("'", "\\'"))
    return tuple(sorted(forms, key=len, reverse=True))


def scrub(text: str, url: str) -> str:
    """Text (a driver's error, say) with ``url`` and its passwords made safe to print."""
    if url:
        text = text.replace(url, redact_url(url))
    for secret in url_secrets(url):
        text = text.replace(secret, REDACTED)
    return _CONNINFO_PASSWORD.sub(rf"\g<1>{REDACTED}", text)


def _split_userinfo(rest: str) -> tuple[str, str, str]:
    """Split ``user:pass@host...`` at the ``@`` that ends the user info.

    The authority ends at the first ``/``, ``?`` or ``#``; when a password holds one
    of those unescaped there is no ``@`` inside, and the last ``@`` of the whole
    URL is taken instead, so such a password is still hidden (at worst, more is).
    """
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        userinfo = authority.rpartition("@")[0]
        return userinfo, "@", rest[len(userinfo) + 1 :]
    if "@" in rest:
        return rest.rpartition("@")
    return "", "", rest


def _query_items(rest: str) -> list[tuple[str, str]]:
    _, _, query = rest.partition("?")
    query = query.split("#", 1)[0]
    items: list[tuple[str, str]] = []
    for pair in query.split("&"):
        key, eq, value = pair.partition("=")
        if eq:
            items.append((unquote(key), value))
    return items


def _redact_query(rest: str) -> str:
    base, question, query = rest.partition("?")
    if not question:
        return rest
    pairs = []
    for pair in query.split("&"):
        key, eq, value = pair.partition("=")
        if eq and unquote(key).lower() == "password":
            value = REDACTED
        pairs.append(f"{key}{eq}{value}")
    return f"{base}?{'&'.join(pairs)}"

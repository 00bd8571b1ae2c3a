"""Stores: where applied policies live, with history, locks and drift checks.

:func:`open_store` picks the backend from a URL: ``None`` for the embedded
SQLite file ``.cs/state.db``, ``sqlite:///path.db``, or
``postgresql://user:password@host:port/db`` for a server a team shares. Both
backends implement :class:`Store` with the same tables and the same behaviour.

How ``cs plan`` and ``cs apply`` use a store (:mod:`cs.plan` holds the real code)::

    from cs.store import open_store

    # plan: read what is live; no lock is held while the plan is reviewed
    with open_store(url) as store:
        history = store.history("support")               # newest first, metadata only
        base_revision = history[0].number if history else 0

    # apply: exactly what was reviewed, or nothing
    with open_store(url) as store:
        if store.store_id != plan.store_id:
            raise StalePlanError(f"the plan was made for {plan.store}, not {store.identity}")
        lock = store.acquire_lock("support", owner="alice", ttl_seconds=120)
        try:
            revision = store.commit(
                "support", plan.document,
                expected_revision=plan.base_revision,   # compare-and-swap
                author="alice", message="why",
                git_commit=plan.git_commit, plan_digest=plan.digest,
                lock_id=lock.id,                        # refuse if the lock was lost
            )
        finally:
            store.release_lock(lock.id)                 # returns None if already gone

A commit raises :class:`~cs.errors.StalePlanError` when the live revision moved
since the plan, :class:`LockLostError` when the apply's lock expired and was taken,
and :class:`~cs.errors.StoreError` for anything else; messages never show a
password.
"""

from __future__ import annotations

import os

from cs.errors import StoreError
from cs.i18n import _
from cs.store.base import (
    DEFAULT_BUSY_TIMEOUT,
    SCHEMA_VERSION,
    WRITER,
    Clock,
    Drift,
    Lock,
    LockHeldError,
    LockLostError,
    Revision,
    RevisionNotFoundError,
    StaleRevisionError,
    Store,
    StoreBusyError,
    TamperedRevisionError,
)
from cs.store.url import DEFAULT_SQLITE_PATH, parse_store_url, redact_url

__all__ = [
    "DEFAULT_BUSY_TIMEOUT",
    "DEFAULT_SQLITE_PATH",
    "SCHEMA_VERSION",
    "WRITER",
    "Clock",
    "Drift",
    "Lock",
    "LockHeldError",
    "LockLostError",
    "Revision",
    "RevisionNotFoundError",
    "StaleRevisionError",
    "Store",
    "StoreBusyError",
    "TamperedRevisionError",
    "open_store",
    "redact_url",
]


def open_store(
    url: str | None,
    *,
    now: Clock | None = None,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    timeout: float | None = None,
    create: bool = True,
) -> Store:
    """Open (creating on first use) the store at ``url``; ``None`` means ``.cs/state.db``.

    ``create=False`` (history, show, rollback, unlock) refuses a SQLite file that
    does not exist instead of creating it: a mistyped path names the missing store.

    ``now`` is the clock for revision and lock times (tests freeze it);
    ``busy_timeout`` is how many seconds a write waits for another writer;
    ``timeout`` is how many seconds one PostgreSQL transaction may take before
    cs gives up on a stalled server or network (default ``CS_STORE_TIMEOUT``, else 30).
    """
    target = parse_store_url(url)
    if target.kind == "sqlite":
        from cs.store.sqlite import SqliteStore

        assert target.path is not None
        return SqliteStore(target.path, now=now, busy_timeout=busy_timeout, create=create)
    from cs.store.postgres import PostgresStore

    return PostgresStore(target.url, now=now, busy_timeout=busy_timeout, timeout=timeout or _store_timeout())


def _store_timeout() -> float:
    from cs.store.postgres import DEFAULT_STORE_TIMEOUT

    text = os.environ.get("CS_STORE_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_STORE_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 86400:
        raise StoreError(
            _("CS_STORE_TIMEOUT={text!r} must be a number of seconds above 0 and below 86400 (a day)").format(text=text)
        )
    return seconds

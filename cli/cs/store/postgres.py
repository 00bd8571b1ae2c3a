"""The shared store: a PostgreSQL database a team points ``--store`` at.

psycopg 3 is imported only when a ``postgresql://`` store is opened, so the
default install needs no driver. Writes to one policy serialise on a
transaction-scoped advisory lock keyed by (store, policy): the second of two
racing commits waits, then reads the first one's revision and fails the
compare-and-swap cleanly; no retry loop, and the ``(name, revision)`` primary
key stays as the last guard. Waits are bounded by ``lock_timeout`` (the busy
timeout), and a session that dies mid-transaction is rolled back by the server.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from cs.errors import ConflictError, StoreError
from cs.store.base import DEFAULT_BUSY_TIMEOUT, Clock, StoreBusyError
from cs.store.sql import Rows, SqlStore
from cs.store.url import redact_url, scrub

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT = 10
"""Seconds to wait for the server before saying it cannot be reached."""

IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000
"""A cs process hung inside a transaction loses it (and its locks) after this."""


class PostgresStore(SqlStore):
    kind = "postgresql"

    def __init__(
        self,
        url: str,
        *,
        now: Clock | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        connect_timeout: int = CONNECT_TIMEOUT,
    ) -> None:
        super().__init__(now=now, busy_timeout=busy_timeout)
        self._url = url
        self._redacted = redact_url(url)
        self._closed = True
        self._psycopg = _import_psycopg()
        self._conn = self._connect(connect_timeout)
        self._closed = False
        try:
            self._execute(
                "SELECT set_config('lock_timeout', ?, false), "
                "set_config('idle_in_transaction_session_timeout', ?, false)",
                (f"{max(1, int(busy_timeout * 1000))}ms", f"{IDLE_IN_TRANSACTION_TIMEOUT_MS}ms"),
            ).fetchone()
            self._open()
        except BaseException as error:
            translated = self._translate(error)
            self.close()
            if translated is not None:
                raise translated from None
            raise

    def _connect(self, connect_timeout: int) -> psycopg.Connection[Any]:
        options: dict[str, Any] = {}
        if "connect_timeout" not in self._url:
            options["connect_timeout"] = connect_timeout
        if "application_name" not in self._url:
            options["application_name"] = "cs"
        try:
            conn: psycopg.Connection[Any] = self._psycopg.connect(
                self._url, autocommit=True, prepare_threshold=None, **options
            )
        except (self._psycopg.Error, ValueError, OSError) as error:
            raise StoreError(
                f"cannot connect to PostgreSQL store {self._redacted}: {self._driver_text(error)}; "
                "check host, port, database, user and password in the URL and that the server "
                "accepts connections from here"
            ) from None
        return conn

    @property
    def location(self) -> str:
        return self._redacted

    def _execute(self, sql: str, params: Sequence[object] = ()) -> Rows:
        if params:
            return self._conn.execute(sql.replace("?", "%s"), tuple(params))
        return self._conn.execute(sql)

    def _begin_read(self) -> None:
        self._conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def _begin_write(self, key: str) -> None:
        self._conn.execute("BEGIN")
        self._execute("SELECT pg_advisory_xact_lock(?)", (_advisory_key(key),)).fetchone()

    def _has_table(self, table: str) -> bool:
        row = self._execute("SELECT to_regclass(?) IS NOT NULL", (table,)).fetchone()
        return bool(row[0])

    def _disconnect(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()

    def _driver_text(self, error: BaseException) -> str:
        """The driver's message on one line, with the URL and its password made safe."""
        return scrub(re.sub(r"\s*\n\s*", "; ", str(error).strip()), self._url)

    def _translate(self, error: BaseException) -> StoreError | None:
        psycopg = self._psycopg
        if not isinstance(error, psycopg.Error):
            return None
        errors = psycopg.errors
        text = self._driver_text(error)
        if isinstance(error, errors.LockNotAvailable | errors.QueryCanceled):
            return StoreBusyError(
                f"store {self._redacted} is busy: another writer held the policy for more than "
                f"{self._busy_timeout:g} s ({text}); retry, and if it persists look for a stuck "
                "cs session in pg_stat_activity"
            )
        if isinstance(
            error, errors.UniqueViolation | errors.SerializationFailure | errors.DeadlockDetected
        ):
            return ConflictError(
                f"a concurrent write to {self._redacted} collided with this one ({text}); "
                "run `cs plan` again"
            )
        if isinstance(error, errors.InsufficientPrivilege):
            return StoreError(
                f"PostgreSQL store {self._redacted}: {text}; the user needs CREATE on the schema "
                "the first time, and SELECT, INSERT, DELETE on the cs_* tables after"
            )
        if isinstance(error, psycopg.OperationalError):
            return StoreError(
                f"lost the connection to PostgreSQL store {self._redacted}: {text}; "
                "nothing was half-written, retry when the server is back"
            )
        return StoreError(f"PostgreSQL store {self._redacted}: {text}")


def _import_psycopg() -> ModuleType:
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            "PostgreSQL stores need psycopg 3, which is not installed: "
            "install cs-policy[postgres] (pip install 'cs-policy[postgres]')"
        ) from None
    return psycopg


def _advisory_key(key: str) -> int:
    """A signed 64-bit advisory lock key; a collision only serialises two writers more."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big", signed=True)

"""The shared store: a PostgreSQL database a team points ``--store`` at.

psycopg 3 is imported only when a ``postgresql://`` store is opened, so the
default install needs no driver. Writes to one policy serialise on a
transaction-scoped advisory lock keyed by (store, policy): the second of two
racing commits waits, then reads the first one's revision and fails the
compare-and-swap cleanly; no retry loop, and the ``(name, revision)`` primary
key stays as the last guard. Waits are bounded by ``lock_timeout`` (the busy
timeout), and a session that dies mid-transaction is rolled back by the server.

Never stuck: TCP keepalives and a TCP user timeout on both ends notice a silent
network, ``statement_timeout`` bounds the server's work, and a client-side
watchdog ends any transaction that has not finished within the store timeout
(``CS_STORE_TIMEOUT``, 30 s by default) by shutting the socket down, so a
stalled apply fails with one line instead of waiting forever. The server then
rolls back whatever was not committed. Connection parameters the URL sets
itself (``connect_timeout``, ``keepalives_idle``, ``tcp_user_timeout`` ...) win.

An apply lock also lives in the session that took it (a session-level advisory
lock keyed by the lock id): when that session is gone (a killed run, a dropped
connection), another run sees the lock row as dead and takes it over.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import threading
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from cs.errors import ConflictError, StoreError
from cs.i18n import _
from cs.store.base import DEFAULT_BUSY_TIMEOUT, Clock, StoreBusyError
from cs.store.sql import Rows, SqlStore
from cs.store.url import driver_url, redact_url, scrub

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT = 10
"""Seconds to wait for the server before saying it cannot be reached."""

DEFAULT_STORE_TIMEOUT = 30.0
"""Seconds any one transaction may take before cs gives up on the server (CS_STORE_TIMEOUT)."""

IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000
"""A cs process hung inside a transaction loses it (and its locks) after this."""


class PostgresStore(SqlStore):
    kind = "postgresql"
    largest_revision = 2**31 - 1  # the column is INTEGER, four bytes in PostgreSQL

    def __init__(
        self,
        url: str,
        *,
        now: Clock | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        connect_timeout: int = CONNECT_TIMEOUT,
        timeout: float = DEFAULT_STORE_TIMEOUT,
    ) -> None:
        super().__init__(now=now, busy_timeout=busy_timeout)
        self._url = url
        self._redacted = redact_url(url)
        self._closed = True
        self._timeout = max(timeout, busy_timeout + 1)
        self._connect_timeout = connect_timeout
        self._timed_out = False
        self._held: set[str] = set()
        self._psycopg = _import_psycopg()
        self._conn = self._connect()
        self._closed = False
        try:
            self._configure_session()
            self._open()
        except BaseException as error:
            translated = self._translate(error)
            self.close()
            if translated is not None:
                raise translated from None
            raise

    def _connect(self) -> psycopg.Connection[Any]:
        seconds = max(1, int(self._timeout))
        defaults: dict[str, Any] = {
            "connect_timeout": self._connect_timeout,
            "application_name": "cs",
            "keepalives": 1,
            "keepalives_idle": max(1, seconds // 3),
            "keepalives_interval": max(1, seconds // 6),
            "keepalives_count": 3,
            "tcp_user_timeout": seconds * 1000,
        }
        url = driver_url(self._url)  # split where cs splits it, so the host is the one cs names
        try:
            given = self._psycopg.conninfo.conninfo_to_dict(url)
        except (self._psycopg.Error, ValueError):
            given = {}  # connect() below says what is wrong with it
        options = {key: value for key, value in defaults.items() if key not in given}
        try:
            conn: psycopg.Connection[Any] = self._psycopg.connect(
                url, autocommit=True, prepare_threshold=None, **options
            )
        except (self._psycopg.Error, ValueError, OSError) as error:
            raise StoreError(
                _(
                    "cannot connect to PostgreSQL store {store}: {reason}; check host, port, "
                    "database, user and password in the URL and that the server accepts connections "
                    "from here"
                ).format(store=self._redacted, reason=self._driver_text(error))
            ) from None
        return conn

    def _configure_session(self) -> None:
        """Bounds on the server's side: lock waits, statements, idle transactions, and
        how soon the server itself notices that cs went silent. A value the URL set
        (``options=-c statement_timeout=...``) is kept."""
        seconds = max(1, int(self._timeout))
        self._execute(
            "SELECT set_config('lock_timeout', ?, false), "
            "set_config('idle_in_transaction_session_timeout', ?, false), "
            "set_config('statement_timeout', CASE current_setting('statement_timeout') "
            "WHEN '0' THEN ? ELSE current_setting('statement_timeout') END, false), "
            "set_config('tcp_keepalives_idle', ?, false), "
            "set_config('tcp_keepalives_interval', ?, false), "
            "set_config('tcp_keepalives_count', '3', false), "
            "set_config('tcp_user_timeout', ?, false)",
            (
                f"{max(1, int(self._busy_timeout * 1000))}ms",
                f"{IDLE_IN_TRANSACTION_TIMEOUT_MS}ms",
                f"{seconds}s",
                str(max(1, seconds // 3)),
                str(max(1, seconds // 6)),
                str(seconds * 1000),
            ),
        ).fetchone()

    @contextlib.contextmanager
    def _guard(self) -> Iterator[object]:
        """End a transaction the server or the network leaves hanging: after the
        store timeout the socket is shut down, and the waiting call fails."""
        if self._timed_out:
            yield None
            return
        fd = self._conn.fileno()

        def give_up() -> None:
            self._timed_out = True
            with contextlib.suppress(OSError), socket.socket(fileno=os.dup(fd)) as stalled:
                stalled.shutdown(socket.SHUT_RDWR)

        watchdog = threading.Timer(self._timeout, give_up)
        watchdog.daemon = True
        watchdog.start()
        try:
            yield None
        finally:
            watchdog.cancel()

    def _reconnect(self) -> None:
        self._disconnect()
        self._held.clear()
        self._timed_out = False
        self._conn = self._connect()
        self._configure_session()

    def _place(self) -> str:
        """Database and schema, and the cluster's system identifier where the user may read it."""
        where = "SELECT current_database(), current_schema()"
        try:
            row = self._execute(f"{where}, system_identifier::text FROM pg_control_system()").fetchone()
        except self._psycopg.errors.InsufficientPrivilege:
            row = self._execute(where).fetchone()
        return "\0".join(str(part) for part in row)

    def _holder_key(self, lock_id: str) -> int:
        return _advisory_key(f"{self._store_id}\0holder\0{lock_id}")

    def _on_lock_acquired(self, lock_id: str) -> None:
        self._execute("SELECT pg_advisory_lock(?)", (self._holder_key(lock_id),)).fetchone()
        self._held.add(lock_id)

    def _on_lock_released(self, lock_id: str) -> None:
        if lock_id in self._held:
            self._held.discard(lock_id)
            self._execute("SELECT pg_advisory_unlock(?)", (self._holder_key(lock_id),)).fetchone()

    def _holder_alive(self, lock_id: str) -> bool:
        if lock_id in self._held:
            return True
        key = self._holder_key(lock_id)
        (free,) = self._execute("SELECT pg_try_advisory_lock(?)", (key,)).fetchone()
        if free:
            self._execute("SELECT pg_advisory_unlock(?)", (key,)).fetchone()
        return not free

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
        if self._timed_out:
            return StoreError(
                _(
                    "PostgreSQL store {store} did not answer within {seconds:g} s (a stalled network "
                    "or server); cs gave up. Nothing was half-written: the transaction either "
                    "committed whole or not at all, `cs history` shows which. Set CS_STORE_TIMEOUT "
                    "(seconds) to wait longer"
                ).format(store=self._redacted, seconds=self._timeout)
            )
        if isinstance(error, errors.LockNotAvailable | errors.QueryCanceled):
            return StoreBusyError(
                _(
                    "store {store} is busy: another writer held the policy for more than {seconds:g} "
                    "s ({text}); retry, and if it persists look for a stuck cs session in "
                    "pg_stat_activity"
                ).format(store=self._redacted, seconds=self._busy_timeout, text=text)
            )
        if isinstance(error, errors.UniqueViolation | errors.SerializationFailure | errors.DeadlockDetected):
            return ConflictError(
                _("a concurrent write to {store} collided with this one ({text}); run `cs plan` again").format(
                    store=self._redacted, text=text
                )
            )
        if isinstance(error, errors.InsufficientPrivilege):
            return StoreError(
                _(
                    "PostgreSQL store {store}: {text}; the user needs CREATE on the schema the first "
                    "time, and SELECT, INSERT, DELETE on the cs_* tables after"
                ).format(store=self._redacted, text=text)
            )
        if isinstance(error, psycopg.OperationalError):
            return StoreError(
                _(
                    "lost the connection to PostgreSQL store {store}: {text}; nothing was "
                    "half-written, retry when the server is back"
                ).format(store=self._redacted, text=text)
            )
        return StoreError(_("PostgreSQL store {store}: {text}").format(store=self._redacted, text=text))


def _import_psycopg() -> ModuleType:
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            _(
                "PostgreSQL stores need psycopg 3, which is not installed: install cs with its "
                "postgres extra (pip install '.[postgres]' in the cs checkout)"
            )
        ) from None
    return psycopg


def _advisory_key(key: str) -> int:
    """A signed 64-bit advisory lock key; a collision only serialises two writers more."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big", signed=True)

"""The embedded store: one SQLite file, ``.cs/state.db`` unless a URL names another.

Writes take SQLite's write lock at the start (``BEGIN IMMEDIATE``) and wait up
to the busy timeout for it, so concurrent commits from several processes
serialise. The file is in WAL mode with full syncs: a process killed inside a
commit leaves the previous revision live. New files and the default directory
are owner-only (0600 / 0700): the store may hold internal routing details.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from cs.errors import ConflictError, StoreError
from cs.store.base import DEFAULT_BUSY_TIMEOUT, Clock, StoreBusyError
from cs.store.sql import Rows, SqlStore


class SqliteStore(SqlStore):
    kind = "sqlite"

    def __init__(
        self,
        path: Path,
        *,
        now: Clock | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> None:
        super().__init__(now=now, busy_timeout=busy_timeout)
        self._path = Path(os.path.abspath(path))
        self._closed = True
        _create_private_file(self._path)
        try:
            self._conn = sqlite3.connect(
                self._path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
            self._closed = False
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._open()
        except BaseException as error:
            translated = self._translate(error)
            self.close()
            if translated is not None:
                raise translated from None
            raise

    @property
    def location(self) -> str:
        return f"sqlite:///{self._path}"

    @property
    def path(self) -> Path:
        return self._path

    def _execute(self, sql: str, params: Sequence[object] = ()) -> Rows:
        return self._conn.execute(sql, tuple(params))

    def _begin_read(self) -> None:
        self._conn.execute("BEGIN")

    def _begin_write(self, key: str) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def _has_table(self, table: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        return row is not None

    def _disconnect(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()

    def _translate(self, error: BaseException) -> StoreError | None:
        if not isinstance(error, sqlite3.Error):
            return None
        text = str(error)
        if isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
            return StoreBusyError(
                f"store {self.location} is busy: another process held its write lock for more "
                f"than {self._busy_timeout:g} s; retry, and if it persists look for a stuck "
                "cs process using this file"
            )
        if isinstance(error, sqlite3.IntegrityError):
            return ConflictError(
                f"a concurrent write to {self.location} collided with this one ({text}); "
                "run `cs plan` again"
            )
        if "not a database" in text:
            return StoreError(
                f"{self._path} is not a SQLite database; point --store at a cs store "
                "or at a path that does not exist yet"
            )
        if isinstance(error, sqlite3.OperationalError) and "unable to open" in text:
            return StoreError(
                f"cannot open SQLite store {self._path}: {text}; check that the directory "
                "exists and is writable"
            )
        if "readonly" in text:
            return StoreError(
                f"SQLite store {self._path} is read-only here: {text}; check the permissions "
                "of the file and its directory (SQLite writes beside the file too)"
            )
        return StoreError(f"SQLite store {self.location}: {text}")


def _create_private_file(path: Path) -> None:
    """Create ``path`` (and missing parent directories) readable by the owner only.

    An existing file is left as it is: its permissions are its owner's choice.
    """
    if path.exists():
        if path.is_dir():
            raise StoreError(f"SQLite store {path} is a directory; name a file inside it")
        return
    try:
        missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        for directory in reversed(missing):
            try:
                directory.mkdir(mode=0o700)
            except FileExistsError:
                continue
            os.chmod(directory, 0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise StoreError(
            f"cannot create SQLite store {path}: {error.strerror}; check the directory "
            "permissions or choose another path with --store sqlite:///PATH"
        ) from None

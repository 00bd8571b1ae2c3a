"""The embedded store: one SQLite file, ``.cs/state.db`` unless a URL names another.

Writes take SQLite's write lock at the start (``BEGIN IMMEDIATE``) and wait up
to the busy timeout for it, so concurrent commits from several processes
serialise. The file is in WAL mode with full syncs: a process killed inside a
commit leaves the previous revision live. New files and the default directory
are owner-only (0600 / 0700): the store may hold internal routing details. A
symbolic link inside the working tree (a repository can contain one at
``.cs/state.db``) is followed only when its target stays inside the tree, so
cloning a repository never makes cs write somewhere else. A store cs may not
write (a 0400 file in a 0500 directory) is opened read-only: history, show and
diff work, writes say why they cannot.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from cs.errors import ConflictError, StoreError
from cs.i18n import _
from cs.i18n.oserror import os_reason
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
        create: bool = True,
    ) -> None:
        super().__init__(now=now, busy_timeout=busy_timeout)
        self._closed = True
        self._path = _inside_the_tree(Path(os.path.abspath(path)))
        if not create and missing(self._path):
            raise StoreError(
                _(
                    "SQLite store {path} does not exist; check --store or CS_STORE (cs creates a store "
                    "only when it plans or applies a policy)"
                ).format(path=self._path)
            )
        self.created = _create_private_file(self._path)
        self._read_only = not _writable(self._path)
        try:
            self._conn = self._connect()
            self._closed = False
            self._check_unclaimed()  # before anything, WAL mode included, is changed in the file
            if not self._read_only:
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=FULL")
            self._open()
        except BaseException as error:
            translated = self._translate(error)
            self.close()
            if translated is not None:
                raise translated from None
            raise

    def _connect(self) -> sqlite3.Connection:
        if not self._read_only:
            return sqlite3.connect(
                self._path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
            )
        # SQLite needs a -shm file beside a WAL store even to read; where it cannot
        # make one, the file is read as immutable (cs checkpoints on every close).
        try:
            return self._connect_read_only("mode=ro")
        except sqlite3.OperationalError:
            return self._connect_read_only("immutable=1")

    def _connect_read_only(self, mode: str) -> sqlite3.Connection:
        conn = sqlite3.connect(
            f"file:{quote(str(self._path))}?{mode}",
            uri=True,
            timeout=self._busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _reconnect(self) -> None:
        self._disconnect()
        self._conn = self._connect()

    def _place(self) -> str:
        return os.path.realpath(self._path)

    @property
    def location(self) -> str:
        return f"sqlite:///{self._path}"

    @property
    def path(self) -> Path:
        return self._path

    @property
    def local_files(self) -> tuple[Path, ...]:
        """The database and the files SQLite keeps beside it (WAL, shared memory, journal)."""
        return (self._path, *(self._path.with_name(self._path.name + end) for end in ("-wal", "-shm", "-journal")))

    def _execute(self, sql: str, params: Sequence[object] = ()) -> Rows:
        return self._conn.execute(sql, tuple(params))

    def _begin_read(self) -> None:
        self._conn.execute("BEGIN")

    def _begin_write(self, key: str) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def _has_table(self, table: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
        return row is not None

    def _check_unclaimed(self) -> None:
        """A SQLite file with tables but none of cs's is another application's
        database: cs refuses it rather than add its tables to it."""
        rows = self._conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").fetchall()
        names = sorted(str(row[0]) for row in rows if not str(row[0]).startswith("sqlite_"))
        if names and not any(name.startswith("cs_") for name in names):
            shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            raise StoreError(
                _(
                    "{path} is another application's SQLite database (tables: {tables}), not a cs store; cs "
                    "creates its tables only in a new or empty file: point --store at a cs store or at a path "
                    "that does not exist yet"
                ).format(path=self._path, tables=shown)
            )

    def _disconnect(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()

    def _io_error_of_a_full_disk(self, text: str) -> bool:
        """SQLite says only "disk I/O error" when it cannot create its -wal or -shm file
        beside the store on a full disk."""
        return "disk I/O error" in text and _no_space_left(self._path.parent)

    def _translate(self, error: BaseException) -> StoreError | None:
        if not isinstance(error, sqlite3.Error):
            return None
        text = str(error)
        if isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
            return StoreBusyError(
                _(
                    "store {location} is busy: another process held its write lock for more than "
                    "{seconds:g} s; retry, and if it persists look for a stuck cs process using this "
                    "file"
                ).format(location=self.location, seconds=self._busy_timeout)
            )
        if isinstance(error, sqlite3.IntegrityError):
            return ConflictError(
                _("a concurrent write to {location} collided with this one ({text}); run `cs plan` again").format(
                    location=self.location, text=text
                )
            )
        if "not a database" in text:
            return StoreError(
                _(
                    "{path} is not a SQLite database; point --store at a cs store or at a path that does not exist yet"
                ).format(path=self._path)
            )
        if isinstance(error, sqlite3.OperationalError) and "unable to open" in text:
            return StoreError(
                _("cannot open SQLite store {path}: {text}; check that the directory exists and is writable").format(
                    path=self._path, text=text
                )
            )
        if "readonly" in text or "read-only" in text:
            return StoreError(
                _(
                    "SQLite store {path} is read-only here: {text}; history, show and diff work, but "
                    "to write check the permissions of the file and its directory (SQLite writes "
                    "beside the file too)"
                ).format(path=self._path, text=text)
            )
        if isinstance(error, sqlite3.OperationalError) and ("full" in text or self._io_error_of_a_full_disk(text)):
            return StoreError(
                _(
                    "SQLite store {path}: the disk is full ({text}); nothing was half-written: free "
                    "some space and retry"
                ).format(path=self._path, text=text)
            )
        return StoreError(_("SQLite store {location}: {text}").format(location=self.location, text=text))


def _no_space_left(directory: Path) -> bool:
    try:
        return shutil.disk_usage(directory).free == 0
    except OSError:
        return False


def _inside_the_tree(path: Path) -> Path:
    """``path`` with symbolic links resolved, refusing a link that leads out of the
    working tree (the current directory) when ``path`` itself is inside it."""
    tree = Path.cwd()
    try:
        real = Path(os.path.realpath(path))
        real_tree = Path(os.path.realpath(tree))
    except OSError as error:
        raise StoreError(
            _("cannot use SQLite store path {path}: {reason}").format(path=path, reason=os_reason(error).shown)
        ) from None
    if path.is_relative_to(tree) and not real.is_relative_to(real_tree):
        raise StoreError(
            _(
                "SQLite store {path} is a symbolic link out of the working tree (to {real}); cs "
                "does not follow it: remove the link, or name the store's real place with --store"
                " sqlite:////absolute/path.db"
            ).format(path=path, real=real)
        )
    return real


def missing(path: Path) -> bool:
    """Whether nothing is at ``path``; a path that cannot be looked at (too long, say)
    is left to the code that opens it, which says why."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return False


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _create_private_file(path: Path) -> bool:
    """Create ``path`` (and missing parent directories) readable by the owner only;
    whether it did (False: the file was there).

    An existing file is left as it is: its permissions are its owner's choice.
    """
    try:
        if path.exists():
            if path.is_dir():
                raise StoreError(_("SQLite store {path} is a directory; name a file inside it").format(path=path))
            return False
    except OSError as error:
        raise StoreError(
            _(
                "cannot use SQLite store path {path}...: {reason}; choose another path with --store sqlite:///PATH"
            ).format(path=str(path)[:80], reason=os_reason(error).shown)
        ) from None
    try:
        missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        for directory in reversed(missing):
            try:
                directory.mkdir(mode=0o700)
            except FileExistsError:
                continue
            os.chmod(directory, 0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except FileExistsError:
        return False
    except OSError as error:
        shown = str(path) if len(str(path)) <= 200 else f"{str(path)[:80]}..."
        raise StoreError(
            _(
                "cannot create SQLite store {shown}: {reason}; check the directory permissions or"
                " choose another path with --store sqlite:///PATH"
            ).format(shown=shown, reason=os_reason(error).shown)
        ) from None
    return True

"""The store written once in SQL that SQLite and PostgreSQL both speak.

Backends supply a connection, how a read or a write transaction begins, and
how their errors read (:class:`SqlStore`'s abstract methods); everything else
(schema, compare-and-swap, locks, drift) is here, so both behave the same. It
is longer than most modules on purpose: every statement the stores run is in
this one file, so a reader checks the two backends' behaviour in one place.

Identity: ``cs_meta.store_id`` is a UUID made once, when the store is created;
:attr:`store_id` is that UUID bound to where the store is (``uuid@place``, the
place a short hash of what :meth:`SqlStore._place` reports). A byte copy (a
backup, a staging clone) keeps the UUID but not the place, so it is another
store and a plan made for the original is refused by it. A store whose
``cs_meta`` lost its ``store_id`` is refused, not given a new one (which would
orphan every plan silently).

Schema (same on both backends; times are fixed-width ISO 8601 UTC text,
documents are canonical JSON text so the stored bytes are exactly what was
hashed)::

    cs_meta      (key TEXT PRIMARY KEY, value TEXT NOT NULL)
                 -- store_id, schema_version, created_at, created_by
    cs_revisions (name, revision >= 1, document, hash, created_at, author,
                  message, git_commit, plan_digest, writer,
                  PRIMARY KEY (name, revision))
    cs_locks     (name PRIMARY KEY, id UNIQUE, owner, acquired_at, expires_at)
"""

from __future__ import annotations

import abc
import contextlib
import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from cs.digest import canonical_json, document_hash, text_hash
from cs.errors import ConflictError, CsError, StoreError
from cs.i18n import _
from cs.store.base import (
    DEFAULT_BUSY_TIMEOUT,
    SCHEMA_VERSION,
    WRITER,
    WRITER_PREFIX,
    Clock,
    Drift,
    Lock,
    LockHeldError,
    LockLostError,
    Revision,
    RevisionNotFoundError,
    StaleRevisionError,
    Store,
    as_utc,
    format_time,
    parse_time,
    utc_now,
)

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS cs_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS cs_revisions (
        name TEXT NOT NULL,
        revision INTEGER NOT NULL CHECK (revision >= 1),
        document TEXT NOT NULL,
        hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        author TEXT NOT NULL,
        message TEXT NOT NULL,
        git_commit TEXT,
        plan_digest TEXT,
        writer TEXT,
        PRIMARY KEY (name, revision)
    )""",
    """CREATE TABLE IF NOT EXISTS cs_locks (
        name TEXT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        owner TEXT NOT NULL,
        acquired_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    )""",
)

_META_COLUMNS = "name, revision, hash, created_at, author, message, git_commit, plan_digest, writer"
_FULL_COLUMNS = _META_COLUMNS + ", document"
_LOCK_COLUMNS = "id, name, owner, acquired_at, expires_at"
MAX_REVISION = 2**63 - 1
"""The largest revision number SQLite's column holds (a signed 64-bit integer), and
the most any revision argument can name; PostgreSQL's holds less
(:attr:`SqlStore.largest_revision`)."""
_DEAD = datetime(1970, 1, 1, tzinfo=UTC)
"""What a lock time nobody can read counts as: long expired, so the lock can be taken over."""


class Rows(Protocol):
    """What a DB-API cursor gives back, as far as the store uses it."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class SqlStore(Store):
    """Everything but the driver. Subclasses open the connection, then call :meth:`_open`."""

    largest_revision = MAX_REVISION
    """The largest revision number the backend's column holds."""

    def __init__(self, *, now: Clock | None, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        self._now: Clock = now or utc_now
        self._busy_timeout = busy_timeout
        self._store_id = ""
        self._closed = False

    # -- what a backend provides -------------------------------------------------

    @abc.abstractmethod
    def _execute(self, sql: str, params: Sequence[object] = ()) -> Rows:
        """Run one statement written with ``?`` placeholders."""

    @abc.abstractmethod
    def _begin_read(self) -> None:
        """Begin a transaction that sees one consistent snapshot."""

    @abc.abstractmethod
    def _begin_write(self, key: str) -> None:
        """Begin a transaction that no other writer of ``key`` can interleave with."""

    @abc.abstractmethod
    def _translate(self, error: BaseException) -> StoreError | None:
        """The StoreError a driver error means (redacted), or None for a non-driver error."""

    @abc.abstractmethod
    def _has_table(self, table: str) -> bool: ...

    @abc.abstractmethod
    def _disconnect(self) -> None: ...

    @abc.abstractmethod
    def _reconnect(self) -> None:
        """Drop the connection (quietly, it may be dead) and open a fresh one."""

    @abc.abstractmethod
    def _place(self) -> str:
        """Where this store is, as only this store can be: a copy reports another place."""

    def _holder_alive(self, lock_id: str) -> bool:
        """Whether the run holding an unexpired lock is still there; backends
        that can tell (PostgreSQL sessions) say False for a dead one."""
        return True

    def _on_lock_acquired(self, lock_id: str) -> None:
        """Runs inside the transaction that inserts a lock (PostgreSQL ties it to the session)."""

    def _on_lock_released(self, lock_id: str) -> None:
        """Runs after a lock this store holds was deleted."""

    def _guard(self) -> contextlib.AbstractContextManager[object]:
        """Bounds one transaction in time (PostgreSQL: a watchdog); none by default."""
        return contextlib.nullcontext()

    def _before_commit(self) -> None:
        """Test seam: runs inside the commit transaction after the insert, before COMMIT.

        The crash tests make it sleep and kill the process there, to show that
        a half-done commit leaves the previous revision live.
        """

    # -- transactions ------------------------------------------------------------

    @contextmanager
    def _transaction(self, write_key: str | None = None) -> Iterator[None]:
        """Read (``write_key`` None) or write transaction; driver errors become StoreErrors."""
        if self._closed:
            raise StoreError(_("store {location} is closed").format(location=self.location))
        try:
            with self._guard():
                if write_key is None:
                    self._begin_read()
                else:
                    self._begin_write(f"{self._store_id}\0{write_key}")
                yield
                self._execute("COMMIT")
        except BaseException as error:
            # Also when beginning failed half-way (BEGIN done, lock wait timed out).
            self._rollback_quietly()
            translated = None if isinstance(error, CsError) else self._translate(error)
            if translated is not None:
                raise translated from None
            raise

    def _rollback_quietly(self) -> None:
        # The connection may be gone; the server (or SQLite on next open) rolls back then.
        with contextlib.suppress(Exception):
            self._execute("ROLLBACK")

    # -- schema ------------------------------------------------------------------

    def _open(self) -> None:
        """Create the tables if missing and read the store's identity."""
        meta, used = self._read_meta()
        if "store_id" not in meta and (meta or used):
            raise StoreError(
                _(
                    "store {location} has lost its identity (no store_id in cs_meta; it was deleted "
                    "outside cs): cs will not make a new one, which would orphan every plan. Restore "
                    "cs_meta from a backup, or put the id back: INSERT INTO cs_meta (key, value) "
                    "VALUES ('store_id', 'UUID'), the UUID from a plan file's store_id "
                    "(kind:UUID@place)"
                ).format(location=self.location)
            )
        if meta.get("schema_version") != str(SCHEMA_VERSION):
            self._check_version(meta)
            self._create_schema()
            meta, _used = self._read_meta()
        self._check_version(meta)
        place = hashlib.sha256(self._place().encode("utf-8", "surrogateescape")).hexdigest()[:12]
        self._store_id = f"{self.kind}:{meta['store_id']}@{place}"

    def _read_meta(self) -> tuple[dict[str, str], bool]:
        """``cs_meta`` as a dict, and whether any revision is stored."""
        with self._transaction():
            if not self._has_table("cs_meta"):
                used = self._has_table("cs_revisions") and bool(
                    self._execute("SELECT 1 FROM cs_revisions LIMIT 1").fetchall()
                )
                return {}, used
            rows = self._execute("SELECT key, value FROM cs_meta").fetchall()
        return {str(key): str(value) for key, value in rows}, False

    def identity_note(self, other_store_id: str) -> str:
        uuid_part = other_store_id.partition("@")[0]
        if other_store_id != self._store_id and uuid_part == self._store_id.partition("@")[0]:
            return _(
                " (this store is a copy of that one, or the same store moved: "
                "a copy is another store, see docs/deploy.md)"
            )
        return ""

    def _create_schema(self) -> None:
        with self._transaction(write_key="schema"):
            for statement in SCHEMA:
                self._execute(statement)
            initial = {
                "store_id": str(uuid.uuid4()),
                "schema_version": str(SCHEMA_VERSION),
                "created_at": format_time(self._now()),
                "created_by": WRITER,
            }
            for key, value in initial.items():
                self._execute(
                    "INSERT INTO cs_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                    (key, value),
                )

    def _check_version(self, meta: dict[str, str]) -> None:
        version = meta.get("schema_version")
        if version is None:
            return
        if not version.isdigit():
            raise StoreError(
                _(
                    "store {location} has an unreadable schema version {version!r} in cs_meta; "
                    "restore cs_meta from a backup or point cs at another store"
                ).format(location=self.location, version=version)
            )
        if int(version) > SCHEMA_VERSION:
            raise StoreError(
                _(
                    "store {location} has schema version {version}, newer than this cs ({writer}) "
                    "understands ({supported_version}); upgrade cs"
                ).format(location=self.location, version=version, writer=WRITER, supported_version=SCHEMA_VERSION)
            )

    # -- reading -----------------------------------------------------------------

    @property
    def store_id(self) -> str:
        return self._store_id

    def names(self) -> list[str]:
        with self._transaction():
            rows = self._execute("SELECT DISTINCT name FROM cs_revisions").fetchall()
        return sorted(str(row[0]) for row in rows)

    def live(self, name: str) -> Revision | None:
        with self._transaction():
            row = self._execute(
                f"SELECT {_FULL_COLUMNS} FROM cs_revisions WHERE name = ? ORDER BY revision DESC LIMIT 1",
                (name,),
            ).fetchone()
        return None if row is None else self._revision_from_row(row)

    def revision(self, name: str, number: int) -> Revision:
        if number > self.largest_revision:
            raise RevisionNotFoundError(
                _(
                    "policy {name!r} has no revision {number}: that is too large, this store holds no revision "
                    "above {largest}; `cs history {name}` lists them"
                ).format(name=name, number=number, largest=self.largest_revision)
            )
        if number < 1:
            raise RevisionNotFoundError(
                _(
                    "policy {name!r} has no revision {number}: revisions are numbered from 1; `cs "
                    "history {name}` lists them"
                ).format(name=name, number=number)
            )
        with self._transaction():
            row = self._execute(
                f"SELECT {_FULL_COLUMNS} FROM cs_revisions WHERE name = ? AND revision = ?",
                (name, number),
            ).fetchone()
            latest = None if row else self._latest_meta(name)
        if row is not None:
            return self._revision_from_row(row)
        if latest is None:
            raise RevisionNotFoundError(
                _("store {location} has no policy named {name!r}; `cs history` lists them").format(
                    location=self.location, name=name
                )
            )
        raise RevisionNotFoundError(
            _(
                "policy {name!r} has no revision {number} (live is revision {live}); `cs history {name}` lists them"
            ).format(name=name, number=number, live=latest.number)
        )

    def history(self, name: str | None = None) -> list[Revision]:
        with self._transaction():
            if name is None:
                rows = self._execute(f"SELECT {_META_COLUMNS} FROM cs_revisions").fetchall()
            else:
                rows = self._execute(
                    f"SELECT {_META_COLUMNS} FROM cs_revisions WHERE name = ? ORDER BY revision DESC",
                    (name,),
                ).fetchall()
        revisions = [self._revision_from_row(row) for row in rows]
        if name is None:
            revisions.sort(key=lambda r: (r.name, -r.number))
            revisions.sort(key=lambda r: r.created_at, reverse=True)
        return revisions

    def _latest_meta(self, name: str) -> Revision | None:
        row = self._execute(
            f"SELECT {_META_COLUMNS} FROM cs_revisions WHERE name = ? ORDER BY revision DESC LIMIT 1",
            (name,),
        ).fetchone()
        return None if row is None else self._revision_from_row(row)

    def _revision_from_row(self, row: Sequence[Any]) -> Revision:
        name, number, digest, created_at, author, message, git_commit, plan_digest, writer = row[:9]
        document = None
        if len(row) > 9:
            try:
                document = json.loads(row[9])
            except (TypeError, ValueError, RecursionError) as error:
                why = _("nested too deeply") if isinstance(error, RecursionError) else str(error)
                raise StoreError(
                    _(
                        "revision {number} of {name!r} in {location} holds no readable JSON ({reason}); "
                        "it was changed outside cs: `cs apply` a good version over it"
                    ).format(number=number, name=name, location=self.location, reason=why)
                ) from None
        try:
            created = parse_time(str(created_at))
            number = int(number)
        except ValueError:
            raise StoreError(
                _(
                    "revision {number} of {name!r} in {location} has an unreadable time {time!r}; it "
                    "was changed outside cs"
                ).format(number=number, name=name, location=self.location, time=created_at)
            ) from None
        return Revision(
            name=str(name),
            number=number,
            hash=str(digest),
            created_at=created,
            author=str(author),
            message=str(message),
            git_commit=git_commit,
            plan_digest=plan_digest,
            writer=writer,
            document=document,
        )

    # -- writing -----------------------------------------------------------------

    def commit(
        self,
        name: str,
        document: Mapping[str, Any],
        *,
        expected_revision: int,
        author: str,
        message: str,
        git_commit: str | None = None,
        plan_digest: str | None = None,
        lock_id: str | None = None,
    ) -> Revision:
        if not name:
            raise StoreError(_("a policy needs a name to be stored"))
        if isinstance(expected_revision, bool) or not isinstance(expected_revision, int):
            raise StoreError(_("expected_revision must be an integer, not {value!r}").format(value=expected_revision))
        if expected_revision < 0:
            raise StoreError(_("expected_revision must be 0 or more, not {value}").format(value=expected_revision))
        text, stored, digest = _canonical(name, document)
        author, message = _storable(author), _storable(message)
        created = as_utc(self._now())
        number = expected_revision + 1
        with self._transaction(write_key=f"policy\0{name}"):
            if lock_id is not None:
                self._check_lock(name, lock_id, created)
            live = self._latest_meta(name)
            if (live.number if live else 0) != expected_revision:
                raise StaleRevisionError(name, expected_revision, live)
            if number > self.largest_revision:
                raise StoreError(
                    _(
                        "policy {name!r}: its live revision {live} is the largest number this store holds, so no "
                        "revision can follow it (a row numbered outside cs?); `cs history {name}` shows it"
                    ).format(name=name, live=expected_revision)
                )
            self._execute(
                f"INSERT INTO cs_revisions ({_FULL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    number,
                    digest,
                    format_time(created),
                    author,
                    message,
                    git_commit,
                    plan_digest,
                    WRITER,
                    text,
                ),
            )
            self._before_commit()
        return Revision(
            name=name,
            number=number,
            hash=digest,
            created_at=parse_time(format_time(created)),
            author=author,
            message=message,
            git_commit=git_commit,
            plan_digest=plan_digest,
            writer=WRITER,
            document=stored,
        )

    def _check_lock(self, name: str, lock_id: str, now: datetime) -> None:
        row = self._execute(f"SELECT {_LOCK_COLUMNS} FROM cs_locks WHERE id = ?", (lock_id,)).fetchone()
        lock = None if row is None else _lock_from_row(row)
        if lock is None or lock.name != name or lock.expired(now):
            holder = self._execute(f"SELECT {_LOCK_COLUMNS} FROM cs_locks WHERE name = ?", (name,)).fetchone()
            now_held = _("; now {lock}").format(lock=_lock_from_row(holder).summary()) if holder is not None else ""
            why = _("expired") if lock is not None and lock.expired(now) else _("no longer held")
            raise LockLostError(
                _("lock {lock_id} on {name!r} is {reason}{now_held}; run `cs plan` again").format(
                    lock_id=lock_id, name=name, reason=why, now_held=now_held
                )
            )

    # -- locks -------------------------------------------------------------------

    def acquire_lock(self, name: str, owner: str, ttl_seconds: int) -> Lock:
        if not name:
            raise StoreError(_("a lock needs a policy name"))
        if ttl_seconds <= 0:
            raise StoreError(_("a lock needs a positive ttl in seconds, not {value}").format(value=ttl_seconds))
        now = as_utc(self._now())
        lock = Lock(
            id=str(uuid.uuid4()),
            name=name,
            owner=_storable(owner),
            acquired_at=parse_time(format_time(now)),
            expires_at=parse_time(format_time(now + timedelta(seconds=ttl_seconds))),
        )
        with self._transaction(write_key=f"lock\0{name}"):
            row = self._execute(f"SELECT {_LOCK_COLUMNS} FROM cs_locks WHERE name = ?", (name,)).fetchone()
            if row is not None:
                held = _lock_from_row(row)
                if not held.expired(now) and self._holder_alive(held.id):
                    raise LockHeldError(held)
                self._execute("DELETE FROM cs_locks WHERE name = ?", (name,))
            self._execute(
                f"INSERT INTO cs_locks ({_LOCK_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                (
                    lock.id,
                    lock.name,
                    lock.owner,
                    format_time(lock.acquired_at),
                    format_time(lock.expires_at),
                ),
            )
            self._on_lock_acquired(lock.id)
        return lock

    def release_lock(self, lock_id: str) -> Lock | None:
        """Release ``lock_id``; when the connection failed (a dropped server
        connection, a full disk), once more on a fresh connection."""
        try:
            return self._release(lock_id)
        except ConflictError:
            raise
        except StoreError:
            self._reconnect()
            return self._release(lock_id)

    def _release(self, lock_id: str) -> Lock | None:
        with self._transaction(write_key=f"unlock\0{lock_id}"):
            row = self._execute(f"SELECT {_LOCK_COLUMNS} FROM cs_locks WHERE id = ?", (lock_id,)).fetchone()
            if row is not None:
                self._execute("DELETE FROM cs_locks WHERE id = ?", (lock_id,))
        self._on_lock_released(lock_id)
        return None if row is None else _lock_from_row(row)

    def locks(self, *, include_expired: bool = False) -> list[Lock]:
        with self._transaction():
            rows = self._execute(f"SELECT {_LOCK_COLUMNS} FROM cs_locks").fetchall()
        now = self._now()
        found = [_lock_from_row(row) for row in rows]
        return sorted(
            (lock for lock in found if include_expired or not lock.expired(now)),
            key=lambda lock: lock.name,
        )

    # -- drift -------------------------------------------------------------------

    def drift_report(self, name: str) -> Drift:
        with self._transaction():
            count, lowest, highest = self._execute(
                "SELECT COUNT(*), MIN(revision), MAX(revision) FROM cs_revisions WHERE name = ?",
                (name,),
            ).fetchone()
            if not count:
                return Drift()
            row = self._execute(
                "SELECT revision, hash, writer, document FROM cs_revisions WHERE name = ? AND revision = ?",
                (name, highest),
            ).fetchone()
            numbers: list[int] = []
            if count != highest or lowest != 1:
                numbers = [
                    int(r[0])
                    for r in self._execute("SELECT revision FROM cs_revisions WHERE name = ?", (name,)).fetchall()
                ]
        return _drift_findings(name, row, int(highest), numbers)

    # -- closing -----------------------------------------------------------------

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._disconnect()


def _canonical(name: str, document: Mapping[str, Any]) -> tuple[str, dict[str, Any], str]:
    """Canonical text, the document as it will read back, and its hash.

    Refuses documents that change on a JSON round trip (non-string keys, say):
    their hash would not match what the store later reads.
    """
    if not isinstance(document, Mapping):
        raise StoreError(_("policy {name!r}: a document must be a JSON object").format(name=name))
    try:
        text = canonical_json(document)
    except (TypeError, ValueError) as error:
        raise StoreError(
            _("policy {name!r}: the document is not JSON: {error}").format(name=name, error=error)
        ) from None
    stored = json.loads(text)
    digest = document_hash(stored)
    if digest != document_hash(document):
        raise StoreError(
            _(
                "policy {name!r}: the document is not canonical JSON (it changes when read back, "
                "e.g. non-string keys); build it with the canonical document builder"
            ).format(name=name)
        )
    return text, stored, digest


def _lock_from_row(row: Sequence[Any]) -> Lock:
    """A lock row; a time that cannot be read (written by hand) makes the lock dead."""
    lock_id, name, owner, acquired_at, expires_at = row
    return Lock(
        id=str(lock_id),
        name=str(name),
        owner=str(owner),
        acquired_at=_lock_time(acquired_at),
        expires_at=_lock_time(expires_at),
    )


def _lock_time(text: object) -> datetime:
    try:
        return parse_time(str(text))
    except (ValueError, OverflowError):
        return _DEAD


def _drift_findings(name: str, row: Sequence[Any], highest: int, numbers: list[int]) -> Drift:
    number, stored_hash, writer, text = row
    fix = "inspect it with `cs diff --store` and `cs apply` the intended policy over it"
    findings: list[str] = []
    try:
        # cs stores the canonical JSON it hashed: text hashing to the stored hash is
        # untouched, without reading 10,000 agents back to write them out again.
        untouched = isinstance(text, str) and text_hash(text) == stored_hash
        actual = stored_hash if untouched else document_hash(json.loads(text))
    except (TypeError, ValueError, RecursionError):
        findings.append(
            f"policy {name!r}: live revision {number} holds no readable JSON: it was changed outside cs; {fix}"
        )
    else:
        if actual != stored_hash:
            findings.append(
                f"policy {name!r}: live revision {number} document does not match its stored "
                f"hash (stored {stored_hash}, actual {actual}): it was edited outside cs; {fix}"
            )
    if not (isinstance(writer, str) and writer.startswith(WRITER_PREFIX)):
        recorded = "no writer recorded" if writer is None else f"writer {str(writer)!r}"
        findings.append(
            f"policy {name!r}: live revision {number} was not written by cs "
            f"({recorded}): another tool or a person inserted it; {fix}"
        )
    gaps: list[str] = []
    count, first = _missing(numbers, highest)
    if count:
        shown = ", ".join(str(n) for n in first) + (" ..." if count > len(first) else "")
        gaps.append(
            f"policy {name!r}: revision numbers have a gap (missing {shown} of 1..{highest}): "
            "rows were deleted outside cs; restore them from a backup if history matters"
        )
    return Drift(tuple(findings), tuple(gaps))


def _storable(text: str) -> str:
    """``text`` as UTF-8 can hold it: a byte that was not UTF-8 where it came from (an
    environment variable, an argument; Python keeps it as a lone surrogate) is written
    as its escape, ``\\xe9``, which neither backend refuses."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


SHOWN_GAPS = 10
"""Missing revision numbers a drift line names."""


def _missing(numbers: list[int], highest: int) -> tuple[int, list[int]]:
    """How many of 1..``highest`` ``numbers`` leaves out, and the first few: in time
    and memory of the rows, not of ``highest`` (a row numbered 2**63 - 1 by hand)."""
    present = sorted({n for n in numbers if 1 <= n <= highest})
    first: list[int] = []
    expected = 1
    for n in (*present, highest + 1):
        while expected < n and len(first) < SHOWN_GAPS:
            first.append(expected)
            expected += 1
        expected = n + 1
    return (highest - len(present) if numbers else 0), first

"""The store contract that plan, apply, history, show, rollback and diff rely on.

A store keeps, per policy name, a strictly sequential history of canonical
documents (revision 1, 2, 3 ...), short-lived locks for the plan -> apply
window, and its own identity. Every backend implements :class:`Store`; the
callers never see SQL.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from cs import __version__
from cs.digest import document_hash
from cs.errors import ConflictError, StalePlanError, StoreError
from cs.i18n import _

Clock = Callable[[], datetime]
"""Where a store reads the time; tests pass a frozen one."""

SCHEMA_VERSION = 1
"""Version of the tables; stored in ``cs_meta`` so a later cs can migrate."""

WRITER = f"cs/{__version__}"
"""Marker cs puts on every row it writes; a live row without it was written by hand."""

WRITER_PREFIX = "cs/"

DEFAULT_BUSY_TIMEOUT = 10.0
"""Seconds a write waits for another writer before giving up with StoreBusyError."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive time is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_time(moment: datetime) -> str:
    """The one stored form of a time: fixed-width ISO 8601 UTC, so text order is time order."""
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    return as_utc(datetime.fromisoformat(text))


@dataclass(frozen=True)
class Revision:
    """One stored version of a policy.

    ``document`` is the canonical document for :meth:`Store.live` and
    :meth:`Store.revision`; :meth:`Store.history` lists metadata only and leaves
    it ``None``.
    """

    name: str
    number: int
    hash: str
    created_at: datetime
    author: str
    message: str
    git_commit: str | None = None
    plan_digest: str | None = None
    writer: str | None = WRITER
    document: dict[str, Any] | None = field(default=None, repr=False)

    def summary(self) -> str:
        """``revision 4 (sha256:0a1b2c3d4e5f, by alice at 2024-05-01T09:00:00Z)``."""
        when = self.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        return _("revision {number} ({hash}, by {author} at {when})").format(
            number=self.number, hash=self.hash[:19], author=self.author, when=when
        )

    def verified(self) -> Revision:
        """This revision, when its document still hashes to its stored hash; otherwise
        TamperedRevisionError: the row was edited outside cs, so what it holds is not
        what was applied as this revision (``cs show`` and ``cs rollback`` refuse it;
        drift detection looks at the live revision only)."""
        if self.document is None:
            raise StoreError(
                _("revision {number} of {name!r} was read without its document").format(
                    number=self.number, name=self.name
                )
            )
        actual = document_hash(self.document)
        if actual != self.hash:
            raise TamperedRevisionError(
                _(
                    "revision {number} of {name!r} does not match its hash (stored {stored}, actual "
                    "{actual}): it was edited outside cs, so it is not what was applied; `cs history "
                    "{name}` lists the other revisions"
                ).format(number=self.number, name=self.name, stored=self.hash[:19], actual=actual[:19])
            )
        return self


@dataclass(frozen=True)
class Drift:
    """Evidence that a policy's rows changed outside cs, by what an apply can do about it."""

    live: tuple[str, ...] = ()
    """About the live revision itself (edited, or not written by cs): applying a
    policy over it makes a sound live revision, so this drift blocks a no-op."""
    history: tuple[str, ...] = ()
    """Elsewhere in the history (revision numbers with a gap): no apply brings the
    deleted rows back, so this drift is reported but never blocks a no-op."""

    @property
    def findings(self) -> tuple[str, ...]:
        return self.live + self.history


@dataclass(frozen=True)
class Lock:
    """A policy held for a plan -> apply window; gone after ``expires_at`` or release.

    On PostgreSQL a lock also dies with the session that took it, so a run
    whose connection dropped blocks nobody once the server is back."""

    id: str
    name: str
    owner: str
    acquired_at: datetime
    expires_at: datetime

    def expired(self, at: datetime) -> bool:
        return as_utc(at) >= self.expires_at

    def summary(self) -> str:
        until = self.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        return _("lock {lock_id} on {name!r} held by {owner} until {until}").format(
            lock_id=self.id, name=self.name, owner=self.owner, until=until
        )


class RevisionNotFoundError(StoreError):
    """The policy or the revision number asked for is not in the store."""


class TamperedRevisionError(StoreError):
    """A stored revision's document no longer hashes to the hash stored with it."""


class StoreBusyError(ConflictError):
    """Another writer held the store longer than the busy timeout."""


class LockHeldError(ConflictError):
    """Another unexpired lock holds the policy; ``lock`` says whose."""

    def __init__(self, lock: Lock) -> None:
        self.lock = lock
        super().__init__(
            _(
                "policy {name!r} is locked: {lock}; wait for it to be applied "
                "or to expire, or release it with `cs unlock {lock_id}`"
            ).format(name=lock.name, lock=lock.summary(), lock_id=lock.id)
        )


class LockLostError(ConflictError):
    """The lock a commit names is no longer held (expired, taken over or released)."""


class StaleRevisionError(StalePlanError):
    """The live revision is not the one the caller planned against; ``live`` is it."""

    def __init__(self, name: str, expected: int, live: Revision | None) -> None:
        self.name = name
        self.expected = expected
        self.live = live
        now_live = _("{revision} is live").format(revision=live.summary()) if live else _("it has no revision")
        super().__init__(
            _(
                "policy {name!r} changed since the plan: planned against revision {expected}, "
                "but {now_live}; run `cs plan` again and review the new diff"
            ).format(name=name, expected=expected, now_live=now_live)
        )


class Store(abc.ABC):
    """A place where policies live, with history, locks and drift checks.

    Every method is synchronous and raises :class:`cs.errors.StoreError` (or a
    subclass) for anything that goes wrong; messages never show a password.
    """

    kind: str
    """Backend name: ``sqlite`` or ``postgresql``."""
    created = False
    """Whether opening it made a new file (SQLite): a mistyped path shows in a note."""

    @property
    @abc.abstractmethod
    def store_id(self) -> str:
        """``kind:uuid@place``: the part of :attr:`identity` that says "the same store".

        The UUID is made when the store is created; ``place`` is a short hash of
        where it is (the SQLite file's real path; the PostgreSQL cluster,
        database and schema), so a byte copy of a store is another store."""

    @property
    @abc.abstractmethod
    def location(self) -> str:
        """Where the store is, for people; passwords redacted."""

    @property
    def identity(self) -> str:
        """``kind:uuid location``, written into plan files.

        A plan made against one store is refused by another even at the same
        address, and by a copy of it elsewhere; the location is only there for
        people to read.
        """
        return f"{self.store_id} {self.location}"

    def identity_note(self, other_store_id: str) -> str:
        """Why ``other_store_id`` (from a plan) is not this store, when there is more to say."""
        return ""

    @property
    def local_files(self) -> tuple[Path, ...]:
        """The files on this machine that hold the store (none for a server), so
        that nothing cs writes, a plan file say, ever lands on one of them."""
        return ()

    @abc.abstractmethod
    def names(self) -> list[str]:
        """Every policy name that has at least one revision, sorted."""

    @abc.abstractmethod
    def live(self, name: str) -> Revision | None:
        """The latest revision of ``name`` with its document, or ``None`` before the first."""

    @abc.abstractmethod
    def revision(self, name: str, number: int) -> Revision:
        """Revision ``number`` of ``name`` with its document; RevisionNotFoundError if absent."""

    @abc.abstractmethod
    def history(self, name: str | None = None) -> list[Revision]:
        """Revision metadata (no documents), newest first; every policy when ``name`` is None."""

    @abc.abstractmethod
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
        """Write ``document`` as revision ``expected_revision + 1`` of ``name``, or nothing.

        Compare-and-swap in one transaction: when the live revision is not
        ``expected_revision`` (0 = none yet) it raises StaleRevisionError (a
        StalePlanError) naming the live one. Of two racing commits with the same
        expected revision exactly one succeeds. With ``lock_id`` the commit also
        requires that lock to still hold ``name`` (LockLostError otherwise).
        """

    @abc.abstractmethod
    def acquire_lock(self, name: str, owner: str, ttl_seconds: int) -> Lock:
        """Hold ``name`` for ``ttl_seconds``; LockHeldError if another unexpired lock holds it.

        An expired lock is taken over, so a killed process blocks no one for
        longer than its ttl.
        """

    @abc.abstractmethod
    def release_lock(self, lock_id: str) -> Lock | None:
        """Release the lock ``lock_id`` whoever holds it; the released lock, or None if none."""

    @abc.abstractmethod
    def locks(self, *, include_expired: bool = False) -> list[Lock]:
        """Locks held now (all rows with ``include_expired``), sorted by policy name."""

    def drift(self, name: str) -> list[str]:
        """Why the stored state of ``name`` cannot be trusted; empty when it can.

        Reports a live document that no longer matches its stored hash, a live
        row cs did not write, and gaps in the revision numbers.
        """
        return list(self.drift_report(name).findings)

    @abc.abstractmethod
    def drift_report(self, name: str) -> Drift:
        """:meth:`drift`, split into what applying a policy repairs (the live
        revision's own problems) and what it cannot (a gap in the history)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection; closing twice is fine."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"

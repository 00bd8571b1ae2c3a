"""Plans and applies (OPS-5): move a reviewed policy into a store, exactly as reviewed.

A plan records the policy name, the store it was made for (its identity, never
a secret), the live revision and hash it is based on, and the canonical target
document with its hash; its digest covers all of that. The digest only shows
that the file was not edited by accident: anyone can recompute it, so applying
validates the document again exactly as ``cs validate`` would, and a forged
plan never reaches the store. Applying checks that nothing moved since, then
commits with compare-and-swap under a short lock, so concurrent applies
serialise and a stale plan is refused with what moved. Applying what is
already live writes nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from cs.compare import Comparison, compare_policies, live_state, policy_from_text_document
from cs.digest import document_hash
from cs.errors import ConflictError, StalePlanError, StoreError, UsageError
from cs.i18n import N_, _
from cs.i18n.message import message
from cs.i18n.oserror import os_reason
from cs.model.canonical import Document, to_document
from cs.model.policy import Policy
from cs.store import Lock, LockHeldError, Revision, Store

PLAN_FORMAT = "cs-plan/1"
APPLY_LOCK_SECONDS = 120
LOCK_POLL_SECONDS = 1.0
"""How often ``--lock-timeout`` looks again at a held lock."""


@dataclass(frozen=True)
class Plan:
    policy: str
    store_id: str
    store: str
    """The store's identity for people (password redacted)."""
    base_revision: int
    """The live revision the plan is based on; 0 when the policy is not in the store yet."""
    base_hash: str | None
    target_hash: str
    document: Document
    changes: int
    drift: tuple[str, ...]
    source: str
    git_commit: str | None
    created_at: str
    format: str = PLAN_FORMAT
    digest: str = field(default="", compare=False)
    noop: bool = field(default=False, compare=False)
    """Nothing to apply: the target is live and the live revision is sound (drift
    elsewhere in the history, a gap, is no reason to write it again). Known only to
    the run that made the plan; not saved (``cs apply`` looks at the store again)."""

    def body(self) -> dict[str, Any]:
        """Every saved field but the digest, as JSON values (the document is shared, not copied)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("digest", "noop")}
        data["drift"] = list(self.drift)
        return data

    def computed_digest(self) -> str:
        """The content hash of everything but the digest: the plan's own ``document_hash``."""
        return document_hash(self.body())

    def write(self, path: Path) -> None:
        """Write the plan file whole or not at all: a temporary file in the same
        directory, synced, then renamed into place (removed when anything fails)."""
        temporary: str | None = None
        try:
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, prefix=".cs-plan-", suffix=".tmp", delete=False
            ) as handle:
                temporary = handle.name
                handle.write(self.to_json())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException as error:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            if isinstance(error, OSError):
                raise UsageError(
                    _("cannot write the plan to {path}: {reason}").format(path=path, reason=os_reason(error).shown)
                ) from None
            raise

    def to_json(self) -> str:
        data = {**self.body(), "digest": self.digest or self.computed_digest()}
        text = json.dumps(data, indent=2, ensure_ascii=False)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            # A path that is not UTF-8 (a byte os.fsdecode kept as a lone surrogate):
            # escaped, it reads back as the same string, so the digest still holds.
            text = json.dumps(data, indent=2)
        return text + "\n"


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "policy": (str,),
    "store_id": (str,),
    "store": (str,),
    "base_revision": (int,),
    "base_hash": (str, type(None)),
    "target_hash": (str,),
    "document": (dict,),
    "changes": (int,),
    "drift": (list,),
    "source": (str,),
    "git_commit": (str, type(None)),
    "created_at": (str,),
    "format": (str,),
    "digest": (str,),
}


PLAN_FILE_MAX_BYTES = 1 << 30
"""A larger file is not taken for a plan, whatever it holds (and is not read to find out)."""


def check_plan_output(path: Path, *, policy_path: Path, store: Store) -> None:
    """Refuse a ``cs plan -o`` target the plan would destroy: the policy being
    planned, a file of the store, or any existing file that is not an earlier
    plan (an empty file holds nothing to lose)."""
    if _same_file(path, policy_path):
        raise UsageError(
            _("-o {path} is the policy file being planned; write the plan to another file, e.g. plan.json").format(
                path=path
            )
        )
    if any(_same_file(path, held) for held in store.local_files):
        raise UsageError(
            _(
                "-o {path} is a file of the store {store}; the plan would destroy it: write the plan "
                "to another file, e.g. plan.json"
            ).format(path=path, store=store.location)
        )
    if os.path.lexists(path) and not _is_plan_file(path):
        raise UsageError(
            _(
                "-o {path} exists and is not a cs plan file; cs plan replaces only an earlier plan: "
                "remove the file or choose another name"
            ).format(path=path)
        )


def _same_file(path: Path, other: Path) -> bool:
    if os.path.realpath(path) == os.path.realpath(other):
        return True
    try:
        return os.path.samefile(path, other)  # hard links
    except OSError:
        return False


def _is_plan_file(path: Path) -> bool:
    """Whether ``path`` is a regular file holding nothing or a ``cs-plan/1`` object."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > PLAN_FILE_MAX_BYTES:
            return False
        if status.st_size == 0:
            return True
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return False
    return isinstance(data, dict) and data.get("format") == PLAN_FORMAT


def read_plan_file(path: Path) -> Plan:
    """:func:`read_plan` of a file; unreadable or undecodable files are UsageErrors."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(_("cannot read {path}: {reason}").format(path=path, reason=os_reason(error).shown)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(
            _("{source}: not a plan file (invalid UTF-8 at byte {offset})").format(source=path, offset=error.start)
        ) from None
    return read_plan(text, str(path))


class _WrittenTwice(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are each written once: with a key twice the reader keeps
    the last, so an edit ahead of the real value would pass the digest unseen."""
    data = dict(pairs)
    if len(data) != len(pairs):
        keys = [key for key, _ in pairs]
        raise _WrittenTwice(next(key for i, key in enumerate(keys) if key in keys[:i]))
    return data


def read_plan(text: str, source: str) -> Plan:
    """A plan file, checked: its format, its fields, and that nothing in it was edited."""
    try:
        data = json.loads(text, object_pairs_hook=_once_each)
    except _WrittenTwice as twice:
        raise UsageError(
            _(
                "{source}: the plan was edited after it was made (key {key!r} written twice, which its digest "
                "does not see); run cs plan again"
            ).format(source=source, key=twice.key)
        ) from None
    except json.JSONDecodeError as error:
        raise UsageError(
            _("{source}: not a plan file (invalid JSON at line {line})").format(source=source, line=error.lineno)
        ) from None
    except RecursionError:
        raise UsageError(_("{source}: not a plan file (JSON nested too deeply)").format(source=source)) from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise UsageError(_("{source}: not a plan file (a number too long to read)").format(source=source)) from None
    if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
        raise UsageError(
            _("{source}: not a cs plan file (expected format {format})").format(source=source, format=PLAN_FORMAT)
        )
    wrong = sorted(
        key
        for key, types in _FIELD_TYPES.items()
        if key in data and (not isinstance(data[key], types) or (int in types and isinstance(data[key], bool)))
    )
    if wrong or not all(isinstance(d, str) for d in data.get("drift", [])):
        raise UsageError(
            _("{source}: malformed plan file (wrong type of {fields})").format(
                source=source, fields=", ".join(wrong) or "drift"
            )
        )
    unknown = sorted(key for key in data if key not in _FIELD_TYPES)
    if unknown:
        raise UsageError(
            _("{source}: malformed plan file (unknown field {fields}); cs plan writes none: run cs plan again").format(
                source=source, fields=", ".join(repr(key) for key in unknown)
            )
        )
    missing = [key for key in _FIELD_TYPES if key not in data]
    if missing:
        raise UsageError(
            _("{source}: malformed plan file (missing field {fields}); run cs plan again").format(
                source=source, fields=", ".join(missing)
            )
        )
    plan = Plan(**{**data, "drift": tuple(data["drift"])})
    if plan.computed_digest() != plan.digest:
        raise UsageError(
            _("{source}: the plan was edited after it was made (digest mismatch); run cs plan again").format(
                source=source
            )
        )
    if document_hash(plan.document) != plan.target_hash:
        raise UsageError(
            _("{source}: the plan's document does not match its target hash; run cs plan again").format(source=source)
        )
    return plan


def make_plan(
    store: Store, policy: Policy, *, source: str, git_commit: str | None, now: datetime
) -> tuple[Plan, Comparison]:
    document = to_document(policy)
    target_hash = document_hash(document)
    live = live_state(store, policy.name, (policy, target_hash))
    if live.revision is None:
        title = message(N_("{policy}: new policy from {source}"), policy=policy.name, source=source)
    else:
        title = message(
            N_("{policy}: live revision {number} -> {source}"),
            policy=policy.name,
            number=live.revision.number,
            source=source,
        )
    drift = tuple(f"drift: {d}" for d in live.drift)
    comparison = compare_policies(title.english, live.policy, policy, drift, title.shown)
    plan = Plan(
        policy=policy.name,
        store_id=store.store_id,
        store=store.identity,
        base_revision=live.revision.number if live.revision else 0,
        base_hash=live.revision.hash if live.revision else None,
        target_hash=target_hash,
        document=document,
        changes=len(comparison.changes),
        drift=live.drift,
        source=source,
        git_commit=git_commit,
        created_at=now.isoformat(timespec="seconds"),
        noop=live.revision is not None and live.revision.hash == target_hash and live.sound,
    )
    return replace(plan, digest=plan.computed_digest()), comparison


@dataclass(frozen=True)
class ApplyResult:
    revision: Revision | None
    """The new revision, or None when the target was already live."""
    live_number: int


def check_fresh(store: Store, plan: Plan, expect_revision: int | None) -> Revision | None:
    """The live revision when the plan's target is live already and untouched,
    None when the plan still applies; otherwise raise, saying what moved."""
    if plan.store_id != store.store_id:
        raise StalePlanError(
            _("the plan was made for store {planned}, not {store}{note}; run cs plan against this store").format(
                planned=plan.store, store=store.identity, note=store.identity_note(plan.store_id)
            )
        )
    history = store.history(plan.policy)
    live = history[0] if history else None
    live_number = live.number if live else 0
    if expect_revision is not None and live_number != expect_revision:
        where = live.summary() if live else _("no revision")
        raise ConflictError(
            _("--expect-revision {expected}, but {policy} is at {where}").format(
                expected=expect_revision, policy=plan.policy, where=where
            )
        )
    if live is not None and live.hash == plan.target_hash and not store.drift_report(plan.policy).live:
        return live  # a gap in the history is reported by plan and diff, but no apply repairs it
    if live_number != plan.base_revision or (live.hash if live else None) != plan.base_hash:
        moved = live.summary() if live else _("nothing (the policy was removed)")
        raise StalePlanError(
            _(
                "stale plan: it was made against revision {base} of {policy}, "
                "but the live one is now {moved}; run cs plan again"
            ).format(base=plan.base_revision, policy=plan.policy, moved=moved)
        )
    return None


def check_document(plan: Plan) -> None:
    """Refuse a plan whose document ``cs validate`` would refuse, or that ``cs plan``
    could not have written (another policy's name, a non-canonical document)."""
    source = _("the plan's document ({policy} from {source})").format(policy=plan.policy, source=plan.source)
    policy = policy_from_text_document(plan.document, source)
    if policy.name != plan.policy:
        raise UsageError(
            _("{source} is named {name}, not {planned}; run cs plan again").format(
                source=source, name=repr(policy.name), planned=repr(plan.policy)
            )
        )
    if document_hash(to_document(policy)) != plan.target_hash:
        raise UsageError(
            _("{source} is not in the canonical form cs plan writes; run cs plan again").format(source=source)
        )


def acquire_apply_lock(
    store: Store,
    name: str,
    owner: str,
    *,
    wait_seconds: float = 0.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Lock:
    """The apply lock on ``name``; while another run holds it, retry for up to
    ``wait_seconds`` (``--lock-timeout``) before giving up with LockHeldError."""
    deadline = clock() + wait_seconds
    while True:
        try:
            return store.acquire_lock(name, owner=owner, ttl_seconds=APPLY_LOCK_SECONDS)
        except LockHeldError:
            left = deadline - clock()
            if left <= 0:
                raise
            sleep(min(LOCK_POLL_SECONDS, left))


def apply_plan(
    store: Store,
    plan: Plan,
    *,
    author: str,
    message: str,
    expect_revision: int | None = None,
    lock_timeout: float = 0.0,
) -> ApplyResult:
    """Commit the plan's document as the next revision, or nothing when it is live already."""
    check_document(plan)
    return _commit(
        store, plan, author=author, message=message, expect_revision=expect_revision, lock_timeout=lock_timeout
    )


def _commit(
    store: Store,
    plan: Plan,
    *,
    author: str,
    message: str,
    expect_revision: int | None,
    lock_timeout: float,
) -> ApplyResult:
    """Apply a plan whose document is known to be valid and canonical.

    Freshness is checked before the lock (a no-op takes no lock) and again under
    it: a run that waited for the lock while another applied the same document
    finds it live and writes nothing, instead of failing as a stale plan."""
    already = check_fresh(store, plan, expect_revision)
    if already is not None:
        return ApplyResult(None, already.number)
    lock = acquire_apply_lock(store, plan.policy, author, wait_seconds=lock_timeout)
    try:
        already = check_fresh(store, plan, expect_revision)
        if already is None:
            revision = store.commit(
                plan.policy,
                plan.document,
                expected_revision=plan.base_revision,
                author=author,
                message=message,
                git_commit=plan.git_commit,
                plan_digest=plan.digest,
                lock_id=lock.id,
            )
    except BaseException as error:
        _release_after_failure(store, lock, error)
        raise
    store.release_lock(lock.id)
    if already is not None:
        return ApplyResult(None, already.number)
    return ApplyResult(revision, revision.number)


def _release_after_failure(store: Store, lock: Lock, error: BaseException) -> None:
    """Release the apply lock after a failed commit (the store retries on a fresh
    connection); when even that fails, say so with the way out, so that the
    advice printed for ``error`` stays true."""
    try:
        store.release_lock(lock.id)
    except StoreError as release_error:
        until = lock.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        raise StoreError(
            _(
                "{error}; the apply lock could not be released either ({release_error}): "
                "run `cs unlock {lock}` once the store is reachable (it expires by itself at {until})"
            ).format(error=error, release_error=release_error, lock=lock.id, until=until)
        ) from None


def plan_and_apply(
    store: Store,
    policy: Policy,
    *,
    source: str,
    git_commit: str | None,
    now: datetime,
    review: Callable[[Plan, Comparison], None],
    author: str,
    message: str,
    expect_revision: int | None = None,
    lock_timeout: float = 0.0,
) -> tuple[Plan, ApplyResult]:
    """The flow behind ``cs apply POLICY`` and ``cs rollback``: plan against the live
    revision, hand the plan to ``review`` (show it, ask; raise to stop), then apply
    exactly what was reviewed."""
    made, comparison = make_plan(store, policy, source=source, git_commit=git_commit, now=now)
    review(made, comparison)
    # the plan was made here from a validated policy: no second validation of its document
    return made, _commit(
        store, made, author=author, message=message, expect_revision=expect_revision, lock_timeout=lock_timeout
    )

"""Plans and applies (OPS-5): move a reviewed policy into a store, exactly as reviewed.

A plan records the policy name, the store it was made for, the live revision
and hash it is based on, and the canonical target document with its hash; its
digest covers all of that. Applying checks that nothing moved since, then
commits with compare-and-swap under a short lock, so concurrent applies
serialise and a stale plan is refused with what moved. Applying what is
already live writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from cs.compare import Comparison, compare_policies, live_state
from cs.digest import canonical_json, document_hash
from cs.errors import ConflictError, StalePlanError, UsageError
from cs.model.canonical import Document, to_document
from cs.model.policy import Policy
from cs.store import Revision, Store

PLAN_FORMAT = "cs-plan/1"
APPLY_LOCK_SECONDS = 120


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

    def body(self) -> dict[str, Any]:
        """Every field but the digest, as JSON values (the document is shared, not copied)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "digest"}
        data["drift"] = list(self.drift)
        return data

    def computed_digest(self) -> str:
        return "sha256:" + hashlib.sha256(canonical_json(self.body()).encode("utf-8")).hexdigest()

    def write(self, path: Path) -> None:
        """Write the plan file whole or not at all (a temporary file renamed into place)."""
        try:
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as tmp:
                tmp.write(self.to_json())
            os.replace(tmp.name, path)
        except OSError as error:
            raise UsageError(f"cannot write the plan to {path}: {error.strerror}") from None

    def to_json(self) -> str:
        return (
            json.dumps({**self.body(), "digest": self.digest or self.computed_digest()}, indent=2, ensure_ascii=False)
            + "\n"
        )

    @property
    def noop(self) -> bool:
        """Nothing to apply: the target is live and nobody changed it outside cs."""
        return self.base_hash == self.target_hash and not self.drift


def read_plan(text: str, source: str) -> Plan:
    """A plan file, checked: its format, its fields, and that nothing in it was edited."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"{source}: not a plan file (invalid JSON at line {error.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
        raise UsageError(f"{source}: not a cs plan file (expected format {PLAN_FORMAT})")
    try:
        plan = Plan(**{**data, "drift": tuple(data["drift"])})
    except (TypeError, KeyError) as error:
        raise UsageError(f"{source}: malformed plan file ({error})") from None
    if plan.computed_digest() != plan.digest:
        raise UsageError(f"{source}: the plan was edited after it was made (digest mismatch); run cs plan again")
    if document_hash(plan.document) != plan.target_hash:
        raise UsageError(f"{source}: the plan's document does not match its target hash; run cs plan again")
    return plan


def make_plan(
    store: Store, policy: Policy, *, source: str, git_commit: str | None, now: datetime
) -> tuple[Plan, Comparison]:
    live = live_state(store, policy.name)
    document = to_document(policy)
    if live.revision is None:
        title = f"{policy.name}: new policy from {source}"
    else:
        title = f"{policy.name}: live revision {live.revision.number} -> {source}"
    comparison = compare_policies(title, live.policy, policy, tuple(f"drift: {d}" for d in live.drift))
    plan = Plan(
        policy=policy.name,
        store_id=store.store_id,
        store=store.identity,
        base_revision=live.revision.number if live.revision else 0,
        base_hash=live.revision.hash if live.revision else None,
        target_hash=document_hash(document),
        document=document,
        changes=len(comparison.changes),
        drift=live.drift,
        source=source,
        git_commit=git_commit,
        created_at=now.isoformat(timespec="seconds"),
    )
    return replace(plan, digest=plan.computed_digest()), comparison


@dataclass(frozen=True)
class ApplyResult:
    revision: Revision | None
    """The new revision, or None when the target was already live."""
    live_number: int


def _describe(revision: Revision) -> str:
    when = f"{revision.created_at:%Y-%m-%d %H:%M}Z"
    return f"revision {revision.number} ({revision.hash[:19]}, by {revision.author} at {when})"


def check_fresh(store: Store, plan: Plan, expect_revision: int | None) -> Revision | None:
    """The live revision when the plan's target is live already and untouched,
    None when the plan still applies; otherwise raise, saying what moved."""
    if plan.store_id != store.store_id:
        raise StalePlanError(f"the plan was made for store {plan.store}, not {store.identity}")
    history = store.history(plan.policy)
    live = history[0] if history else None
    live_number = live.number if live else 0
    if expect_revision is not None and live_number != expect_revision:
        where = _describe(live) if live else "no revision"
        raise ConflictError(f"--expect-revision {expect_revision}, but {plan.policy} is at {where}")
    if live is not None and live.hash == plan.target_hash and not store.drift(plan.policy):
        return live
    if live_number != plan.base_revision or (live.hash if live else None) != plan.base_hash:
        moved = _describe(live) if live else "nothing (the policy was removed)"
        raise StalePlanError(
            f"stale plan: it was made against revision {plan.base_revision} of {plan.policy}, "
            f"but the live one is now {moved}; run cs plan again"
        )
    return None


def apply_plan(
    store: Store,
    plan: Plan,
    *,
    author: str,
    message: str,
    expect_revision: int | None = None,
) -> ApplyResult:
    """Commit the plan's document as the next revision, or nothing when it is live already."""
    already = check_fresh(store, plan, expect_revision)
    if already is not None:
        return ApplyResult(None, already.number)
    lock = store.acquire_lock(plan.policy, owner=author, ttl_seconds=APPLY_LOCK_SECONDS)
    try:
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
    finally:
        store.release_lock(lock.id)
    return ApplyResult(revision, revision.number)


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
) -> tuple[Plan, ApplyResult]:
    """The flow behind ``cs apply POLICY`` and ``cs rollback``: plan against the live
    revision, hand the plan to ``review`` (show it, ask; raise to stop), then apply
    exactly what was reviewed."""
    made, comparison = make_plan(store, policy, source=source, git_commit=git_commit, now=now)
    review(made, comparison)
    return made, apply_plan(store, made, author=author, message=message, expect_revision=expect_revision)

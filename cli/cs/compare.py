"""Where the two sides of a diff come from: files, a git revision, the live store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from pathlib import Path

from cs.diff import Change, Impact, diff_documents, impact
from cs.model.canonical import to_document
from cs.model.policy import Policy
from cs.validate import load_policy, policy_from_text

if TYPE_CHECKING:
    from cs.store import Revision, Store


@dataclass(frozen=True)
class Comparison:
    title: str
    changes: list[Change]
    impact: Impact
    notes: tuple[str, ...] = ()
    """Problems beside the changes, such as drift in the store (they make diff exit 1)."""


def compare_policies(title: str, old: Policy | None, new: Policy | None, notes: tuple[str, ...] = ()) -> Comparison:
    old_doc = to_document(old) if old else {}
    new_doc = to_document(new) if new else {}
    changes = diff_documents(old_doc, new_doc)
    return Comparison(title, changes, impact(old, new, changes), notes)


def compare_files(old: Path, new: Path) -> Comparison:
    return compare_policies(f"{old} -> {new}", load_policy(old), load_policy(new))


def compare_git(revision: str, path: Path | None) -> list[Comparison]:
    from cs import gitrev

    files = [path] if path is not None else gitrev.changed_policy_files(revision, Path.cwd())
    results = []
    for file in files:
        old = policy_from_text(gitrev.show(revision, file), f"{revision}:{file}")
        results.append(compare_policies(f"{revision}:{file} -> {file}", old, load_policy(file)))
    return results


def live_policy(store: Store, name: str) -> tuple[Revision | None, Policy | None]:
    """The live revision of a policy and its typed form, or (None, None)."""
    live = store.live(name)
    if live is None or live.document is None:
        return None, None
    return live, policy_from_text_document(live.document, f"{name}@{live.number}")


def compare_store(path: Path, url: str | None) -> Comparison:
    from cs.store import open_store

    new = load_policy(path)
    with open_store(url) as store:
        live, old = live_policy(store, new.name)
        notes = tuple(f"drift: {problem}" for problem in store.drift(new.name)) if live else ()
    title = f"{new.name} live revision {live.number} -> {path}" if live else f"{new.name} (not in the store) -> {path}"
    return compare_policies(title, old, new, notes)


def policy_from_text_document(document: dict[str, object], source: str) -> Policy:
    """A stored canonical document back to a typed policy (validated again)."""
    from cs.export import to_yaml

    return policy_from_text(to_yaml(document, source), source)

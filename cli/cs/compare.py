"""Where the two sides of a diff come from: files, a git revision, the live store."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from cs.diff import Change, Impact, diff_documents, impact
from cs.errors import InvalidPolicyError, StoreError, UsageError
from cs.i18n import N_, _
from cs.i18n.message import message
from cs.model.canonical import to_document
from cs.model.policy import Policy
from cs.validate import load_policy, policy_from_text

if TYPE_CHECKING:
    from cs.store import Revision, Store


@dataclass(frozen=True)
class Comparison:
    """Both sides' changes and impact; ``title`` and ``notes`` are also JSON values
    (``cs diff --format json``), so they stay in English whatever the language."""

    title: str
    changes: list[Change]
    impact: Impact
    notes: tuple[str, ...] = ()
    """Problems beside the changes, such as drift in the store (they make diff exit 1)."""
    heading: str = ""
    """``title`` in the language of the process, for the text and markdown reports."""

    @property
    def shown_title(self) -> str:
        return self.heading or self.title


def compare_policies(
    title: str, old: Policy | None, new: Policy | None, notes: tuple[str, ...] = (), heading: str = ""
) -> Comparison:
    if old is not None and old is new:  # the live revision is the policy validated here
        changes: list[Change] = []
    else:
        changes = diff_documents(to_document(old) if old else {}, to_document(new) if new else {})
    return Comparison(title, changes, impact(old, new, changes), notes, heading)


def compare_files(old: Path, new: Path) -> Comparison:
    return compare_policies(f"{old} -> {new}", load_policy(old), load_policy(new))


def compare_git(revision: str, path: Path | None) -> list[Comparison]:
    """Each policy file against itself at ``revision``: one named file, or every
    policy file below the current directory that changed since (added ones diff
    from nothing, removed ones to nothing, a renamed one from its old path)."""
    from cs import gitrev

    pairs = [(path, path)] if path is not None else gitrev.changed_policy_files(revision, Path.cwd())
    results = []
    for was, file in pairs:
        before = gitrev.show(revision, was) if was is not None else None
        old = policy_from_text(before, f"{revision}:{was}") if before is not None else None
        if before is None and not file.exists():
            raise UsageError(
                _("{path} is neither in the working tree nor in {revision}; check the path").format(
                    path=file, revision=revision
                )
            )
        new = load_policy(file) if file.exists() else None
        results.append(compare_policies(f"{revision}:{was or file} -> {file}", old, new))
    return results


@dataclass(frozen=True)
class LiveState:
    """What a store holds for a policy: the latest revision's record, its typed
    policy when usable, and any drift (changes made outside cs)."""

    revision: Revision | None
    policy: Policy | None
    drift: tuple[str, ...]
    sound: bool = True
    """Whether the live revision itself can be trusted: none of ``drift`` is about it
    (edited, not written by cs, unusable), so applying would repair nothing. A gap
    elsewhere in the history leaves it sound: no apply brings deleted rows back."""


def live_state(store: Store, name: str, known: tuple[Policy, str] | None = None) -> LiveState:
    """The live revision of ``name``, validated again like any input: whatever a
    store holds (a forged plan applied by an older cs, a row edited by hand), an
    unusable live revision is reported as drift with its number, and applying a
    valid policy or rolling back repairs it.

    ``known``: a policy validated in this process and its document's hash. When the
    live revision holds exactly that document (the same hash, and no drift: the
    stored text still hashes to it), that policy is the live one, and the same
    10,000 agents are not read and validated a second time (a no-op apply)."""
    history = store.history(name)
    if not history:
        return LiveState(None, None, ())
    latest = history[0]
    report = store.drift_report(name)
    drift = list(report.findings)
    if known is not None and not report.live and latest.hash == known[1]:
        return LiveState(latest, known[0], tuple(drift))
    source = f"{name}@{latest.number}"
    try:
        live = store.live(name)
        document = live.document if live else None
        policy = None if document is None else policy_from_text_document(document, source)
    except (StoreError, InvalidPolicyError) as error:
        policy = None
        drift.append(f"live revision {latest.number} cannot be used ({error})")
    return LiveState(latest, policy, tuple(drift), sound=policy is not None and not report.live)


def compare_store(path: Path, url: str | None) -> Comparison:
    from cs.digest import document_hash
    from cs.store import open_store
    from cs.store.sqlite import missing as sqlite_missing
    from cs.store.url import parse_store_url

    new = load_policy(path)
    target = parse_store_url(url)
    if target.kind == "sqlite" and target.path is not None and sqlite_missing(target.path):
        # Nothing is live in a store that does not exist: say so, and create nothing
        # (a mistyped --store must not leave an empty store behind).
        title = message(
            N_("{name} (no store at {store}: nothing is live; cs plan or cs apply creates it) -> {path}"),
            name=new.name,
            store=os.path.abspath(target.path),
            path=path,
        )
        return compare_policies(title.english, None, new, (), title.shown)
    with open_store(url) as store:
        live = live_state(store, new.name, (new, document_hash(to_document(new))))
    notes = tuple(f"drift: {problem}" for problem in live.drift)
    if live.revision is None:
        title = message(N_("{name} (not in the store) -> {path}"), name=new.name, path=path)
    else:
        title = message(
            N_("{name} live revision {number} -> {path}"), name=new.name, number=live.revision.number, path=path
        )
    return compare_policies(title.english, live.policy, new, notes, title.shown)


def policy_from_text_document(document: object, source: str) -> Policy:
    """A stored canonical document back to a typed policy, validated again exactly
    as ``cs validate`` would (schema and rules); anything else is InvalidPolicyError."""
    from cs.export import to_yaml

    if not isinstance(document, dict):
        raise InvalidPolicyError(
            _("{source} is not a policy (a JSON {type}, not an object)").format(
                source=source, type=type(document).__name__
            )
        )
    try:
        text = to_yaml(document, source)
    except (RecursionError, yaml.YAMLError) as error:
        raise InvalidPolicyError(
            _("{source} is not a policy ({error})").format(source=source, error=type(error).__name__)
        ) from None
    return policy_from_text(text, source)

"""Reading a policy file as it was at a git revision, with git itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cs.errors import UsageError
from cs.i18n import _

POLICY_GLOBS = ("*.yaml", "*.yml")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """git with its output read as UTF-8: a file name or user name that is not UTF-8
    keeps its bytes (as lone surrogates, as Python keeps them in arguments) instead
    of failing the command."""
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, check=False, encoding="utf-8", errors="surrogateescape"
    )


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = _run(args, cwd)
    except FileNotFoundError:
        raise UsageError(_("git is not installed; --git needs it")) from None
    if done.returncode != 0:
        reason = done.stderr.strip() or _("failed")
        raise UsageError(f"git {' '.join(args)}: {reason}")
    return done.stdout


def verify_revision(revision: str, cwd: Path) -> str:
    """The commit ``revision`` names, as a full hash; anything else is a UsageError.

    Only the hash is ever passed on to git, so a value such as ``--output=FILE``
    can never be read by git as an option."""
    if not revision or revision.startswith("-") or any(c.isspace() or ord(c) < 32 for c in revision):
        raise UsageError(
            _("--git {revision} is not a git revision; name a commit, branch or tag").format(revision=repr(revision))
        )
    try:
        done = _run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], cwd)
    except (FileNotFoundError, NotADirectoryError):
        raise UsageError(_("git is not installed; --git needs it")) from None
    commit = done.stdout.strip()
    if done.returncode != 0 or not commit:
        raise UsageError(_("--git {revision} is not a commit in this repository").format(revision=repr(revision)))
    return commit


def show(revision: str, path: Path) -> str | None:
    """The text of ``path`` at ``revision``, or None when the file did not exist then."""
    path = path.resolve()
    where = next(p for p in path.parents if p.is_dir())  # a removed file's folder may be gone too
    top = Path(_git(["rev-parse", "--show-toplevel"], where).strip())
    commit = verify_revision(revision, top)
    spec = f"{commit}:{path.relative_to(top).as_posix()}"
    exists = subprocess.run(["git", "cat-file", "-e", spec], cwd=top, capture_output=True, check=False)
    if exists.returncode != 0:
        return None
    return _git(["show", spec], top)


def changed_policy_files(revision: str, cwd: Path) -> list[tuple[Path | None, Path]]:
    """Policy files below ``cwd`` that differ between ``revision`` and the working tree,
    as (path at ``revision``, path now): None for an added file; a removed file's path
    now does not exist; a renamed one (git's rename detection) pairs its two paths, so
    an edit made with the move shows as what it is.

    A changed YAML file counts when it is a policy by the rule ``cs validate DIR``
    uses (:mod:`cs.load.discover`), read as it is now or, when removed, as it was:
    workflows, compose files and policy test files beside the policies are left out."""
    from cs.load.discover import TEST_SUFFIXES, is_policy_text

    commit = verify_revision(revision, cwd)
    fields = iter(
        _git(["diff", "--name-status", "-M", "-z", "--relative", commit, "--", *POLICY_GLOBS], cwd).split("\0")
    )
    files: list[tuple[Path | None, Path]] = []
    for status in fields:
        if not status:
            continue
        before = cwd / next(fields)
        after = cwd / next(fields) if status[0] in "RC" else before
        if status[0] == "A":
            pair: tuple[Path | None, Path] = (None, after)
        elif status[0] == "C":
            pair = (None, after)  # a copy is a new file; its source is unchanged
        else:
            pair = (before, after)
        text = after.read_text(encoding="utf-8", errors="replace") if after.is_file() else show(commit, before)
        if text is not None and not after.name.endswith(TEST_SUFFIXES) and is_policy_text(text):
            files.append(pair)
    return files


def _quiet(args: list[str], cwd: Path) -> str | None:
    try:
        done = _run(args, cwd)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def head_commit(path: Path) -> str | None:
    """The commit checked out where the policy lives, recorded with each revision (best
    effort): None when the policy file is not as that commit has it (untracked, or an
    uncommitted edit), which the commit would otherwise be taken to hold."""
    where = path.resolve()
    commit = _quiet(["rev-parse", "HEAD"], where.parent)
    if commit is None:
        return None
    tracked = _quiet(["ls-files", "--full-name", "--", where.name], where.parent)
    try:
        same = subprocess.run(
            ["git", "diff", "--quiet", "HEAD", "--", where.name], cwd=where.parent, capture_output=True, check=False
        )
    except OSError:
        return None
    return commit if tracked is not None and same.returncode == 0 else None


def config_value(key: str) -> str | None:
    return _quiet(["config", "--get", key], Path.cwd())

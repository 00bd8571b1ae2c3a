"""Reading a policy file as it was at a git revision, with git itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cs.errors import UsageError

POLICY_GLOBS = ("*.yaml", "*.yml")


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed; --git needs it") from None
    if done.returncode != 0:
        raise UsageError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def show(revision: str, path: Path) -> str:
    """The text of ``path`` (relative to the current directory) at ``revision``."""
    path = path.resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], path.parent).strip())
    relative = path.relative_to(top).as_posix()
    return _git(["show", f"{revision}:{relative}"], top)


def changed_policy_files(revision: str, cwd: Path) -> list[Path]:
    """YAML files that differ between ``revision`` and the working tree, below ``cwd``."""
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    names = _git(["diff", "--name-only", revision, "--", *POLICY_GLOBS], top).split()
    return [top / name for name in names if (top / name).is_file()]


def _quiet(args: list[str], cwd: Path) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def head_commit(path: Path) -> str | None:
    """The commit checked out where the policy lives, recorded with each revision (best effort)."""
    return _quiet(["rev-parse", "HEAD"], path.resolve().parent)


def config_value(key: str) -> str | None:
    return _quiet(["config", "--get", key], Path.cwd())

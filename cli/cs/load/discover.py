"""Which files ``cs validate`` checks: the files it is given, and the policies in a folder.

A policy repository also holds CI workflows, compose files, a pre-commit config and
policy test files (``*.test.yaml``), all YAML. In a directory, a ``.yaml``/``.yml``
file is a policy when

1. its name does not end in ``.test.yaml`` / ``.test.yml`` (policy test files), and
2. a ``# yaml-language-server: $schema=...`` modeline in its first lines names
   ``policy.schema.json`` (a modeline naming another schema means it is not a
   policy), or, without a modeline,
3. its top-level keys are a policy's: ``version`` and one more policy key, or two
   policy keys, where ``name`` does not count (workflows and compose files have
   one) and a near miss counts (``timezon:``), so a typo is still validated; so do a
   key typed with a full-width colon (``version：``) and the keys of a document written
   as one flow mapping (``{version: 1, agents: [...]}``).

Files named explicitly are always checked. ``--exclude`` globs match a path
relative to the folder given, or a file or folder name. The walk stays inside the
folder: hidden folders (``.git``, ``.github``, ``.venv``) are skipped, folder links
are not followed, and a file link is read only when it resolves inside the folder,
so a link to ``/etc/shadow`` or ``~/.git-credentials`` is never opened.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from cs.errors import CsError, LoadError, UsageError
from cs.i18n import _, ngettext
from cs.i18n.oserror import os_reason
from cs.load.files import read_capped

__all__ = ["POLICY_KEYS", "find_policies", "is_policy_text"]

YAML_SUFFIXES = (".yaml", ".yml")
TEST_SUFFIXES = (".test.yaml", ".test.yml")

POLICY_KEYS = frozenset(
    {
        "timezone", "hours", "holidays", "exceptions", "agents", "teams", "schedules", "offline",
        "routing", "messages", "quick_replies", "timeouts", "entry_points", "system",
    }
)  # fmt: skip
"""Top-level keys only a policy has (the schema's, less ``version`` and ``name``)."""

_MODELINE = re.compile(r"#\s*yaml-language-server\s*:\s*\$schema=(\S+)")
_TOP_KEY = re.compile(r"""^(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"\-{}\[\]][^:#\n]*?))\s*:(?:\s|$)""", re.MULTILINE)
_FLOW_KEY = re.compile(r"""[{,]\s*["']?([A-Za-z_]+)["']?\s*:""")
_MODELINE_LINES = 10


def find_policies(paths: Sequence[Path], exclude: Sequence[str] = ()) -> list[Path]:
    """Files as given (unless excluded); directories walked for policies, sorted."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            if not _excluded(path.as_posix(), path.name, exclude):
                found.append(path)
            continue
        candidates = list(_yaml_files_inside(path, exclude))
        policies = [file for file in candidates if _is_policy_file(file)]
        if not policies:
            sentence = ngettext(
                "{path}: no policy files in this directory ({count} YAML file, none a policy); see docs/policy.md",
                "{path}: no policy files in this directory ({count} YAML files, none a policy); see docs/policy.md",
                len(candidates),
            )
            raise UsageError(sentence.format(path=path, count=len(candidates)))
        found.extend(policies)
    return found


def _yaml_files_inside(root: Path, exclude: Sequence[str]) -> Iterable[Path]:
    real_root = os.path.realpath(root)
    files: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=_raise_usage):  # never follows folder links
        relative_folder = os.path.relpath(folder, root)
        dirs[:] = [d for d in dirs if not d.startswith(".") and not _excluded(_join(relative_folder, d), d, exclude)]
        for name in names:
            if not name.endswith(YAML_SUFFIXES) or name.endswith(TEST_SUFFIXES):
                continue
            if _excluded(_join(relative_folder, name), name, exclude):
                continue
            path = Path(folder, name)
            if path.is_symlink() and not _inside(os.path.realpath(path), real_root):
                continue
            files.append(path)
    return sorted(files)


def _is_policy_file(path: Path) -> bool:
    """Whether ``path`` is a policy by the rule above; a file that cannot be read is
    kept, so that the reason is reported rather than the file silently dropped."""
    try:
        raw = read_capped(path)
    except LoadError:
        return True
    return is_policy_text(raw.decode("utf-8", "replace"))


def is_policy_text(text: str) -> bool:
    """The rule of this module's docstring, on a file's text.

    Keys are read from the lines that start at column 0 rather than by parsing, so a
    policy with a YAML error is still recognised (and the error reported), and a
    templated file that is not YAML at all costs nothing.
    """
    for line in text.splitlines()[:_MODELINE_LINES]:
        modeline = _MODELINE.search(line)
        if modeline:
            return modeline.group(1).rsplit("/", 1)[-1].split("#")[0] == "policy.schema.json"
    text = text.replace("\uff1a", ":")  # a key typed with a full-width colon (UI-3) is still a key
    keys = {next(g for g in match.groups() if g is not None).strip() for match in _TOP_KEY.finditer(text)}
    if text.lstrip().startswith("{"):  # the whole document one flow mapping: {version: 1, agents: [...]}
        keys |= set(_FLOW_KEY.findall(text))
    policy_keys = sum(1 for key in keys if key in POLICY_KEYS or _near_policy_key(key))
    return policy_keys >= 2 or (policy_keys >= 1 and "version" in keys)


def _near_policy_key(key: str) -> bool:
    return bool(difflib.get_close_matches(key, POLICY_KEYS, n=1, cutoff=0.8))


def _excluded(relative: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def _join(folder: str, name: str) -> str:
    return name if folder == "." else f"{Path(folder).as_posix()}/{name}"


def _inside(real_path: str, real_root: str) -> bool:
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def _raise_usage(error: OSError) -> None:
    raise CsError(
        _("{path}: cannot read the directory: {reason}").format(path=error.filename, reason=os_reason(error).shown)
    )

# covers: OPS-1, OPS-7 in pre-commit: the published hooks, tried on a throwaway policy repository
"""``.pre-commit-hooks.yaml`` run for real with ``pre-commit try-repo`` on a throwaway
git repository holding a good policy, a broken one, a policy test and a CI workflow.

The default run uses the ``-system`` hooks (the ``cs`` of this environment: no
network, about a second each); the ``language: python`` hooks, which make
pre-commit install cs from this repository (half a minute, needs a package
index), are marked ``slow``: ``.ci/run`` selects them. Both flavours share one
definition of their file filters, checked below.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GOOD = (ROOT / "examples" / "full.yaml").read_text(encoding="utf-8")
BROKEN = 'version: 1\nname: broken\ntimezone: Asia/Shanghai\nhours: {mon: ["09:00-18:0"]}\n'
POLICY_TEST = """\
policy: shop.yaml
tests:
  - name: national day is closed
    at: 2026-10-01T10:00
    expect: {open: false}
"""


def hooks() -> dict[str, dict[str, object]]:
    return {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def test_system_hooks_are_the_python_hooks_with_the_cs_on_path():
    found = hooks()
    for name in ("cs-validate", "cs-test"):
        python, system = found[name], found[f"{name}-system"]
        assert python["language"] == "python" and system["language"] == "system"
        assert {k: v for k, v in system.items() if k not in ("id", "language")} == {
            k: v for k, v in python.items() if k not in ("id", "language")
        }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A policy repository: a good policy, its test, and a workflow file that is no policy."""
    folder = tmp_path / "policies"
    (folder / ".github" / "workflows").mkdir(parents=True)
    (folder / "shop.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "shop.test.yaml").write_text(POLICY_TEST, encoding="utf-8")
    (folder / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    return folder


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # this environment's cs
    env["PRE_COMMIT_HOME"] = str(home)
    for who in ("AUTHOR", "COMMITTER"):  # try-repo commits a shadow copy of uncommitted changes
        env[f"GIT_{who}_NAME"] = "cs tests"
        env[f"GIT_{who}_EMAIL"] = "cs-tests@example.invalid"
    return env


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, env=environment(folder.parent / "pre-commit-home"))


def try_repo(folder: Path, hook: str, source: Path = ROOT) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(source), hook, "--all-files", "--verbose"]
    return subprocess.run(
        command, cwd=folder, capture_output=True, text=True, env=environment(folder.parent / "pre-commit-home")
    )


def check_hooks(repo: Path, suffix: str, source: Path = ROOT) -> None:
    validate = try_repo(repo, f"cs-validate{suffix}", source)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "1 file valid" in validate.stdout  # the workflow and the test file are not policies

    tests = try_repo(repo, f"cs-test{suffix}", source)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "1 passed, 0 failed in 1 file" in tests.stdout

    (repo / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (repo / "shop.test.yaml").write_text(POLICY_TEST.replace("open: false", "open: true"), encoding="utf-8")
    git(repo, "add", "-A")
    validate = try_repo(repo, f"cs-validate{suffix}", source)
    assert validate.returncode == 1
    assert "broken.yaml:4:15: error window-invalid" in validate.stdout
    tests = try_repo(repo, f"cs-test{suffix}", source)
    assert tests.returncode == 1
    assert "FAIL  national day is closed" in tests.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_system_hooks_pass_a_good_policy_and_stop_a_broken_one(repo, tmp_path):
    """The hooks file alone, in a hook repository of its own (cloning this checkout would
    only cost time: a system hook runs the cs already installed)."""
    source = tmp_path / "hooks"
    source.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", source)
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "hooks")
    check_hooks(repo, "-system", source)


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo installs from this checkout as a git repository")
@pytest.mark.slow  # installs cs into a pre-commit environment from a package index; .ci/run selects it
def test_python_hooks_install_cs_and_behave_the_same(repo):
    check_hooks(repo, "")

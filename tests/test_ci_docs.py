# covers: OPS-1, OPS-4, OPS-7 in CI as documented: docs/ci.md's files and commands, run on a throwaway policy repository
"""docs/ci.md, executed. The repository it describes is built from the page itself
(its test file, pre-commit config, workflow and GitLab CI blocks) around
examples/full.yaml; then every console command of the page is run and its shown
output checked, the GitLab job's script lines are run with bash, and the GitHub
Action's own steps (action.yml) are run with bash as the documented workflow
calls them. Only the package installs are not run (they name the cs repository
you install from, and would replace this environment's cs)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from typer.testing import CliRunner

from cs.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
BLOCKS = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", DOC, re.S)]
TEST_FILE, PRE_COMMIT, WORKFLOW, GITLAB = BLOCKS
EXIT = {"validate": 0, "test": 0, "diff": 1}
"""Exit code of each documented command on the documented repository (the diff shows a change)."""


def console_examples() -> list[tuple[str, list[str]]]:
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", DOC, re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            else:
                examples[-1][1].append(line)
    return examples


def environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    for who in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{who}_NAME"] = "cs tests"
        env[f"GIT_{who}_EMAIL"] = "cs-tests@example.invalid"
    env.update(extra)
    return env


def sh(folder: Path, script: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        env=environment(**extra),
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The policy repository of docs/ci.md, pushed to an ``origin``, with one policy
    change in the working tree (the change a pull request would bring)."""
    base = tmp_path_factory.mktemp("ci-docs")
    folder = base / "policy-repo"
    (folder / "policies").mkdir(parents=True)
    (folder / ".github" / "workflows").mkdir(parents=True)
    text = re.findall(r"```yaml\n(.*?)```", DOC, re.S)
    (folder / "policies" / "shop.yaml").write_text((ROOT / "examples" / "full.yaml").read_text(encoding="utf-8"))
    (folder / "policies" / "shop.test.yaml").write_text(text[0], encoding="utf-8")
    (folder / ".pre-commit-config.yaml").write_text(text[1], encoding="utf-8")
    (folder / ".github" / "workflows" / "policies.yml").write_text(text[2], encoding="utf-8")
    (folder / ".gitlab-ci.yml").write_text(text[3], encoding="utf-8")
    setup = sh(
        base,
        "git init -q --bare origin.git && cd policy-repo && git init -q -b main && git add -A"
        " && git commit -qm policies && git remote add origin ../origin.git && git push -q origin main"
        " && git update-ref -d refs/remotes/origin/main",  # a CI clone has only what it fetches
    )
    assert setup.returncode == 0, setup.stderr
    shop = folder / "policies" / "shop.yaml"
    shop.write_text(shop.read_text(encoding="utf-8").replace("max_chats: 10}", "max_chats: 12}"), encoding="utf-8")
    with (folder / "policies" / "shop.test.yaml").open("a", encoding="utf-8") as tests:
        tests.write("# changed too, and still no policy\n")
    return folder


def test_the_page_has_the_four_files_and_the_commands():
    assert TEST_FILE["policy"] == "shop.yaml"
    assert {h["id"] for r in PRE_COMMIT["repos"] for h in r["hooks"]} == {"cs-validate", "cs-test"}
    assert "policies" in GITLAB
    assert {c.split()[1] for c, _ in console_examples()} == set(EXIT)


@pytest.mark.parametrize(("command", "shown"), console_examples(), ids=[c for c, _ in console_examples()])
def test_console_command(repo, monkeypatch, command, shown):
    monkeypatch.chdir(repo)
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == EXIT[args[0]], result.output
    actual = [line.rstrip() for line in result.output.splitlines()]
    for line in shown:
        if line.strip() in ("", "..."):
            continue
        assert line.rstrip() in actual, f"not in output: {line!r}\n{result.output}"


def test_the_pre_commit_hooks_named_exist_and_install(repo):
    published = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert {h["id"] for r in PRE_COMMIT["repos"] for h in r["hooks"]} <= published
    done = sh(repo, f"{shlex.quote(sys.executable)} -m pre_commit install", PRE_COMMIT_HOME=str(repo.parent / "pc"))
    assert done.returncode == 0, done.stderr
    assert (repo / ".git" / "hooks" / "pre-commit").is_file()


def test_the_gitlab_job_script_runs_on_a_merge_request(repo):
    job = GITLAB["policies"]
    assert [line.split()[:2] for line in job["before_script"]] == [["pip", "install"]]  # not run: see the docstring
    for line in job["script"]:
        done = sh(repo, line, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
    assert ET.parse(repo / "validate.xml").getroot().get("failures") == "0"
    tests = ET.parse(repo / "policy-tests.xml").getroot()
    assert (tests.get("tests"), tests.get("failures")) == ("2", "0")
    diff = (repo / "policy-diff.md").read_text(encoding="utf-8")
    assert "### origin/main:policies/shop.yaml -> policies/shop.yaml" in diff
    assert "~ agents[lin.xiaoyu].max_chats: 10 -> 12" in diff


# --- the GitHub Action, step by step ----------------------------------------------------------


def action_inputs() -> dict[str, str]:
    step = next(s for s in WORKFLOW["jobs"]["check"]["steps"] if s.get("uses", "").startswith("your-org/cs@"))
    given = {k: str(v) for k, v in step["with"].items()}
    assert set(given) <= set(ACTION["inputs"])
    return {**{k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()}, **given}


def resolve(expression: str, context: dict[str, Any]) -> Any:
    """The few GitHub expressions action.yml uses: ``a.b``, ``x || y``, ``x == 'v'``, ``x != 'v'``."""
    inner = expression.strip().removeprefix("${{").removesuffix("}}").strip()
    for operator, test in (("==", lambda a, b: a == b), ("!=", lambda a, b: a != b)):
        if f" {operator} " in inner:
            left, right = inner.split(f" {operator} ")
            return test(resolve(left, context), right.strip().strip("'"))
    if "||" in inner:
        return next((v for v in (resolve(p, context) for p in inner.split("||")) if v), "")
    scope, name = inner.strip().split(".")
    return context[scope][name]


def run_action(repo: Path, inputs: dict[str, str], summary: Path) -> list[tuple[str, subprocess.CompletedProcess[str]]]:
    context = {
        "inputs": inputs,
        "github": {"event_name": "pull_request", "base_ref": "main", "action_path": str(ROOT)},
    }
    done = []
    for step in ACTION["runs"]["steps"]:
        if "run" not in step or step["name"] == "Install cs":  # setup-python and the install: this environment
            continue
        if "if" in step and not resolve(step["if"], context):
            continue
        assert "${{" not in step["run"], "inputs reach scripts through env only"
        env = {k: str(resolve(v, context)) for k, v in step.get("env", {}).items()}
        runner = {"GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(summary.parent)}
        done.append((step["name"], sh(repo, step["run"], **runner, **env)))
    return done


def test_the_action_validates_tests_and_summarises_the_diff(repo, tmp_path):
    summary = tmp_path / "summary.md"
    steps = run_action(repo, action_inputs(), summary)
    assert [name for name, _ in steps] == ["cs validate", "cs test", "cs diff (job summary)"]
    for name, result in steps:
        assert result.returncode == 0, f"{name}\n{result.stdout}\n{result.stderr}"
    assert dict(steps)["cs test"].stdout.splitlines()[-1] == "2 passed, 0 failed in 1 file"
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Policy changes\n")
    assert "### origin/main:policies/shop.yaml -> policies/shop.yaml" in text
    assert "~ agents[lin.xiaoyu].max_chats: 10 -> 12" in text
    assert "shop.test.yaml" not in text  # a test file is no policy


def test_the_action_annotates_a_broken_policy_and_fails(repo, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "shop.yaml").write_text('version: 1\nname: x\ntimezone: Asia/Shanghai\nhours: {mon: ["09:00-18:0"]}\n')
    inputs = {**action_inputs(), "policies": str(broken), "tests": ""}
    steps = dict(run_action(repo, inputs, tmp_path / "summary.md"))
    assert "cs test" not in steps  # tests: "" skips them
    validate = steps["cs validate"]
    assert validate.returncode == 1
    assert validate.stdout.startswith(f"::error file={broken}/shop.yaml,line=4,col=15,title=window-invalid::")

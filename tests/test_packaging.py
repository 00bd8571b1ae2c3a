# covers: issue 2 packaging: the installed wheel carries its schemas
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if build.returncode != 0 and "hatchling" in build.stderr:
        build = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
            capture_output=True,
            text=True,
        )
    assert build.returncode == 0, build.stderr
    return next(out.glob("*.whl"))


def test_wheel_contains_the_published_schema(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        packaged = json.loads(archive.read("cs/schema/policy.schema.json"))
    assert json.loads((ROOT / "schema" / "policy.schema.json").read_text()) == packaged
    assert "cs/cli/__init__.py" in names


def test_installed_wheel_finds_its_schema_from_any_directory(wheel, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\nname: p\ntimezone: Asia/Shanghai\n")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "import cs, cs.schema; assert cs.__file__.startswith(sys.argv[1]), cs.__file__; "
        "from cs.validate import validate_file; "
        "print(len(cs.schema.schema_text()) > 1000, validate_file(sys.argv[2]).findings)"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-c", code, str(site), str(policy)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "True ()"


def test_ci_runs_exactly_the_readme_test_command():
    """The README's second set-up command is what CI runs, letter for letter (pinned installs)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(
        line for line in readme.splitlines() if line.startswith("python3 -m venv .venv &&") and "pytest" in line
    )
    assert "-c constraints/ci.txt" in command
    assert command in ci.splitlines()


def test_constraints_pin_every_dependency_at_or_above_its_floor():
    """constraints/lowest.txt holds each direct dependency at exactly its declared floor."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.version import Version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]

    def pins(name: str) -> dict[str, str]:
        lines = (ROOT / "constraints" / name).read_text(encoding="utf-8").splitlines()
        return dict(line.split("==") for line in lines if "==" in line and not line.startswith(" "))

    lowest, ci = pins("lowest.txt"), pins("ci.txt")
    for requirement in declared:
        name = requirement.name.lower()
        floor = next(s.version for s in requirement.specifier if s.operator == ">=")
        assert Version(lowest[name]) == Version(floor), f"{name}: lowest.txt pins {lowest[name]}, the floor is {floor}"
        assert requirement.specifier.contains(ci[name]), f"{name}: ci.txt pins {ci[name]} outside {requirement}"

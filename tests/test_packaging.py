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

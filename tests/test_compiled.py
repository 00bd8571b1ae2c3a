# covers: OPS-3 speed build: the mypyc-compiled simulator (release wheels) gives the same output byte for byte
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # about a minute: not in the default run; .ci/run selects it

ROOT = Path(__file__).resolve().parents[1]
RUNS = [
    ["examples/full.yaml", "--day", "2026-11-23", "--format", "jsonl"],
    ["examples/kuaishou-group-routing.yaml", "--day", "2026-11-23",
     "--scenario", "examples/scenarios/kuaishou-day.json", "--format", "json", "--seed", "5"],
    ["examples/qianniu-offline-routing.yaml", "--day", "2026-11-27", "--scenario",
     "examples/scenarios/qianniu-forwarding.json", "--format", "csv"],
]  # fmt: skip


@pytest.fixture(scope="module")
def compiled_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("compiled")
    build = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "build_compiled.py"), str(out)], capture_output=True, text=True
    )
    assert build.returncode == 0, build.stderr[-3000:]
    assert not list((ROOT / "cli").rglob("*.so")), "the build must not leave compiled modules in the source tree"
    return Path(build.stdout.strip())


def simulate(args, pythonpath=None):
    env = {**os.environ}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    code = "import sys, cs.simulate.simulator as e; print(e.__file__, file=sys.stderr); from cs.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "simulate", *args], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr.splitlines()[0]


@pytest.mark.parametrize("args", RUNS, ids=[r[0].split("/")[1] for r in RUNS])
def test_compiled_simulator_gives_the_same_output(compiled_site, args):
    pure, pure_engine = simulate(args)
    compiled, compiled_engine = simulate(args, compiled_site)
    assert pure_engine.endswith(".py")
    assert compiled_engine.endswith(".so") and compiled_engine.startswith(str(compiled_site))
    assert compiled == pure

"""Build the release wheel with the simulator compiled by mypyc, and unpack it.

Run: python bench/build_compiled.py OUTDIR   (prints the folder to put on PYTHONPATH)

The build runs on a copy of the source tree: building in place would leave
compiled modules beside the sources, where they shadow the .py files of a
development install. Needs a C compiler and PyPI for the build requirements.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "cli", "schema")


def build_compiled(out: Path) -> Path:
    """The unpacked compiled wheel under ``out`` (ready for PYTHONPATH)."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "src"
        tree.mkdir()
        for name in SOURCES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
            else:
                shutil.copy2(source, tree / name)
        env = {**os.environ, "HATCH_BUILD_HOOKS_ENABLE": "1"}
        wheels = Path(tmp) / "wheels"
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(tree)],
            env=env,
            check=True,
        )
        site = out / "site"
        with zipfile.ZipFile(next(wheels.glob("*.whl"))) as archive:
            archive.extractall(site)
    return site


if __name__ == "__main__":
    print(build_compiled(Path(sys.argv[1]).resolve()))

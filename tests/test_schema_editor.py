"""Editors find the schema offline (issue 9): the examples' modelines and the editor
settings in docs/policy.md point at the schema file of this checkout."""

# covers: OPS-1

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cs.load.discover import is_policy_text
from cs.schema import schema_text

ROOT = Path(__file__).parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml") if not p.name.endswith(".test.yaml"))
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_modeline_is_a_path_to_the_schema_in_this_checkout(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, first
    target = match.group(1)
    assert "://" not in target, "a URL needs the network; use a path relative to the file"
    kind = "policytest" if path.name.endswith(".test.yaml") else "policy"
    resolved = (path.parent / target).resolve()
    assert resolved == (ROOT / "schema" / f"{kind}.schema.json").resolve()
    assert resolved.read_text(encoding="utf-8") == schema_text(kind)
    # the modeline alone makes a policy for cs validate DIR, and a test file never one
    assert is_policy_text(first + "\n") is (kind == "policy")


def test_docs_show_editor_settings_that_map_the_schema() -> None:
    policy_md = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")
    section = policy_md.split("## Editor support", 1)[1].split("\n## ", 1)[0]
    settings = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))
    mapping = settings["yaml.schemas"]
    assert list(mapping) == ["./schema/policy.schema.json"]
    assert "!**/*.test.yaml" in mapping["./schema/policy.schema.json"]
    assert "$ cs schema > schema/policy.schema.json" in section
    assert "# yaml-language-server: $schema=../schema/policy.schema.json" in section


def test_cs_show_exports_a_modeline_editors_resolve_offline(tmp_path: Path) -> None:
    """`cs show` writes a policy whose modeline is the documented schema path, no URL."""
    from typer.testing import CliRunner

    from cs.cli import app

    store = f"sqlite:///{tmp_path / 'state.db'}"
    runner = CliRunner()
    applied = runner.invoke(app, ["apply", str(ROOT / "examples" / "full.yaml"), "--store", store, "--auto-approve"])
    assert applied.exit_code == 0, applied.stderr
    shown = runner.invoke(app, ["show", "lanshan-tea", "--store", store])
    match = MODELINE.match(shown.stdout.splitlines()[0])
    assert match and "://" not in match.group(1)
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "policy.schema.json").write_text(schema_text("policy"), encoding="utf-8")
    exported = tmp_path / "lanshan-tea.yaml"
    exported.write_text(shown.stdout, encoding="utf-8")
    assert (exported.parent / match.group(1)).resolve().read_text(encoding="utf-8") == schema_text("policy")


def test_a_damaged_installed_schema_is_one_error_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`cs schema > schema/policy.schema.json` in a cs checkout empties the file the
    development install reads (the shell truncates it first): cs schema printed nothing
    and exited 0, then every validate ended in a JSONDecodeError traceback."""
    from typer.testing import CliRunner

    import cs.schema
    from cs.cli import app

    cached = (cs.schema._schemas, cs.schema._document_check, cs.schema.validator)
    monkeypatch.setattr(cs.schema, "_installed_text", lambda name: "")
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\nname: p\ntimezone: Asia/Shanghai\n", encoding="utf-8")
    try:
        for function in cached:  # read the schema again, as a new process would
            function.cache_clear()
        for args in (["schema"], ["validate", str(policy)]):
            result = CliRunner().invoke(app, args)
            assert result.exit_code == 2, (args, result.output)
            assert result.output.count("\n") == 1 and "Traceback" not in result.output, result.output
            assert "policy.schema.json of this installation is damaged" in result.output, result.output
            assert "git checkout schema/" in result.output
    finally:
        for function in cached:
            function.cache_clear()

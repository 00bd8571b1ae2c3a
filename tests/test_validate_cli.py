# covers: OPS-1 (formats, exit codes, strict, directories), MSG-7, MSG-6
import json
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from conftest import policy_yaml
from cs.cli import app
from cs.messages.language import fallback_chain, resolve_text
from cs.messages.template import render, template_problems

runner = CliRunner()

GOOD = policy_yaml("agents: [{id: a}]\n")
WARN = policy_yaml(
    "agents: [{id: a}]\nquick_replies:\n"
    "  - {id: q1, keywords: [ship], text: {zh: x}}\n"
    "  - {id: q2, keywords: [ship], text: {zh: y}}\n"
)
BAD = policy_yaml("agents:\n  - id: a\n    max_chats: 0\n")


def invoke(*args):
    return runner.invoke(app, list(args))


def test_valid_file_exits_0(write):
    result = invoke("validate", str(write("good.yaml", GOOD)))
    assert result.exit_code == 0
    assert "1 file valid" in result.output


def test_error_exits_1_with_file_line_col(write):
    path = write("bad.yaml", BAD)
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:6:16: error capacity-range max_chats 0 is outside 1..500" in result.output


def test_warnings_pass_unless_strict(write):
    path = write("warn.yaml", WARN)
    assert invoke("validate", str(path)).exit_code == 0
    result = invoke("validate", "--strict", str(path))
    assert result.exit_code == 1
    assert "warning quick-reply-duplicate-keyword" in result.output


def test_unreadable_input_exits_2(write, tmp_path):
    result = invoke("validate", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert "missing.yaml" in result.stderr
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    assert invoke("validate", str(empty_dir)).exit_code == 2
    assert invoke("validate", "--format", "xml", str(write("g.yaml", GOOD))).exit_code == 2


def test_yaml_problems_are_findings_with_a_place(write):
    path = write("dup.yaml", policy_yaml("hours:\n  mon: closed\n  mon: closed\n"))
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:6:3: error yaml" in result.output


def test_directory_is_searched_for_yaml(write, tmp_path):
    write("a.yaml", GOOD)
    write("b.yml", BAD)
    write("notes.txt", "not a policy")
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "1 error, 0 warnings in 2 files" in result.output


def test_json_format(write):
    bad, good = write("bad.yaml", BAD), write("good.yaml", GOOD)
    data = json.loads(invoke("validate", "-f", "json", str(bad), str(good)).output)
    assert data["version"] == 1 and data["valid"] is False
    assert data["summary"] == {"files": 2, "errors": 1, "warnings": 0}
    finding = data["files"][0]["findings"][0]
    assert finding == {
        "path": str(bad),
        "line": 6,
        "col": 16,
        "rule": "capacity-range",
        "severity": "error",
        "message": "max_chats 0 is outside 1..500",
    }
    assert data["files"][1] == {"path": str(good), "valid": True, "findings": []}


def test_github_format(write):
    path = write("bad.yaml", BAD)
    out = invoke("validate", "-f", "github", str(path)).output
    assert out.strip() == f"::error file={path},line=6,col=16,title=capacity-range::max_chats 0 is outside 1..500"


def test_junit_format(write):
    bad, good = write("bad.yaml", BAD), write("good.yaml", GOOD)
    root = ET.fromstring(invoke("validate", "-f", "junit", str(bad), str(good)).output)
    assert root.tag == "testsuite" and root.get("tests") == "2" and root.get("failures") == "1"
    cases = root.findall("testcase")
    assert cases[0].find("failure").get("type") == "capacity-range"
    assert cases[1].find("failure") is None


def test_schema_and_rules_commands():
    schema = json.loads(invoke("schema").output)
    assert schema["$schema"].endswith("2020-12/schema") and schema["$id"]
    out = invoke("rules").output
    assert "window-overlap (error) [CAL-2]" in out and "coverage-gap (warning)" in out


def test_version():
    assert invoke("--version").output.startswith("cs ")


# MSG-7: templates
@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("Hi {nickname}", "unknown placeholder '{nickname}'"),
        ("Hi {customer_name", "unbalanced '{'"),
        ("Hi customer_name}", "unbalanced '}'"),
        ("{customer_name.__class__}", "not a placeholder"),
        ("{agent_name[0]}", "not a placeholder"),
        ("{queue_position:>10}", "not a placeholder"),
        ("{queue_position!r}", "not a placeholder"),
    ],
)
def test_template_problems(template, problem):
    problems = template_problems(template)
    assert problems and problem in problems[0]


def test_template_render_never_formats():
    assert template_problems("{{literal}} {next_open}") == []
    assert render("{{x}} at {next_open}", {"next_open": "09:00"}) == "{x} at 09:00"
    assert render("{customer_name.__class__}", {"customer_name": "A"}) == "{customer_name.__class__}"


def test_language_fallback_chain():  # MSG-6
    assert fallback_chain("zh-Hant-TW") == ["zh-Hant-TW", "zh-Hant", "zh"]
    texts = {"zh": "中", "zh-Hant": "繁", "en": "E"}
    assert resolve_text(texts, "zh-Hant-TW", "en") == ("zh-Hant", "繁")
    assert resolve_text(texts, "zh-CN", "en") == ("zh", "中")
    assert resolve_text(texts, "fr", "en") == ("en", "E")


def test_python_dash_m_runs_the_same_cli(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "cs", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("cs ")

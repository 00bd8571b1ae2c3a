# covers: OPS-1 (formats, exit codes, strict, directories), MSG-7, MSG-6
import json
import os
from pathlib import Path
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
    assert data["summary"] == {"files": 2, "errors": 1, "warnings": 0, "unreadable": 0}
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


def test_junit_holds_no_character_xml_cannot(write):  # covers: OPS-1
    """A policy name with U+FFFE made the JUnit report not well-formed XML."""
    path = write("f.yaml", 'version: 1\nname: "bad\\uFFFEname\\uFFFF"\ntimezone: UTC\n')
    root = ET.fromstring(invoke("validate", "-f", "junit", str(path)).output)
    (failure,) = root.iter("failure")
    assert "\\ufffename\\uffff" in failure.get("message")


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
    assert problems and problem in problems[0].english


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


# --- which files a directory holds are policies (issue 9) ---------------------------

WORKFLOW = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
COMPOSE = "version: '3.8'\nname: shop\nservices:\n  db: {image: postgres}\n"
PRE_COMMIT = "repos:\n  - repo: local\n    hooks: []\n"
POLICY_TEST = "policy: shop.yaml\ntests:\n  - {name: open, at: 2026-10-01T10:00, expect: {open: true}}\n"


def test_directory_mode_checks_policies_not_the_files_beside_them(write, tmp_path):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    write(".github/workflows/ci.yaml", WORKFLOW)
    write("ci.yml", WORKFLOW)
    write("compose.yaml", COMPOSE)
    write(".pre-commit-config.yaml", PRE_COMMIT)
    write("shop.test.yaml", POLICY_TEST)
    write("templated.yaml", "{{ .Values.name }}: [\n")
    write("shop.yaml", GOOD)
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 file valid"


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\nname: shop\ntimezon: Asia/Shanghai\n",  # a typo in a top-level key
        "name: shop\ntimezone: Asia/Shanghai\nagents: [{id: a}]\n",  # version forgotten
        "version: 1\nname: shop\ntimezone: Asia/Shanghai\nhours: {mon: [09:00-18:00\n",  # broken YAML
        "# yaml-language-server: $schema=../schema/policy.schema.json\nversion: 2\n",  # modeline says so
        "version\uff1a 1\nname\uff1a shop\ntimezone\uff1a Asia/Shanghai\n",  # full-width colons (UI-3)
        "{version: 1, name: shop, timezone: Asia/Shanghai, agents: [}\n",  # a top-level flow mapping, broken
    ],
)
def test_a_broken_policy_in_a_directory_is_still_checked(write, tmp_path, text):
    write("compose.yaml", COMPOSE)
    path = write("shop.yaml", text)
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 1, result.output
    assert f"{path}:" in result.output and "compose.yaml" not in result.output


def test_a_modeline_naming_another_schema_is_not_a_policy(write, tmp_path):
    write("shop.yaml", GOOD)
    write("odd.yaml", "# yaml-language-server: $schema=https://json.schemastore.org/x.json\n" + BAD)
    assert invoke("validate", str(tmp_path)).exit_code == 0


def test_exclude_globs_skip_files_and_folders(write, tmp_path):
    (tmp_path / "drafts").mkdir()
    write("shop.yaml", GOOD)
    write("drafts/wip.yaml", BAD)
    write("old.yaml", BAD)
    assert invoke("validate", str(tmp_path)).exit_code == 1
    result = invoke("validate", "--exclude", "drafts", "--exclude", "old.*", str(tmp_path))
    assert result.exit_code == 0, result.output
    explicit = invoke("validate", "--exclude", "old.yaml", str(tmp_path / "old.yaml"), str(tmp_path / "shop.yaml"))
    assert explicit.exit_code == 0 and "1 file valid" in explicit.output
    assert invoke("validate", "--exclude", "drafts/*", str(tmp_path)).exit_code == 1  # old.yaml is still in


def test_a_directory_without_policies_is_a_usage_error(write, tmp_path):
    write("ci.yml", WORKFLOW)
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "no policy files in this directory (1 YAML file, none a policy)" in result.stderr


def test_directory_mode_stays_inside_the_tree(write, tmp_path):
    """A link to a file outside (a key, a credentials store) is never opened or quoted."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "credentials.yaml"
    secret.write_text(policy_yaml("agents: [{id: a, name: hunter2-secret-token}]\nbogus: 1\n"), encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / "shop.yaml").write_text(GOOD, encoding="utf-8")
    (repo / "leak.yaml").symlink_to(secret)
    (repo / "linked-dir").symlink_to(outside, target_is_directory=True)
    (repo / "sub" / "same.yaml").symlink_to(repo / "shop.yaml")  # inside: fine
    result = invoke("validate", str(repo))
    assert result.exit_code == 0, result.output
    assert "2 files valid" in result.output
    assert "hunter2" not in result.output and "credentials" not in result.output


# --- --strict and unreadable files in every report (issue 9) ---------------------


def test_strict_warnings_fail_in_json_and_junit_too(write):
    path = write("warn.yaml", WARN)
    plain = json.loads(invoke("validate", "-f", "json", str(path)).output)
    assert plain["valid"] is True and plain["files"][0]["valid"] is True
    result = invoke("validate", "--strict", "-f", "json", str(path))
    strict = json.loads(result.output)
    assert result.exit_code == 1
    assert strict["valid"] is False and strict["strict"] is True and strict["files"][0]["valid"] is False
    root = ET.fromstring(invoke("validate", "--strict", "-f", "junit", str(path)).output)
    assert root.get("failures") == "1"
    assert root.find("testcase/failure").get("type") == "quick-reply-duplicate-keyword"
    lenient = ET.fromstring(invoke("validate", "-f", "junit", str(path)).output)
    assert lenient.get("failures") == "0" and lenient.find("testcase/failure") is None
    github = invoke("validate", "--strict", "-f", "github", str(path)).output
    assert github.startswith("::error ")


def test_unreadable_file_is_an_error_case_and_hides_no_other_finding(write, tmp_path):
    bad = write("bad.yaml", BAD)
    missing = tmp_path / "missing.yaml"
    result = invoke("validate", "-f", "junit", str(missing), str(bad))
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "1")
    error = root.find("testcase/error")
    assert error is not None and "cannot read the file" in error.get("message")
    assert result.stderr.startswith(f"cs: error: {missing}: cannot read the file")
    data = json.loads(invoke("validate", "-f", "json", str(missing), str(bad)).stdout)
    assert data["valid"] is False and data["summary"]["unreadable"] == 1
    assert "cannot read the file" in data["files"][0]["error"]
    text = invoke("validate", str(missing), str(bad))
    assert "capacity-range" in text.stdout and "1 unreadable" in text.stdout


def test_explicit_special_files_are_refused_at_once(tmp_path):
    fifo = tmp_path / "policy.yaml"
    os.mkfifo(fifo)
    for path in (str(fifo), "/dev/zero"):
        result = invoke("validate", path)
        assert result.exit_code == 2
        assert result.stderr.strip() == f"cs: error: {path}: cannot read the file: not a regular file " + (
            "(a device, FIFO or socket)"
        )


def test_a_policy_test_file_named_explicitly_is_checked_as_a_test_file(write, tmp_path):
    """OPS-7 / OPS-1: `cs validate shop.test.yaml` uses the test-file schema, never the policy one."""
    write("shop.yaml", policy_yaml())
    good = tmp_path / "good.test.yaml"
    good.write_text("policy: shop.yaml\ntests:\n  - {name: open, at: 2026-11-23T10:00, expect: {open: true}}\n")
    result = invoke("validate", str(good))
    assert result.exit_code == 0, result.output
    broken = tmp_path / "broken.test.yaml"
    broken.write_text("policy: shop.yaml\ntests:\n  - {name: x, at: 2026-11-23T10:00, expect: {opn: true}}\n")
    result = invoke("validate", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:3:" in result.stdout and "unknown key 'opn'" in result.stdout
    assert "missing required key" not in result.stdout  # not read as a policy


@pytest.mark.parametrize(
    ("given", "said"),
    [("", "an empty path: name a policy file or a directory"), ("-", "reads files, not standard input")],
)
def test_an_empty_path_or_stdin_is_a_usage_error_not_the_current_directory(given, said):  # covers: OPS-1
    result = invoke("validate", given)
    assert result.exit_code == 2 and said in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("zone", "hint"),
    [("Asia/Beijing", "Asia/Shanghai"), ("asia/beijing", "Asia/Shanghai"), ("Asia/Shangai", "Asia/Shanghai")],
)
def test_a_zone_that_is_no_iana_name_gets_the_right_hint(write, zone, hint):  # covers: CAL-1
    result = invoke("validate", str(write("shop.yaml", f"version: 1\nname: shop\ntimezone: {zone}\n")))
    assert result.exit_code == 1
    assert f"is not an IANA time zone (did you mean {hint}?)" in result.output


def test_a_schedule_online_all_of_a_closed_day_is_told_so():  # covers: CAL-4, AG-2
    case = Path(__file__).parent / "cases" / "invalid" / "schedule-exception-closed-all-day.yaml"
    result = invoke("validate", str(case))
    assert "online at 00:00-24:00 while the service is closed (exception 'd11')" in result.output


@pytest.mark.parametrize(
    ("case", "fix"),
    [
        ("exception-range", "; swap from and to"),
        ("manual-offline-range", "; make 'to' later than 'from'"),
        ("message-missing-language", "; add one, or disable the kind"),
        ("offline-routing-empty", "; list the agents, or choose another when_nobody_online"),
        ("offline-destination-account", "; give one agent role: proxy, or choose another destination"),
    ],
)
def test_a_finding_says_how_to_fix_it(case, fix):  # covers: OPS-1
    result = invoke("validate", str(Path(__file__).parent / "cases" / "invalid" / f"{case}.yaml"))
    assert result.exit_code == 1 and fix in result.output

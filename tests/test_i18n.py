"""Chinese for people, the same bytes for machines (UI-1).

The catalog checks read the sources and the catalogs with the standard library
only (the test extra has no Babel): every marked message has a Chinese
translation with the same placeholders, and the shipped ``.mo`` is the ``.po``
compiled. The command checks run cs under ``CS_LANG=zh`` and ``CS_LANG=en``.
"""

from __future__ import annotations

import ast
import gettext
import json
import os
import string
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from cs import i18n
from cs.i18n.extract import command_docstrings, published_schema_descriptions, rule_docstrings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cli" / "cs"
PO = i18n.LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "cs.po"
MO = PO.with_suffix(".mo")
MARKERS = {"_": (0, 1), "N_": (0, 1), "ngettext": (0, 2), "pgettext": (1, 2)}
"""The marking functions of cs.i18n, and which of their arguments are messages."""


# -- the language ------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"CS_LANG": "zh"}, "zh"),
        ({"CS_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"CS_LANG": "zh_CN.UTF-8"}, "zh"),
        ({"CS_LANG": "fr"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, "zh"),
    ],
)
def test_language_comes_from_cs_lang_then_the_locale_then_english(environ, expected):
    # covers: UI-1
    assert i18n.choose_language(environ) == expected


def test_messages_are_chinese_under_zh_and_english_otherwise(language):
    # covers: UI-1
    language("zh")
    assert i18n._("no changes") == "没有变更"
    assert i18n.ngettext(
        "{passed} passed, {failed} failed in {count} file", "{passed} passed, {failed} failed in {count} files", 2
    ).format(passed=1, failed=0, count=2) == ("1 个通过，0 个失败，共 2 个文件")
    language("en")
    assert i18n._("no changes") == "no changes"
    assert i18n.ngettext("{count} file", "{count} files", 1) == "{count} file"


def test_the_language_is_decided_once_per_process(monkeypatch, language):
    # covers: UI-1
    language("zh")
    assert i18n._("no changes") == "没有变更"  # the first look-up decides
    monkeypatch.setenv("CS_LANG", "en")
    assert i18n._("no changes") == "没有变更"


# -- the catalog ---------------------------------------------------------------


def _unquote(line: str) -> str:
    text = line[line.index('"') :]
    value = ast.literal_eval(text)
    assert isinstance(value, str), line
    return value


def read_po(path: Path) -> list[dict[str, object]]:
    """The entries of a ``.po`` file: msgid, msgid_plural, msgstr (list), flags."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {}
    current = ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, current = {}, ""
        elif line.startswith("#,"):
            entry["flags"] = {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if current.startswith("msgstr"):
                entry["msgstr"][-1] += _unquote(line)  # type: ignore[index]
            else:
                entry[current] = str(entry[current]) + _unquote(line)
        else:
            keyword = line.split(" ", 1)[0]
            if keyword.startswith("msgstr"):
                entry.setdefault("msgstr", [])
                entry["msgstr"].append(_unquote(line))  # type: ignore[attr-defined]
            else:
                entry[keyword] = _unquote(line)
            current = keyword
    return [e for e in entries if e["msgid"]]


def marked_messages() -> dict[str, str]:
    """Every message the sources mark (``_``, ``N_``, ``ngettext``, ``@command``
    and ``@rule`` docstrings) and every ``description`` of the published schemas,
    with where it is, found by reading the code and the schemas as Babel does."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
                first, end = MARKERS[node.func.id]
                literals = node.args[first:end]
                assert all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in literals), (
                    f"{where}:{node.lineno}: {node.func.id}() needs literal text (the extractor cannot read a variable)"
                )
                for literal in literals:
                    found[literal.value] = f"{where}:{node.lineno}"  # type: ignore[attr-defined]
        for line, doc in command_docstrings(source):
            found[doc] = f"{where}:{line}"
        for line, doc in rule_docstrings(source):
            found[doc] = f"{where}:{line}"
    for where, text in published_schema_descriptions():  # quoted by schema findings
        found[text] = f"schema/{where}"
    return found


def fields(text: str) -> list[str]:
    """The placeholders of a ``str.format`` text with their conversion and spec, sorted."""
    return sorted(
        f"{name}!{conversion or ''}:{spec or ''}"
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def test_every_marked_message_has_a_chinese_translation():
    # covers: UI-1
    catalog = {}
    for entry in read_po(PO):
        catalog[entry["msgid"]] = entry
        if "msgid_plural" in entry:
            catalog[entry["msgid_plural"]] = entry
    marked = marked_messages()
    assert len(marked) > 100  # the extraction above saw the marked modules
    missing = [f"{where}: {text!r}" for text, where in marked.items() if text not in catalog]
    hint = "messages not in the catalog; run the extract/update steps (README, Development):\n"
    assert not missing, hint + "\n".join(missing)
    untranslated = [
        f"{marked[text]}: {text!r}"
        for text in marked
        if not all(catalog[text]["msgstr"]) or "fuzzy" in catalog[text].get("flags", set())  # type: ignore[operator,union-attr]
    ]
    assert not untranslated, "messages without a (checked) Chinese translation:\n" + "\n".join(untranslated)


def test_translations_keep_the_placeholders_of_the_original():
    # covers: UI-1
    wrong = []
    for entry in read_po(PO):
        originals = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for translated in entry["msgstr"]:  # type: ignore[attr-defined]
            if (
                translated
                and fields(translated) != fields(str(originals[-1]))
                and fields(translated) != fields(str(originals[0]))
            ):
                wrong.append(f"{entry['msgid']!r}: {fields(str(originals[0]))} vs {translated!r}")
    assert not wrong, "\n".join(wrong)


def test_the_placeholder_check_sees_a_renamed_or_dropped_placeholder():
    assert fields("revision {number} of {name!r}") != fields("{name} 的版本 {number}")
    assert fields("{seconds:g} s") != fields("{seconds} 秒")
    assert fields("revision {number} of {name!r}") == fields("{name!r} 的版本 {number}")


def test_the_shipped_mo_is_the_po_compiled():
    """The .mo ships in the wheel; editing the .po without compiling it fails here."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = read_po(PO)
    for entry in entries:
        msgstr = entry["msgstr"]
        if "msgid_plural" in entry:
            got = compiled.ngettext(str(entry["msgid"]), str(entry["msgid_plural"]), 1)
        elif "msgctxt" in entry:
            got = compiled.pgettext(str(entry["msgctxt"]), str(entry["msgid"]))
        else:
            got = compiled.gettext(str(entry["msgid"]))
        assert got == msgstr[0], f"{entry['msgid']!r}: recompile the catalog (pybabel compile)"  # type: ignore[index]
    shipped = {k for k in compiled._catalog if k}  # type: ignore[attr-defined]
    assert len(shipped) == len(entries), "the .mo holds messages the .po no longer has; recompile it"


# -- machine outputs do not change with the language -------------------------------


def cs(args: list[str], lang: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "CS_STORE")}
    environ.update(CS_LANG=lang, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "cs", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


def both(args: list[str], cwd: Path = ROOT) -> tuple[subprocess.CompletedProcess[str], ...]:
    en, zh = cs(args, "en", cwd), cs(args, "zh", cwd)
    assert en.returncode == zh.returncode, (args, en.stderr, zh.stderr)
    return en, zh


INVALID = "tests/cases/invalid/window-overlap.yaml"


def test_validate_json_and_locations_are_the_same_in_chinese():
    # covers: UI-1
    en, zh = both(["validate", INVALID, "--format", "json"])
    assert en.returncode == 1
    assert json.loads(zh.stdout) == json.loads(en.stdout)
    en, zh = both(["validate", INVALID])
    finding_lines = [line for line in en.stdout.splitlines() if line.startswith(INVALID)]
    assert finding_lines
    assert [line.split()[:3] for line in zh.stdout.splitlines()[: len(finding_lines)]] == [
        line.split()[:3] for line in finding_lines
    ]  # file:line:col, severity, rule id


def _github_structure(text: str) -> list[str]:
    return [line.rsplit("::", 1)[0] for line in text.splitlines() if line.startswith("::")]


def _junit_structure(text: str) -> list[tuple[str, dict[str, str]]]:
    root = ET.fromstring(text.split("\n", 1)[1])  # after the XML declaration
    return [(e.tag, {k: v for k, v in e.attrib.items() if k != "message"}) for e in root.iter()]


def test_github_annotations_and_junit_keep_their_structure_in_chinese():
    # covers: UI-1
    en, zh = both(["validate", INVALID, "--format", "github"])
    assert _github_structure(en.stdout) and _github_structure(zh.stdout) == _github_structure(en.stdout)
    en, zh = both(["validate", INVALID, "--format", "junit"])
    assert _junit_structure(zh.stdout) == _junit_structure(en.stdout)
    en, zh = both(["test", "examples/", "--run", "night", "--format", "junit"])
    assert en.returncode == 0
    assert _junit_structure(zh.stdout) == _junit_structure(en.stdout)
    en, zh = both(["test", "examples/", "--run", "night", "--format", "json"])
    assert json.loads(zh.stdout) == json.loads(en.stdout)


def test_diff_json_is_the_same_and_the_text_report_is_chinese(tmp_path):
    # covers: UI-1
    old = ROOT / "examples" / "full.yaml"
    new = tmp_path / "new.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("max_chats: 8", "max_chats: 9", 1), encoding="utf-8")
    en, zh = both(["diff", str(old), str(new), "--format", "json"])
    assert en.returncode == 1
    assert json.loads(zh.stdout) == json.loads(en.stdout)
    en, zh = both(["diff", str(old), str(new)])
    assert "changes (1):" in en.stdout
    assert "变更（1 项）：" in zh.stdout
    assert zh.stdout.replace("变更（1 项）：", "changes (1):") == en.stdout  # the change lines themselves are data


def test_errors_keep_the_prefix_and_exit_code_and_are_chinese(tmp_path):
    # covers: UI-1
    en, zh = both(["apply", "no-such-plan.json"], cwd=tmp_path)
    assert en.returncode == 2
    assert en.stderr.startswith("cs: error: ") and zh.stderr.startswith("cs: error: ")
    assert en.stderr == "cs: error: cannot read no-such-plan.json: No such file or directory\n"
    assert zh.stderr == "cs: error: 无法读取 no-such-plan.json：文件或目录不存在\n"  # the OS reason too
    en, zh = both(["validate", "missing.yaml", "--format", "json"], cwd=tmp_path)
    assert en.stdout == zh.stdout and "No such file or directory" in en.stdout  # JSON keeps the system's English
    assert zh.stderr.endswith("missing.yaml: 无法读取文件：文件或目录不存在\n")
    en, zh = both(["diff", "only-one.yaml"], cwd=tmp_path)
    assert en.returncode == 2
    assert zh.stderr == "cs: error: 请给出新旧两个策略文件 OLD 和 NEW（或一个 POLICY 加 --git REV 或 --store URL）\n"


def test_apply_reports_in_chinese_and_exits_the_same(tmp_path):
    # covers: UI-1
    policy = ROOT / "examples" / "full.yaml"
    store = f"sqlite:///{tmp_path / 'state.db'}"
    first = cs(["apply", str(policy), "--store", store, "--auto-approve"], "zh", tmp_path)
    assert first.returncode == 0, first.stderr
    assert "lanshan-tea：已发布版本 1（sha256:" in first.stdout
    en, zh = both(["plan", str(policy), "--store", store, "--exit-code"], cwd=tmp_path)
    assert en.returncode == 0
    assert "没有变更" in zh.stdout and "no changes" in en.stdout
    assert zh.stdout.startswith(f"lanshan-tea：线上版本 1 -> {policy}\n")
    assert en.stdout.startswith(f"lanshan-tea: live revision 1 -> {policy}\n")
    assert zh.stderr.startswith("基准：")
    en, zh = both(["plan", str(policy), "--store", store, "--format", "json"], cwd=tmp_path)
    assert json.loads(zh.stdout) == json.loads(en.stdout)
    assert json.loads(zh.stdout)["title"] == f"lanshan-tea: live revision 1 -> {policy}"
    en, zh = both(["history", "--store", store], cwd=tmp_path)
    assert zh.stdout.split()[:3] == ["策略", "版本", "发布时间"] and en.stdout.split()[:3] == [
        "name",
        "revision",
        "created_at",
    ]
    en, zh = both(["history", "--store", store, "--format", "json"], cwd=tmp_path)
    assert json.loads(zh.stdout) == json.loads(en.stdout)


def test_command_help_is_chinese():
    # covers: UI-1
    en, zh = both(["apply", "--help"])
    assert "Apply a saved plan exactly" in en.stdout
    assert "原样发布已保存的计划" in zh.stdout and "发布策略时不再询问。" in zh.stdout


def test_the_apply_confirmation_asks_in_chinese(tmp_path):
    # covers: UI-1
    import pty

    controller, terminal = pty.openpty()
    try:
        os.write(controller, b"n\n")
        environ = {k: v for k, v in os.environ.items() if k != "CS_STORE"}
        declined = subprocess.run(
            [sys.executable, "-m", "cs", "apply", str(ROOT / "examples" / "full.yaml")],
            cwd=tmp_path,
            stdin=terminal,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            env={**environ, "CS_LANG": "zh", "CS_AUTHOR": "tester", "PYTHONIOENCODING": "utf-8"},
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert declined.returncode == 1, declined.stderr
    assert "把这些变更发布到 sqlite:" in declined.stdout
    assert "[y/N]" in declined.stdout


# -- validation in Chinese (issue 12: messages, summaries, cs rules) -----------------

BROKEN = """\
version: 1
name: shop
timezone: Asia/Shanghai
hours:
  mon: ["09:00-12:00", "11:00-18:00"]
agents:
  - {id: a, teams: [presale], max_chats: 900}
  - {id: a}
offline: {destination: proxy}
quick_replies:
  - {id: q1, keywords: [ship], text: {zh: x}}
  - {id: q2, keywords: [ship], text: {zh: y}}
"""
"""A policy that breaks window-overlap, unknown-reference, capacity-range,
duplicate-id, offline-destination-account (errors) and
quick-reply-duplicate-keyword (a warning)."""


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _validate(paths: list[Path], fmt: str) -> str:
    from cs.report.findings import report
    from cs.validate import validate_paths

    return report(validate_paths(paths), fmt)


@pytest.fixture
def broken_files(tmp_path: Path) -> list[Path]:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    colon = tmp_path / "colon.yaml"
    colon.write_text("version: 1\nname： shop\n", encoding="utf-8")
    schema = tmp_path / "schema.yaml"
    schema.write_text("version: 1\nname: shop\ntimezone: Asia/Shangai\nhourz: {}\n", encoding="utf-8")
    return [broken, colon, schema, tmp_path / "missing.yaml"]


def test_validate_text_is_chinese_with_the_same_places_rule_ids_and_severities(language, broken_files):
    # covers: UI-1, OPS-1
    english = _validate(broken_files, "text").splitlines()
    language("zh")
    chinese = _validate(broken_files, "text").splitlines()
    assert len(chinese) == len(english) > 8
    rules = set()
    for en_line, zh_line in zip(english[:-1], chinese[:-1], strict=True):
        place, severity, rule, en_message = en_line.split(" ", 3)
        assert zh_line.split(" ", 3)[:3] == [place, severity, rule]  # file:line:col, severity, rule id
        zh_message = zh_line.split(" ", 3)[3]
        assert _has_chinese(zh_message) and not _has_chinese(en_message), zh_line
        rules.add(rule)
    assert {"window-overlap", "unknown-reference", "capacity-range", "duplicate-id", "yaml", "schema"} <= rules
    assert {"offline-destination-account", "quick-reply-duplicate-keyword", "timezone-unknown"} <= rules
    assert english[-1] == "8 errors, 1 warning in 3 files; 1 unreadable"
    assert chinese[-1] == "3 个文件中有 8 个错误、1 个警告；1 个无法读取"


def test_validate_json_is_byte_for_byte_english_in_chinese(language, broken_files):
    # covers: UI-1
    english = _validate(broken_files, "json")
    language("zh")
    chinese = _validate(broken_files, "json")
    assert chinese == english
    unreadable = json.loads(chinese)["files"][-1]["error"]
    assert unreadable.endswith("missing.yaml: cannot read the file: No such file or directory")


def test_annotations_and_junit_messages_are_chinese(language, broken_files):
    # covers: UI-1
    language("zh")
    annotations = _validate(broken_files, "github").splitlines()
    assert annotations[-1].startswith("::error file=") and ",title=unreadable::" in annotations[-1]
    assert all(_has_chinese(line.rsplit("::", 1)[1]) for line in annotations)
    junit = ET.fromstring(_validate(broken_files, "junit").split("\n", 1)[1])
    failures = [e for e in junit.iter() if e.tag in ("failure", "error")]
    assert failures and all(_has_chinese(e.get("message", "")) for e in failures)


def test_a_policy_with_errors_is_refused_in_chinese(language, tmp_path):
    # covers: UI-1
    from cs.errors import InvalidPolicyError
    from cs.validate import load_policy

    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    language("zh")
    with pytest.raises(InvalidPolicyError) as refused:
        load_policy(path)
    first = f"{path}:5:8: window-overlap: 时间段 09:00-12:00 和 11:00-18:00 重叠；请合并成一个时间段"
    assert str(refused.value) == f"{path} 有 5 个错误；请先对它运行 `cs validate`。第一个：{first}"


def test_cs_rules_documents_every_rule_in_chinese_with_the_same_ids(language):
    # covers: UI-1, OPS-1
    from typer.testing import CliRunner

    from cs.cli import app

    english = CliRunner().invoke(app, ["rules"]).output.strip().split("\n\n")
    language("zh")
    chinese = CliRunner().invoke(app, ["rules"]).output.strip().split("\n\n")
    assert len(chinese) == len(english) > 20
    for en_entry, zh_entry in zip(english, chinese, strict=True):
        en_head, en_doc = en_entry.split("\n")
        zh_head, zh_doc = zh_entry.split("\n")
        assert zh_head == en_head  # rule id, severity, feature ids
        assert _has_chinese(zh_doc) and zh_doc != en_doc, zh_entry
    assert (
        "duplicate-id (error) [AG-1]\n    两个客服、客服分组、排班、例外日期或快捷回复用了同一个 id。"
        in "\n\n".join(chinese)
    )


def test_the_extractor_sees_the_documentation_of_every_registered_rule():
    # covers: UI-1
    import inspect

    import cs.rules  # noqa: F401
    from cs.rules.registry import RULES

    extracted = {doc for path in (PACKAGE / "rules").glob("*.py") for _, doc in rule_docstrings(path.read_text())}
    assert len(RULES) > 20
    assert {inspect.getdoc(r.check) for r in RULES.values()} <= extracted
    assert not list(rule_docstrings("def rule(): pass\n@command\ndef f():\n    'help'\n"))


def test_a_sentence_inside_a_sentence_is_english_in_english_and_translated_in_translation(language):
    # covers: UI-1
    from cs.i18n.message import message, verbatim

    language("zh")
    problem = message(i18n.N_("unknown key {key}; {hint}"), key="'x'", hint=message(i18n.N_("full-width colon")))
    assert problem.english == "unknown key 'x'; full-width colon"
    assert problem.shown == "未知的键 'x'；全角冒号"
    assert message("{literal} braces stay").shown == "{literal} braces stay"
    assert verbatim("No such file").shown == "No such file"


# -- the Chinese docs: their validate examples run, every section is introduced -------------

CHINESE_DOCS = [ROOT / "README.zh-CN.md", ROOT / "docs" / "policy.zh-CN.md"]


def _shop_example(page: Path) -> tuple[str, list[str], list[str]]:
    """The ``# shop.yaml`` block of a page, and the ``cs validate shop.yaml`` command shown
    after it with its output lines."""
    import re
    import shlex

    text = page.read_text(encoding="utf-8")
    [policy] = re.findall(r"```yaml\n(# shop\.yaml\n.*?)```", text, re.S)
    [console] = [b for b in re.findall(r"```console\n(.*?)```", text, re.S) if "cs validate shop.yaml" in b]
    command, *shown = console.strip().splitlines()
    args = [a for a in shlex.split(command.removeprefix("$ ")) if "=" not in a]
    assert args[0] == "cs"
    return policy, args[1:], shown


@pytest.mark.parametrize("page", CHINESE_DOCS, ids=lambda p: p.name)
def test_the_chinese_docs_show_what_cs_validate_says_in_chinese(page, language, tmp_path, monkeypatch):
    # covers: UI-1, UI-3, OPS-1
    from typer.testing import CliRunner

    from cs.cli import app

    policy, args, shown = _shop_example(page)
    (tmp_path / "shop.yaml").write_text(policy, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    language("zh")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert result.output.splitlines() == shown


def test_the_chinese_policy_guide_introduces_every_section_of_the_reference():
    # covers: UI-1
    import re

    reference = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "policy.zh-CN.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", reference, flags=re.MULTILINE)
    anchors = [re.sub(r"[^a-z0-9_ -]", "", h.lower()).replace(" ", "-") for h in headings]
    assert "version-name-timezone" in anchors and "rule-reference" in anchors
    links = set(re.findall(r"\(policy\.md#([a-z0-9_-]+)\)", guide))
    assert links == set(anchors)
    assert "(policy.zh-CN.md)" in reference
    assert "(docs/policy.zh-CN.md)" in (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")


def test_validate_schema_and_rules_options_are_chinese():
    # covers: UI-1
    en, zh = both(["validate", "--help"])
    assert "Warnings fail too (exit 1)." in en.stdout
    assert "警告也算不通过（退出码 1）。" in zh.stdout and "跳过匹配 GLOB 的文件或目录（可重复）。" in zh.stdout
    en, zh = both(["schema", "nope"])
    assert en.returncode == 2
    assert zh.stderr == "cs: error: 没有名为 'nope' 的 schema；可选：policy, scenario, policytest\n"


# -- the descriptions of the published schemas ---------------------------------


def test_the_extractor_sees_every_description_of_every_published_schema():
    # covers: UI-1
    descriptions = dict(published_schema_descriptions())
    assert len(descriptions) > 300
    policy = json.loads((ROOT / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
    off = policy["$defs"]["message"]["properties"]["enabled"]["description"]
    assert descriptions["policy.schema.json#/$defs/message/properties/enabled"] == off
    assert "policytest.schema.json#" in descriptions  # the document's own
    assert any(where.startswith("scenario.schema.json#/$defs/") for where in descriptions)


def test_the_babel_extraction_of_cs_schema_brings_the_descriptions():
    # covers: UI-1
    pytest.importorskip("babel")
    from cs.i18n.extract import extract_schema_module

    source = (PACKAGE / "schema.py").read_bytes()
    import io

    found = {message for _, _, message, _ in extract_schema_module(io.BytesIO(source), {"_": None, "N_": None}, [], {})}
    assert "{value} is not valid here: {description}" in found  # the module's own messages
    assert {text for _, text in published_schema_descriptions()} <= found


def test_a_chinese_schema_finding_quotes_the_description_translated_and_json_stays_english(language, tmp_path):
    # covers: UI-1, OPS-1
    path = tmp_path / "p.yaml"
    path.write_text(
        "version: 1\nname: shop\ntimezone: Asia/Shanghai\nmessages:\n  welcome: {enabled: off-ish}\n"
        "routing: {mode: fastest}\n",
        encoding="utf-8",
    )
    english_json = _validate([path], "json")
    english = _validate([path], "text")
    assert "is not valid here: Whether this message is sent." in english
    language("zh")
    chinese = _validate([path], "text")
    assert '"off-ish" 不能写在这里：是否发送这条消息。' in chinese, chinese
    assert "条件相同时分给排在前面的客服。（可选值：least_loaded, round_robin, customer_choice）" in chinese
    assert not any(sentence in chinese for sentence in ("Whether this message", "(default; 接待余量"))
    assert _validate([path], "json") == english_json


# -- operating-system reasons, command-line ranges, cs test --------------------


def test_common_os_reasons_are_translated_by_errno_and_others_are_the_systems(language):
    # covers: UI-1
    import errno

    from cs.i18n.oserror import os_reason

    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "x.yaml")
    denied = PermissionError(errno.EACCES, "Permission denied", "x.yaml")
    odd = OSError(errno.EXDEV, "Invalid cross-device link")
    reworded = OSError(errno.ENOENT, "The system cannot find the file specified")
    assert os_reason(missing).shown == "No such file or directory"
    language("zh")
    assert (os_reason(missing).english, os_reason(missing).shown) == ("No such file or directory", "文件或目录不存在")
    assert os_reason(denied).shown == "没有权限"
    assert os_reason(odd).shown == os_reason(odd).english == "Invalid cross-device link"  # not in the catalog
    assert os_reason(reworded).shown == "The system cannot find the file specified"  # another system's words
    assert os_reason(OSError("no errno")).shown == "no errno"


@pytest.mark.parametrize(
    ("args", "english", "chinese"),
    [
        (
            ["simulate", "examples/full.yaml", "--day", "0001-01-01"],
            "--day '0001-01-01' is outside the days cs supports (1970-01-01 to 2099-12-31)",
            "--day '0001-01-01' 超出了 cs 支持的日期范围",
        ),
        (
            ["calendar", "examples/full.yaml", "--from", "2026-10-10", "--to", "2026-10-01"],
            "--to is before --from",
            "--to 早于 --from",
        ),
        (
            ["calendar", "examples/full.yaml", "--from", "2026-01-01", "--to", "2046-01-01"],
            "at most ten years at a time",
            "一次最多十年",
        ),
        (
            ["simulate", "examples/full.yaml", "--day", "2026-11-23", "--bom"],
            "--bom goes with --format csv",
            "--bom 只能与 --format csv 一起使用",
        ),
    ],
)
def test_command_line_range_errors_are_one_chinese_line(args, english, chinese):
    # covers: UI-1, OPS-2, OPS-3
    en, zh = both(args, cwd=ROOT)
    assert en.returncode == zh.returncode == 2
    assert en.stderr == f"cs: error: {english}\n"
    assert zh.stderr.startswith(f"cs: error: {chinese}") and zh.stderr.count("\n") == 1, zh.stderr


FAILING_TEST = """\
policy: full.yaml
tests:
  - name: national day
    at: 2026-10-01T10:00
    expect:
      rule: {kind: holiday, ref: Spring Festival}
      agents_online: {min: 2, contains: [zhang.san]}
      reply: {kind: welcome}
  - name: a monday
    simulate: {day: 2026-11-23, visitors: [{id: v1, at: "10:00"}]}
    expect:
      events:
        - {kind: offline_message, count: 2}
        - {kind: agent_online, agent: guo.peng, at: "03:00", count: {min: 3}}
"""


def test_cs_test_failures_read_chinese_and_its_json_is_the_english_runs(tmp_path):
    # covers: UI-1, OPS-7
    import shutil

    shutil.copy(ROOT / "examples" / "full.yaml", tmp_path / "full.yaml")
    (tmp_path / "shop.test.yaml").write_text(FAILING_TEST, encoding="utf-8")
    en, zh = both(["test", "shop.test.yaml"], cwd=tmp_path)
    assert en.returncode == zh.returncode == 1
    assert "agents_online  >= 2" in en.stdout and "[] (0 items)" in en.stdout
    assert "  FAIL  national day" in en.stdout and "  失败  national day" in zh.stdout
    for shown in (
        "[]（0 项）",
        '包含 "zhang.san"',
        "reply.kind",
        "恰好 2 个 {kind: offline_message} 事件",
        "至少 3 个 {kind: agent_online, agent: guo.peng, at: 03:00} 事件",
        "匹配 0 个",
    ):
        assert shown in zh.stdout, shown
    for english in ("items)", "contains", "exactly", "at least", "matching"):
        assert english not in zh.stdout, english
    en_json, zh_json = both(["test", "shop.test.yaml", "--format", "json"], cwd=tmp_path)
    assert zh_json.stdout == en_json.stdout
    failures = [x for f in json.loads(en_json.stdout)["files"] for t in f["tests"] for x in t["failures"]]
    assert {"key": "agents_online", "expected": 'contains "zhang.san"', "actual": "[]", "line": 7} in failures
    _, github = both(["test", "shop.test.yaml", "--format", "github"], cwd=tmp_path)
    assert '::rule.ref：预期 "Spring Festival"，实际 "National Day"' in github.stdout


def test_a_broken_test_file_is_refused_in_chinese(tmp_path):
    # covers: UI-1, OPS-7
    (tmp_path / "shop.test.yaml").write_text(
        "policy: missing.yaml\ntests:\n  - {name: t, at: 2026-10-01T10:00, expect: {open: true}}\n", encoding="utf-8"
    )
    en, zh = both(["test", "shop.test.yaml"], cwd=tmp_path)
    assert en.returncode == zh.returncode == 2
    assert "policy missing.yaml: cannot read the file: No such file or directory" in en.stdout + en.stderr
    assert "策略 missing.yaml：" in zh.stdout + zh.stderr


def test_a_value_whose_schema_has_no_description_is_explained_in_chinese_too(language, tmp_path):
    # covers: UI-1, ENT-1
    path = tmp_path / "p.yaml"
    path.write_text("version: 1\nname: shop\ntimezone: Asia/Shanghai\nentry_points: [homepage]\n", encoding="utf-8")
    english = _validate([path], "text")
    english_json = _validate([path], "json")
    allowed = "['product_detail', 'order_detail', 'member_centre']"
    assert f"\"homepage\" is not valid here: 'homepage' is not one of {allowed}" in english  # jsonschema's words
    language("zh")
    chinese = _validate([path], "text")
    assert '"homepage" 不能写在这里：只能是以下之一：product_detail, order_detail, member_centre' in chinese
    assert _validate([path], "json") == english_json

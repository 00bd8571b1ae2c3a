"""Full-width punctuation from a Chinese keyboard gets a message naming it and the fix (UI-3)."""

# covers: UI-3, OPS-1

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import policy_yaml
from cs.cli import app
from cs.errors import LoadError
from cs.load import yaml_loader
from cs.load.fullwidth import MESSAGES, value_hint
from cs.load.yaml_loader import load_text
from cs.validate import validate_document


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "libyaml" and not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    monkeypatch.setattr(yaml_loader, "_Composer", yaml_loader._composer_class(request.param == "libyaml"))
    yield request.param


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("version: 1\nname：shop\ntimezone: Asia/Shanghai\n", (2, 5)),
        ("name：shop\n", (1, 5)),
        ("version: 1\nname: shop\ntimezone：Asia/Shanghai\n", (3, 9)),
        ("version: 1\nhours:\n  mon：[09:00-18:00]\n  tue: closed\n", (3, 6)),
    ],
)
def test_a_full_width_colon_after_a_key_is_named_where_typed(parser: str, text: str, at: tuple[int, int]) -> None:
    with pytest.raises(LoadError) as caught:
        load_text(text, "shop.yaml")
    assert (caught.value.line, caught.value.col) == at
    message = str(caught.value)
    assert "full-width colon '：' (U+FF1A) where YAML needs the ASCII ':' followed by a space" in message
    assert "half-width" in message


def findings(body: str) -> list[tuple[int, str, str]]:
    result = validate_document(load_text(policy_yaml(body), "shop.yaml"))
    return [(f.line, f.rule, f.message) for f in result.findings]


@pytest.mark.parametrize(
    ("body", "rule", "named", "fixed"),
    [
        ("hours:\n  mon: [09：00－18：00]\n", "window-invalid", "full-width colon '：' (U+FF1A)", "'09:00-18:00'"),
        ("hours:\n  mon: [09:00－18:00]\n", "window-invalid", "full-width hyphen '－' (U+FF0D)", "'09:00-18:00'"),
        ("hours:\n  mon: [09:00～18:00]\n", "window-invalid", "full-width tilde '～' (U+FF5E)", "'09:00-18:00'"),
        (
            "hours:\n  mon: [09:00-12:00，13:00-18:00]\n",
            "window-invalid",
            "full-width comma '，' (U+FF0C)",
            "'09:00-12:00, 13:00-18:00'",
        ),
        ("teams: [{id: x}, {id: y}]\nagents: [{id: a, teams: [x，y]}]\n", "schema", "full-width comma", "'x, y'"),
        ("offline:\n  delay：5m\n", "schema", "full-width colon", "'delay: 5m'"),
        ("hours:\n\u3000mon: closed\n", "schema", "full-width space '\u3000' (U+3000)", "'mon'"),
    ],
)
def test_a_refused_value_names_the_character_and_shows_the_value_as_meant(
    body: str, rule: str, named: str, fixed: str
) -> None:
    hits = [message for _, hit_rule, message in findings(body) if hit_rule == rule and named in message]
    assert hits, findings(body)
    assert f"write {fixed}" in hits[0]


def test_ascii_values_get_no_hint_and_the_words_live_in_one_table() -> None:
    assert value_hint("09:00-18:00") is None
    assert all("：" not in message for _, _, message in findings("hours:\n  mon: [9:00-18:00]\n"))
    assert {"colon", "comma", "hyphen", "tilde", "space", "yaml", "value"} <= MESSAGES.keys()


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in Chinese for one test (UI-1), English again afterwards."""
    from cs import i18n

    monkeypatch.setenv("CS_LANG", "zh")
    i18n.reset()
    yield
    monkeypatch.setenv("CS_LANG", "en")
    i18n.reset()


def test_a_full_width_colon_after_a_key_is_named_with_its_fix_in_chinese(parser: str, chinese: None) -> None:
    # covers: UI-1
    with pytest.raises(LoadError) as caught:
        load_text("version: 1\nname：shop\n", "shop.yaml")
    assert (caught.value.line, caught.value.col) == (2, 5)
    assert str(caught.value) == (
        "shop.yaml:2:5: YAML 语法错误：这里是全角冒号“：”（U+FF1A），YAML 需要的是英文半角的 ':'，"
        "后面再加一个空格（key: value）；请把输入法切换到半角（英文）后重新输入"
    )
    assert caught.value.text.english.startswith("YAML syntax error: full-width colon '：' (U+FF1A) where YAML")


@pytest.mark.parametrize(
    ("body", "named", "ascii", "fixed"),
    [
        ("hours:\n  mon: [09：00－18：00]\n", "全角冒号“：”（U+FF1A）", ":", "'09:00-18:00'"),
        ("hours:\n  mon: [09:00－18:00]\n", "全角连字符“－”（U+FF0D）", "-", "'09:00-18:00'"),
        ("hours:\n  mon: [09:00～18:00]\n", "全角波浪号“～”（U+FF5E）", "-", "'09:00-18:00'"),
        ("hours:\n  mon: [09:00-12:00，13:00-18:00]\n", "全角逗号“，”（U+FF0C）", ",", "'09:00-12:00, 13:00-18:00'"),
    ],
)
def test_a_refused_value_names_the_character_and_the_fix_in_chinese_and_json_stays_english(
    chinese: None, body: str, named: str, ascii: str, fixed: str
) -> None:
    # covers: UI-1
    result = validate_document(load_text(policy_yaml(body), "shop.yaml"))
    [finding] = [f for f in result.findings if f.rule == "window-invalid"]
    assert "不是时间段；请写成 HH:MM-HH:MM，例如 09:00-18:00；" in finding.shown
    assert finding.shown.endswith(f"；这里是{named}，cs 需要的是英文半角的 '{ascii}'；应写成 {fixed}")
    assert finding.message.endswith(f"where cs needs the ASCII '{ascii}'; write {fixed}")
    assert "is not a time window; write HH:MM-HH:MM" in finding.message
    assert finding.as_dict()["message"] == finding.message


@pytest.mark.parametrize(
    ("text", "english", "in_chinese"),
    [
        (
            "version: 1\nname: shop\n  timezone: x\n",
            "YAML syntax error: mapping values are not allowed",
            "YAML 语法错误：这里不能写映射的值（检查冒号和缩进）",
        ),
        (
            "version: 1\nversion: 2\n",
            "duplicate key 'version' at line 2 (first at line 1); keep one",
            "第 2 行的键 'version' 重复了（第一次出现在第 1 行）；只保留一个",
        ),
        ("a: &x 1\nb: *y\n", "YAML syntax error: found undefined alias 'y'", "YAML 语法错误：别名 'y' 没有定义"),
        (
            "version: 1\nhours:\n\tmon: closed\n",
            "YAML syntax error: a tab cannot indent",
            "YAML 语法错误：制表符（Tab）不能用来缩进",
        ),
    ],
)
def test_yaml_problems_read_in_chinese_on_either_parser(
    parser: str, chinese: None, text: str, english: str, in_chinese: str
) -> None:
    # covers: UI-1
    with pytest.raises(LoadError) as caught:
        load_text(text, "shop.yaml")
    assert caught.value.text.english.startswith(english)
    assert caught.value.text.shown.startswith(in_chinese)
    assert str(caught.value).startswith(f"shop.yaml:{caught.value.line}:{caught.value.col}: {in_chinese}")


# -- options and shift files: the same hint as policies and scenarios ---------------------------


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


FULL = str(Path(__file__).resolve().parents[1] / "examples" / "full.yaml")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["explain", FULL, "--at", "2026-11-23T20：05"],
            "--at '2026-11-23T20：05' is not a date and time: "
            "full-width colon '：' (U+FF1A) where cs needs the ASCII ':'; write '2026-11-23T20:05'",
        ),
        (
            ["simulate", FULL, "--day", "2026－11－23"],
            "--day '2026－11－23' is not a date: "
            "full-width hyphen '－' (U+FF0D) where cs needs the ASCII '-'; write '2026-11-23'",
        ),
    ],
)
def test_a_full_width_character_in_a_date_option_is_named(args: list[str], expected: str) -> None:  # covers: UI-3
    assert _cli(*args) == (2, f"cs: error: {expected}\n")


def test_a_full_width_colon_in_a_shift_window_is_named(tmp_path: Path) -> None:  # covers: UI-3, OPS-8
    shifts = tmp_path / "shifts.yaml"
    shifts.write_text('shifts:\n  - id: day\n    hours: ["09：00-17:00"]\n', encoding="utf-8")
    forecast = str(Path(FULL).parent / "scenarios" / "double-11.json")
    targets = ["--service-level", "0.8", "--within", "20s", "--shifts", str(shifts)]
    code, err = _cli("staff", FULL, "--day", "2026-11-11", "--scenario", forecast, *targets)
    assert code == 2
    assert err.splitlines()[1].startswith(f"{shifts}:3:13: '09：00-17:00' is not a window HH:MM-HH:MM (")
    assert err.splitlines()[1].endswith(
        "; full-width colon '：' (U+FF1A) where cs needs the ASCII ':'; write '09:00-17:00'"
    )

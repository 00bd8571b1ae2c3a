"""The words typer and click print themselves, in Chinese under zh (UI-1).

``cs.i18n.libtext`` routes them through cs's catalog by replacing names inside
typer and its vendored click. These checks run the real ``cs`` so that a typer
release that renames one of those names turns the help or an error back to
English and fails here, not silently; under English the output is typer's own.
"""

from __future__ import annotations

import pytest

from cs import i18n
from cs.i18n import libtext
from test_i18n import ROOT, both, cs

ENGLISH_ONLY = ("Usage:", "Options", "Arguments", "Commands", "Show this message and exit.", "[required]", "[default:")


def test_cs_help_is_chinese_under_zh_and_typers_english_otherwise():
    # covers: UI-1
    en, zh = both(["--help"])
    assert en.returncode == zh.returncode == 0
    assert en.stdout.startswith("Usage: cs [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nOptions:\n" in en.stdout and "\nCommands:\n" in en.stdout
    assert "Show this message and exit." in en.stdout
    assert "Install completion for the current shell." in en.stdout
    assert zh.stdout.startswith("用法： cs [OPTIONS] COMMAND [ARGS]...\n")
    assert "\n选项：\n" in zh.stdout and "\n命令：\n" in zh.stdout
    assert "-h, --help                   显示此帮助并退出。\n" in zh.stdout
    assert "为当前 shell 安装命令补全。" in zh.stdout
    assert "[默认：auto]" in zh.stdout
    for english in (*ENGLISH_ONLY, "Install completion", "Show completion"):
        assert english not in zh.stdout, english


def test_a_command_help_names_required_and_default_in_chinese():
    # covers: UI-1, OPS-3
    en, zh = both(["simulate", "--help"])
    assert en.returncode == zh.returncode == 0
    assert en.stdout.startswith("Usage: cs simulate [OPTIONS] ")
    assert "\nArguments:\n  POLICY  The policy file.  [required]\n" in en.stdout
    assert "Output format.  [default: table]" in en.stdout
    assert zh.stdout.startswith("用法： cs simulate [OPTIONS] ")
    assert "\n参数：\n" in zh.stdout and "[必填]" in zh.stdout
    assert "[默认：table]" in zh.stdout and "[默认：1]" in zh.stdout
    # the option names, metavars and choices are what a person types: never translated
    terms = [line.split("  ")[1] for line in en.stdout.splitlines() if line.startswith("  -")]
    assert any(term.startswith("-f, --format") for term in terms)
    for term in terms:
        assert term in zh.stdout, term
    for english in ENGLISH_ONLY:
        assert english not in zh.stdout, english


@pytest.mark.parametrize(
    ("args", "english", "chinese"),
    [
        (["simulate", "examples/full.yaml"], "Missing option '--day'.", "缺少选项 '--day'。"),
        (
            ["simulate", "examples/full.yaml", "--zzz", "2026-11-23"],
            "No such option: --zzz",
            "没有这个选项：--zzz",
        ),
        (
            ["simulate", "examples/full.yaml", "--day", "2026-11-23", "--format", "x"],
            "Invalid value for '--format' / '-f': 'x' is not one of 'table', 'json', 'jsonl', 'csv', 'markdown'.",
            "'--format' / '-f' 的值无效：'x' 不是可选的值，可选：'table', 'json', 'jsonl', 'csv', 'markdown'。",
        ),
        (
            ["simulate", "examples/full.yaml", "--day", "2026-11-23", "--seed", "-1"],
            "Invalid value for '--seed': -1 is not in the range x>=0.",
            "'--seed' 的值无效：-1 超出了允许的范围 x>=0。",
        ),
        (
            ["simulate", "examples/full.yaml", "extra", "--day", "2026-11-23"],
            "Got unexpected extra argument(s) (extra)",
            "多出了参数（extra）",
        ),
    ],
)
def test_usage_errors_are_chinese_under_zh_and_typers_english_otherwise(args, english, chinese):
    # covers: UI-1
    en, zh = both(args)
    assert en.returncode == zh.returncode == 2
    assert en.stdout == zh.stdout == ""
    usage = en.stderr.split("\n")[0]  # typer's metavars: {POLICY} since typer 0.28, POLICY before
    assert usage.startswith("Usage: cs simulate [OPTIONS] ")
    assert en.stderr == f"{usage}\nTry 'cs simulate -h' for help.\n\nError: {english}\n"
    assert zh.stderr == f"用法：{usage[len('Usage:') :]}\n请运行 'cs simulate -h' 查看帮助。\n\n错误：{chinese}\n"


def test_an_unknown_command_and_an_option_without_its_value_are_chinese():
    # covers: UI-1
    zh = cs(["nope"], "zh", ROOT)
    assert zh.returncode == 2
    assert zh.stderr.endswith("请运行 'cs -h' 查看帮助。\n\n错误：没有这个命令：'nope'。\n"), zh.stderr
    zh = cs(["simulate", "examples/full.yaml", "--day"], "zh", ROOT)
    assert zh.returncode == 2
    assert zh.stderr == "错误：选项 '--day' 需要一个值。\n"


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setenv("CS_LANG", "zh")
    i18n.reset()
    yield
    monkeypatch.setenv("CS_LANG", "en")
    i18n.reset()


def test_an_error_line_click_wrote_from_no_known_template_is_left_as_it_is(chinese):
    # covers: UI-1
    assert libtext.translate_error_line("Error: something typer says") == "错误：something typer says"
    assert libtext.translate_error_line("cs: error: --bom goes with --format csv") == (
        "cs: error: --bom goes with --format csv"
    )


def test_an_error_inside_an_error_is_translated_too(chinese):
    # covers: UI-1
    line = "Error: Invalid value for '--days': 0 is not in the range 1<=x<=366."
    assert libtext.translate_error_line(line) == "错误：'--days' 的值无效：0 超出了允许的范围 1<=x<=366。"
    line = "Error: No such option: --dya (Possible options: --day, --days)"
    assert libtext.translate_error_line(line) == "错误：没有这个选项：--dya（可用的选项：--day, --days）"


def test_a_misspelt_option_is_told_its_close_names_in_chinese():
    # covers: UI-1
    en, zh = both(["simulate", "examples/full.yaml", "--dya", "2026-11-23"])
    assert en.returncode == zh.returncode == 2
    assert "Error: No such option: --dya" in en.stderr
    assert "错误：没有这个选项：--dya" in zh.stderr and "No such option" not in zh.stderr


def test_the_help_of_typers_own_options_keeps_what_follows_it(chinese):
    # covers: UI-1
    assert libtext.option_help("Show this message and exit.") == "显示此帮助并退出。"
    assert libtext.option_help("Show this message and exit.  [default: x]") == "显示此帮助并退出。  [default: x]"
    assert libtext.option_help("Show this message and exit, then more.") == "Show this message and exit, then more."


def test_installing_twice_wraps_once():
    # covers: UI-1
    import typer._click.formatting as formatting

    import cs.cli.app  # noqa: F401  (installs, as every cs run does)

    before = formatting.HelpFormatter.write_usage
    libtext.install()
    assert formatting.HelpFormatter.write_usage is before
    assert getattr(before, "_cs_libtext", False)


def test_a_bad_answer_to_a_yes_no_question_is_told_in_chinese(chinese):
    # covers: UI-1, OPS-5 (cs apply asks before it applies)
    import typer
    from typer.testing import CliRunner

    import cs.cli.app  # noqa: F401  (installs, as every cs run does)

    asker = typer.Typer()

    @asker.command()
    def ask() -> None:
        typer.echo("yes" if typer.confirm("应用吗？", default=False) else "no")

    result = CliRunner().invoke(asker, [], input="x\nn\n")
    assert result.exit_code == 0
    assert "错误：输入无效" in result.output and "invalid input" not in result.output
    assert result.output.rstrip().endswith("no")

"""Shared helpers: policies from inline YAML, one-line finding checks."""

from __future__ import annotations

import os
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from cs import i18n
from cs.load.yaml_loader import load_text
from cs.model.policy import Policy
from cs.validate import Validation, validate_document

# The tests quote English output: a developer whose locale is Chinese runs them in
# English too (tests/test_i18n.py switches the language where it means to, UI-1).
os.environ["CS_LANG"] = "en"

HEADER = "version: 1\nname: test\ntimezone: {tz}\n"


def policy_yaml(body: str = "", tz: str = "Asia/Shanghai") -> str:
    return HEADER.format(tz=tz) + textwrap.dedent(body)


def validation(body: str = "", tz: str = "Asia/Shanghai") -> Validation:
    return validate_document(load_text(policy_yaml(body, tz), "test.yaml"))


def policy(body: str = "", tz: str = "Asia/Shanghai") -> Policy:
    result = validation(body, tz)
    assert not result.errors, [f"{f.location} {f.rule} {f.message}" for f in result.errors]
    assert result.policy is not None
    return result.policy


def rules_hit(body: str, tz: str = "Asia/Shanghai") -> set[tuple[int, str]]:
    """(line, rule id) of every finding; lines count the 3-line header."""
    return {(f.line, f.rule) for f in validation(body, tz).findings}


def local(p: Policy, text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=p.tz)


@pytest.fixture
def write(tmp_path: Path):
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def language(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Switch the language of this process for one test (it starts in English), then
    back to English."""

    def switch(value: str) -> None:
        monkeypatch.setenv("CS_LANG", value)
        i18n.reset()

    switch("en")
    yield switch
    monkeypatch.setenv("CS_LANG", "en")
    i18n.reset()

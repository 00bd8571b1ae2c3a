"""The deploy commands end to end: diff, plan, apply, history, show, rollback, unlock.

Every test taking ``store_url`` runs on SQLite (a file in tmp_path) and on
PostgreSQL (a fresh schema per test in the database CS_TEST_POSTGRES_URL names;
`. .ci/postgres.sh` starts one). The backends and the raw-SQL helper come from
tests/test_store.py, so the PostgreSQL cases skip without a server, except under
CI, where they fail. Commands run through typer's CliRunner; concurrency and
crashes run real ``python -m cs`` processes.
"""

# covers: OPS-4, OPS-5, OPS-6

from __future__ import annotations

import hashlib
import json
import os
import pty
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import policy_yaml
from cs.cli import app
from cs.digest import canonical_json, document_hash
from cs.errors import ConflictError
from cs.model.canonical import to_document
from cs.plan import APPLY_LOCK_SECONDS, PLAN_FORMAT, make_plan, read_plan
from cs.store import LockHeldError, open_store
from cs.store.url import parse_store_url
from cs.validate import load_policy
from test_store import (  # the same backends and raw SQL as the store tests
    BACKENDS,
    START,
    FrozenClock,
    backend_url,
    parse_password,
    postgres_base_url,
    raw_sql,
)

NAME = "test"  # the policy name policy_yaml() writes

BASE = """
hours:
  mon: ["09:00-18:00"]
  tue: ["09:00-18:00"]
agents:
  - {id: alice, max_chats: 5}
  - {id: bob, max_chats: 5}
messages:
  languages: [zh]
"""

runner = CliRunner()


def version(max_chats: int) -> str:
    """The test policy with alice's capacity set: one number, one distinct revision."""
    return policy_yaml(BASE.replace("{id: alice, max_chats: 5}", f"{{id: alice, max_chats: {max_chats}}}"))


def cs(*args: object, env: dict[str, str | None] | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)


def ok(*args: object, env: dict[str, str | None] | None = None) -> Result:
    result = cs(*args, env=env)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def target_hash(path: Path) -> str:
    return document_hash(to_document(load_policy(path)))


def revisions(url: str, name: str = NAME) -> list[tuple[int, str]]:
    with open_store(url) as store:
        return [(r.number, r.hash) for r in reversed(store.history(name))]


def lock_rows(url: str) -> int:
    return int(raw_sql(url, "SELECT COUNT(*) FROM cs_locks")[0][0])


def edit_live_document(url: str, change: Any) -> None:
    """Change the live document behind cs's back, keeping its stored hash."""
    (text,) = raw_sql(url, f"SELECT document FROM cs_revisions WHERE name = '{NAME}' ORDER BY revision DESC LIMIT 1")[0]
    document = change(json.loads(text))
    new = (document if isinstance(document, str) else canonical_json(document)).replace("'", "''")
    raw_sql(url, f"UPDATE cs_revisions SET document = '{new}' WHERE name = '{NAME}'")


def alice_capacity(document: dict[str, Any], value: int = 3) -> dict[str, Any]:
    next(a for a in document["agents"] if a["id"] == "alice")["max_chats"] = value
    return document


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty store: a SQLite file in tmp_path, or a fresh PostgreSQL schema (dropped after)."""
    with backend_url(backend, tmp_path) as url:
        yield url


@pytest.fixture(autouse=True)
def quiet_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A fixed author, no store from the developer's shell, and tmp_path as the working
    directory, so a default store `.cs/state.db` can only ever appear there."""
    monkeypatch.setenv("CS_AUTHOR", "tester")
    monkeypatch.delenv("CS_STORE", raising=False)
    monkeypatch.chdir(tmp_path)


# -- plan ------------------------------------------------------------------------


def test_a_bad_plan_file_is_refused_before_the_store_is_opened(write, tmp_path):
    bad = write("plan.json", '{"format": "cs-plan/1"}')
    db = tmp_path / "never.db"
    result = cs("apply", bad, "--store", f"sqlite:///{db}")
    assert result.exit_code == 2 and result.stderr.startswith(
        f"cs: error: {bad}: malformed plan file (missing field policy, store_id, store, base_revision, "
    )
    assert not db.exists()


def test_plan_file_that_cannot_be_written_is_a_clean_error(write, tmp_path):
    policy = write("p.yaml", version(5))
    result = cs("plan", policy, "--store", f"sqlite:///{tmp_path}/s.db", "-o", tmp_path / "missing" / "plan.json")
    assert result.exit_code == 2
    assert "cannot write the plan" in result.stderr
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("p.yaml", "is the policy file being planned"),
        ("./p.yaml", "is the policy file being planned"),
        ("s.db", "is a file of the store sqlite:///"),
        ("s.db-wal", "is a file of the store sqlite:///"),
        ("notes.txt", "exists and is not a cs plan file"),
        ("other.json", "exists and is not a cs plan file"),
    ],
)
def test_plan_never_overwrites_what_is_not_a_plan(tmp_path: Path, write, target: str, expected: str):
    """-o onto the policy, the SQLite store or any other file that is no plan is refused
    (exit 2, one line) and the file is left as it was (OPS-5: nothing lost)."""
    policy = write("p.yaml", version(5))
    url = f"sqlite:///{tmp_path / 's.db'}"
    ok("apply", policy, "--store", url, "--auto-approve")
    write("notes.txt", "my notes\n")
    write("other.json", '{"format": "something-else"}')
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir() if path.is_file()}
    refused = cs("plan", policy, "--store", url, "-o", target)
    lines = refused.stderr.strip().splitlines()
    assert refused.exit_code == 2 and lines[-1].startswith("cs: error: -o ")
    assert expected in lines[-1] and "Traceback" not in refused.stderr
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir() if path.is_file()} == before
    assert revisions(url) == [(1, target_hash(policy))]


def test_plan_replaces_an_earlier_plan_whole(tmp_path: Path, write, monkeypatch: pytest.MonkeyPatch):
    """An earlier plan (or an empty file) is replaced by a temporary file renamed into
    place; when the rename fails, the earlier plan is intact and no temporary file stays."""
    url = f"sqlite:///{tmp_path / 's.db'}"
    plan_file = write("plan.json", "")
    ok("plan", write("p.yaml", version(5)), "--store", url, "-o", plan_file)
    first = plan_file.read_bytes()
    assert json.loads(first)["format"] == PLAN_FORMAT
    ok("plan", write("p.yaml", version(6)), "--store", url, "-o", plan_file)
    assert plan_file.read_bytes() != first and json.loads(plan_file.read_bytes())["format"] == PLAN_FORMAT
    files = sorted(path.name for path in tmp_path.iterdir())

    def full_disk(source: str, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cs.plan.os.replace", full_disk)
    second = plan_file.read_bytes()
    refused = cs("plan", write("p.yaml", version(7)), "--store", url, "-o", plan_file)
    assert refused.exit_code == 2 and "cannot write the plan" in refused.stderr
    assert plan_file.read_bytes() == second and sorted(path.name for path in tmp_path.iterdir()) == files


def test_plan_out_dash_writes_the_plan_to_standard_output(tmp_path: Path, write):
    """-o - prints the plan file on stdout (the diff and notes go to stderr) and
    creates no file named '-'."""
    result = ok("plan", write("p.yaml", version(5)), "--store", f"sqlite:///{tmp_path / 's.db'}", "-o", "-")
    data = json.loads(result.stdout)
    assert data["format"] == PLAN_FORMAT and read_plan(result.stdout, "-").policy == NAME
    assert "agents added: alice, bob" in result.stderr and "plan saved" not in result.stderr
    assert not (tmp_path / "-").exists()


def test_plan_shows_the_diff_and_records_its_base(store_url: str, write):
    policy = write("p.yaml", version(5))
    plan_file = policy.with_name("plan.json")
    result = ok("plan", policy, "--store", store_url, "-o", plan_file)
    with open_store(store_url) as store:
        identity, store_id = store.identity, store.store_id
    assert "test: new policy from" in result.stdout and "agents added: alice, bob" in result.stdout
    assert f"base: revision 0 of {identity}" in result.stderr
    assert f"plan saved to {plan_file}; apply it with: cs apply {plan_file}" in result.stderr
    data = json.loads(plan_file.read_text())
    assert data["format"] == PLAN_FORMAT == "cs-plan/1"
    assert (data["policy"], data["base_revision"], data["base_hash"]) == (NAME, 0, None)
    assert data["target_hash"] == target_hash(policy) == document_hash(data["document"])
    assert (data["store_id"], data["store"]) == (store_id, identity)
    assert data["source"] == str(policy) and data["drift"] == [] and data["changes"] > 0
    assert data["digest"] == read_plan(plan_file.read_text(), "plan.json").computed_digest()
    assert data["digest"].startswith("sha256:")
    assert revisions(store_url) == [] and lock_rows(store_url) == 0  # planning writes nothing

    ok("apply", plan_file, "--store", store_url)
    policy.write_text(version(6))
    ok("plan", policy, "--store", store_url, "-o", plan_file)
    data = json.loads(plan_file.read_text())
    assert (data["base_revision"], data["base_hash"]) == (1, revisions(store_url)[0][1])
    assert data["changes"] == 1 and data["target_hash"] == target_hash(policy)


def test_plan_matches_list_items_by_id(store_url: str, write):
    ok("apply", write("p.yaml", version(5)), "--store", store_url, "--auto-approve")
    reordered = policy_yaml(
        BASE.replace(
            "  - {id: alice, max_chats: 5}\n  - {id: bob, max_chats: 5}",
            "  - {id: bob, max_chats: 7}\n  - {id: alice, max_chats: 5}",
        )
    )
    result = ok("plan", write("q.yaml", reordered), "--store", store_url)
    assert "~ agents[bob].max_chats: 5 -> 7" in result.stdout
    assert "~ agents order: alice, bob -> bob, alice" in result.stdout
    assert "agents[0]" not in result.stdout and "agents[alice]" not in result.stdout


# -- apply -----------------------------------------------------------------------


def test_saved_plan_applies_exactly_what_was_reviewed(store_url: str, write):
    policy = write("p.yaml", version(5))
    plan_file = policy.with_name("plan.json")
    ok("plan", policy, "--store", store_url, "-o", plan_file)
    reviewed = target_hash(policy)
    policy.write_text(version(9))  # edited after review: the plan still carries the reviewed one
    result = ok("apply", plan_file, "--store", store_url, "-m", "ship it")
    assert f"test: applied revision 1 ({reviewed})" in result.stdout
    assert revisions(store_url) == [(1, reviewed)]
    history = json.loads(ok("history", NAME, "--store", store_url, "-f", "json").stdout)["revisions"]
    assert history[0]["plan_digest"] == json.loads(plan_file.read_text())["digest"]
    assert (history[0]["author"], history[0]["message"]) == ("tester", "ship it")
    assert lock_rows(store_url) == 0  # the apply lock is released


def test_stale_plan_is_refused_naming_what_moved(store_url: str, write):
    ok("apply", write("p1.yaml", version(1)), "--store", store_url, "--auto-approve")
    mine = write("p2.yaml", version(2))
    ok("plan", mine, "--store", store_url, "-o", mine.with_name("plan.json"))
    ok("apply", write("p3.yaml", version(3)), "--store", store_url, "--auto-approve", "--author", "bob")
    before = revisions(store_url)
    result = cs("apply", mine.with_name("plan.json"), "--store", store_url)
    assert result.exit_code == 1, result.stdout
    message = result.stderr
    assert message.startswith("cs: error: stale plan: it was made against revision 1 of test")
    assert f"revision 2 ({before[1][1][:19]}, by bob at" in message and "run cs plan again" in message
    assert "Traceback" not in message
    assert revisions(store_url) == before and lock_rows(store_url) == 0


def test_plan_already_applied_by_someone_else_is_already_live(store_url: str, write):
    policy = write("p.yaml", version(4))
    ok("plan", policy, "--store", store_url, "-o", policy.with_name("plan.json"))
    ok("apply", policy, "--store", store_url, "--auto-approve", "--author", "bob")
    result = ok("apply", policy.with_name("plan.json"), "--store", store_url)
    assert "test: already live as revision 1; nothing to apply" in result.stdout
    assert len(revisions(store_url)) == 1


def _edit(field: str, value: Any) -> Any:
    def tamper(data: dict[str, Any]) -> str:
        data[field] = value
        return json.dumps(data)

    return tamper


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (_edit("base_revision", 7), "edited after it was made (digest mismatch)"),
        (_edit("store_id", "sqlite:00000000-0000-0000-0000-000000000000"), "digest mismatch"),
        (lambda d: json.dumps({**d, "document": alice_capacity(d["document"], 50)}), "digest mismatch"),
        (lambda d: json.dumps({**d, "digest": "sha256:" + "0" * 64}), "digest mismatch"),
        (_edit("format", "cs-plan/2"), "not a cs plan file (expected format cs-plan/1)"),
        (lambda d: json.dumps({**d, "extra": 1}), "malformed plan file (unknown field 'extra'); cs plan writes none"),
        (lambda d: json.dumps(d)[:200], "not a plan file (invalid JSON"),
        (lambda d: "[]", "not a cs plan file"),
        (
            lambda d: '{"base_revision": 999, ' + json.dumps(d)[1:],
            "edited after it was made (key 'base_revision' written twice",
        ),
        (
            lambda d: json.dumps(d).replace('"max_chats": 5', '"max_chats": 50, "max_chats": 5', 1),
            "(key 'max_chats' written twice",
        ),
    ],
    ids=["base", "store", "document", "digest", "format", "extra-key", "truncated", "not-object", "twice", "deep"],
)
def test_tampered_plan_file_is_refused(tmp_path: Path, write, tamper: Any, expected: str):
    url = f"sqlite:///{tmp_path / 'state.db'}"
    policy = write("p.yaml", version(5))
    plan_file = tmp_path / "plan.json"
    ok("plan", policy, "--store", url, "-o", plan_file)
    plan_file.write_text(tamper(json.loads(plan_file.read_text())))
    result = cs("apply", plan_file, "--store", url)
    assert result.exit_code == 2, result.stdout
    assert expected in result.stderr and str(plan_file) in result.stderr
    assert revisions(url) == []


def test_recomputed_digest_cannot_smuggle_another_document(tmp_path: Path, write):
    url = f"sqlite:///{tmp_path / 'state.db'}"
    plan_file = tmp_path / "plan.json"
    ok("plan", write("p.yaml", version(5)), "--store", url, "-o", plan_file)
    plan = read_plan(plan_file.read_text(), "plan.json")
    forged = plan.__class__(**{**plan.body(), "drift": (), "document": alice_capacity(plan.document, 50)})
    plan_file.write_text(forged.to_json())
    result = cs("apply", plan_file, "--store", url)
    assert result.exit_code == 2 and "does not match its target hash" in result.stderr
    assert revisions(url) == []


def test_plan_for_another_store_is_refused(backend: str, tmp_path: Path, write):
    policy = write("p.yaml", version(5))
    with backend_url(backend, tmp_path) as planned, backend_url(backend, tmp_path) as other:
        ok("plan", policy, "--store", planned, "-o", tmp_path / "plan.json")
        with open_store(planned) as store:
            planned_identity = store.identity
        open_store(other).close()  # a saved plan is never applied to a store it creates
        result = cs("apply", tmp_path / "plan.json", "--store", other)
        assert result.exit_code == 1
        assert f"the plan was made for store {planned_identity}, not " in result.stderr
        assert revisions(other) == [] and revisions(planned) == []


def test_apply_policy_without_terminal_refuses_and_writes_nothing(store_url: str, write):
    result = cs("apply", write("p.yaml", version(5)), "--store", store_url)
    assert result.exit_code == 2
    assert "agents added: alice, bob" in result.stdout  # the diff is shown first
    assert "no terminal to confirm on; pass --auto-approve" in result.stderr
    assert revisions(store_url) == [] and lock_rows(store_url) == 0


def test_auto_approve_and_expect_revision(store_url: str, write):
    result = ok("apply", write("p1.yaml", version(1)), "--store", store_url, "--auto-approve", "--expect-revision", 0)
    assert "test: applied revision 1 (sha256:" in result.stdout
    p2 = write("p2.yaml", version(2))
    result = cs("apply", p2, "--store", store_url, "--auto-approve", "--expect-revision", 3)
    assert result.exit_code == 1
    assert "cs: error: --expect-revision 3, but test is at revision 1 (sha256:" in result.stderr
    assert "by tester at" in result.stderr
    ok("plan", p2, "--store", store_url, "-o", p2.with_name("plan.json"))
    result = cs("apply", p2.with_name("plan.json"), "--store", store_url, "--expect-revision", 0)
    assert result.exit_code == 1 and "--expect-revision 0, but test is at revision 1" in result.stderr
    assert len(revisions(store_url)) == 1
    ok("apply", p2.with_name("plan.json"), "--store", store_url, "--expect-revision", 1)
    assert [n for n, _ in revisions(store_url)] == [1, 2]


AUDITED_TABLES = ("cs_meta", "cs_revisions", "cs_locks")


def audit_writes(url: str) -> None:
    """From now on, record every row written to the store's tables, by anyone.

    A trigger sees even a lock row inserted and deleted again; a write rolled back
    leaves no record, as it left nothing in the store.
    """
    raw_sql(url, "CREATE TABLE test_write_audit (written TEXT, operation TEXT)")
    if url.startswith("sqlite:"):
        for table in AUDITED_TABLES:
            for operation in ("INSERT", "UPDATE", "DELETE"):
                raw_sql(
                    url,
                    f"CREATE TRIGGER audit_{table}_{operation} AFTER {operation} ON {table} "
                    f"BEGIN INSERT INTO test_write_audit VALUES ('{table}', '{operation}'); END",
                )
        return
    raw_sql(
        url,
        "CREATE FUNCTION test_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO test_write_audit VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$",
    )
    for table in AUDITED_TABLES:
        raw_sql(
            url,
            f"CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION test_audit()",
        )


def fingerprint(url: str) -> dict[str, Any]:
    """Everything a write would change: the audit of written rows, the rows, and the file."""
    state: dict[str, Any] = {
        table: sorted(map(tuple, raw_sql(url, f"SELECT * FROM {table}")))
        for table in (*AUDITED_TABLES, "test_write_audit")
    }
    if url.startswith("sqlite:"):
        path = parse_store_url(url).path
        assert path is not None
        state["file"] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    else:
        state["xmin"] = raw_sql(url, "SELECT xmin::text FROM cs_revisions ORDER BY name, revision")
    return state


def test_reapplying_what_is_live_writes_nothing(store_url: str, write):
    policy = write("p.yaml", version(5))
    plan_file = policy.with_name("plan.json")
    ok("plan", policy, "--store", store_url, "-o", plan_file)
    ok("apply", plan_file, "--store", store_url)
    ok("plan", policy, "--store", store_url, "-o", policy.with_name("noop.json"))
    audit_writes(store_url)
    before = fingerprint(store_url)
    assert before["test_write_audit"] == []
    for args in (
        (plan_file,),
        (policy.with_name("noop.json"),),
        (policy,),  # no confirmation needed when nothing changes
        (policy, "--auto-approve"),
    ):
        result = ok("apply", *args, "--store", store_url)
        assert "test: already live as revision 1; nothing to apply" in result.stdout, args
    assert "no changes" in result.stdout
    rollback = ok("rollback", NAME, "--to", 1, "--store", store_url)
    assert "already live as revision 1" in rollback.stdout
    assert fingerprint(store_url) == before

    ok("apply", write("q.yaml", version(6)), "--store", store_url, "--auto-approve")
    written = {tuple(row) for row in raw_sql(store_url, "SELECT * FROM test_write_audit")}
    assert written == {("cs_locks", "INSERT"), ("cs_revisions", "INSERT"), ("cs_locks", "DELETE")}  # the probe works


def test_confirmation_on_a_terminal(tmp_path: Path, write):
    url = f"sqlite:///{tmp_path / 'state.db'}"
    policy = write("p.yaml", version(5))

    def apply_answering(answer: str) -> subprocess.CompletedProcess[str]:
        controller, terminal = pty.openpty()
        try:
            os.write(controller, answer.encode() + b"\n")
            return subprocess.run(
                [sys.executable, "-m", "cs", "apply", str(policy), "--store", url],
                stdin=terminal,
                capture_output=True,
                text=True,
                timeout=30,
                env={**os.environ, "CS_AUTHOR": "tester"},
            )
        finally:
            os.close(terminal)
            os.close(controller)

    declined = apply_answering("n")
    assert declined.returncode == 1, declined.stderr
    assert "Apply these changes to sqlite:" in declined.stdout
    assert revisions(url) == [] and lock_rows(url) == 0
    accepted = apply_answering("y")
    assert accepted.returncode == 0, accepted.stderr
    assert "test: applied revision 1" in accepted.stdout


def test_ctrl_d_at_the_confirmation_is_no_and_ctrl_c_is_exit_130(tmp_path: Path, write):
    url = f"sqlite:///{tmp_path / 'state.db'}"
    for n in (1, 2):
        ok("apply", write(f"p{n}.yaml", version(n)), "--store", url, "--auto-approve")
    before = revisions(url)
    run = (
        "import signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, also in a background run\n"
        "import cs.cli\n"
        "sys.argv = ['cs', *sys.argv[1:]]\n"
        "cs.cli.main()\n"
    )
    for command in (("apply", write("p3.yaml", version(3))), ("rollback", NAME, "--to", 1)):
        for key in ("ctrl-d", "ctrl-c"):
            controller, terminal = pty.openpty()
            try:
                if key == "ctrl-d":
                    os.write(controller, b"\x04")  # end of input at the prompt
                process = subprocess.Popen(
                    [sys.executable, "-c", run, *(str(a) for a in command), "--store", url],
                    stdin=terminal,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    env={**os.environ, "CS_AUTHOR": "tester"},
                )
                assert process.stdout is not None
                shown = b""
                while not shown.endswith(b"[y/N]: "):
                    chunk = os.read(process.stdout.fileno(), 1)
                    assert chunk, shown
                    shown += chunk
                if key == "ctrl-c":
                    time.sleep(0.5)  # into the read: a signal just before it is only seen after a line
                    process.send_signal(signal.SIGINT)
                out, err = process.communicate(timeout=30)
            finally:
                os.close(terminal)
                os.close(controller)
            if key == "ctrl-d":
                assert process.returncode == 1 and err == b"", (command, err)
            else:
                assert process.returncode == 130, (command, err)
                assert err.decode() == "cs: error: interrupted; nothing was half-written\n"
            assert b"Aborted" not in out + err
            assert revisions(url) == before and lock_rows(url) == 0


# -- history, show, rollback -----------------------------------------------------


def test_history_table_and_json(store_url: str, write):
    open_store(store_url).close()  # an empty store
    assert ok("history", "--store", store_url).stdout.strip() == "no revisions"
    ok("apply", write("p1.yaml", version(1)), "--store", store_url, "--auto-approve", "-m", "first")
    ok("apply", write("p2.yaml", version(2)), "--store", store_url, "--auto-approve", "-m", "second", "--author", "bob")
    other = write("o.yaml", version(1).replace("name: test", "name: other"))
    ok("apply", other, "--store", store_url, "--auto-approve")
    hashes = dict(revisions(store_url))

    table = ok("history", NAME, "--store", store_url).stdout.splitlines()
    assert table[0].split() == ["name", "revision", "created_at", "author", "message", "hash"]
    assert table[2].split()[:2] == ["test", "2"] and " bob " in table[2] and "second" in table[2]
    assert table[2].split()[-1] == hashes[2][:19]
    assert table[3].split()[:2] == ["test", "1"] and "first" in table[3]
    assert len(table) == 4

    data = json.loads(ok("history", NAME, "--store", store_url, "--format", "json").stdout)
    assert data["version"] == 1
    rows = data["revisions"]
    assert [(r["name"], r["revision"], r["hash"]) for r in rows] == [(NAME, 2, hashes[2]), (NAME, 1, hashes[1])]
    assert set(rows[0]) == {"name", "revision", "hash", "created_at", "author", "message", "git_commit", "plan_digest"}
    assert rows[0]["author"] == "bob" and rows[1]["author"] == "tester"
    assert rows[0]["plan_digest"].startswith("sha256:")

    everything = json.loads(ok("history", "--store", store_url, "-f", "json").stdout)["revisions"]
    assert sorted((r["name"], r["revision"]) for r in everything) == [("other", 1), (NAME, 1), (NAME, 2)]
    assert ok("history", "nobody", "--store", store_url).stdout.strip() == "no revisions"


@pytest.mark.parametrize(
    "command", [("history",), ("show", NAME), ("rollback", NAME, "--to", 1, "--auto-approve"), ("unlock", "lock-id")]
)
def test_commands_that_need_a_store_never_create_a_missing_one(tmp_path: Path, command: tuple[object, ...]):
    db = tmp_path / "typo" / "new1.db"
    refused = cs(*command, "--store", f"sqlite:///{db}")
    assert refused.exit_code == 2, refused.stdout
    assert refused.stderr == (
        f"cs: error: SQLite store {db} does not exist; check --store or CS_STORE (cs creates a store only when "
        "it plans or applies a policy)\n"
    )
    assert not (tmp_path / "typo").exists()


def test_diff_against_a_missing_sqlite_store_says_so_and_creates_nothing(tmp_path: Path, write):
    """A typo in --store made diff create an empty store and report the policy as not
    in it, as if it were not live."""
    policy = write("p.yaml", version(5))
    db = tmp_path / ".cs" / "stat.db"
    result = cs("diff", policy, "--store", f"sqlite:///{db}")
    assert result.exit_code == 1, result.output
    assert f"test (no store at {db}: nothing is live; cs plan or cs apply creates it) -> " in result.stdout
    assert not db.exists() and not db.parent.exists()


def test_plan_and_apply_say_when_they_create_a_store_and_a_saved_plan_never_does(tmp_path: Path, write):
    # covers: OPS-5
    """A typo in --store made plan create an empty store without a word; applying the
    saved plan to another mistyped path created a second empty store before refusing it."""
    policy = write("p.yaml", version(1))
    db = tmp_path / "typo" / "state.db"
    made = cs("plan", policy, "--store", f"sqlite:///{db}", "-o", tmp_path / "plan.json")
    assert made.exit_code == 0, made.output
    created = f"created a new, empty store at sqlite:///{db}; check --store or CS_STORE if you meant another\n"
    assert created in made.stderr
    assert created not in cs("plan", policy, "--store", f"sqlite:///{db}").stderr  # there now
    other = tmp_path / "other" / "state.db"
    refused = cs("apply", tmp_path / "plan.json", "--store", f"sqlite:///{other}")
    assert refused.exit_code == 2 and "does not exist" in refused.stderr
    assert not other.parent.exists()
    applied = cs("apply", tmp_path / "plan.json", "--store", f"sqlite:///{db}")
    assert applied.exit_code == 0 and "created a new" not in applied.stderr
    fresh = tmp_path / "fresh.db"
    first = cs("apply", policy, "--store", f"sqlite:///{fresh}", "--auto-approve")
    assert first.exit_code == 0 and created.replace(str(db), str(fresh)) in first.stderr


def test_show_exports_yaml_that_round_trips(store_url: str, write, tmp_path: Path):
    ok("apply", write("p1.yaml", version(1)), "--store", store_url, "--auto-approve")
    ok("apply", write("p2.yaml", version(2)), "--store", store_url, "--auto-approve")
    (_, first), (_, live) = revisions(store_url)
    shown = tmp_path / "shown.yaml"
    shown.write_text(ok("show", NAME, "--store", store_url).stdout)
    assert f"# test revision 2 ({live})" in shown.read_text()
    assert ok("validate", shown).exit_code == 0
    result = ok("diff", shown, "--store", store_url)
    assert "no changes" in result.stdout
    assert target_hash(shown) == live

    old = tmp_path / "old.yaml"
    old.write_text(ok("show", NAME, "--revision", 1, "--store", store_url).stdout)
    assert target_hash(old) == first
    assert "max_chats: 1" in old.read_text()

    missing = cs("show", "nobody", "--store", store_url)
    assert missing.exit_code == 2 and "no policy named 'nobody'" in missing.stderr
    with open_store(store_url) as store:  # the store named as a person reads it, not its identity
        assert missing.stderr.strip().endswith(f" in {store.location}") and store.store_id not in missing.stderr
    missing = cs("show", NAME, "--revision", 9, "--store", store_url)
    assert missing.exit_code == 2 and "no revision 9 (live is revision 2)" in missing.stderr


def test_rollback_is_a_new_revision_equal_to_the_old_one(store_url: str, write):
    for n in (1, 2, 3):
        ok("apply", write(f"p{n}.yaml", version(n)), "--store", store_url, "--auto-approve")
    refused = cs("rollback", NAME, "--to", 1, "--store", store_url)
    assert refused.exit_code == 2 and "no terminal" in refused.stderr
    result = ok("rollback", NAME, "--to", 1, "--store", store_url, "--auto-approve")
    assert "~ agents[alice].max_chats: 3 -> 1" in result.stdout
    assert "test: applied revision 4" in result.stdout
    numbers = revisions(store_url)
    assert [n for n, _ in numbers] == [1, 2, 3, 4] and numbers[3][1] == numbers[0][1]
    latest = json.loads(ok("history", NAME, "--store", store_url, "-f", "json").stdout)["revisions"][0]
    assert latest["message"] == "rollback to revision 1" and latest["plan_digest"].startswith("sha256:")
    assert ok("diff", write("again.yaml", version(1)), "--store", store_url).exit_code == 0
    missing = cs("rollback", NAME, "--to", 99, "--store", store_url, "--auto-approve")
    assert missing.exit_code == 2 and "no revision 99" in missing.stderr


def test_an_older_revision_edited_outside_cs_is_neither_shown_nor_rolled_back_to(store_url: str, write):
    first = write("p1.yaml", version(1))
    ok("apply", first, "--store", store_url, "--auto-approve")
    ok("apply", write("p2.yaml", version(2)), "--store", store_url, "--auto-approve")
    (text,) = raw_sql(store_url, f"SELECT document FROM cs_revisions WHERE name = '{NAME}' AND revision = 1")[0]
    tampered = canonical_json(alice_capacity(json.loads(text), 40))
    raw_sql(store_url, f"UPDATE cs_revisions SET document = '{tampered}' WHERE name = '{NAME}' AND revision = 1")
    before = revisions(store_url)
    assert ok("diff", write("p2b.yaml", version(2)), "--store", store_url).stdout.endswith("no changes\n")

    for command in (("show", NAME, "--revision", 1), ("rollback", NAME, "--to", 1, "--auto-approve")):
        refused = cs(*command, "--store", store_url)
        assert refused.exit_code == 2, (command, refused.stdout)
        assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
        assert refused.stderr.startswith(
            f"cs: error: revision 1 of 'test' does not match its hash (stored {before[0][1][:19]}, actual sha256:"
        ), refused.stderr
        assert "max_chats: 40" not in refused.stdout
    assert revisions(store_url) == before and lock_rows(store_url) == 0
    assert "max_chats: 2" in ok("show", NAME, "--revision", 2, "--store", store_url).stdout


# -- drift -----------------------------------------------------------------------


def test_document_edited_outside_cs_is_drift(store_url: str, write):
    policy = write("p.yaml", version(5))
    ok("apply", policy, "--store", store_url, "--auto-approve")
    assert ok("diff", policy, "--store", store_url).stdout.endswith("no changes\n")
    edit_live_document(store_url, alice_capacity)
    result = cs("diff", policy, "--store", store_url)
    assert result.exit_code == 1
    assert "! drift: policy 'test': live revision 1 document does not match its stored hash" in result.stdout
    assert "~ agents[alice].max_chats: 3 -> 5" in result.stdout
    data = json.loads(cs("diff", policy, "--store", store_url, "-f", "json").stdout)
    assert data["notes"] and data["notes"][0].startswith("drift: ")
    planned = cs("plan", policy, "--store", store_url, "-o", policy.with_name("plan.json"))
    assert planned.exit_code == 0 and "! drift:" in planned.stdout
    assert "does not match its stored hash" in json.loads(policy.with_name("plan.json").read_text())["drift"][0]


def test_revision_inserted_without_cs_is_drift_until_applied_over(store_url: str, write):
    policy = write("p.yaml", version(5))
    ok("apply", policy, "--store", store_url, "--auto-approve")
    (text,) = raw_sql(store_url, "SELECT document FROM cs_revisions")[0]
    document = alice_capacity(json.loads(text), 2)
    raw_sql(
        store_url,
        "INSERT INTO cs_revisions (name, revision, document, hash, created_at, author, message) VALUES "
        f"('test', 2, '{canonical_json(document)}', '{document_hash(document)}', "
        "'2024-05-01T10:00:00.000000Z', 'dba', 'hotfix')",
    )
    result = cs("diff", policy, "--store", store_url)
    assert result.exit_code == 1
    assert "live revision 2 was not written by cs (no writer recorded): another tool" in result.stdout
    assert "! drift:" in ok("plan", policy, "--store", store_url).stdout
    assert "applied revision 3" in ok("apply", policy, "--store", store_url, "--auto-approve").stdout
    assert ok("diff", policy, "--store", store_url).exit_code == 0


def test_a_gap_in_the_history_is_reported_but_applying_what_is_live_stays_a_no_op(store_url: str, write):
    for n in (1, 2, 3):
        ok("apply", write(f"p{n}.yaml", version(n)), "--store", store_url, "--auto-approve")
    raw_sql(store_url, f"DELETE FROM cs_revisions WHERE name = '{NAME}' AND revision = 2")
    policy = write("p3.yaml", version(3))
    before = revisions(store_url)
    gap = "drift: policy 'test': revision numbers have a gap (missing 2 of 1..3)"
    diffed = cs("diff", policy, "--store", store_url)
    assert diffed.exit_code == 1 and f"! {gap}" in diffed.stdout  # still reported
    planned = cs("plan", policy, "--store", store_url, "--exit-code", "-o", "plan.json")
    assert planned.exit_code == 0 and f"! {gap}" in planned.stdout, planned.stdout
    (recorded,) = json.loads(Path("plan.json").read_text())["drift"]
    assert recorded.startswith(gap.removeprefix("drift: "))
    for command in (("apply", policy, "--auto-approve"), ("apply", "plan.json")):
        result = ok(*command, "--store", store_url)
        assert "test: already live as revision 3; nothing to apply" in result.stdout
    assert revisions(store_url) == before
    ok("apply", write("p4.yaml", version(4)), "--store", store_url, "--auto-approve")  # changes still apply
    assert [n for n, _ in revisions(store_url)] == [1, 3, 4]


def test_applying_the_intended_policy_repairs_drift(store_url: str, write):
    policy = write("p.yaml", version(5))
    ok("apply", policy, "--store", store_url, "--auto-approve")
    edit_live_document(store_url, alice_capacity)
    result = ok("apply", policy, "--store", store_url, "--auto-approve")
    assert "applied revision 2" in result.stdout
    assert ok("diff", policy, "--store", store_url).exit_code == 0


@pytest.mark.parametrize("garbage", ["{not json", '{"v":666}'], ids=["not-json", "not-a-policy"])
def test_unusable_live_document_is_drift_and_can_be_repaired(store_url: str, write, garbage: str):
    policy = write("p.yaml", version(5))
    ok("apply", policy, "--store", store_url, "--auto-approve")
    edit_live_document(store_url, lambda _: garbage)
    result = cs("diff", policy, "--store", store_url)
    assert result.exit_code == 1 and "drift" in result.stdout, result.stderr
    assert "applied revision 2" in ok("apply", policy, "--store", store_url, "--auto-approve").stdout


# -- store selection and secrets -------------------------------------------------


def test_cs_store_environment_variable_is_honoured(store_url: str, write, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"CS_STORE": store_url}
    policy = write("p.yaml", version(5))
    ok("plan", policy, "-o", "plan.json", env=env)
    ok("apply", "plan.json", env=env)
    ok("apply", write("p2.yaml", version(6)), "--auto-approve", env=env)
    assert [n for n, _ in revisions(store_url)] == [1, 2]
    assert [line.split()[:2] for line in ok("history", env=env).stdout.splitlines()[2:]] == [
        ["test", "2"],
        ["test", "1"],
    ]
    assert "max_chats: 6" in ok("show", NAME, env=env).stdout
    ok("rollback", NAME, "--to", 1, "--auto-approve", env=env)
    assert [n for n, _ in revisions(store_url)] == [1, 2, 3]
    assert not (tmp_path / ".cs").exists()  # the default store was never touched


def test_diff_honours_cs_store(store_url: str, write, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    policy = write("p.yaml", version(5))
    ok("apply", policy, "--store", store_url, "--auto-approve")
    result = cs("diff", policy, env={"CS_STORE": store_url})
    assert not (tmp_path / ".cs").exists()
    assert result.exit_code == 0 and "live revision 1" in result.stdout


def test_default_store_is_private_in_the_working_directory(tmp_path: Path, monkeypatch, write):
    monkeypatch.chdir(tmp_path)
    ok("apply", write("p.yaml", version(5)), "--auto-approve")
    database = tmp_path / ".cs" / "state.db"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700
    assert revisions(f"sqlite:///{database}") == [(1, target_hash(tmp_path / "p.yaml"))]
    assert "test" in ok("history").stdout


COMMANDS_TAKING_A_STORE = [
    ("plan", "{policy}"),
    ("apply", "{policy}", "--auto-approve"),
    ("diff", "{policy}"),
    ("history",),
    ("show", NAME),
    ("rollback", NAME, "--to", "1", "--auto-approve"),
    ("unlock", "some-lock-id"),
]


def assert_no_secret(result: Result, secret: str) -> None:
    assert result.exit_code == 2, result.stdout
    shown = result.stdout + result.stderr
    assert secret not in shown, shown
    assert "Traceback" not in shown and "***" in result.stderr


@pytest.mark.parametrize("via", ["option", "environment"])
def test_unreachable_store_never_shows_the_password(write, via: str):
    policy = write("p.yaml", version(5))
    url = "postgresql://cs:hunter2-secret@127.0.0.1:1/cs"  # nothing listens on port 1
    for command in COMMANDS_TAKING_A_STORE:
        args = [a.format(policy=policy) for a in command]
        if via == "option" or command[0] == "diff":  # diff ignores CS_STORE: test_diff_honours_cs_store
            result = cs(*args, "--store", url)
        else:
            result = cs(*args, env={"CS_STORE": url})
        assert_no_secret(result, "hunter2")
        assert "cannot connect to PostgreSQL store postgresql://cs:***@127.0.0.1:1/cs" in result.stderr


def test_help_never_shows_the_store_from_the_environment():
    for command in ("plan", "apply", "history", "show", "rollback", "unlock"):
        result = cs(command, "--help", env={"CS_STORE": "postgresql://cs:hunter2-secret@db/cs"})
        assert result.exit_code == 0 and "hunter2" not in result.stdout


@pytest.mark.postgres
def test_wrong_password_on_a_real_server_is_redacted(write, tmp_path: Path):
    base = postgres_base_url()
    password = parse_password(base)
    wrong = base.replace(f":{password}@", ":wrong-hunter2@")
    policy = write("p.yaml", version(5))
    for command in COMMANDS_TAKING_A_STORE:
        args = [a.format(policy=policy) for a in command]
        for result in (
            cs(*args, "--store", wrong),
            cs(*args, env={"CS_STORE": wrong}) if command[0] != "diff" else None,
        ):
            if result is None:
                continue
            assert_no_secret(result, "hunter2")
            assert "password authentication failed" in result.stderr
    # and with the right password, nothing cs prints or saves shows it
    with backend_url("postgres", tmp_path) as url:
        outputs = [
            ok("plan", policy, "--store", url, "-o", tmp_path / "plan.json"),
            ok("apply", tmp_path / "plan.json", "--store", url),
            ok("history", "--store", url, "-f", "json"),
            ok("diff", policy, "--store", url),
        ]
        shown = "".join(r.stdout + r.stderr for r in outputs) + (tmp_path / "plan.json").read_text()
        assert f":{password}@" not in shown and ":***@" in shown


def test_diff_exit_codes_against_a_store(store_url: str, write):
    policy = write("p.yaml", version(5))
    result = cs("diff", policy, "--store", store_url)
    assert result.exit_code == 1 and (
        "test (not in the store) -> " in result.stdout or "(no store at " in result.stdout
    )
    ok("apply", policy, "--store", store_url, "--auto-approve")
    assert cs("diff", policy, "--store", store_url).exit_code == 0
    changed = cs("diff", write("q.yaml", version(6)), "--store", store_url, "-f", "markdown")
    assert changed.exit_code == 1 and "agents[alice].max_chats: 5 -> 6" in changed.stdout
    invalid = cs("diff", write("bad.yaml", policy_yaml("agents: [{id: a, max_chats: 0}]\n")), "--store", store_url)
    assert invalid.exit_code == 2 and "capacity-range" in invalid.stderr
    assert cs("diff", policy.with_name("missing.yaml"), "--store", store_url).exit_code == 2
    assert cs("diff", policy, policy, "--store", store_url).exit_code == 2
    assert cs("diff", policy, "--store", store_url, "--git", "HEAD").exit_code == 2
    assert cs("diff", policy, "--store", "mysql://x/y").exit_code == 2


# -- locks -----------------------------------------------------------------------


def test_lock_left_by_a_killed_run_expires(store_url: str, write):
    """The apply lock's ttl: held until APPLY_LOCK_SECONDS, then taken over."""
    from cs.plan import apply_plan

    clock = FrozenClock()
    with open_store(store_url, now=clock) as store:
        abandoned = store.acquire_lock(NAME, owner="killed-run", ttl_seconds=APPLY_LOCK_SECONDS)
        plan, _ = make_plan(
            store, load_policy(write("p.yaml", version(5))), source="p.yaml", git_commit=None, now=START
        )
        clock.advance(APPLY_LOCK_SECONDS - 1)
        with pytest.raises(LockHeldError) as error:
            apply_plan(store, plan, author="tester", message="")
        assert isinstance(error.value, ConflictError) and f"cs unlock {abandoned.id}" in str(error.value)
        clock.advance(1)
        assert apply_plan(store, plan, author="tester", message="").revision is not None
        assert store.locks(include_expired=True) == []


# -- processes: concurrency and crashes -----------------------------------------

RUN_CS = r"""
import os, signal, sys, time
# Ctrl-C raises KeyboardInterrupt as in a terminal, even when the test run was started
# in the background (a shell starts background jobs with SIGINT ignored).
signal.signal(signal.SIGINT, signal.default_int_handler)
import cs.cli, cs.plan, cs.validate, cs.store.sql
if os.environ["CS_TEST_STORE_KIND"] == "postgres":
    import cs.store.postgres
else:
    import cs.store.sqlite
from cs.store.sql import SqlStore

def before_commit(self):
    if os.environ.get("CS_TEST_HANG"):
        print("inside the commit", file=sys.stderr, flush=True)
        time.sleep(60)
    time.sleep(float(os.environ.get("CS_TEST_HOLD", "0")))

SqlStore._before_commit = before_commit
if os.environ.get("CS_TEST_BARRIER"):
    print("ready", flush=True)
    sys.stdin.readline()
sys.argv = ["cs", *sys.argv[1:]]
cs.cli.main()
"""


def wait_for_sessions_to_end(url: str) -> None:
    """Until the server has ended every cs session but ours (a killed client's
    session ends when the server reads the closed socket, a moment later)."""
    for _ in range(200):
        others = raw_sql(url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'cs'")
        if others == [(0,)]:
            return
        time.sleep(0.05)
    raise AssertionError("a killed client's session is still open after 10 s")


def cs_process(url: str, *args: object, **env: str) -> subprocess.Popen[str]:
    kind = "sqlite" if url.startswith("sqlite:") else "postgres"
    return subprocess.Popen(
        [sys.executable, "-c", RUN_CS, *(str(a) for a in args), "--store", url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CS_AUTHOR": "racer", "CS_TEST_STORE_KIND": kind, **env},
    )


def run_at_once(url: str, commands: list[list[object]], stagger: float = 0.0) -> list[tuple[int, str, str]]:
    """Start every command, release them together (or ``stagger`` seconds apart), and
    return (exit code, stdout, stderr) of each."""
    processes = [cs_process(url, *command, CS_TEST_BARRIER="1", CS_TEST_HOLD="0.05") for command in commands]
    try:
        for process in processes:
            assert process.stdout is not None
            assert process.stdout.readline() == "ready\n", process.communicate()
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
            time.sleep(stagger)
        results = []
        for process in processes:
            out, err = process.communicate(timeout=60)
            results.append((process.returncode, out, err))
        return results
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()


CONFLICT = re.compile(
    r"^cs: error: (stale plan: .*|policy 'test' changed since the plan: .*"
    r"|policy 'test' is locked: .*|store .* is busy: .*)$"
)


def assert_clean_outcomes(results: list[tuple[int, str, str]]) -> list[int]:
    """Each process applied, found it live already, or failed with one clear conflict line."""
    applied = []
    for code, out, err in results:
        assert "Traceback" not in err, err
        if code == 0:
            found = re.search(r"test: (?:applied revision (\d+) \(|already live as revision \d+)", out)
            assert found, out
            if found.group(1):
                applied.append(int(found.group(1)))
        else:
            assert code == 1, (code, err)
            assert CONFLICT.match(err.strip()), err
            assert "Traceback" not in err
    return applied


def test_concurrent_applies_serialise(store_url: str, write, tmp_path: Path):
    # a few processes per batch are enough to race whole commands; tests/test_store.py races
    # eight processes on the store itself
    policies = [write(f"p{n}.yaml", version(n)) for n in range(1, 9)]
    by_hash = {target_hash(p): p for p in policies}
    # released together: all plan against the same revision, one wins; then released
    # a few milliseconds apart, so some plan against a revision another process is writing
    for batch, stagger in ((policies[:4], 0.0), (policies[4:], 0.05)):
        results = run_at_once(store_url, [["apply", p, "--auto-approve"] for p in batch], stagger)
        applied = assert_clean_outcomes(results)
        assert applied, results
        history = revisions(store_url)
        assert [n for n, _ in history] == list(range(1, len(history) + 1))
        assert sorted(applied) == [n for n, _ in history][-len(applied) :]
        assert all(h in by_hash for _, h in history)
    with open_store(store_url) as store:
        assert store.drift(NAME) == [] and store.locks(include_expired=True) == []

    # the same saved plan, applied by four processes at once: one revision more, no duplicate
    plan_file = tmp_path / "plan.json"
    ok("plan", write("next.yaml", version(20)), "--store", store_url, "-o", plan_file)
    results = run_at_once(store_url, [["apply", plan_file]] * 4)
    assert assert_clean_outcomes(results) == [len(history) + 1]
    assert [n for n, _ in revisions(store_url)] == list(range(1, len(history) + 2))


def test_applies_of_one_plan_that_wait_for_the_lock_find_it_live(store_url: str, write, tmp_path: Path):
    ok("apply", write("p1.yaml", version(1)), "--store", store_url, "--auto-approve")
    plan_file = tmp_path / "plan.json"
    ok("plan", write("p2.yaml", version(2)), "--store", store_url, "-o", plan_file)
    results = run_at_once(store_url, [["apply", plan_file, "--lock-timeout", "60s"]] * 12)
    assert [code for code, _, _ in results] == [0] * 12, [err for _, _, err in results]
    outputs = sorted(out.strip() for _, out, _ in results)
    applied = [out for out in outputs if out.startswith("test: applied revision 2 (")]
    assert len(applied) == 1 and outputs.count("test: already live as revision 2; nothing to apply") == 11, outputs
    assert [n for n, _ in revisions(store_url)] == [1, 2] and lock_rows(store_url) == 0


def test_apply_killed_mid_commit_leaves_the_previous_revision_live(store_url: str, write):
    first, second = write("p1.yaml", version(1)), write("p2.yaml", version(2))
    ok("apply", first, "--store", store_url, "--auto-approve")
    before = revisions(store_url)
    crasher = cs_process(store_url, "apply", second, "--auto-approve", CS_TEST_HANG="1")
    assert crasher.stderr is not None
    assert crasher.stderr.readline() == "inside the commit\n", crasher.communicate()
    crasher.send_signal(signal.SIGKILL)
    crasher.communicate()
    assert crasher.returncode == -signal.SIGKILL

    assert revisions(store_url) == before
    assert ok("diff", first, "--store", store_url).stdout.endswith("no changes\n")  # no drift either
    assert "max_chats: 1" in ok("show", NAME, "--store", store_url).stdout

    if not store_url.startswith("sqlite:"):
        # PostgreSQL: the lock died with the killed run's session; nobody waits for its ttl
        wait_for_sessions_to_end(store_url)
        assert "applied revision 2" in ok("apply", second, "--store", store_url, "--auto-approve").stdout
        return
    blocked = cs("apply", second, "--store", store_url, "--auto-approve")
    assert blocked.exit_code == 1
    found = re.search(r"release it with `cs unlock ([0-9a-f-]+)`", blocked.stderr)
    assert found and "held by racer" in blocked.stderr, blocked.stderr
    lock_id = found.group(1)
    assert ok("unlock", lock_id, "--store", store_url).stdout.strip() == f"released lock {lock_id} on test"
    assert ok("unlock", lock_id, "--store", store_url).stdout.strip() == f"no lock {lock_id}; nothing to release"
    assert "applied revision 2" in ok("apply", second, "--store", store_url, "--auto-approve").stdout
    assert [n for n, _ in revisions(store_url)] == [1, 2]


def test_sqlite_no_op_leaves_data_version_alone(tmp_path: Path, write):
    """A reader holding the file open sees no commit at all from a no-op apply."""
    url = f"sqlite:///{tmp_path / 'state.db'}"
    policy = write("p.yaml", version(5))
    ok("apply", policy, "--store", url, "--auto-approve")
    watcher = sqlite3.connect(tmp_path / "state.db")
    try:
        before = watcher.execute("PRAGMA data_version").fetchone()
        ok("apply", policy, "--store", url, "--auto-approve")
        assert watcher.execute("PRAGMA data_version").fetchone() == before
        ok("apply", write("q.yaml", version(6)), "--store", url, "--auto-approve")
        assert watcher.execute("PRAGMA data_version").fetchone() != before  # the probe works
    finally:
        watcher.close()


def test_plan_and_revision_times_are_utc(tmp_path: Path, write):
    url = f"sqlite:///{tmp_path / 'state.db'}"
    ok("plan", write("p.yaml", version(5)), "--store", url, "-o", tmp_path / "plan.json")
    planned = datetime.fromisoformat(json.loads((tmp_path / "plan.json").read_text())["created_at"])
    ok("apply", tmp_path / "plan.json", "--store", url)
    row = json.loads(ok("history", "--store", url, "-f", "json").stdout)["revisions"][0]
    applied = datetime.fromisoformat(row["created_at"])
    assert planned.utcoffset() == applied.utcoffset() == timedelta(0)
    assert timedelta(0) <= applied - planned < timedelta(minutes=5)


# -- the pipeline's other commands -----------------------------------------------


def test_plan_json_output_is_json(tmp_path: Path, write):
    result = ok("plan", write("p.yaml", version(5)), "--store", f"sqlite:///{tmp_path / 's.db'}", "-f", "json")
    assert json.loads(result.stdout)["changed"] is True


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def policy_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository as a pipeline sees it: policies/ on main, a workflow file beside it."""
    repo = tmp_path / "repo"
    (repo / "policies").mkdir(parents=True)
    (repo / ".github").mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.com")
    git(repo, "config", "user.name", "ci")
    (repo / "policies" / "shop.yaml").write_text(version(5))
    (repo / ".github" / "ci.yml").write_text("on: push\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "main")
    git(repo, "checkout", "-qb", "change")
    monkeypatch.chdir(repo / "policies")
    return repo


def test_diff_git_takes_the_policies_below_the_current_directory(policy_repo: Path):
    (policy_repo / "policies" / "shop.yaml").write_text(version(6))
    (policy_repo / ".github" / "ci.yml").write_text("on: [push, pull_request]\n")
    git(policy_repo, "commit", "-qam", "change")
    result = cs("diff", "--git", "main", "-f", "markdown")
    assert result.exit_code == 1, result.stderr
    assert "agents[alice].max_chats: 5 -> 6" in result.stdout


def test_diff_git_shows_a_policy_added_since_the_revision(policy_repo: Path):
    (policy_repo / "policies" / "outlet.yaml").write_text(version(7).replace("name: test", "name: outlet"))
    git(policy_repo, "add", ".")
    git(policy_repo, "commit", "-qm", "new policy")
    result = cs("diff", "--git", "main", "-f", "markdown")
    assert result.exit_code == 1, result.stderr
    assert "outlet" in result.stdout


def test_diff_git_leaves_out_yaml_that_is_no_policy(policy_repo: Path):
    """A policy test file and a compose file changed beside the policy are not diffed
    as policies (the rule of cs validate DIR); a removed policy still is (OPS-4)."""
    policies = policy_repo / "policies"
    (policies / "outlet.yaml").write_text(version(7).replace("name: test", "name: outlet"))
    git(policy_repo, "add", ".")
    git(policy_repo, "commit", "-qm", "outlet")
    git(policy_repo, "rm", "-q", "policies/outlet.yaml")
    (policies / "shop.yaml").write_text(version(6))
    (policies / "shop.test.yaml").write_text("policy: shop.yaml\ntests: []\n")
    (policies / "compose.yml").write_text("services:\n  db: {image: postgres}\n")
    git(policy_repo, "add", ".")
    result = cs("diff", "--git", "HEAD", "-f", "json")
    assert result.exit_code == 1, result.stderr
    titles = [json.loads(doc)["title"] for doc in re.findall(r"^\{.*?^\}", result.stdout, re.M | re.S)]
    assert [t.rsplit("/", 1)[-1] for t in titles] == ["outlet.yaml", "shop.yaml"]


def test_diff_git_of_a_moved_policy_shows_the_edit_made_with_the_move(policy_repo: Path):  # covers: OPS-4
    git(policy_repo, "mv", "policies/shop.yaml", "policies/moved.yaml")
    (policy_repo / "policies" / "moved.yaml").write_text(version(6))
    git(policy_repo, "add", ".")
    result = cs("diff", "--git", "HEAD", "-f", "json")
    assert result.exit_code == 1, result.stderr
    (comparison,) = [json.loads(doc) for doc in re.findall(r"^\{.*?^\}", result.stdout, re.M | re.S)]
    assert comparison["title"].startswith("HEAD:") and "shop.yaml -> " in comparison["title"]
    assert comparison["title"].endswith("moved.yaml")
    assert "agents[alice].max_chats: 5 -> 6" in cs("diff", "--git", "HEAD").stdout


def test_a_revision_records_the_git_commit_only_when_it_holds_the_policy(policy_repo: Path, tmp_path: Path):  # OPS-5
    url = f"sqlite:///{tmp_path / 'store.db'}"
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=policy_repo, capture_output=True, text=True).stdout.strip()
    ok("apply", "shop.yaml", "--store", url, "--auto-approve")
    (policy_repo / "policies" / "shop.yaml").write_text(version(6))  # edited, not committed
    ok("apply", "shop.yaml", "--store", url, "--auto-approve")
    rows = json.loads(ok("history", "--store", url, "-f", "json").stdout)["revisions"]
    assert {row["revision"]: row["git_commit"] for row in rows} == {1: head, 2: None}


@pytest.mark.parametrize("path", ["shpo.yaml", "gone/shop.yaml"])
def test_diff_git_of_a_path_in_neither_the_tree_nor_the_revision_is_an_error(policy_repo: Path, path: str):
    """A misspelt path is not "no changes" (exit 0): it is exit 2, saying it is in neither (OPS-4)."""
    result = cs("diff", "--git", "HEAD", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == f"cs: error: {path} is neither in the working tree nor in HEAD; check the path"


def test_diff_git_of_a_policy_removed_with_its_folder_diffs_to_nothing(policy_repo: Path):
    git(policy_repo, "rm", "-rq", "policies")
    result = cs("diff", "--git", "HEAD", policy_repo / "policies" / "shop.yaml", "-f", "json")
    assert result.exit_code == 1, result.stderr
    assert json.loads(result.stdout)["changes"]


# -- docs/deploy.md --------------------------------------------------------------

DEPLOY_DOC = Path(__file__).resolve().parents[1] / "docs" / "deploy.md"


def doc_blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", DEPLOY_DOC.read_text(encoding="utf-8"), re.M | re.S)


def test_deploy_doc_commands_use_real_options():
    """Every cs command the deploy guide shows names a real command and real options."""
    import shlex

    import yaml

    commands = [
        line.split("$ ", 1)[1] for block in doc_blocks("console") for line in block.splitlines() if "$ cs " in line
    ]
    (workflow,) = doc_blocks("yaml")
    jobs = yaml.safe_load(workflow)["jobs"]
    assert set(jobs) == {"check", "plan", "apply"}
    for job in jobs.values():
        for step in job["steps"]:
            commands += [line.strip() for line in step.get("run", "").splitlines() if line.strip().startswith("cs ")]
    assert len(commands) > 20
    helps: dict[str, str] = {}
    for command in commands:
        words = shlex.split(command.split(" #", 1)[0].split(" >", 1)[0].split(" ||", 1)[0])
        assert words[0] == "cs", command
        if words[1] not in helps:
            helps[words[1]] = ok(words[1], "--help").stdout
        for word in words[2:]:
            if word.startswith("-"):
                assert re.search(rf"(^|[\s,]){re.escape(word)}\b", helps[words[1]]), (command, word)

"""Hostile inputs and failing stores (issue 8, the store side): nothing lost, nothing
leaked, never stuck, one clear line.

Forged plans and forged store rows, locks after a failed commit, copies of a
store, symbolic links, read-only files, stalled servers and Ctrl-C. Tests taking
``store_url`` run on SQLite and on PostgreSQL (see tests/test_store.py).
"""

# covers: OPS-5, OPS-6

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cs.digest import document_hash
from cs.errors import StalePlanError, StoreError
from cs.plan import acquire_apply_lock, apply_plan, make_plan, read_plan
from cs.store import LockHeldError, open_store
from cs.store.sql import SqlStore
from cs.validate import load_policy
from test_deploy import NAME, cs, cs_process, ok, version, wait_for_sessions_to_end
from test_store import BACKENDS, START, backend_url, fresh_postgres_schema, raw_sql


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with backend_url(str(request.param), tmp_path) as url:
        yield url


@pytest.fixture(autouse=True)
def quiet_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As in tests/test_deploy.py: a fixed author, no store from the shell, tmp_path as cwd."""
    monkeypatch.setenv("CS_AUTHOR", "tester")
    monkeypatch.delenv("CS_STORE", raising=False)
    monkeypatch.chdir(tmp_path)


def one_error_line(stderr: str) -> str:
    """The single ``cs: error:`` line a failure prints; never a traceback."""
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr and len(lines) == 1 and lines[0].startswith("cs: error: "), stderr
    return lines[0]


def forge(plan_file: Path, edit: Any) -> None:
    """Edit a plan's document and recompute its hashes, as anyone with the file can."""
    data = json.loads(plan_file.read_text())
    edit(data["document"])
    data["target_hash"] = document_hash(data["document"])
    body = {k: v for k, v in data.items() if k != "digest"}
    data["digest"] = document_hash(body)
    plan_file.write_text(json.dumps(data))


def history_rows(url: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in raw_sql(url, "SELECT revision, hash FROM cs_revisions ORDER BY revision")]


# -- data integrity ----------------------------------------------------------------


def test_a_forged_plan_never_reaches_the_store(store_url: str, write, tmp_path: Path):
    ok("apply", write("p1.yaml", version(1)), "--store", store_url, "--auto-approve")
    plan_file = tmp_path / "plan.json"
    ok("plan", write("p2.yaml", version(2)), "--store", store_url, "-o", plan_file)
    before = history_rows(store_url)

    forge(plan_file, lambda doc: doc.pop("timezone"))
    assert read_plan(plan_file.read_text(), "plan.json")  # the checksum alone cannot tell
    refused = cs("apply", plan_file, "--store", store_url)
    assert refused.exit_code == 2
    assert "plan's document" in one_error_line(refused.stderr) and "timezone" in refused.stderr
    assert history_rows(store_url) == before

    ok("plan", write("p2.yaml", version(2)), "--store", store_url, "-o", plan_file)
    forge(plan_file, lambda doc: doc["agents"][0].update(max_chats=0))  # schema-valid, a rule error
    refused = cs("apply", plan_file, "--store", store_url)
    assert refused.exit_code == 2 and "capacity-range" in one_error_line(refused.stderr)
    assert history_rows(store_url) == before


def test_an_unusable_live_revision_is_drift_and_applying_repairs_it(store_url: str, write, tmp_path: Path):
    good = write("p1.yaml", version(1))
    ok("apply", good, "--store", store_url, "--auto-approve")
    with open_store(store_url) as store:  # what an older cs stored from a forged plan
        forged = dict(store.live(NAME).document or {})
        del forged["timezone"]
        store.commit(NAME, forged, expected_revision=1, author="mallory", message="forged")

    listed = ok("history", NAME, "--store", store_url)
    assert "mallory" in listed.stdout
    drifted = cs("diff", good, "--store", store_url)
    assert drifted.exit_code == 1 and "drift: live revision 2 cannot be used" in drifted.stdout
    planned = ok("plan", good, "--store", store_url)
    assert "live revision 2 cannot be used" in planned.stdout
    shown = cs("show", NAME, "--store", store_url)
    assert shown.exit_code == 2 and "revision 2" in one_error_line(shown.stderr)

    assert "applied revision 3" in ok("apply", good, "--store", store_url, "--auto-approve").stdout
    assert ok("diff", good, "--store", store_url).stdout.endswith("no changes\n")
    with open_store(store_url) as store:
        store.commit(NAME, forged, expected_revision=3, author="mallory", message="forged again")
    rolled = ok("rollback", NAME, "--to", 1, "--store", store_url, "--auto-approve")
    assert "applied revision 5" in rolled.stdout
    assert "max_chats: 1" in ok("show", NAME, "--store", store_url).stdout


def test_a_row_numbered_by_hand_at_the_largest_revision_is_drift_and_a_refusal(store_url: str, write):  # covers: OPS-5
    """One row numbered 2**63 - 1 by hand made diff, plan and apply build the set of
    every number up to it (gigabytes, then a hang); the apply after it overflowed the
    column with a traceback. In child processes with a deadline and a memory cap, so a
    regression fails instead of eating the machine's memory."""
    good = write("p1.yaml", version(1))
    ok("apply", good, "--store", store_url, "--auto-approve")
    largest = 2**63 - 1 if store_url.startswith("sqlite:") else 2**31 - 1
    raw_sql(
        store_url,
        "INSERT INTO cs_revisions SELECT name, "
        + str(largest)
        + ", document, hash, created_at, author, message, git_commit, plan_digest, writer "
        + "FROM cs_revisions WHERE revision = 1",
    )
    run = [sys.executable, "-m", "cs"]

    def capped() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    def child(*args: object) -> subprocess.CompletedProcess[str]:
        command = [*run, *(str(a) for a in args), "--store", store_url]
        return subprocess.run(command, capture_output=True, text=True, timeout=60, preexec_fn=capped)

    diff = child("diff", good)
    gap = f"revision numbers have a gap (missing 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 ... of 1..{largest})"
    assert diff.returncode == 1 and gap in diff.stdout, diff
    changed = write("p2.yaml", version(2))
    applied = child("apply", changed, "--auto-approve")
    line = one_error_line(applied.stderr)
    assert applied.returncode == 2 and f"its live revision {largest} is the largest number this store holds" in line


NOT_UTF8 = os.fsdecode(b"caf\xe9")
"""A name of bytes that are not UTF-8 (Latin-1's e-acute): Python keeps the byte as a lone surrogate."""


def run_cs(*args: object, author: str | None = "tester", code: int = 0, cwd: Path | None = None) -> str:
    """cs in its own process, as a shell runs it, with standard output as strict as a
    UTF-8 locale makes it (en_US.UTF-8, zh_CN.UTF-8; the C locale would tolerate any
    byte): a file name's bytes are written back as they were. ``author`` None: none
    given, so cs asks git."""
    env = {k: v for k, v in os.environ.items() if k != "CS_AUTHOR"}
    done = subprocess.run(
        [sys.executable, "-m", "cs", *(os.fspath(a) if isinstance(a, Path) else str(a) for a in args)],
        capture_output=True,
        timeout=120,
        cwd=cwd,
        env={**env, **({} if author is None else {"CS_AUTHOR": author}), "PYTHONIOENCODING": "utf-8:strict"},
    )
    assert done.returncode == code and b"Traceback" not in done.stderr, done
    return done.stdout.decode("utf-8", "surrogateescape")


@pytest.mark.parametrize("name", [NOT_UTF8 + ".yaml", "a\nb.yaml", "a\u2028b.yaml"])
def test_a_policy_file_name_of_any_bytes_plans_and_applies(store_url: str, write, tmp_path: Path, name: str):
    """A file name that is not UTF-8 crashed plan and apply with a traceback (hashing
    and writing the plan); one with a line break made a plan that apply refused as
    invalid YAML (the name went into a comment line of the document read back)."""
    ok("apply", write("p1.yaml", version(1)), "--store", store_url, "--auto-approve")
    changed = tmp_path / name
    changed.write_text(version(2), encoding="utf-8")
    plan_file = tmp_path / "plan.json"
    run_cs("plan", changed, "--store", store_url, "-o", plan_file)
    assert "applied revision 2" in run_cs("apply", plan_file, "--store", store_url)
    changed.write_text(version(3), encoding="utf-8")
    assert "applied revision 3" in run_cs("apply", changed, "--store", store_url, "--auto-approve")
    assert "max_chats: 3" in ok("show", NAME, "--store", store_url).stdout
    assert os.fsencode(name) in os.fsencode(
        run_cs("diff", write("p1.yaml", version(1)), changed, code=1)
    )  # its own bytes


def test_an_author_or_message_that_is_not_utf8_is_stored_escaped(tmp_path: Path, write):  # covers: OPS-5
    """CS_AUTHOR or -m of Latin-1 bytes crashed apply inside the driver (the lock's
    owner, then the revision row)."""
    url = f"sqlite:///{tmp_path / 'state.db'}"
    run_cs("apply", write("p1.yaml", version(1)), "--store", url, "--auto-approve", "-m", NOT_UTF8, author=NOT_UTF8)
    (row,) = json.loads(run_cs("history", "--store", url, "--format", "json"))["revisions"]
    assert row["author"] == row["message"] == "caf\\xe9"


def test_a_store_in_a_directory_whose_name_is_not_utf8_works(tmp_path: Path, write):
    folder = tmp_path / NOT_UTF8
    folder.mkdir()
    url = f"sqlite:///{folder / 'state.db'}"
    run_cs("apply", write("p1.yaml", version(1)), "--store", url, "--auto-approve")
    plan_file = tmp_path / "plan.json"
    run_cs("plan", write("p2.yaml", version(2)), "--store", url, "-o", plan_file)
    assert "applied revision 2" in run_cs("apply", plan_file, "--store", url)
    assert [number for number, _ in history_rows(url)] == [1, 2]


def test_git_output_that_is_not_utf8_is_read(tmp_path: Path):  # covers: OPS-4, OPS-5
    """A git user.name, or a tracked policy file name, of Latin-1 bytes failed apply and
    `cs diff --git` with a UnicodeDecodeError (git's output was read strictly)."""
    from test_deploy import git

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.com")
    git(repo, "config", "user.name", NOT_UTF8)
    git(repo, "config", "core.quotepath", "false")
    policy = repo / (NOT_UTF8 + ".yaml")
    policy.write_text(version(1), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    url = f"sqlite:///{tmp_path / 'state.db'}"
    run_cs("apply", policy, "--store", url, "--auto-approve", author=None, cwd=repo)
    (row,) = json.loads(run_cs("history", "--store", url, "--format", "json"))["revisions"]
    assert row["author"] == "caf\\xe9" and row["git_commit"] is not None
    policy.write_text(version(2), encoding="utf-8")
    changed = run_cs("diff", "--git", "HEAD", code=1, cwd=repo)
    assert os.fsencode(NOT_UTF8) in os.fsencode(changed) and "max_chats: 1 -> 2" in changed


@pytest.mark.parametrize("garbage", ['{"a": ' * 5000 + "1" + "}" * 5000, "[]", "not json"])
def test_whatever_the_live_row_holds_cs_reports_it(store_url: str, write, garbage: str):
    good = write("p1.yaml", version(1))
    ok("apply", good, "--store", store_url, "--auto-approve")
    quoted = garbage.replace("'", "''")
    raw_sql(store_url, f"UPDATE cs_revisions SET document = '{quoted}' WHERE revision = 1")
    drifted = cs("diff", good, "--store", store_url)
    assert drifted.exit_code == 1 and "live revision 1" in drifted.stdout
    assert "applied revision 2" in ok("apply", good, "--store", store_url, "--auto-approve").stdout


# -- locks after a failed commit ----------------------------------------------------


class DeadConnection:
    """A connection whose every statement fails, as on a full disk."""

    def execute(self, *_: object) -> Any:
        raise sqlite3.OperationalError("database or disk is full")

    def close(self) -> None:
        pass


def break_connection(store: Any, store_url: str) -> None:
    """Inside the commit: the disk fills up (SQLite) or the server drops us (PostgreSQL)."""
    if store_url.startswith("sqlite:"):
        store._conn.execute("ROLLBACK")  # SQLite gives up the transaction on a full disk
        store._conn.close()
        store._conn = DeadConnection()
        raise sqlite3.OperationalError("database or disk is full")
    pid = store._conn.info.backend_pid
    raw_sql(store_url, f"SELECT pg_terminate_backend({pid})")


def test_a_failed_commit_releases_its_lock(store_url: str, write, monkeypatch: pytest.MonkeyPatch):
    first = write("p1.yaml", version(1))
    ok("apply", first, "--store", store_url, "--auto-approve")
    with open_store(store_url) as store:
        plan, _ = make_plan(store, load_policy(write("p2.yaml", version(2))), source="p2", git_commit=None, now=START)
        with monkeypatch.context() as patched:
            patched.setattr(SqlStore, "_before_commit", lambda self: break_connection(self, store_url))
            with pytest.raises(StoreError) as failed:
                apply_plan(store, plan, author="tester", message="")
        assert "nothing was half-written" in str(failed.value) and "unlock" not in str(failed.value)
    with open_store(store_url) as store:
        assert store.locks(include_expired=True) == []
        assert [r.number for r in store.history(NAME)] == [1]
        # the advice was true: retrying at once works
        assert apply_plan(store, plan, author="tester", message="").live_number == 2


@pytest.mark.postgres
def test_a_lock_dies_with_its_postgresql_session():
    with fresh_postgres_schema() as url:
        with open_store(url) as holder, open_store(url) as other:
            lock = holder.acquire_lock(NAME, "alice", ttl_seconds=600)
            with pytest.raises(LockHeldError):
                other.acquire_lock(NAME, "bob", ttl_seconds=600)
        with open_store(url) as other:
            assert other.acquire_lock(NAME, "bob", ttl_seconds=600).id != lock.id


def test_a_lock_row_with_a_garbage_time_is_dead_and_unlock_clears_it(store_url: str, write):
    policy = write("p1.yaml", version(1))
    ok("apply", policy, "--store", store_url, "--auto-approve")
    raw_sql(
        store_url,
        f"INSERT INTO cs_locks (id, name, owner, acquired_at, expires_at) "
        f"VALUES ('garbage-lock', '{NAME}', 'someone', 'yesterday', 'soonish')",
    )
    assert ok("unlock", "garbage-lock", "--store", store_url).stdout.strip() == f"released lock garbage-lock on {NAME}"
    raw_sql(
        store_url,
        f"INSERT INTO cs_locks (id, name, owner, acquired_at, expires_at) "
        f"VALUES ('garbage-2', '{NAME}', 'someone', '9999-99-99', '')",
    )
    applied = ok("apply", write("p2.yaml", version(2)), "--store", store_url, "--auto-approve")
    assert "applied revision 2" in applied.stdout


# -- identity of copies -------------------------------------------------------------


def copy_of(store_url: str, tmp_path: Path) -> str:
    """A byte-for-byte copy of the store: the SQLite file, or the tables in a new schema."""
    if store_url.startswith("sqlite:"):
        target = tmp_path / "backup" / "copy.db"
        target.parent.mkdir()
        shutil.copyfile(store_url.removeprefix("sqlite:///"), target)
        return f"sqlite:///{target}"
    schema = store_url.rpartition("%3D")[2]
    copy = f"{schema}_copy"
    raw_sql(store_url, f'CREATE SCHEMA "{copy}"')
    for table in ("cs_meta", "cs_revisions", "cs_locks"):
        raw_sql(store_url, f'CREATE TABLE "{copy}".{table} AS SELECT * FROM "{schema}".{table}')
    return store_url.replace(f"%3D{schema}", f"%3D{copy}")


@pytest.fixture
def drop_copies(store_url: str) -> Iterator[None]:
    yield
    if not store_url.startswith("sqlite:"):
        schema = store_url.rpartition("%3D")[2]
        raw_sql(store_url, f'DROP SCHEMA IF EXISTS "{schema}_copy" CASCADE')


@pytest.mark.usefixtures("drop_copies")
def test_a_copy_of_a_store_is_another_store(store_url: str, write, tmp_path: Path):
    ok("apply", write("p1.yaml", version(1)), "--store", store_url, "--auto-approve")
    plan_file = tmp_path / "plan.json"
    ok("plan", write("p2.yaml", version(2)), "--store", store_url, "-o", plan_file)
    copy_url = copy_of(store_url, tmp_path)
    with open_store(store_url) as original, open_store(copy_url) as copy:
        assert copy.store_id != original.store_id
        assert copy.store_id.partition("@")[0] == original.store_id.partition("@")[0]
    refused = cs("apply", plan_file, "--store", copy_url)
    assert refused.exit_code == 1 and "a copy is another store" in one_error_line(refused.stderr)
    assert "applied revision 2" in ok("apply", plan_file, "--store", store_url).stdout


def test_a_lost_identity_row_is_refused_not_renewed(store_url: str, write, tmp_path: Path):
    ok("apply", write("p1.yaml", version(1)), "--store", store_url, "--auto-approve")
    plan_file = tmp_path / "plan.json"
    ok("plan", write("p2.yaml", version(2)), "--store", store_url, "-o", plan_file)
    (made_once,) = raw_sql(store_url, "SELECT value FROM cs_meta WHERE key = 'store_id'")[0]
    raw_sql(store_url, "DELETE FROM cs_meta WHERE key = 'store_id'")
    for args in (("history",), ("apply", plan_file)):
        refused = cs(*args, "--store", store_url)
        assert refused.exit_code == 2 and "lost its identity" in one_error_line(refused.stderr)
    assert raw_sql(store_url, "SELECT value FROM cs_meta WHERE key = 'store_id'") == []
    raw_sql(store_url, f"INSERT INTO cs_meta (key, value) VALUES ('store_id', '{made_once}')")
    assert "applied revision 2" in ok("apply", plan_file, "--store", store_url).stdout


# -- files and paths ------------------------------------------------------------------


def test_a_dangling_store_link_inside_the_tree_makes_an_owner_only_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write
):
    tree = tmp_path / "repo"
    (tree / ".cs").mkdir(parents=True)
    (tree / ".cs" / "state.db").symlink_to("../data/real.db")
    (tree / "data").mkdir()
    monkeypatch.chdir(tree)
    ok("apply", write("p1.yaml", version(1)), "--auto-approve", env={"CS_STORE": None})
    assert stat.S_IMODE((tree / "data" / "real.db").stat().st_mode) == 0o600


@pytest.mark.parametrize("command", [["history"], ["apply", "p1.yaml", "--auto-approve"]])
def test_another_applications_sqlite_database_is_refused_untouched(tmp_path: Path, write, command: list[str]):
    """A SQLite file with tables but none of cs's is not made a store: exit 2, one line,
    not a byte of it changed (no cs tables, no WAL mode); an empty file becomes one (OPS-6)."""
    write("p1.yaml", version(1))
    other = tmp_path / "app.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO customers (name) VALUES ('ann')")
    conn.close()
    before = other.read_bytes()
    refused = cs(*command, "--store", f"sqlite:///{other}")
    line = one_error_line(refused.stderr)
    assert refused.exit_code == 2 and "another application's SQLite database (tables: customers)" in line
    assert other.read_bytes() == before and sorted(p.name for p in tmp_path.glob("app.db*")) == ["app.db"]
    empty = tmp_path / "empty.db"
    empty.touch()
    ok(*command, "--store", f"sqlite:///{empty}")


def test_a_store_link_out_of_the_tree_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write):
    tree, outside = tmp_path / "repo", tmp_path / "elsewhere"
    (tree / ".cs").mkdir(parents=True)
    outside.mkdir()
    (tree / ".cs" / "state.db").symlink_to(outside / "planted.db")
    monkeypatch.chdir(tree)
    refused = cs("apply", write("p1.yaml", version(1)), "--auto-approve", env={"CS_STORE": None})
    assert refused.exit_code == 2 and "symbolic link out of the working tree" in one_error_line(refused.stderr)
    assert not (outside / "planted.db").exists()


def test_git_values_are_verified_as_revisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write):
    monkeypatch.chdir(tmp_path)
    policy = write("p.yaml", version(1))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "p.yaml"], check=True)
    subprocess.run([*git, "commit", "-qm", "p"], check=True)
    target = tmp_path / "written-by-git"
    for value in (f"--output={target}", "HEAD --output=x", "no-such-branch"):
        for args in (("diff", "--git", value), ("diff", "--git", value, policy)):
            refused = cs(*args)
            assert refused.exit_code == 2 and "--git" in one_error_line(refused.stderr)
    assert not target.exists()
    assert cs("diff", "--git", "HEAD", policy).exit_code == 0


def test_a_read_only_store_can_be_read(tmp_path: Path, write):
    """history, show and diff --store on a 0400 file in a 0500 directory. Root ignores
    permissions, so as root the commands run without the capabilities that let it."""
    store = tmp_path / "ro" / "state.db"
    url = f"sqlite:///{store}"
    policy = write("p.yaml", version(1))
    ok("apply", policy, "--store", url, "--auto-approve")
    as_a_user: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be enforced")
        as_a_user = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    os.chmod(store, 0o400)
    os.chmod(store.parent, 0o500)
    try:

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            command = [*as_a_user, sys.executable, "-m", "cs", *args, "--store", url]
            return subprocess.run(command, capture_output=True, text=True, check=False)

        for args in (("history", NAME), ("show", NAME), ("diff", str(policy))):
            done = run(*args)
            assert done.returncode == 0, (args, done.stderr)
        assert "no changes" in done.stdout
        applied = run("apply", str(write("p2.yaml", version(2))), "--auto-approve")
        assert applied.returncode == 2 and "read-only" in one_error_line(applied.stderr)
    finally:
        os.chmod(store.parent, 0o700)


# -- never stuck ----------------------------------------------------------------------


def test_connection_options_bound_every_wait(monkeypatch: pytest.MonkeyPatch):
    import psycopg

    seen: list[dict[str, Any]] = []

    def capture(conninfo: str, **options: Any) -> None:
        seen.append(options)
        raise psycopg.OperationalError("no server here")

    monkeypatch.setattr(psycopg, "connect", capture)
    for url in (
        "postgresql://cs:connect_timeout@db/cs",  # the word elsewhere does not count
        "postgresql://cs:pw@db/cs?application_name=connect_timeout",
    ):
        with pytest.raises(StoreError):
            open_store(url)
        assert seen[-1]["connect_timeout"] == 10
        assert seen[-1]["keepalives"] == 1 and seen[-1]["tcp_user_timeout"] == 30_000
    with pytest.raises(StoreError):
        open_store("postgresql://cs:pw@db/cs?connect_timeout=3&tcp_user_timeout=5000")
    assert "connect_timeout" not in seen[-1] and "tcp_user_timeout" not in seen[-1]
    with pytest.raises(StoreError):
        open_store("postgresql://cs:pw@db/cs", timeout=60)
    assert seen[-1]["tcp_user_timeout"] == 60_000 and seen[-1]["keepalives_idle"] == 20


@pytest.mark.parametrize("text", ["soon", "0", "-5", "86400"])
def test_store_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, text: str):
    """CS_STORE_TIMEOUT=0 was "not a number of seconds between 0 and 86400"."""
    monkeypatch.setenv("CS_STORE_TIMEOUT", text)
    with pytest.raises(StoreError) as refused:
        open_store("postgresql://cs:pw@127.0.0.1:1/cs")
    assert str(refused.value) == (
        f"CS_STORE_TIMEOUT='{text}' must be a number of seconds above 0 and below 86400 (a day)"
    )


@pytest.mark.postgres
def test_a_stalled_server_ends_the_apply_in_bounded_time(write, monkeypatch: pytest.MonkeyPatch):
    """The server stops answering inside the commit: the apply fails with one clear
    error after the store timeout, nothing is written, and the lock is released."""
    from cs.store.postgres import PostgresStore

    stopped: list[int] = []
    guards: list[threading.Timer] = []
    begin_write = PostgresStore._begin_write

    def stall(self: PostgresStore, key: str) -> None:
        begin_write(self, key)
        if key.endswith(f"policy\0{NAME}") and not stopped:
            stopped.append(self._conn.info.backend_pid)
            os.kill(stopped[0], signal.SIGSTOP)
            # a guard for the code as it was (no watchdog): resume after a minute
            guards.append(threading.Timer(60, os.kill, (stopped[0], signal.SIGCONT)))
            guards[-1].start()

    with fresh_postgres_schema() as url:
        ok("apply", write("p1.yaml", version(1)), "--store", url, "--auto-approve")
        monkeypatch.setattr(PostgresStore, "_begin_write", stall)
        try:
            with open_store(url, busy_timeout=0.5, timeout=2) as store:
                plan, _ = make_plan(
                    store, load_policy(write("p2.yaml", version(2))), source="p2", git_commit=None, now=START
                )
                with pytest.raises(StoreError, match="did not answer within 2 s"):
                    apply_plan(store, plan, author="tester", message="")
        finally:
            for guard in guards:
                guard.cancel()
            for pid in stopped:
                os.kill(pid, signal.SIGCONT)
        monkeypatch.undo()
        wait_for_sessions_to_end(url)
        with open_store(url) as store:
            assert [r.number for r in store.history(NAME)] == [1]
            assert store.locks(include_expired=True) == []


@pytest.mark.postgres
def test_sessions_carry_server_side_timeouts():
    with fresh_postgres_schema() as url, open_store(url, timeout=40) as store:
        settings = {
            name: store._execute(f"SHOW {name}").fetchone()[0]  # type: ignore[attr-defined]
            for name in ("statement_timeout", "tcp_user_timeout", "tcp_keepalives_idle", "lock_timeout")
        }
    assert settings == {
        "statement_timeout": "40s",
        "tcp_user_timeout": "40000",
        "tcp_keepalives_idle": "13",
        "lock_timeout": "10s",
    }


def test_ctrl_c_during_apply_exits_130_and_releases_the_lock(store_url: str, write):
    first, second = write("p1.yaml", version(1)), write("p2.yaml", version(2))
    ok("apply", first, "--store", store_url, "--auto-approve")
    run = cs_process(store_url, "apply", second, "--auto-approve", CS_TEST_HANG="1")
    assert run.stderr is not None
    assert run.stderr.readline() == "inside the commit\n", run.communicate()
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130
    assert one_error_line(err) == "cs: error: interrupted; nothing was half-written"
    with open_store(store_url) as store:
        assert store.locks(include_expired=True) == []
        assert [r.number for r in store.history(NAME)] == [1]


# -- one clear line, exit 2 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"format": "cs-plan/1", "policy": "\xff\xfe"}', "invalid UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"format": "cs-plan/1", "base_revision": "1"}', "wrong type of base_revision"),
        (b"1" * 5000, "a number too long to read"),
        (b'{"format": "cs-plan/1", "base_revision": ' + b"9" * 5000 + b"}", "a number too long to read"),
    ],
)
def test_broken_plan_files_are_one_line(tmp_path: Path, content: bytes, expected: str):
    plan_file = tmp_path / "plan.json"
    plan_file.write_bytes(content)
    refused = cs("apply", plan_file, "--store", f"sqlite:///{tmp_path / 's.db'}")
    assert refused.exit_code == 2 and expected in one_error_line(refused.stderr)


def test_a_huge_revision_number_is_one_line(store_url: str, write):
    ok("apply", write("p1.yaml", version(1)), "--store", store_url, "--auto-approve")
    for number in ("99999999999999999999", "0", "-3"):
        shown = cs("show", NAME, "--revision", number, "--store", store_url)
        assert shown.exit_code == 2 and "has no revision" in one_error_line(shown.stderr)


def test_a_revision_number_too_large_says_so(store_url: str, write):
    ok("apply", write("p1.yaml", version(1)), "--store", store_url, "--auto-approve")
    for args in (["show", NAME, "--revision"], ["rollback", NAME, "--auto-approve", "--to"]):
        refused = cs(*args, "99999999999999999999", "--store", store_url)
        line = one_error_line(refused.stderr)
        assert refused.exit_code == 2 and "that is too large" in line and "numbered from 1" not in line
        refused = cs(*args, "0", "--store", store_url)
        assert refused.exit_code == 2 and "numbered from 1" in one_error_line(refused.stderr)


@pytest.mark.parametrize("number", ["-1", "-99", "99999999999999999999"])
def test_expect_revision_that_no_store_can_hold_is_a_usage_error(tmp_path: Path, write, number: str):
    """Revisions are numbered from 1 (0: not in the store yet): --expect-revision -1 is a
    mistake on the command line (exit 2), not a revision that moved (exit 1)."""
    db = tmp_path / "s.db"
    refused = cs(
        "apply",
        write("p1.yaml", version(1)),
        "--store",
        f"sqlite:///{db}",
        "--auto-approve",
        "--expect-revision",
        number,
    )
    assert refused.exit_code == 2
    assert f"--expect-revision {number} is not a revision" in one_error_line(refused.stderr)
    assert not db.exists()


@pytest.mark.parametrize("lock_id", ["", "  "])
def test_unlock_without_a_lock_id_is_a_usage_error(tmp_path: Path, lock_id: str):
    db = tmp_path / "s.db"
    refused = cs("unlock", lock_id, "--store", f"sqlite:///{db}")
    assert refused.exit_code == 2 and "LOCK_ID is empty" in one_error_line(refused.stderr)
    assert refused.stdout == "" and not db.exists()


@pytest.mark.parametrize("name", ["x" * 300, "/".join(["d" * 200] * 30)])
def test_a_store_path_too_long_for_the_file_system_is_one_line(tmp_path: Path, name: str):
    refused = cs("history", "--store", f"sqlite:///{tmp_path / name}.db")
    assert refused.exit_code == 2
    assert "File name too long" in one_error_line(refused.stderr)


def test_apply_with_standard_input_closed_is_one_line(tmp_path: Path, write):
    policy = write("p1.yaml", version(1))
    done = subprocess.run(
        [sys.executable, "-m", "cs", "apply", str(policy), "--store", f"sqlite:///{tmp_path / 's.db'}"],
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.close(0),
        check=False,
    )
    assert done.returncode == 2
    assert "no terminal to confirm on" in one_error_line(done.stderr)


# -- issue 9: plan --exit-code, apply --lock-timeout -----------------------------------


def test_plan_exit_code(store_url: str, write):
    policy = write("p1.yaml", version(1))
    assert cs("plan", policy, "--store", store_url).exit_code == 0
    assert cs("plan", policy, "--store", store_url, "--exit-code").exit_code == 1
    ok("apply", policy, "--store", store_url, "--auto-approve")
    assert cs("plan", policy, "--store", store_url, "--exit-code").exit_code == 0
    assert cs("plan", write("p2.yaml", version(2)), "--store", store_url, "--exit-code").exit_code == 1
    assert cs("plan", "missing.yaml", "--store", store_url, "--exit-code").exit_code == 2


def test_apply_lock_timeout_waits_for_a_held_lock(store_url: str, write):
    policy = write("p1.yaml", version(1))
    with open_store(store_url) as holder:
        lock = holder.acquire_lock(NAME, "someone-else", ttl_seconds=600)
        refused = cs("apply", policy, "--store", store_url, "--auto-approve")
        assert refused.exit_code == 1 and "is locked" in one_error_line(refused.stderr)
        releaser = threading.Timer(0.3, holder.release_lock, (lock.id,))
        releaser.start()
        try:
            waited = ok("apply", policy, "--store", store_url, "--auto-approve", "--lock-timeout", "30s")
        finally:
            releaser.join()
    assert "applied revision 1" in waited.stdout
    bad = cs("apply", policy, "--store", store_url, "--lock-timeout", "soon")
    assert bad.exit_code == 2 and "--lock-timeout 'soon'" in one_error_line(bad.stderr)


def test_lock_waiting_gives_up_at_its_deadline(store_url: str):
    now = [0.0]
    naps: list[float] = []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        now[0] += seconds

    with open_store(store_url) as store:
        store.acquire_lock(NAME, "someone-else", ttl_seconds=600)
        with pytest.raises(LockHeldError):
            acquire_apply_lock(store, NAME, "me", wait_seconds=2.5, sleep=sleep, clock=lambda: now[0])
    assert naps == [1.0, 1.0, 0.5]


# -- issue 7: one revision summary ---------------------------------------------------------


def test_conflicts_describe_revisions_one_way(store_url: str, write):
    policy = write("p1.yaml", version(1))
    with open_store(store_url) as store:
        plan, _ = make_plan(store, load_policy(policy), source="p1", git_commit=None, now=START)
        ok("apply", write("p2.yaml", version(2)), "--store", store_url, "--auto-approve")
        live = store.live(NAME)
        assert live is not None
        with pytest.raises(StalePlanError) as stale:
            apply_plan(store, plan, author="tester", message="")
        assert live.summary() in str(stale.value)


def test_a_disk_io_error_on_a_full_disk_says_the_disk_is_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """SQLite says only "disk I/O error" when its -wal or -shm file cannot be made on a
    full disk; cs passed that on, where a full disk in a write said what to do."""
    from cs.store import sqlite as backend

    with open_store(f"sqlite:///{tmp_path / 'state.db'}") as store:
        error = sqlite3.OperationalError("disk I/O error")
        assert "the disk is full" not in str(store._translate(error))  # space left: an I/O error as it is
        monkeypatch.setattr(backend, "_no_space_left", lambda directory: directory == tmp_path)
        translated = str(store._translate(error))
    assert "the disk is full (disk I/O error); nothing was half-written: free some space and retry" in translated


def test_an_author_or_message_with_control_characters_stays_on_its_line_in_history(tmp_path: Path, write):
    """A terminal title escape, a carriage return and a line break in --author and -m
    reached the history table raw: they broke its rows and could retitle the terminal."""
    url = f"sqlite:///{tmp_path / 'state.db'}"
    author, note = "eve\x1b]0;pwned\x07", "line1\nline2\rX"
    ok("apply", write("p1.yaml", version(1)), "--store", url, "--auto-approve", "--author", author, "-m", note)
    table = ok("history", "--store", url).stdout
    assert "\x1b" not in table and "\r" not in table and len(table.splitlines()) == 3  # header, rule, one row
    assert "eve\\x1b]0;pwned\\x07" in table and "line1\\nline2\\rX" in table
    (row,) = json.loads(ok("history", "--store", url, "--format", "json").stdout)["revisions"]
    assert (row["author"], row["message"]) == (author, note)  # kept as written

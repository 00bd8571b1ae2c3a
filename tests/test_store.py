"""The store layer (OPS-5, OPS-6), run against both backends.

Every test taking ``store_url`` (or ``store``) runs on SQLite (a file in
tmp_path) and on PostgreSQL (a fresh schema in the database named by
CS_TEST_POSTGRES_URL; `. .ci/postgres.sh` starts one). Without that variable
the PostgreSQL cases are skipped, except under CI, where they fail.
"""

# covers: OPS-5, OPS-6

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cs.digest import document_hash
from cs.errors import ConflictError, StalePlanError, StoreError
from cs.store import (
    WRITER,
    Drift,
    LockHeldError,
    LockLostError,
    RevisionNotFoundError,
    Store,
    StoreBusyError,
    open_store,
    redact_url,
)
from cs.store.url import parse_store_url, scrub

START = datetime(2024, 5, 1, 9, 0, 0, tzinfo=UTC)
POLICY = "support"


class FrozenClock:
    """The store's ``now``: stands still until a test moves it."""

    def __init__(self, start: datetime = START) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


# -- backends --------------------------------------------------------------------


def postgres_base_url() -> str:
    url = os.environ.get("CS_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI is set but CS_TEST_POSTGRES_URL is not: source .ci/postgres.sh first")
        pytest.skip("CS_TEST_POSTGRES_URL is not set; `. .ci/postgres.sh` starts a server")
    return url


@contextmanager
def fresh_postgres_schema() -> Iterator[str]:
    """A store URL whose search_path is a new, empty schema; dropped afterwards."""
    import psycopg

    base = postgres_base_url()
    schema = f"cs_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextmanager
def backend_url(kind: str, directory: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{directory / f'state-{uuid.uuid4().hex[:8]}.db'}"
    else:
        with fresh_postgres_schema() as url:
            yield url


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, tmp_path: Path) -> Iterator[str]:
    with backend_url(backend, tmp_path) as url:
        yield url


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def store(store_url: str, clock: FrozenClock) -> Iterator[Store]:
    with open_store(store_url, now=clock) as opened:
        yield opened


def raw_sql(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Run SQL behind cs's back, as a person or another tool would."""
    if url.startswith("sqlite:"):
        path = parse_store_url(url).path
        assert path is not None
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute(sql).fetchall()
            conn.commit()
        finally:
            conn.close()
        return rows
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql.encode())
        return cursor.fetchall() if cursor.description else []


@contextmanager
def write_lock_held(url: str) -> Iterator[None]:
    """Hold the store's tables against writers from another connection."""
    if url.startswith("sqlite:"):
        path = parse_store_url(url).path
        assert path is not None
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    import psycopg

    with psycopg.connect(url) as pg:
        pg.execute("LOCK TABLE cs_revisions IN EXCLUSIVE MODE")
        yield
        pg.rollback()


def commit(store: Store, document: dict[str, Any], expected: int, **meta: Any) -> int:
    meta.setdefault("author", "alice")
    meta.setdefault("message", "test")
    return store.commit(POLICY, document, expected_revision=expected, **meta).number


# -- opening ---------------------------------------------------------------------


def test_default_store_is_created_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    with open_store(None) as store:
        commit(store, {"v": 1}, 0)
        directory, database = tmp_path / ".cs", tmp_path / ".cs" / "state.db"
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
        assert stat.S_IMODE(database.stat().st_mode) == 0o600
        for companion in directory.glob("state.db-*"):  # WAL and shared-memory files
            assert stat.S_IMODE(companion.stat().st_mode) == 0o600, companion
        assert store.location == f"sqlite:///{database}"
    with open_store(None) as again:
        assert [r.number for r in again.history(POLICY)] == [1]


def test_sqlite_url_creates_missing_directories(tmp_path: Path):
    path = tmp_path / "deep" / "er" / "state.db"
    with open_store(f"sqlite:///{path}") as store:
        assert store.names() == []
    assert stat.S_IMODE((tmp_path / "deep").stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_relative_sqlite_url_is_relative_to_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///rel/state.db") as store:
        assert store.location == f"sqlite:///{tmp_path / 'rel' / 'state.db'}"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://u:hunter2@h/db", "unknown store scheme 'mysql'"),
        ("state.db", "sqlite:///state.db"),
        ("sqlite://host/state.db", "names a host"),
        ("sqlite:///", "names no file"),
        ("sqlite:///state.db?mode=ro", "has options"),
        ("sqlite:///:memory:", "forget every revision"),
    ],
)
def test_bad_urls_are_store_errors(url: str, expected: str):
    with pytest.raises(StoreError) as error:
        open_store(url)
    message = str(error.value)
    assert expected in message
    assert "hunter2" not in message
    if "scheme" in expected:
        assert "sqlite:///" in message and "postgresql://" in message


def test_not_a_database_is_a_store_error(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not SQLite\n" * 100)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(f"sqlite:///{path}")


def test_missing_psycopg_says_what_to_install(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError, match=r"pip install '\.\[postgres\]'"):
        open_store("postgresql://cs:hunter2@127.0.0.1:1/cs")


def test_identity_is_stable_and_unique(backend: str, tmp_path: Path):
    with backend_url(backend, tmp_path) as first_url, backend_url(backend, tmp_path) as other_url:
        with open_store(first_url) as first:
            identity, store_id, location = first.identity, first.store_id, first.location
        with open_store(first_url) as reopened:
            assert reopened.identity == identity
            assert reopened.store_id == store_id
        with open_store(other_url) as other:
            assert other.store_id != store_id
    kind = "sqlite" if backend == "sqlite" else "postgresql"
    assert store_id.startswith(f"{kind}:")
    made_once, place = store_id.split(":", 1)[1].split("@")
    uuid.UUID(made_once)
    assert len(place) == 12
    assert identity == f"{store_id} {location}"
    assert location == (first_url if backend == "sqlite" else redact_url(first_url))


def test_newer_schema_is_refused(store_url: str):
    open_store(store_url).close()
    raw_sql(store_url, "UPDATE cs_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99, newer"):
        open_store(store_url)


def test_closed_store_refuses_work(store: Store):
    store.close()
    store.close()
    with pytest.raises(StoreError, match="is closed"):
        store.names()


# -- revisions -------------------------------------------------------------------


def test_revisions_are_sequential_with_history(store: Store, clock: FrozenClock):
    documents = [{"v": n, "name": "支持"} for n in range(1, 4)]
    for expected, document in enumerate(documents):
        clock.advance(60)
        revision = store.commit(
            POLICY,
            document,
            expected_revision=expected,
            author="alice",
            message=f"change {expected + 1}",
            git_commit="0a1b2c3",
            plan_digest="sha256:plan",
        )
        assert revision.number == expected + 1
        assert revision.hash == document_hash(document)
        assert revision.created_at == clock()
        assert revision.writer == WRITER
    live = store.live(POLICY)
    assert live is not None
    assert live.number == 3 and live.document == documents[2]
    assert live.created_at == START + timedelta(seconds=180)
    assert (live.author, live.message, live.git_commit, live.plan_digest) == (
        "alice",
        "change 3",
        "0a1b2c3",
        "sha256:plan",
    )
    assert store.revision(POLICY, 2).document == documents[1]
    history = store.history(POLICY)
    assert [r.number for r in history] == [3, 2, 1]
    assert all(r.document is None for r in history)
    assert store.drift(POLICY) == []


def test_history_of_all_policies_is_newest_first(store: Store, clock: FrozenClock):
    store.commit("b", {"v": 1}, expected_revision=0, author="a", message="m")
    clock.advance(1)
    store.commit("a", {"v": 1}, expected_revision=0, author="a", message="m")
    clock.advance(1)
    store.commit("b", {"v": 2}, expected_revision=1, author="a", message="m")
    assert store.names() == ["a", "b"]
    assert [(r.name, r.number) for r in store.history()] == [("b", 2), ("a", 1), ("b", 1)]


def test_missing_revisions_are_store_errors(store: Store):
    assert store.live(POLICY) is None
    assert store.history(POLICY) == []
    with pytest.raises(RevisionNotFoundError, match="no policy named 'support'"):
        store.revision(POLICY, 1)
    commit(store, {"v": 1}, 0)
    with pytest.raises(RevisionNotFoundError, match=r"no revision 7 \(live is revision 1\)"):
        store.revision(POLICY, 7)


def test_stale_expected_revision_names_the_live_one(store: Store):
    commit(store, {"v": 1}, 0)
    commit(store, {"v": 2}, 1, author="bob")
    for stale in (0, 1, 5):
        with pytest.raises(StalePlanError) as error:
            commit(store, {"v": "mine"}, stale)
        message = str(error.value)
        assert f"planned against revision {stale}" in message
        assert "revision 2 (sha256:" in message
        assert "by bob at 2024-05-01T09:00:00Z" in message
    assert [r.number for r in store.history(POLICY)] == [2, 1]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({2: "a", 10: "b"}, "not canonical JSON"),
        ({"v": {1, 2}}, "not JSON"),
        (["a"], "JSON object"),
    ],
)
def test_documents_must_be_canonical_json(store: Store, document: Any, expected: str):
    with pytest.raises(StoreError, match=expected):
        commit(store, document, 0)
    assert store.live(POLICY) is None


def test_busy_store_is_a_clean_conflict(store_url: str):
    with open_store(store_url, busy_timeout=0.3) as store:
        with write_lock_held(store_url), pytest.raises(StoreBusyError, match="is busy"):
            commit(store, {"v": 1}, 0)
        assert commit(store, {"v": 1}, 0) == 1


def test_writer_waiting_for_another_gets_busy_then_recovers(store_url: str):
    inside, release = threading.Event(), threading.Event()

    def hold_transaction_open() -> None:
        inside.set()
        release.wait(10)

    with open_store(store_url) as holder, open_store(store_url, busy_timeout=0.3) as waiter:
        holder._before_commit = hold_transaction_open  # type: ignore[method-assign]
        writer = threading.Thread(target=commit, args=(holder, {"v": 1}, 0))
        writer.start()
        try:
            assert inside.wait(10)
            with pytest.raises(StoreBusyError, match="is busy"):
                commit(waiter, {"v": "mine"}, 0)
        finally:
            release.set()
            writer.join()
        assert commit(waiter, {"v": 2}, 1) == 2


# -- concurrency and crashes -----------------------------------------------------

WORKER = r"""
import json, sys, time
from cs.errors import ConflictError
from cs.store import open_store
from cs.store.sql import SqlStore

url, name = sys.argv[1:3]
worker, wanted, attempts, fixed = (int(arg) for arg in sys.argv[3:7])
hold = float(sys.argv[7])
# Hold every commit open a moment, so the racers' transactions surely overlap.
SqlStore._before_commit = lambda self: time.sleep(hold)
try:
    with open_store(url) as store:
        print("ready", flush=True)
        sys.stdin.readline()
        committed, errors = [], []
        for attempt in range(attempts):
            if len(committed) == wanted:
                break
            if fixed >= 0:
                expected = fixed
            else:
                live = store.live(name)
                expected = live.number if live else 0
            try:
                revision = store.commit(
                    name, {"worker": worker, "attempt": attempt},
                    expected_revision=expected, author=f"worker-{worker}", message="race",
                )
            except ConflictError as error:
                errors.append(f"{type(error).__name__}: {error}")
                continue
            committed.append(revision.number)
    outcome = "ok" if len(committed) == wanted else "conflict"
    print(json.dumps({"outcome": outcome, "committed": committed, "errors": errors}), flush=True)
except Exception as error:
    print(json.dumps({"outcome": "error", "error": f"{type(error).__name__}: {error}"}), flush=True)
"""


def race(url: str, processes: int, *, wanted: int, attempts: int, fixed: int, hold: float) -> list[dict[str, Any]]:
    """Start ``processes`` committers, release them at once, and collect their reports.

    Each commits ``wanted`` times in at most ``attempts`` tries, against revision
    ``fixed`` or (``fixed`` -1) whatever it reads as live, keeping each commit's
    transaction open ``hold`` seconds.
    """
    args = [str(wanted), str(attempts), str(fixed), str(hold)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, POLICY, str(n), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    reports = []
    try:
        for worker in workers:
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() == "ready", worker.communicate()[1]
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
        for worker in workers:
            out, err = worker.communicate(timeout=60)
            assert worker.returncode == 0, err
            reports.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()
    return reports


def test_racing_commits_on_one_revision_exactly_one_wins(store_url: str):
    open_store(store_url).close()
    reports = race(store_url, 8, wanted=1, attempts=1, fixed=0, hold=0.2)
    assert [r["outcome"] for r in reports].count("ok") == 1, reports
    for report in reports:
        if report["outcome"] != "ok":
            assert report["outcome"] == "conflict", report
            assert report["errors"][0].startswith("StaleRevisionError"), report
            assert "revision 1 (sha256:" in report["errors"][0]
    with open_store(store_url) as store:
        assert [r.number for r in store.history(POLICY)] == [1]


def test_concurrent_processes_never_lose_or_duplicate_revisions(store_url: str):
    open_store(store_url).close()
    reports = race(store_url, 8, wanted=3, attempts=100, fixed=-1, hold=0.005)
    assert all(r["outcome"] in ("ok", "conflict") for r in reports), reports
    for report in reports:
        assert all(e.split(":")[0] in ("StaleRevisionError", "StoreBusyError") for e in report["errors"])
    committed = sorted(n for r in reports for n in r["committed"])
    with open_store(store_url) as store:
        numbers = sorted(r.number for r in store.history(POLICY))
        assert store.drift(POLICY) == []
    assert committed == numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 8


CRASHER = r"""
import sys, time
from cs.store import open_store
from cs.store.sql import SqlStore

def hang_inside_transaction(self):
    print("inside", flush=True)
    time.sleep(60)

SqlStore._before_commit = hang_inside_transaction
with open_store(sys.argv[1]) as store:
    live = store.live(sys.argv[2])
    store.commit(sys.argv[2], {"v": "half-written"}, expected_revision=live.number,
                 author="crash", message="killed mid-commit")
"""

LOOPER = r"""
import sys
from cs.store import open_store

with open_store(sys.argv[1]) as store:
    while True:
        live = store.live(sys.argv[2])
        number = live.number if live else 0
        store.commit(sys.argv[2], {"v": number + 1, "pad": "x" * 20000},
                     expected_revision=number, author="looper", message="loop")
        print(number + 1, flush=True)
"""


def test_kill_inside_commit_leaves_previous_revision_live(store_url: str):
    with open_store(store_url) as store:
        commit(store, {"v": 1}, 0)
    crasher = subprocess.Popen(
        [sys.executable, "-c", CRASHER, store_url, POLICY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert crasher.stdout is not None
    assert crasher.stdout.readline().strip() == "inside", crasher.communicate()[1]
    crasher.send_signal(signal.SIGKILL)
    crasher.communicate()
    assert crasher.returncode == -signal.SIGKILL
    with open_store(store_url) as store:
        live = store.live(POLICY)
        assert live is not None and live.number == 1 and live.document == {"v": 1}
        assert store.drift(POLICY) == []
        assert commit(store, {"v": 2}, 1) == 2


def test_kill_at_random_times_keeps_store_consistent(store_url: str):
    chance = random.Random(20240501)
    for _ in range(3):
        looper = subprocess.Popen(
            [sys.executable, "-c", LOOPER, store_url, POLICY],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert looper.stdout is not None
        assert looper.stdout.readline().strip().isdigit(), looper.communicate()[1]
        try:
            looper.wait(timeout=chance.uniform(0.01, 0.2))
        except subprocess.TimeoutExpired:
            looper.send_signal(signal.SIGKILL)
        looper.communicate()
        with open_store(store_url) as store:
            live = store.live(POLICY)
            assert live is not None and live.document is not None
            assert live.document["v"] == live.number
            assert live.hash == document_hash(live.document)
            assert [r.number for r in store.history(POLICY)] == list(range(live.number, 0, -1))
            assert store.drift(POLICY) == []


# -- locks -----------------------------------------------------------------------


def test_second_lock_conflicts_naming_the_holder(store: Store):
    lock = store.acquire_lock(POLICY, "alice@laptop", ttl_seconds=60)
    assert (lock.name, lock.owner, lock.acquired_at) == (POLICY, "alice@laptop", START)
    assert lock.expires_at == START + timedelta(seconds=60)
    with pytest.raises(ConflictError) as error:
        store.acquire_lock(POLICY, "bob@ci", ttl_seconds=60)
    assert isinstance(error.value, LockHeldError) and error.value.lock == lock
    message = str(error.value)
    assert "alice@laptop" in message and lock.id in message and "2024-05-01T09:01:00Z" in message
    assert store.locks() == [lock]
    other = store.acquire_lock("other-policy", "bob@ci", ttl_seconds=60)
    assert store.locks() == [other, lock]


def test_expired_lock_is_taken_over(store: Store, clock: FrozenClock):
    stale = store.acquire_lock(POLICY, "killed-process", ttl_seconds=60)
    clock.advance(59)
    with pytest.raises(LockHeldError):
        store.acquire_lock(POLICY, "bob", ttl_seconds=60)
    clock.advance(1)
    assert store.locks() == []
    assert store.locks(include_expired=True) == [stale]
    fresh = store.acquire_lock(POLICY, "bob", ttl_seconds=60)
    assert fresh.id != stale.id
    assert store.locks() == [fresh]
    assert store.release_lock(stale.id) is None


def test_release_lock_by_id(store: Store):
    lock = store.acquire_lock(POLICY, "alice", ttl_seconds=600)
    assert store.release_lock(lock.id) == lock
    assert store.locks() == []
    assert store.release_lock(lock.id) is None
    assert store.acquire_lock(POLICY, "bob", ttl_seconds=600).owner == "bob"


def test_commit_requires_its_lock_when_named(store: Store, clock: FrozenClock):
    lock = store.acquire_lock(POLICY, "alice", ttl_seconds=60)
    assert commit(store, {"v": 1}, 0, lock_id=lock.id) == 1
    clock.advance(61)
    with pytest.raises(LockLostError, match="expired"):
        commit(store, {"v": 2}, 1, lock_id=lock.id)
    taker = store.acquire_lock(POLICY, "bob", ttl_seconds=60)
    with pytest.raises(LockLostError, match=f"no longer held; now lock {taker.id}"):
        commit(store, {"v": 2}, 1, lock_id=lock.id)
    assert [r.number for r in store.history(POLICY)] == [1]


# -- drift -----------------------------------------------------------------------


def test_document_edited_outside_cs_is_drift(store: Store, store_url: str):
    commit(store, {"v": 1}, 0)
    assert store.drift(POLICY) == []
    assert store.drift("never-applied") == []
    raw_sql(store_url, """UPDATE cs_revisions SET document = '{"v":666}' WHERE name = 'support'""")
    (finding,) = store.drift(POLICY)
    assert "does not match its stored hash" in finding and "revision 1" in finding
    assert store.drift_report(POLICY) == Drift(live=(finding,), history=())  # applying over it repairs it


def test_row_inserted_by_hand_is_drift(store: Store, store_url: str):
    commit(store, {"v": 1}, 0)
    document = '{"v":2}'
    raw_sql(
        store_url,
        "INSERT INTO cs_revisions (name, revision, document, hash, created_at, author, message) "
        f"VALUES ('support', 2, '{document}', '{document_hash(json.loads(document))}', "
        "'2024-05-01T10:00:00.000000Z', 'dba', 'hotfix')",
    )
    (finding,) = store.drift(POLICY)
    assert "revision 2 was not written by cs (no writer recorded): another tool" in finding
    assert commit(store, {"v": 3}, 2) == 3
    assert store.drift(POLICY) == []


def test_gap_in_revision_numbers_is_drift(store: Store, store_url: str):
    for expected in range(3):
        commit(store, {"v": expected + 1}, expected)
    raw_sql(store_url, "DELETE FROM cs_revisions WHERE name = 'support' AND revision = 2")
    (finding,) = store.drift(POLICY)
    assert "gap (missing 2 of 1..3)" in finding
    assert store.drift_report(POLICY) == Drift(live=(), history=(finding,))  # no apply repairs a gap


# -- secrets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        ("postgresql://cs:hunter2@db:5432/cs", "postgresql://cs:***@db:5432/cs"),
        (
            "postgres://cs:p%40ss%3Aw@db/cs?sslmode=require",
            "postgres://cs:***@db/cs?sslmode=require",
        ),
        ("postgresql://cs:pa@ss@db/cs", "postgresql://cs:***@db/cs"),
        ("postgresql://cs:pa/ss@db/cs", "postgresql://cs:***@db/cs"),
        ("postgresql://admin:Pa:ss@Wo:rd@db:5432/cs", "postgresql://admin:***@db:5432/cs"),
        ("postgresql://ad@min:pw@db/cs", "postgresql://***@db/cs"),  # ambiguous user: all of it goes
        ("postgresql://ad#min@db/cs", "postgresql://***@db/cs"),
        ("postgresql://db/cs?user=cs&password=hunter2", "postgresql://db/cs?user=cs&password=***"),
        ("postgresql://cs@db/cs", "postgresql://cs@db/cs"),
        ("sqlite:////var/lib/cs/state.db", "sqlite:////var/lib/cs/state.db"),
        ("host=db password=hunter2 dbname=cs", "host=db password=*** dbname=cs"),
        # a fragment is hidden whole; query pairs split at ';' too (they showed in clear)
        ("postgresql://cs:pw@db:5432/cs#token=FRAGSECRET", "postgresql://cs:***@db:5432/cs#***"),
        ("sqlite:///x.db#token=SQSECRET3", "sqlite:///x.db#***"),
        ("sqlite:///x.db?x=1;password=SEMISECRET", "sqlite:///x.db?x=1;password=***"),
        ("postgresql://db/cs?sslmode=require#", "postgresql://db/cs?sslmode=require#"),
        # libpq splits pairs at '&' only: a ';' in a password is part of it
        ("postgresql://db/cs?password=abc;defghijk&sslmode=require", "postgresql://db/cs?password=***&sslmode=require"),
        ("postgresql://db/cs?application_name=a;b", "postgresql://db/cs?application_name=a;b"),
    ],
)
def test_redact_url(url: str, redacted: str):
    assert redact_url(url) == redacted


def test_scrub_hides_every_form_of_the_password():
    url = "postgresql://cs:p%40ss'w@db/cs"
    text = f"failed for {url}: password=p@ss\\'w in \"p@ss'w\" and p%40ss'w"
    scrubbed = scrub(text, url)
    assert "p@ss" not in scrubbed and "p%40ss" not in scrubbed
    assert "postgresql://cs:***@db/cs" in scrubbed


@pytest.mark.parametrize(
    ("url", "given"),
    [
        ("postgresql://admin:Ab@cd@ef@gh@db:5432/cs", "postgresql://admin:Ab%40cd%40ef%40gh@db:5432/cs"),
        (
            "postgresql://admin:Hunt#er@2x@db/cs?sslmode=disable",
            "postgresql://admin:Hunt%23er%402x@db/cs?sslmode=disable",
        ),
        ("postgresql://admin:Pa:ss@Wo:rd@db/cs", "postgresql://admin:Pa:ss%40Wo:rd@db/cs"),
        ("postgresql://cs:pa/ss?x@db/cs", "postgresql://cs:pa%2Fss%3Fx@db/cs"),
        ("postgresql://cs:hunter2@db/cs?sslmode=disable", "postgresql://cs:hunter2@db/cs?sslmode=disable"),
        ("postgresql://cs:p@db/cs?application_name=a@b", "postgresql://cs:p@db/cs?application_name=a@b"),
    ],
)
def test_the_driver_is_given_the_url_split_where_cs_splits_it(url: str, given: str):
    """libpq ends the user info at the first @, cs at the last one before the host:
    the driver gets an ambiguous user info percent-encoded, so it connects to the host
    cs names and never prints a piece of the password as a host (OPS-6)."""
    from psycopg.conninfo import conninfo_to_dict

    from cs.store.url import driver_url

    assert driver_url(url) == given
    if given != url:
        assert conninfo_to_dict(given)["host"] == "db"
        assert conninfo_to_dict(given)["password"] == url.split("://")[1].partition(":")[2].rpartition("@")[0]


@pytest.mark.parametrize("password", ["u", "127", "on", "Connection"])
def test_scrub_never_masks_a_short_password_inside_the_message_words(password: str):
    """Masking is structural: a password that happens to be part of the driver's own
    text (refused, 127.0.0.1) is not cut out of it, which would also reveal it."""
    text = 'connection to server at "127.0.0.1", port 1 failed: Connection refused; Is the server running on that host'
    assert scrub(text, f"postgresql://admin:{password}@127.0.0.1:1/cs") == text


def test_scrub_hides_a_host_that_holds_a_piece_of_the_password():
    url = "postgresql://admin:Pa:ss@Wo:rd@db.example:5432/cs"
    scrubbed = scrub("failed to resolve host 'Wo' (port 'rd@db.example:5432'), server \"Pa\"", url)
    assert scrubbed == "failed to resolve host '***' (port '***@db.example:5432'), server \"***\""


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://cs:hunter2-secret@127.0.0.1:1/cs",
        "postgresql://cs:hunter2%zzsecret@127.0.0.1:1/cs",
        "postgresql://cs:hunter2-secret@127.0.0.1:notaport/cs",
        "postgresql://cs@127.0.0.1:1/cs?password=hunter2-secret&bogus=1",
    ],
)
def test_connection_failures_never_show_the_password(url: str):
    with pytest.raises(StoreError) as error:
        open_store(url, busy_timeout=1)
    message = str(error.value)
    assert "hunter2" not in message and "secret" not in message
    assert "cannot connect to PostgreSQL store" in message and "***" in message


def test_driver_messages_echoing_the_dsn_are_scrubbed(monkeypatch: pytest.MonkeyPatch):
    import psycopg

    url = "postgresql://cs:hunter2-secret@db.example:5432/cs"

    def echoing_connect(conninfo: str, **_: Any) -> None:
        raise psycopg.OperationalError(f"could not connect with {conninfo}\n(host=db.example password=hunter2-secret)")

    monkeypatch.setattr(psycopg, "connect", echoing_connect)
    with pytest.raises(StoreError) as error:
        open_store(url)
    message = str(error.value)
    assert "hunter2" not in message
    assert "postgresql://cs:***@db.example:5432/cs" in message and "password=***" in message


@pytest.mark.postgres
def test_real_server_errors_and_names_hide_the_password():
    base = postgres_base_url()
    password = parse_password(base)
    wrong = base.replace(f":{password}@", ":wrong-hunter2@")
    with pytest.raises(StoreError) as error:
        open_store(wrong)
    assert "password authentication failed" in str(error.value)
    assert "hunter2" not in str(error.value)
    with fresh_postgres_schema() as url, open_store(url) as store:
        for shown in (repr(store), store.identity, store.location):
            assert password not in shown.replace("***", "")
            assert ":***@" in shown


def parse_password(url: str) -> str:
    userinfo = url.split("://", 1)[1].rpartition("@")[0]
    assert ":" in userinfo, "CS_TEST_POSTGRES_URL should carry a password to test redaction"
    return userinfo.split(":", 1)[1]


@pytest.mark.parametrize(
    ("url", "kind", "given"),
    [
        ("POSTGRESQL://cs:pw@db/cs", "postgresql", "postgresql://cs:pw@db/cs"),
        ("Postgres://cs@db/cs", "postgresql", "postgres://cs@db/cs"),
        ("SQLite:///state.db", "sqlite", "sqlite:///state.db"),
    ],
)
def test_a_store_url_scheme_in_capitals_is_read_as_written_small(url: str, kind: str, given: str):
    """POSTGRESQL:// was taken for PostgreSQL, then given to libpq as written, which read it
    as a key=value string: 'missing "=" after ... in connection info string'."""
    parsed = parse_store_url(url)
    assert (parsed.kind, parsed.url) == (kind, given)

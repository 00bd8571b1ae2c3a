"""No secret of a store URL ever shows (issue 8, credentials).

Hypothesis builds store URLs and libpq ``key=value`` strings with a secret in
every position (user info, ``password``/``sslpassword`` parameters, quoted
conninfo values, malformed URLs) and with the characters that break naive
parsers (``@ # / ? : ' \\`` and spaces). No secret, and no part of one, may
appear in a redacted URL, an error, a plan file or a history row.
"""

# covers: OPS-5, OPS-6

from __future__ import annotations

import json
import socket
import string
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cs.cli import app
from cs.errors import StoreError
from cs.store import open_store, redact_url
from cs.store.url import parse_store_url, scrub
from test_deploy import version
from test_store import fresh_postgres_schema, parse_password

runner = CliRunner()

# Chunks of capitals and digits that nothing else in a URL or a message uses, so a
# chunk found in the output can only be a leak; joined by the troublesome characters.
CHUNK = st.text(alphabet=string.ascii_uppercase + string.digits, min_size=5, max_size=8).map(lambda c: "Q" + c)
URL_SEPARATOR = st.sampled_from(["@", "#", "/", "?", ":", "'", "\\", "%", "$", "!", "+", "="])
CONNINFO_SEPARATOR = st.sampled_from(["@", "#", "/", "?", ":", "'", "\\", " ", "=", "&"])


def secrets(separator: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, list[str]]]:
    """A secret and the chunks it is made of: each must stay hidden on its own."""
    return st.lists(st.tuples(CHUNK, separator), min_size=1, max_size=3).map(
        lambda parts: ("".join(c + s for c, s in parts), [c for c, _ in parts])
    )


def conninfo_quoted(secret: str) -> str:
    return "'" + secret.replace("\\", "\\\\").replace("'", "\\'") + "'"


@st.composite
def store_urls(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A URL or conninfo string holding one secret, and the secret's chunks."""
    position = draw(
        st.sampled_from(
            [
                "userinfo",
                "userinfo-encoded",
                "query-password",
                "query-sslpassword",
                "conninfo-password",
                "conninfo-sslpassword",
                "conninfo-plain",
                "malformed-one-slash",
                "malformed-no-slashes",
            ]
        )
    )
    secret, chunks = draw(secrets(CONNINFO_SEPARATOR if position.startswith("conninfo") else URL_SEPARATOR))
    scheme = draw(st.sampled_from(["postgresql", "postgres"]))
    base = "127.0.0.1:1/cs"
    if position == "userinfo":
        return f"{scheme}://cs:{secret}@{base}?sslmode=disable", chunks
    if position == "userinfo-encoded":
        return f"{scheme}://cs:{quote(secret, safe='')}@{base}", chunks
    if position == "query-password":
        secret = secret.replace("&", "")
        return f"{scheme}://cs@{base}?sslmode=disable&password={quote(secret, safe='#@:/')}", chunks
    if position == "query-sslpassword":
        return f"{scheme}://cs@{base}?sslpassword={quote(secret, safe='@:/')}&sslmode=disable", chunks
    if position == "conninfo-password":
        return f"host=127.0.0.1 port=1 password={conninfo_quoted(secret)} dbname=cs", chunks
    if position == "conninfo-sslpassword":
        return f"sslpassword = {conninfo_quoted(secret)} host=127.0.0.1 port=1", chunks
    if position == "conninfo-plain":
        plain = "".join(chunks)
        return f"host=127.0.0.1 port=1 user=cs password={plain}", [plain]
    if position == "malformed-one-slash":
        return f"{scheme}:/cs:{secret}@{base}", chunks
    return f"{scheme}:{secret}@{base}", chunks


def assert_hidden(text: str, chunks: list[str]) -> None:
    for chunk in chunks:
        assert chunk not in text, f"{chunk!r} shows in {text!r}"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(store_urls())
def test_no_secret_in_any_redacted_url_or_error(case: tuple[str, list[str]]):
    url, chunks = case
    assert_hidden(redact_url(url), chunks)
    assert_hidden(scrub(f"connection to {url} failed: password={url}", url), chunks)
    try:
        target = parse_store_url(url)
    except StoreError as error:
        assert_hidden(str(error), chunks)
        return
    assert_hidden(target.redacted + repr(target), chunks)


@pytest.fixture
def no_name_service(monkeypatch: pytest.MonkeyPatch) -> None:
    """Host names fail to resolve at once (the driver resolves them in Python), so the
    real driver's errors are tested without waiting for DNS."""
    real = socket.getaddrinfo

    def resolve(host: object, *args: Any, **kwargs: Any) -> Any:
        if host in ("127.0.0.1", b"127.0.0.1", None):
            return real(host, *args, **kwargs)  # type: ignore[arg-type]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@pytest.mark.usefixtures("no_name_service")
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(store_urls())
def test_no_secret_in_any_command_output(case: tuple[str, list[str]]):
    url, chunks = case
    for args in (["history"], ["unlock", "some-lock"]):
        result = runner.invoke(app, [*args, "--store", url], catch_exceptions=False)
        assert result.exit_code == 2
        assert_hidden(result.stdout + result.stderr, chunks)


@pytest.mark.usefixtures("no_name_service")
@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("postgresql:/u:Qpw0rd1@host/db", "Qpw0rd1"),
        ("postgres:Qpw0rd1@host/db", "Qpw0rd1"),
        ("host=db password=Qpw0rd1 dbname=cs", "Qpw0rd1"),
        ("postgresql://u:Qp@ss#w0rd@host/db", "w0rd"),
        ("postgresql://u@host/db?sslpassword=Qk3y", "Qk3y"),
        ("host=db sslpassword='Qk3y and more'", "more"),
        ("postgresql://u:Qpw0rd1@127.0.0.1:1/db#token=FRAGSECRET", "FRAGSECRET"),
        ("sqlite:///x.db#token=SQSECRET3", "SQSECRET3"),
        ("sqlite:///x.db?x=1;password=SEMISECRET", "SEMISECRET"),
        ("postgresql://127.0.0.1:1/db?password=abc;defghijk", "defghijk"),
        # an @ in a query value or the fragment, a fragment libpq would quote, an encoded key
        ("postgresql://127.0.0.1:1/db?user=u&password=p@SECRETX1", "SECRETX1"),
        ("postgresql://u:pw@127.0.0.1:1/db#token=ab@cdSECRETX2", "SECRETX2"),
        ("postgresql://u:pw@127.0.0.1:1/db?sslmode=disable#FRAGSECRETX3", "FRAGSECRETX3"),
        ("postgresql://127.0.0.1:1/db?%70assword=S3cretX4", "S3cretX4"),
        # the @host forgotten: the password reads as a port that is no number
        ("postgresql://cs:Hunter2SecretX5/csdb", "Hunter2SecretX5"),
        ("postgres://cs:Hunter2SecretX6", "Hunter2SecretX6"),
    ],
)
def test_malformed_and_unusual_urls_never_echo_the_password(url: str, secret: str):
    with pytest.raises(StoreError) as error:
        open_store(url)
    assert secret not in str(error.value) and "sqlite:///postgres" not in str(error.value)


@pytest.mark.usefixtures("no_name_service")
@pytest.mark.parametrize(
    ("password", "pieces"),
    [
        ("Ab@cd@ef@gh", ["cd", "ef", "gh"]),
        ("Summer2024@1x", ["Summer", "1x"]),
        ("Hunt#er@2x", ["Hunt", "er@", "2x"]),
        ("Pa:ss@Wo:rd", ["Pa", "Wo", "rd"]),
    ],
)
def test_a_password_with_an_unencoded_at_never_shows_in_part(password: str, pieces: list[str]):
    """The driver connects to the host after the last @ and says so: no piece of the
    password is printed as the host it could not resolve (OPS-6)."""
    url = f"postgresql://admin:{password}@db.example.invalid:5432/cs"
    result = runner.invoke(app, ["history", "--store", url], catch_exceptions=False)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith("cs: error: cannot connect to PostgreSQL store postgresql://admin:***@db.example.invalid")
    if "resolve host" in line:  # psycopg 3.2 names the host it tried; 3.1 says 'connection is bad'
        assert "failed to resolve host 'db.example.invalid'" in line
    message = line.split("check host, port")[0]
    assert all(piece not in message for piece in pieces), line


@pytest.mark.parametrize("password", ["u", "127"])
def test_a_short_password_leaves_the_driver_message_whole(password: str):
    result = runner.invoke(app, ["history", "--store", f"postgresql://admin:{password}@127.0.0.1:1/cs"])
    assert result.exit_code == 2
    assert "Connection refused" in result.stderr  # whole, in psycopg 3.1's wording and 3.2's
    assert "***" in result.stderr and result.stderr.count("***") == 1  # the URL's password, nothing else


@pytest.mark.postgres
@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(secrets(URL_SEPARATOR))
def test_plan_files_and_history_rows_hold_no_secret(tmp_path: Path, case: tuple[str, list[str]]):
    """A real store reached with a password and an ``sslpassword``: neither shows in the
    plan file, the prompt, the history or any output."""
    sslpassword, chunks = case
    with fresh_postgres_schema() as base:
        password = parse_password(base)
        url = f"{base}&sslpassword={quote(sslpassword, safe='')}"
        policy = tmp_path / "p.yaml"
        policy.write_text(version(1))
        plan_file = tmp_path / "plan.json"
        env = {"CS_AUTHOR": "tester", "CS_STORE": None}
        outputs = []
        for args in (
            ["plan", str(policy), "--store", url, "-o", str(plan_file)],
            ["apply", str(plan_file), "--store", url],
            ["history", "--store", url, "--format", "json"],
            ["show", "test", "--store", url],
        ):
            result = runner.invoke(app, args, env=env, catch_exceptions=False)
            assert result.exit_code == 0, result.stderr
            outputs.append(result.stdout + result.stderr)
        written = plan_file.read_text()
        assert json.loads(written)["store"].count("***") == 2
        for text in (*outputs, written):
            assert_hidden(text, chunks)
            assert f":{password}@" not in text


def test_a_port_that_is_a_number_stays_in_the_redacted_url():  # covers: OPS-6
    """Only what cannot be a port is hidden: a host list and an IPv6 host keep theirs."""
    for url in ("postgresql://h1:5432,h2:5433/db", "postgresql://[::1]:5432/db", "postgresql://u:pw@h:5432/db"):
        assert ":5432" in redact_url(url), url
    assert redact_url("postgresql://cs:Hunter2Secret/csdb") == "postgresql://cs:***/csdb"

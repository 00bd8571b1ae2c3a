# covers: OPS-4 (semantic diff, id matching, impact summary, exit codes, git revisions)
import json
import subprocess

from typer.testing import CliRunner

from conftest import policy_yaml
from cs.cli import app
from cs.diff import diff_documents

runner = CliRunner()

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


def test_lists_are_matched_by_id_not_index():
    old = {"agents": [{"id": "alice", "max_chats": 5}, {"id": "bob", "max_chats": 5}]}
    new = {"agents": [{"id": "bob", "max_chats": 5}, {"id": "alice", "max_chats": 8}, {"id": "carol", "max_chats": 1}]}
    changes = [(c.path, c.kind, c.old, c.new) for c in diff_documents(old, new)]
    assert ("agents[alice].max_chats", "changed", 5, 8) in changes
    assert ("agents[carol]", "added", None, {"id": "carol", "max_chats": 1}) in changes
    assert ("agents[*]", "changed", ["alice", "bob"], ["bob", "alice", "carol"]) in changes
    assert not any(path.startswith("agents[bob]") for path, *_ in changes)


def test_diff_of_a_document_with_itself_is_empty():
    doc = {"a": [{"id": "x", "v": [1, 2]}], "b": {"c": "d"}}
    assert diff_documents(doc, doc) == []


def invoke(*args):
    return runner.invoke(app, list(args))


def test_same_meaning_exits_0(write):
    old = write("old.yaml", policy_yaml(BASE))
    new = write(
        "new.yaml",
        policy_yaml(BASE.replace("{id: bob, max_chats: 5}", "{id: bob, max_chats: 5, role: agent, routable: true}")),
    )
    result = invoke("diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    assert "no changes" in result.output


def test_changes_and_impact(write):
    old = write("old.yaml", policy_yaml(BASE))
    changed = (
        BASE.replace('tue: ["09:00-18:00"]', 'tue: ["09:00-12:00"]')
        .replace("{id: bob, max_chats: 5}", "{id: carol}")
        .replace("{id: alice, max_chats: 5}", "{id: alice, max_chats: 8}")
        .replace("languages: [zh]", "languages: [zh, en]")
        + "routing: {mode: round_robin}\n"
    )
    new = write("new.yaml", policy_yaml(changed))
    result = invoke("diff", str(old), str(new))
    assert result.exit_code == 1
    out = result.output
    assert "open hours tue: 9h -> 3h" in out
    assert "agents added: carol" in out and "agents removed: bob" in out
    assert "routing behaviour changed" in out and "languages added: en" in out
    assert "~ agents[alice].max_chats: 5 -> 8" in out
    assert '~ routing.mode: "least_loaded" -> "round_robin"' in out
    data = json.loads(invoke("diff", "-f", "json", str(old), str(new)).output)
    assert data["changed"] is True
    assert {"path": "agents[alice].max_chats", "kind": "changed", "old": 5, "new": 8} in data["changes"]
    assert data["impact"]["agents_removed"] == ["bob"]
    md = invoke("diff", "-f", "markdown", str(old), str(new)).output
    assert md.startswith("### ") and "```diff" in md and "- agents removed: bob" in md
    assert f"<summary>{len(data['changes'])} changes</summary>" in md
    one = write("one.yaml", policy_yaml(BASE.replace("{id: alice, max_chats: 5}", "{id: alice, max_chats: 6}")))
    assert (
        "<summary>1 change</summary>" in invoke("diff", "-f", "markdown", str(old), str(one)).output
    )  # not "1 changes"


def test_errors_exit_2(write, tmp_path):
    good = write("good.yaml", policy_yaml(BASE))
    assert invoke("diff", str(good)).exit_code == 2
    assert invoke("diff", str(good), str(tmp_path / "missing.yaml")).exit_code == 2
    bad = write("bad.yaml", policy_yaml("agents: [{id: a, max_chats: 0}]\n"))
    result = invoke("diff", str(good), str(bad))
    assert result.exit_code == 2 and "capacity-range" in result.stderr


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_git_revision(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "ci@example.com")
    git(repo, "config", "user.name", "ci")
    policy = repo / "shop.yaml"
    policy.write_text(policy_yaml(BASE))
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    monkeypatch.chdir(repo)
    assert invoke("diff", "--git", "HEAD", "shop.yaml").exit_code == 0
    policy.write_text(policy_yaml(BASE.replace("max_chats: 5}", "max_chats: 6}", 1)))
    result = invoke("diff", "--git", "HEAD", "shop.yaml")
    assert result.exit_code == 1 and "agents[alice].max_chats: 5 -> 6" in result.output
    result = invoke("diff", "--git", "HEAD")  # every changed policy file
    assert result.exit_code == 1 and "HEAD:" in result.output
    result = invoke("diff", "--git", "no-such-rev", "shop.yaml")
    assert result.exit_code == 2 and "no-such-rev" in result.stderr

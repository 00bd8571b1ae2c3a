"""Large policies load (issue 10): the loader's budget counts what aliases expand,
not the document's own nodes. How fast is bench/bench_large.py's business."""

# covers: AG-1, AG-2, OPS-1

from __future__ import annotations

from cs.load.yaml_loader import load_text
from cs.validate import validate_document
from large_policy import large_policy_yaml


def test_a_12000_agent_policy_without_aliases_loads() -> None:
    loaded = load_text(large_policy_yaml(12_000), "large.yaml")
    assert len(loaded.data["agents"]) == 12_000
    assert loaded.data["agents"][-1]["id"] == "shop:kefu11999"
    assert loaded.locate(["agents", 11_999, "id"]).line > 12_000


def test_the_generated_large_policy_is_valid() -> None:
    result = validate_document(load_text(large_policy_yaml(400), "large.yaml"))
    assert not result.findings, [f"{f.location} {f.message}" for f in result.findings]
    assert result.policy is not None and len(result.policy.agents) == 400

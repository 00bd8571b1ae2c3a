"""Content hashes of canonical policy documents.

The one definition of "the same content": the SHA-256 of the document's
canonical JSON (sorted keys, no insignificant white space, UTF-8). Stores,
plans and diffs all call :func:`document_hash`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(document: Any) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def document_hash(document: Any) -> str:
    return text_hash(canonical_json(document))


def text_hash(canonical: str) -> str:
    """The hash of a document already written as its canonical JSON (a store's text)."""
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8", "surrogateescape")).hexdigest()

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
    return "sha256:" + hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()

"""Language fallback (MSG-6): ``zh-Hant-TW`` -> ``zh-Hant`` -> ``zh`` -> default."""

from __future__ import annotations

from collections.abc import Mapping


def fallback_chain(language: str) -> list[str]:
    parts = language.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def own_text(texts: Mapping[str, str], language: str) -> tuple[str, str] | None:
    """The text for a language through its own chain only (no default language)."""
    lowered = {k.lower(): k for k in texts}
    for tag in fallback_chain(language):
        key = lowered.get(tag.lower())
        if key is not None:
            return key, texts[key]
    return None


def resolve_text(texts: Mapping[str, str], language: str, default_language: str) -> tuple[str, str]:
    """(language used, text): the visitor's chain, then the default language's, then any text."""
    found = own_text(texts, language) or own_text(texts, default_language)
    if found is not None:
        return found
    first = next(iter(texts))
    return first, texts[first]

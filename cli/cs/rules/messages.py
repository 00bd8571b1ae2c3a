"""Rules about automatic messages and quick replies (MSG-6..MSG-8, QR-1)."""

from __future__ import annotations

from collections.abc import Iterator

from cs.findings import Severity
from cs.i18n import N_
from cs.i18n.message import message as sentence
from cs.messages.language import own_text, resolve_text
from cs.messages.template import placeholders_in, template_problems
from cs.messages.values import KIND_PLACEHOLDERS, OFFLINE_SURVEY
from cs.model.policy import Policy
from cs.rules.registry import Hit, rule


@rule("template-invalid", Severity.ERROR, "MSG-7")
def template_invalid(policy: Policy) -> Iterator[Hit]:
    """A message or quick-reply template has an unknown placeholder, an unbalanced
    brace, or attribute/index access (`{customer.name}`), which could leak data."""
    for _, message in policy.messages.kinds:
        for lang, text in message.texts:
            for problem in template_problems(text):
                yield Hit((*message.where, "text", lang), problem)
    for reply in policy.quick_replies:
        for lang, text in reply.texts:
            for problem in template_problems(text):
                yield Hit((*reply.where, "text", lang), problem)


@rule("message-missing-language", Severity.ERROR, "MSG-6")
def message_missing_language(policy: Policy) -> Iterator[Hit]:
    """An enabled message kind has no text for a declared language (nor for a
    shorter form of its tag: zh-Hant-TW may use zh-Hant or zh). Visitors in that
    language would get the default language instead."""
    for kind, message in policy.messages.kinds:
        if not message.enabled:
            continue
        texts = message.text_map()
        for lang in policy.messages.languages:
            if own_text(texts, lang) is None:
                yield Hit(
                    (*message.where, "text"),
                    sentence(
                        N_("'{kind}' has no text for declared language '{lang}'; add one, or disable the kind"),
                        kind=kind,
                        lang=lang,
                    ),
                )


@rule("message-default-language", Severity.WARNING, "MSG-6")
def message_default_language(policy: Policy) -> Iterator[Hit]:
    """An enabled message kind has no text for the default language, the end of every
    visitor's fallback chain: a visitor whose language has no text gets the kind's
    first text instead, in another language than the default. Add a text in the
    default language, or make default_language one the kind has."""
    default = policy.messages.default_language
    if any(default.lower() == lang.lower() for lang in policy.messages.languages):
        return  # declared too: message-missing-language says it
    for kind, message in policy.messages.kinds:
        texts = message.text_map()
        if message.enabled and texts and own_text(texts, default) is None:
            yield Hit(
                (*message.where, "text"),
                sentence(
                    N_(
                        "'{kind}' has no text for the default language '{lang}', so visitors whose language "
                        "has none get its {used} text; add one, or set default_language to a language it has"
                    ),
                    kind=kind,
                    lang=default,
                    used=resolve_text(texts, default, default)[0],
                ),
            )


@rule("message-too-long", Severity.WARNING, "MSG-8")
def message_too_long(policy: Policy) -> Iterator[Hit]:
    """An enabled automatic reply is longer than `messages.max_length` characters;
    long auto-replies confuse customers (seed 000 advises short ones). A kind that is
    switched off sends nothing and is not checked."""
    limit = policy.messages.max_length
    for kind, message in policy.messages.kinds:
        if not message.enabled:
            continue
        for lang, text in message.texts:
            if len(text) > limit:
                yield Hit(
                    (*message.where, "text", lang),
                    sentence(
                        N_("the {kind} text in {language} has {count} characters, over max_length {limit}"),
                        kind=kind,
                        language=lang,
                        count=len(text),
                        limit=limit,
                    ),
                )


@rule("quick-reply-duplicate-keyword", Severity.WARNING, "QR-1")
def quick_reply_duplicate_keyword(policy: Policy) -> Iterator[Hit]:
    """Two quick replies share a keyword, so a message containing it ranks both
    first and the agent must choose; or one reply lists a keyword twice. Keep each
    keyword once, in one reply."""
    owner: dict[str, str] = {}
    for reply in policy.quick_replies:
        own: set[str] = set()
        for i, keyword in enumerate(reply.keywords):
            key = keyword.casefold()
            if key in own:
                yield Hit(
                    (*reply.where, "keywords", i),
                    sentence(N_("keyword '{keyword}' is listed twice in this reply"), keyword=keyword),
                )
                continue
            own.add(key)
            if key in owner and owner[key] != reply.id:
                yield Hit(
                    (*reply.where, "keywords", i),
                    sentence(N_("keyword '{keyword}' is also used by '{owner}'"), keyword=keyword, owner=owner[key]),
                )
            owner.setdefault(key, reply.id)


@rule("placeholder-always-empty", Severity.WARNING, "MSG-7")
def placeholder_always_empty(policy: Policy) -> Iterator[Hit]:
    """A message kind uses a placeholder it never fills, so it always renders empty:
    `{agent_name}` in an offline or off-hours reply (no agent is assigned), or in a
    survey attached to offline replies (`in_offline: true`); `{queue_position}` outside
    the queue reply; `{timeout}` outside the timeout warnings. Reword the text."""
    for kind, message in policy.messages.kinds:
        fills = KIND_PLACEHOLDERS[kind]
        if kind == "survey" and message.in_offline:
            fills = fills & OFFLINE_SURVEY
        for lang, text in message.texts:
            for name in sorted(placeholders_in(text) - fills):
                if name in KIND_PLACEHOLDERS[kind]:
                    problem = sentence(
                        N_(
                            "{placeholder} is always empty in surveys attached to offline replies (in_offline: true); "
                            "reword the text"
                        ),
                        placeholder=f"{{{name}}}",
                    )
                else:
                    problem = sentence(
                        N_("{placeholder} is always empty in '{kind}' messages; reword the text"),
                        placeholder=f"{{{name}}}",
                        kind=kind,
                    )
                yield Hit((*message.where, "text", lang), problem)

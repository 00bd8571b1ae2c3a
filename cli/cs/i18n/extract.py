"""The Babel extraction method of cs (``babel.cfg``; used by ``pybabel extract`` only).

It is Babel's Python extractor plus what Babel cannot see: docstrings that are
user documentation. The docstring of a function registered with ``@command`` is
that command's ``--help`` text, shown through ``translate()`` by
:func:`cs.cli.app.command`; the docstring of a check registered with
``@rule(...)`` is that rule's documentation, which ``cs rules`` prints. Both
belong in the catalog. So do the ``description`` texts of the published JSON
Schemas (``schema/*.json``): a Chinese ``schema`` finding quotes them translated
(the files themselves stay English, for editors); :func:`extract_schema_module`
adds them when Babel reads ``cs/schema.py``, the module that shows them, so the
usual ``pybabel extract ... cli`` collects them. Nothing at run time imports this module; Babel (a
development dependency) is imported only by :func:`extract`, so the catalog
tests can use :func:`command_docstrings` and :func:`rule_docstrings` without it.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any


def _decorated_docstrings(source: str, decorator: str) -> Iterator[tuple[int, str]]:
    """(line, cleaned docstring) of each function in ``source`` decorated with
    ``@decorator`` or ``@decorator(...)``."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef):
            continue
        names = [d.func if isinstance(d, ast.Call) else d for d in node.decorator_list]
        if not any(isinstance(d, ast.Name) and d.id == decorator for d in names):
            continue
        doc = ast.get_docstring(node, clean=False)
        if doc:
            yield node.body[0].lineno, inspect.cleandoc(doc)


def command_docstrings(source: str) -> Iterator[tuple[int, str]]:
    """(line, cleaned docstring) of each ``@command`` function in ``source``."""
    return _decorated_docstrings(source, "command")


def rule_docstrings(source: str) -> Iterator[tuple[int, str]]:
    """(line, cleaned docstring) of each ``@rule(...)`` check in ``source``."""
    return _decorated_docstrings(source, "rule")


def schema_descriptions(schema: object, pointer: str = "#") -> Iterator[tuple[str, str]]:
    """(JSON pointer, text) of every ``description`` in a JSON Schema document."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "description" and isinstance(value, str):
                yield pointer, value
            else:
                yield from schema_descriptions(value, f"{pointer}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from schema_descriptions(value, f"{pointer}/{index}")


def published_schema_descriptions() -> Iterator[tuple[str, str]]:
    """(``name.schema.json#pointer``, text) of every description of the published schemas."""

    from cs.schema import SCHEMA_NAMES, schema_document

    for name in SCHEMA_NAMES:
        for pointer, text in schema_descriptions(schema_document(name)):
            yield f"{name}.schema.json{pointer}", text


def extract(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Any
) -> Iterator[tuple[Any, ...]]:
    """Babel's extraction-method interface: ``(line, funcname, message, comments)``."""
    from babel.messages.extract import extract_python  # imported here: the tests read docstrings without Babel

    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    text = source.decode(options.get("encoding", "utf-8"))
    for line, doc in command_docstrings(text):
        yield line, "_", doc, ["the help of a command (its docstring)"]
    for line, doc in rule_docstrings(text):
        yield line, "_", doc, ["the documentation of a validation rule (its docstring), printed by cs rules"]


def extract_schema_module(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Any
) -> Iterator[tuple[Any, ...]]:
    """:func:`extract` for ``cs/schema.py``, plus the descriptions of the published
    schemas, which its ``schema`` findings quote (in the translation when Chinese)."""
    yield from extract(fileobj, keywords, comment_tags, options)
    for where, text in published_schema_descriptions():
        note = f"a description in the published JSON Schema, {where}; keep `code` and {{placeholders}} as they are"
        yield 1, "_", text, [note]

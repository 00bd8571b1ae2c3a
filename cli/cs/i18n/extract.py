"""The Babel extraction method of cs (``babel.cfg``; used by ``pybabel extract`` only).

It is Babel's Python extractor plus what Babel cannot see: docstrings that are
user documentation. The docstring of a function registered with ``@command`` is
that command's ``--help`` text, shown through ``translate()`` by
:func:`cs.cli.app.command`; the docstring of a check registered with
``@rule(...)`` is that rule's documentation, which ``cs rules`` prints. Both
belong in the catalog. Nothing at run time imports this module; Babel (a
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

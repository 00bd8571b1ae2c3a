"""The Babel extraction method of cs (``babel.cfg``; used by ``pybabel extract`` only).

It is Babel's Python extractor plus one thing Babel cannot see: the docstring of
a function registered with ``@command`` is that command's ``--help`` text, shown
through ``_()`` by :func:`cs.cli.app.command`, so it belongs in the catalog too.
Nothing at run time imports this module; Babel (a development dependency) is
imported only by :func:`extract`, so the catalog tests can use
:func:`command_docstrings` without it.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any


def command_docstrings(source: str) -> Iterator[tuple[int, str]]:
    """(line, cleaned docstring) of each ``@command`` function in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef):
            continue
        if not any(isinstance(d, ast.Name) and d.id == "command" for d in node.decorator_list):
            continue
        doc = ast.get_docstring(node, clean=False)
        if doc:
            yield node.body[0].lineno, inspect.cleandoc(doc)


def extract(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Any
) -> Iterator[tuple[Any, ...]]:
    """Babel's extraction-method interface: ``(line, funcname, message, comments)``."""
    from babel.messages.extract import extract_python  # imported here: the tests read docstrings without Babel

    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    for line, doc in command_docstrings(source.decode(options.get("encoding", "utf-8"))):
        yield line, "_", doc, ["the help of a command (its docstring)"]

"""Tabs read the same on PyYAML's pure-Python parser as on libyaml (issue 8).

PyYAML uses libyaml's C parser when it was built with it and its own scanner when
not, and the two disagree about tabs: libyaml (like YAML 1.2) takes a tab as
separation in several places where PyYAML's scanner refuses every tab outside
quotes. A policy must load the same on every install, so the pure-Python loader
gets the mixin below, which follows libyaml's rule.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["TabsAsLibyaml"]

_BREAKS = "\r\n\x85\u2028\u2029"
_DOCUMENT_END = "\0 \t" + _BREAKS


class TabsAsLibyaml:
    """Scanner mixin: the pure-Python parser reads tabs where libyaml does.

    libyaml (and YAML 1.2) take a tab as separation after a key's ``:``, inside flow
    collections, before a comment and inside or after a plain scalar
    (``timezone:<TAB>Asia/Shanghai``, ``name: shop<TAB>``); PyYAML's own scanner
    refuses every tab outside quotes. A file must read the same on both, so these two
    scanner steps follow libyaml's rule. A tab used as indentation stays an error on
    both. The bodies are PyYAML's, with ``\t`` added where libyaml accepts it.
    """

    def scan_to_next_token(self: Any) -> None:
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " " or (self.peek() == "\t" and (self.flow_level or not self.allow_simple_key)):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in "\0" + _BREAKS:
                    self.forward()
            if not self.scan_line_break():
                return
            if not self.flow_level:
                self.allow_simple_key = True

    def scan_plain_spaces(self: Any, indent: int, start_mark: Any) -> list[str] | None:
        chunks: list[str] = []
        length = 0
        while self.peek(length) in " \t":
            length += 1
        whitespaces = self.prefix(length)
        self.forward(length)
        if self.peek() not in _BREAKS:
            if whitespaces:
                chunks.append(whitespaces)
            return chunks
        line_break = self.scan_line_break()
        self.allow_simple_key = True
        if self.prefix(3) in ("---", "...") and self.peek(3) in _DOCUMENT_END:
            return None
        breaks = []
        while self.peek() in " \t" + _BREAKS:
            if self.peek() == "\t" and self.column < indent:
                raise yaml.scanner.ScannerError(
                    "while scanning a plain scalar",
                    start_mark,
                    "found a tab character that violates indentation",
                    self.get_mark(),
                )
            if self.peek() in " \t":
                self.forward()
                continue
            breaks.append(self.scan_line_break())
            if self.prefix(3) in ("---", "...") and self.peek(3) in _DOCUMENT_END:
                return None
        if line_break != "\n":
            chunks.append(line_break)
        elif not breaks:
            chunks.append(" ")
        chunks.extend(breaks)
        return chunks

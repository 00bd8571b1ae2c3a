"""The JUnit XML document both ``cs validate -f junit`` and ``cs test -f junit`` write."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold even escaped (control characters, U+FFFE, U+FFFF):
ElementTree writes them as they are, and the document is then not well-formed."""


def xml_text(text: str) -> str:
    """``text`` with each character XML cannot hold written as ``\\uXXXX``."""
    return _NOT_XML.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def junit_document(root: ET.Element) -> str:
    """``root`` as a well-formed, indented document: every text and attribute value
    passed through :func:`xml_text` (a policy's or a test's text may hold anything)."""
    for element in root.iter():
        if element.text:
            element.text = xml_text(element.text)
        for key, value in element.attrib.items():
            element.set(key, xml_text(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")

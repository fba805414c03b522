"""Moodle's backup XML: what its writer produces and its progressive parser reads.

An element is (name, attributes, content): content is text, None (Moodle's `$@NULL@$`, a database
NULL) or a list of child elements. Written with two-space indentation as Moodle writes it, so that a
backup of ours reads like one of Moodle's when compared side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

# Moodle writes a database NULL as this marker and its restore turns it back into NULL.
NULL = "$@NULL@$"

Content = str | int | None | Sequence["Element"]
Element = tuple[str, dict[str, str], Content]


def el(name: str, content: Content = "", **attributes: object) -> Element:
    return (name, {k: str(v) for k, v in attributes.items()}, content)


def fields(values: dict[str, str | int | None]) -> list[Element]:
    """One child element per column, in the given order."""
    return [el(name, value) for name, value in values.items()]


def _write(element: Element, depth: int, out: list[str]) -> None:
    name, attributes, content = element
    pad = "  " * depth
    attrs = "".join(f" {k}={quoteattr(v)}" for k, v in attributes.items())
    if isinstance(content, list | tuple):
        out.append(f"{pad}<{name}{attrs}>\n")
        for child in content:
            _write(child, depth + 1, out)
        out.append(f"{pad}</{name}>\n")
    else:
        text = NULL if content is None else escape(str(content))
        out.append(f"{pad}<{name}{attrs}>{text}</{name}>\n")


def document(root: Element) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, 0, out)
    return "".join(out).encode("utf-8")

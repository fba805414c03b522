"""The JSON Schemas of schemas/h5p/, compiled once per process, with scormpack's two keywords.

`h5pTags` marks an HTML field (its value: the tags the field's semantics list) and `h5pPlainText`
a field the server HTML-escapes; plain JSON Schema cannot say what markup a string may hold.

jsonschema-rs rather than the pure-Python `jsonschema`: same standard (draft 2020-12, a registry
for the cross-file $refs, custom keywords), but a content.json validates in ~0.15 ms instead of
~3 ms, and the build validates every package it writes (1,000 resources in a few seconds).
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from typing import Any

import jsonschema_rs

from scormpack.data import schemas_dir
from scormpack.h5p.html import allowed_tags

H5P_JSON_SCHEMA = "h5p"

# Which schema checks the params of which library string (content.json's root is the main library's).
# Column 1.17 offers the same child versions as 1.18, whose semantics the schema follows.
PARAMS_SCHEMAS = {
    "H5P.Column 1.18": "H5P.Column-1.18",
    "H5P.Column 1.17": "H5P.Column-1.18",
    "H5P.AdvancedText 1.1": "H5P.AdvancedText-1.1",
    "H5P.Accordion 1.0": "H5P.Accordion-1.0",
    "H5P.DragText 1.10": "H5P.DragText-1.10",
    "H5P.Video 1.6": "H5P.Video-1.6",
}

TAGS_KEYWORD = "h5pTags"
PLAIN_TEXT_KEYWORD = "h5pPlainText"

_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)")
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?]|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")


_MAYBE_EVENT = re.compile(r"on[^\s\"'>/=]*\s*=", re.IGNORECASE)


class _AttributeNames(HTMLParser):
    """The attribute names of every start tag, as an HTML parser reads them (lower-cased)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.update(name for name, _ in attrs)

    handle_startendtag = handle_starttag


def event_attributes(html: str) -> list[str]:
    """The event-handler attributes (on…) of the tags in `html`: text that merely reads `on…=`,
    e.g. inside a title, is an attribute's value, not an attribute."""
    if not _MAYBE_EVENT.search(html):
        return []  # most fields: no parse needed (an on… attribute with a value always reads so)
    parser = _AttributeNames()
    parser.feed(html)
    parser.close()
    return sorted(name for name in parser.names if name.startswith("on"))


class _Tags:
    """`"h5pTags": [...]`: the string may hold only the tags H5P keeps in that field."""

    def __init__(self, parent_schema: dict[str, Any], value: list[str], schema_path: list[str]) -> None:
        self.allowed = allowed_tags(value)

    def validate(self, instance: Any) -> None:
        if not isinstance(instance, str) or "<" not in instance:
            return
        bad = sorted({tag.lower() for tag in _TAG.findall(instance)} - self.allowed)
        if bad:
            raise ValueError(
                f"HTML tags not allowed in this field: {', '.join(f'<{t}>' for t in bad)} "
                f"(H5P removes them; allowed: {', '.join(sorted(self.allowed))})"
            )
        events = event_attributes(instance)
        if events:
            raise ValueError(
                f"an event-handler attribute (on…=) is in the HTML: {', '.join(events)} (H5P removes it)"
            )


class _PlainText:
    """`"h5pPlainText": true`: no tags nor entities, which H5P would escape and show as typed."""

    def __init__(self, parent_schema: dict[str, Any], value: bool, schema_path: list[str]) -> None:
        self.enabled = value is True

    def validate(self, instance: Any) -> None:
        if self.enabled and isinstance(instance, str):
            match = MARKUP.search(instance)
            if match:
                raise ValueError(
                    f"markup {instance[match.start() : match.start() + 20]!r} in a plain-text field "
                    "(H5P escapes it and shows it as typed)"
                )


@cache
def schema_documents() -> dict[str, dict[str, Any]]:
    """Every schema of schemas/h5p/, by name (the file name without .schema.json)."""
    folder = schemas_dir() / "h5p"
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.schema.json"))
    }


@cache
def _registry() -> jsonschema_rs.Registry:
    # Every $ref resolves here; the $ids are under .invalid, so nothing is ever fetched.
    return jsonschema_rs.Registry([(doc["$id"], doc) for doc in schema_documents().values()])


@cache
def validator_for(name: str) -> Any:
    """The compiled validator of one schema (e.g. "h5p" or "H5P.Column-1.18"), built once per process."""
    return jsonschema_rs.validator_for(
        schema_documents()[name],
        registry=_registry(),
        keywords={TAGS_KEYWORD: _Tags, PLAIN_TEXT_KEYWORD: _PlainText},
        offline=True,  # never fetch a $ref: the project works without network
    )

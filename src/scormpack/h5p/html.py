"""Text for H5P fields: HTML filtered to what a field's semantics allow, or plain text without markup.

H5P's server filters an HTML field down to its semantics' `tags` (plus a few it always adds) and
HTML-escapes a field without `tags`; producing exactly what survives keeps the displayed content
equal to what was built, and lets validation treat anything else as an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import nh3

# The `tags` of the HTML fields scormpack writes, as their semantics.json list them
# (tests/test_h5p_schemas.py checks they equal the h5pTags of schemas/h5p/).
ADVANCED_TEXT_TAGS = ("strong", "em", "del", "a", "ul", "ol", "h2", "h3", "hr", "pre", "code")
DRAG_TEXT_TASK_TAGS = ("strong", "em", "u", "a", "ul", "ol", "h2", "h3", "hr", "pre", "code")

# What the core adds to every HTML field, and the tags another tag brings along.
_ALWAYS = frozenset({"div", "span", "p", "br"})
_RELATIVES = {
    "table": ("tr", "td", "th", "colgroup", "thead", "tbody", "tfoot"),
    "ul": ("li",),
    "ol": ("li",),
    "b": ("strong",),
    "i": ("em",),
}
_URL_SCHEMES = {"http", "https", "mailto"}
_ATTRIBUTES = {"a": {"href", "title", "target"}}


def allowed_tags(field_tags: Iterable[str]) -> frozenset[str]:
    """Every tag the core keeps in a field whose semantics list `field_tags`."""
    tags = set(_ALWAYS) | set(field_tags)
    for tag in list(tags):
        tags.update(_RELATIVES.get(tag, ()))
    return frozenset(tags)


def filter_html(html: str, field_tags: Iterable[str]) -> str:
    """`html` reduced to the field's tags; strikethrough becomes <del> where <s> is not allowed."""
    tags = allowed_tags(field_tags)
    if "s" not in tags and "del" in tags:
        html = html.replace("<s>", "<del>").replace("</s>", "</del>")
    return nh3.clean(
        html,
        tags=set(tags),
        attributes={k: v for k, v in _ATTRIBUTES.items() if k in tags},
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


# The server escapes these in a plain-text field; French text has no need of them.
_PLAIN_REPLACEMENTS = str.maketrans({"<": "‹", ">": "›", "&": " et "})
# Not \s: the non-breaking spaces of French typography must survive.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def plain(text: str) -> str:
    """Text for a field without tags: no markup characters, single spaces."""
    return _SPACES.sub(" ", text.translate(_PLAIN_REPLACEMENTS)).strip()


def drag_text_statement(text: str) -> str:
    """Text around a DragText drop zone: `*` would open a zone and `\\` start an escape."""
    return _SPACES.sub(" ", plain(text).replace("*", " ").replace("\\", " ")).strip()


def drag_text_answer(text: str) -> str:
    """Text inside a DragText `*answer*` drop zone.

    There `:` starts a tip and `\\+` or `\\-` start feedback, so a colon becomes a dash and
    neither `*` nor a backslash may come from the source.
    """
    text = re.sub(r"[ \u00a0\u202f]*:[ \u00a0\u202f]*", " - ", drag_text_statement(text))
    return _SPACES.sub(" ", text).strip(" -")

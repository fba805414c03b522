"""Text helpers shared by the stages: inline markdown → safe HTML or plain text, typography, slugs."""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache, lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# Raw HTML in a source is shown as text, never as markup; nh3 then filters what markdown produced,
# so that a link can only carry a web or mail scheme even if the renderer let something through.
_ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "br", "ul", "ol", "li", "s"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_URL_SCHEMES = {"http", "https", "mailto"}

NBSP = "\u00a0"
NNBSP = "\u202f"


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        "strikethrough"
    )


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


@lru_cache(maxsize=4096)
def inline_html(md: str) -> str:
    """One paragraph of markdown → sanitised inline HTML (no enclosing <p>).

    Cached: each exporter renders the same paragraphs of a resource.
    """
    html = _markdown().renderInline(french_typography(md))
    return sanitize(html)


def plain_text(md: str) -> str:
    """Inline markdown → the text a reader sees (markers removed, entities decoded)."""
    (token,) = _markdown().parseInline(md)
    return inline_plain_text(token)


def inline_plain_text(token: Token) -> str:
    """The text of an already parsed inline token (see `plain_text`)."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
    return " ".join("".join(parts).split())


# One pass: the spaces before ; ! ? or :, the spaces after «, the spaces before ».
_TYPOGRAPHY = re.compile(r"[ \u00a0\u202f]+(?=([;!?:]))|(«)[ \u00a0\u202f]*|[ \u00a0\u202f]*(»)")
_TYPOGRAPHY_MARKS = frozenset(";!?:«»")


def _typeset(match: re.Match[str]) -> str:
    punctuation, opening, closing = match.groups()
    if opening:
        return "«" + NBSP
    if closing:
        return NBSP + "»"
    return NBSP if punctuation == ":" else NNBSP


def french_typography(text: str) -> str:
    """Non-breaking spaces where French typography wants them.

    Only spaces the author already typed before `; ! ? :` are replaced, so URLs and times
    (`https://`, `10:30`) are left alone; guillemets always get their inner spaces.
    """
    if _TYPOGRAPHY_MARKS.isdisjoint(text):
        return text
    return _TYPOGRAPHY.sub(_typeset, text)


_ELISION = re.compile(r"(?<=\w)'(?=\w)")


def typographic_apostrophes(text: str) -> str:
    """« l'école » → « l’école »: for plain-text fields that a platform escapes (H5P's core writes a
    straight apostrophe as `&#039;`, which screen readers then spell out inside an aria-label)."""
    return _ELISION.sub("\u2019", text) if "'" in text else text


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slugify(text: str, max_length: int = 80) -> str:
    """Lower-case ASCII words joined by '-' (« Œuvre d'été » → 'oeuvre-d-ete')."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")
    return slug[:max_length].rstrip("-")


def file_slug(stem: str) -> str:
    """The slug of a file name, the same whatever the locale: the name's bytes are read as UTF-8
    (under a C locale Python hands them over as escapes, and 'é' would vanish from the slug)."""
    return slugify(os.fsencode(stem).decode("utf-8", "replace"))

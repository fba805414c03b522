"""The resource as plain text: the « Télécharger la transcription » file, and H5P's copy of it.

One `TextVersion` is built from the Resource, then written as the .txt of the SCORM package or as
the HTML of an H5P panel, so that both carry the same words in the same order.

The file is UTF-8 with a BOM and CRLF line ends. Notepad before Windows 10 1903 may read a file
without BOM as the ANSI code page (the accents turn into « Ã© »), and before Windows 10 1809 it
shows a file with bare LF line ends as one long line; every version, and every other editor,
shows CRLF and the BOM right. Paragraphs are not hard-wrapped: the text is pasted into word
processors and read at any width (Notepad's « Retour automatique à la ligne » wraps it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt

from scormpack.model import Block, Heading, ListBlock, Paragraph, Quote, Resource
from scormpack.text import NBSP, NNBSP, french_typography

BOM = "\ufeff"
NEWLINE = "\r\n"
_SUFFIX = "-transcription.txt"

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("strikethrough")
# Without these characters a paragraph has no inline markdown: its text is the source's.
_MARKUP = re.compile(r"[\\`*_~\[<&]")
# Runs of spaces and line breaks, which become one space. Not \s: a no-break space the author typed
# stays one.
_SPACES = re.compile(r"[ \t\r\n]{2,}|[\t\r\n]")


@dataclass(frozen=True)
class Labels:
    """The words the text adds around the resource's own (French by default, from ui.<lang>.toml)."""

    transcript: str
    credits: str
    video_address: str

    @classmethod
    def from_ui(cls, ui: Mapping[str, object]) -> Labels:
        return cls(str(ui["transcript_heading"]), str(ui["credits_heading"]), str(ui["video_address"]))


@dataclass(frozen=True)
class Section:
    heading: str
    # Blocks are separated by an empty line; the lines of one block (a list) follow each other.
    blocks: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class TextVersion:
    area: str
    title: str
    description: str
    video_label: str
    video_url: str
    sections: tuple[Section, ...]


def file_name(slug: str) -> str:
    """The file's name in the package, and the name it downloads under."""
    return slug + _SUFFIX


def plain(md: str) -> str:
    """Inline markdown → text: markers dropped, a link's address kept after its words, French spacing.

    The narrow no-break space becomes a no-break space: the fonts of older Windows editors lack it.
    """
    if not _MARKUP.search(md):
        return spaced(_single_spaced(md))
    (token,) = _PARSER.parseInline(md)
    parts: list[str] = []
    href = ""
    link_start = 0
    for child in token.children or ():
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "link_open":
            href, link_start = str(child.attrs.get("href", "")), len(parts)
        elif child.type == "link_close" and href:
            # An address written as its own text (an autolink) is not repeated.
            if "".join(parts[link_start:]).strip() != href:
                parts.append(f" ({href})")
            href = ""
    return spaced(_single_spaced("".join(parts)))


def _single_spaced(text: str) -> str:
    # The reader already joined the lines of a paragraph: most have nothing to replace, and
    # scanning for it with `in` costs a tenth of the regular expression's scan.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def spaced(text: str) -> str:
    """French spacing for text that is already plain (no markdown to read)."""
    return french_typography(text).replace(NNBSP, NBSP)


@lru_cache(maxsize=16)
def text_version(resource: Resource, labels: Labels) -> TextVersion:
    """Kept for the next exporter of the same resource (SCORM and H5P each need it)."""
    credit_lines = tuple(f"{spaced(c.role)}{NBSP}: {spaced(', '.join(c.names))}" for c in resource.credits)
    credit_blocks = ((credit_lines,) if credit_lines else ()) + tuple((plain(n),) for n in resource.credits_notes)
    return TextVersion(
        area=spaced(resource.area),
        title=spaced(resource.title),
        description=plain(resource.description),
        video_label=spaced(labels.video_address),
        video_url=resource.video_page_url,
        sections=(
            Section(labels.transcript, transcript_blocks(resource.transcript)),
            Section(labels.credits, credit_blocks),
        ),
    )


# A quote's text, and what follows a list item's first line, is indented under it.
QUOTE_INDENT = "    "


def transcript_blocks(blocks: Sequence[Block]) -> tuple[tuple[str, ...], ...]:
    """The transcript's blocks as the file's: a paragraph or sub-heading is one line, a list is one
    block of lines (« 1. » numbers or « - » bullets, nested items indented under their parent's text),
    a quote's blocks are indented."""
    return tuple(tuple(lines) for lines in _text_blocks(blocks, ""))


def _text_blocks(blocks: Sequence[Block], indent: str) -> list[list[str]]:
    found: list[list[str]] = []
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            found.append([indent + plain(block.text)])
        elif isinstance(block, Quote):
            found += _text_blocks(block.blocks, indent + QUOTE_INDENT)
        elif isinstance(block, ListBlock):
            found.append(_list_lines(block, indent))
    return found


def _list_lines(block: ListBlock, indent: str) -> list[str]:
    lines: list[str] = []
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}." if block.ordered else "-"
        under = indent + " " * (len(marker) + 1)
        # The item's own blocks follow each other without empty lines: the list stays one block.
        item_lines = [line for lines in _text_blocks(item.blocks, under) for line in lines]
        if item_lines:
            lines.append(f"{indent}{marker} {item_lines[0][len(under):]}")
            lines += item_lines[1:]
        else:
            lines.append(f"{indent}{marker}")
    return lines


def _underline(text: str, mark: str) -> str:
    return mark * len(text)


def as_text(version: TextVersion) -> str:
    """The text, LF line ends (see `as_file` for the bytes written)."""
    lines = [
        version.area,
        version.title,
        _underline(version.title, "="),
        "",
        version.description,
        "",
        f"{version.video_label} {version.video_url}",
    ]
    for section in version.sections:
        lines += ["", "", section.heading, _underline(section.heading, "-")]
        for block in section.blocks:
            lines += ["", *block]
    return "\n".join(lines) + "\n"


def as_file(version: TextVersion) -> bytes:
    """The file's bytes: BOM, UTF-8, CRLF (why: see the module's docstring)."""
    return (BOM + as_text(version).replace("\n", NEWLINE)).encode("utf-8")


def as_html(version: TextVersion, heading: str = "h3") -> str:
    """The same text as HTML (headings, paragraphs, a link), for a field that allows `heading` and `a`."""

    def text(value: str) -> str:
        return escape(value, quote=False)

    def indented(line: str) -> str:
        # HTML collapses the spaces that show a nested item or a quote: no-break spaces stay.
        body = line.lstrip(" ")
        return NBSP * (len(line) - len(body)) + text(body)

    href = escape(version.video_url)
    parts = [
        f"<p>{text(version.area)}</p>",
        f"<{heading}>{text(version.title)}</{heading}>",
        f"<p>{text(version.description)}</p>",
        f'<p>{text(version.video_label)} <a href="{href}" target="_blank">{text(version.video_url)}</a></p>',
    ]
    for section in version.sections:
        parts.append(f"<{heading}>{text(section.heading)}</{heading}>")
        parts += ["<p>" + "<br>".join(indented(line) for line in block) + "</p>" for block in section.blocks]
    return "".join(parts)

"""The transcript's blocks as HTML: <p>, <ol>/<ul>/<li>, sub-headings, <blockquote>.

The words go through the same inline renderer as a paragraph's (sanitised, French typography, raw
HTML shown as text); the tags around them are this module's own. The lesson and the H5P fields
differ only in what they may hold, hence the parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scormpack.model import Block, Heading, ListBlock, ListItem, Paragraph, Quote


@dataclass(frozen=True)
class HtmlTarget:
    """What the target can show."""

    # Inline markdown → safe HTML, without an enclosing tag.
    inline: Callable[[str], str]
    # The level of the heading the blocks sit under: a source `###` is one below it.
    section_level: int = 2
    # The deepest heading the target holds; a deeper one is shown at that level (still a heading,
    # so that it can be reached by heading navigation).
    deepest: int = 6
    # Where <blockquote> is not allowed, a quote's blocks are shown in its place.
    quotes: bool = True


def has_structure(blocks: Sequence[Block]) -> bool:
    """Whether the blocks hold more than paragraphs (and so need the styles of lists and headings)."""
    return any(not isinstance(block, Paragraph) for block in blocks)


def blocks_html(blocks: Sequence[Block], target: HtmlTarget) -> list[str]:
    """One HTML string per block, in order."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Quote) and not target.quotes:
            parts += blocks_html(block.blocks, target)
        else:
            parts.append(_block(block, target))
    return parts


def _block(block: Block, target: HtmlTarget) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{target.inline(block.text)}</p>"
    if isinstance(block, Heading):
        level = min(target.section_level + block.level - 2, target.deepest)
        return f"<h{level}>{target.inline(block.text)}</h{level}>"
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        # One item a line, as markdown writes them (a reader of the source, or of the text without
        # styles, sees them apart).
        items = "\n".join(_item(item, block.tight, target) for item in block.items)
        return f"<{tag}{start}>\n{items}\n</{tag}>"
    if isinstance(block, Quote):
        return "<blockquote>\n" + "\n".join(blocks_html(block.blocks, target)) + "\n</blockquote>"
    raise TypeError(f"not a transcript block: {block!r}")


def _item(item: ListItem, tight: bool, target: HtmlTarget) -> str:
    # As markdown renders it: a tight list's paragraphs are not wrapped in <p>.
    parts = [
        target.inline(child.text) if tight and isinstance(child, Paragraph) else "".join(blocks_html((child,), target))
        for child in item.blocks
    ]
    # A line break between an item's text and its nested list, as markdown writes it: text copied
    # from the page, or read without styles, keeps them apart.
    return "<li>" + "\n".join(parts) + "</li>"

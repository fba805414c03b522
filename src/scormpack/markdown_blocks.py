"""markdown-it's flat token stream of a section → the nested blocks of the model.

Every block a transcript may hold is read (paragraphs, sub-headings, lists nested or not, quotes);
what has no place in one (a code block, a level-1 heading) is refused rather than dropped, because
inside an LMS that blocks the video the transcript is the whole lesson.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it.token import Token

from scormpack.model import Block, Heading, ListBlock, ListItem, Paragraph, Quote

# token, message → the error to raise (the caller knows the file and the section).
Refuse = Callable[[Token, str], Exception]

CODE_BLOCK = (
    "a code block is not read as transcript text (it comes from lines indented by 4 spaces or more, "
    "or from ``` fences: remove the indentation or the fences)"
)
TOP_HEADING = "a level-1 or level-2 heading has no place inside the section (write a sub-heading as '### …')"


def joined(text: str) -> str:
    """A paragraph's lines as one, single-spaced (the source's line breaks are not the author's meaning)."""
    return " ".join(text.split())


def read_blocks(tokens: Sequence[Token], refuse: Refuse) -> tuple[Block, ...]:
    blocks, _ = _blocks(tokens, 0, refuse, closing=None)
    return blocks


def _blocks(tokens: Sequence[Token], index: int, refuse: Refuse, closing: str | None) -> tuple[tuple[Block, ...], int]:
    """The blocks from `index` up to the token of type `closing` (or the end); returns them and the
    index just past that token."""
    blocks: list[Block] = []
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == closing:
            return tuple(blocks), index + 1
        if kind == "paragraph_open":
            blocks.append(Paragraph(joined(tokens[index + 1].content)))
            index += 3
        elif kind == "heading_open":
            if token.tag in ("h1", "h2"):
                raise refuse(token, TOP_HEADING)
            blocks.append(Heading(int(token.tag[1]), joined(tokens[index + 1].content)))
            index += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            block, index = _list(tokens, index, refuse)
            blocks.append(block)
        elif kind == "blockquote_open":
            inner, index = _blocks(tokens, index + 1, refuse, "blockquote_close")
            blocks.append(Quote(inner))
        elif kind in ("code_block", "fence"):
            raise refuse(token, CODE_BLOCK)
        else:
            # A thematic break (---) carries no words; html_block cannot occur (raw HTML is off).
            index += 1
    return tuple(blocks), index


def _list(tokens: Sequence[Token], index: int, refuse: Refuse) -> tuple[ListBlock, int]:
    opening = tokens[index]
    first = index
    ordered = opening.type == "ordered_list_open"
    closing = "ordered_list_close" if ordered else "bullet_list_close"
    start = int(opening.attrs.get("start", 1)) if ordered else 1
    items: list[ListItem] = []
    index += 1
    while tokens[index].type != closing:
        inner, index = _blocks(tokens, index + 1, refuse, "list_item_close")
        items.append(ListItem(inner))
    # markdown-it hides the paragraphs of a tight list's items (those of a nested list are its own).
    level = opening.level + 2
    tight = all(t.hidden for t in tokens[first:index] if t.type == "paragraph_open" and t.level == level)
    return ListBlock(ordered=ordered, items=tuple(items), start=start, tight=tight), index + 1

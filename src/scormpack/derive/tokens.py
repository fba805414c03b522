"""Words and punctuation of a French sentence, with their place in the text.

Elided articles and pronouns (« l' », « d' », « qu' », « s' ») are tokens of their own, as in
« l'|enseignant »; hyphenated and dotted words stay whole (« IA-DASEN », « apps.education.fr »).
Each token keeps its offsets so that a span of the sentence can be copied as written.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from scormpack.derive.lexicon import fold

# One pass finds every token. Group 1 is a word: an elided word (« l' », « qu' », « jusqu' »)
# before the word it leans on (« l'enseignant » → « l' » + « enseignant »), tried first so that it
# splits off, or a word whose parts are joined by « - », « . » or « ' » (« aujourd'hui »,
# « IA-DASEN »). Otherwise an ellipsis or any other single character: punctuation, not a word.
_TOKEN = re.compile(r"((?i:jusqu|lorsqu|puisqu|quoiqu|qu|[ldjmtscn])'(?=[^\W_])|[^\W_]+(?:[-.'][^\W_]+)*)|\.\.\.|\S")


class Token(NamedTuple):  # a tuple: cheap to build, and immutable
    text: str
    start: int
    end: int
    fold: str
    is_word: bool

    @property
    def lower(self) -> str:
        return self.text.lower()


# Builds a Token without the Python-level __new__ of the NamedTuple: tokens are made by the thousand.
_new_token = tuple.__new__


def normalise(text: str) -> str:
    """Typographic apostrophes → ASCII ones and all spaces to plain spaces, keeping offsets stable."""
    # Chained `replace` rather than `str.translate`, which is some 100 times slower on non-ASCII text.
    return text.replace("’", "'").replace("ʼ", "'").replace("`", "'").replace("\u00a0", " ").replace("\u202f", " ")


# The tokens of each whitespace-separated piece, with offsets relative to the piece: words recur
# (Zipf), so a piece is cut and folded once per process and only shifted to its place afterwards.
# Bounded so that a long-running process cannot grow it without limit.
_PIECES: dict[str, tuple[tuple[str, int, int, str, bool], ...]] = {}
_MAX_PIECES = 100_000


def _piece_parts(piece: str) -> tuple[tuple[str, int, int, str, bool], ...]:
    if piece.isalnum():  # what `_TOKEN` would match as a single word, without the regular expression
        return ((piece, 0, len(piece), fold(piece), True),)
    parts = []
    for match in _TOKEN.finditer(piece):
        value = match.group()
        is_word = match.lastindex is not None
        parts.append((value, match.start(), match.end(), fold(value) if is_word else value, is_word))
    return tuple(parts)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    cached = _PIECES.get
    # No token spans a space, so the text is cut at spaces first, and each piece's tokens are taken
    # from `_PIECES` (the regular expression is the costliest step).
    position = 0
    for piece in text.split():
        start = text.find(piece, position)  # only spaces lie between `position` and the piece
        position = start + len(piece)
        parts = cached(piece)
        if parts is None:
            if len(_PIECES) >= _MAX_PIECES:
                _PIECES.clear()
            parts = _PIECES[piece] = _piece_parts(piece)
        if len(parts) == 1:  # most pieces are a single word
            value, _, _, folded, is_word = parts[0]
            append(_new_token(Token, (value, start, position, folded, is_word)))
            continue
        for value, first, last, folded, is_word in parts:
            append(_new_token(Token, (value, start + first, start + last, folded, is_word)))
    return tokens


def span(text: str, tokens: list[Token], first: int, last: int) -> str:
    """The text of tokens[first:last] as written (last excluded)."""
    if first >= last:
        return ""
    return text[tokens[first].start : tokens[last - 1].end]


def render(text: str, tokens: list[Token], first: int, last: int, replace: dict[int, str]) -> str:
    """Like `span`, with some tokens replaced; a replacement of "" drops the token."""
    if not replace:  # the gaps between tokens are copied as written, so this is the span itself
        return span(text, tokens, first, last)
    out: list[str] = []
    pending_gap: str | None = None  # the space before a run of dropped tokens
    for index in range(first, last):
        token = tokens[index]
        gap = text[tokens[index - 1].end : token.start] if index > first else ""
        value = replace.get(index, token.text)
        if value == "":
            if pending_gap is None:
                pending_gap = gap
            continue
        if out:
            if pending_gap is None or not token.is_word:
                out.append(gap)
            else:
                out.append(pending_gap or gap)
        out.append(value)
        pending_gap = None
    return "".join(out)

"""Words and punctuation of a French sentence, with their place in the text.

Elided articles and pronouns (« l' », « d' », « qu' », « s' ») are tokens of their own, as in
« l'|enseignant »; hyphenated and dotted words stay whole (« IA-DASEN », « apps.education.fr »).
Each token keeps its offsets so that a span of the sentence can be copied as written.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from scormpack.derive.lexicon import fold

APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})

_TOKEN = re.compile(r"[^\W_]+(?:[-.'][^\W_]+)*|\.\.\.|\S")
# Elided words split off the word they lean on (« l'enseignant » → « l' » + « enseignant »).
_ELISION = re.compile(r"(?i)(?:jusqu|lorsqu|puisqu|quoiqu|qu|[ldjmtscn])'(?=[^\W_])")


class Token(NamedTuple):  # a tuple: cheap to build, and immutable
    text: str
    start: int
    end: int
    fold: str
    is_word: bool

    @property
    def lower(self) -> str:
        return self.text.lower()


def normalise(text: str) -> str:
    """Typographic apostrophes → ASCII ones and all spaces to plain spaces, keeping offsets stable."""
    return text.translate(APOSTROPHES).replace("\u00a0", " ").replace("\u202f", " ")


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        value = match.group()
        start = match.start()
        if not value[0].isalnum():
            tokens.append(Token(value, start, match.end(), value, False))
            continue
        while "'" in value:
            elision = _ELISION.match(value)
            if elision is None:
                break  # « aujourd'hui » stays whole
            cut = elision.end()
            tokens.append(Token(value[:cut], start, start + cut, fold(value[:cut]), True))
            value, start = value[cut:], start + cut
        tokens.append(Token(value, start, start + len(value), fold(value), True))
    return tokens


def span(text: str, tokens: list[Token], first: int, last: int) -> str:
    """The text of tokens[first:last] as written (last excluded)."""
    if first >= last:
        return ""
    return text[tokens[first].start : tokens[last - 1].end]


def render(text: str, tokens: list[Token], first: int, last: int, replace: dict[int, str]) -> str:
    """Like `span`, with some tokens replaced; a replacement of "" drops the token."""
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

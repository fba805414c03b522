"""A person's name (capitalised words, « M. »), and a transcript's speaker label built on one."""

from __future__ import annotations

from scormpack.derive.acronyms import Expansions
from scormpack.derive.lexicon import FUNCTION_WORDS
from scormpack.derive.mentions import Mention
from scormpack.derive.noun_phrase_parser import parse_noun_phrase
from scormpack.derive.tokens import Token


def person_name_end(tokens: list[Token], j: int) -> int:
    """The end of a person's name starting at `j`: capitalised words, with the period of « M. »."""
    n = len(tokens)
    k = j
    while k < n:
        token = tokens[k]
        if (token.is_word and token.text[0].isupper() and token.fold not in FUNCTION_WORDS) or (
            token.text == "." and k > j and len(tokens[k - 1].text) == 1
        ):
            k += 1
        else:
            break
    return k


def speaker_label(tokens: list[Token], expansions: Expansions) -> tuple[str, Mention | None] | None:
    """« Claire Martin, proviseure : … », « Claire Martin : … »: a transcript's speaker label, as the
    folded name and the function given with it (a noun phrase without article), if any."""
    if not tokens or not tokens[0].is_word:
        return None
    end = person_name_end(tokens, 0)
    if end == 0 or end >= len(tokens):
        return None
    name = " ".join(t.fold for t in tokens[:end] if t.is_word)
    if tokens[end].text == ":":
        return name, None
    if tokens[end].text != ",":
        return None
    function = parse_noun_phrase(tokens, end + 1, expansions, need_determiner=False, actors_only=True)
    if function is None or function.determiner:
        return None
    colon = next((k for k in range(function.end, min(len(tokens), function.end + 4)) if tokens[k].text == ":"), None)
    return (name, function) if colon is not None else None

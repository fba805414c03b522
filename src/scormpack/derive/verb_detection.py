"""Whether a finite verb starts at a position: one of the lexicon, or a lower-case word whose ending
and what follows it read as one."""

from __future__ import annotations

from scormpack.derive.lexicon import CLITICS, FUNCTION_WORDS
from scormpack.derive.tokens import Token
from scormpack.derive.verbs import finite_number

_ARTICLES_AFTER_VERB = frozenset({"le", "la", "les", "l'", "un", "une"})


def _guessed_number(tokens: list[Token], k: int) -> str | None:
    """A verb missing from the lexicon: a lower-case word with a verb ending, directly followed by an
    article or a comma and a listed verb (« écoute les agents », « écoute, conseille »). Adjectives
    of actor names are not followed by an article."""
    token = tokens[k]
    if not token.text.islower() or k + 1 >= len(tokens) or token.fold in FUNCTION_WORDS:
        return None
    nxt = tokens[k + 1]
    followed = nxt.fold in _ARTICLES_AFTER_VERB or (
        nxt.text == "," and k + 2 < len(tokens) and finite_number(tokens[k + 2].text) is not None
    )
    if not followed:
        return None
    if token.fold.endswith("ent"):
        return "pl"
    return "sg" if token.fold.endswith(("e", "it")) else None


def _is_verb(token: Token, plural: bool | None, tokens: list[Token] | None = None, k: int = -1) -> bool:
    number = finite_number(token.text)
    if number is None and tokens is not None:
        number = _guessed_number(tokens, k)
    if number is None:
        return False
    return plural is None or (number == "pl") == plural


def verb_after(tokens: list[Token], i: int, plural: bool | None) -> bool:
    """Whether a finite verb (maybe after clitics such as « ne », « se », « lui ») starts at `i`."""
    k = i
    while k < len(tokens) and tokens[k].fold in CLITICS and k - i < 3:
        if _is_verb(tokens[k], plural) and tokens[k].fold not in {"le", "la", "les"}:
            break
        k += 1
    return k < len(tokens) and _is_verb(tokens[k], plural, tokens, k)

"""Nouns that designate a person, a function or a body, compared by their singular lemma."""

from __future__ import annotations

from functools import cache

from scormpack.derive.lexicon import ACTOR_HEADS, FEMININE_PERSON_ENDINGS


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith(("s", "x")) else word


# Endings of nouns of trades and functions (« diététicienne », « animatrice », « juriste »).
_PROFESSION_ENDINGS = ("icien", "icienne", "iciens", "iciennes", "trice", "trices", "iste", "istes")


def _profession(word: str) -> bool:
    return len(word) > 6 and word.endswith(_PROFESSION_ENDINGS)


def names_actor(word: str) -> bool:
    """Whether a (folded) noun designates a person, a function or a body."""
    return _is_function_noun(word, head_noun(word))


@cache
def _is_function_noun(word: str, lemma: str) -> bool:
    """`word` (folded) or its singular `lemma` is a listed noun of function, or its feminine in « -e »
    (« proviseure », « docteure »), or ends like a noun of trade (« diététicienne »)."""
    return (
        lemma in ACTOR_HEADS
        or word in ACTOR_HEADS
        or (lemma.endswith("e") and lemma[:-1] in ACTOR_HEADS and len(lemma) > 4)
        or _profession(word)
    )


@cache
def head_noun(word: str) -> str:
    """The folded, singular lemma used to compare heads (« Enseignants-chercheurs » → « enseignant »)."""
    return _singular(word.split("-")[0].lower()) if word else word


def feminine_noun(word: str) -> bool:
    """Whether a folded noun of person is feminine by its ending (« formatrice »), or as the feminine
    in « -e » of a listed noun (« proviseure », « principale »)."""
    return word.endswith(FEMININE_PERSON_ENDINGS) or (
        word.endswith("e") and (word[:-1] in ACTOR_HEADS or word[:-2] + "f" in ACTOR_HEADS)
    )

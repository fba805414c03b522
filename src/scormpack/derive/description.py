"""The enumeration that opens a resource's description: « eRUN, CPD numérique, IEN numérique, DRAN… ».

In this genre the description very often starts with the actors the video presents, as a verbless
list of short noun phrases and acronyms, usually left open with « … ». Such a list is only a list of
*candidates*: it may name topics instead of actors (« Mutation, temps partiel, rendez-vous de
carrière… »), and it is often partial. The extractor uses an item to recognise an actor in the
transcript (same acronym, same head noun), never to create one the transcript does not present.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from scormpack.derive.acronyms import is_acronym
from scormpack.derive.lexicon import CONTRACTED, DETERMINERS, FUNCTION_WORDS, fold

MAX_ITEM_WORDS = 7
MIN_ITEMS = 2
# Prepositions that open a complement: « chef de centre » is not « chef d'établissement ».
_COMPLEMENT_WORDS = frozenset({"de", "d'", "du", "des", "pour", "en", "au", "aux", "a"})
_ARTICLES = DETERMINERS | CONTRACTED | {"l'"}
# Words, with an elided article or preposition apart: « d'établissement » → « d' », « établissement ».
_WORD = re.compile(r"(?:[ldjnmst]|qu)['’]|[\w+]+(?:-[\w+]+)*", re.IGNORECASE)
# Words that make a list item a clause (« Ils sont nombreux »): pronouns, auxiliaries, copulas.
_CLAUSE_WORDS = frozenset(
    {
        "il",
        "ils",
        "elle",
        "elles",
        "on",
        "nous",
        "vous",
        "je",
        "est",
        "sont",
        "a",
        "ont",
        "font",
        "fait",
        "peut",
        "peuvent",
        "doit",
        "doivent",
        "agit",
        "agissent",
        "va",
        "vont",
        "etait",
    }
)


class Item(NamedTuple):
    """One element of the enumeration."""

    text: str  # as written, e.g. « IEN numérique »
    head: str  # folded singular head noun or folded acronym, e.g. « ien », « conseiller »
    acronym: str | None  # « IEN », when the head is an acronym
    qualifiers: tuple[str, ...]  # folded content words after the head, outside any complement
    complements: tuple[str, ...]  # folded content words of « de … » complements, which must match


def _words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text)]


@cache  # called on the words of every candidate mention
def singular_lemma(word: str) -> str:
    """A folded noun reduced to a comparable stem: plural and feminine variants meet
    (« référente » ~ « référent », « formatrices » ~ « formateur », « déléguées » ~ « délégué »)."""
    word = fold(word).split("-")[0] if "-" in word and not word.startswith(("eco-", "vice-")) else fold(word)
    if len(word) > 3 and word.endswith(("s", "x")):
        word = word[:-1]
    for feminine, masculine in (("trice", "teur"), ("euse", "eur"), ("ienne", "ien"), ("ere", "er"), ("ive", "if")):
        if word.endswith(feminine) and len(word) > len(feminine) + 2:
            return word[: -len(feminine)] + masculine
    if word.endswith(("ee", "ente", "ante", "ale", "eure")) and len(word) > 4:
        return word[:-1]
    return word


def _parse_item(text: str) -> Item | None:
    words = _words(text)
    if not words or len(words) > MAX_ITEM_WORDS:
        return None
    k = 0
    while k < len(words) and fold(words[k]) in _ARTICLES:
        k += 1
    if k >= len(words):
        return None
    first = words[k]
    if fold(first) in FUNCTION_WORDS:
        return None
    if any(fold(word) in _CLAUSE_WORDS for word in words):
        return None  # a verb inside an item makes it a clause (« Ils sont nombreux »), not a name
    acronym = first if is_acronym(first) else None
    qualifiers: list[str] = []
    complements: list[str] = []
    in_complement = False
    for word in words[k + 1 :]:
        folded = fold(word)
        if folded in _COMPLEMENT_WORDS:
            in_complement = True
            continue
        if folded in _ARTICLES or folded in FUNCTION_WORDS:
            continue
        (complements if in_complement else qualifiers).append(singular_lemma(folded))
    head = fold(acronym) if acronym else singular_lemma(first)
    return Item(text.strip(), head, acronym, tuple(qualifiers), tuple(complements))


def enumerated_items(description: str | None) -> list[Item]:
    """The items of the enumeration that opens `description`, or [] when it opens otherwise.

    The enumeration is the text before the first « … », « ... » or sentence end; it must hold at least
    two comma-separated items (the last may be joined by « et »), each a short verbless noun phrase.
    """
    if not description:
        return []
    text = description.strip().strip("\"«» ")
    match = re.search(r"\.\.\.|…|[.!?:;](?:\s|$)", text)
    head = text[: match.start()] if match else text
    items = _items(head)
    if not items and match and text[match.start()] == ":":
        # « … font le tour des acteurs : assistants de langue, tuteurs, inspecteurs et opérateur national »
        rest = text[match.end() :]
        end = re.search(r"\.\.\.|…|[.!?;](?:\s|$)", rest)
        items = _items(rest[: end.start()] if end else rest)
    return items


def _items(head: str) -> list[Item]:
    if "," not in head:
        return []
    parts = [p.strip() for p in head.split(",")]
    last = parts[-1]
    if " et " in f" {last} ":
        parts[-1:] = [p.strip() for p in re.split(r"\bet\b", last) if p.strip()]
    items = [_parse_item(p) for p in parts]
    if len(items) < MIN_ITEMS or any(item is None for item in items):
        return []
    return [item for item in items if item is not None]

"""Candidates that name one actor twice, merged: an acronym and its expansion, one function in
both genders.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scormpack.derive.acronyms import matches
from scormpack.derive.entities import ActorRole, _slug
from scormpack.derive.lexicon import fold
from scormpack.derive.tokens import normalise, tokenize

# A label that is only an acronym, with or without its article: « CVL », « Le CVL », « l'EAFC ».
_ACRONYM_LABEL = re.compile(r"(?:(?:le|la|les)\s+|l')?([A-Za-z][A-Za-z0-9-]*)", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:(?:le|la|les)\s+|l')", re.IGNORECASE)


def _bare_acronym(label: str) -> str | None:
    match = _ACRONYM_LABEL.fullmatch(label.strip())
    return match.group(1) if match and sum(c.isupper() for c in match.group(1)) >= 2 else None


def _spells(acronym: str, label: str) -> bool:
    """Whether a noun-phrase label (no parenthesis) is the expansion of `acronym`, word for letter."""
    if "(" in label:
        return False
    words = [t.fold for t in tokenize(normalise(_ARTICLE.sub("", label.strip()))) if t.is_word]
    return matches("".join(c for c in acronym.lower() if c.isalpha()), words, strict=True)


def _with_acronym(pair: ActorRole, acronyms: list[str]) -> ActorRole:
    """« L'aide sociale à l'enfance » in a text that also says « l'ASE »: labelled « ASE (aide sociale à
    l'enfance) », as a learner meets the actor under both names."""
    if "(" in pair.actor:
        return pair
    for acronym in acronyms:
        if _spells(acronym, pair.actor):
            return replace(pair, actor=f"{acronym} ({_ARTICLE.sub('', pair.actor.strip())})", key=_slug(acronym))
    return pair


def merge_acronym_doubles(pairs: list[ActorRole]) -> list[ActorRole]:
    """One actor found twice, by its acronym and by its expansion (« le conseil de la vie lycéenne,
    ou CVL » then « Le CVL est… »), becomes one pair where it was first presented, labelled
    « CVL (conseil de la vie lycéenne) », with that first pair's role: a quiz must not offer one
    actor under two names."""
    merged = list(pairs)
    for pair in pairs:
        acronym = _bare_acronym(pair.actor)
        if acronym is None or pair not in merged:
            continue
        twin = next((p for p in merged if p is not pair and _spells(acronym, p.actor)), None)
        if twin is None:
            continue
        first = min(pair, twin, key=merged.index)
        label = f"{acronym} ({_ARTICLE.sub('', twin.actor.strip())})"
        merged[merged.index(first)] = replace(
            first,
            actor=label,
            key=pair.key,
            confidence=max(pair.confidence, twin.confidence),
            sentences=tuple(sorted({*pair.sentences, *twin.sentences})),
        )
        merged.remove(twin if first is pair else pair)
    return merged


# Names of one function: the head of a collège is its « principal(e) », of a lycée its « proviseur(e) »,
# and both are « le chef d'établissement » (an « adjoint » is another person, hence whole labels only).
_SAME_FUNCTION = (
    frozenset({"chef d'etablissement", "cheffe d'etablissement", "principal", "principale", "proviseur", "proviseure"}),
)


def _function_name(label: str) -> str:
    return fold(_ARTICLE.sub("", label.strip())).replace("’", "'")


# Feminine endings of nouns of function and of their adjectives, with the masculine they come from.
_FEMININE_ENDINGS = (
    ("trice", "teur"),
    ("euse", "eur"),
    ("eure", "eur"),
    ("ienne", "ien"),
    ("ere", "er"),
    ("ante", "ant"),
    ("ente", "ent"),
    ("ale", "al"),
    ("ee", "e"),
)


def _masculine(word: str) -> str:
    for ending, masculine in _FEMININE_ENDINGS:
        if len(word) > len(ending) + 2 and word.endswith(ending):
            return word[: -len(ending)] + masculine
    return word


def _gender_free(label: str) -> str:
    """« L'assistante pédagogique » and « L'assistant pédagogique » give the same string."""
    return " ".join(_masculine(word) for word in re.split(r"[\s']+", _function_name(label)) if word)


def merge_same_function(pairs: list[ActorRole]) -> list[ActorRole]:
    """One function found under two of its names (« le chef d'établissement » … « le principal »), or in
    both genders (« l'assistant pédagogique » … « l'assistante pédagogique »), becomes one pair where it
    was first presented: a quiz must not offer one actor twice, each half with part of its role."""
    merged = list(pairs)
    groups = [*_SAME_FUNCTION]
    by_gender: dict[str, set[str]] = {}
    for pair in merged:
        if "(" not in pair.actor:
            by_gender.setdefault(_gender_free(pair.actor), set()).add(_function_name(pair.actor))
    groups += [frozenset(names) for names in by_gender.values() if len(names) > 1]
    for names in groups:
        same = [p for p in merged if _function_name(p.actor) in names]
        if len(same) < 2:
            continue
        first, others = same[0], same[1:]
        label = first.actor
        other_name = next(
            (p.actor for p in others if _gender_free(p.actor) != _gender_free(first.actor)),
            "",
        )
        if other_name:
            label = f"{first.actor} ({other_name[:1].lower()}{other_name[1:]})"
        merged[merged.index(first)] = replace(
            first,
            actor=label,
            confidence=max(p.confidence for p in same),
            sentences=tuple(sorted({i for p in same for i in p.sentences})),
        )
        for other in others:
            merged.remove(other)
    return merged

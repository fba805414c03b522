"""The tuples a sentence is read into: a noun phrase that may designate an actor (`Mention`) and the
subject of a sentence with where its predicate starts (`Clause`); and what a mention's determiner or
noun tells of its number and gender."""

from __future__ import annotations

from typing import Literal, NamedTuple

from scormpack.derive.lexicon import (
    DEMONSTRATIVE,
    FEMININE_DETERMINERS,
    FEMININE_PERSON_ENDINGS,
    INDEFINITE,
    MASCULINE_DETERMINERS,
    PLURAL_DETERMINERS,
    SINGULAR_DETERMINERS,
)
from scormpack.derive.tokens import Token

MentionKind = Literal["acronym", "expansion", "noun", "name", "thing", "generic"]
ClauseKind = Literal["mention", "pronoun", "first_person", "role_noun", "impersonal", "other"]


_ACTOR_LIKE_KINDS = frozenset({"acronym", "expansion", "noun"})


# Mentions and clauses are tuples (immutable, like frozen dataclasses, but built several times faster):
# a few are made for every sentence.
class Mention(NamedTuple):
    start: int  # first token, determiner included
    head: int  # the acronym or the head noun
    end: int  # end of the noun phrase (exclusive)
    core_end: int  # end of the words that name the actor (head, adjectives, one « de » complement)
    kind: MentionKind
    acronym: str | None  # for acronyms and expansions
    determiner: str  # folded, "" when none
    quantified: bool  # « chaque X », « tous les X »
    # End of the head and of its other-gender doublet (« formatrice ou un formateur »), which the
    # identifier leaves out: head + 1 without a doublet.
    head_end: int = -1
    named_body: bool = False  # « Réseau Canopé »: a body's proper name, without article
    bare_plural: bool = False  # a plural noun after « de », without article: « un vivier de formateurs »

    @property
    def plural(self) -> bool:
        # « de formateurs » has no article: its noun's ending tells.
        return self.determiner in PLURAL_DETERMINERS or (self.determiner == "" and self.bare_plural)

    @property
    def is_actor_like(self) -> bool:
        return self.kind in _ACTOR_LIKE_KINDS


class Clause(NamedTuple):
    kind: ClauseKind
    subject_start: int
    predicate: int  # first token of the predicate (clitics included)
    mention: Mention | None = None
    pronoun: str = ""  # folded subject pronoun, or the possessive of « mon rôle »
    copula: bool = False  # « X, c'est … »: the predicate starts at « est »
    cleft: bool = False  # « c'est X qui … »
    # « Mme Okafor, principale du collège, prend … »: the subject is a person, `mention` the function
    # set in apposition, which the person holds.
    apposed: bool = False
    # « Ce dernier préside … », « celle-ci propose … »: the last one named, not the topic.
    latest: bool = False


def mention_number(mention: Mention) -> bool | None:
    """Whether the phrase is plural, as its determiner tells; None when it has none that tells."""
    if mention.determiner in PLURAL_DETERMINERS:
        return True
    if mention.determiner in SINGULAR_DETERMINERS:
        return False
    return None


def mention_gender(mention: Mention, tokens: list[Token]) -> bool | None:
    """Whether the phrase is feminine (True) or masculine (False), from its determiner or its noun."""
    if mention.head_end > mention.head + 1 and mention.kind == "noun":
        return None  # « une formatrice ou un formateur »: either
    if mention.determiner in FEMININE_DETERMINERS:
        return True
    if mention.determiner in MASCULINE_DETERMINERS:
        return False
    if mention.kind == "noun" and tokens[mention.head].fold.endswith(FEMININE_PERSON_ENDINGS):
        return True
    return None


def is_indefinite(mention: Mention) -> bool:
    return mention.determiner in INDEFINITE


def is_demonstrative(mention: Mention) -> bool:
    return mention.determiner in DEMONSTRATIVE

"""Every noun phrase of a sentence, left to right: the actor-like ones, those a pronoun of the next
sentence may take up, and the plural nouns of actors after « de » without article."""

from __future__ import annotations

from scormpack.derive.acronyms import Expansions, is_acronym
from scormpack.derive.function_nouns import names_actor
from scormpack.derive.lexicon import SUBJECT_PRONOUNS
from scormpack.derive.mentions import Mention
from scormpack.derive.noun_phrase_parser import _PHRASE_DETERMINERS, _QUANTIFIERS_OR_PRESQUE, parse_noun_phrase
from scormpack.derive.tokens import Token

# Words after which « le », « la », « les » are object pronouns (modal verbs and pronoun subjects).
_CLITIC_CONTEXT = frozenset(
    {
        "peut",
        "peuvent",
        "doit",
        "doivent",
        "va",
        "vont",
        "veut",
        "veulent",
        "sait",
        "savent",
        "faut",
        "pouvez",
        "devez",
        "allez",
        "on",
        "nous",
        "vous",
        "je",
        "j'",
        "ne",
        "n'",
        "tu",
    }
)


def mentions_in(tokens: list[Token], expansions: Expansions) -> list[Mention]:
    """Every actor-like noun phrase of the sentence, left to right."""
    found: list[Mention] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        acronym = is_acronym(token.text)
        if not acronym and token.fold not in _PHRASE_DETERMINERS and token.fold not in _QUANTIFIERS_OR_PRESQUE:
            i += 1  # most words: no phrase starts here (the tests below would all fail)
            continue
        starts_phrase = acronym or token.fold in _PHRASE_DETERMINERS
        if (
            token.fold in {"le", "la", "les", "l'"}
            and i > 0
            and (tokens[i - 1].fold in _CLITIC_CONTEXT or tokens[i - 1].fold in SUBJECT_PRONOUNS)
        ):
            # « Elle le guide », « peut le conseiller »: an object pronoun, not an article.
            i += 1
            continue
        # After « de », « par », « à », a phrase without determiner is only actor-like with a quantifier
        # (« de tous les agents »); an acronym or a determiner already `starts_phrase`.
        if starts_phrase or (
            i > 0 and token.fold in _QUANTIFIERS_OR_PRESQUE and tokens[i - 1].fold in {"d'", "de", "par", "a"}
        ):
            mention = parse_noun_phrase(tokens, i, expansions, need_determiner=not acronym, actors_only=True)
            if mention is not None and mention.is_actor_like:
                found.append(mention)
                # Past the head, or past both words of a doublet (« une formatrice ou un formateur »).
                i = max(mention.head_end if mention.kind == "noun" else mention.head + 1, i + 1)
                continue
        i += 1
    return found


def noun_phrases(tokens: list[Token], expansions: Expansions) -> list[Mention]:
    """Every noun phrase with a determiner (or an acronym, or a person's name), actor-like or not,
    left to right: the candidates a pronoun of the next sentence may take up."""
    found: list[Mention] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i > 0 and token.fold in {"le", "la", "les", "l'"} and tokens[i - 1].fold in SUBJECT_PRONOUNS:
            i += 1  # « il le vérifie »: an object pronoun
            continue
        if is_acronym(token.text) or token.fold in _PHRASE_DETERMINERS or (token.text[:1].isupper() and i > 0):
            mention = parse_noun_phrase(tokens, i, expansions, need_determiner=False)
            if mention is not None:
                found.append(mention)
                i = max(mention.head + 1, i + 1)
                continue
        i += 1
    return found


def complement_mentions(tokens: list[Token], expansions: Expansions) -> list[Mention]:
    """`mentions_in`, and the plural nouns of actors after « de » without article (« un réseau de
    formateurs académiques »), which name a group just as « des formateurs » would."""
    found = mentions_in(tokens, expansions)
    for k in range(len(tokens) - 1):
        word = tokens[k + 1].fold
        if tokens[k].fold in {"de", "d'"} and word.endswith(("s", "x")) and names_actor(word):
            mention = parse_noun_phrase(tokens, k + 1, expansions, need_determiner=False, actors_only=True)
            if mention is not None and mention.kind == "noun":
                found.append(mention._replace(bare_plural=True))
    return sorted(found, key=lambda m: m.start)

"""One noun phrase read from its first token: its determiner, its head (an acronym, a known
expansion, a noun of function, a name or a thing), the complements that belong to it, and where
the words that name the actor end."""

from __future__ import annotations

from scormpack.derive.acronyms import Expansions, is_acronym, singular
from scormpack.derive.agent_nouns import strong_agent_ending
from scormpack.derive.function_nouns import _is_function_noun, head_noun, names_actor
from scormpack.derive.lexicon import (
    ACTOR_HEADS,
    CONTRACTED,
    COORDINATIONS,
    DETERMINERS,
    ER_VERBS,
    FUNCTION_APPOSITIONS,
    FUNCTION_WORDS,
    GENERIC_HEADS,
    IR_VERBS,
    KEY_PREPOSITIONS,
    NON_ACTOR_HEADS,
    ORGANISATION_HEADS,
    PLURAL_DETERMINERS,
    PREPOSITIONS_IN_NAMES,
    QUANTIFIERS,
    STRESSED_PRONOUNS,
    SUBORDINATORS,
)
from scormpack.derive.mentions import _ACTOR_LIKE_KINDS, Mention, MentionKind
from scormpack.derive.tokens import Token
from scormpack.derive.verb_detection import _ARTICLES_AFTER_VERB, _is_verb
from scormpack.derive.verbs import finite_number


def _is_infinitive(word: str) -> bool:
    """A folded word that reads as an infinitive (« faire », « veiller »), not a noun in « -ier »."""
    return (
        word in ER_VERBS
        or word in IR_VERBS
        or word.endswith(("re", "oir", "ir"))
        or (word.endswith("er") and not word.endswith("ier"))
    )


def _is_participle_charge(tokens: list[Token], j: int, lemma: str) -> bool:
    """« chargée de faire respecter »: the participle, with an infinitive; « le chargé de mission » is a noun."""
    return (
        lemma in {"charge", "chargee"}
        and j + 2 < len(tokens)
        and tokens[j + 1].fold in {"de", "d'"}
        and _is_infinitive(tokens[j + 2].fold)
    )


def _function_apposition(tokens: list[Token], j: int) -> bool:
    """A noun of people or of a group followed by a noun of function in apposition: « les élèves
    ambassadeurs », « les parents délégués », « l'équipe ressource »: that function, not people at large."""
    if j + 1 >= len(tokens) or not tokens[j + 1].is_word or not tokens[j + 1].text.islower():
        return False
    nxt = tokens[j + 1].fold
    return nxt in FUNCTION_APPOSITIONS or names_actor(nxt) or strong_agent_ending(nxt)


def _body_proper_name(tokens: list[Token], j: int, lemma: str) -> bool:
    """« Réseau Canopé », « Agence Erasmus »: a body's noun written with a capital, then its proper
    name, without article."""
    return (
        lemma in ORGANISATION_HEADS
        and tokens[j].text[0].isupper()
        and j + 1 < len(tokens)
        and tokens[j + 1].is_word
        and tokens[j + 1].text[0].isupper()
        and tokens[j + 1].fold not in FUNCTION_WORDS
    )


def _expansion_at(tokens: list[Token], i: int, expansions: Expansions) -> tuple[str, int] | None:
    """The acronym whose expansion is written at `i`, in the singular or the plural, and where it ends."""
    best: tuple[str, int] | None = None
    if not expansions:  # most texts define few acronyms, some none
        return best
    for acronym, words in expansions.starting_with(tokens[i].fold):
        n = len(words)
        if tuple(singular(t.fold) for t in tokens[i : i + n]) == words and (best is None or i + n > best[1]):
            best = (acronym, i + n)
    return best


# Unions of lexicons used in hot loops, built once rather than at each test.
_QUANTIFIERS_OR_PRESQUE = QUANTIFIERS | {"presque"}
_PHRASE_DETERMINERS = DETERMINERS | CONTRACTED
_DETERMINERS_OR_ELIDED = DETERMINERS | {"l'"}


def parse_noun_phrase(
    tokens: list[Token], i: int, expansions: Expansions, need_determiner: bool = True, actors_only: bool = False
) -> Mention | None:
    """The noun phrase starting at `i`, if its head is an acronym, a known expansion or a noun.

    `actors_only`: the caller keeps only actor-like phrases (`Mention.is_actor_like`), so any other
    is rejected as soon as its head is known, without parsing the rest of the phrase.
    """
    n = len(tokens)
    j = i
    quantified = False
    while j < n and tokens[j].fold in _QUANTIFIERS_OR_PRESQUE:
        quantified = True
        j += 1
    determiner = ""
    if j < n and tokens[j].fold in _PHRASE_DETERMINERS:
        determiner = tokens[j].fold
        j += 1
    if j >= n or not tokens[j].is_word:
        return None
    head = j
    word = tokens[j]
    acronym: str | None = None
    named_body = False  # a body's proper name, which takes no article
    lemma = head_noun(word.fold)
    expansion = _expansion_at(tokens, j, expansions)
    if expansion is not None:
        kind: MentionKind = "expansion"
        acronym, j = expansion
        j -= 1
    elif is_acronym(word.text):
        kind, acronym = "acronym", word.text
    elif not determiner and _body_proper_name(tokens, j, lemma):
        kind = "noun"
        named_body = True
    elif _is_function_noun(word.fold, lemma):
        if _is_participle_charge(tokens, j, lemma):
            return None
        kind = "noun"
    elif determiner in {"le", "la", "l'", "les"} and word.text[0].isupper() and lemma not in NON_ACTOR_HEADS and i > 0:
        kind = "noun"  # an institution written with a capital: « le Département », « la Région »
    elif lemma in GENERIC_HEADS:
        kind = "noun" if _function_apposition(tokens, j) else "generic"
    elif lemma in NON_ACTOR_HEADS:
        kind = "thing"
    elif word.text[0].isupper() and word.fold not in FUNCTION_WORDS and not determiner:
        kind = "name"
    elif determiner or quantified:
        kind = "thing"
    else:
        return None
    if actors_only and kind not in _ACTOR_LIKE_KINDS:
        return None
    if (
        need_determiner
        and not determiner
        and kind in ("noun", "thing", "generic", "expansion")
        and not quantified
        and not named_body
    ):
        return None
    plural = determiner in PLURAL_DETERMINERS
    if kind == "name":
        # A person's name takes no complement: « Propriétaire des bâtiments, … » is not a name.
        return Mention(i, head, j + 1, j + 1, kind, None, determiner, quantified)
    head_end = _doublet_end(tokens, j + 1) if kind == "noun" else j + 1
    start = head_end
    if kind == "noun" and lemma in ORGANISATION_HEADS:
        start = _proper_name_end(tokens, head_end)  # « l'agence Erasmus+ France », « l'office Jeunesse »
    end, core_end = _continuation(tokens, start, plural if determiner else None)
    core_end = max(core_end, start)
    return Mention(i, head, end, core_end, kind, acronym, determiner, quantified, head_end, named_body)


def _proper_name_end(tokens: list[Token], j: int) -> int:
    """The end of a proper name written after the noun of a body (capitalised words, maybe joined by
    « + », « / » or « & »): `j` when there is none."""
    end = j
    k = j
    while k < len(tokens):
        token = tokens[k]
        if token.is_word and token.text[0].isupper() and token.fold not in FUNCTION_WORDS:
            k += 1
            end = k
        elif token.text in {"+", "/", "&", "-"} and end == k:
            k += 1
        else:
            break
    # « + » belongs to the name it follows (« Erasmus+ »), « / » and « & » only between names.
    if end < len(tokens) and tokens[end].text == "+":
        end += 1
    return end


def _doublet_end(tokens: list[Token], j: int) -> int:
    """After a noun of person, its other-gender form (« une formatrice ou un formateur », « le directeur
    ou la directrice »): one function named twice. Where the doublet ends, or `j` without one."""
    if j + 2 >= len(tokens) or tokens[j].fold not in COORDINATIONS or tokens[j + 1].fold not in _ARTICLES_AFTER_VERB:
        return j
    first, second = head_noun(tokens[j - 1].fold), head_noun(tokens[j + 2].fold)
    stem = max(3, min(len(first), len(second)) - 3)  # tuteur / tutrice, enseignant / enseignante
    if first != second and first[:stem] == second[:stem] and second in ACTOR_HEADS:
        return j + 3
    return j


def _continuation(tokens: list[Token], j: int, plural: bool | None) -> tuple[int, int]:
    """Where the noun phrase ends, and where its naming part (for identifiers) ends."""
    n = len(tokens)
    core_end = j
    core_open = True  # still in head + adjectives + first « de » complement
    while j < n:
        token = tokens[j]
        if token.text == "(":
            close = next((k for k in range(j + 1, min(n, j + 20)) if tokens[k].text == ")"), None)
            if close is None:
                break
            j = close + 1
            core_open = False
            continue
        if not token.is_word:
            break
        fold = token.fold
        if fold in PREPOSITIONS_IN_NAMES or (fold == "charge" and j + 1 < n and tokens[j + 1].fold in {"de", "d'"}):
            k = j + 1
            if fold in {"charge", "en"} and k < n and tokens[k].fold in {"de", "d'", "charge"}:
                k += 1
                if k < n and tokens[k].fold in {"de", "d'"}:
                    k += 1
            while k < n and tokens[k].fold in _DETERMINERS_OR_ELIDED:
                k += 1
            if k >= n or not tokens[k].is_word or tokens[k].fold in SUBORDINATORS:
                break
            # « proviseure d'un lycée polyvalent »: a complement with « un » tells where one person works,
            # it does not name the function.
            indefinite = tokens[k - 1].fold in {"un", "une"}
            j = k + 1
            if core_open and fold in KEY_PREPOSITIONS and not indefinite:
                core_end = j
            core_open = False
            continue
        if (
            fold in {"ou", "et"}
            and j + 1 < n
            and tokens[j + 1].fold in {"du", "de", "d'", "des", "au", "aux", "en", "a"}
        ):
            j += 1
            continue
        if (
            token.text.islower()
            and fold not in FUNCTION_WORDS
            and fold not in SUBORDINATORS
            and fold not in STRESSED_PRONOUNS
            and not _is_verb(token, plural, tokens, j)
            and finite_number(token.text) is None
        ):
            j += 1
            if core_open:
                core_end = j
            continue
        if token.text[:1].isdigit():
            j += 1
            continue
        break
    return j, core_end

"""The subject of a sentence, and where its predicate starts.

A sentence presents what an actor does when the actor (or a pronoun, a demonstrative or a cleft
« c'est X qui ») is the subject of a finite verb. The subject is looked for at the start of the
sentence and after each comma of its first part, so that leading adverbials (« Enfin, »,
« Placé sous l'autorité du recteur, ») are passed over; the verb may be separated from its subject
by the rest of the noun phrase and by up to two insertions between commas.
"""

from __future__ import annotations

from collections.abc import Iterator

from scormpack.derive.acronyms import Expansions
from scormpack.derive.insertions import _skip_insertions
from scormpack.derive.lexicon import (
    CLITICS,
    FIRST_PERSON,
    LINKING_ADVERBS,
    OTHER_SUBJECT_PRONOUNS,
    POSSESSIVE,
    ROLE_NOUNS,
    STRESSED_PRONOUNS,
    SUBJECT_PRONOUNS,
)
from scormpack.derive.mentions import Clause, Mention
from scormpack.derive.noun_phrase_parser import parse_noun_phrase
from scormpack.derive.person_names import person_name_end
from scormpack.derive.tokens import Token
from scormpack.derive.verb_detection import verb_after
from scormpack.derive.verbs import first_person_to_third

_IMPERSONAL_VERBS = frozenset({"existe", "faut", "suffit", "agit", "s'agit", "reste", "semble", "arrive"})


# Built once rather than at each test, as the unions of noun_phrase_parser.
_CLITICS_FIRST_PERSON = CLITICS | {"me", "m'"}


# (Not adverbs such as « souvent », « parfois »: « Souvent CPE, parfois professeur, il conseille … »
# describes the subject that follows.)
_CLAUSE_LINKS = frozenset(
    {"et", "mais", "puis", "ensuite", "alors", "donc", "enfin", "or", "bon", "ben", "du", "coup", "ah", "oh", "bref"}
)


def _start_positions(tokens: list[Token]) -> Iterator[int]:
    """The start of the sentence, then each token after a comma or colon outside brackets.

    A generator: the subject is most often found at the first position, so the rest is not scanned.
    """
    # The first word: a dialogue dash or an opening quote may come before it (« — Vous êtes … »).
    first = next((k for k, token in enumerate(tokens) if token.is_word), 0)
    yield first
    # « Et c'est le DASEN qui autorise », « Puis l'association, elle organise »: speech opens a clause
    # with a coordination or a linking adverb before its subject.
    k = first
    while k + 1 < len(tokens) and tokens[k].fold in _CLAUSE_LINKS:
        k += 1
        yield k
    depth = 0
    for k, token in enumerate(tokens):
        text = token.text
        if text == "(":
            depth += 1
        elif text == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and text in {",", ":"} and k + 1 < len(tokens):
            yield k + 1


# The words that take up the last one named, as the subject pronoun they stand for.
_LATTER = {
    "dernier": "il",
    "derniere": "elle",
    "derniers": "ils",
    "dernieres": "elles",
    "celui-ci": "il",
    "celle-ci": "elle",
    "ceux-ci": "ils",
    "celles-ci": "elles",
}


def _clause_at(tokens: list[Token], p: int, expansions: Expansions) -> Clause | None:
    n = len(tokens)
    t = tokens[p]
    # « Moi je suis … », « moi, j'organise … »: the stressed pronoun before the subject.
    if t.fold == "moi" and p + 1 < n:
        q = p + 2 if tokens[p + 1].text == "," else p + 1
        if q < n and tokens[q].fold in FIRST_PERSON:
            return _clause_at(tokens, q, expansions)
    # « Quant à X, il … »
    if t.fold == "quant" and p + 1 < n and tokens[p + 1].fold in {"a", "au", "aux"}:
        start = p + 2 if tokens[p + 1].fold == "a" else p + 1
        mention = parse_noun_phrase(tokens, start, expansions)
        if mention and mention.end + 1 < n and tokens[mention.end].text == ",":
            q = mention.end + 1
            if tokens[q].fold in SUBJECT_PRONOUNS and verb_after(tokens, q + 1, None):
                return Clause("mention", p, q + 1, mention)
        return None
    # « C'est X qui … », « c'est lui qui … », « ce sont elles qui … »
    if (t.fold == "c'" and p + 1 < n and tokens[p + 1].fold == "est") or (
        t.fold == "ce" and p + 1 < n and tokens[p + 1].fold == "sont"
    ):
        return _cleft_at(tokens, p, expansions)
    # « Ce dernier … », « cette dernière … », « celle-ci … »: a pronoun for the last one named.
    latest = _LATTER.get(t.fold)
    if latest is None and t.fold in {"ce", "cette", "ces"} and p + 1 < n:
        latest = _LATTER.get(tokens[p + 1].fold)
        skip = 2
    else:
        skip = 1
    if latest is not None and verb_after(tokens, p + skip, latest.endswith("s")):
        return Clause("pronoun", p, p + skip, pronoun=latest, latest=True)
    # « Lui, c'est le magistrat du parquet »: a stressed pronoun set out, for the one just named.
    if (
        t.fold in {"lui", "eux"}
        and p + 3 < n
        and tokens[p + 1].text == ","
        and tokens[p + 2].fold == "c'"
        and tokens[p + 3].fold == "est"
    ):
        return Clause("pronoun", p, p + 3, pronoun="il" if t.fold == "lui" else "ils", copula=True, latest=True)
    # « Il … », « Ils … » (but not « il y a », « il existe », « il faut »)
    if t.fold in SUBJECT_PRONOUNS:
        nxt = tokens[p + 1].fold if p + 1 < n else ""
        impersonal = nxt in _IMPERSONAL_VERBS or nxt == "y" or (nxt == "s'" and tokens[p + 2].fold in {"agit", "avere"})
        if t.fold == "il" and impersonal:
            return Clause("impersonal", p, p + 1)
        if verb_after(tokens, p + 1, t.fold.endswith("s")):
            return Clause("pronoun", p, p + 1, pronoun=t.fold)
        return None
    # « Je … », « J'organise … »
    if t.fold in FIRST_PERSON:
        k = p + 1
        while k < n and tokens[k].fold in _CLITICS_FIRST_PERSON and k - p < 3:
            k += 1
        if k < n and first_person_to_third(tokens[k].text) is not None:
            return Clause("first_person", p, p + 1, pronoun="je")
        return None
    # « Mon rôle, c'est de … », « Sa mission est de … », « Leur travail consiste à … »
    if t.fold in POSSESSIVE and p + 1 < n and tokens[p + 1].fold in ROLE_NOUNS:
        k = p + 2
        while k < n and (tokens[k].fold in {"principal", "principale", "premier", "premiere", ","}):
            k += 1
        if k + 1 < n and tokens[k].fold == "c'":
            k += 1
        if (
            k + 1 < n
            and tokens[k].fold in {"est", "sont", "consiste", "consistent"}
            and tokens[k + 1].fold in {"de", "d'", "a"}
        ):
            return Clause("role_noun", p, k + 1, pronoun=t.fold)
        return None
    if t.fold == "vous" and p + 1 < n and tokens[p + 1].fold == "etes":
        return Clause("other", p, p + 1, pronoun="vous")  # « Vous êtes médecin … »: see the extractor
    if t.fold in OTHER_SUBJECT_PRONOUNS:
        return Clause("other", p, p + 1) if verb_after(tokens, p + 1, None) else None
    mention = parse_noun_phrase(tokens, p, expansions)
    if mention is None or mention.determiner in {"au", "aux", "du"}:  # « Au rectorat, … » is not a subject
        return None
    if mention.kind == "name":
        return _apposed_function(tokens, mention, expansions)
    plural = mention.plural if mention.determiner else None
    e = mention.end
    if mention.kind == "thing" and mention.quantified and e < n and tokens[e].text == ",":
        return None  # « Chaque année, c'est lui qui coordonne … »: a time set before the clause
    if e + 2 < n and tokens[e].text == "," and tokens[e + 1].fold == "c'" and tokens[e + 2].fold == "est":
        # « L'aide sociale à l'enfance, c'est le service du département qui met en œuvre … »: the subject
        # set out first is the one the cleft defines; the verb after « qui » states its role.
        attribute = parse_noun_phrase(tokens, e + 3, expansions)
        if attribute is not None:
            who = attribute.end
            if who + 1 < n and tokens[who].fold == "qui" and verb_after(tokens, who + 1, None):
                return Clause("mention", p, who + 1, mention)
        # « La psychologue, c'est le sens du sigle Psy-EN, reçoit … »: « c'est … » set between commas is an
        # aside when a verb follows it.
        aside = next((q for q in _skip_insertions(tokens, e)[1:] if verb_after(tokens, q, plural)), None)
        if aside is not None:
            return Clause("mention", p, aside, mention)
        return Clause("mention", p, e + 2, mention, copula=True)  # « Le SSE, c'est le service … »
    if e + 1 < n and tokens[e].text == "," and _resumed_by_pronoun(tokens, e + 1, plural):
        return Clause("mention", p, e + 2, mention)  # « L'association, elle organise … »
    for position in _skip_insertions(tokens, mention.end):
        if (  # « X, et dans certains cas Y, c'est … »
            position > mention.end
            and position + 1 < n
            and tokens[position].fold == "c'"
            and tokens[position + 1].fold == "est"
        ):
            return Clause("mention", p, position + 1, mention, copula=True)
        if verb_after(tokens, position, plural):
            return Clause("mention", p, position, mention)
        if position > mention.end and _resumed_by_pronoun(tokens, position, plural):
            return Clause("mention", p, position + 1, mention)  # « Le CFA, en fait, il assure … »
    return None


def _apposed_function(tokens: list[Token], name: Mention, expansions: Expansions) -> Clause | None:
    """« Mme Okafor, principale du collège, prend la décision »: a person, the function she holds
    (a noun without article, between commas), then the verb. The function is what the text presents."""
    comma = person_name_end(tokens, name.head)
    if comma + 1 >= len(tokens) or tokens[comma].text != ",":
        return None
    function = parse_noun_phrase(tokens, comma + 1, expansions, need_determiner=False, actors_only=True)
    if function is None or function.determiner or function.end + 1 >= len(tokens) or tokens[function.end].text != ",":
        return None
    if not verb_after(tokens, function.end + 1, None):
        return None
    return Clause("mention", name.start, function.end + 1, function, apposed=True)


def _resumed_by_pronoun(tokens: list[Token], position: int, plural: bool | None) -> bool:
    """A subject set out at the head of the sentence and taken up by a pronoun (left dislocation, frequent
    in speech): « Le CFA, il assure … », « Les parents, eux, ils … »."""
    if position >= len(tokens) or tokens[position].fold not in SUBJECT_PRONOUNS:
        return False
    pronoun_plural = tokens[position].fold.endswith("s")
    return (plural is None or plural == pronoun_plural) and verb_after(tokens, position + 1, pronoun_plural)


def _cleft_at(tokens: list[Token], p: int, expansions: Expansions) -> Clause | None:
    """« C'est (aussi) le CPE qui … », « c'est elle qui … », « c'est moi qui émets … »."""
    n = len(tokens)
    q = p + 2
    while q < n and tokens[q].fold in LINKING_ADVERBS:
        q += 1
    mention = None
    if q < n and (tokens[q].fold in STRESSED_PRONOUNS or tokens[q].fold == "moi"):
        after = q + 1
    else:
        mention = parse_noun_phrase(tokens, q, expansions)
        if mention is None:
            return None
        after = mention.end
    for position in _skip_insertions(tokens, after):
        if position >= n or tokens[position].fold != "qui":
            continue
        if tokens[q].fold == "moi":  # the speaker, with a verb in the first person
            if position + 1 < n and first_person_to_third(tokens[position + 1].text) is not None:
                return Clause("first_person", p, position + 1, pronoun="je", cleft=True)
        elif verb_after(tokens, position + 1, None):
            if mention is None:
                return Clause("pronoun", p, position + 1, pronoun=tokens[q].fold, cleft=True)
            return Clause("mention", p, position + 1, mention, cleft=True)
    return None


def find_clause(tokens: list[Token], expansions: Expansions) -> Clause | None:
    """The main subject of the sentence and where its predicate starts, if one is found."""
    for p in _start_positions(tokens):
        if p >= len(tokens):
            break
        clause = _clause_at(tokens, p, expansions)
        if clause is not None:
            return clause
    return None


def impersonal_object(tokens: list[Token], clause: Clause) -> int:
    """Where the real subject of « il y a (aussi) X », « il existe X », « il s'agit de X » starts.

    Only that phrase is introduced: « il y a une formation, à la chambre de métiers » brings in a
    formation, not the chamber named in a complement.
    """
    n = len(tokens)
    k = clause.predicate
    if k < n and tokens[k].fold in {"y", "s'"}:
        k += 1
    k += 1  # the verb: « a », « existe », « agit »
    if k < n and tokens[k - 1].fold == "agit" and tokens[k].fold in {"de", "d'", "du", "des"}:
        k += tokens[k].fold in {"de", "d'"}
    while k < n and tokens[k].fold in LINKING_ADVERBS:
        k += 1
    return _skip_insertions(tokens, k)[-1]

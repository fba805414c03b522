"""Noun phrases that may designate an actor, and the subject of a sentence.

A sentence presents what an actor does when the actor (or a pronoun, a demonstrative or a cleft
« c'est X qui ») is the subject of a finite verb. The subject is looked for at the start of the
sentence and after each comma of its first part, so that leading adverbials (« Enfin, »,
« Placé sous l'autorité du recteur, ») are passed over; the verb may be separated from its subject
by the rest of the noun phrase and by up to two insertions between commas.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Literal, NamedTuple

from scormpack.derive.acronyms import Expansions, is_acronym, singular
from scormpack.derive.agent_nouns import strong_agent_ending
from scormpack.derive.lexicon import (
    ACTOR_HEADS,
    CLITICS,
    CONTRACTED,
    COORDINATIONS,
    DEMONSTRATIVE,
    DETERMINERS,
    ER_VERBS,
    FEMININE_DETERMINERS,
    FEMININE_PERSON_ENDINGS,
    FIRST_PERSON,
    FUNCTION_APPOSITIONS,
    FUNCTION_WORDS,
    GENERIC_HEADS,
    INDEFINITE,
    IR_VERBS,
    KEY_PREPOSITIONS,
    LINKING_ADVERBS,
    MASCULINE_DETERMINERS,
    NON_ACTOR_HEADS,
    ORGANISATION_HEADS,
    OTHER_SUBJECT_PRONOUNS,
    PLURAL_DETERMINERS,
    POSSESSIVE,
    PREPOSITIONS_IN_NAMES,
    QUANTIFIERS,
    ROLE_NOUNS,
    SINGULAR_DETERMINERS,
    STRESSED_PRONOUNS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
)
from scormpack.derive.tokens import Token
from scormpack.derive.verbs import finite_number, first_person_to_third

MentionKind = Literal["acronym", "expansion", "noun", "name", "thing", "generic"]
ClauseKind = Literal["mention", "pronoun", "first_person", "role_noun", "impersonal", "other"]

_IMPERSONAL_VERBS = frozenset({"existe", "faut", "suffit", "agit", "s'agit", "reste", "semble", "arrive"})
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


@cache
def head_noun(word: str) -> str:
    """The folded, singular lemma used to compare heads (« Enseignants-chercheurs » → « enseignant »)."""
    return _singular(word.split("-")[0].lower()) if word else word


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


_ARTICLES_AFTER_VERB = frozenset({"le", "la", "les", "l'", "un", "une"})
# Unions of lexicons used in hot loops, built once rather than at each test.
_QUANTIFIERS_OR_PRESQUE = QUANTIFIERS | {"presque"}
_PHRASE_DETERMINERS = DETERMINERS | CONTRACTED
_DETERMINERS_OR_ELIDED = DETERMINERS | {"l'"}
_CLITICS_FIRST_PERSON = CLITICS | {"me", "m'"}


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


# The longest insertion, in tokens: a relative clause or a participial phrase
# (« , désigné par le chef d'établissement parmi les personnels volontaires et dénommé X dans les textes, »).
_MAX_INSERTION = 25
_INSERTION_CLOSERS = {",": ",", "—": "—", "–": "–", "(": ")"}


def _skip_insertions(tokens: list[Token], j: int) -> list[int]:
    """Positions where the verb may start after a subject ending at `j`: right there, or after up to
    three insertions between commas, dashes or brackets (« le DRAN, et dans certains cas son adjoint,
    est … », « les infirmières — on dit aujourd'hui … — sont … »)."""
    positions = [j]
    n = len(tokens)
    for _ in range(3):
        if j >= n or tokens[j].text not in _INSERTION_CLOSERS:
            break
        closer = _INSERTION_CLOSERS[tokens[j].text]
        close = next(
            (k for k in range(j + 1, min(n, j + _MAX_INSERTION)) if tokens[k].text in {closer, ".", ";", ":"}), None
        )
        while close is not None and closer == "," and _open_relative(tokens, j + 1, close):
            # « , qui, en sa qualité de …, est seul habilité … , signe »: the relative clause runs on
            # past an insertion of its own until its verb.
            close = next(
                (k for k in range(close + 1, min(n, close + _MAX_INSERTION)) if tokens[k].text in {",", ".", ";", ":"}),
                None,
            )
            if close is not None and tokens[close].text != ",":
                close = None
        if close is None or tokens[close].text != closer:
            break
        if closer == ",":
            close = _apposed_list_end(tokens, close)
        j = close + 1
        if closer != "," and j < n and tokens[j].text == ",":  # « — centre de formation —, c'est … »
            j += 1
        positions.append(j)
    return positions


def _apposed_list_end(tokens: list[Token], close: int) -> int:
    """An insertion that lists (« les collectivités, communes, départements et régions, financent »)
    runs to the comma after its last item, the one joined by « et » or « ou »: where it ends."""
    for k in range(close + 1, min(len(tokens), close + 6)):
        token = tokens[k]
        if not token.is_word:
            return close
        if token.fold in COORDINATIONS:
            end = next((m for m in range(k + 1, min(len(tokens), k + 5)) if not tokens[m].is_word), None)
            listed = end is not None and tokens[end].text == ","
            if listed and not any(finite_number(tokens[m].text) for m in range(close + 1, end)):
                return end
            return close
    return close


_RELATIVE_PRONOUNS = frozenset({"qui", "que", "qu'", "dont", "lequel", "laquelle", "lesquels", "lesquelles"})


def _open_relative(tokens: list[Token], start: int, end: int) -> bool:
    """Whether tokens[start:end] open a relative clause that has not reached its verb yet."""
    if tokens[start].fold not in _RELATIVE_PRONOUNS:
        return False
    # A present form, or an imperfect one (« que l'on appelait autrefois … »).
    return not any(
        finite_number(tokens[k].text) is not None or tokens[k].fold.endswith(("ait", "aient"))
        for k in range(start + 1, end)
    )


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


def mention_number(mention: Mention) -> bool | None:
    """Whether the phrase is plural, as its determiner tells; None when it has none that tells."""
    if mention.determiner in PLURAL_DETERMINERS:
        return True
    if mention.determiner in SINGULAR_DETERMINERS:
        return False
    return None


def feminine_noun(word: str) -> bool:
    """Whether a folded noun of person is feminine by its ending (« formatrice »), or as the feminine
    in « -e » of a listed noun (« proviseure », « principale »)."""
    return word.endswith(FEMININE_PERSON_ENDINGS) or (
        word.endswith("e") and (word[:-1] in ACTOR_HEADS or word[:-2] + "f" in ACTOR_HEADS)
    )


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

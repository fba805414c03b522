"""What a sentence or clause is (an example, a story in the past, an enumeration, what another actor
is), where a speaker's label ends, and the names of the people and of the cited things a text speaks of.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice

from scormpack.derive.acronyms import is_acronym
from scormpack.derive.entities import _Sentence
from scormpack.derive.function_nouns import head_noun
from scormpack.derive.lexicon import (
    CONTRACTED,
    DEFINITE,
    DETERMINERS,
    EXAMPLE_MARKERS,
    EXAMPLE_OPENERS,
    FUNCTION_WORDS,
    INDEFINITE,
    LINKING_ADVERBS,
    NAMING_WORDS,
    NON_ACTOR_HEADS,
    fold,
)
from scormpack.derive.mentions import Clause, Mention
from scormpack.derive.tokens import Token
from scormpack.derive.verbs import finite_number, first_person_to_third

# The openers as a set, and their lengths: one look-up per length instead of a comparison per opener
# (`_is_example` is called for most sentences, some several times).
_EXAMPLE_OPENERS = frozenset(EXAMPLE_OPENERS)
_EXAMPLE_OPENER_LENGTHS = tuple(sorted({len(opener) for opener in EXAMPLE_OPENERS}))


def _is_example(tokens: list[Token]) -> bool:
    words = tuple(islice((t.fold for t in tokens if t.is_word), 4))  # the first four words only
    for length in _EXAMPLE_OPENER_LENGTHS:
        if words[:length] in _EXAMPLE_OPENERS:
            return True
    if any(t.fold in EXAMPLE_MARKERS for t in tokens[:6]):
        return True
    # « une enseignante — appelons-la Clara — avait remarqué … », « l'an dernier, un élève … »: a story.
    return any(t.fold.startswith("appelons") for t in tokens) or _told_in_the_past(tokens)


_PAST_PERIODS = frozenset({"an", "annee", "semaine", "mois", "trimestre"})


def _told_in_the_past(tokens: list[Token]) -> bool:
    """A dated past (« l'an dernier », « la semaine dernière », « hier », « un jour ») in the first words."""
    head = tokens[:8]
    for k, token in enumerate(head):
        if token.fold in {"dernier", "derniere", "passe", "passee"} and k and head[k - 1].fold in _PAST_PERIODS:
            return True
        if token.fold == "hier" or (token.fold == "jour" and k and head[k - 1].fold == "un"):
            return True
    return False


# An item of a list of names starts with a noun, an acronym or an article, not with another function word.
_NOT_LIST_ITEM_STARTS = FUNCTION_WORDS - DETERMINERS - CONTRACTED


def _is_enumeration(tokens: list[Token]) -> bool:
    """A verbless list of at least three short items (« DAAC, DRAC, référent culture, CPD arts… »): the
    text announces whom it will present, or sums them up; it presents none of them there."""
    items = [0]
    for token in tokens:
        if token.text == ",":
            items.append(0)
        elif token.is_word:
            if not items[-1] and token.fold in _NOT_LIST_ITEM_STARTS:
                return False  # « Enfin, pas moi, hein, mais le maître … »: an aside, not a list of names
            # A verb after a word of the item makes it a clause; a first word may be a noun that reads
            # as a verb (« équipe », « conseil »).
            if items[-1] and finite_number(token.text) is not None and token.lower != "à":
                return False
            items[-1] += 1
    return len(items) >= 3 and all(0 < n <= 5 for n in items)


def _is_named(tokens: list[Token], start: int) -> bool:
    """Whether the phrase at `start` follows a naming verb: « une instance qui s'appelle le CESCE »."""
    return start > 0 and tokens[start - 1].fold in NAMING_WORDS


_HEADING_TOKENS = 10  # a verbless sentence this short is a heading
_COPULA_BEFORE = frozenset({"est", "sont", "agit", "etait", "devient", "deviennent"})


_ADVERBS_IN_PREDICATE = LINKING_ADVERBS | {"souvent", "parfois", "generalement", "le", "plus"}


def _attribute_of_another(tokens: list[Token], mention: Mention) -> bool:
    """Whether `mention` is what a subject *is*: « il s'agit d'un enseignant-chercheur », « les
    correcteurs sont des enseignants », « c'est souvent un enseignant déchargé … » (a classification,
    indefinite), but not « ce sont l'IA-IPR et votre chef d'établissement » (an identification)."""
    k = mention.start - 1
    if k >= 0 and tokens[k].fold in {"de", "d'"}:
        k -= 1  # « il s'agit d'un … »
    while k >= 0 and tokens[k].fold in _ADVERBS_IN_PREDICATE:
        k -= 1
    if k < 0 or tokens[k].fold not in _COPULA_BEFORE:
        return False
    presentative = k > 0 and tokens[k - 1].fold in {"c'", "ce"}
    return not presentative or mention.determiner in INDEFINITE


# « selon le RIFSEEP », « dans le cadre du PPMS », « en application de la LOLF »: a text cited.
_CITING = (("selon",), ("cadre", "du"), ("cadre", "de"), ("application", "du"), ("application", "de"),
           ("titre", "du"), ("conformement", "au"), ("conformement", "a"), ("prevu", "par"), ("prevue", "par"))


def _thing_acronyms(sentences: Sequence[_Sentence]) -> frozenset[str]:
    """Acronyms the text names as a thing somewhere (« la loi EGalim », « le plan PPMS », « selon le
    RIFSEEP »): a law, a plan, a document or a platform is never an actor, wherever it is the subject."""
    found: set[str] = set()
    for sentence in sentences:
        tokens = sentence.tokens
        for k, token in enumerate(tokens):
            if not is_acronym(token.text):
                continue
            words = [t.fold for t in tokens[max(0, k - 3) : k] if t.is_word and t.fold not in DEFINITE]
            named_as_thing = bool(words) and head_noun(words[-1]) in NON_ACTOR_HEADS
            cited = any(tuple(words[-len(cue) :]) == cue for cue in _CITING if len(words) >= len(cue))
            if named_as_thing or cited:
                found.add(token.text)
    return frozenset(found)


def _label_end(tokens: list[Token]) -> int:
    """Where the text starts after a speaker label (« Samir, élève : », « Nadia Benali : »): a few
    words, the first capitalised, without a verb, then a colon; 0 when there is none."""
    colon = next((k for k, t in enumerate(tokens[:8]) if t.text == ":"), None)
    if colon is None or colon == 0 or not tokens[0].text[:1].isupper():
        return 0
    if any(not (t.is_word or t.text == ",") or finite_number(t.text) for t in tokens[:colon]):
        return 0
    return colon + 1


def _next_first_person(tokens: list[Token], after: int) -> Clause | None:
    """A first-person clause after a comma (« …, je reçois les élèves »), past `after`."""
    for k in range(after, len(tokens) - 2):
        if tokens[k].text == "," and tokens[k + 1].fold in {"je", "j'"}:
            third = first_person_to_third(tokens[k + 2].text)
            if third is not None and fold(third) not in {"est", "a"}:
                return Clause("first_person", k + 1, k + 2, pronoun="je")
    return None


def _person_names(sentences: Sequence[_Sentence]) -> frozenset[str]:
    """Folded first names the text makes act (« Tom entre en CM1 », « appelons-la Clara ») or gives an
    age (« Lucas, 17 ans »): the people of its stories."""
    names: set[str] = set()
    for sentence in sentences:
        tokens = sentence.tokens
        for k, token in enumerate(tokens[:-1]):
            if not token.is_word or not token.text[:1].isupper() or is_acronym(token.text):
                continue
            if token.fold in FUNCTION_WORDS or (k and tokens[k - 1].fold in DETERMINERS):
                continue
            if finite_number(tokens[k + 1].text) is not None or (k and tokens[k - 1].fold.startswith("appelons")):
                names.add(token.fold)
            elif [t.fold for t in tokens[k + 1 : k + 4]][::2] == [",", "ans"] and tokens[k + 2].text.isdigit():
                names.add(token.fold)  # « Suivons Lucas, 17 ans, qui … »: a person given an age
    return frozenset(names)

"""From transcript paragraphs to (actor, role) pairs.

One pass over the sentences keeps a *topic*: the actor the text is talking about. A sentence whose
subject is an actor makes it the topic; a sentence whose subject is something else (a person's name
in an example, « vous », « les départements ») drops it, unless it introduces an actor (« disposent
d'un conseiller… », « Commençons par le CPE (…) », « il y a les PLP »), which then becomes the topic.
Pronouns (« Il repère… »), demonstratives (« Ce service… ») and « je » are resolved to the topic or
to the speaker, whom a transcript's labels (« Claire Martin, proviseure : ») also name. Announcements
(an opening list of names, « Quel est le rôle du CPE ? ») do not count as presentations. Each actor
keeps the best-rated of the statements found for it; an actor is only kept if at least one sentence
states what it does, so an acronym that is only mentioned is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from math import exp

from scormpack.derive.acronyms import Expansions, find_expansions, is_acronym, matches, qualified_short_name
from scormpack.derive.actors import (
    Clause,
    Mention,
    complement_mentions,
    feminine_noun,
    find_clause,
    head_noun,
    impersonal_object,
    is_demonstrative,
    is_indefinite,
    mention_gender,
    mention_number,
    mentions_in,
    names_actor,
    noun_phrases,
    parse_noun_phrase,
    speaker_label,
)
from scormpack.derive.actors import (
    person_name_end as _person_name_end,
)
from scormpack.derive.agent_nouns import acting_pronoun, acting_subject, agent_ending, inanimate
from scormpack.derive.description import Item, enumerated_items, singular_lemma
from scormpack.derive.lexicon import (
    COLLECTIVE_HEADS,
    CONTRACTED,
    DEFINITE,
    DEMONSTRATIVE,
    DETERMINERS,
    ESTABLISHMENT_HEADS,
    EXAMPLE_MARKERS,
    EXAMPLE_OPENERS,
    FUNCTION_WORDS,
    GENERIC_HEADS,
    INDEFINITE,
    LINKING_ADVERBS,
    NAMING_WORDS,
    NON_ACTOR_HEADS,
    OBJECT_CLITICS,
    ORGANISATION_HEADS,
    PRONOUN_AGREEMENT,
    THIRD_PERSON_POSSESSIVE,
    fold,
)
from scormpack.derive.roles import Statement, build_statement
from scormpack.derive.scoring import GENERIC_INSTITUTIONS, THRESHOLD, Signals, agentive, score, weaknesses
from scormpack.derive.sentences import split_sentences
from scormpack.derive.tokens import Token, normalise, render, span, tokenize
from scormpack.derive.verbs import active_form, finite_number, first_person_to_third

_STOP_IN_KEYS = frozenset({"de", "d", "du", "des", "la", "le", "l", "les", "a", "au", "aux", "en", "et"})
_LABEL_DETERMINERS = {
    "un": "le",
    "une": "la",
    "ce": "le",
    "cet": "l'",
    "cette": "la",
    "ces": "les",
    "des": "les",
    "du": "le",
    "au": "le",
    "aux": "les",
    "chaque": "le",
}


@dataclass(frozen=True)
class ActorRole:
    """An actor presented by the text and the statement of its role."""

    actor: str  # the label a learner reads, e.g. « DSI (Direction des systèmes d'information) »
    role: str  # one sentence, without the actor's name
    key: str  # short ASCII identifier base, e.g. « dsi », « directeur-ecole »
    # How sure the derivation is that the text presents this actor, 0–1 (0.5 is the scoring threshold).
    confidence: float = 1.0
    # Indexes of the sentences it comes from: where the actor is presented, and its role statement.
    sentences: tuple[int, ...] = ()
    # Why a candidate was not kept (empty for a kept one).
    reason: str = ""


@dataclass
class _Sentence:
    text: str
    tokens: list[Token]
    paragraph: int = 0


@dataclass
class _Entity:
    ident: str
    acronym: str | None
    head: str  # folded singular head noun, "" for an acronym without expansion
    labels: list[tuple[int, str, bool]] = field(default_factory=list)  # (sentence, label, plural)
    statements: list[Statement] = field(default_factory=list)
    # Per statement: True when the subject names the actor, False when reached through a pronoun, None
    # for a passive sentence made active (the actor is only the agent there).
    explicit: list[bool | None] = field(default_factory=list)
    listed: bool = False  # matches an item of the description's enumeration
    attribute: bool = False  # first met as what another actor is (« il s'agit d'un … »)
    subject_clauses: int = 0  # clauses with the actor as explicit subject, whatever their statement
    presented: bool = False  # once an explicit subject, defined, or introduced (not only a complement)
    plural: bool | None = None  # grammatical number and gender, when a determiner or the noun tells
    feminine: bool | None = None
    guessed: bool = False  # a head noun the lexicon does not know, taken as an actor because it acts
    possessive_subjects: int = 0  # clauses whose subject is « ses X », « leurs X »: a part of another
    clefts: int = 0  # « C'est lui qui … » taking it up: put in focus, not only continued
    introduced: bool = False  # brought in with « un / une » or « il y a / il existe »
    fulls: set[tuple[str, ...]] = field(default_factory=set)  # the whole names met, as slug words
    alias: str = ""  # another name the text gives it (« proviseure » … « en tant que cheffe d'établissement »)

    def agrees_with(self, pronoun: str) -> bool:
        """Whether a subject pronoun (« il », « elles ») or a stressed one (« lui », « eux ») can refer to it."""
        plural, feminine = PRONOUN_AGREEMENT.get(pronoun, (None, None))
        if plural is not None and self.plural is not None and plural != self.plural:
            return False
        # Only a feminine actor rules out « il »: a masculine label (« le médecin ») may name a woman.
        return not (feminine is False and self.feminine)


def _slug(text: str) -> str:
    words = [w for w in re.split(r"[^a-z0-9]+", fold(text).replace("'", " ")) if w]
    return "-".join(w for w in words if w not in _STOP_IN_KEYS)[:48].strip("-")


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


_COPULAS = frozenset({"suis", "es", "est", "etes", "sont"})
_PLACE_STATEMENT = re.compile(
    r"(?:est|devient|reste|sert de) (?:aussi |d'abord |avant tout )?(?:un|une|le|la|l') ?"
    r"(?:lieu|endroit|espace|salle|local|batiment)\b|(?:ouvre|ferme) ses portes"
)
# Nouns by which a text takes up a body it has named (« cet établissement », « cette structure »).
_BODY_WORDS = ESTABLISHMENT_HEADS | {"structure", "organisme", "dispositif", "instance", "cellule", "lieu"}
_PASSIVE_ADVERBS = frozenset({"ensuite", "alors", "enfin", "aussi", "egalement", "toujours", "souvent", "d'abord"})


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


def _doublet_article(tokens: list[Token], mention: Mention) -> dict[int, str]:
    """« une formatrice ou un formateur » → « … ou le formateur » in a label: both nouns definite."""
    if mention.head_end != mention.head + 4:
        return {}
    article = tokens[mention.head + 2]
    definite = _LABEL_DETERMINERS.get(article.fold, article.text)
    noun = tokens[mention.head + 3].text
    if definite in {"le", "la"} and fold(noun[:1]) in "aeiouh":
        return {mention.head + 2: "l'" + noun, mention.head + 3: ""}
    return {mention.head + 2: definite}


def _names_body(word: str) -> bool:
    """Whether the first word of an acronym's expansion makes it an actor: a person or a body, including
    a team or an establishment, which an acronym names as an institution (« École académique … »)."""
    lemma = head_noun(word)
    # « chambre » names a room as often as a body, but an acronym is only given to the body (« la CCI »).
    return names_actor(word) or lemma in COLLECTIVE_HEADS or lemma in ESTABLISHMENT_HEADS or lemma == "chambre"


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


# Names of one body that a text uses in turn (« la mairie … la commune », « le département … le conseil
# départemental »): one actor. Keys and values are the slugs `_Extractor.resolve` compares.
SAME_BODY = {
    "mairie": "commune",
    "municipalite": "commune",
    "ville": "commune",
    "conseil-municipal": "commune",
    "conseil-departemental": "departement",
    "conseil-regional": "region",
}


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


def _pronoun_after_colon(tokens: list[Token], after: int) -> Clause | None:
    """« … : elle gère … »: a clause with a subject pronoun right after a colon, past `after`."""
    for k in range(after, len(tokens) - 2):
        if tokens[k].text == ":" and tokens[k + 1].fold in {"il", "elle"} and finite_number(tokens[k + 2].text):
            return Clause("pronoun", k + 1, k + 2, pronoun=tokens[k + 1].fold)
    return None


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


class _Extractor:
    def __init__(self, sentences: list[_Sentence], expansions: Expansions, items: Sequence[Item] = ()) -> None:
        self.sentences = sentences
        self.expansions = expansions
        self.items = list(items)
        self.listed_acronyms = {item.head for item in self.items if item.acronym}
        self.announced: set[str] = set()  # lemmas of the words of announcing questions and lists
        self.entities: dict[str, _Entity] = {}
        self.seen: set[str] = set()
        self.topic: str | None = None
        self.speaker: str | None = None
        self.speakers: dict[str, str | None] = {}  # a speaker's folded name → the function they hold
        self.persons = _person_names(sentences)
        self.thing_acronyms = _thing_acronyms(sentences)
        # A person's folded name → where she was given a function (sentence, noun phrase, tokens).
        self.named_functions: dict[str, tuple[int, Mention, list[Token]]] = {}
        self.question: int | None = None  # index of the sentence just read, if a question

    # --- entities --------------------------------------------------------------------------

    def _acronym_is_thing(self, acronym: str, tokens: list[Token], mention: Mention) -> bool:
        if fold(acronym) in self.listed_acronyms:
            return False  # the description lists it among the actors (« PSAD, MLDS, missions locales… »)
        expansion = self.expansions.get(acronym)
        # An expansion tells what the acronym names: a person or a body (« conseiller … », « union … »),
        # or else a thing, a subject or a place (« éducation physique et sportive », « projet … »).
        if expansion and not _names_body(expansion.words[0]):
            return True
        # « l'appli BDnF », « le logiciel X »: a thing named by its acronym.
        before = mention.head - 1
        if before >= 0 and head_noun(tokens[before].fold) in NON_ACTOR_HEADS:
            return True
        return acronym in self.thing_acronyms

    def _acronym_head(self, acronym: str) -> str:
        expansion = self.expansions.get(acronym)
        return head_noun(expansion.words[0]) if expansion else ""

    def resolve(self, mention: Mention, tokens: list[Token], create: bool) -> str | None:
        """The entity a mention designates, creating it when `create` and the mention names an actor."""
        if mention.kind in ("acronym", "expansion"):
            assert mention.acronym is not None
            if self._acronym_is_thing(mention.acronym, tokens, mention):
                return None
            ident = mention.acronym
            if ident not in self.entities and create:
                self.entities[ident] = _Entity(ident, ident, self._acronym_head(ident))
                self.entities[ident].listed = fold(ident) in self.listed_acronyms
            return ident if ident in self.entities else None
        if mention.kind != "noun":
            return None
        if self._of_a_person(mention, tokens):
            return None
        head = head_noun(tokens[mention.head].fold)
        head_end = mention.head_end if mention.head_end > mention.head else mention.head + 1
        core = _slug(" ".join(t.text for t in [tokens[mention.head], *tokens[head_end : mention.core_end]]))
        core = SAME_BODY.get(core, core)
        if is_demonstrative(mention) or mention.quantified or mention.core_end == mention.head + 1:
            # « ce service », « chaque enseignant référent », « le directeur »: an actor already met.
            for ident in [self.topic, *reversed(list(self.entities))]:
                if ident and ident in self.entities and self.entities[ident].head == head:
                    return ident
            if core in self.entities:
                return core
            if is_demonstrative(mention) and self._topic_is_body(mention, tokens):
                return self.topic  # « l'USEP … Cette fédération regroupe … »: a more general name
            if (is_demonstrative(mention) or mention.quantified) and not self._listed(mention, tokens):
                return None  # « cette collectivité de rattachement » is new when the description lists it
        whole = tokens[mention.head : max(mention.end, mention.core_end)]
        full = tuple(_slug(" ".join(t.text for t in whole)).split("-"))
        if core in self.entities:
            twin = self._near_twin(core, full)
            if twin is None:
                self.entities[core].fulls.add(full)
                return core
            core = twin
            if core in self.entities or not create:
                return core if core in self.entities else None
        if not create:
            return None
        self.entities[core] = _Entity(core, None, head)
        self.entities[core].fulls.add(full)
        return core

    def _near_twin(self, core: str, full: tuple[str, ...]) -> str | None:
        """« chargé de mission d'inspection pédagogique » and « … administrative »: two actors whose long
        names differ only in their last word share a core; the second gets its own entity (its full
        name as identifier) instead of being merged into the first."""
        for seen in self.entities[core].fulls:
            if len(seen) == len(full) > 2 and seen[:-1] == full[:-1] and seen[-1] != full[-1]:
                return "-".join(full)[:48].strip("-")
        return None

    def _of_a_person(self, mention: Mention, tokens: list[Token]) -> bool:
        """« L'accompagnante de Tom », « la principale de Léa »: a function held for a person of the
        text's story, an example, not an actor. A person is a capitalised word the text makes act."""
        end = max(mention.end, mention.core_end)
        return any(
            tokens[k].fold in {"de", "d'"} and tokens[k + 1].fold in self.persons
            for k in range(mention.head + 1, min(end, len(tokens) - 1))
        )

    def _listed(self, mention: Mention, tokens: list[Token]) -> bool:
        """Whether `mention` names an item of the description's enumeration: the same acronym, or the
        same head noun (plural and feminine variants meet) with the item's « de … » complements."""
        if not self.items:
            return False
        end = max(mention.end, mention.core_end)
        words = {singular_lemma(t.text) for t in tokens[mention.head + 1 : end] if t.is_word}
        if mention.acronym:
            if fold(mention.acronym) in self.listed_acronyms:
                return True
            expansion = self.expansions.get(mention.acronym)
            if expansion is None:
                return False
            # « conseillère pédagogique en EPS » listed, « la CPC EPS » in the text: its expansion's head.
            expanded = [singular_lemma(w) for w in expansion.words]
            head, words = expanded[0], words | set(expanded[1:])
        else:
            head = singular_lemma(tokens[mention.head].text)
        for item in self.items:
            if item.acronym:
                continue
            # A generic head (« l'équipe », « les élèves ») is only the item with its qualifiers too.
            needed = item.complements + item.qualifiers if head in GENERIC_HEADS else item.complements
            if item.head == head and all(word in words for word in needed):
                return True
            # « Scolarité » listed, « le service de la scolarité » in the text: a body named by its domain.
            if not item.qualifiers and not item.complements and item.head in words and head in ORGANISATION_HEADS:
                return True
        return False

    def _note_label(self, ident: str, index: int, mention: Mention, tokens: list[Token]) -> None:
        entity = self.entities[ident]
        if not entity.listed and self._listed(mention, tokens):
            entity.listed = True
        if entity.labels and mention.determiner in INDEFINITE:
            return  # « il manque des médecins »: an instance of an actor already named gives no label
        text = self.sentences[index].text
        if entity.acronym:
            # An acronym without expansion keeps its participial qualifier: « IEN chargé de la mission … ».
            end = mention.head + 1
            if (
                mention.kind == "acronym"
                and mention.end > end
                and fold(tokens[end].text).endswith(("e", "es"))
                and tokens[end].text.endswith(("é", "ée", "és", "ées"))
            ):
                end = mention.end
            elif mention.kind == "acronym" and tokens[end - 1].fold != fold(entity.acronym):
                end = mention.head + 1
            label = span(text, tokens, mention.head, end) if mention.kind == "acronym" else entity.acronym
        else:
            determiner = mention.determiner
            start = mention.head
            end = mention.end
            article = _LABEL_DETERMINERS.get(determiner, determiner if determiner in {"le", "la", "l'", "les"} else "")
            if not determiner and mention.kind == "noun" and not mention.named_body:
                # A function named without article (« je suis proviseure d'un lycée à Angers », « Karim
                # Haddad, référent laïcité pour le Maine-et-Loire : »): the function, as a learner reads it.
                article = "la" if feminine_noun(tokens[start].fold) else "le"
                if mention.plural:
                    article = "les"
                end = max(mention.core_end, mention.head_end)
            # « le conseil départemental a la charge des collèges »: the verb « a » (not « à ») ends the name.
            end = next((k for k in range(start + 1, end) if tokens[k].text == "a"), end)
            if article in {"le", "la"} and fold(tokens[start].text[:1]) in "aeiouh":
                article = "l'"
            replace = _doublet_article(tokens, mention)
            for k in range(start + 1, end - 1):
                # « au directeur d'école ou au chef d'établissement » → « … ou le chef d'établissement »
                if tokens[k].fold in {"ou", "et"} and tokens[k + 1].fold in {"au", "aux", "du"}:
                    replace.setdefault(k + 1, _LABEL_DETERMINERS[tokens[k + 1].fold])
            body = render(text, tokens, start, end, replace)
            label = (article + ("" if article.endswith("'") or not article else " ") + body) if article else body
        plural = mention.plural
        entity.labels.append((index, label[0].upper() + label[1:], plural))
        if entity.plural is None:
            entity.plural = mention_number(mention)
        if entity.feminine is None:
            entity.feminine = mention_gender(mention, tokens)

    # --- the pass over sentences -----------------------------------------------------------

    def _introduced(
        self, index: int, mentions: list[Mention], tokens: list[Token], impersonal: bool = False
    ) -> str | None:
        """An actor this sentence brings in: defined here, introduced with « un/une », or first met."""
        for mention in mentions:
            first_time = False
            defined_here = False
            if mention.acronym:
                expansion = self.expansions.get(mention.acronym)
                defined_here = bool(expansion and expansion.adjacent and expansion.sentence == index)
            first_time = tokens[mention.head].fold not in self.seen
            if mention.determiner in INDEFINITE and _is_example(tokens):
                continue  # « l'an dernier, une enseignante … »: a person of the story, not a function
            if mention.determiner in THIRD_PERSON_POSSESSIVE:
                continue  # « Ses puéricultrices et ses médecins … »: the staff of an actor already named
            if defined_here or mention.determiner in INDEFINITE or first_time:
                known = set(self.entities)
                ident = self.resolve(mention, tokens, create=True)
                if ident:
                    if ident not in known and _attribute_of_another(tokens, mention):
                        self.entities[ident].attribute = True
                    if not _is_example(tokens):  # « Par exemple, … au chef cuisinier » presents nobody
                        self.entities[ident].presented = True
                        self.entities[ident].introduced |= mention.determiner in INDEFINITE or impersonal
                    self._note_label(ident, index, mention, tokens)
                    return ident
        return None

    def _mark_seen(self, tokens: list[Token]) -> None:
        """Words met so far: an actor whose head word is new is being introduced."""
        self.seen.update([t.fold for t in tokens if t.is_word])

    def run(self) -> list[ActorRole]:
        for index, sentence in enumerate(self.sentences):
            tokens = sentence.tokens
            if not tokens:
                continue
            self._note_speaker(index, tokens)
            answered = self._answer(index, tokens)
            question = sentence.text.rstrip().endswith("?")
            self.question = index if question else None
            if answered is not None:
                self.topic = answered
                self._mark_seen(tokens)
                continue
            clause = find_clause(tokens, self.expansions)
            subject = self._item_label(index, clause, tokens)
            if subject is None:
                subject = self._subject(index, clause, tokens)
            if subject is None and clause is not None and clause.kind == "first_person" and self.speaker:
                # « Moi je suis infirmière scolaire, je reçois les élèves »: after presenting herself,
                # the speaker states her role in the same sentence.
                then = _next_first_person(tokens, clause.predicate)
                if then is not None:
                    subject, clause = self.speaker, then
            listed = clause is None and _is_enumeration(tokens)
            # `_is_example` is only called where its answer matters.
            if subject is not None and clause is not None and not question and not _is_example(tokens):
                self._add_statement(subject, index, clause)
            if subject is not None:
                self.topic = subject
            elif question:
                pass  # « Quel est le rôle du DRAN ? » announces, it does not present
            elif clause is not None and clause.mention is not None and clause.mention.kind == "name":
                self.topic = None  # a person's story (« Aurélie répond… »): what follows is about her
            elif clause is not None and clause.kind == "pronoun" and (agent := self._passive_agent(tokens, clause)):
                # « Ils sont accompagnés par le référent EDD. Il coordonne … »: a new actor, the agent.
                introduced = self._introduced(index, [agent], tokens)
                if introduced:
                    self.topic = introduced
            elif clause is not None and clause.kind == "mention" and (agent := self._passive_agent(tokens, clause)):
                # « Le projet est validé par le conseil pédagogique, qui en suit la mise en œuvre »: the
                # agent acts; the relative clause, or the sentence made active, states its role.
                ident = self._agent_role(index, tokens, clause, agent)
                if ident:
                    self.topic = ident
            elif clause is None or clause.kind in ("impersonal", "mention", "other"):
                mentions = mentions_in(tokens, self.expansions)
                if clause is None and (len({m.acronym or m.head for m in mentions}) >= 3 or listed):
                    # An enumeration (« eRUN, CPD, IEN, DRAN… »): no single topic.
                    mentions = []
                if clause is not None:
                    # « Au niveau de l'académie, tout part du DAAC », « lorsqu'une situation dépasse le cadre de
                    # l'établissement, l'équipe … »: what comes before the subject frames the sentence (a place, a
                    # time, a condition), and the subject itself is no new actor.
                    mentions = [m for m in mentions if m.start > clause.subject_start]
                if clause is not None and clause.kind == "impersonal":
                    start = impersonal_object(tokens, clause)
                    mentions = [m for m in mentions if m.start == start or _is_named(tokens, m.start)]
                impersonal = clause is not None and clause.kind == "impersonal"
                introduced = self._introduced(index, mentions, tokens, impersonal)
                if introduced:
                    self.topic = introduced
                elif clause is not None or _is_example(tokens):
                    self.topic = None
            # Announcements: « Quel est le rôle du CPE ? », « CPE, AED… », a heading « Étape 5 : la principale. »
            if question or listed or (clause is None and len(tokens) <= _HEADING_TOKENS):
                self.announced.update(singular_lemma(t.text) for t in tokens if t.is_word)
            if not question and not listed:
                # An announcement (« Quel est le rôle du CPE ? », « CPE, AED, infirmière… ») names actors
                # before the text presents them: the presentation that follows is still their first.
                self._mark_seen(tokens)
        return self._pairs()

    def _answer(self, index: int, tokens: list[Token]) -> str | None:
        """« Qui finance les travaux ? — C'est le département. »: the role is asked first and the actor
        given in a short answer (a noun phrase, or « c'est » and a noun phrase). The question's
        predicate becomes the actor's statement."""
        if self.question is None or self.question != index - 1:
            return None
        asked = self.sentences[index - 1].tokens
        label_end = _label_end(asked)
        words = [k for k, t in enumerate(asked) if t.is_word and k >= label_end]  # after « Yanis : »
        while words and asked[words[0]].fold in {"et", "mais", "alors", "donc", "ensuite", "puis"}:
            words = words[1:]  # « Et qui décide si on a le bac ? »
        if not words or asked[words[0]].fold != "qui" or len(words) < 2:
            return None
        start = _label_end(tokens)  # after a speaker label
        while start < len(tokens) and not tokens[start].is_word:
            start += 1  # a dialogue dash
        if start + 1 < len(tokens) and tokens[start].fold == "c'" and tokens[start + 1].fold == "est":
            start += 2
        mention = parse_noun_phrase(tokens, start, self.expansions)
        if mention is None or not (
            mention.is_actor_like
            or (mention.kind == "thing" and mention.determiner in DEFINITE and not inanimate(tokens[mention.head].fold))
        ):
            return None
        rest = [t for t in tokens[mention.end :] if t.is_word]
        if len(rest) > 4 or any(finite_number(t.text) for t in rest):
            return None  # a full answer with its own clause is read as any other sentence
        ident = self.resolve(mention._replace(kind="noun") if mention.kind == "thing" else mention, tokens, True)
        if not ident:
            return None
        self._note_label(ident, index, mention, tokens)
        entity = self.entities[ident]
        entity.presented = True
        clause = Clause("pronoun", words[0], words[0] + 1, pronoun="il")
        question = self.sentences[index - 1]
        statement = build_statement(question.text, question.tokens, clause, index - 1, self._own_names(entity), False)
        if statement is not None:
            entity.statements.append(statement)
            entity.explicit.append(True)
            entity.subject_clauses += 1
        return ident

    def _passive_agent(self, tokens: list[Token], clause: Clause) -> Mention | None:
        """The agent of a passive predicate (« sont accompagnés par le référent … »), if an actor."""
        k = clause.predicate
        if k >= len(tokens) or tokens[k].fold not in {"est", "sont"}:
            return None
        if k + 1 < len(tokens) and tokens[k + 1].fold in _PASSIVE_ADVERBS:
            k += 1  # « est ensuite validé par … »
        if k + 2 >= len(tokens) or tokens[k + 2].fold != "par":
            return None
        found = next((m for m in mentions_in(tokens, self.expansions) if m.start == k + 3), None)
        if found is None:  # « par le cuisinier de la cantine »: an agent noun outside the lexicon
            found = parse_noun_phrase(tokens, k + 3, self.expansions)
            if found is None or found.kind != "thing" or found.determiner not in DEFINITE:
                return None
            if not agent_ending(tokens[found.head].fold):
                return None
            found = found._replace(kind="noun")
        return found

    def _agent_role(self, index: int, tokens: list[Token], clause: Clause, agent: Mention) -> str | None:
        """The agent of a passive sentence as an actor, with the relative clause that follows it
        (« …, qui en suit la mise en œuvre ») or else the sentence made active (« Valide le projet … »)."""
        ident = self.resolve(agent, tokens, create=True)
        if not ident:
            return None
        self._note_label(ident, index, agent, tokens)
        entity = self.entities[ident]
        # « Les sujets sont conçus par une commission … »: an agent brought in with « un / une », presented
        # if the text then goes on about it (« Elle rédige … »).
        entity.introduced |= agent.determiner in INDEFINITE
        sentence = self.sentences[index]
        after = agent.end
        statement: Statement | None = None
        if after + 2 < len(tokens) and tokens[after].text == "," and tokens[after + 1].fold == "qui":
            relative = Clause("pronoun", after + 1, after + 2, pronoun="il")
            statement = build_statement(sentence.text, tokens, relative, index, self._own_names(entity), False)
            entity.presented = True
        # With a relative clause the text presents the agent (« par le conseil, qui suit … »); a bare
        # passive only says who does one thing: a candidate for review unless the text presents it.
        explicit = statement is not None and statement.score > 0
        entity.presented |= explicit
        if not explicit and clause.mention is not None:
            participle = tokens[agent.start - 2]
            verb = active_form(participle.text)
            if verb is not None:
                subject = span(sentence.text, tokens, clause.mention.start, clause.mention.end)
                stop = next((k for k in range(agent.end, len(tokens)) if tokens[k].text in {",", ";", ":", "."}), None)
                tail = span(sentence.text, tokens, agent.end, stop if stop is not None else len(tokens)).strip()
                text = f"{verb.capitalize()} {subject[:1].lower()}{subject[1:]}{(' ' + tail) if tail else ''}."
                statement = Statement(text, 2, index)
        if statement is not None and statement.score > 0:
            entity.statements.append(statement)
            entity.explicit.append(True if explicit else None)
            entity.subject_clauses += explicit
        return ident

    def _note_speaker(self, index: int, tokens: list[Token]) -> None:
        """A speaker label (« Claire Martin, proviseure : ») tells who says « je » until the next one: the
        function given with the name, or the one that name was given before (« Claire Martin : »)."""
        label = speaker_label(tokens, self.expansions)
        if label is None:
            self._note_named_functions(index, tokens)
            return
        name, function = label
        if function is None:
            if name not in self.speakers and name in self.named_functions:
                # Presented earlier with her function, she now speaks under her name alone.
                at, function, where = self.named_functions[name]
                ident = self.resolve(function, where, create=True)
                if ident:
                    self._note_label(ident, at, function, where)
                    self.entities[ident].presented = True
                self.speakers[name] = ident
            self.speaker = self.speakers.get(name)
            return
        ident = self.resolve(function, tokens, create=True)
        if ident:
            self._note_label(ident, index, function, tokens)
            self.entities[ident].presented = True
        self.speaker = self.speakers[name] = ident

    def _note_named_functions(self, index: int, tokens: list[Token]) -> None:
        """« Derrière le comptoir, Amandine Royer, professeure documentaliste depuis douze ans. »: a
        person presented with a function (a noun without article after a comma), remembered; if she
        later speaks under her name alone (« Amandine Royer : »), she speaks as that function."""
        for k in range(len(tokens) - 2):
            token = tokens[k]
            if not (token.is_word and token.text[:1].isupper()) or (k and tokens[k - 1].text[:1].isupper()):
                continue
            end = _person_name_end(tokens, k)
            if end - k < 2 or end + 1 >= len(tokens) or tokens[end].text != ",":
                continue
            function = parse_noun_phrase(tokens, end + 1, self.expansions, need_determiner=False, actors_only=True)
            if function is None or function.determiner:
                continue
            name = " ".join(t.fold for t in tokens[k:end] if t.is_word)
            self.named_functions.setdefault(name, (index, function, tokens))

    def _subject(self, index: int, clause: Clause | None, tokens: list[Token]) -> str | None:
        if clause is None:
            return None
        if clause.kind == "mention" and clause.mention is not None:
            mention = clause.mention
            listed = self._listed(mention, tokens)
            guessed = False
            if listed and mention.kind in ("thing", "generic"):
                # « Les correcteurs… », « les missions locales… »: the description lists it as an actor.
                mention = mention._replace(kind="noun")
            elif acting_subject(tokens, clause):
                # « Le gardien ouvre… », « le département finance… »: a noun the lexicon does not know.
                mention = mention._replace(kind="noun")
                guessed = True
            if clause.apposed:
                # A person holding a function acts as that function, when the text presents it.
                return self._known_function(mention, tokens)
            if (
                is_demonstrative(mention)
                and mention.kind == "thing"
                and head_noun(tokens[mention.head].fold) in _BODY_WORDS
                and self.topic is not None
                and self._topic_agrees(mention, tokens)
            ):
                return self.topic  # « Le CFA … Cet établissement forme aussi des adultes »
            if mention.kind == "generic" and (clause.cleft or clause.copula):
                # « C'est la personne qui est responsable de … »: a definition of the actor just named.
                return self.topic if self._topic_agrees(mention, tokens) else None
            if mention.kind == "noun" and is_indefinite(mention) and not mention.acronym and not listed:
                if clause.cleft:
                    # « … un vivier de formateurs. Ce sont des enseignants qui animent … »: « ce » takes up
                    # an actor just named, which « des enseignants » classifies.
                    return self._antecedent(index, mention, tokens)
                return None  # « un enseignant-chercheur assure… »: an instance, not the function
            # « Ses services départementaux fixent … »: a part of an actor already named, not a new one.
            create = mention.determiner not in DEMONSTRATIVE and mention.determiner not in THIRD_PERSON_POSSESSIVE
            known = set(self.entities)
            ident = self.resolve(mention, tokens, create=create)
            if ident:
                if guessed and ident not in known:
                    self.entities[ident].guessed = True
                self._note_label(ident, index, mention, tokens)
            return ident
        if clause.kind == "pronoun" and clause.latest:
            # « Le proviseur adjoint seconde le proviseur. Ce dernier préside … »: the last actor named.
            ident = self._latest(index, clause.pronoun)
            if ident and clause.copula:
                self.entities[ident].presented = True  # « Lui, c'est le magistrat du parquet »: defined
            return ident
        if clause.kind == "pronoun":
            if self._continues_a_non_actor(index, clause.pronoun):
                return None
            topic_agrees = self.topic is not None and self.entities[self.topic].agrees_with(clause.pronoun)
            if topic_agrees and self._feminine_for_a_masculine_guess(self.topic, clause.pronoun):
                topic_agrees = False
            if not clause.cleft and not topic_agrees and self._identify(index, tokens, clause.predicate, bare=True):
                # « … compte sur Sandrine Vidal. Elle est conseillère pédagogique … »: a person named in
                # passing, not the topic, is given a function, which becomes the topic.
                return None
            # « Elle organise… » after « les professeurs des écoles »: a pronoun that does not agree
            # with the topic speaks of someone else: a person named in passing, or a body or a function
            # just named in a complement (« L'argent passe par la coopérative. C'est elle qui paie »).
            if topic_agrees:
                return self.topic
            return self._complement_antecedent(index, clause.pronoun, tokens, clause)
        if clause.kind == "first_person":
            capacity = self._capacity(index, tokens)
            if capacity is not None:
                self.speaker = capacity  # « Moi, en tant que directrice, c'est moi qui porte le dossier »
                return capacity
            verb = clause.predicate
            while verb < len(tokens) and tokens[verb].fold in {"ne", "n'", "me", "m'"}:
                verb += 1
            # « Je suis directrice déléguée…, ce qu'on appelle la DDFPT »: the speaker presents herself.
            ident = self._identify(index, tokens, verb, bare=False)
            if ident:
                self.speaker = ident
                return None
            return self.speaker
        if clause.kind == "other" and tokens[clause.subject_start].fold in {"on", "nous"}:
            # « Nous, à la CRIP, on recueille … »: the speakers speak as the body they name.
            return self._speaking_body(index, tokens, clause) or self._capacity(index, tokens)
        if clause.kind == "other" and clause.pronoun == "vous":
            # « Vous êtes médecin de l'Éducation nationale » (an interviewer): the one who answers.
            ident = self._identify(index, tokens, clause.predicate, bare=False)
            if ident:
                self.speaker = ident
            return None
        if clause.kind == "role_noun":
            return self.speaker if clause.pronoun in {"mon", "ma", "mes"} else self.topic
        return None

    def _item_label(self, index: int, clause: Clause | None, tokens: list[Token]) -> str | None:
        """« Le préfet : il dirige les secours », « L'IA-DASEN : il active la cellule de crise »: an item
        (of a list, a glossary) names its actor before a colon, and a subject pronoun after it, agreeing
        with that name, states the role. The name is the explicit subject of that statement."""
        if clause is None or clause.kind != "pronoun" or clause.latest or clause.cleft:
            return None
        colon = next((k for k, t in enumerate(tokens[: clause.subject_start]) if t.text == ":"), None)
        if colon is None or colon == 0 or colon > 12:
            return None
        mentions = noun_phrases(tokens[:colon], self.expansions)
        if len(mentions) != 1 or mentions[0].start != 0 or mentions[0].kind == "name":
            return None
        mention = mentions[0]
        guessed = not mention.is_actor_like
        if guessed:
            if mention.determiner not in DEFINITE or inanimate(tokens[mention.head].fold):
                return None
            mention = mention._replace(kind="noun")  # « Les sapeurs-pompiers : ils … »: outside the lexicon
        if any(t.is_word and finite_number(t.text) is not None for t in tokens[mention.end : colon]):
            return None  # « Le préfet décide : il … » is a clause, not a label
        plural, feminine = PRONOUN_AGREEMENT.get(clause.pronoun, (None, None))
        number, gender = mention_number(mention), mention_gender(mention, tokens)
        if (plural is not None and number is not None and number != plural) or (
            feminine is True and gender is False
        ):
            return None
        known = set(self.entities)
        ident = self.resolve(mention, tokens, create=True)
        if ident:
            self._note_label(ident, index, mention, tokens)
            entity = self.entities[ident]
            entity.presented = True
            entity.subject_clauses += 1
            entity.guessed |= guessed and ident not in known
        return ident

    def _about_a_person(self, statement: str) -> bool:
        """Whether a statement is about one of the people of the text's story (« Tom », « Léna »)."""
        if not self.persons:
            return False
        # Near the verb only: « reçoit Inès », « évalue les besoins de Tom »; a person met later, in a
        # subordinate (« … et vérifie que Léo progresse »), leaves the function stated.
        return any(t.fold in self.persons and t.text[:1].isupper() for t in tokenize(statement)[1:6])

    def _feminine_for_a_masculine_guess(self, ident: str, pronoun: str) -> bool:
        """« … : un médecin, un psychologue. Elle évalue … »: « elle » may take up a masculine label that
        names a woman (« le proviseur … elle »), but not one the text has only introduced in passing
        (« un médecin »), never as the subject of a clause: that antecedent would be a guess against the
        grammar."""
        entity = self.entities[ident]
        return (
            PRONOUN_AGREEMENT.get(pronoun, (None, None))[1] is True
            and entity.feminine is False
            and entity.introduced
            and not (entity.subject_clauses or entity.listed)
        )

    def _continues_a_non_actor(self, index: int, pronoun: str) -> bool:
        """« La famille adresse sa demande au directeur d'école. Elle s'engage aussi … »: a pronoun that
        agrees in number and gender with the subject of the previous sentence goes on about it; when that
        subject is no actor, the pronoun takes up no actor (not one met in that sentence's complements)."""
        if index == 0 or pronoun not in PRONOUN_AGREEMENT:
            return False
        previous = self.sentences[index - 1].tokens
        before = find_clause(previous, self.expansions)
        if before is None or before.kind != "mention" or before.mention is None:
            return False
        mention = before.mention
        # People who are no actors (« la famille », « les parents »), not things: « Le dossier part chez
        # l'IEN. Il le vérifie » speaks of the IEN.
        if mention.kind != "generic" or mention.determiner not in DEFINITE:
            return False
        plural, feminine = PRONOUN_AGREEMENT[pronoun]
        number, gender = mention_number(mention), mention_gender(mention, previous)
        if number is None or gender is None or number != plural or gender != feminine:
            return False
        return self.resolve(mention, previous, create=False) is None

    def _complement_antecedent(self, index: int, pronoun: str, tokens: list[Token], clause: Clause) -> str | None:
        """The noun phrase of the previous sentence a subject pronoun takes up when the topic cannot be
        it: the last one that agrees with the pronoun, if it can act (a function, a body, or a noun
        outside the lexicon that is no thing) and is no person's name."""
        if index == 0 or pronoun not in PRONOUN_AGREEMENT or not acting_pronoun(tokens, clause):
            return None
        if self.topic is None and not clause.cleft:
            return None  # the text moved away from any actor (a story, an example): nobody to take up
        previous = self.sentences[index - 1].tokens
        plural, feminine = PRONOUN_AGREEMENT[pronoun]
        for mention in reversed(noun_phrases(previous, self.expansions)):
            if mention.kind == "name":
                return None  # « … compte sur Nadia. Elle … »: the person, not an actor
            number = mention_number(mention)
            gender = mention_gender(mention, previous)
            if (plural is not None and number is not None and number != plural) or (
                feminine is not None and gender is not None and gender != feminine
            ):
                continue
            guessed = False
            if mention.kind == "thing":
                if mention.determiner not in {"le", "la", "l'", "les"} or inanimate(previous[mention.head].fold):
                    continue
                if mention.start > 0 and previous[mention.start - 1].text == ",":
                    continue  # « le logement, la santé, la mobilité »: an item of a list of things
                mention = mention._replace(kind="noun")
                guessed = True
            if not mention.is_actor_like:
                continue
            known = set(self.entities)
            # « Ses puéricultrices … Elles repèrent … »: the staff of an actor already named is no new actor,
            # taken up by a pronoun no more than as a subject (see `_subject`).
            create = mention.determiner not in THIRD_PERSON_POSSESSIVE
            ident = self.resolve(mention, previous, create=create)
            if ident:
                if guessed and ident not in known:
                    self.entities[ident].guessed = True
                self._note_label(ident, index - 1, mention, previous)
                # « C'est elle qui encaisse … » puts the actor in focus: a presentation; a plain « Il vote
                # … » only takes up a noun met in a complement, which needs more evidence.
                self.entities[ident].presented |= clause.cleft
            return ident
        return None

    def _latest(self, index: int, pronoun: str) -> str | None:
        """The last actor-like noun phrase of the previous sentence that agrees with `pronoun`."""
        if index == 0:
            return self.topic
        previous = self.sentences[index - 1].tokens
        plural, feminine = PRONOUN_AGREEMENT.get(pronoun, (None, None))
        for mention in reversed(noun_phrases(previous, self.expansions)):
            guessed = False
            if mention.kind == "thing" and mention.determiner in DEFINITE | CONTRACTED:
                if inanimate(previous[mention.head].fold) or not agent_ending(previous[mention.head].fold):
                    continue
                mention, guessed = mention._replace(kind="noun"), True  # « au procureur … Lui, … »
            if not mention.is_actor_like:
                continue
            number, gender = mention_number(mention), mention_gender(mention, previous)
            if (plural is not None and number is not None and number != plural) or (
                feminine is not None and gender is not None and gender != feminine
            ):
                continue
            known = set(self.entities)
            ident = self.resolve(mention, previous, create=True)
            if ident:
                if guessed and ident not in known:
                    self.entities[ident].guessed = True
                self._note_label(ident, index - 1, mention, previous)
                return ident
        return self.topic if self.topic and self.entities[self.topic].agrees_with(pronoun) else None

    def _capacity(self, index: int, tokens: list[Token]) -> str | None:
        """« en tant que directrice »: the function in which the speaker acts."""
        for k in range(len(tokens) - 2):
            if tokens[k].fold == "en" and tokens[k + 1].fold == "tant" and tokens[k + 2].fold in {"que", "qu'"}:
                mention = parse_noun_phrase(tokens, k + 3, self.expansions, need_determiner=False, actors_only=True)
                if mention is not None and self.speaker in self.entities:
                    # « Claire Martin, proviseure : En tant que cheffe d'établissement, … »: another name
                    # of the function the label gave, shown beside it.
                    speaker = self.entities[self.speaker]
                    end = max(mention.core_end, mention.head + 1)
                    alias = span(self.sentences[index].text, tokens, mention.head, end)
                    if head_noun(tokens[mention.head].fold) != speaker.head and not speaker.alias:
                        speaker.alias = alias
                    return self.speaker
                if mention is not None:
                    ident = self.resolve(mention, tokens, create=True)
                    if ident:
                        self._note_label(ident, index, mention, tokens)
                        self.entities[ident].presented = True
                    return ident
        return None

    def _speaking_body(self, index: int, tokens: list[Token], clause: Clause) -> str | None:
        """« Nous, à la CRIP, on … », « Au CIO, nous … »: a body named with « à / au / chez » before the
        first-person plural subject."""
        # « Nous, les assistants de service social, on évalue … »: the speakers name their function.
        k = next((q for q in range(clause.predicate) if tokens[q].fold == "nous"), None)
        if k is not None and k + 2 < clause.predicate and tokens[k + 1].text == ",":
            named = parse_noun_phrase(tokens, k + 2, self.expansions, actors_only=True)
            if named is not None and named.determiner in DEFINITE and named.end < clause.predicate:
                ident = self.resolve(named, tokens, create=True)
                if ident:
                    self._note_label(ident, index, named, tokens)
                    self.entities[ident].presented = True
                    return ident
        first = clause.subject_start + 1 if tokens[clause.subject_start].fold == "nous" else 0
        for k in range(first, clause.predicate):
            if tokens[k].fold not in {"a", "au", "aux", "chez"}:
                continue
            mention = parse_noun_phrase(tokens, k + 1 if tokens[k].fold in {"a", "chez"} else k, self.expansions)
            if mention is not None and mention.kind == "generic" and mention.core_end > mention.head + 1:
                mention = mention._replace(kind="noun")  # « à la cellule d'écoute »: the body the speakers form
            if mention is None or not mention.is_actor_like or mention.end >= clause.predicate:
                continue
            ident = self.resolve(mention, tokens, create=True)
            if ident:
                self._note_label(ident, index, mention, tokens)
                self.entities[ident].presented = True
            return ident
        return None

    def _antecedent(self, index: int, mention: Mention, tokens: list[Token]) -> str | None:
        """What « ce » refers to before « c'est un X / ce sont des X »: the topic when it agrees in number,
        else the last actor of the previous sentence that does, even one named without article
        (« un vivier de formateurs académiques »)."""
        if self._topic_agrees(mention, tokens):
            return self.topic
        if index == 0:
            return None
        previous = self.sentences[index - 1].tokens
        plural = mention_number(mention)
        for candidate in reversed(complement_mentions(previous, self.expansions)):
            if candidate.plural == bool(plural):
                ident = self.resolve(candidate, previous, create=True)
                if ident:
                    self._note_label(ident, index - 1, candidate, previous)
                return ident
        return None

    def _known_function(self, mention: Mention, tokens: list[Token]) -> str | None:
        """The actor already met whose head noun is that of `mention`, the topic first."""
        head = head_noun(tokens[mention.head].fold)
        for ident in [self.topic, *reversed(list(self.entities))]:
            if ident and ident in self.entities and self.entities[ident].head == head:
                return ident
        return None

    def _identify(self, index: int, tokens: list[Token], verb: int, bare: bool) -> str | None:
        """« (je) suis / (vous) êtes / (elle) est » + the name of a function: that function, made the topic.

        `bare`: only a noun without determiner (« elle est conseillère », not « elle est la fédération
        qui… », which states a role).
        """
        if verb >= len(tokens) or tokens[verb].fold not in _COPULAS:
            return None
        mention = parse_noun_phrase(tokens, verb + 1, self.expansions, need_determiner=False, actors_only=True)
        if mention is None or not mention.is_actor_like or (bare and mention.determiner):
            return None
        if head_noun(tokens[mention.head].fold) == "responsable" and tokens[mention.head + 1 : mention.head + 2] and (
            tokens[mention.head + 1].fold in {"de", "d'", "du", "des"}
        ):
            return None  # « il est responsable du bon déroulement »: an adjective that states a role
        ident = self.resolve(mention, tokens, create=True)
        if ident:
            self._note_label(ident, index, mention, tokens)
            self.entities[ident].presented = True
            self.topic = ident
        return ident

    def _topic_is_body(self, mention: Mention, tokens: list[Token]) -> bool:
        """Whether the topic is a body that a demonstrative such as « cette fédération » can take up."""
        if self.topic is None or head_noun(tokens[mention.head].fold) not in ORGANISATION_HEADS:
            return False
        head = self.entities[self.topic].head
        return (head == "" or head in ORGANISATION_HEADS) and self._topic_agrees(mention, tokens)

    def _topic_agrees(self, mention: Mention, tokens: list[Token]) -> bool:
        """Whether the topic can be what `mention` (a generic noun phrase) describes: same number."""
        if self.topic is None:
            return False
        plural = mention_number(mention)
        topic_plural = self.entities[self.topic].plural
        return plural is None or topic_plural is None or plural == topic_plural

    def _own_names(self, entity: _Entity) -> list[tuple[str, ...]]:
        names: list[tuple[str, ...]] = []
        if entity.acronym:
            names.append((fold(entity.acronym),))
            expansion = self.expansions.get(entity.acronym)
            if expansion:
                names.append(expansion.words)
        elif entity.head:  # « le maire » gives itself away in « un adjoint au maire »
            names.append((entity.head,))
            names.append((entity.head + "s",))
        return names

    def _label_plural(self, entity: _Entity) -> bool:
        if entity.acronym and entity.acronym in self.expansions:
            first = self.expansions[entity.acronym].words[0]
            return first.endswith(("s", "x")) and len(first) > 3
        return bool(entity.labels) and entity.labels[0][2]

    def _add_statement(self, ident: str, index: int, clause: Clause) -> None:
        entity = self.entities[ident]
        sentence = self.sentences[index]
        subject_plural = clause.pronoun in {"ils", "elles"} or (clause.mention is not None and clause.mention.plural)
        statement = build_statement(
            sentence.text,
            sentence.tokens,
            clause,
            index,
            self._own_names(entity),
            singularize=subject_plural and not self._label_plural(entity),
        )
        if statement is None or statement.score <= 0 or (clause.copula and clause.latest):
            # « c'est la région qui s'en charge : elle gère la restauration des lycées », « Lui, c'est le
            # magistrat du parquet : il reçoit … »: what follows the colon, said of the same subject,
            # states the role better.
            after = _pronoun_after_colon(sentence.tokens, clause.predicate)
            if after is not None:
                better = build_statement(
                    sentence.text, sentence.tokens, after, index, self._own_names(entity), singularize=False
                )
                if better is not None and better.score > 0:
                    statement = better
        if statement is not None and self._about_a_person(statement.text):
            # « Accueille Lucas dans l'entreprise »: what was done for the person of the story, not the
            # function; another statement of the actor, if any, says it better.
            statement = statement._replace(score=statement.score - 2)
        possessive = clause.mention is not None and clause.mention.determiner in THIRD_PERSON_POSSESSIVE
        entity.clefts += clause.kind == "pronoun" and clause.cleft and statement is not None
        if clause.kind == "mention":
            entity.presented = True  # the explicit subject, or a function a named person holds
            # « Ses coordonnateurs accueillent … »: a part of another actor, not an explicit subject.
            # « L'aide ne remplace pas les bourses »: a negated clause says what the subject is not or
            # does not do, which presents no actor.
            entity.subject_clauses += not clause.apposed and not possessive and not _negated(sentence.tokens, clause)
            entity.possessive_subjects += possessive
        if statement is not None:
            entity.statements.append(statement)
            entity.explicit.append(clause.kind == "mention" and not clause.apposed and not possessive)

    def _signals(self, entity: _Entity, description_lists_actors: bool) -> Signals:
        good = [(s, explicit) for s, explicit in zip(entity.statements, entity.explicit, strict=True) if s.score > 0]
        paragraphs = [self.sentences[s.sentence].paragraph for s, _ in good]
        head = entity.head
        names = {fold(entity.acronym)} if entity.acronym else {singular_lemma(head)}
        first_label = entity.labels[0][1] if entity.labels else ""
        body = first_label.split("'", 1)[-1] if first_label[:2].lower() == "l'" else first_label.split(" ", 1)[-1]
        return Signals(
            listed=entity.listed,
            announced=bool(names & self.announced),
            explicit=entity.subject_clauses,
            resolved=sum(explicit is False for _, explicit in good),
            paragraph_topic=any(paragraphs.count(p) >= 2 for p in set(paragraphs)),
            # An acronym names a body or a function unless its expansion tells a thing (filtered earlier).
            agentive=agentive(head)
            or agentive(singular_lemma(head))
            or agent_ending(head)
            or (bool(entity.acronym) and entity.acronym not in self.expansions),
            # A proper noun that never acts explicitly (« depuis la Toussaint … Elle organise »).
            time_or_place=(
                not entity.acronym and body[:1].isupper() and not agentive(head)
                and not any(explicit for _, explicit in good)
            )
            # « Le CDI devient un lieu de travail libre », « le CDI ouvre ses portes »: a place.
            or any(_PLACE_STATEMENT.match(fold(s.text)) for s in entity.statements),
            generic_institution=head in GENERIC_INSTITUTIONS,
            attribute=entity.attribute,
            complement_only=not entity.presented and not (entity.introduced and any(e is False for _, e in good)),
            outside_description=description_lists_actors and not entity.listed,
            guessed=entity.guessed and not entity.listed,
            introduced=entity.introduced,
            part_of_another=entity.possessive_subjects > 0 and not entity.subject_clauses,
            focused=entity.clefts > 0,
        )

    def _pairs(self) -> list[ActorRole]:
        """Every candidate with a usable role statement, kept or not (`reason` says why not), in order of
        presentation."""
        chosen: list[tuple[int, ActorRole]] = []
        with_roles = [e for e in self.entities.values() if any(s.score > 0 for s in e.statements)]
        description_lists_actors = sum(e.listed for e in with_roles) >= 2
        totals = {id(e): score(self._signals(e, description_lists_actors)) for e in with_roles}
        # Only actors the quiz will show count as « another actor » a statement should not name.
        names = {id(e): self._own_names(e) for e in with_roles if totals[id(e)] >= THRESHOLD}
        for entity in with_roles:
            good = [s for s in entity.statements if s.score > 0]
            signals = self._signals(entity, description_lists_actors)
            total = totals[id(entity)]
            others = [n for e in with_roles if e is not entity and id(e) in names for n in names[id(e)]]

            def rank(statement: Statement, others: list[tuple[str, ...]] = others) -> tuple[int, int]:
                # A statement that names another actor (« saisit le juge des enfants ») gives the learner a
                # second name to match: another statement of the same actor is preferred when there is one.
                words = [t.fold for t in tokenize(statement.text)]
                return (statement.score - 2 * _names_any(words, others), -statement.sentence)

            best = max(good, key=rank)
            label, key = self._label_and_key(entity)
            first = min(s.sentence for s in good)
            presented_at = entity.labels[0][0] if entity.labels else first
            reason = "" if total >= THRESHOLD else "; ".join(weaknesses(signals)) or "little evidence"
            chosen.append(
                (
                    first,
                    ActorRole(
                        label,
                        best.text,
                        key,
                        confidence=confidence(total),
                        sentences=tuple(sorted({presented_at, best.sentence})),
                        reason=reason,
                    ),
                )
            )
        chosen.sort(key=lambda pair: pair[0])
        return [pair for _, pair in chosen]

    def _label_and_key(self, entity: _Entity) -> tuple[str, str]:
        if entity.acronym:
            expansion = self.expansions.get(entity.acronym)
            if expansion:
                short = qualified_short_name(entity.acronym, expansion) if not expansion.adjacent else entity.acronym
                short = expansion.name or short
                return f"{short} ({expansion.text})", _slug(short)
            labels = [label for _, label, _ in entity.labels] or [entity.acronym]
            longest = max(labels, key=len)
            return longest, _slug(entity.acronym)
        labels = [label for _, label, _ in entity.labels]
        definite = [
            label
            for label in labels
            if fold(label).split(" ")[0] in {"le", "la", "les"} or fold(label).startswith("l'")
        ]
        label = (definite or labels or [entity.ident])[0]
        if entity.alias:
            label = f"{label} ({entity.alias})"
        return label, entity.ident


def _negated(tokens: list[Token], clause: Clause) -> bool:
    """Whether the predicate opens with a negation (« ne remplace pas », « n'a jamais … »)."""
    for token in tokens[clause.predicate : clause.predicate + 3]:
        if token.fold in {"ne", "n'"}:
            return True
        if not token.is_word or token.fold not in OBJECT_CLITICS | {"y", "en", "se", "s'"}:
            return False
    return False


def _names_any(words: list[str], names: list[tuple[str, ...]]) -> bool:
    """Whether the folded `words` contain one of `names` (each a tuple of folded words), in either
    gender (« l'assistante sociale » names « assistant »)."""
    words = [_masculine(w) for w in words]
    present = set(words)
    for name in (tuple(_masculine(w) for w in name) for name in names):
        if name and name[0] in present:
            n = len(name)
            if any(tuple(words[i : i + n]) == name for i in range(len(words) - n + 1)):
                return True
    return False


def _colon_clauses(text: str, tokens: list[Token]) -> list[tuple[str, list[Token]]]:
    """« La mairie nous aide : la commune finance le car » is two statements: a colon followed by a
    clause with its own subject starts a new one. Not after a speaker label (« Claire Martin,
    proviseure : … »), whose colon the speaker tracking reads."""
    for k, token in enumerate(tokens):
        if token.text != ":" or k < 2 or k + 2 >= len(tokens):
            continue
        rest = tokens[k + 1 :]
        clause = find_clause(rest, Expansions())
        # A pronoun after the colon goes on about the same subject; a noun phrase brings in its own.
        if clause is None or clause.subject_start != 0 or clause.kind != "mention":
            continue
        if speaker_label(tokens[: k + 1], Expansions()) is not None:
            return [(text, tokens)]
        offset = rest[0].start
        head, tail = text[:offset].rstrip(), text[offset:]
        tail = tail[:1].upper() + tail[1:]
        return [(head, tokenize(head)), *_colon_clauses(tail, tokenize(tail))]
    return [(text, tokens)]


# A word said twice with a pause (« ils... ils font », « c'est, c'est », « je, je monte »): speech that
# hesitates; the first one is dropped. (Lower-case words only: « Paris, Paris » is no hesitation.)
_REPEATED = re.compile(r"\b((?:[a-zà-ÿœ]+(?:'|\s+)){0,2}[a-zà-ÿœ]+)\s*(?:\.\.\.|…|,)\s+\1(?=[\s',.…])")


# « eux, euh, ils représentent », « alors, euh... le conseil »: a hesitation, with its pause; inside
# a sentence (« reçoit euh les élèves »), with the space before it, or two spaces would be left.
_HESITATION = re.compile(r"(?:,\s*|\s+)?\b(?:euh|heu|hum|hmm)\b(?:\s*(?:\.\.\.|…))?(?=[\s,.…])", re.IGNORECASE)


def _without_repetitions(text: str) -> str:
    """Speech without its hesitations: fillers (« euh ») and words said twice (« ils... ils »)."""
    if "euh" in text or "heu" in text or "hum" in text or "hmm" in text:
        text = _HESITATION.sub("", text)
    return _REPEATED.sub(r"\1", text) if ("..." in text or "…" in text or "," in text) else text


def plain_sentences(paragraphs: Sequence[str]) -> list[_Sentence]:
    sentences = []
    for number, paragraph in enumerate(paragraphs):
        for text in split_sentences(_without_repetitions(normalise(paragraph))):
            tokens = tokenize(text)
            if any(t.text == ":" for t in tokens):
                for part, part_tokens in _colon_clauses(text, tokens):
                    sentences.append(_Sentence(part, part_tokens, number))
            else:
                sentences.append(_Sentence(text, tokens, number))
    return sentences


def confidence(total: float) -> float:
    """The candidate's score as 0–1: a logistic curve centred on the threshold, so that 0.5 is the line
    between kept and left out, one explicit presentation more (≈ +1.5) reads as ≈ 0.8, two as ≈ 0.95."""
    return round(1.0 / (1.0 + exp(-(total - THRESHOLD))), 2)


@dataclass(frozen=True)
class Derivation:
    """All candidates of a transcript, kept (`reason` empty) or not, and its sentences as
    (paragraph index, text), which the candidates' `sentences` point into."""

    candidates: list[ActorRole]
    sentences: list[tuple[int, str]]

    @property
    def kept(self) -> list[ActorRole]:
        return [c for c in self.candidates if not c.reason]


def derive_candidates(paragraphs: Sequence[str], description: str | None = None) -> Derivation:
    """Every candidate actor with its best statement, confidence and source sentences."""
    sentences = plain_sentences(paragraphs)
    expansions = find_expansions([(s.text, s.tokens) for s in sentences])
    candidates = _Extractor(sentences, expansions, enumerated_items(description)).run()
    acronyms = sorted({t.text for s in sentences for t in s.tokens if is_acronym(t.text)})
    candidates = [_with_acronym(c, acronyms) for c in candidates]
    kept = merge_same_function(merge_acronym_doubles([c for c in candidates if not c.reason]))
    left = [c for c in candidates if c.reason]
    return Derivation(kept + left, [(s.paragraph, s.text) for s in sentences])


def extract_pairs(paragraphs: Sequence[str], description: str | None = None) -> list[ActorRole]:
    """The actors the transcript presents, each with one statement of its role, in order of presentation.

    `paragraphs` are the transcript paragraphs as plain text (inline markdown already removed);
    `description`, the resource's description as plain text, whose opening enumeration (« eRUN, CPD
    numérique, IEN numérique, DRAN… ») names candidate actors.
    """
    return derive_candidates(paragraphs, description).kept


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

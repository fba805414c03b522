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

The pass is `_Extractor.run` here; the extractor's other methods are grouped by what they do in the
classes it is made of (bookkeeping, subjects, antecedents, speakers, answers, statement_choice).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scormpack.derive.acronyms import Expansions, find_expansions, is_acronym
from scormpack.derive.answers import _Answers
from scormpack.derive.antecedents import _Antecedents
from scormpack.derive.bookkeeping import _EntityBookkeeping
from scormpack.derive.clauses import find_clause, impersonal_object
from scormpack.derive.description import Item, enumerated_items, singular_lemma
from scormpack.derive.entities import ActorRole, _Entity, _Sentence
from scormpack.derive.lexicon import INDEFINITE, THIRD_PERSON_POSSESSIVE
from scormpack.derive.mention_scan import mentions_in
from scormpack.derive.mentions import Mention
from scormpack.derive.merging import _with_acronym, merge_acronym_doubles, merge_same_function
from scormpack.derive.plain_text import plain_sentences
from scormpack.derive.sentence_checks import (
    _HEADING_TOKENS,
    _attribute_of_another,
    _is_enumeration,
    _is_example,
    _is_named,
    _next_first_person,
    _person_names,
    _thing_acronyms,
)
from scormpack.derive.speakers import _Speakers
from scormpack.derive.statement_choice import _StatementChoice
from scormpack.derive.subjects import _Subjects
from scormpack.derive.tokens import Token


class _Extractor(_EntityBookkeeping, _Subjects, _Antecedents, _Speakers, _Answers, _StatementChoice):
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

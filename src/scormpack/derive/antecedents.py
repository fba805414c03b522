"""Pronouns and demonstratives resolved to the actor they take up: the topic, a complement of the
previous sentence, the latest actor that agrees. Part of `extract._Extractor`, whose state it shares.
"""

from __future__ import annotations

from scormpack.derive.agent_nouns import acting_pronoun, agent_ending, inanimate
from scormpack.derive.clauses import find_clause
from scormpack.derive.function_nouns import head_noun
from scormpack.derive.lexicon import (
    CONTRACTED,
    DEFINITE,
    ORGANISATION_HEADS,
    PRONOUN_AGREEMENT,
    THIRD_PERSON_POSSESSIVE,
)
from scormpack.derive.mention_scan import complement_mentions, noun_phrases
from scormpack.derive.mentions import Clause, Mention, mention_gender, mention_number
from scormpack.derive.tokens import Token, tokenize


class _Antecedents:
    """Resolving pronouns and demonstratives to an antecedent."""

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

"""The actor a clause is about: its subject (noun phrase, pronoun, demonstrative) or a listed item's
label. Part of `extract._Extractor`, whose state it shares.
"""

from __future__ import annotations

from scormpack.derive.agent_nouns import acting_subject, inanimate
from scormpack.derive.function_nouns import head_noun
from scormpack.derive.lexicon import (
    DEFINITE,
    DEMONSTRATIVE,
    ESTABLISHMENT_HEADS,
    PRONOUN_AGREEMENT,
    THIRD_PERSON_POSSESSIVE,
)
from scormpack.derive.mention_scan import noun_phrases
from scormpack.derive.mentions import Clause, is_demonstrative, is_indefinite, mention_gender, mention_number
from scormpack.derive.tokens import Token
from scormpack.derive.verbs import finite_number

# Nouns by which a text takes up a body it has named (« cet établissement », « cette structure »).
_BODY_WORDS = ESTABLISHMENT_HEADS | {"structure", "organisme", "dispositif", "instance", "cellule", "lieu"}


class _Subjects:
    """Reading the subject of a clause."""

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

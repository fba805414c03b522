"""Each actor's statements recorded and rated, the best one chosen, and the actors as candidates with
their label, key and confidence. Part of `extract._Extractor`, whose state it shares.
"""

from __future__ import annotations

import re
from math import exp

from scormpack.derive.acronyms import qualified_short_name
from scormpack.derive.agent_nouns import agent_ending
from scormpack.derive.description import singular_lemma
from scormpack.derive.entities import ActorRole, _Entity, _slug
from scormpack.derive.lexicon import OBJECT_CLITICS, THIRD_PERSON_POSSESSIVE, fold
from scormpack.derive.mentions import Clause
from scormpack.derive.merging import _masculine
from scormpack.derive.roles import Statement, build_statement
from scormpack.derive.scoring import GENERIC_INSTITUTIONS, THRESHOLD, Signals, agentive, score, weaknesses
from scormpack.derive.tokens import Token, tokenize
from scormpack.derive.verbs import finite_number

_PLACE_STATEMENT = re.compile(
    r"(?:est|devient|reste|sert de) (?:aussi |d'abord |avant tout )?(?:un|une|le|la|l') ?"
    r"(?:lieu|endroit|espace|salle|local|batiment)\b|(?:ouvre|ferme) ses portes"
)


def _pronoun_after_colon(tokens: list[Token], after: int) -> Clause | None:
    """« … : elle gère … »: a clause with a subject pronoun right after a colon, past `after`."""
    for k in range(after, len(tokens) - 2):
        if tokens[k].text == ":" and tokens[k + 1].fold in {"il", "elle"} and finite_number(tokens[k + 2].text):
            return Clause("pronoun", k + 1, k + 2, pronoun=tokens[k + 1].fold)
    return None


class _StatementChoice:
    """Recording statements and choosing each actor's best."""

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


def confidence(total: float) -> float:
    """The candidate's score as 0–1: a logistic curve centred on the threshold, so that 0.5 is the line
    between kept and left out, one explicit presentation more (≈ +1.5) reads as ≈ 0.8, two as ≈ 0.95."""
    return round(1.0 / (1.0 + exp(-(total - THRESHOLD))), 2)

"""Roles stated across two sentences or in the passive: the answer to a « Qui … ? » question, a passive
sentence's agent (« par le … »). Part of `extract._Extractor`, whose state it shares.
"""

from __future__ import annotations

from scormpack.derive.agent_nouns import agent_ending, inanimate
from scormpack.derive.lexicon import DEFINITE, INDEFINITE
from scormpack.derive.mention_scan import mentions_in
from scormpack.derive.mentions import Clause, Mention
from scormpack.derive.noun_phrase_parser import parse_noun_phrase
from scormpack.derive.roles import Statement, build_statement
from scormpack.derive.sentence_checks import _label_end
from scormpack.derive.tokens import Token, span
from scormpack.derive.verbs import active_form, finite_number

_PASSIVE_ADVERBS = frozenset({"ensuite", "alors", "enfin", "aussi", "egalement", "toujours", "souvent", "d'abord"})


class _Answers:
    """Actors given as the answer to a question or as a passive agent."""

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

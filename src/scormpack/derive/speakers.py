"""The first person: speakers named by labels, the function they act in (« en tant que … »), « je suis
conseillère ». Part of `extract._Extractor`, whose state it shares.
"""

from __future__ import annotations

from scormpack.derive.function_nouns import head_noun
from scormpack.derive.lexicon import DEFINITE
from scormpack.derive.mentions import Clause
from scormpack.derive.noun_phrase_parser import parse_noun_phrase
from scormpack.derive.person_names import person_name_end as _person_name_end
from scormpack.derive.person_names import speaker_label
from scormpack.derive.tokens import Token, span

_COPULAS = frozenset({"suis", "es", "est", "etes", "sont"})


class _Speakers:
    """Who speaks, and in which function."""

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
                self.speakers[name] = self._present(at, function, where)
            self.speaker = self.speakers.get(name)
            return
        self.speaker = self.speakers[name] = self._present(index, function, tokens)

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
                    return self._present(index, mention, tokens)
        return None

    def _speaking_body(self, index: int, tokens: list[Token], clause: Clause) -> str | None:
        """« Nous, à la CRIP, on … », « Au CIO, nous … »: a body named with « à / au / chez » before the
        first-person plural subject."""
        # « Nous, les assistants de service social, on évalue … »: the speakers name their function.
        k = next((q for q in range(clause.predicate) if tokens[q].fold == "nous"), None)
        if k is not None and k + 2 < clause.predicate and tokens[k + 1].text == ",":
            named = parse_noun_phrase(tokens, k + 2, self.expansions, actors_only=True)
            if named is not None and named.determiner in DEFINITE and named.end < clause.predicate:
                ident = self._present(index, named, tokens)
                if ident:
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
            return self._present(index, mention, tokens)
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
        ident = self._present(index, mention, tokens)
        if ident:
            self.topic = ident
        return ident

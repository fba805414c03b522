"""The extractor's entities: a noun phrase or acronym resolved to one actor, and the labels it is met
under. Part of `extract._Extractor`, whose state it shares.
"""

from __future__ import annotations

from scormpack.derive.description import singular_lemma
from scormpack.derive.entities import _Entity, _slug
from scormpack.derive.function_nouns import feminine_noun, head_noun, names_actor
from scormpack.derive.lexicon import (
    COLLECTIVE_HEADS,
    ESTABLISHMENT_HEADS,
    GENERIC_HEADS,
    INDEFINITE,
    NON_ACTOR_HEADS,
    ORGANISATION_HEADS,
    fold,
)
from scormpack.derive.mentions import Mention, is_demonstrative, mention_gender, mention_number
from scormpack.derive.tokens import Token, render, span

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


class _EntityBookkeeping:
    """Resolving mentions to entities and noting their labels."""


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

    def _present(self, index: int, mention: Mention, tokens: list[Token]) -> str | None:
        """The actor `mention` names, created if new, labelled from it and marked as presented by the
        text (a speaker's function, « je suis … », a subject that acts)."""
        ident = self.resolve(mention, tokens, create=True)
        if ident:
            self._note_label(ident, index, mention, tokens)
            self.entities[ident].presented = True
        return ident

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

"""The extractor's records: an actor with its role (what it returns), a sentence, and the entity it
builds for each actor met; the slug its key is made of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scormpack.derive.lexicon import PRONOUN_AGREEMENT, fold
from scormpack.derive.roles import Statement
from scormpack.derive.tokens import Token


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


_STOP_IN_KEYS = frozenset({"de", "d", "du", "des", "la", "le", "l", "les", "a", "au", "aux", "en", "et"})


def _slug(text: str) -> str:
    words = [w for w in re.split(r"[^a-z0-9]+", fold(text).replace("'", " ")) if w]
    return "-".join(w for w in words if w not in _STOP_IN_KEYS)[:48].strip("-")

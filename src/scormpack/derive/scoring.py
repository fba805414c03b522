"""Which candidate actors the transcript *presents*: a score over independent signals, then a threshold.

The pass over sentences (extract.py) proposes candidates generously: every noun phrase or acronym that
is the subject (or the resolved topic) of a clause with a usable role statement. Whether a candidate is
an actor the text presents is then decided here, from several cues that each tell a little, rather than
by one yes/no rule per situation. Every weight below comes with the reason the cue is evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from scormpack.derive.lexicon import ACTOR_HEADS, COLLECTIVE_HEADS, ORGANISATION_HEADS

# --- weights -------------------------------------------------------------------------------------

# The description of a resource in this genre opens with the actors the video presents: the strongest
# cue there is, but a list may name topics, hence an item still needs a role statement to be kept.
LISTED_IN_DESCRIPTION = 3.0
# « Quel est le rôle du CPE ? De l'AED ? », « CPE, AED, infirmière… »: the transcript announces whom it
# will present.
ANNOUNCED_IN_TRANSCRIPT = 1.5
# Each clause whose explicit subject names the candidate and states an activity (capped: a text that
# keeps naming something, such as « le conseil », need not present it as an actor).
EXPLICIT_SUBJECT = 1.5
EXPLICIT_SUBJECT_CAP = 2
# A clause reached through a pronoun or a demonstrative: weaker, the antecedent is a guess.
RESOLVED_SUBJECT = 0.5
RESOLVED_SUBJECT_CAP = 2
# A paragraph about the candidate (two statements or more in the same paragraph): presentations in
# this genre give each actor its paragraph.
PARAGRAPH_TOPIC = 1.0
# A head noun of person, trade, function or body (« délégué », « correcteur », « service »), or an
# acronym whose expansion starts with one.
AGENTIVE_HEAD = 1.0
# A capitalised common noun that is no agent (« la Toussaint », « La Réunion »): a date or a place.
TIME_OR_PLACE = -3.0
# An institution that frames nearly every text (« le ministère », « l'académie »): context, not a role.
GENERIC_INSTITUTION = -2.0
# Introduced as what another actor *is* (« il s'agit d'un enseignant-chercheur », « les correcteurs
# sont des enseignants de la discipline »): a description of that actor, not a new one.
ATTRIBUTE_OF_ANOTHER = -3.0
# When the description enumerates the actors, one it leaves out needs stronger evidence (the list is
# partial, « … », so this is a handicap, not an exclusion).
OUTSIDE_DESCRIPTION = -1.0
# Never an explicit subject, never defined nor introduced (« il y a », « un X »): only met inside a
# complement (« des propositions au chef cuisinier ») and then guessed as a pronoun's antecedent.
COMPLEMENT_ONLY = -1.5
# Brought in by the text (« il existe un médiateur », « chaque apprenti a un formateur référent ») and
# then acting through a pronoun (« Il écoute les deux parties »): the usual presentation in speech.
INTRODUCED_THEN_TAKEN_UP = 0.5
# A head noun the lexicon does not know, taken as an actor only because it acts (« le grutier met … »):
# a guess, so it needs one more cue than a known function.
GUESSED_HEAD = -0.5
# Only ever met as « ses coordonnateurs », « ses puéricultrices »: the staff of an actor already
# presented, acting through it; whose staff it is stays a guess, so it goes to review unless listed.
PART_OF_ANOTHER = -1.5
# « Sous l'autorité du recteur. C'est lui qui fixe … »: a cleft takes up the one just named and puts it in
# focus as the one who acts, which a plain « il » does not.
FOCUSED = 0.5
# Minimum total for a candidate to be kept: one explicit subject clause, or one resolved clause with an
# agentive head, is enough in a short text; the penalties above are what rule candidates out.
THRESHOLD = 1.0

# Endings of agent nouns: « correcteur », « animatrice », « technicien », « juriste », « gestionnaire »,
# « intervenant », « référent ». Participles used as nouns (« délégué », « élu », « chargé ») cannot be
# told from other words once accents are folded: the lexicon lists them.
AGENT_ENDINGS = ("eur", "euse", "rice", "ien", "ienne", "iste", "aire", "ant", "ante", "ent", "ente")
_NOT_AGENTS = frozenset(
    {
        "moment",
        "document",
        "enseignement",
        "etablissement",
        "accompagnement",
        "fonctionnement",
        "developpement",
        "evenement",
        "parent",
        "temps",
        "secteur",
        "valeur",
        "calendrier",
        "dossier",
    }
)
GENERIC_INSTITUTIONS = frozenset({"ministere", "academie", "rectorat", "etat", "gouvernement", "education"})


def agentive(head: str) -> bool:
    """Whether a folded singular head noun names a person, a function or a body, by lexicon or ending."""
    if head in ACTOR_HEADS or head in COLLECTIVE_HEADS or head in ORGANISATION_HEADS:
        return True
    if len(head) < 4 or head in _NOT_AGENTS or head.endswith("ment"):
        return False
    return head.endswith(AGENT_ENDINGS)


@dataclass
class Signals:
    """What the pass over sentences observed about one candidate."""

    listed: bool = False  # matches an item of the description's enumeration
    announced: bool = False  # named in an announcing question or list of the transcript
    explicit: int = 0  # clauses with the candidate as explicit subject and a usable statement
    resolved: int = 0  # clauses reached through a pronoun, a demonstrative, a speaker
    paragraph_topic: bool = False
    agentive: bool = False
    time_or_place: bool = False
    generic_institution: bool = False
    attribute: bool = False  # first met as the attribute of another actor
    outside_description: bool = False  # the description lists actors, this one is not among them
    complement_only: bool = False  # only met in complements, acting only through resolved pronouns
    guessed: bool = False  # head noun outside the lexicon
    introduced: bool = False  # introduced by the text (not only met in a complement)
    part_of_another: bool = False  # its explicit mentions are all possessive (« ses coordonnateurs »)
    focused: bool = False  # taken up by « c'est lui / elle qui … »


def score(signals: Signals) -> float:
    """The evidence that a candidate is an actor the text presents."""
    total = 0.0
    total += LISTED_IN_DESCRIPTION * signals.listed
    total += ANNOUNCED_IN_TRANSCRIPT * signals.announced
    total += EXPLICIT_SUBJECT * min(signals.explicit, EXPLICIT_SUBJECT_CAP)
    total += RESOLVED_SUBJECT * min(signals.resolved, RESOLVED_SUBJECT_CAP)
    total += PARAGRAPH_TOPIC * signals.paragraph_topic
    total += AGENTIVE_HEAD * signals.agentive
    total += TIME_OR_PLACE * signals.time_or_place
    total += GENERIC_INSTITUTION * signals.generic_institution
    total += ATTRIBUTE_OF_ANOTHER * signals.attribute
    total += OUTSIDE_DESCRIPTION * signals.outside_description
    total += COMPLEMENT_ONLY * signals.complement_only
    total += GUESSED_HEAD * signals.guessed
    if signals.introduced and not signals.explicit and signals.resolved:
        total += INTRODUCED_THEN_TAKEN_UP
    total += FOCUSED * signals.focused
    if signals.part_of_another and not signals.listed and not signals.announced:
        total += PART_OF_ANOTHER
    return total


def presented(signals: Signals) -> bool:
    return score(signals) >= THRESHOLD


def weaknesses(signals: Signals) -> list[str]:
    """What speaks against a candidate, in words a reviewer reads (the reason it was left out)."""
    said = []
    if signals.time_or_place:
        said.append("looks like a date or a place")
    if signals.generic_institution:
        said.append("an institution that frames the text")
    if signals.attribute:
        said.append("introduced as what another actor is")
    if signals.complement_only:
        said.append("only met in complements")
    if signals.outside_description:
        said.append("not in the description's list of actors")
    if not signals.explicit:
        said.append("never the explicit subject of a role statement")
    if signals.guessed:
        said.append("its noun is not in the lexicon")
    if signals.part_of_another:
        said.append("only met as the staff of another actor (« ses … »)")
    return said

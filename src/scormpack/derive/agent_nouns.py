"""Actors outside the lexicon: a definite noun phrase that *acts* is an actor when its noun can be one.

The lexicon lists the functions and bodies our texts name, but a new text names others (« le gardien »,
« le grutier », « le département »). French marks agent nouns by their endings (« -ier », « -ien »,
« -eur », « -aire »…) and abstract or inanimate ones by theirs (« -tion », « -ment », « -age »…); a
subject with the definite article that governs an action verb (not « être », « avoir » or a modal) is
then taken as a candidate actor, which the scoring weighs like any other (with a small handicap, since
the head noun is a guess).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scormpack.derive.lexicon import DEFINITE, NON_ACTOR_HEADS

if TYPE_CHECKING:  # noun_phrase_parser.py imports this module
    from scormpack.derive.mentions import Clause
    from scormpack.derive.tokens import Token

# Endings of nouns that cannot act: processes, qualities, places and periods, collective things.
_INANIMATE_ENDINGS = (
    "tion", "sion", "xion", "ment", "isme", "ite", "ance", "ence", "ude", "ure", "age", "esse", "ise",
    "ique", "logie", "graphie", "ee", "oire", "erie",
)  # fmt: skip
# Bodies whose noun has an inanimate ending.
_BODIES = frozenset({"departement", "gouvernement", "parlement", "etat-major"})
# « les trente minutes d'activité »: a quantity, not a group of people.
_NUMBERS = frozenset(
    {
        "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "quinze",
        "vingt", "trente", "quarante", "cinquante", "cent", "mille",
    }
)  # fmt: skip
# Agent endings (« gardien », « grutier », « éducateur », « gestionnaire », « intendant »).
_AGENT_ENDINGS = ("ier", "iere", "ien", "ienne", "eur", "euse", "rice", "aire", "ant", "ante", "iste", "ent", "ente")
# Nouns with an agent's ending that name things, and things of the school world a text may make act
# (« le calendrier fixe », « le budget finance »): no actor.
_THINGS = frozenset(
    {
        "atelier", "cahier", "calendrier", "chantier", "clavier", "courrier", "dernier", "dossier", "escalier",
        "fichier", "metier", "panier", "papier", "premier", "quartier", "secteur", "moteur", "ordinateur",
        "budget", "fonds", "objectif", "temps", "texte", "jour", "mois", "an", "moment", "document", "accord",
        "conseil-de-classe", "contenu", "niveau", "point", "principe", "resultat", "rythme", "sujet", "systeme",
        "theme", "travail", "travaux", "vote", "choix", "role", "reste", "rendez-vous", "dispositif", "cadre",
        "processus", "calcul", "financement", "montant", "cout", "prix", "tarif", "menu", "repas", "transport",
        "emploi", "horaire", "bulletin", "livret", "avis", "compte", "rendu", "dialogue", "entretien",
        "accueil", "suivi", "soutien", "besoin", "probleme", "cas", "fait", "exemple", "but", "lien", "reseau",
        "parent", "enfant", "eleve", "client", "patient", "courant", "present", "argent", "agent-comptable",
        "evenement", "incident", "accident", "talent", "contingent", "segment", "fiche", "lutte", "minute",
        "heure", "semaine", "tour", "lieu", "local", "site", "sens", "mot", "nom", "titre",
        # The public a text speaks to or about, like « les élèves » (GENERIC_HEADS), not a role.
        "apprenti", "stagiaire", "candidat", "habitant", "visiteur", "spectateur", "lecteur", "passager",
        "voyageur", "usager", "adulte", "adolescent", "gens",
    }
)  # fmt: skip
# Verbs that state no action of the subject.
_NOT_ACTIONS = frozenset(
    {
        "est", "sont", "a", "ont", "peut", "peuvent", "doit", "doivent", "va", "vont", "semble", "semblent",
        "reste", "restent", "devient", "deviennent", "parait", "existe", "existent", "arrive", "arrivent",
        "commence", "commencent", "dure", "durent", "change", "changent", "manque", "manquent", "coute",
        "coutent", "depend", "dependent", "vient", "viennent", "passe", "passent", "etait", "etaient", "sera",
        "seront", "fut", "furent", "avait", "avaient", "aura", "auront", "pourra", "pourront", "devra", "devront",
    }
)  # fmt: skip


_CLITICS = frozenset({"ne", "n'", "se", "s'", "lui", "leur", "y", "en", "le", "la", "les"})


def _head_of(word: str) -> str:
    """The folded noun whose ending counts: the last part of « sous-préfet », the singular."""
    part = word.rsplit("-", 1)[-1]
    return part[:-1] if len(part) > 3 and part.endswith(("s", "x")) else part


def inanimate(word: str) -> bool:
    head = _head_of(word)
    if word in _THINGS or head in _THINGS or word in NON_ACTOR_HEADS or head in NON_ACTOR_HEADS:
        return True
    return (head.endswith(_INANIMATE_ENDINGS) and head not in _BODIES) or head in _NUMBERS


# The endings that mark a noun of agent even after another noun (« les parents accompagnateurs »),
# where « -ant », « -ent », « -aire » would also take adjectives and verbs (« enseignantes », « siègent »).
_STRONG_AGENT_ENDINGS = ("ier", "iere", "ien", "ienne", "eur", "euse", "rice", "iste")


def strong_agent_ending(word: str) -> bool:
    head = _head_of(word)
    return len(head) > 4 and head.endswith(_STRONG_AGENT_ENDINGS) and not inanimate(word)


def agent_ending(word: str) -> bool:
    head = _head_of(word)
    return len(head) > 4 and head.endswith(_AGENT_ENDINGS) and not inanimate(word)


def acting_subject(tokens: list[Token], clause: Clause) -> bool:
    """Whether a clause's subject (a noun phrase the lexicon does not know) may be an actor: the
    definite article, a lower-case noun that is not inanimate, and an action verb."""
    mention = clause.mention
    if mention is None or mention.kind != "thing" or mention.determiner not in DEFINITE or mention.quantified:
        return False
    word = tokens[mention.head]
    if not word.text[:1].islower() or inanimate(word.fold):
        return False
    if clause.copula or clause.apposed:
        return False  # (a cleft, « c'est la région qui gère … », puts an agent in focus: it may act)
    # « le tournoi était | organisé par … »: an auxiliary taken into the noun phrase (not « à », whose
    # folded form is that of « a »).
    phrase = tokens[mention.head + 1 : max(mention.end, min(clause.predicate, mention.end + 1))]
    if any(t.fold in _NOT_ACTIONS and t.text.lower() != "à" for t in phrase):
        return False
    verb = clause.predicate
    while verb < len(tokens) and tokens[verb].fold in _CLITICS:
        verb += 1
    if verb >= len(tokens) or tokens[verb].fold in _NOT_ACTIONS:
        return False
    # A past participle (« organisé ») is no finite verb, whatever its folded form looks like.
    return not tokens[verb].text.lower().endswith(("é", "ée", "és", "ées"))


def acting_pronoun(tokens: list[Token], clause: Clause) -> bool:
    """Whether a pronoun subject's verb is an action (« elle encaisse », not « elle est affiliée »)."""
    verb = clause.predicate
    while verb < len(tokens) and tokens[verb].fold in _CLITICS:
        verb += 1
    if verb >= len(tokens) or tokens[verb].fold in _NOT_ACTIONS:
        return False
    return not tokens[verb].text.lower().endswith(("é", "ée", "és", "ées"))

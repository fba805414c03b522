"""Recognise finite present-tense verbs and change their person or number.

Without a tagger, a word is taken as a finite verb when it is a listed irregular form or when a
conjugation rule maps it back to a listed infinitive: « accompagne(nt) » → accompagner,
« gère » → gérer, « emploie » → employer, « appelle » → appeler, « définit / définissent » → définir.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from scormpack.derive.lexicon import ER_VERBS, FIRST_TO_THIRD, IR_VERBS, IRREGULAR_PRESENT, fold

Number = Literal["sg", "pl"]

_IRREGULAR_SG = {fold(k): v for k, v in IRREGULAR_PRESENT.items()}
_IRREGULAR_PL = {fold(v): k for k, v in IRREGULAR_PRESENT.items()}
_FIRST_TO_THIRD = {fold(k): v for k, v in FIRST_TO_THIRD.items()}


def _er_stem_is_verb(stem: str) -> bool:
    """Whether stem + « er » is a listed infinitive, allowing the usual stem alternations."""
    candidates = {stem}
    if stem.endswith(("oi", "ui")):  # emploie → employer, appuie → appuyer
        candidates.add(stem[:-1] + "y")
    if stem.endswith(("ll", "tt")):  # appelle → appeler, jette → jeter
        candidates.add(stem[:-1])
    return any(c + "er" in ER_VERBS for c in candidates)


@cache
def finite_number(word: str) -> Number | None:
    """« sg » or « pl » when `word` (any case) is a 3rd-person present form, else None."""
    if word.lower() == "à":  # the preposition, not « a » (avoir), which folding would confuse
        return None
    w = fold(word)
    if w in _IRREGULAR_SG:
        return "sg"
    if w in _IRREGULAR_PL:
        return "pl"
    if len(w) < 3 or "-" in w or "'" in w:
        return None
    # The « -tenir / -venir » family (« entretient », « interviennent », « soutient »).
    if w.endswith(("tiennent", "viennent")) and len(w) > 8:
        return "pl"
    if w.endswith(("tient", "vient")) and len(w) > 5:
        return "sg"
    if w.endswith("issent") and w[:-6] + "ir" in IR_VERBS:
        return "pl"
    if w.endswith("it") and w[:-2] + "ir" in IR_VERBS:
        return "sg"
    if w.endswith("ent") and _er_stem_is_verb(w[:-3]):
        return "pl"
    if w.endswith("e") and _er_stem_is_verb(w[:-1]):
        return "sg"
    return None


def first_person_to_third(word: str) -> str | None:
    """« j'organise » → « organise », « je suis » → « est », « je définis » → « définit »; None if not a verb."""
    w = fold(word)
    if w in _FIRST_TO_THIRD:
        return _FIRST_TO_THIRD[w]
    if finite_number(word) == "sg":  # first group: same form (« je gère », « il gère »)
        return word
    if w.endswith("is") and (w[:-2] + "ir" in IR_VERBS or w[:-1] + "t" in _IRREGULAR_SG):  # définis, instruis
        return word[:-1] + "t"
    for ending, third in (("ds", "d"), ("ts", "t"), ("ois", "oit"), ("ais", "ait")):
        if w.endswith(ending) and fold(word[: -len(ending)] + third) in _IRREGULAR_SG:
            return word[: -len(ending)] + third
    return None


def plural_to_singular(word: str) -> str:
    """« accompagnent » → « accompagne », « ont » → « a », « définissent » → « définit »."""
    w = fold(word)
    if w in _IRREGULAR_PL:
        singular = _IRREGULAR_PL[w]
        return word[0] + singular[1:] if fold(word[0]) == singular[0] else singular
    if w.endswith("issent"):
        return word[:-5] + "t"
    if w.endswith("ent"):
        return word[:-2]
    return word


def singular_participle(word: str) -> str:
    """« chargés » → « chargé », « organisées » → « organisée »: the participle after a converted auxiliary."""
    w = fold(word)
    if w.endswith(("es", "is", "us", "ts")) and len(w) > 3:
        return word[:-1]
    return word


def active_form(participle: str) -> str | None:
    """The 3rd person singular present of a past participle in « -é » (« validé(e)(s) » → « valide »),
    for a passive sentence made active; None for other verbs."""
    word = participle.lower()
    for ending in ("ées", "és", "ée", "é"):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            # Every past participle in « -é » is of the first group (« né » aside, never passive).
            return stem + "e" if len(stem) >= 3 else None
    return None

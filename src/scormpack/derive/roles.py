"""Turn the predicate of a sentence into a role statement, and rate it.

The statement is the predicate without its subject (« Le CPD assiste l'IEN… » → « Assiste
l'IEN… »), with its number matched to the actor's label (« les eRUN ont » → « A »), first person
turned into third (« je gère » → « Gère »), « Mon rôle, c'est de … » turned into « A pour rôle
de … », repeated subject pronouns dropped (« il préside…, il signe » → « Préside…, signe »), then cut
to one clean clause: no trailing example, no second clause after « ; » or « : ».
"""

from __future__ import annotations

import re
from typing import NamedTuple

from scormpack.derive.actors import Clause
from scormpack.derive.lexicon import (
    CLITICS,
    IRREGULAR_INFINITIVE,
    NEGATIONS,
    OBJECT_CLITICS,
    ROLE_MARKERS,
    ROLE_VERBS,
    STATUS_MARKERS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    fold,
)
from scormpack.derive.tokens import Token, render
from scormpack.derive.verbs import finite_number, first_person_to_third, plural_to_singular, singular_participle

MAX_LENGTH = 220
_LEFTOVER_PRONOUN = re.compile(r"(?:^|[\s'])(?:il|elle|ils|elles|je)\b")
_ADVERBS_AFTER_VERB = frozenset({"egalement", "aussi", "enfin", "alors", "donc", "pourtant", "ensuite", "d'abord"})
_POSSESSIVE_1_TO_3 = {"mon": "son", "ma": "sa", "mes": "ses", "me": "se", "m'": "s'"}
_ROLE_VERB_STEMS = tuple(sorted({v[:-2] for v in ROLE_VERBS if len(v) >= 5}))
# Each marker list as one expression: one search instead of a substring test per marker.
# Role markers are matched as whole words, in an opening padded with spaces.
_ROLE_MARKER = re.compile("|".join(re.escape(f" {marker} ") for marker in ROLE_MARKERS))
_STATUS_MARKER = re.compile("|".join(re.escape(marker) for marker in STATUS_MARKERS))


class Statement(NamedTuple):
    text: str
    score: int
    sentence: int


def _predicate_end(tokens: list[Token], start: int) -> int:
    """Cut before a second clause (« ; », « : » after a full clause), an example or the final stop."""
    end = len(tokens)
    words = 0
    for k in range(start, len(tokens)):
        token = tokens[k]
        if token.is_word:
            words += 1
        if token.text == ";" or (token.text == ":" and words >= 5):
            end = k
            break
        if token.fold == "par" and k + 1 < len(tokens) and tokens[k + 1].fold == "exemple":
            end = k
            break
        if token.fold in {"notamment", "comme"} and k > start and tokens[k - 1].text == "," and words >= 8:
            end = k
            break
    while end > start and not tokens[end - 1].is_word and tokens[end - 1].text not in {")", "»"}:
        end -= 1
    return end


def _first_verb(tokens: list[Token], start: int, end: int) -> int:
    k = start
    while k < end and tokens[k].fold in CLITICS and finite_number(tokens[k].text) is None:
        k += 1
    return k


def _shorten(tokens: list[Token], start: int, end: int) -> int:
    """When the statement is too long, end it at the last comma or « et » that leaves a full clause."""
    text_length = tokens[end - 1].end - tokens[start].start
    if text_length <= MAX_LENGTH:
        return end
    for k in range(end - 1, start + 4, -1):
        if tokens[k].end - tokens[start].start > MAX_LENGTH:
            continue
        boundary = tokens[k].text == "," or tokens[k].fold in {"afin", "pour", "en", "dont", "qui", "lorsque"}
        if boundary and tokens[k].start - tokens[start].start >= 40:
            return k
    return end


def build_statement(
    text: str,
    tokens: list[Token],
    clause: Clause,
    sentence: int,
    own_names: list[tuple[str, ...]],
    singularize: bool,
) -> Statement | None:
    """The role statement carried by `clause`, or None when the sentence states no role."""
    start = clause.predicate
    if start >= len(tokens):
        return None
    replace: dict[int, str] = {}
    prefix = ""
    if clause.kind == "role_noun":
        # « Mon rôle, c'est de former » → « A pour rôle de former ».
        noun_index = clause.subject_start + 1
        prefix = f"a pour {tokens[noun_index].text} "
        link = tokens[start]
        if link.fold == "a":
            following = tokens[start + 1].text if start + 1 < len(tokens) else ""
            replace[start] = "d'" if fold(following[:1]) in "aeiouh" else "de"
    end = _shorten(tokens, start, _predicate_end(tokens, start))
    if end <= start:
        return None
    verb = _first_verb(tokens, start, end)
    if verb >= end:
        return None
    # A negated role (« n'est pas le supérieur ») says what the actor does not do.
    if any(tokens[k].fold in {"ne", "n'"} for k in range(start, verb)) or (
        verb + 1 < end and tokens[verb + 1].fold in NEGATIONS
    ):
        return None

    subordinate = False
    first_person = clause.kind == "first_person"
    role_noun_a = clause.kind == "role_noun" and tokens[start].fold == "a"
    for k in range(start, end):
        token = tokens[k]
        if token.fold in SUBORDINATORS:
            subordinate = True
        after_link = k > start and (tokens[k - 1].text == "," or tokens[k - 1].fold in {"et", "puis", "mais"})
        if first_person:
            if token.fold in {"je", "j'"}:
                replace[k] = ""
            elif token.fold in _POSSESSIVE_1_TO_3:
                replace[k] = _match_case(token.text, _POSSESSIVE_1_TO_3[token.fold])
            elif (k == verb or (k > start and tokens[k - 1].fold in {"je", "j'"})) and token.is_word:
                third = first_person_to_third(token.text)
                if third is not None:
                    replace[k] = third
        if role_noun_a and token.fold == "a" and after_link:
            # « consiste à vérifier… et à former » → « a pour travail de vérifier… et de former »
            following = tokens[k + 1].text if k + 1 < end else ""
            replace[k] = "d'" if fold(following[:1]) in "aeiouh" else "de"
            continue
        if clause.cleft and token.fold == "qui" and after_link:
            replace[k] = ""  # « c'est lui qui prépare… et qui présente » → « prépare… et présente »
            continue
        if token.fold in SUBJECT_PRONOUNS and after_link and not subordinate and not first_person:
            # « il préside…, il signe » → « préside…, signe »
            replace[k] = ""
        if singularize and finite_number(token.text) == "pl" and (k == verb or (after_link and not subordinate)):
            replace[k] = plural_to_singular(token.text)
            if fold(token.text) in {"sont", "ont"} and k + 1 < end and tokens[k + 1].text.islower():
                replace[k + 1] = singular_participle(tokens[k + 1].text)
    # Adverbs that link to the previous sentence read oddly once the statement stands alone.
    k = verb + 1
    while k < end and (tokens[k].fold in _ADVERBS_AFTER_VERB or tokens[k].fold in {"lui", "elle"}):
        if tokens[k].fold in {"lui", "elle"}:
            if k + 1 < end and tokens[k + 1].fold in {"aussi", "meme", "-meme"}:
                replace[k] = replace[k + 1] = ""
                k += 2
                continue
            break
        replace[k] = ""
        k += 1

    body = render(text, tokens, start, end, replace).strip(" ,;:")
    statement = (prefix + body).strip()
    if not statement or "?" in statement:
        return None
    statement = statement[0].upper() + statement[1:]
    if not statement.endswith((".", "!", "»", ")")):
        statement += "."
    elif statement.endswith("!"):
        statement = statement[:-1].rstrip() + "."
    elif not statement.endswith("."):
        statement += "."
    folded_words = [t.fold for t in tokens[start:end]]
    for name in own_names:
        if _contains(folded_words, name):
            return None
    return Statement(statement, _score(statement, tokens, verb, start, clause), sentence)


def _match_case(original: str, replacement: str) -> str:
    return replacement.capitalize() if original[:1].isupper() else replacement


def _contains(words: list[str], name: tuple[str, ...]) -> bool:
    n = len(name)
    if n == 0 or name[0] not in words:  # the quick answer, most of the time
        return False
    return any(tuple(words[i : i + n]) == name for i in range(len(words) - n + 1))


def _score(statement: str, tokens: list[Token], verb: int, start: int, clause: Clause) -> int:
    """Higher for explicit roles (« a pour mission », « est chargé de », role verbs), lower for
    statements of status, place or hierarchy, and for pronouns left without their referent."""
    folded = fold(statement)
    score = 1
    # « A pour mission… », « Est chargé de… »: at the verb only, and as whole words.
    opening = " " + " ".join(folded.replace("'", "' ").split()[:3]) + " "
    # An explicit marker or a role verb, not both: « veille à » is one statement of role, not two.
    if clause.kind == "role_noun" or _ROLE_MARKER.search(opening):
        score += 3
    elif IRREGULAR_INFINITIVE.get(tokens[verb].fold, "") in ROLE_VERBS or tokens[verb].fold.startswith(
        _ROLE_VERB_STEMS
    ):
        score += 2
    if _STATUS_MARKER.search(folded):
        score -= 2
    if tokens[start].fold in OBJECT_CLITICS:  # « L'encadre… »: a pronoun whose referent is left behind
        score -= 3
    if _LEFTOVER_PRONOUN.search(folded.split(" ", 1)[-1]):
        score -= 1
    if len(statement) < 20:
        score -= 2
    if len(statement) > MAX_LENGTH:
        score -= 3
    return score

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

from scormpack.derive.acronyms import Expansions
from scormpack.derive.function_nouns import names_actor
from scormpack.derive.lexicon import (
    CLITICS,
    DEFINITE,
    DEMONSTRATIVE,
    FILLERS,
    IRREGULAR_INFINITIVE,
    LINKING_ADVERBS,
    NEGATIONS,
    OBJECT_CLITICS,
    POSSESSIVE,
    ROLE_MARKERS,
    ROLE_VERBS,
    SET_OFF_FILLER_PAIRS,
    SET_OFF_FILLERS,
    STATUS_MARKERS,
    STRESSED_PRONOUNS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    fold,
)
from scormpack.derive.mentions import Clause
from scormpack.derive.noun_phrase_parser import parse_noun_phrase
from scormpack.derive.scoring import agentive
from scormpack.derive.tokens import Token, render
from scormpack.derive.verb_detection import verb_after
from scormpack.derive.verbs import finite_number, first_person_to_third, plural_to_singular, singular_participle

MAX_LENGTH = 220
_LEFTOVER_PRONOUN = re.compile(r"(?:^|[\s'])(?:il|elle|ils|elles|je)\b")
_ADVERBS_AFTER_VERB = frozenset({"egalement", "aussi", "enfin", "alors", "donc", "pourtant", "ensuite", "d'abord"})
_POSSESSIVE_1_TO_3 = {"mon": "son", "ma": "sa", "mes": "ses", "me": "se", "m'": "s'"}
_RELATIVES = frozenset({"qui", "dont", "laquelle", "lequel", "lesquelles", "lesquels", "ou"})
_CUT_WORDS = frozenset({"afin", "pour", "en", "dont", "qui", "lorsque"})
_PREPOSITIONS = frozenset({"a", "de", "d'", "en", "par", "pour", "sur", "dans", "avec"})
_DANGLING = _PREPOSITIONS | frozenset(
    {"et", "ou", "mais", "notamment", "ainsi", "aussi", "egalement", "du", "des", "au", "aux", "le", "la", "les", "l'"}
)
# « participent à la commission menus »: sitting on a body states membership, not a responsibility.
_MEMBERSHIP = re.compile(
    r"\bparticipent? (?:eux |elles |lui |elle )?(?:aussi |egalement )?(?:a la |au |aux |a l')"
    r"(?:commission|conseil|comite|reunion|instance|cellule|jury|assemblee)"
)
_ANY_FILLER = FILLERS | SET_OFF_FILLERS
_PAUSES = frozenset({",", "…", "...", "—", "–"})
# Words that open a clause with its own subject (a pronoun, or a determiner before a noun).
_CLAUSE_OPENERS = SUBJECT_PRONOUNS | DEFINITE | POSSESSIVE | DEMONSTRATIVE
_ROLE_VERB_STEMS = tuple(sorted({v[:-2] for v in ROLE_VERBS if len(v) >= 5}))
# Each marker list as one expression: one search instead of a substring test per marker.
# Role markers are matched as whole words, in an opening padded with spaces.
_IDENTIFIES_ANOTHER = re.compile(r"(?:est|sont) (?:le |la |l'|les )([a-z-]+)(?: [a-z'-]+){0,5} qui ")
# « Est une autre histoire », « Est un grand moment »: what the subject is, and no person or body at
# that (« Sont des fonctionnaires territoriaux » still presents an actor, weakly).
_CLASSIFIES = re.compile(r"(?:est|sont) (?:un|une|des) ([a-z-]+)")
# « Reste la division des examens », « Devient le référent »: the subject is identified with another
# actor (or becomes one), which says nothing of what it does.
# (« reste le premier responsable des apprentissages », « reste le garant de … » do state a role.)
_BECOMES_ANOTHER = re.compile(r"(?:reste|restent|demeure|demeurent|devient|deviennent) (?:le |la |l'|les )([a-z-]+)")
# « Se réunit deux fois par an »: when the actor meets, not what it does.
_MEETS = re.compile(r"(?:se|s') ?reuni(?:t|ssent)\b(?!.* pour )")
_ROLE_NOUNS = frozenset({"responsable", "responsables", "garant", "garante", "garants", "premier", "premiere"})
# « Est le chef d'établissement. »: the whole statement is another function's name.
_ONLY_ANOTHER = re.compile(r"(?:est|sont) (?:le |la |l'|les )([a-z-]+)(?: [a-z'-]+){0,3}\.?$")
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
        if token.text == ";" or (token.text == ":" and (words >= 5 or _clause_follows(tokens, k + 1))):
            end = k
            break
        if token.text == "," and words >= 3 and _presentative_follows(tokens, k + 1):
            end = k  # « suit le livret, c'est le carnet où … »: what follows defines the object
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


def _clause_follows(tokens: list[Token], k: int) -> bool:
    """Whether a new clause with its own subject starts at `k`: « : leur service comprend … »."""
    if k >= len(tokens) or tokens[k].fold not in _CLAUSE_OPENERS:
        return False
    return any(finite_number(t.text) is not None for t in tokens[k + 1 : k + 5])


def _presentative_follows(tokens: list[Token], k: int) -> bool:
    """« , c'est … », « , ce sont … » (maybe after a filler): a definition of what was just named."""
    while k < len(tokens) and (tokens[k].fold in _ANY_FILLER or tokens[k].text == ","):
        k += 1
    return k + 1 < len(tokens) and (tokens[k].fold, tokens[k + 1].fold) in {("c'", "est"), ("ce", "sont")}


def _filler_drops(tokens: list[Token], start: int, end: int) -> dict[int, str]:
    """Oral fillers to leave out (« euh », « hein », and « bon », « en fait » set off by commas), each
    with the comma or ellipsis that sets it off."""
    drops: dict[int, str] = {}
    k = start
    while k < end:
        if tokens[k].fold not in _FILLER_STARTS:  # most words: `_filler_size` would be 0
            k += 1
            continue
        size = _filler_size(tokens, k, end)
        if size:
            before = tokens[k - 1].text if k > start else ","
            after = tokens[k + size].text if k + size < end else ","
            set_off = before in _PAUSES and after in _PAUSES
            if set_off or (size == 1 and tokens[k].fold in FILLERS):
                drops.update(dict.fromkeys(range(k, k + size), ""))
                if after in _PAUSES and k + size < end:
                    drops[k + size] = ""  # the pause after it goes too: « livret, euh, c'est » → « livret, c'est »
                k += size + 1
                continue
        k += 1
    return drops


# The words a filler can start with: a quick test before `_filler_size`, which is tried at every word.
_FILLER_STARTS = FILLERS | SET_OFF_FILLERS | {first for first, _ in SET_OFF_FILLER_PAIRS}


def _filler_size(tokens: list[Token], k: int, end: int) -> int:
    """1 or 2 when a (one- or two-word) filler starts at `k`, else 0."""
    word = tokens[k].fold
    if word in FILLERS or word in SET_OFF_FILLERS:
        return 1
    if k + 1 < end and (word, tokens[k + 1].fold) in SET_OFF_FILLER_PAIRS:
        return 2
    return 0


def _is_passive(tokens: list[Token], verb: int, end: int) -> bool:
    """« est présidé par », « sont recrutés par »: être, a past participle, then its agent."""
    if tokens[verb].fold not in {"est", "sont"} or verb + 2 >= end:
        return False
    participle = tokens[verb + 1].text
    if not participle.endswith(("é", "ée", "és", "ées")):
        return False
    k = verb + 2
    if tokens[k].fold in LINKING_ADVERBS:
        k += 1
    return k < end and tokens[k].fold == "par"


def _resumed_cleft(tokens: list[Token], k: int, end: int) -> bool:
    """« c'est lui qui » at `k`: the subject taken up again inside its own statement."""
    return (
        k + 4 < end
        and tokens[k].fold == "c'"
        and tokens[k + 1].fold == "est"
        and tokens[k + 2].fold in STRESSED_PRONOUNS
        and tokens[k + 3].fold == "qui"
    )


def _first_verb(tokens: list[Token], start: int, end: int) -> int:
    k = start
    while k < end and tokens[k].fold in CLITICS and finite_number(tokens[k].text) is None:
        k += 1
    return k


def _before_next_subject(tokens: list[Token], start: int, end: int) -> int:
    """« l'infirmière repère et soigne, le médecin donne les avis, … »: the statement ends where a clause
    with its own subject (a comma, a definite noun phrase, a verb) begins: that is another actor's."""
    for k in range(start + 2, end - 2):
        if tokens[k].text != "," or tokens[k + 1].fold not in DEFINITE:
            continue
        subject = parse_noun_phrase(tokens, k + 1, Expansions(), actors_only=True)
        if subject is not None and subject.end < end and verb_after(tokens, subject.end, subject.plural):
            return k
    return end


def _shorten(tokens: list[Token], start: int, end: int) -> int:
    """When the statement is too long, end it where a full clause is left: before a relative clause
    set off by a comma (« , laquelle s'inscrit … »), else at the last comma, else before a
    subordinate word (« pour », « afin », « qui »), leaving no dangling word at the end."""
    if tokens[end - 1].end - tokens[start].start <= MAX_LENGTH:
        return end
    for boundary in (_before_relative, _is_comma, _before_subordinate):
        for k in range(end - 1, start + 4, -1):
            if tokens[k].start - tokens[start].start < 40:
                break
            if tokens[k].end - tokens[start].start <= MAX_LENGTH and boundary(tokens, k):
                return _trim(tokens, start, k)
    return end


def _before_relative(tokens: list[Token], k: int) -> bool:
    return tokens[k].text == "," and k + 1 < len(tokens) and tokens[k + 1].fold in _RELATIVES


def _is_comma(tokens: list[Token], k: int) -> bool:
    return tokens[k].text == ","


def _before_subordinate(tokens: list[Token], k: int) -> bool:
    # Not « à en assurer », where « en » is a pronoun: the word before must not be a preposition.
    return tokens[k].fold in _CUT_WORDS and tokens[k - 1].fold not in _PREPOSITIONS


def _trim(tokens: list[Token], start: int, end: int) -> int:
    """Leave out what would dangle at the end of a cut statement: « et », « notamment », « de »."""
    while end > start + 1 and (tokens[end - 1].fold in _DANGLING or not tokens[end - 1].is_word):
        end -= 1
    return end


_RESUMING_LINKS = frozenset({"et", "puis", "ensuite", "alors", "enfin", "mais"})


def _resumes_main_clause(tokens: list[Token], k: int, end: int) -> bool:
    """After a comma, (« et », « puis » …) a subject pronoun and its verb: the main clause goes on."""
    while k < end and tokens[k].fold in _RESUMING_LINKS:
        k += 1
    return k + 1 < end and tokens[k].fold in SUBJECT_PRONOUNS and verb_after(tokens, k + 1, None)


def _past_leading_object(tokens: list[Token], start: int) -> int:
    """« Il le vérifie, il donne un avis et il le transmet » → from « donne »: a first clause whose
    object is a pronoun (« le », « la », « les ») names nothing once the statement stands alone, while
    the next clause of the same subject does."""
    if start >= len(tokens) or tokens[start].fold not in {"le", "la", "les", "l'"}:
        return start
    for k in range(start + 1, len(tokens) - 2):
        if tokens[k].text in {".", ";", ":", "?", "!"}:
            break
        if tokens[k].text != ",":
            continue
        q = k + 1
        while q < len(tokens) and tokens[q].fold in _RESUMING_LINKS:
            q += 1
        if (
            q + 1 < len(tokens)
            and tokens[q].fold in SUBJECT_PRONOUNS
            and verb_after(tokens, q + 1, None)
            and tokens[q + 1].fold not in {"le", "la", "les", "l'"}
        ):
            return q + 1
    return start


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
    start = _past_leading_object(tokens, start)
    end = _shorten(tokens, start, _before_next_subject(tokens, start, _predicate_end(tokens, start)))
    if end <= start:
        return None
    verb = _first_verb(tokens, start, end)
    if verb >= end:
        return None
    if _is_passive(tokens, verb, end):
        return None  # « est enseignée par les professeurs »: what others do, not the actor's role
    # A negated role (« n'est pas le supérieur ») says what the actor does not do.
    if any(tokens[k].fold in {"ne", "n'"} for k in range(start, verb)) or (
        verb + 1 < end and tokens[verb + 1].fold in NEGATIONS
    ):
        return None

    replace.update(_filler_drops(tokens, verb + 1, end))
    subordinate = False
    first_person = clause.kind == "first_person"
    role_noun_a = clause.kind == "role_noun" and tokens[start].fold == "a"
    for k in range(start, end):
        token = tokens[k]
        if token.fold in SUBORDINATORS:
            subordinate = True
        elif token.text == "," and _resumes_main_clause(tokens, k + 1, end):
            subordinate = False  # « vérifie que le contrat est en règle, il l'enregistre »: back to the main clause
        if k > verb and not subordinate and token.fold == "c'" and _resumed_cleft(tokens, k, end):
            # « …, et surtout c'est lui qui finance » → « …, et surtout finance »
            replace.update(dict.fromkeys(range(k, k + 4), ""))
        after_link = k > start and (tokens[k - 1].text == "," or tokens[k - 1].fold in _RESUMING_LINKS)
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
        repeated = token.fold in SUBJECT_PRONOUNS or (token.fold == "on" and clause.kind == "other")
        if repeated and after_link and not subordinate and not first_person:
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


def _names_people(word: str) -> bool:
    """A folded noun of function, trade or body, or one of the agent nouns (« fonctionnaires »)."""
    return names_actor(word) or agentive(word.removesuffix("s"))


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
    if _STATUS_MARKER.search(folded) or _MEMBERSHIP.search(folded):
        score -= 2
    if tokens[start].fold in OBJECT_CLITICS:  # « L'encadre… »: a pronoun whose referent is left behind
        score -= 3
    if _LEFTOVER_PRONOUN.search(folded.split(" ", 1)[-1]):
        score -= 1
    if _IDENTIFIES_ANOTHER.match(folded) and names_actor(_IDENTIFIES_ANOTHER.match(folded).group(1)):
        # « Est le chef de service qui évalue … »: says who someone else is, not a role of the subject.
        score -= 3
    classed = _CLASSIFIES.match(folded)
    if _MEETS.match(folded):
        score -= 2
    becomes = _BECOMES_ANOTHER.match(folded)
    if (classed and not _names_people(classed.group(1))) or (
        becomes and becomes.group(1) not in _ROLE_NOUNS and names_actor(becomes.group(1))
    ):
        score -= 2
    only = _ONLY_ANOTHER.match(folded)
    if only and names_actor(only.group(1)):
        score -= 3
    if len(statement) < 20:
        score -= 2
    if len(statement) > MAX_LENGTH:
        score -= 3
    return score

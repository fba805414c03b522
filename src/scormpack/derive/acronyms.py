"""Acronyms and their expansions.

An acronym is a word with at least two capitals that are at least half of its letters (« DSI »,
« eRUN », « PsyEN », « IA-DASEN »). Its expansion is a run of words whose content words each start
with the next letters of the acronym, a word giving one or more letters in order (« PSYchologue de
l'Éducation Nationale »). It is looked for next to the acronym (« X (ACR) », « ACR (X) », « X, ou
ACR », « ACR, X, », « ACR, c'est X »), then anywhere in the text (« le conseiller pédagogique
départemental … le CPD »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from scormpack.derive.lexicon import ACTOR_HEADS, CONTRACTED, DETERMINERS, NAMING_WORDS, NON_ACTOR_HEADS, fold
from scormpack.derive.tokens import Token, span
from scormpack.derive.verbs import finite_number

_ROMAN_ORDINAL = re.compile(r"^[IVXLC]+(?:e|er|re|ème|eme)?$")

# Words that do not have to give a letter to the acronym (folded).
_SKIPPABLE = frozenset(
    {"de", "d'", "du", "des", "la", "le", "l'", "les", "a", "au", "aux", "en", "et", "pour", "sur", "par", "un", "une"}
)
_COMPLEMENT_PREPOSITIONS = frozenset({"de", "d'", "du", "des", "a", "au", "aux", "en", "pour"})
# Words allowed between an expansion and its acronym: « X, ou ACR », « X, ce qu'on appelle la ACR ».
_LINKS = (
    frozenset(
        {
            "ou",
            "dit",
            "dite",
            "dits",
            "dites",
            "soit",
            "appele",
            "appelee",
            "appeles",
            "appelees",
            "appelle",
            "appellent",
            "nomme",
            "nommee",
            "designe",
            "qu'",
            "on",
            "l'on",
            "que",
            "ce",
            "souvent",
            "aussi",
            "encore",
            "egalement",
            "parfois",
            "plus",
            "simplement",
            "autrement",
            "sous",
            "nom",
            "sigle",
            "acronyme",
            "c'",
            "est",
            "est-a-dire",
            "c'est-a-dire",
            "abrege",
            "abregee",
            "de",
            "d'",
            "son",
            "sa",
            "leur",
        }
    )
    | DETERMINERS
    | CONTRACTED
)


@cache
def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2 or len(word) > 14 or not word[0].isalnum():
        return False
    capitals = sum(c.isupper() for c in letters)
    if capitals < 2 or capitals * 2 < len(letters):
        return False
    return not _ROMAN_ORDINAL.match(word)


def acronym_letters(acronym: str) -> str:
    return "".join(c for c in fold(acronym) if c.isalpha())


def _word_gives(word: str, letters: str) -> bool:
    """Whether `letters` can be read in order in `word`, starting with its first letter."""
    if not letters or not word or word[0] != letters[0]:
        return False
    position = 1
    for letter in letters[1:]:
        position = word.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def matches(letters: str, words: list[str], strict: bool = False) -> bool:
    """Whether the folded `words` spell `letters`: every content word gives at least its first letter.

    `strict`: every content word gives exactly one letter, for expansions found away from the
    acronym, where a looser match would too easily be chance. A single word never spells an acronym.
    """
    if not words or words[0] in _SKIPPABLE or words[-1] in _SKIPPABLE:
        return False
    # Articles and prepositions never give a letter; the others give at least one (exactly one when
    # `strict`), which bounds their number before any letter is compared.
    content = [w.replace("-", "") for w in words if w not in _SKIPPABLE]
    if len(content) < 2 or len(content) > len(letters) or (strict and len(content) != len(letters)):
        return False
    if strict:  # one letter per word: the initials spell the acronym
        return all(word[:1] == letter for word, letter in zip(content, letters, strict=True))

    def walk(i: int, w: int) -> bool:
        if w == len(content):
            return i == len(letters)
        word = content[w]
        return any(_word_gives(word, letters[i:j]) and walk(j, w + 1) for j in range(len(letters), i, -1))

    return walk(0, 0)


@dataclass(frozen=True)
class Expansion:
    text: str  # as written, e.g. « Direction des systèmes d'information »
    words: tuple[str, ...]  # folded words, to recognise the expansion where it stands alone
    sentence: int  # where it was found
    adjacent: bool  # given next to the acronym (a definition), not found elsewhere
    name: str = ""  # the short name when the expansion spells two acronyms in a row (« CPC EPS »)


@cache  # called on every word tried as the start of an expansion
def singular(word: str) -> str:
    """Folded word without a plural « s »/« x », to match « les assistants » with « l'assistant »."""
    return word[:-1] if len(word) > 3 and word.endswith(("s", "x")) else word


class Expansions(dict[str, Expansion]):
    """Acronym → expansion, indexed by the (singular) first word of each expansion."""

    def __init__(self) -> None:
        super().__init__()
        self._by_first: dict[str, list[tuple[str, tuple[str, ...]]]] | None = None

    def starting_with(self, word: str) -> list[tuple[str, tuple[str, ...]]]:
        """(acronym, singular words) of the expansions whose first word is `word` (folded)."""
        if self._by_first is None:
            index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
            for acronym, expansion in self.items():
                words = tuple(singular(w) for w in expansion.words)
                index.setdefault(words[0], []).append((acronym, words))
            self._by_first = index
        return self._by_first.get(singular(word), [])


def _content_window(tokens: list[Token], first: int, last: int) -> list[str]:
    return [t.fold for t in tokens[first:last] if t.is_word]


def _expansion_before(tokens: list[Token], at: int, letters: str) -> tuple[int, int] | None:
    """« X (ACR) », « X, ou ACR »: the expansion ends at the last word before the links."""
    end = at
    skipped = 0
    while end > 0 and skipped < 7 and (not tokens[end - 1].is_word or tokens[end - 1].fold in _LINKS):
        if tokens[end - 1].text in {".", "?", "!", ":", ";"}:
            return None
        end -= 1
        skipped += 1
    content = 0  # words of the window that must give a letter
    for start in range(end - 1, max(-1, end - 16), -1):
        if tokens[start].is_word and tokens[start].fold not in _SKIPPABLE:
            content += 1
            if content > len(letters):
                break  # more words than letters: `matches` fails for this window and every longer one
        if _inner_comma(tokens, start):
            continue  # an enumeration inside the name: « service de l'orientation, de l'information … »
        if not tokens[start].is_word or is_acronym(tokens[start].text):
            break
        if tokens[start].fold[:1] != letters[:1]:
            continue  # an expansion starts with the acronym's first letter: no need to look closer
        if matches(letters, _content_window(tokens, start, end)):
            return start, end
    return None


def _expansion_after(tokens: list[Token], at: int, letters: str) -> tuple[int, int] | None:
    """« ACR (X) », « ACR, X, », « ACR, c'est le X »."""
    start = at + 1
    skipped = 0
    while start < len(tokens) and skipped < 4 and (not tokens[start].is_word or tokens[start].fold in _LINKS):
        if tokens[start].text in {".", "?", "!", ":", ";"}:
            return None
        start += 1
        skipped += 1
    if start < len(tokens) and tokens[start].fold[:1] != letters[:1]:
        return None  # every candidate starts here, and an expansion starts with the acronym's first letter
    best = None
    content = 0  # words of the window that must give a letter
    for end in range(start + 1, min(len(tokens), start + 16) + 1):
        if tokens[end - 1].is_word and tokens[end - 1].fold not in _SKIPPABLE:
            content += 1
            if content > len(letters):
                break  # more words than letters: `matches` fails for this window and every longer one
        if _inner_comma(tokens, end - 1):
            continue  # an enumeration inside the name: « comité d'éducation à la santé, à la citoyenneté … »
        if not tokens[end - 1].is_word:
            break
        if matches(letters, _content_window(tokens, start, end)):
            best = (start, end)  # keep the longest: « (délégation … au numérique éducatif) »
    return best and (start, _apposition_end(tokens, best[1]))


def _apposition_end(tokens: list[Token], end: int) -> int:
    """An expansion set between punctuation runs to its end: « l'USEP, l'Union sportive de l'enseignement
    du premier degré. » (« degré » gives no letter but belongs to the name). At most two more words."""
    for k in range(end, min(len(tokens), end + 3)):
        if not tokens[k].is_word:
            return k if tokens[k].text in {",", ".", ")", "—", "–", ";"} else end
        if not tokens[k].text.islower() or finite_number(tokens[k].text) is not None:
            return end
    return len(tokens) if len(tokens) <= end + 2 else end  # the sentence ends without its stop


def _inner_comma(tokens: list[Token], k: int) -> bool:
    """A comma inside a name enumerates its complements: it is followed by a preposition (« , de l'… »,
    « , à la … »), not by an article (« Le SUIO, la scolarité, le SSE ? » lists names)."""
    return tokens[k].text == "," and k + 1 < len(tokens) and tokens[k + 1].fold in _COMPLEMENT_PREPOSITIONS


def _expansion_named(tokens: list[Token], at: int, letters: str) -> tuple[int, int] | None:
    """« X, ce que tout le monde abrège en ACR », « X, qui … et que l'on désigne sous le sigle ACR »,
    « X, désigné par … et dénommé ACR »: a clause that names what precedes it, the expansion ending
    at the comma that opens that clause."""
    naming = next((k for k in range(at - 1, max(-1, at - 5), -1) if tokens[k].fold in NAMING_WORDS), None)
    if naming is None:
        return None
    for comma in range(naming - 1, max(-1, naming - 24), -1):
        if tokens[comma].text in {".", ";", ":", "?", "!"}:
            return None
        if tokens[comma].text == ",":
            return _expansion_before(tokens, comma, letters)
    return None


_FINDERS = (_expansion_before, _expansion_after, _expansion_named)
_FINDERS_AFTER_FIRST = (_expansion_after, _expansion_before, _expansion_named)


def _adjacent_expansion(text: str, tokens: list[Token], at: int, index: int) -> Expansion | None:
    """The expansion written next to the acronym at `at`, if any.

    Two acronyms in a row (« CPC EPS ») may name one function whose expansion spells both: it is
    looked for with their letters together, and the pair becomes the short name.
    """
    token = tokens[at]
    before_paren = at > 0 and tokens[at - 1].text == "("
    after_paren = at + 1 < len(tokens) and tokens[at + 1].text == "("
    finders = _FINDERS_AFTER_FIRST if after_paren and not before_paren else _FINDERS
    candidates = [(at, acronym_letters(token.text), "")]
    nxt = tokens[at + 1] if at + 1 < len(tokens) else None
    if nxt is not None and nxt.is_word and is_acronym(nxt.text):
        letters = acronym_letters(token.text) + acronym_letters(nxt.text)
        candidates.insert(0, (at + 1, letters, f"{token.text} {nxt.text}"))
    for last_acronym, letters, name in candidates:
        for finder in finders:
            if name and finder is _expansion_after:
                continue
            hit = finder(tokens, last_acronym, letters)
            if hit:
                first, last = hit
                words = tuple(t.fold for t in tokens[first:last])
                return Expansion(span(text, tokens, first, last), words, index, True, name)
    return None


def find_expansions(sentences: list[tuple[str, list[Token]]]) -> Expansions:
    """Map each acronym of the text to its expansion, when the text gives one."""
    found = Expansions()
    acronyms: list[str] = []
    # The lower-case words written right after each acronym (« CPD numérique »), for `_expansion_elsewhere`.
    qualifiers: dict[str, set[str]] = {}
    for index, (text, tokens) in enumerate(sentences):
        for at in [k for k, t in enumerate(tokens) if t.is_word and is_acronym(t.text)]:
            token = tokens[at]
            if token.text not in acronyms:
                acronyms.append(token.text)
                qualifiers[token.text] = set()
            if at + 1 < len(tokens):
                nxt = tokens[at + 1]
                if nxt.is_word and nxt.text.islower() and len(nxt.text) > 3:
                    qualifiers[token.text].add(nxt.fold)
            if token.text in found and found[token.text].adjacent:
                continue
            expansion = _adjacent_expansion(text, tokens, at, index)
            if expansion is not None:
                found[token.text] = expansion
    missing = [a for a in acronyms if a not in found]
    if missing:
        heads = _noun_phrase_heads(sentences, {acronym_letters(acronym)[:1] for acronym in missing})
        for acronym in missing:
            elsewhere = _expansion_elsewhere(sentences, heads, acronym, qualifiers[acronym])
            if elsewhere:
                found[acronym] = elsewhere
    return found


_ARTICLES = DETERMINERS | CONTRACTED | {"d'"}
# The longest expansion found away from its acronym, in words: enough for names whose articles and
# prepositions give no letter (« délégation académique aux relations européennes et internationales
# et à la coopération »: 6 letters, 11 words).
MAX_RUN = 14


def _noun_phrase_heads(
    sentences: list[tuple[str, list[Token]]], initials: set[str]
) -> dict[str, list[tuple[int, int]]]:
    """(sentence, token) of each known noun after a determiner, by first letter: where an expansion may start.

    Only nouns starting with one of `initials` (the first letters of the acronyms still without
    expansion) are collected: no other could start their expansion, and the scan covers the whole text.
    """
    heads: dict[str, list[tuple[int, int]]] = {}
    for index, (_, tokens) in enumerate(sentences):
        # The determiner is tested first, and the next token looked at only then: this scans every
        # token of the text, and few are determiners.
        for start, before in enumerate(tokens[:-1], 1):
            if before.fold not in _ARTICLES:
                continue
            head = tokens[start].fold
            if (
                head[:1] in initials
                and (head in ACTOR_HEADS or head in NON_ACTOR_HEADS or singular(head) in ACTOR_HEADS)
            ):
                heads.setdefault(head[:1], []).append((index, start))
    return heads


def _expansion_elsewhere(
    sentences: list[tuple[str, list[Token]]],
    heads: dict[str, list[tuple[int, int]]],
    acronym: str,
    qualifiers: set[str],
) -> Expansion | None:
    """A noun phrase anywhere in the text that spells the acronym and whose head is a known noun.

    When the text also writes the acronym with a qualifier (« CPD numérique ») that follows the
    expansion closely (« conseiller pédagogique départemental au numérique »), the expansion runs up
    to that word: `qualifiers` are the words written right after the acronym.
    """
    letters = acronym_letters(acronym)
    candidates = heads.get(letters[:1], [])
    if not candidates:
        return None
    for index, start in candidates:
        text, tokens = sentences[index]
        end = _initials_end(tokens, start, letters)
        if end is not None:
            last = end
            for extra in range(end, min(len(tokens), end + 3)):
                if tokens[extra].fold in qualifiers:
                    last = extra + 1
                    break
            return Expansion(span(text, tokens, start, last), tuple(t.fold for t in tokens[start:last]), index, False)
    return None


def _initials_end(tokens: list[Token], start: int, letters: str) -> int | None:
    """The end of the shortest run of at most `MAX_RUN` words from `start` that `matches(letters, words, strict=True)`.

    One scan instead of a `matches` per candidate end: the initials of the content words must spell
    `letters`, so the first initial that differs, or a punctuation mark, rules out every longer run.
    """
    if len(letters) < 2 or tokens[start].fold in _SKIPPABLE:  # a single word never spells an acronym
        return None
    given = 0  # letters spelled so far
    for end in range(start + 1, min(len(tokens), start + MAX_RUN) + 1):
        token = tokens[end - 1]
        if not token.is_word:
            return None
        if token.fold in _SKIPPABLE:
            continue
        if token.fold.replace("-", "")[:1] != letters[given]:
            return None
        given += 1
        if given == len(letters):
            return end  # the run may not end with an article or a preposition: it ends here or never
    return None


def qualified_short_name(acronym: str, expansion: Expansion) -> str:
    """« CPD numérique » when the expansion was extended to a qualifier the text writes after the acronym."""
    letters = acronym_letters(acronym)
    words = list(expansion.words)
    for cut in range(len(words), 0, -1):
        if matches(letters, words[:cut]):
            if cut < len(words) and words[-1] not in {"de", "d'", "du", "des", "au", "aux"}:
                tail = expansion.text.split()[-1]
                return f"{acronym} {tail}"
            break
    return acronym

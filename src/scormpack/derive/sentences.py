"""Split French text into sentences.

A period, « ? », « ! » or an ellipsis ends a sentence when a space and a capital (or an opening
quote or a digit) follow, unless the period closes an abbreviation (« M. », « cf. », « p. ex. »),
an initial (« J. Dupont ») or belongs to a number (« 2.5 », which has no space anyway).
"""

from __future__ import annotations

import re

from scormpack.derive.lexicon import ABBREVIATIONS, SENTENCE_FINAL_ABBREVIATIONS, fold

# Terminal punctuation, optional closing quotes or brackets, then the space before the next sentence.
# (A character class rather than « \.\.\.|…|[.!?] »: it matches the same runs, and lets the
# regular expression engine skip quickly to the next candidate.)
_BOUNDARY = re.compile(r"[.!?…]+(?:\s*[»”\")\]])*(?=\s)")
# (A dialogue dash may open the next sentence: « Qui finance ? — C'est le département. »)
_NEXT_STARTS_SENTENCE = re.compile(r"\s+(?:[—–]\s*)?[«“\"(\[]?\s*[A-ZÀ-ÖØ-Þ0-9ŒÉÈÊ]")
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:\.[^\W\d_]+)*)\.$")


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the period at text[end - 1] closes an abbreviation or an initial."""
    match = _WORD_BEFORE.search(text[max(0, end - 30) : end])
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1:  # an initial (« J. ») or a listed one-letter abbreviation (« p. »), not « 8 h. »
        return word.isupper() or word in ABBREVIATIONS
    last = fold(word.rsplit(".", 1)[-1])
    if "." in word:  # « p.ex. », « J.-C. »
        return True
    return last in ABBREVIATIONS and last not in SENTENCE_FINAL_ABBREVIATIONS


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, stripped, in order."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end()
        if not _NEXT_STARTS_SENTENCE.match(paragraph, end):
            continue
        terminal = match.group().rstrip('»”")] \t')
        if (
            terminal.endswith(".")
            and not terminal.endswith("..")
            and _is_abbreviation(paragraph, match.start() + len(terminal))
        ):
            continue
        sentence = paragraph[start:end].strip()
        if sentence:
            sentences.append(sentence)
        start = end
    rest = paragraph[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences

"""Transcript paragraphs made into the sentences the extractor reads: hesitations and repeated
words dropped, a colon followed by a new subject split into two statements.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scormpack.derive.acronyms import Expansions
from scormpack.derive.clauses import find_clause
from scormpack.derive.entities import _Sentence
from scormpack.derive.person_names import speaker_label
from scormpack.derive.sentences import split_sentences
from scormpack.derive.tokens import Token, normalise, tokenize


def _colon_clauses(text: str, tokens: list[Token]) -> list[tuple[str, list[Token]]]:
    """« La mairie nous aide : la commune finance le car » is two statements: a colon followed by a
    clause with its own subject starts a new one. Not after a speaker label (« Claire Martin,
    proviseure : … »), whose colon the speaker tracking reads."""
    for k, token in enumerate(tokens):
        if token.text != ":" or k < 2 or k + 2 >= len(tokens):
            continue
        rest = tokens[k + 1 :]
        clause = find_clause(rest, Expansions())
        # A pronoun after the colon goes on about the same subject; a noun phrase brings in its own.
        if clause is None or clause.subject_start != 0 or clause.kind != "mention":
            continue
        if speaker_label(tokens[: k + 1], Expansions()) is not None:
            return [(text, tokens)]
        offset = rest[0].start
        head, tail = text[:offset].rstrip(), text[offset:]
        tail = tail[:1].upper() + tail[1:]
        return [(head, tokenize(head)), *_colon_clauses(tail, tokenize(tail))]
    return [(text, tokens)]


# A word said twice with a pause (« ils... ils font », « c'est, c'est », « je, je monte »): speech that
# hesitates; the first one is dropped. (Lower-case words only: « Paris, Paris » is no hesitation.)
_REPEATED = re.compile(r"\b((?:[a-zà-ÿœ]+(?:'|\s+)){0,2}[a-zà-ÿœ]+)\s*(?:\.\.\.|…|,)\s+\1(?=[\s',.…])")


# « eux, euh, ils représentent », « alors, euh... le conseil »: a hesitation, with its pause; inside
# a sentence (« reçoit euh les élèves »), with the space before it, or two spaces would be left.
_HESITATION = re.compile(r"(?:,\s*|\s+)?\b(?:euh|heu|hum|hmm)\b(?:\s*(?:\.\.\.|…))?(?=[\s,.…])", re.IGNORECASE)


def _without_repetitions(text: str) -> str:
    """Speech without its hesitations: fillers (« euh ») and words said twice (« ils... ils »)."""
    if "euh" in text or "heu" in text or "hum" in text or "hmm" in text:
        text = _HESITATION.sub("", text)
    return _REPEATED.sub(r"\1", text) if ("..." in text or "…" in text or "," in text) else text


def plain_sentences(paragraphs: Sequence[str]) -> list[_Sentence]:
    sentences = []
    for number, paragraph in enumerate(paragraphs):
        for text in split_sentences(_without_repetitions(normalise(paragraph))):
            tokens = tokenize(text)
            if any(t.text == ":" for t in tokens):
                for part, part_tokens in _colon_clauses(text, tokens):
                    sentences.append(_Sentence(part, part_tokens, number))
            else:
                sentences.append(_Sentence(text, tokens, number))
    return sentences

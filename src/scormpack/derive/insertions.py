"""Insertions between a subject and its verb: asides between commas, dashes or brackets, relative
clauses that run on past an aside of their own, and lists set in apposition."""

from __future__ import annotations

from scormpack.derive.lexicon import COORDINATIONS
from scormpack.derive.tokens import Token
from scormpack.derive.verbs import finite_number

# The longest insertion, in tokens: a relative clause or a participial phrase
# (« , désigné par le chef d'établissement parmi les personnels volontaires et dénommé X dans les textes, »).
_MAX_INSERTION = 25
_INSERTION_CLOSERS = {",": ",", "—": "—", "–": "–", "(": ")"}


def _skip_insertions(tokens: list[Token], j: int) -> list[int]:
    """Positions where the verb may start after a subject ending at `j`: right there, or after up to
    three insertions between commas, dashes or brackets (« le DRAN, et dans certains cas son adjoint,
    est … », « les infirmières — on dit aujourd'hui … — sont … »)."""
    positions = [j]
    n = len(tokens)
    for _ in range(3):
        if j >= n or tokens[j].text not in _INSERTION_CLOSERS:
            break
        closer = _INSERTION_CLOSERS[tokens[j].text]
        close = next(
            (k for k in range(j + 1, min(n, j + _MAX_INSERTION)) if tokens[k].text in {closer, ".", ";", ":"}), None
        )
        while close is not None and closer == "," and _open_relative(tokens, j + 1, close):
            # « , qui, en sa qualité de …, est seul habilité … , signe »: the relative clause runs on
            # past an insertion of its own until its verb.
            close = next(
                (k for k in range(close + 1, min(n, close + _MAX_INSERTION)) if tokens[k].text in {",", ".", ";", ":"}),
                None,
            )
            if close is not None and tokens[close].text != ",":
                close = None
        if close is None or tokens[close].text != closer:
            break
        if closer == ",":
            close = _apposed_list_end(tokens, close)
        j = close + 1
        if closer != "," and j < n and tokens[j].text == ",":  # « — centre de formation —, c'est … »
            j += 1
        positions.append(j)
    return positions


def _apposed_list_end(tokens: list[Token], close: int) -> int:
    """An insertion that lists (« les collectivités, communes, départements et régions, financent »)
    runs to the comma after its last item, the one joined by « et » or « ou »: where it ends."""
    for k in range(close + 1, min(len(tokens), close + 6)):
        token = tokens[k]
        if not token.is_word:
            return close
        if token.fold in COORDINATIONS:
            end = next((m for m in range(k + 1, min(len(tokens), k + 5)) if not tokens[m].is_word), None)
            listed = end is not None and tokens[end].text == ","
            if listed and not any(finite_number(tokens[m].text) for m in range(close + 1, end)):
                return end
            return close
    return close


_RELATIVE_PRONOUNS = frozenset({"qui", "que", "qu'", "dont", "lequel", "laquelle", "lesquels", "lesquelles"})


def _open_relative(tokens: list[Token], start: int, end: int) -> bool:
    """Whether tokens[start:end] open a relative clause that has not reached its verb yet."""
    if tokens[start].fold not in _RELATIVE_PRONOUNS:
        return False
    # A present form, or an imperfect one (« que l'on appelait autrefois … »).
    return not any(
        finite_number(tokens[k].text) is not None or tokens[k].fold.endswith(("ait", "aient"))
        for k in range(start + 1, end)
    )

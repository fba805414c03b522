"""Saving a quiz edited in the review panel: the file `scormpack quiz --write` would write, checked by
the reader `build` uses before it replaces anything."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from scormpack.atomic_write import write_atomically
from scormpack.errors import SourceError
from scormpack.model import LeftOut, Quiz, QuizPair, Resource
from scormpack.quiz import quiz_path, quiz_yaml, read_quiz_file, unique_ids


@dataclass(frozen=True)
class Problem:
    """A reason the edit cannot be saved: `field` names the pair and key (`pairs[2].role`), 1-based."""

    field: str
    message: str  # exactly as `build` would print it, `path:line: field: what is wrong`


class InvalidQuiz(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


_KINDS = {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}


def _body_problem(field: str, what: str) -> InvalidQuiz:
    # The request's body is at fault, not a file: no path or line to give.
    return InvalidQuiz([Problem(field, f"body: {field}: {what}")])


def _text(item: dict, key: str, field: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _body_problem(f"{field}.{key}", f"must be a text (not {_KINDS.get(type(value), 'that')})")
    return value


def edited_quiz(body: object, derived_pairs: dict[str, QuizPair], derived_left: list[LeftOut]) -> Quiz:
    """The quiz to write from the page's `{"pairs": [{"id"?, "actor", "role"}]}`.

    A pair keeps the derivation's confidence and evidence (as comments) when its id is one the
    derivation gave, or when its actor is an accepted left-out candidate; a new pair without id gets
    the id the reader would give it. The candidates still left out stay as commented-out pairs.
    A body of the wrong shape is refused as the body's fault (`body: pairs[2].actor: …`); what the
    values say (an empty actor, the same actor twice) is left to the reader of the written file."""
    pairs_in = body.get("pairs") if isinstance(body, dict) else None
    if not isinstance(pairs_in, list):
        raise _body_problem("pairs", "must be a list of {id, actor, role} objects")
    for number, item in enumerate(pairs_in, 1):
        if not isinstance(item, dict):
            raise _body_problem(f"pairs[{number}]", "must be an {id, actor, role} object")
    left_by_actor = {left.actor.casefold(): left for left in derived_left}
    pairs: list[QuizPair] = []
    for number, item in enumerate(pairs_in, 1):
        field = f"pairs[{number}]"
        actor, role = _text(item, "actor", field), _text(item, "role", field)
        pair_id = _text(item, "id", field).strip()
        if not pair_id:
            pair_id = unique_ids([*(p.id for p in pairs), actor])[-1]
        source = derived_pairs.get(pair_id)
        left = left_by_actor.get(" ".join(actor.split()).casefold())
        if source is not None:
            confidence, evidence = source.confidence, source.evidence
        elif left is not None:
            confidence, evidence = left.confidence, left.evidence
        else:
            confidence, evidence = None, ()
        pairs.append(QuizPair(id=pair_id, actor=actor, role=role, confidence=confidence, evidence=evidence))
    taken = {" ".join(p.actor.split()).casefold() for p in pairs}
    still_left = tuple(left for left in derived_left if left.actor.casefold() not in taken)
    return Quiz(pairs=tuple(pairs), origin="derived", left_out=still_left)


def save_quiz(resource: Resource, quiz: Quiz) -> tuple[str, list[str]]:
    """Write `<stem>.quiz.yaml`; returns its text and the reader's warnings. Raises InvalidQuiz, with
    the reader's own messages, and leaves the file as it was, when the reader refuses the text."""
    target = quiz_path(resource.source)
    text = quiz_yaml(resource, quiz)
    # Read back first under the target's own name (messages then name the file and line `build`
    # would), in a private folder; then written beside the target and renamed over it.
    with tempfile.TemporaryDirectory() as folder:
        check = Path(folder) / target.name
        check.write_text(text, encoding="utf-8", newline="\n")
        try:
            checked = read_quiz_file(check)
        except SourceError as exc:
            located = SourceError(target, exc.line, exc.field, exc.message)
            raise InvalidQuiz([Problem(exc.field or "pairs", str(located))]) from None
    write_atomically(target, text)
    return text, list(checked.warnings)

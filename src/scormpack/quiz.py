"""The quiz stage: a reviewed `<stem>.quiz.yaml` when the team wrote one, else derived from the transcript."""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from scormpack import strict_yaml
from scormpack.derive import extract_pairs
from scormpack.errors import SourceError
from scormpack.model import MAX_PAIRS, MIN_PAIRS, Quiz, QuizPair, Resource
from scormpack.source_text import DEFAULT_MAX_SOURCE_MB, decode, read_regular
from scormpack.text import plain_text, slugify

QUIZ_SUFFIX = ".quiz.yaml"
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_PAIR_KEYS = ("id", "actor", "role")


def quiz_path(source: Path) -> Path:
    return source.with_name(source.stem + QUIZ_SUFFIX)


def unique_ids(keys: list[str]) -> list[str]:
    """Make ids unique and SCORM-safe; the first keeps its key, later ones get -2, -3…"""
    seen: dict[str, int] = {}
    ids = []
    for key in keys:
        base = slugify(key, max_length=48) or "acteur"
        count = seen.get(base, 0) + 1
        seen[base] = count
        ids.append(base if count == 1 else f"{base}-{count}")
    return ids


def derive_quiz(resource: Resource) -> Quiz:
    paragraphs = resource.transcript_text or [plain_text(p) for p in resource.transcript]
    found = extract_pairs(paragraphs, plain_text(resource.description))
    warnings: list[str] = []
    if len(found) > MAX_PAIRS:
        warnings.append(f"{len(found)} actors found, only the first {MAX_PAIRS} are kept")
        found = found[:MAX_PAIRS]
    ids = unique_ids([f.key for f in found])
    pairs = tuple(QuizPair(id=i, actor=f.actor, role=f.role) for i, f in zip(ids, found, strict=True))
    if len(pairs) < MIN_PAIRS:
        warnings.append(
            f"only {len(pairs)} actor(s) found in the transcript (at least {MIN_PAIRS} needed): no quiz; "
            f"write {quiz_path(resource.source).name} to provide one"
        )
    return Quiz(pairs=pairs, origin="derived", warnings=tuple(warnings))


def quiz_for(resource: Resource) -> Quiz:
    path = quiz_path(resource.source)
    if os.path.lexists(path):  # not is_file(): a FIFO or a folder there is reported, not ignored
        return read_quiz_file(path)
    return derive_quiz(resource)


def read_quiz_file(path: Path, max_bytes: int = DEFAULT_MAX_SOURCE_MB * 1_000_000) -> Quiz:
    """Read a reviewed quiz, reporting the first problem as `path:line: field: message`."""
    try:
        raw = read_regular(path, max_bytes)
    except OSError as exc:
        raise SourceError(path, None, "file", f"cannot be read: {exc.strerror or exc}") from None
    root = strict_yaml.load(path, decode(path, raw))
    if root is None or not isinstance(root.value, dict):
        raise SourceError(path, 1, "pairs", "the file must be a mapping with a 'pairs' list (expected 'pairs:')")
    for key, node in root.value.items():
        if key != "pairs":
            raise SourceError(path, node.key_line, key, "unknown key (expected only 'pairs')")
    if "pairs" not in root.value:
        raise SourceError(path, 1, "pairs", "missing (expected a list of actor/role pairs)")
    pairs_node = root.value["pairs"]
    if pairs_node.value is None:
        return Quiz(pairs=(), origin="file")
    if not isinstance(pairs_node.value, list):
        raise SourceError(path, pairs_node.key_line, "pairs", "must be a list of pairs")
    if len(pairs_node.value) > MAX_PAIRS:
        raise SourceError(path, pairs_node.key_line, "pairs", f"at most {MAX_PAIRS} pairs")

    pairs: list[QuizPair] = []
    seen_ids: dict[str, int] = {}
    seen_actors: dict[str, int] = {}
    for index, item in enumerate(pairs_node.value, start=1):
        line = item.line
        where = f"pairs[{index}]"
        if not isinstance(item.value, dict):
            raise SourceError(path, line, where, "must be a mapping with 'actor' and 'role'")
        fields: dict[str, strict_yaml.Located] = {}
        for key, value in item.value.items():
            if key not in _PAIR_KEYS:
                raise SourceError(path, value.key_line, f"{where}.{key}", "unknown key (expected actor, role, id)")
            if isinstance(value.value, strict_yaml.NotText):
                raise SourceError(path, value.line, f"{where}.{key}", f"must be a non-empty text: {value.value}")
            if not isinstance(value.value, str) or not value.value.strip():
                raise SourceError(path, value.key_line, f"{where}.{key}", "must be a non-empty text")
            fields[key] = strict_yaml.Located(" ".join(value.value.split()), value.line, value.key_line)
        for required in ("actor", "role"):
            if required not in fields:
                raise SourceError(path, line, f"{where}.{required}", "missing (a non-empty text is required)")
        actor, role = str(fields["actor"].value), str(fields["role"].value)
        if "id" in fields:
            pair_id = str(fields["id"].value)
            if not _ID.fullmatch(pair_id):
                expected = "must be lower-case ASCII letters, digits and '-' (at most 63)"
                raise SourceError(path, fields["id"].line, f"{where}.id", expected)
        else:
            pair_id = unique_ids([*seen_ids, actor])[-1]
        if pair_id in seen_ids:
            first = seen_ids[pair_id]
            raise SourceError(path, line, f"{where}.id", f"duplicate id {pair_id!r} (first at line {first})")
        folded = actor.casefold()
        if folded in seen_actors:
            raise SourceError(path, fields["actor"].line, f"{where}.actor", f"same actor as line {seen_actors[folded]}")
        seen_ids[pair_id] = line
        seen_actors[folded] = fields["actor"].line
        pairs.append(QuizPair(id=pair_id, actor=actor, role=role))
    warnings = ()
    if 0 < len(pairs) < MIN_PAIRS:
        warnings = (f"{path.name}: {len(pairs)} pair(s), at least {MIN_PAIRS} needed: no quiz",)
    return Quiz(pairs=tuple(pairs), origin="file", warnings=warnings)


def quiz_yaml(resource: Resource, quiz: Quiz) -> str:
    """The quiz as a file for the team to review (comments say how; ids keep LMS reports stable)."""
    header = (
        f"# Quiz « Qui fait quoi ? » for {resource.source.name}\n"
        "# Derived from the transcript by scormpack; review it, edit actors and roles, delete a pair to drop it.\n"
        "# While this file exists, `scormpack build` uses it instead of the derivation.\n"
        "# Keep each `id` stable: the LMS reports answers by id.\n"
    )
    body = yaml.safe_dump(
        {"pairs": [{"id": p.id, "actor": p.actor, "role": p.role} for p in quiz.pairs]},
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return header + body

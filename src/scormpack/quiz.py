"""The quiz stage: a reviewed `<stem>.quiz.yaml` when the team wrote one, else derived from the transcript."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import yaml

from scormpack import strict_yaml
from scormpack.config import DEFAULT_MIN_CONFIDENCE, Settings
from scormpack.errors import SourceError
from scormpack.model import MAX_PAIRS, MIN_PAIRS, Evidence, LeftOut, Quiz, QuizPair, Resource, paragraphs_of
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


def _line_finder(resource: Resource):
    """A function (paragraph index, sentence) → the 1-based source line where the sentence starts.

    A paragraph may span several source lines; the sentence is looked for in them letters and digits
    only, so that markdown markers and typography do not get in the way."""
    spans = resource.transcript_text_lines
    lines: list[str] | None = None

    def squash(text: str) -> str:
        return "".join(c for c in text.casefold() if c.isalnum())

    def find(paragraph: int, sentence: str) -> int:
        nonlocal lines
        if paragraph >= len(spans):
            return resource.transcript_line
        first, last = spans[paragraph]
        if first == last:
            return first
        if lines is None:
            try:
                lines = resource.source.read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
        wanted = squash(sentence)[:40]
        squashed = [squash(line) for line in lines[first - 1 : last]]
        joined = "".join(squashed)
        at = joined.find(wanted) if wanted else -1
        if at < 0:
            return first
        for offset, part in enumerate(squashed):
            if at < len(part):
                return first + offset
            at -= len(part)
        return first

    return find


def derive_candidates(resource: Resource) -> list[dict]:
    """Every candidate pair the derivation proposes, kept or not, with confidence and evidence, as
    plain data (what the cache stores). Imports the derivation: callers that can avoid it do."""
    from scormpack.derive import derive_candidates as derive

    paragraphs = resource.transcript_text or [plain_text(p) for p in paragraphs_of(resource.transcript)]
    derivation = derive(paragraphs, plain_text(resource.description))
    line_of = _line_finder(resource)
    candidates = []
    for found in derivation.candidates:
        evidence = []
        for index in found.sentences:
            paragraph, text = derivation.sentences[index]
            evidence.append([line_of(paragraph, text), text])
        candidates.append(
            {
                "actor": found.actor,
                "role": found.role,
                "key": found.key,
                "confidence": found.confidence,
                "evidence": evidence,
                "reason": found.reason,
            }
        )
    return candidates


def _evidence(candidate: dict) -> tuple[Evidence, ...]:
    return tuple(Evidence(int(line), str(text)) for line, text in candidate["evidence"])


def select_pairs(resource: Resource, candidates: list[dict], min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Quiz:
    """The quiz the package gets from derived candidates: those kept by the rules whose confidence
    reaches `min_confidence`, at most MAX_PAIRS, and none at all when fewer than MIN_PAIRS remain.
    Everything else is `left_out`, with the reason."""
    warnings: list[str] = []
    kept: list[dict] = []
    left: list[LeftOut] = []

    def leave(candidate: dict, reason: str) -> None:
        left.append(
            LeftOut(candidate["actor"], candidate["role"], reason, candidate["confidence"], _evidence(candidate))
        )

    for candidate in candidates:
        confidence = candidate["confidence"]
        if candidate["reason"]:
            leave(candidate, f"confidence {confidence:.2f}: {candidate['reason']}")
        elif confidence < min_confidence:
            leave(candidate, f"confidence {confidence:.2f} is under the threshold {min_confidence:g}")
        else:
            kept.append(candidate)
    if len(kept) > MAX_PAIRS:
        warnings.append(f"{len(kept)} actors found, only the first {MAX_PAIRS} are kept")
        for candidate in kept[MAX_PAIRS:]:
            leave(candidate, f"beyond the {MAX_PAIRS} pairs a quiz can hold")
        kept = kept[:MAX_PAIRS]
    if len(kept) < MIN_PAIRS:
        warnings.append(
            f"only {len(kept)} actor(s) found in the transcript (at least {MIN_PAIRS} needed): no quiz; "
            f"write {quiz_path(resource.source).name} to provide one"
        )
        reason = f"only {len(kept)} actor(s) kept (at least {MIN_PAIRS} needed): no quiz"
        left[:0] = [
            LeftOut(c["actor"], c["role"], reason, c["confidence"], _evidence(c)) for c in kept
        ]
        kept = []
    ids = unique_ids([c["key"] for c in kept])
    pairs = tuple(
        QuizPair(id=i, actor=c["actor"], role=c["role"], confidence=c["confidence"], evidence=_evidence(c))
        for i, c in zip(ids, kept, strict=True)
    )
    return Quiz(pairs=pairs, origin="derived", warnings=tuple(warnings), left_out=tuple(left))


def derive_quiz(
    resource: Resource, min_confidence: float = DEFAULT_MIN_CONFIDENCE, cache_dir: Path | None = None
) -> Quiz:
    """The derived quiz; with `cache_dir` (the output folder), a derivation made from the same inputs
    is reused and a new one is stored."""
    key = None
    candidates = None
    if cache_dir is not None:
        from scormpack import quiz_cache

        key = quiz_cache.cache_key(resource)
        candidates = quiz_cache.load(cache_dir, resource, key)
    if candidates is None:
        try:
            candidates = derive_candidates(resource)
        except Exception as exc:  # a defect of the rules must not cost the lesson
            # The lesson is still right without its quiz; the team is told, and can write the quiz.
            quiz = select_pairs(resource, [], min_confidence)
            defect = (
                f"the derivation failed ({type(exc).__name__}), please report it; "
                f"write {quiz_path(resource.source).name} to provide a quiz"
            )
            return replace(quiz, warnings=(defect, *quiz.warnings[1:]))
        if cache_dir is not None:
            quiz_cache.save(cache_dir, resource, key, candidates)
    return select_pairs(resource, candidates, min_confidence)


def quiz_for(resource: Resource, settings: Settings | None = None, cache: bool = False) -> Quiz:
    """The reviewed quiz file when there is one (the derivation is then never imported), else the
    derived quiz; `cache` keeps derivations in the settings' output folder."""
    path = quiz_path(resource.source)
    if os.path.lexists(path):  # not is_file(): a FIFO or a folder there is reported, not ignored
        return read_quiz_file(path)
    min_confidence = settings.quiz_min_confidence if settings else DEFAULT_MIN_CONFIDENCE
    cache_dir = settings.output_dir if (settings and cache) else None
    return derive_quiz(resource, min_confidence, cache_dir)


def _evidence_json(evidence: tuple[Evidence, ...]) -> list[dict]:
    return [{"line": e.line, "text": e.text} for e in evidence]


def report(resource: Resource, quiz: Quiz) -> dict:
    """`quiz` as the review report: `pairs` exactly as the package gets them (none without a quiz)."""
    left = [{"actor": p.actor, "role": p.role, "reason": p.reason} for p in quiz.left_out]
    pairs = quiz.pairs
    if not quiz.playable and pairs:  # a reviewed file with too few pairs
        reason = f"only {len(pairs)} pair(s) (at least {MIN_PAIRS} needed): no quiz"
        left = [{"actor": p.actor, "role": p.role, "reason": reason} for p in pairs] + left
        pairs = ()
    return {
        "resource": resource.source.stem,
        "pairs": [
            {
                "id": p.id,
                "actor": p.actor,
                "role": p.role,
                "confidence": p.confidence,
                "evidence": _evidence_json(p.evidence),
            }
            for p in pairs
        ],
        "left_out": left,
    }


def quiz_report(resource: Resource, settings: Settings | None = None) -> dict:
    """`{"resource": stem, "pairs": [...], "left_out": [{"actor", "role", "reason"}]}` for one resource.

    `pairs` is exactly what `scormpack build` puts in the package (`[]` when there is no quiz), each
    `{"id", "actor", "role", "confidence", "evidence": [{"line", "text"}]}`. A derived pair's evidence
    is the sentences presenting the actor and stating its role, with their lines in the .md; a
    reviewed pair (from `<stem>.quiz.yaml`) has confidence null and, as evidence, its line in that file.
    """
    return report(resource, quiz_for(resource, settings))


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
        return Quiz(pairs=(), origin="file", warnings=(_too_few_pairs(path, pairs_node.key_line, 0),))
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
        evidence = (Evidence(line, f"reviewed pair in {path.name}"),)
        pairs.append(QuizPair(id=pair_id, actor=actor, role=role, evidence=evidence))
    warnings = ()
    if len(pairs) < MIN_PAIRS:
        warnings = (_too_few_pairs(path, pairs_node.key_line, len(pairs)),)
    return Quiz(pairs=tuple(pairs), origin="file", warnings=warnings)


def _too_few_pairs(path: Path, line: int, count: int) -> str:
    """The warning of a reviewed file that leaves the lesson without quiz.

    Said for an empty list too, `pairs: []` as well as `pairs:`: the reader cannot tell a deliberate
    « no quiz » from the last pair deleted by mistake (the preview writes the same file either way),
    and the consequence, every viewer graded 100, must not go unseen. A warning does not stop the
    build, so the deliberate case still gets its lesson."""
    counted = "no pair" if count == 0 else f"{count} pair(s), at least {MIN_PAIRS} needed"
    return (
        f"{path.name}:{line}: pairs: {counted}: no quiz, the lesson is completed with a score of 100 by "
        f"every viewer (list at least {MIN_PAIRS} pairs, or delete the file to use the derived quiz)"
    )


def _comment_lines(confidence: float | None, evidence: tuple[Evidence, ...], reason: str | None = None) -> list[str]:
    lines = []
    if reason is not None:
        lines.append(f"left out: {reason}")
    elif confidence is not None:
        lines.append(f"confidence {confidence:.2f}")
    lines.extend(f"line {e.line}: {' '.join(e.text.split())}" for e in evidence)
    return lines


def _item_yaml(fields: dict) -> list[str]:
    """One pair as the lines of a YAML list item, indented under `pairs:`."""
    text = yaml.safe_dump([fields], allow_unicode=True, sort_keys=False, width=100)
    return ["  " + line for line in text.splitlines()]


def quiz_yaml(resource: Resource, quiz: Quiz) -> str:
    """The quiz as a file for the team to review (comments say how; ids keep LMS reports stable).

    Above each pair, as comments, its confidence and the source lines it comes from; after the pairs,
    the candidates left out, as commented-out pairs a reviewer can restore by uncommenting them."""
    header = (
        f"# Quiz « Qui fait quoi ? » for {resource.source.name}\n"
        "# Derived from the transcript by scormpack; review it, edit actors and roles, delete a pair to drop it.\n"
        "# While this file exists, `scormpack build` uses it instead of the derivation.\n"
        "# Keep each `id` stable: the LMS reports answers by id.\n"
    )
    lines = ["pairs:"]
    for pair in quiz.pairs:
        if quiz.origin == "derived":
            lines.extend("  # " + c for c in _comment_lines(pair.confidence, pair.evidence))
        lines.extend(_item_yaml({"id": pair.id, "actor": pair.actor, "role": pair.role}))
    if quiz.left_out:
        lines.append("  # Left out by the derivation; uncomment a pair (the lines after '# ') to put it in the quiz.")
        ids = unique_ids([p.id for p in quiz.pairs] + [p.actor for p in quiz.left_out])[len(quiz.pairs) :]
        for pair_id, left in zip(ids, quiz.left_out, strict=True):
            lines.extend("  # " + c for c in _comment_lines(left.confidence, left.evidence, left.reason))
            item = _item_yaml({"id": pair_id, "actor": left.actor, "role": left.role})
            lines.extend("  # " + line[2:] for line in item)
    return header + "\n".join(lines) + "\n"

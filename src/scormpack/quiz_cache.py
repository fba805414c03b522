"""Derived quizzes kept beside the incremental state, keyed by what the derivation reads.

The key is a hash of the transcript as the quiz reads it, its source lines (the evidence points at
them), the description and the derivation's version — the version constant *and* the bytes of the
derivation's own modules, so that a development checkout that changes a rule is never served an old
result. Templates and settings are not in the key: changing them re-renders packages from the cached
derivation. One file per resource (its slug), so the cache never holds more than the catalogue.

Reading the cache never imports the derivation: a build where every quiz is cached or reviewed
does not pay for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from scormpack.atomic_write import write_atomically
from scormpack.model import Resource

CACHE_DIR = ".scormpack-quiz-cache"
# Bump when what is stored changes shape or meaning.
DERIVATION_VERSION = 1


@lru_cache(maxsize=1)
def derivation_fingerprint() -> str:
    """The version plus the derivation's source files (read as bytes, not imported)."""
    digest = hashlib.sha256(f"derivation {DERIVATION_VERSION}\0".encode())
    here = Path(__file__).parent
    for path in sorted([*(here / "derive").glob("*.py"), here / "quiz.py"]):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(resource: Resource) -> str:
    digest = hashlib.sha256(derivation_fingerprint().encode() + b"\0")
    payload = json.dumps(
        [list(resource.transcript_text), [list(pair) for pair in resource.transcript_text_lines], resource.description],
        ensure_ascii=False,
    )
    digest.update(payload.encode())
    return digest.hexdigest()


def cache_path(folder: Path, resource: Resource) -> Path:
    return folder / CACHE_DIR / f"{resource.slug}.json"


def load(folder: Path, resource: Resource, key: str) -> list[dict] | None:
    """The cached candidates of `resource` if they were derived from `key`, else None (a missing or
    unreadable entry only costs a derivation)."""
    try:
        document = json.loads(cache_path(folder, resource).read_bytes())
        if document.get("key") != key or not isinstance(document.get("candidates"), list):
            return None
        return document["candidates"]
    except (OSError, ValueError, AttributeError):
        return None


def save(folder: Path, resource: Resource, key: str, candidates: list[dict]) -> None:
    """Write the entry atomically; a failure to write only means deriving again next time."""
    path = cache_path(folder, resource)
    with contextlib.suppress(OSError):
        document = {"key": key, "candidates": candidates}
        write_atomically(path, json.dumps(document, ensure_ascii=False, separators=(",", ":")), parents=True)

"""h5p.json: title, language, main library, the libraries placed in the content, licence and authors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scormpack.h5p.content import LICENSE
from scormpack.h5p.html import plain
from scormpack.h5p.profiles import COLUMN, Profile
from scormpack.model import Credit, Resource
from scormpack.text import ascii_fold, plain_text

# The core's length patterns count bytes (PHP regex without the u flag).
MAX_BYTES = 255
H5P_ROLES = ("Author", "Editor", "Licensee", "Originator")


def h5p_json(
    resource: Resource, content: dict[str, Any], profile: Profile, language: str, strings: dict[str, Any]
) -> dict[str, Any]:
    # Only the libraries the content names: each site resolves their own dependencies, whose
    # versions change between patch builds (listing a version the site lacks fails the upload).
    used = [COLUMN, *(name for name in libraries_in(content) if name != COLUMN)]
    meta: dict[str, Any] = {
        "title": truncate_bytes(plain(plain_text(resource.title))),
        "language": language,
        "defaultLanguage": language,
        "mainLibrary": COLUMN,
        "embedTypes": ["iframe"],
        "license": LICENSE,
    }
    authors = h5p_authors(resource.credits, strings.get("authors", {}))
    if authors:
        meta["authors"] = authors
    meta["preloadedDependencies"] = [profile.dependency(name) for name in dict.fromkeys(used)]
    return meta


def libraries_in(value: Any) -> Iterator[str]:
    """Machine names of the `library` values in content params, depth first, in document order."""
    if isinstance(value, dict):
        library = value.get("library")
        if isinstance(library, str) and isinstance(value.get("params"), dict):
            yield library.split(" ", 1)[0]
        children: Any = value.values()
    else:
        children = value
    for child in children:
        if isinstance(child, dict | list):
            yield from libraries_in(child)


def h5p_authors(credits: tuple[Credit, ...], prefixes: dict[str, list[str]]) -> list[dict[str, str]]:
    """Credits whose role maps to an H5P author role, one entry per (name, role)."""
    authors: dict[tuple[str, str], None] = {}
    for credit in credits:
        role = _h5p_role(credit.role, prefixes)
        if role is None:
            continue
        for name in credit.names:
            name = truncate_bytes(plain(name))
            if name:
                authors.setdefault((name, role), None)
    return [{"name": name, "role": role} for name, role in authors]


def _h5p_role(credit_role: str, prefixes: dict[str, list[str]]) -> str | None:
    key = ascii_fold(credit_role).lower().strip()
    for role, starts in prefixes.items():
        if role in H5P_ROLES and any(key.startswith(start) for start in starts):
            return role
    return None


def truncate_bytes(text: str, limit: int = MAX_BYTES) -> str:
    """At most `limit` UTF-8 bytes, cut at a character boundary (and ending with … when cut)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    cut = data[: limit - len("…".encode())].decode("utf-8", "ignore").rstrip()
    return cut + "…"


def dumps(value: Any) -> bytes:
    """Deterministic JSON: the builders' key order, compact, UTF-8 characters kept as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

"""Incremental builds: skip a package whose inputs have not changed since it was last written.

A package is identified by its resource's slug and its format. Its *key* is a content hash of
everything that decides its bytes:

- the source file's bytes and name (the name gives the slug, hence the identifiers);
- the reviewed quiz file's bytes, when there is one (``<stem>.quiz.yaml``);
- the settings that shape packages (``Settings.fingerprint()``, minus the list of formats, so that
  adding a format does not rebuild the others);
- every file of the templates and schemas folders;
- the tool: ``scormpack.__version__`` *and* a hash of its own source files, because a development
  checkout changes code without bumping the version;
- the format's name.

Content hashes, not mtimes: a CI checkout or a cache restore touches every mtime, and an mtime can
stay put while the bytes change (``git checkout`` of an older commit within the same second).

The state is one small JSON file in the output folder, written atomically. Keeping it there (and not
beside the sources) means that restoring ``dist/`` from a CI cache restores the knowledge of what
is in it. An entry only ever claims a package that was written by a successful build: entries of
packages about to be rebuilt are dropped (and the file saved) *before* building, so an interrupted
or failed build cannot leave a stale claim behind.

Upgrading a dependency (jinja2, lxml, …) is not detected: use ``--force`` after such an upgrade.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

import scormpack
from scormpack import data
from scormpack.atomic_write import write_atomically
from scormpack.config import Settings
from scormpack.errors import OutputError as StateError

STATE_NAME = ".scormpack-state.json"
# Bump when the key recipe or the file layout changes: every package is then rebuilt once.
STATE_VERSION = 2
# Same rule as `scormpack.quiz.quiz_path`, repeated here so that the no-change path does not import
# the quiz stage (yaml, the derivation); a test keeps the two in step.
QUIZ_SUFFIX = ".quiz.yaml"


def quiz_file(source: Path) -> Path:
    return source.with_name(source.stem + QUIZ_SUFFIX)


def _hash_tree(digest: hashlib._Hash, root: Path, pattern: str = "*") -> None:
    """Feed every file under `root` (relative name, then bytes) into `digest`, in a stable order."""
    digest.update(f"tree {root.name}\0".encode())
    if not root.is_dir():
        digest.update(b"missing\0")
        return
    for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if "__pycache__" in relative:
            continue
        digest.update(relative.encode() + b"\0")
        content = path.read_bytes()
        digest.update(len(content).to_bytes(8, "big"))
        digest.update(content)


def tool_fingerprint() -> str:
    """The version plus the package's own code (read at call time so tests can patch the version)."""
    digest = hashlib.sha256(f"scormpack {scormpack.__version__}\0".encode())
    _hash_tree(digest, Path(scormpack.__file__).parent, "*.py")
    return digest.hexdigest()


def data_fingerprint() -> str:
    """Templates (lesson HTML, assets, UI strings) and schemas; reading the files directly, so that a
    no-change run never imports jinja2."""
    digest = hashlib.sha256()
    _hash_tree(digest, data.templates_dir())
    _hash_tree(digest, data.schemas_dir())
    return digest.hexdigest()


def run_fingerprint(settings: Settings) -> str:
    """Everything a package's key shares with the others in a run; computed once per run."""
    # The formats list is left out: each package's key names its own format instead.
    shaping = replace(settings, formats=()).fingerprint()
    digest = hashlib.sha256(f"scormpack-state {STATE_VERSION}\0".encode())
    for part in (shaping, data_fingerprint(), tool_fingerprint()):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class SourceDigest:
    """What of one resource's files goes into its packages' keys."""

    name: str
    source_sha: str
    quiz_sha: str | None


def _sha256_of(path: Path, max_bytes: int | None = None) -> str:
    """The file's hash; OSError when it is not a regular file (a FIFO or a device would block the
    open or never end) or is larger than `max_bytes`: the build then reports it in its own words."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path}: not a regular file")
        if max_bytes is not None and info.st_size > max_bytes:
            raise OSError(f"{path}: larger than the size limit")
        return hashlib.sha256(handle.read()).hexdigest()


def digest_source(
    source: Path, siblings: frozenset[str] | None = None, max_bytes: int | None = None
) -> SourceDigest:
    """Hash the source and its quiz file; OSError propagates (the build then reports it).

    `siblings`, the names in the source's folder when the caller listed it, saves trying to open
    a quiz file that is not there (most resources have none). A file over `max_bytes` is not read
    at all: the build refuses it anyway."""
    source_sha = _sha256_of(source, max_bytes)
    quiz_sha: str | None = None
    quiz = quiz_file(source)
    if siblings is None or quiz.name in siblings:
        with contextlib.suppress(FileNotFoundError):
            quiz_sha = _sha256_of(quiz, max_bytes)
    return SourceDigest(name=source.name, source_sha=source_sha, quiz_sha=quiz_sha)


def package_key(run_fp: str, fmt: str, source: SourceDigest) -> str:
    parts = (run_fp, fmt, source.name, source.source_sha, source.quiz_sha or "no-quiz-file")
    # surrogateescape: a file name that is not valid UTF-8 (or read under a C locale) hashes as its bytes.
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def entry_id(slug: str, fmt: str) -> str:
    return f"{slug}/{fmt}"


class Entry(NamedTuple):
    """One package as last written: enough to skip it and to report it as the build did.

    (A named tuple: thousands are loaded on every run, and it is the cheapest record to build.)"""

    key: str
    output: str  # file name inside the output folder
    size: int
    quiz_pairs: int = 0
    warnings: tuple[str, ...] = ()
    # The source's path relative to the output folder, and the resource's identity (the SCORM
    # identifiers): what tells a renamed source (see `scormpack.renames`). Empty in older states.
    source: str = ""
    identity: str = ""
    sha256: str = ""  # of the package as written: a file damaged in place keeps its size, not its hash


class State:
    """The packages of one output folder and the keys they were built from."""

    def __init__(self, output_dir: Path, entries: dict[str, Entry] | None = None) -> None:
        self.output_dir = output_dir
        self.path = output_dir / STATE_NAME
        self.entries: dict[str, Entry] = entries or {}
        self.dirty = False

    @classmethod
    def load(cls, output_dir: Path) -> State:
        """The saved state, or an empty one if it is missing, unreadable or from another layout
        (an unusable state only costs a full rebuild, never a wrong skip)."""
        path = output_dir / STATE_NAME
        try:
            raw = json.loads(path.read_bytes())
            if raw.get("version") != STATE_VERSION:
                return cls(output_dir)
            # Values are not type-checked one by one: a wrong type can only fail a comparison in
            # `fresh`, which means a rebuild, never a wrong skip.
            entries = {
                name: Entry(
                    e["key"], e["output"], e["size"], e.get("quiz_pairs", 0), tuple(e.get("warnings", ())),
                    e.get("source", ""), e.get("identity", ""), e["sha256"],
                )
                for name, e in raw["packages"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return cls(output_dir)
        return cls(output_dir, entries)

    def check_writable(self) -> None:
        """Refuse, before anything is built, a state path that could never be saved."""
        if self.path.is_dir():
            raise StateError(self.path, "is a folder (expected the build state file; remove it)")

    def fresh(self, name: str, key: str) -> Entry | None:
        """The entry if the package was built from `key` and its file is still there, same bytes.

        The size is compared first (cheap, and enough for a deleted or truncated file), then the
        hash: a byte flipped in place keeps the size. Packages are small, so hashing them all on a
        no-change run costs little next to trusting a damaged one."""
        entry = self.entries.get(name)
        if entry is None or entry.key != key:
            return None
        try:
            path = os.path.join(self.output_dir, entry.output)
            if os.stat(path).st_size != entry.size or _sha256_of(Path(path)) != entry.sha256:
                return None
        except (OSError, TypeError):
            return None
        return entry

    def forget(self, names: Iterable[str]) -> None:
        for name in names:
            if self.entries.pop(name, None) is not None:
                self.dirty = True

    def record(self, name: str, entry: Entry) -> None:
        if self.entries.get(name) != entry:
            self.entries[name] = entry
            self.dirty = True

    def save(self) -> None:
        """Write the state atomically (temporary file + rename), and only if it changed."""
        if not self.dirty:
            return
        document = {
            "version": STATE_VERSION,
            "tool": scormpack.__version__,
            "packages": {
                name: {
                    "key": e.key,
                    "output": e.output,
                    "size": e.size,
                    "quiz_pairs": e.quiz_pairs,
                    "warnings": list(e.warnings),
                    "source": e.source,
                    "identity": e.identity,
                    "sha256": e.sha256,
                }
                for name, e in sorted(self.entries.items())
            },
        }
        try:
            write_atomically(self.path, json.dumps(document, ensure_ascii=False, separators=(",", ":")), parents=True)
        except OSError as exc:
            raise StateError(self.path, f"cannot be written: {exc.strerror or exc}") from None
        self.dirty = False

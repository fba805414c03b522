"""The catalogue the preview serves: each resource's build (with the code and incremental state of
`scormpack build`, in the preview's own folder), its quiz review report, and its transcript.

What the catalogue reads of a resource (title, area, the quiz report) is kept in the preview folder
under the resource's package key, the content hash the incremental state uses: a restart on an
unchanged catalogue neither parses the sources again nor derives their quizzes. The resource itself
(its transcript) is read when a page asks for it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from scormpack.atomic_write import write_atomically
from scormpack.build import discover, iter_build
from scormpack.config import Settings, load_settings
from scormpack.errors import ScormpackError
from scormpack.incremental import digest_source, package_key, run_fingerprint
from scormpack.model import Evidence, LeftOut, Quiz, QuizPair, Resource
from scormpack.text import slugify

# A packaged pair whose confidence is under this passed the threshold by a small margin: the
# catalogue counts it as low-confidence, worth a closer look.
LOW_CONFIDENCE = 0.7
PREVIEW_FOLDER = ".scormpack-preview"
DESCRIBED_FILE = "described.json"


@dataclass
class Entry:
    """One resource as the catalogue shows it."""

    slug: str
    source: Path
    title: str = ""
    area: str = ""
    # None when built (or unchanged); else the error exactly as `build` prints it.
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    package: Path | None = None
    # `scormpack quiz --format json`'s report (None when the resource or its quiz file cannot be read).
    report: dict | None = None
    origin: str = "derived"  # of the quiz: "derived" or "file" (a reviewed .quiz.yaml)
    # The derivation's pairs (by id) and left-out candidates, with confidence and evidence, so that a
    # reviewed quiz still shows where each pair came from: {"pairs": {id: {...}}, "left_out": [...]}.
    derived: dict | None = None
    key: str | None = None  # the package key the above was read under
    resource: Resource | None = None  # read on demand

    def summary(self) -> dict:
        report = self.report or {"pairs": [], "left_out": []}
        pairs = report["pairs"]
        low = [p for p in pairs if p["confidence"] is not None and p["confidence"] < LOW_CONFIDENCE]
        return {
            "slug": self.slug,
            "source": str(self.source),
            "title": self.title,
            "area": self.area,
            "status": "error" if self.error else "built",
            "error": f"error: {self.error}" if self.error else None,
            "warnings": [f"warning: {w}" for w in self.warnings],
            "quiz": {
                "pairs": len(pairs),
                "low_confidence": len(low),
                "left_out": len(report["left_out"]),
                "reviewed_file": self.origin == "file",
            },
        }

    def described(self) -> dict:
        return {"title": self.title, "area": self.area, "report": self.report, "origin": self.origin,
                "derived": self.derived}

    def derived_pairs(self) -> dict[str, QuizPair]:
        pairs = (self.derived or {}).get("pairs", {})
        return {
            pair_id: QuizPair(pair_id, p["actor"], p["role"], p["confidence"], _evidence(p["evidence"]))
            for pair_id, p in pairs.items()
        }

    def derived_left_out(self) -> list[LeftOut]:
        return [
            LeftOut(c["actor"], c["role"], c["reason"], c["confidence"], _evidence(c["evidence"]))
            for c in (self.derived or {}).get("left_out", [])
        ]


def _evidence(items: list[dict]) -> tuple[Evidence, ...]:
    return tuple(Evidence(int(e["line"]), str(e["text"])) for e in items)


def _evidence_json(evidence: tuple[Evidence, ...]) -> list[dict]:
    return [{"line": e.line, "text": e.text} for e in evidence]


def _derived_json(quiz: Quiz) -> dict:
    return {
        "pairs": {
            p.id: {"actor": p.actor, "role": p.role, "confidence": p.confidence, "evidence": _evidence_json(p.evidence)}
            for p in quiz.pairs
        },
        "left_out": [
            {"actor": c.actor, "role": c.role, "reason": c.reason, "confidence": c.confidence,
             "evidence": _evidence_json(c.evidence)}
            for c in quiz.left_out
        ],
    }


def preview_settings(paths: tuple[Path, ...], fmt: str, folder: Path | None = None) -> Settings:
    """The sources' settings, with the packages going to the private preview folder."""
    settings = load_settings(paths[0] if paths else Path.cwd())
    if folder is None:
        base = settings.origin.parent if settings.origin else Path.cwd()
        folder = base / PREVIEW_FOLDER
    return replace(settings, output_dir=folder / fmt, formats=(fmt,))


class Catalogue:
    """The entries, rebuilt on demand; safe to read from the server's threads while a rebuild runs."""

    def __init__(self, paths: tuple[Path, ...], fmt: str, folder: Path | None = None) -> None:
        self.paths = paths
        self.fmt = fmt
        self.settings = preview_settings(paths, fmt, folder)
        self.folder = self.settings.output_dir.parent
        self.settings_error: str | None = None
        self._entries: dict[str, Entry] = {}
        self._lock = threading.RLock()
        # Bumped at each rebuild: pages compare it to know whether to reload.
        self.version = 0

    def entries(self) -> list[Entry]:
        with self._lock:
            return list(self._entries.values())

    def get(self, slug: str) -> Entry | None:
        with self._lock:
            return self._entries.get(slug)

    def resource(self, entry: Entry) -> Resource | None:
        """The entry's resource, read once (None when it cannot be read: the build error says why)."""
        from scormpack.reader import read_resource

        with self._lock:
            if entry.resource is None:
                try:
                    entry.resource = read_resource(entry.source, self.settings.video_hosts)
                except (ScormpackError, OSError):
                    return None
            return entry.resource

    def rebuild(self, jobs: int | None = 1) -> list[str]:
        """Build what changed (the incremental state decides); returns the slugs whose entry changed.

        `jobs`: worker processes; 1 once the server runs, since forking a process that has threads
        may copy a lock another thread holds."""
        with self._lock:
            try:
                self.settings = preview_settings(self.paths, self.fmt, self.folder)
                self.settings_error = None
            except ScormpackError as exc:
                # Keep the last good settings: the catalogue still shows, with the error on top.
                self.settings_error = f"error: {exc}"
            settings = self.settings
            sources = discover(self.paths)
            run_fp = run_fingerprint(settings)
            known = self._load_described()
            entries: dict[str, Entry] = {}
            changed: list[str] = []
            for result in iter_build(sources, settings, jobs=jobs):
                slug = slugify(result.source.stem)
                if slug in entries:
                    slug = f"{slug}-{len(entries)}"  # a clash, which the result itself reports
                entry = Entry(slug=slug, source=result.source, error=result.error, warnings=list(result.warnings))
                written = [*result.outputs, *result.unchanged]
                entry.package = written[0] if written else None
                try:
                    entry.key = package_key(run_fp, self.fmt, digest_source(result.source))
                except OSError:
                    entry.key = None
                old = self._entries.get(slug)
                if entry.key is not None and old is not None and old.key == entry.key:
                    entry.resource = old.resource
                    self._apply(entry, old.described())
                elif entry.key is not None and entry.key in known:
                    self._apply(entry, known[entry.key])
                else:
                    self._describe(entry, settings)
                if old is None or old.summary() != entry.summary() or result.outputs or old.report != entry.report:
                    changed.append(slug)
                entries[slug] = entry
            changed.extend(s for s in self._entries if s not in entries)
            self._entries = entries
            self._save_described()
            self.version += 1
            return changed

    @staticmethod
    def _apply(entry: Entry, described: dict) -> None:
        entry.title, entry.area = described["title"], described["area"]
        entry.report, entry.origin, entry.derived = described["report"], described["origin"], described["derived"]

    def _describe(self, entry: Entry, settings: Settings) -> None:
        from scormpack.quiz import derive_quiz, quiz_for, report

        resource = self.resource(entry)
        if resource is None:
            entry.title = entry.source.stem
            return
        entry.title, entry.area = resource.title, resource.area
        try:
            quiz = quiz_for(resource, settings, cache=True)
            derived = quiz if quiz.origin == "derived" else derive_quiz(
                resource, settings.quiz_min_confidence, settings.output_dir
            )
        except ScormpackError:
            entry.key = None  # a bad .quiz.yaml: the build error says so; nothing worth keeping
            return
        entry.origin = quiz.origin
        entry.report = report(resource, quiz)
        entry.derived = _derived_json(derived)

    def _load_described(self) -> dict[str, dict]:
        try:
            data = json.loads((self.folder / DESCRIBED_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save_described(self) -> None:
        data = {e.key: e.described() for e in self._entries.values() if e.key and e.report is not None}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        write_atomically(self.folder / DESCRIBED_FILE, text, parents=True)

"""The catalogue the preview serves: each resource's build (with the code and incremental state of
`scormpack build`, in the preview's own folder), its quiz review report, and its transcript."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from scormpack.build import discover, iter_build
from scormpack.config import Settings, load_settings
from scormpack.errors import ScormpackError
from scormpack.model import Resource
from scormpack.text import slugify

# A packaged pair whose confidence is under this passed the threshold by a small margin: the
# catalogue counts it as low-confidence, worth a closer look.
LOW_CONFIDENCE = 0.7
PREVIEW_FOLDER = ".scormpack-preview"


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
    report: dict | None = None
    origin: str = "derived"  # of the quiz: "derived" or "file" (a reviewed .quiz.yaml)
    resource: Resource | None = None
    # Evidence and confidence of the derivation's pairs and left-out candidates, by id and by actor,
    # so that a reviewed quiz still shows where each pair came from.
    derived: dict | None = None

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
        self.folder = folder
        self.settings = preview_settings(paths, fmt, folder)
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

    def rebuild(self) -> list[str]:
        """Build what changed (the incremental state decides); returns the slugs whose entry changed."""
        with self._lock:
            try:
                self.settings = preview_settings(self.paths, self.fmt, self.folder)
                self.settings_error = None
            except ScormpackError as exc:
                # Keep the last good settings: the catalogue still shows, with the error on top.
                self.settings_error = f"error: {exc}"
            settings = self.settings
            sources = discover(self.paths)
            entries: dict[str, Entry] = {}
            changed: list[str] = []
            for result in iter_build(sources, settings, jobs=1):
                slug = slugify(result.source.stem)
                if slug in entries:
                    slug = f"{slug}-{len(entries)}"  # a clash, which the result itself reports
                entry = Entry(slug=slug, source=result.source, error=result.error, warnings=list(result.warnings))
                written = [*result.outputs, *result.unchanged]
                entry.package = written[0] if written else None
                old = self._entries.get(slug)
                if result.unchanged and not result.outputs and old is not None and old.resource is not None:
                    # The incremental state vouches that the source, its quiz file and the settings
                    # hash as before: what was read from them still holds.
                    entry.title, entry.area, entry.resource = old.title, old.area, old.resource
                    entry.report, entry.origin, entry.derived = old.report, old.origin, old.derived
                else:
                    self._describe(entry, settings)
                if old is None or old.summary() != entry.summary() or result.outputs or old.report != entry.report:
                    changed.append(slug)
                entries[slug] = entry
            changed.extend(s for s in self._entries if s not in entries)
            self._entries = entries
            self.version += 1
            return changed

    def _describe(self, entry: Entry, settings: Settings) -> None:
        from scormpack.quiz import derive_quiz, quiz_for, report
        from scormpack.reader import read_resource

        try:
            resource = read_resource(entry.source, settings.video_hosts)
        except (ScormpackError, OSError):
            entry.title = entry.source.stem
            return
        entry.resource = resource
        entry.title, entry.area = resource.title, resource.area
        try:
            quiz = quiz_for(resource, settings, cache=True)
            derived = quiz if quiz.origin == "derived" else derive_quiz(
                resource, settings.quiz_min_confidence, settings.output_dir
            )
        except ScormpackError:
            return  # a bad .quiz.yaml: the build error says so
        entry.origin = quiz.origin
        entry.report = report(resource, quiz)
        entry.derived = {
            "pairs": {p.id: p for p in derived.pairs},
            "left_out": list(derived.left_out),
        }

"""The build command, read as the pipeline: read → derive → render → package → validate → write."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from scormpack.config import Settings
from scormpack.errors import PackageInvalid, ScormpackError
from scormpack.exporters import exporter_for
from scormpack.package import zip_bytes_to
from scormpack.quiz import quiz_for
from scormpack.reader import read_resource
from scormpack.text import slugify


@dataclass
class BuildResult:
    source: Path
    outputs: list[Path] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    quiz_pairs: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


def discover(paths: Iterable[Path]) -> list[Path]:
    """Markdown resources named on the command line, folders searched recursively, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.md") if p.is_file()))
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return list(unique)


def build_one(source: Path, settings: Settings) -> BuildResult:
    """Build every format of one resource; nothing is written unless all of them validate."""
    result = BuildResult(source=source)
    try:
        resource = read_resource(source, settings.video_hosts)
        quiz = quiz_for(resource)
        result.warnings.extend(f"{source}: quiz: {w}" for w in quiz.warnings)
        result.quiz_pairs = len(quiz.pairs) if quiz.playable else 0
        packages = []
        for name in settings.formats:
            exporter = exporter_for(name)
            members = exporter.files(resource, quiz, settings)
            label = str(settings.output_dir / exporter.output_name(resource))
            findings = exporter.check(members, label)
            errors = [f for f in findings if f.is_error]
            if errors:
                raise PackageInvalid(label, errors)
            result.warnings.extend(str(f) for f in findings)
            packages.append((settings.output_dir / exporter.output_name(resource), members))
        for path, members in packages:
            zip_bytes_to(path, members)
            result.outputs.append(path)
            result.sizes.append(path.stat().st_size)
    except ScormpackError as exc:
        result.error = str(exc)
    except OSError as exc:
        result.error = f"{source}: {exc.strerror or exc}"
    return result


def _build_chunk(args: tuple[list[Path], Settings]) -> list[BuildResult]:
    sources, settings = args
    return [build_one(source, settings) for source in sources]


def _duplicate_slugs(sources: Sequence[Path]) -> dict[Path, str]:
    first: dict[str, Path] = {}
    clashes: dict[Path, str] = {}
    for source in sources:
        slug = slugify(source.stem)
        if slug in first:
            clashes[source] = f"{source}: its package name '{slug}' is already used by {first[slug]}; rename one file"
        else:
            first[slug] = source
    return clashes


def build(
    sources: Sequence[Path],
    settings: Settings,
    *,
    jobs: int | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
) -> list[BuildResult]:
    """Build all sources, in parallel when asked; results come back in the sources' order."""
    clashes = _duplicate_slugs(sources)
    todo = [s for s in sources if s not in clashes]
    results: dict[Path, BuildResult] = {s: BuildResult(source=s, error=e) for s, e in clashes.items()}
    for result in _run(todo, settings, jobs or default_jobs()):
        results[result.source] = result
        if on_result:
            on_result(result)
    ordered = [results[s] for s in sources]
    if on_result:
        for source in clashes:
            on_result(results[source])
    return ordered


def _run(sources: list[Path], settings: Settings, jobs: int) -> Iterator[BuildResult]:
    jobs = max(1, min(jobs, len(sources)))
    if jobs == 1 or len(sources) < 8:
        for source in sources:
            yield build_one(source, settings)
        return
    # Chunks keep inter-process traffic small; each worker loads templates and schemas once.
    size = max(1, min(64, len(sources) // (jobs * 4)))
    chunks = [(sources[i : i + size], settings) for i in range(0, len(sources), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk in pool.map(_build_chunk, chunks):
            yield from chunk


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1

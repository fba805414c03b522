"""`scormpack course`: build the catalogue's packages (incrementally, as `build` does), then write
them as one course backup `<output_dir>/<shortname>.mbz`, skipped when nothing it holds changed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from scormpack.build import BuildResult, iter_build
from scormpack.config import Settings
from scormpack.errors import ScormpackError
from scormpack.incremental import Entry, State, entry_id, tool_fingerprint
from scormpack.moodle.course import CourseResource, backup_bytes
from scormpack.moodle.sections import area_key
from scormpack.moodle.shell import Shell
from scormpack.package import write_atomically

FORMAT = "mbz"
# Moodle's columns for an activity's and a section's name are 255 characters; longer, the restore fails.
MAX_NAME = 255


@dataclass
class CourseResult:
    path: Path
    written: bool = False  # False: the .mbz was already up to date (or nothing could be built)
    size: int = 0
    activities: int = 0
    sections: int = 0
    failed: list[str] = field(default_factory=list)  # one error line per resource left out
    warnings: list[str] = field(default_factory=list)


def default_shortname(paths: Sequence[Path]) -> str:
    from scormpack.text import slugify

    first = paths[0].resolve() if paths else Path.cwd()
    return slugify(first.stem if first.is_file() else first.name) or "parcours"


def _warn_if_long(source: Path, name: str, value: str, warnings: list[str]) -> None:
    """A warning that says where a name longer than Moodle's limit comes from."""
    if len(value) <= MAX_NAME:
        return
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(f"{name}:")), 1)
    warnings.append(
        f"{source}:{line}: {name}: {len(value)} characters, cut to {MAX_NAME} in the course "
        f"(Moodle's limit for a name; shorten it)"
    )


def _fitted(source: Path, name: str, value: str, warnings: list[str]) -> str:
    """`value` cut to Moodle's limit for a name, with a warning that says where it comes from."""
    _warn_if_long(source, name, value, warnings)
    return value if len(value) <= MAX_NAME else value[: MAX_NAME - 1] + "…"


def _key(resources: Sequence[CourseResource], settings: Settings, shell: Shell) -> str:
    digest = hashlib.sha256(f"{tool_fingerprint()}\0{settings.course!r}\0{shell!r}\0".encode())
    for r in resources:
        digest.update(repr((r.slug, r.area, r.title, r.description, r.has_quiz)).encode())
        digest.update(hashlib.sha256(r.scorm).digest())
        digest.update(hashlib.sha256(r.h5p).digest() if r.h5p is not None else b"-")
    return digest.hexdigest()


def export_course(
    sources: Sequence[Path],
    settings: Settings,
    shell: Shell,
    *,
    jobs: int | None = None,
    force: bool = False,
    on_result: Callable[[BuildResult], None] | None = None,
) -> CourseResult:
    from scormpack.reader import read_resource

    formats = ("scorm12", "h5p") if settings.course.h5p else ("scorm12",)
    settings = replace(settings, formats=formats)
    target = settings.output_dir / shell.filename
    result = CourseResult(path=target)
    resources: list[CourseResource] = []
    for built in iter_build(sources, settings, jobs=jobs, force=force):
        if on_result:
            on_result(built)
        if not built.ok:
            result.failed.append(built.error or str(built.source))
            continue
        try:
            resource = read_resource(built.source, settings.video_hosts)
            packages = {p.suffix: p.read_bytes() for p in [*built.outputs, *built.unchanged]}
        except (ScormpackError, OSError) as exc:
            result.failed.append(str(exc))
            continue
        title = _fitted(built.source, "title", resource.title, result.warnings)
        # Cut when the sections are named (`sections.section_names`), so that areas differing only
        # past the cut stay apart.
        area = area_key(resource.area)
        _warn_if_long(built.source, "area", area, result.warnings)
        resources.append(CourseResource(
            slug=resource.slug, area=area, title=title, description=resource.description,
            has_quiz=built.quiz_pairs > 0, scorm=packages[".zip"], h5p=packages.get(".h5p"),
        ))
    if not resources:
        return result
    result.activities = sum(2 if r.h5p is not None else 1 for r in resources)
    result.sections = len({r.area for r in resources})
    state = State.load(settings.output_dir)
    name = entry_id(Path(shell.filename).stem, FORMAT)
    key = _key(resources, settings, shell)
    fresh = None if force else state.fresh(name, key)
    if fresh is not None:
        result.size = fresh.size
        return result
    state.forget([name])
    state.save()
    data = backup_bytes(resources, settings.course, shell)
    write_atomically(target, data)
    state.record(name, Entry(key, target.name, len(data), sha256=hashlib.sha256(data).hexdigest()))
    state.save()
    result.written = True
    result.size = len(data)
    return result

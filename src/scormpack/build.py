"""The build command, read as the pipeline: read → derive → render → package → validate → write.

Around the pipeline of one resource (`build_one`) sit three concerns of whole-catalogue builds:

- incremental: a package whose inputs hash as when it was written is skipped without being read
  (see `scormpack.incremental`);
- parallel: resources are built by worker processes, and results come back in the sources' order
  whatever the scheduling, so that logs and exit codes are reproducible;
- flat memory: results are streamed (`iter_build`), members are never kept past their package.

The pipeline's modules (jinja2, lxml, markdown, the schemas) are imported inside `build_one` only:
a run where nothing changed never pays for them, which keeps the no-change path and the start-up
of the command line cheap.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scormpack.config import Settings
from scormpack.errors import ScormpackError
from scormpack.incremental import Entry, State, digest_source, entry_id, package_key, run_fingerprint

if TYPE_CHECKING:
    import multiprocessing.context
    import multiprocessing.process
    from concurrent.futures import Future

# Sources per task sent to a worker: big enough that inter-process traffic is negligible next to a
# build (~10 ms), small enough that results stream steadily and a long resource does not leave the
# other worker idle at the end.
MAX_CHUNK = 16
# Below this many packages to build, starting processes costs more than it saves.
MIN_PARALLEL = 8
# Save the incremental state at least this often during a long run, so that an interrupted build
# keeps most of its progress.
SAVE_EVERY_SECONDS = 15.0
# How long a stopped worker may take to unwind the resource it is on (removing its temporary file)
# before it is killed.
STOP_GRACE_SECONDS = 5.0


@dataclass
class BuildResult:
    source: Path
    # Packages written by this run, with their sizes in bytes.
    outputs: list[Path] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)  # SHA-256 of each package written
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    quiz_pairs: int = 0
    # What the LMS knows the resource by (its `identifier:`, else its slug); empty if it was not read.
    identity: str = ""
    # Packages left as they were: their inputs have not changed since they were written.
    unchanged: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def discover(paths: Iterable[Path]) -> list[Path]:
    """Markdown resources named on the command line, folders searched recursively, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Anything but a folder: a FIFO or a broken link named *.md is reported, not skipped.
            found.extend(sorted(p for p in path.rglob("*.md") if not p.is_dir()))
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return list(unique)


def build_one(source: Path, settings: Settings, formats: Sequence[str] | None = None) -> BuildResult:
    """Build the given formats (default: all configured) of one resource; nothing is written unless
    all of them validate. `outputs` follows the order of `formats`."""
    from scormpack.errors import PackageInvalid
    from scormpack.exporters import exporter_for
    from scormpack.package import zip_bytes_to
    from scormpack.quiz import quiz_for
    from scormpack.reader import read_resource

    result = BuildResult(source=source)
    try:
        resource = read_resource(source, settings.video_hosts, settings.max_source_bytes)
        result.identity = resource.identity
        quiz = quiz_for(resource, settings, cache=True)
        result.warnings.extend(f"{source}: quiz: {w}" for w in quiz.warnings)
        result.quiz_pairs = len(quiz.pairs) if quiz.playable else 0
        packages = []
        for name in settings.formats if formats is None else formats:
            exporter = exporter_for(name)
            members = exporter.files(resource, quiz, settings)
            path = settings.output_dir / exporter.output_name(resource)
            label = str(path)
            findings = exporter.check(members, label, settings)
            errors = [f for f in findings if f.is_error]
            if errors:
                raise PackageInvalid(label, errors)
            result.warnings.extend(str(f) for f in findings)
            packages.append((path, members))
        for path, members in packages:
            try:
                result.digests.append(zip_bytes_to(path, members))
                result.sizes.append(path.stat().st_size)
            except OSError as exc:
                raise _output_error(path, exc) from None
            result.outputs.append(path)
    except ScormpackError as exc:
        result.error = str(exc)
    except OSError as exc:
        # Sources and quiz files report their own read errors; this is another file (a template…).
        result.error = f"{exc.filename or source}: cannot be read: {exc.strerror or exc}"
    except Exception as exc:
        # A defect of ours, not the user's: this resource fails, the others are still built.
        detail = " ".join(str(exc).split())
        result.error = f"{source}: internal error ({type(exc).__name__}: {detail})"
    return result


def _output_error(path: Path, exc: OSError) -> ScormpackError:
    """A failed write, told against the package it was for (the source is not to blame)."""
    from scormpack.errors import OutputError

    folder = path.parent
    if folder.exists() and not folder.is_dir():
        return OutputError(path, f"cannot write (the output folder {folder} is a file)")
    return OutputError(path, f"cannot write ({exc.strerror or exc})")


Task = tuple[Path, tuple[str, ...]]


def _build_chunk(args: tuple[list[Task], Settings]) -> list[BuildResult]:
    tasks, settings = args
    try:
        return [build_one(source, settings, formats) for source, formats in tasks]
    except SystemExit as stop:
        # Stopped by the main process (see interrupt.worker_signals): the build has unwound and its
        # temporary file is gone. Leave now, not through the pool's loop, which would start the next task.
        os._exit(stop.code if isinstance(stop.code, int) else 1)


def _slugs(sources: Sequence[Path]) -> tuple[dict[Path, str], dict[Path, str]]:
    """Each source's slug (its packages' name), and an error for each source whose slug is taken."""
    from scormpack.errors import printable_path
    from scormpack.text import file_slug

    slugs: dict[Path, str] = {}
    first: dict[str, Path] = {}
    clashes: dict[Path, str] = {}
    for source in sources:
        slug = slugs[source] = file_slug(source.stem)
        if slug in first:
            clashes[source] = (
                f"{printable_path(source)}: file name: gives the package name '{slug}' of {printable_path(first[slug])}"
                " (rename one of the files)"
            )
        else:
            first[slug] = source
    return slugs, clashes


def _listings(sources: Sequence[Path]) -> dict[Path, frozenset[str]]:
    """The names in each folder holding sources: one listing instead of a failed open per resource
    to learn that it has no quiz file."""
    listings: dict[Path, frozenset[str]] = {}
    for folder in {source.parent for source in sources}:
        with contextlib.suppress(OSError):  # unlisted: the digest then tries the file itself
            listings[folder] = frozenset(os.listdir(folder))
    return listings


@dataclass
class _Plan:
    """What to do with one source, decided before any building."""

    source: Path
    slug: str = ""
    error: str | None = None  # known without building (a package name clash)
    todo: tuple[str, ...] = ()  # formats to build
    keys: dict[str, str] = field(default_factory=dict)  # format → key, for the formats to build
    fresh: list[Entry] = field(default_factory=list)  # packages skipped as unchanged


def _plan(sources: Sequence[Path], settings: Settings, state: State, force: bool) -> list[_Plan]:
    slugs, clashes = _slugs(sources)
    listings = _listings(sources)
    run_fp = run_fingerprint(settings)  # once per run: it hashes every template and schema
    plans: list[_Plan] = []
    for source in sources:
        if source in clashes:
            plans.append(_Plan(source, error=clashes[source]))
            continue
        slug = slugs[source]
        try:
            digest = digest_source(source, listings.get(source.parent), settings.max_source_bytes)
        except Exception:
            # Unreadable, special or too large, or anything else: build_one meets it again and
            # reports it in its own words; nothing is recorded for it.
            plans.append(_Plan(source, slug=slug, todo=settings.formats))
            continue
        plan = _Plan(source, slug=slug)
        todo = []
        for fmt in settings.formats:
            key = package_key(run_fp, fmt, digest)
            entry = None if force else state.fresh(entry_id(slug, fmt), key)
            if entry is None:
                todo.append(fmt)
                plan.keys[fmt] = key
            else:
                plan.fresh.append(entry)
        plan.todo = tuple(todo)
        plans.append(plan)
    return plans


def iter_build(
    sources: Sequence[Path], settings: Settings, *, jobs: int | None = None, force: bool = False
) -> Iterator[BuildResult]:
    """Build all sources, yielding one result per source in the sources' order, as they complete.

    Packages whose inputs are unchanged are skipped (unless `force`); the incremental state in the
    output folder is updated as results arrive and saved at the end, even on an interruption.
    """
    from scormpack import interrupt
    from scormpack.renames import recorded_source, rename_warning, vanished

    state = State.load(settings.output_dir)
    state.check_writable()
    plans = _plan(sources, settings, state, force)
    # Known before this run; and those whose source is gone, for the rename warning.
    known = set(state.entries)
    gone = vanished(state.entries, settings.output_dir)
    reported: set[str] = set()
    owners: dict[str, Path] = {}  # identity → the first source of this run that has it
    # Drop the claims of every package about to be rebuilt before touching any of them: a build
    # that fails or is interrupted must not leave an entry vouching for a file it did not write.
    state.forget(entry_id(p.slug, fmt) for p in plans for fmt in p.todo)
    state.save()
    tasks = [(p.source, p.todo) for p in plans if p.todo]
    built = _run(tasks, settings, jobs or default_jobs())
    last_save = time.monotonic()
    try:
        for plan in plans:
            interrupt.check()
            unchanged = [settings.output_dir / e.output for e in plan.fresh]
            if plan.error is not None:
                yield BuildResult(source=plan.source, error=plan.error)
                continue
            if not plan.todo:
                result = _unchanged_result(plan, unchanged)
                _check_identity(result, owners)
                yield result
                continue
            result = next(built)
            result.unchanged = unchanged
            if result.ok and plan.keys:
                source = recorded_source(plan.source, settings.output_dir)
                renames = []
                written = zip(plan.todo, result.outputs, result.sizes, result.digests, strict=True)
                for fmt, path, size, sha in written:
                    name = entry_id(plan.slug, fmt)
                    # The build's own warnings only: a later `unchanged` replays them, not this one.
                    entry = Entry(
                        plan.keys[fmt], path.name, size, result.quiz_pairs, tuple(result.warnings),
                        source, result.identity, sha,
                    )
                    state.record(name, entry)
                    if name not in known:
                        lost = {n: e for n, e in gone.items() if n.endswith("/" + fmt)}
                        renames.append(rename_warning(path, plan.source, result.identity, list(lost.values())))
                        reported.update(lost)
                result.warnings.extend(w for w in renames if w)
                if time.monotonic() - last_save > SAVE_EVERY_SECONDS:
                    state.save()
                    last_save = time.monotonic()
            _check_identity(result, owners)
            yield result
    finally:
        built.close()  # stops the workers if the caller gave up early
        # Told once: a vanished package is not blamed again for the next new one.
        state.forget(reported)
        state.save()


def _check_identity(result: BuildResult, owners: dict[str, Path]) -> None:
    """Warn when two sources of one run share an identity: a copied file keeps its `identifier:`
    line, and its packages would then claim the other's tracking in the LMS."""
    if not result.identity:
        return
    first = owners.setdefault(result.identity, result.source)
    if first != result.source:
        result.warnings.append(
            f"{result.source}: identifier: '{result.identity}' is also the identity of {first}: their packages "
            "share SCORM identifiers (a copied file keeps its identifier: line); give each resource its own"
        )


def _unchanged_result(plan: _Plan, unchanged: list[Path]) -> BuildResult:
    # The warnings of the build that wrote the packages are replayed, so that a log reads the same
    # whether a package was rebuilt or not.
    warnings = list(dict.fromkeys(w for e in plan.fresh for w in e.warnings))
    pairs = max((e.quiz_pairs for e in plan.fresh), default=0)
    identity = next((e.identity for e in plan.fresh if e.identity), "")
    return BuildResult(
        source=plan.source, warnings=warnings, quiz_pairs=pairs, unchanged=unchanged, identity=identity
    )


def build(
    sources: Sequence[Path],
    settings: Settings,
    *,
    jobs: int | None = None,
    force: bool = False,
    on_result: Callable[[BuildResult], None] | None = None,
) -> list[BuildResult]:
    """Build all sources (see `iter_build`); results in the sources' order. Large catalogues should
    use `iter_build` and keep only what they need of each result."""
    results = []
    for result in iter_build(sources, settings, jobs=jobs, force=force):
        if on_result:
            on_result(result)
        results.append(result)
    return results


def _run(tasks: list[Task], settings: Settings, jobs: int) -> Iterator[BuildResult]:
    """Results of `tasks`, in their order."""
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1 or len(tasks) < MIN_PARALLEL:
        for source, formats in tasks:
            yield build_one(source, settings, formats)
        return
    # The first resource is built here, before the workers start: it loads the templates, the
    # schemas and the pipeline's modules once, and forked workers inherit them instead of each
    # loading them again (the work is not wasted: its result is the first to report).
    first_source, first_formats = tasks[0]
    yield build_one(first_source, settings, first_formats)
    rest = tasks[1:]
    size = max(1, min(MAX_CHUNK, len(rest) // (jobs * 4)))
    # Imported here: a run with nothing (or little) to build never needs them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from scormpack import interrupt

    # Objects that exist now are never collected in the workers; freezing them keeps the garbage
    # collector from writing to (and so copying) the pages the workers share with this process.
    gc.freeze()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=interrupt.worker_signals)
    workers: list[multiprocessing.process.BaseProcess] = []
    try:
        before = set(multiprocessing.active_children())
        # The workers start at the first submission: signals wait until they are all there (and have
        # set their own handlers), so that none is lost in a fork or leaves a worker unknown.
        with interrupt.signals_blocked():
            futures: list[Future[list[BuildResult]] | None] = [
                pool.submit(_build_chunk, (rest[i : i + size], settings)) for i in range(0, len(rest), size)
            ]
            workers = [child for child in multiprocessing.active_children() if child not in before]
        for index, future in enumerate(futures):
            assert future is not None
            chunk = future.result()
            futures[index] = None  # let the chunk's results go once reported
            yield from chunk
    except BaseException:
        # Interrupted, or the caller gave up (GeneratorExit): the work under way is wanted by no one.
        _stop_workers(workers)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _stop_workers(workers: Sequence[multiprocessing.process.BaseProcess]) -> None:
    """SIGTERM each worker (it unwinds its resource, removing its temporary file, then exits), and
    kill one that is still there after the grace time."""
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            worker.kill()
            worker.join()


def _context() -> multiprocessing.context.BaseContext:
    # fork: workers start in milliseconds with everything already imported and loaded. Elsewhere
    # (macOS, Windows) the default start method; each worker then loads templates and schemas once,
    # on its first resource, and keeps them for the rest of the run.
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1

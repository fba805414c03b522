"""Command line: thin click commands over the library (which never exits the process itself)."""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import json
import os
import sys
from pathlib import Path
from typing import ClassVar, NoReturn

import click

from scormpack import __version__
from scormpack.config import FORMATS, H5P_PROFILES, load_settings
from scormpack.errors import OutputError, ScormpackError

DEFAULT_SOURCES = (Path("seeds"),)


def _settings(paths: tuple[Path, ...], **overrides):
    try:
        return load_settings(paths[0] if paths else Path.cwd(), overrides)
    except ScormpackError as exc:
        raise click.UsageError(str(exc)) from None


def _sources(paths: tuple[Path, ...]) -> list[Path]:
    from scormpack.build import discover

    sources = discover(paths)
    if not sources:
        raise click.UsageError(f"no markdown resource (*.md) in {', '.join(map(str, paths))}")
    return sources


class _Commands(click.Group):
    """Commands from other modules are imported only when called, to keep start-up fast."""

    lazy: ClassVar[dict[str, tuple[str, str]]] = {
        "course": ("scormpack.moodle.command", "course"),
        "validate": ("scormpack.validate.command", "validate"),
        "preview": ("scormpack.preview.command", "preview"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            import importlib

            module, attribute = self.lazy[name]
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="scormpack")
def cli() -> None:
    """Turn markdown video resources into SCORM 1.2 / H5P packages for Moodle and M@gistère.

    \b
    Typical use:
      scormpack build                   build seeds/*.md into dist/
      scormpack validate dist/*.zip     check packages before uploading them
      scormpack course seeds/           one Moodle course backup (.mbz) of them all
      scormpack quiz seeds/ --write     save the derived quizzes for review
      scormpack preview seeds/          review lessons and quizzes in the browser, under a local LMS
    """


path_args = click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATHS]..."
)


@cli.command()
@path_args
@click.option(
    "-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), help="Where packages go (default: dist/)."
)
@click.option(
    "-f", "--format", "formats", multiple=True, type=click.Choice([*FORMATS, "all"]),
    help="Package format; repeat for several, or 'all' (default: scorm12).",
)
@click.option("--mastery-score", type=click.IntRange(0, 100), help="Passing score, 0–100 (default 80).")
@click.option("--attempts", type=click.IntRange(1, 99), help="Quiz attempts before answers are shown (default 3).")
@click.option("--video-host", "video_hosts", multiple=True, help="Allowed PeerTube host; repeat for several.")
@click.option("--h5p-profile", type=click.Choice(H5P_PROFILES), help="Target H5P platform (library versions).")
@click.option(
    "--max-source-mb", type=click.FloatRange(0, 10_000, min_open=True), help="Refuse larger sources (default 5)."
)
@click.option("-j", "--jobs", type=click.IntRange(1, 256), help="Parallel workers (default: the CPUs available).")
@click.option("--force", is_flag=True, help="Rebuild every package, even those whose inputs have not changed.")
@click.option("-q", "--quiet", is_flag=True, help="Only print errors, warnings and the summary.")
def build(
    paths, output_dir, formats, mastery_score, attempts, video_hosts, h5p_profile, max_source_mb, jobs, force, quiet
) -> None:
    """Build each resource in PATHS (files or folders; default seeds/) into packages.

    One line per package, then a summary. A package is rebuilt only when its source, its quiz
    file, the settings, the templates or scormpack itself changed since it was written (content
    hashes, kept in OUTPUT_DIR/.scormpack-state.json); --force rebuilds all. Exit 0 when all built,
    1 when some failed (the others are still written), 2 on a usage error. Settings come from
    [tool.scormpack] in pyproject.toml or a scormpack.toml beside the sources; options override them.
    """
    from scormpack.build import BuildResult, iter_build

    paths = paths or tuple(p for p in DEFAULT_SOURCES if p.exists())
    if not paths:
        raise click.UsageError("no PATHS given and no seeds/ folder here")
    settings = _settings(
        paths,
        output_dir=output_dir,
        formats=list(formats) or None,
        mastery_score=mastery_score,
        attempts=attempts,
        video_hosts=list(video_hosts) or None,
        h5p_profile=h5p_profile,
        max_source_mb=max_source_mb,
    )
    sources = _sources(paths)
    show_bar = sys.stderr.isatty() and len(sources) >= 20
    bar = click.progressbar(length=len(sources), label="Building", file=sys.stderr) if show_bar else None
    # Counts only: results are streamed, so memory stays flat however large the catalogue.
    built = unchanged = failed = 0
    # Under a progress bar, problems are told once the bar is done, so that neither garbles the other.
    deferred: list[str] = []

    def tell(line: str) -> None:
        if bar is None:
            click.echo(line, err=True)
        else:
            deferred.append(line)

    def report(result: BuildResult) -> None:
        nonlocal built, unchanged, failed
        built += len(result.outputs)
        unchanged += len(result.unchanged)
        failed += not result.ok
        if bar is not None:
            bar.update(1)
        for warning in result.warnings:
            tell(f"warning: {warning}")
        if result.error:
            tell(f"error: {result.error}")
        elif not quiet and bar is None:
            quiz = f"{result.quiz_pairs}-pair quiz" if result.quiz_pairs else "no quiz"
            for path, size in zip(result.outputs, result.sizes, strict=True):
                click.echo(f"built {path} ({size / 1024:.1f} kB, {quiz})")
            for path in result.unchanged:
                click.echo(f"unchanged {path}")

    def run() -> None:
        for result in iter_build(sources, settings, jobs=jobs, force=force):
            report(result)

    try:
        if bar is not None:
            with bar:
                run()
            for line in deferred:
                click.echo(line, err=True)
        else:
            run()
    except ScormpackError as exc:  # the run as a whole cannot go on (e.g. its state cannot be saved)
        click.echo(f"error: {exc}", err=True)
        failed += 1
    # "N built, M failed" as before incremental builds existed; the unchanged count joins it when
    # packages were skipped, so the summary of a full build reads the same as it always did.
    summary = f"{built} built, {failed} failed"
    if unchanged:
        summary = f"{built} built, {unchanged} unchanged, {failed} failed"
    click.echo(summary, err=bool(failed))
    sys.stdout.flush()
    click.get_current_context().exit(1 if failed else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--write", is_flag=True, help="Save each quiz as <stem>.quiz.yaml beside its source, for review.")
@click.option("--force", is_flag=True, help="With --write: overwrite an existing .quiz.yaml.")
def quiz(paths, fmt, write, force) -> None:
    """Print the quiz derived from each resource's transcript (or its reviewed .quiz.yaml).

    JSON gives, per resource, the pairs the package gets (with confidence and the source lines they
    come from) and the candidates left out, with the reason: JSON Lines, one object per resource per
    line, however many there are (a resource that fails has its error on stderr instead).
    With --write the derived quiz is saved beside the source, evidence as comments and left-out
    candidates as commented-out pairs; from then on `build` uses that file.
    """
    from scormpack.atomic_write import write_atomically
    from scormpack.quiz import derive_quiz, quiz_for, quiz_path, quiz_yaml, report
    from scormpack.reader import read_resource

    settings = _settings(paths)
    failed = 0
    for source in _sources(paths):
        try:
            resource = read_resource(source, settings.video_hosts, settings.max_source_bytes)
            target = quiz_path(source)
            if write:
                if target.exists() and not force:
                    click.echo(f"error: {target} exists (review it, or use --force to overwrite)", err=True)
                    failed += 1
                    continue
                derived = derive_quiz(resource, settings.quiz_min_confidence)
                try:
                    write_atomically(target, quiz_yaml(resource, derived))
                except OSError as exc:
                    raise OutputError(target, f"cannot write: {exc.strerror or exc}") from None
                click.echo(f"wrote {target} ({len(derived.pairs)} pairs, {len(derived.left_out)} left out)", err=True)
                current = derived
            else:
                current = quiz_for(resource, settings)
        except ScormpackError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        for warning in current.warnings:
            click.echo(f"warning: {source}: quiz: {warning}", err=True)
        # Printed as each resource is done: a line is a whole document, whatever follows fails.
        if fmt == "json":
            click.echo(json.dumps(report(resource, current), ensure_ascii=False))
        elif not write:
            click.echo(quiz_yaml(resource, current), nl=False)
    click.get_current_context().exit(1 if failed else 0)


# sysexits.h: an output could not be written; an internal software error.
EXIT_IO_ERROR = 74
EXIT_INTERNAL = 70
_STREAM_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EPIPE", "EIO", "EDQUOT", "EFBIG", "EBADF", "EROFS")
    if hasattr(errno, name)
)


def _escape_unencodable(error: UnicodeError) -> tuple[str, int]:
    """Bytes of a file name that is not valid UTF-8 go out as they came in (surrogateescape);
    any other character the terminal cannot show is written as an escape, never as a crash."""
    assert isinstance(error, UnicodeEncodeError)
    chunk = error.object[error.start : error.end]
    if all("\udc80" <= char <= "\udcff" for char in chunk):
        return codecs.lookup_error("surrogateescape")(error)
    return codecs.lookup_error("backslashreplace")(error)


def _prepare_streams() -> None:
    codecs.register_error("scormpack", _escape_unencodable)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # started with that descriptor closed (`>&-`): its output goes nowhere
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
        elif isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="scormpack")


def _silence_stdout() -> None:
    # What is still buffered would fail again when Python flushes it at exit, with a traceback.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main() -> None:
    """The `scormpack` command: click's own handling, then a last resort so that nothing ever ends
    in a traceback (a message on one line, and an exit status that says what kind of failure)."""
    from scormpack.interrupt import Interrupted, raise_on_signals

    _prepare_streams()
    try:
        # SIGTERM and SIGINT unwind the command (worker processes stopped, no partial file) before
        # it ends, instead of killing it where it stands.
        with raise_on_signals():
            cli(prog_name="scormpack")
    except Interrupted as exc:
        with contextlib.suppress(OSError):
            print(f"error: interrupted by {exc.name}: stopped before the end (run it again to finish)", file=sys.stderr)
        sys.exit(exc.exit_status)
    except OSError as exc:
        if exc.filename is not None or exc.errno not in _STREAM_ERRNOS:
            _internal_error(exc)
        # Every file scormpack reads or writes reports its own errors, with its name; an error
        # without a file name is the output streams' (a full disk behind `> file`, a closed pipe).
        _silence_stdout()
        with contextlib.suppress(OSError):
            print(f"error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        sys.exit(EXIT_IO_ERROR)
    except Exception as exc:
        _internal_error(exc)


def _internal_error(exc: Exception) -> NoReturn:
    detail = " ".join(str(exc).split())[:300]
    with contextlib.suppress(OSError):
        print(f"error: internal error ({type(exc).__name__}: {detail}); please report it", file=sys.stderr)
    sys.exit(EXIT_INTERNAL)

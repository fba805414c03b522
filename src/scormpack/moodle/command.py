"""`scormpack course [PATHS]... [-o DIR] [--title T] [--shortname S] [--h5p]`: thin over `export`."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from scormpack.build import BuildResult
from scormpack.errors import ScormpackError
from scormpack.moodle.settings import check_course_value


def _checked(key: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_course_value(key, value)
    except ValueError as exc:
        raise click.BadParameter(f"{exc} (got {value!r})", param_hint=f"--{key.replace('_', '-')}") from None


@click.command("course")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATHS]...")
@click.option(
    "-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), help="Where the .mbz goes (default: dist/)."
)
@click.option("--title", help="The course's full name (default: the short name).")
@click.option("--shortname", help="The course's short name, which also names the .mbz (default: the folder's name).")
@click.option("--start-date", help="The course's start date, YYYY-MM-DD.")
@click.option("--h5p/--no-h5p", "h5p", default=None, help="Add each resource's H5P activity beside its SCORM one.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), help="Parallel workers for the packages.")
@click.option("--force", is_flag=True, help="Rebuild the packages and the course even if nothing changed.")
@click.pass_context
def course(ctx: click.Context, paths, output_dir, title, shortname, start_date, h5p, jobs, force) -> None:
    """Write the resources in PATHS (default seeds/) as one Moodle course backup, OUTPUT_DIR/<shortname>.mbz.

    One section per area, one SCORM activity per resource set for scormpack's packages (see
    [tool.scormpack.course]). Restore it in Moodle or M@gistère, as a new course or into an existing one.
    Exit 0 when every resource is in the course, 1 when some were left out, 2 on a usage error.
    """
    from scormpack.cli import DEFAULT_SOURCES, _settings, _sources
    from scormpack.moodle.export import default_shortname, export_course
    from scormpack.moodle.shell import Shell

    paths = paths or tuple(p for p in DEFAULT_SOURCES if p.exists())
    if not paths:
        raise click.UsageError("no PATHS given and no seeds/ folder here")
    settings = _settings(paths, output_dir=output_dir)
    overrides = {
        "title": _checked("title", title),
        "shortname": _checked("shortname", shortname),
        "start_date": _checked("start_date", start_date),
        "h5p": h5p,
    }
    settings = replace(settings, course=replace(
        settings.course, **{k: v for k, v in overrides.items() if v is not None}
    ))
    sources = _sources(paths)
    chosen = settings.course
    short = chosen.shortname or default_shortname(paths)
    shell = Shell(
        fullname=chosen.title or short, shortname=short, summary=chosen.summary,
        startdate=chosen.start_timestamp, filename=f"{short}.mbz",
    )

    def report(result: BuildResult) -> None:
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        if result.error:
            click.echo(f"error: {result.error}", err=True)

    try:
        outcome = export_course(sources, settings, shell, jobs=jobs, force=force, on_result=report)
    except (ScormpackError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(1)
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not chosen.start_date:
        click.echo(
            "warning: course: no start date (--start-date or start_date in [course]): a restore from the command "
            "line makes the course start on 1 January 1970",
            err=True,
        )
    left_out = len(outcome.failed)
    if outcome.activities == 0:
        click.echo(f"error: no resource could be built: {outcome.path} not written", err=True)
        ctx.exit(1)
    verb = "wrote" if outcome.written else "unchanged"
    click.echo(
        f"{verb} {outcome.path} ({outcome.size / 1024:.1f} kB, {outcome.sections} sections, "
        f"{outcome.activities} activities, {left_out} resources left out)"
    )
    sys.stdout.flush()
    ctx.exit(1 if left_out else 0)

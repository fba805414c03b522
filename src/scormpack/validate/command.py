"""`scormpack validate PACKAGE...`: exit 0 all valid, 1 any error (or warning with --strict), 2 usage."""

from __future__ import annotations

from pathlib import Path

import click

from scormpack.validate.check import DEFAULT_MAX_TOTAL_BYTES, check_path
from scormpack.validate.report import RENDERERS, exit_code, render_text


@click.command("validate")
@click.argument(
    "packages", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path), metavar="PACKAGE..."
)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True,
    help="text: one line per finding; json: findings and a verdict per package; junit: CI test report.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--max-size", type=click.FloatRange(min=0), default=DEFAULT_MAX_TOTAL_BYTES / 1e6, show_default=True,
    help="Warn (PKG-SIZE) when a package is larger than this many MB.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to FILE (the text report still goes to the terminal).",
)
@click.pass_context
def validate(
    ctx: click.Context, packages: tuple[Path, ...], fmt: str, strict: bool, max_size: float,
    output: Path | None,
) -> None:
    """Check SCORM packages (.zip or unpacked folders), .h5p files and course backups (.mbz) before
    uploading them to Moodle / M@gistère.

    Nothing is extracted to disk; each finding names a rule id, where it is and how to fix it.
    """
    limit = int(max_size * 1e6)
    results = [(str(path), check_path(path, max_total_bytes=limit)) for path in packages]
    report = RENDERERS[fmt](results, strict=strict)
    if output is not None:
        output.write_text(report, encoding="utf-8")
        click.echo(render_text(results, strict=strict), nl=False)
    else:
        click.echo(report, nl=False)
    ctx.exit(exit_code(results, strict=strict))

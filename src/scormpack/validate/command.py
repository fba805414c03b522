"""`scormpack validate PACKAGE...`: exit 0 all valid, 1 any error (or warning with --strict), 2 usage,
74 the report could not be written, 70 an internal error (a bug, told in one line)."""

from __future__ import annotations

import contextlib
import math
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import click

from scormpack.atomic_write import write_atomically
from scormpack.validate.check import DEFAULT_MAX_TOTAL_BYTES, check_path, sort_findings
from scormpack.validate.findings import Finding
from scormpack.validate.previous import PreviousUnreadable, check_previous, not_comparable
from scormpack.validate.report import RENDERERS, exit_code, render_text

# sysexits.h: EX_SOFTWARE for what nobody foresaw, EX_IOERR for a report that cannot be written.
INTERNAL_ERROR = 70
OUTPUT_ERROR = 74
# 1 PB: any larger limit is no limit, and the byte count must stay a finite number.
_MAX_SIZE_MB = 1e9


class _ReportNotWritten(Exception):
    """The report could not be written where asked (-o FILE or standard output)."""


def _finite_megabytes(ctx: click.Context, param: click.Parameter, value: float) -> float:
    # FloatRange lets NaN through (every comparison with it is false).
    if math.isnan(value):
        raise click.BadParameter("expected a number of MB, not NaN")
    return value


# C0 and C1 controls and DEL: a line break in a member name could otherwise forge a report line.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with the undecodable bytes of a file name (surrogate escapes) and the control
    characters shown as `\\xNN`."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROLS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _printable_results(results: list[tuple[str, list[Finding]]]) -> list[tuple[str, list[Finding]]]:
    return [
        (
            printable(package),
            [
                replace(
                    f, package=printable(f.package), member=None if f.member is None else printable(f.member),
                    message=printable(f.message),
                )
                for f in findings
            ],
        )
        for package, findings in results
    ]


def _one_line(error: BaseException) -> str:
    return printable(" ".join(f"{type(error).__name__}: {error}".split()))


def _write_file(path: Path, report: str) -> None:
    """Write the report whole or not at all: a temporary file beside it, then renamed."""
    try:
        write_atomically(path, report)
    except OSError as err:
        raise _ReportNotWritten(f"{path}: {err.strerror}") from err


def _echo(text: str) -> None:
    # Started with standard output closed (`>&-`): None, or the null stream `scormpack.cli.main` puts
    # in its place (named /dev/null, where a `> /dev/null` redirection keeps the name `<stdout>`).
    if sys.stdout is None or getattr(sys.stdout, "name", None) == os.devnull:
        raise _ReportNotWritten("standard output: it is closed")
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except OSError as err:
        # Nothing more can go there; point it at /dev/null so that the flush at exit is quiet.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise _ReportNotWritten(f"standard output: {err.strerror}") from err


def _run(
    packages: tuple[Path, ...], fmt: str, strict: bool, max_size: float, output: Path | None, previous: Path | None
) -> int:
    limit = int(max_size * 1e6)
    checked = [(str(path), check_path(path, max_total_bytes=limit)) for path in packages]
    if previous is not None:
        (label, findings), = checked
        checked = [(label, sort_findings(findings + check_previous(packages[0], previous)))]
    results = _printable_results(checked)
    report = RENDERERS[fmt](results, strict=strict)
    code = exit_code(results, strict=strict)
    if output is None:
        _echo(report)
        return code
    try:
        _write_file(output, report)
    finally:
        # The terminal gets the readable report even when the file could not be written.
        _echo(render_text(results, strict=strict))
    return code


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
    "--max-size", type=click.FloatRange(min=0, max=_MAX_SIZE_MB), callback=_finite_megabytes,
    default=DEFAULT_MAX_TOTAL_BYTES / 1e6, show_default=True,
    help="Warn (PKG-SIZE) when a package is larger than this many MB.",
)
@click.option(
    "--previous", type=click.Path(exists=True, path_type=Path), metavar="OLD",
    help="The version of the package now in the LMS: warn (SCORM-TRACKING-LOST) when replacing it "
    "would delete learners' tracking. Takes one PACKAGE.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to FILE (the text report still goes to the terminal).",
)
@click.pass_context
def validate(
    ctx: click.Context, packages: tuple[Path, ...], fmt: str, strict: bool, max_size: float,
    output: Path | None, previous: Path | None,
) -> None:
    """Check SCORM packages (.zip or unpacked folders), .h5p files and course backups (.mbz) before
    uploading them to Moodle / M@gistère.

    Nothing is extracted to disk; each finding names a rule id, where it is and how to fix it.
    """
    if previous is not None and len(packages) != 1:
        raise click.UsageError("--previous compares one package with its old version: give one PACKAGE")
    refused = None if previous is None else not_comparable(packages[0])
    if refused:
        raise click.UsageError(printable(refused))
    try:
        code = _run(packages, fmt, strict, max_size, output, previous)
    except PreviousUnreadable as err:
        raise click.BadParameter(printable(str(err)), param_hint="--previous") from None
    except _ReportNotWritten as err:
        click.echo(f"error: cannot write the report to {printable(str(err))}", err=True)
        code = OUTPUT_ERROR
    except Exception as err:  # the last resort: one line, never a traceback
        click.echo(f"error: internal error, please report it: {_one_line(err)}", err=True)
        code = INTERNAL_ERROR
    ctx.exit(code)

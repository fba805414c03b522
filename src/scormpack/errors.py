"""Errors the library raises; the CLI turns them into one-line messages and exit codes."""

from __future__ import annotations

import unicodedata
from pathlib import Path


def printable_path(path: Path | str) -> str:
    """The path as text a terminal shows faithfully: control and format characters (a right-to-left
    override that would reverse the line, an escape) are written as \\uXXXX."""
    text = str(path)
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() or unicodedata.category(c) not in {"Cc", "Cf"} else f"\\u{ord(c):04x}" for c in text
    )


class ScormpackError(Exception):
    """Base class: anything the user can fix from the message alone."""


class SourceError(ScormpackError):
    """A problem in an input file, located as `path:line: field: message`."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = printable_path(self.path)
        where = f"{shown}:{self.line}" if self.line else f"{shown}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ConfigError(SourceError):
    """A bad setting in scormpack.toml / pyproject.toml or on the command line."""


class PackageInvalid(ScormpackError):
    """A package we produced failed validation; it is not written."""

    def __init__(self, label: str, findings: list) -> None:
        self.label = label
        self.findings = findings
        first = findings[0] if findings else None
        super().__init__(f"{label}: package failed validation: {first}")


class OutputError(ScormpackError):
    """Something scormpack writes (a package, the build state, a quiz file) could not be written;
    the message names that output, not the source."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")

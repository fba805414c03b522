"""Errors the library raises; the CLI turns them into one-line messages and exit codes."""

from __future__ import annotations

from pathlib import Path


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
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
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

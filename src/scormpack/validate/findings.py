"""What a check reports: one finding per problem, with a stable rule id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    severity: Severity
    rule: str  # stable id, e.g. "SCORM-XSD", "ZIP-SLIP"
    package: str  # the package as the user named it (path of the .zip / .h5p / folder)
    member: str | None  # path inside the package, if any
    line: int | None
    message: str
    fix: str = ""  # one short sentence: how to fix it
    # XPath-like location inside the manifest (e.g. /manifest/organizations/organization/item[2]),
    # for schema errors; None elsewhere.
    xpath: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        where = self.package
        if self.member:
            where += f":{self.member}"
            if self.line:
                where += f":{self.line}"
        return where

    def to_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "package": self.package,
            "member": self.member,
            "line": self.line,
            "xpath": self.xpath,
            "message": self.message,
            "fix": self.fix,
        }

    def __str__(self) -> str:
        return f"{self.severity} {self.rule} {self.location()}: {self.message}"

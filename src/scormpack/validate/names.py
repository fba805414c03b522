"""Checks on member names alone: unsafe paths (zip slip), risky characters, where the manifest is."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from scormpack.validate.findings import Finding
from scormpack.validate.rules import finding
from scormpack.validate.safexml import MANIFEST

_DRIVE = re.compile(r"^[A-Za-z]:")
# Safe everywhere without URL-encoding: what an LMS file store and a browser agree on.
_SAFE_PATH = re.compile(r"^[A-Za-z0-9._~/-]+$")
_MAX_CHAR_WARNINGS = 20  # past this, one summary line: a tool that spaces one name spaces them all


def unsafe_reason(name: str) -> str | None:
    if name.startswith("/"):
        return "absolute path"
    if _DRIVE.match(name):
        return "drive letter"
    if "\\" in name:
        return "backslash in the path"
    if ".." in name.split("/"):
        return "`..` path component"
    if "\x00" in name:
        return "NUL character"
    return None


def extracted_path(name: str) -> str:
    """The path `name` is written to under the extraction folder: `./` and empty segments dropped
    (every unzip and tar does, as the file system itself reads them)."""
    return "/".join(part for part in name.split("/") if part not in ("", "."))


def extracted_key(name: str) -> str:
    """The file an unzip writes for `name` on the least forgiving system: `./` and empty segments
    dropped (every unzip does), then case and Unicode normal form ignored (Windows, macOS)."""
    return unicodedata.normalize("NFC", extracted_path(name)).lower()


def _clashes(names: Iterable[str], label: str) -> list[Finding]:
    first_of: dict[str, str] = {}
    findings: list[Finding] = []
    for name in names:
        key = extracted_key(name)
        if key in first_of:
            findings.append(finding(
                "ZIP-NAME-CLASH", label,
                f"extracts to the same file as `{first_of[key]}` (an unzip keeps only one of them)",
                member=name,
            ))
        else:
            first_of[key] = name
    return findings


def check_names(names: Iterable[str], label: str) -> list[Finding]:
    names = list(names)
    findings = _clashes(names, label)
    risky: list[str] = []
    for name in names:
        reason = unsafe_reason(name)
        if reason:
            findings.append(finding(
                "ZIP-SLIP", label, f"unsafe entry name ({reason}); an unzip could write outside "
                "its folder", member=name,
            ))
        elif not _SAFE_PATH.match(name):
            risky.append(name)
    for name in risky[:_MAX_CHAR_WARNINGS]:
        bad = sorted({c for c in name if not _SAFE_PATH.match(c)})
        shown = ", ".join("space" if c == " " else repr(c) for c in bad)
        findings.append(finding(
            "PKG-PATH-CHARS", label, f"path contains non-ASCII or special characters ({shown})",
            member=name,
        ))
    if len(risky) > _MAX_CHAR_WARNINGS:
        findings.append(finding(
            "PKG-PATH-CHARS", label, f"… and {len(risky) - _MAX_CHAR_WARNINGS} more such paths"
        ))
    return findings


def locate_manifest(names: Iterable[str], label: str) -> list[Finding]:
    """Nothing if imsmanifest.xml is at the root; else say where it is, as Moodle would refuse it."""
    names = list(names)
    if MANIFEST in names:
        return []
    elsewhere = [n for n in names if n.lower().rsplit("/", 1)[-1] == MANIFEST]
    if not elsewhere:
        return [finding("ZIP-MANIFEST-MISSING", label, "no imsmanifest.xml in the package")]
    found = elsewhere[0]
    if "/" in found:
        why = f"found in the sub-folder `{found.rsplit('/', 1)[0]}/`, not at the root"
    else:
        why = f"found as `{found}`; the name is case-sensitive"
    return [finding("ZIP-MANIFEST-LOCATION", label, f"imsmanifest.xml {why}", member=found)]

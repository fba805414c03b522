"""The two entry points: an in-memory package (the build) and a path (the `validate` command).

Both run the same checks — the path one only adds the zip-container checks before handing the
members to `check_members` — so `build` and `validate` can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from scormpack.validate.container import DEFAULT_LIMITS, ZipLimits, open_zip
from scormpack.validate.findings import Finding
from scormpack.validate.kinds import checker_for, detect_kind
from scormpack.validate.names import check_names
from scormpack.validate.rules import finding
from scormpack.validate.sources import FolderMembers, member_size

# Warn above this size: LMS upload limits are commonly 50–100 MB (M@gistère's is not published).
DEFAULT_MAX_TOTAL_BYTES = 100_000_000


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size} bytes"


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by place in the package; checks keep their order within a place."""
    return sorted(findings, key=lambda f: (f.severity != "error", f.member or "", f.line or 0))


def _check(
    members: Mapping[str, bytes], label: str, max_total_bytes: int | None, package_bytes: int | None
) -> list[Finding]:
    findings = check_names(members, label)
    limit = DEFAULT_MAX_TOTAL_BYTES if max_total_bytes is None else max_total_bytes
    size = package_bytes if package_bytes is not None else sum(member_size(members, n) for n in members)
    if size > limit:
        findings.append(finding(
            "PKG-SIZE", label, f"the package is {_mb(size)}, over the {_mb(limit)} limit"
        ))
    kind = detect_kind(label, members)
    checker = checker_for(kind)
    if checker is None:
        findings.append(finding("PKG-UNSUPPORTED", label, f"no checker for {kind} packages yet"))
    else:
        findings += checker(members, label)
    return sort_findings(findings)


def check_members(
    members: Mapping[str, bytes], label: str, *, max_total_bytes: int | None = None
) -> list[Finding]:
    """Validate a package held in memory ({zip member name: bytes}): everything but the container.

    `max_total_bytes` is the PKG-SIZE warning threshold (default 100 MB of uncompressed members).
    """
    return _check(members, label, max_total_bytes, None)


def check_path(
    path: Path, *, max_total_bytes: int | None = None, limits: ZipLimits = DEFAULT_LIMITS
) -> list[Finding]:
    """Validate a package file (.zip, .h5p), a course backup (.mbz) or an unpacked folder, never extracting
    anything to disk."""
    path = Path(path)
    label = str(path)
    if path.is_dir():
        folder = FolderMembers(path)
        findings = [
            finding("ZIP-SLIP", label, "symbolic link pointing outside the package folder", member=name)
            for name in folder.outside
        ]
        findings += [
            finding("ZIP-SPECIAL-FILE", label, f"{kind}, not a regular file: not read", member=name)
            for name, kind in folder.special.items()
        ]
        return sort_findings(findings + _check(folder, label, max_total_bytes, None))
    if not path.is_file():
        what = "not a regular file nor a folder" if path.exists() else "no such file or folder"
        return [finding("ZIP-UNREADABLE", label, what)]
    if path.suffix.lower() == ".mbz":
        # A course backup is a gzipped tar holding packages; imported here, as other runs never need it.
        from scormpack.validate.mbz import check_mbz_path

        findings = check_mbz_path(path, label, limits)
        limit = DEFAULT_MAX_TOTAL_BYTES if max_total_bytes is None else max_total_bytes
        if path.stat().st_size > limit:  # the site's upload limit applies to the backup as sent
            size = path.stat().st_size
            findings.append(finding("PKG-SIZE", label, f"the backup is {_mb(size)}, over the {_mb(limit)} limit"))
        return sort_findings(findings)
    archive, members, findings = open_zip(path, label, limits)
    if archive is None or members is None:
        return sort_findings(findings)
    try:
        # The upload limit applies to the zip as sent, not to its inflated members.
        return sort_findings(findings + _check(members, label, max_total_bytes, path.stat().st_size))
    finally:
        archive.close()

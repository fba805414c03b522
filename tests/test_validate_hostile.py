"""Hostile packages, built here as an attacker would build them: `validate` must call each one
invalid with a finding (never `valid`, never a traceback, never a hang)."""

from __future__ import annotations

from pathlib import Path

import validate_fixtures as fx

from scormpack.validate import Finding, check_path


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]


# --- item 1: symlink, device and FIFO entries -------------------------------------------------

def test_symlink_entry_is_an_error(tmp_path: Path) -> None:
    link = fx.unix_entry("index.html", 0o120777)
    findings = check_path(fx.write_zip_with(tmp_path / "pkg.zip", [(link, b"/etc/passwd")]))
    special = [f for f in findings if f.rule == "ZIP-SPECIAL-FILE"]
    assert special and special[0].is_error and special[0].member == "index.html"
    assert "symbolic link" in special[0].message


def test_device_and_fifo_entries_are_errors(tmp_path: Path) -> None:
    for mode, word in ((0o010644, "FIFO"), (0o020644, "device"), (0o060644, "device"), (0o140644, "socket")):
        entry = fx.unix_entry("assets/odd", mode)
        findings = check_path(fx.write_zip_with(tmp_path / "pkg.zip", [(entry, b"")]))
        special = [f for f in findings if f.rule == "ZIP-SPECIAL-FILE"]
        assert special and special[0].member == "assets/odd" and word in special[0].message, findings


def test_regular_unix_entries_stay_valid(tmp_path: Path) -> None:
    executable = fx.unix_entry("index.html", 0o100755)
    path = fx.write_zip_with(tmp_path / "pkg.zip", [(executable, fx.INDEX_HTML)])
    assert check_path(path) == []


# --- item 2: names that collide once extracted ------------------------------------------------

CLASHES = {
    "dot segment": ("./imsmanifest.xml", "imsmanifest.xml"),
    "repeated slash": ("assets//x.txt", "assets/x.txt"),
    "case": ("INDEX.HTML", "index.html"),
    "unicode form": ("caf\u0065\u0301.txt", "caf\u00e9.txt"),  # NFD beside NFC
}


def test_names_that_collide_once_extracted_are_errors(tmp_path: Path) -> None:
    for why, (second, first) in CLASHES.items():
        files = {**fx.members(), first: b"one", second: b"two"}
        if first == "imsmanifest.xml":
            files = {**fx.members(), second: b"<manifest/>"}
        findings = check_path(fx.write_zip(tmp_path / "pkg.zip", files))
        clash = [f for f in findings if f.rule == "ZIP-NAME-CLASH"]
        assert clash and clash[0].is_error, (why, findings)
        assert {clash[0].member} <= {first, second} and first in clash[0].message + clash[0].member, why


def test_distinct_names_do_not_clash(tmp_path: Path) -> None:
    files = {**fx.members(), "assets/a.txt": b"a", "assets/b.txt": b"b", "assets/a.txt.bak": b"c"}
    assert "ZIP-NAME-CLASH" not in rules(check_path(fx.write_zip(tmp_path / "pkg.zip", files)))

"""Package identity over time: a renamed source is seen at build time, and `validate --previous`
says when replacing a package in Moodle would delete its learners' tracking."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import SEED, seed_text

from scormpack.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def with_identifier(text: str, identifier: str) -> str:
    return text.replace("\ntitle:", f"\nidentifier: {identifier}\ntitle:", 1)


def manifest(package: Path) -> str:
    with zipfile.ZipFile(package) as archive:
        return archive.read("imsmanifest.xml").decode("utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copyfile(SEED, sources / "ancien-nom.md")
    return sources


def build(folder: Path):
    return run("build", str(folder), "-o", str(folder.parent / "dist"), "-j", "1")


def test_a_renamed_source_is_warned_about_once(folder):
    dist = folder.parent / "dist"
    assert build(folder).exit_code == 0
    (folder / "ancien-nom.md").rename(folder / "nouveau-nom.md")
    result = build(folder)
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:") and "is new and" in line]
    assert len(warnings) == 1, result.output
    assert str(dist / "nouveau-nom.zip") in warnings[0] and "ancien-nom.zip" in warnings[0]
    assert "add 'identifier: ancien-nom' to the front matter of nouveau-nom.md" in warnings[0]
    assert "deletes its learners' tracking" in warnings[0]
    # Told once; a resource added later is not blamed on the vanished one.
    assert "is new" not in build(folder).output
    shutil.copyfile(SEED, folder / "autre.md")
    assert "is new" not in build(folder).output


def test_a_renamed_source_with_its_old_identifier_keeps_the_identifiers(folder):
    dist = folder.parent / "dist"
    assert build(folder).exit_code == 0
    (folder / "ancien-nom.md").unlink()
    (folder / "nouveau-nom.md").write_text(with_identifier(seed_text(), "ancien-nom"), encoding="utf-8")
    result = build(folder)
    assert result.exit_code == 0 and "is new" not in result.output, result.output
    old, new = manifest(dist / "ancien-nom.zip"), manifest(dist / "nouveau-nom.zip")
    assert 'identifier="ITEM-scormpack-ancien-nom"' in new
    assert re.findall(r'identifier(?:ref)?="[^"]*"', new) == re.findall(r'identifier(?:ref)?="[^"]*"', old)
    checked = run("validate", str(dist / "nouveau-nom.zip"), "--previous", str(dist / "ancien-nom.zip"), "--strict")
    assert checked.exit_code == 0, checked.output


def test_previous_warns_when_a_tracked_identifier_is_gone(folder, tmp_path):
    dist = folder.parent / "dist"
    assert build(folder).exit_code == 0
    old = tmp_path / "ancien-nom.zip"
    shutil.copyfile(dist / "ancien-nom.zip", old)
    (folder / "ancien-nom.md").rename(folder / "nouveau-nom.md")
    assert build(folder).exit_code == 0
    new = dist / "nouveau-nom.zip"

    result = run("validate", str(new), "--previous", str(old))
    assert result.exit_code == 0  # a warning
    lines = [line for line in result.output.splitlines() if "SCORM-TRACKING-LOST" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"warning SCORM-TRACKING-LOST {new}:imsmanifest.xml: the SCO 'ITEM-scormpack-ancien-nom'")
    assert "ITEM-scormpack-nouveau-nom" in lines[0]
    assert run("validate", str(new), "--previous", str(old), "--strict").exit_code == 1
    report = json.loads(run("validate", str(new), "--previous", str(old), "--format", "json").output)
    assert "SCORM-TRACKING-LOST" in json.dumps(report)


def test_a_content_fix_under_the_same_name_loses_nothing(folder, tmp_path):
    dist = folder.parent / "dist"
    assert build(folder).exit_code == 0
    old = tmp_path / "old.zip"
    shutil.copyfile(dist / "ancien-nom.zip", old)
    source = folder / "ancien-nom.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Enfin, la DSI", "Enfin, la DSI,"), encoding="utf-8")
    result = build(folder)
    assert result.exit_code == 0 and "is new" not in result.output
    assert (dist / "ancien-nom.zip").read_bytes() != old.read_bytes()
    checked = run("validate", str(dist / "ancien-nom.zip"), "--previous", str(old), "--strict")
    assert checked.exit_code == 0, checked.output


def test_previous_usage_errors(folder, tmp_path):
    dist = folder.parent / "dist"
    assert build(folder).exit_code == 0
    package = str(dist / "ancien-nom.zip")
    two = CliRunner().invoke(cli, ["validate", package, package, "--previous", package])
    assert two.exit_code == 2 and "give one PACKAGE" in two.output
    not_scorm = tmp_path / "notes.txt"
    not_scorm.write_text("pas un paquet", encoding="utf-8")
    bad = CliRunner().invoke(cli, ["validate", package, "--previous", str(not_scorm)])
    assert bad.exit_code == 2 and "no readable imsmanifest.xml" in bad.output
    assert "Traceback" not in bad.output


def test_rename_warning_names_every_candidate_and_stays_quiet_for_a_kept_identity():
    from scormpack.incremental import Entry
    from scormpack.renames import rename_warning

    gone = [Entry("k", f"{n}.zip", 1, source=f"../src/{n}.md", identity=n) for n in ("a", "b", "c", "d")]
    text = rename_warning(Path("dist/e.zip"), Path("src/e.md"), "e", gone)
    assert text is not None
    assert "a.zip (identifier a), b.zip (identifier b), c.zip (identifier c) and 1 more" in text
    assert rename_warning(Path("dist/e.zip"), Path("src/e.md"), "b", gone) is None
    assert rename_warning(Path("dist/e.zip"), Path("src/e.md"), "e", []) is None


def test_two_sources_with_one_identity_are_warned_about(folder):
    # A.md copied to make a new resource, with the identifier: line of a renamed file kept in the copy.
    (folder / "copie.md").write_text(with_identifier(seed_text(), "ancien-nom"), encoding="utf-8")
    for _ in range(2):  # built, then unchanged: the warning holds either way
        result = build(folder)
        assert result.exit_code == 0
        lines = [line for line in result.output.splitlines() if "is also the identity of" in line]
        assert len(lines) == 1, result.output
        assert "copie.md: identifier: 'ancien-nom' is also the identity of" in lines[0]
        assert lines[0].endswith("give each resource its own")

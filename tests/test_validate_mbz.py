"""`scormpack validate` on course backups (.mbz): read in place, every finding located and named."""

from __future__ import annotations

import io
import tarfile
import zipfile

import pytest
from click.testing import CliRunner
from support import SEED

from scormpack.cli import cli
from scormpack.config import Settings
from scormpack.moodle.course import CourseResource, backup_members
from scormpack.moodle.settings import CourseSettings
from scormpack.moodle.shell import Shell
from scormpack.moodle.tarball import tar_gz_bytes
from scormpack.validate import ZipLimits, check_path

SHELL = Shell(fullname="Essai", shortname="essai", summary="", startdate=0, filename="essai.mbz")


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    from scormpack.build import build_one

    out = tmp_path_factory.mktemp("packages")
    result = build_one(SEED, Settings(output_dir=out, formats=("scorm12", "h5p")))
    assert result.ok, result.error
    return (out / f"{SEED.stem}.zip").read_bytes(), (out / f"{SEED.stem}.h5p").read_bytes()


def resource(scorm: bytes, h5p: bytes | None = None) -> CourseResource:
    return CourseResource(slug=SEED.stem, area="Domaine 1", title="Les acteurs « essai »", description="d",
                          has_quiz=True, scorm=scorm, h5p=h5p)


@pytest.fixture()
def members(packages) -> dict[str, bytes]:
    return backup_members([resource(*packages)], CourseSettings(), SHELL)


def write(tmp_path, members: dict[str, bytes]):
    path = tmp_path / "essai.mbz"
    path.write_bytes(tar_gz_bytes(members))
    return path


def rules(findings) -> list[str]:
    return [f.rule for f in findings]


def store_name(members: dict[str, bytes], area: str) -> str:
    from lxml import etree

    for node in etree.fromstring(members["files.xml"]).iterfind("file"):
        if node.findtext("filearea") == area and node.findtext("filename") != ".":
            sha1 = node.findtext("contenthash")
            return f"files/{sha1[:2]}/{sha1}"
    raise AssertionError(area)


def test_a_course_we_write_is_valid_and_the_command_says_so(tmp_path, members):
    path = write(tmp_path, members)
    assert check_path(path) == []
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "junit"])
    assert result.exit_code == 0, result.output
    assert "<testsuite" in result.output and 'failures="0"' in result.output


def test_a_stored_file_whose_bytes_do_not_match_its_hash(tmp_path, members):
    name = store_name(members, "content")
    members[name] = members[name] + b"<!-- changed -->"
    findings = check_path(write(tmp_path, members))
    assert "MBZ-FILE-HASH" in rules(findings)
    hit = next(f for f in findings if f.rule == "MBZ-FILE-HASH")
    assert hit.member == name and hit.is_error


def test_a_file_listed_but_not_stored(tmp_path, members):
    name = store_name(members, "package")
    del members[name]
    findings = check_path(write(tmp_path, members))
    assert [f.rule for f in findings if f.member == name] == ["MBZ-FILE-MISSING"]


def test_a_section_folder_without_its_section_xml(tmp_path, members):
    del members["sections/section_2/section.xml"]
    findings = check_path(write(tmp_path, members))
    assert [(f.rule, f.member) for f in findings] == [("MBZ-STRUCTURE", "sections/section_2/section.xml")]


@pytest.mark.parametrize("content", [
    b"<module><unclosed></module>",
    b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x "y">]><module>&x;</module>',
])
def test_broken_or_unsafe_xml(tmp_path, members, content):
    members["activities/scorm_1/module.xml"] = content
    findings = check_path(write(tmp_path, members))
    assert ("MBZ-XML", "activities/scorm_1/module.xml") in [(f.rule, f.member) for f in findings]


def test_an_embedded_package_is_validated_and_its_findings_name_the_activity(tmp_path, packages):
    scorm, _ = packages
    with zipfile.ZipFile(io.BytesIO(scorm)) as archive:
        files = {i.filename: archive.read(i) for i in archive.infolist()}
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(
        b"<adlcp:masteryscore>80</adlcp:masteryscore>", b"<adlcp:masteryscore>150</adlcp:masteryscore>")
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    members = backup_members([resource(broken.getvalue())], CourseSettings(), SHELL)
    findings = check_path(write(tmp_path, members))
    hit = [f for f in findings if f.rule == "SCORM-MASTERYSCORE"]
    assert hit and hit[0].message.startswith("activity « Les acteurs « essai » »: ")
    assert hit[0].package == f"{tmp_path / 'essai.mbz'}:activities/scorm_1/{SEED.stem}.zip"
    assert hit[0].member == "imsmanifest.xml"


def test_unpacked_content_that_differs_from_the_package(tmp_path, members):
    from lxml import etree

    root = etree.fromstring(members["files.xml"])
    for node in root.iterfind("file"):
        if node.findtext("filearea") == "content" and node.findtext("filename") == "index.html":
            sha1 = node.findtext("contenthash")
            node.getparent().remove(node)
    members["files.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    findings = check_path(write(tmp_path, members))
    # The inforef still names the removed record, the content lacks the package's page, and the
    # page's bytes are left in the store with nothing pointing at them.
    assert [(f.rule, f.member) for f in findings] == [
        ("MBZ-FILE-HASH", "activities/scorm_1/inforef.xml"), ("MBZ-ACTIVITY-PACKAGE", "index.html"),
        ("MBZ-UNUSED-FILE", f"files/{sha1[:2]}/{sha1}")]
    assert "missing from the activity's unpacked content" in findings[1].message


def test_an_h5p_activity_package_goes_to_the_h5p_checker(tmp_path, packages):
    scorm, h5p = packages
    with zipfile.ZipFile(io.BytesIO(h5p)) as archive:
        files = {i.filename: archive.read(i) for i in archive.infolist()}
    del files["content/content.json"]
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    members = backup_members([resource(scorm, broken.getvalue())], CourseSettings(), SHELL)
    findings = check_path(write(tmp_path, members))
    assert any(f.rule == "H5P-ZIP-LAYOUT" and f.package.endswith(f"activities/h5pactivity_2/{SEED.stem}.h5p")
               for f in findings)


@pytest.mark.parametrize("data", [b"not a backup at all", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03broken"])
def test_not_a_gzipped_tar(tmp_path, data):
    path = tmp_path / "x.mbz"
    path.write_bytes(data)
    assert rules(check_path(path)) == ["MBZ-UNREADABLE"]


def test_a_truncated_backup(tmp_path, members):
    path = write(tmp_path, members)
    path.write_bytes(path.read_bytes()[:-2000])
    assert rules(check_path(path)) == ["MBZ-UNREADABLE"]


def test_a_link_entry_is_refused(tmp_path):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as archive:
        link = tarfile.TarInfo("moodle_backup.xml")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    path = tmp_path / "x.mbz"
    path.write_bytes(raw.getvalue())
    findings = check_path(path)
    assert rules(findings) == ["MBZ-UNREADABLE"] and "link" in findings[0].message


@pytest.mark.parametrize(("limits", "words"), [
    (ZipLimits(max_uncompressed=10_000), "inflated"),
    (ZipLimits(max_entries=5), "entries"),
    (ZipLimits(max_ratio=1.5, ratio_floor=1000), "ratio"),
])
def test_bomb_limits(tmp_path, members, limits, words):
    findings = check_path(write(tmp_path, members), limits=limits)
    assert rules(findings) == ["MBZ-BOMB"] and words in findings[0].message


def test_a_zip_posing_as_a_backup_is_not_read_as_one(tmp_path, packages):
    path = tmp_path / "x.mbz"
    path.write_bytes(packages[0])
    assert rules(check_path(path)) == ["MBZ-UNREADABLE"]


def test_the_size_limit_applies_to_the_backup_as_uploaded(tmp_path, members):
    path = write(tmp_path, members)
    findings = check_path(path, max_total_bytes=1000)
    assert [(f.rule, f.severity) for f in findings] == [("PKG-SIZE", "warning")]
    result = CliRunner().invoke(cli, ["validate", str(path), "--max-size", "0.001", "--strict"])
    assert result.exit_code == 1 and "PKG-SIZE" in result.output


@pytest.mark.parametrize("size", ["²", "٢٧٨٣٦", "-5", "1e3"])
def test_a_size_moodle_would_not_read_as_a_number(tmp_path, members, size):
    # PHP reads ASCII digits only: "٢٧٨٣٦" is 0 bytes to Moodle, whatever Python's int() makes of it.
    from lxml import etree

    name = store_name(members, "package")
    root = etree.fromstring(members["files.xml"])
    for node in root.iterfind("file"):
        if name.endswith(node.findtext("contenthash")):
            node.find("filesize").text = size
    members["files.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    path = write(tmp_path, members)
    findings = check_path(path)
    assert [(f.rule, f.member) for f in findings] == [("MBZ-FILE-HASH", name)]
    assert f"files.xml says filesize {size!r}" in findings[0].message
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and "internal error" not in result.output


@pytest.mark.parametrize("suffix", [".mbz", ".h5p"])
def test_previous_is_refused_for_a_backup_or_an_h5p(tmp_path, members, packages, suffix):
    # A restored backup makes new activities, and an .h5p has no SCOs: there is no tracking to compare,
    # and a clean verdict would say it was compared.
    new = write(tmp_path, members) if suffix == ".mbz" else tmp_path / "x.h5p"
    if suffix == ".h5p":
        new.write_bytes(packages[1])
    old = tmp_path / "old.zip"
    old.write_bytes(packages[0])
    result = CliRunner().invoke(cli, ["validate", str(new), "--previous", str(old)])
    assert result.exit_code == 2, result.output
    assert "--previous" in result.output and "SCORM package" in result.output
    assert "valid (" not in result.output and "Traceback" not in result.output


# --- what an extractor writes: every entry, each name once, inside the restore folder -------------

def write_entries(tmp_path, entries: list[tuple[str, bytes | None]]):
    """A tar.gz of `entries` as given, in order, repeats included (None: a directory entry)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.USTAR_FORMAT) as archive:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type = tarfile.DIRTYPE
                archive.addfile(info)
            else:
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    path = tmp_path / "essai.mbz"
    path.write_bytes(raw.getvalue())
    return path


def entry_count(path) -> int:
    with tarfile.open(path, "r:gz") as archive:
        return len(archive.getmembers())


def slipped_package(scorm: bytes) -> bytes:
    """The package with one more entry, named to write outside its folder."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(scorm)) as source, zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr("../../../evil.html", "<script>alert(1)</script>")
    return out.getvalue()


def test_a_store_entry_held_twice_is_an_error_and_the_copy_checked_is_the_one_extracted(tmp_path, members):
    import hashlib

    clean_name = store_name(members, "package")
    clean = members.pop(clean_name)
    evil = slipped_package(clean)
    sha1 = hashlib.sha1(evil).hexdigest()
    evil_name = f"files/{sha1[:2]}/{sha1}"
    members["files.xml"] = members["files.xml"].replace(clean_name.rsplit("/", 1)[1].encode(), sha1.encode()).replace(
        f"<filesize>{len(clean)}</filesize>".encode(), f"<filesize>{len(evil)}</filesize>".encode())
    # First the clean package, then the hostile one: tar extractors (Moodle's too) keep the last copy.
    entries = [(n, members[n]) for n in sorted(members)] + [(evil_name, clean), (evil_name, evil)]
    findings = check_path(write_entries(tmp_path, entries))
    assert ("MBZ-DUPLICATE", evil_name) in [(f.rule, f.member) for f in findings]
    assert "ZIP-SLIP" in rules(findings)  # found in the copy an extractor keeps
    assert "MBZ-FILE-HASH" not in rules(findings)  # that copy matches files.xml


def test_the_last_copy_of_an_xml_file_is_the_one_checked(tmp_path, members):
    entries = [(n, members[n]) for n in sorted(members)] + [("./moodle_backup.xml", b"<broken")]
    findings = check_path(write_entries(tmp_path, entries))
    hits = [(f.rule, f.member) for f in findings]
    assert ("MBZ-DUPLICATE", "./moodle_backup.xml") in hits
    assert ("MBZ-XML", "moodle_backup.xml") in hits
    assert "extracts to the same file as `moodle_backup.xml`" in next(
        f.message for f in findings if f.rule == "MBZ-DUPLICATE")


@pytest.mark.parametrize(("name", "reason"), [
    ("../../evil.php", "`..` path component"),
    ("/etc/cron.d/evil", "absolute path"),
    ("..\\..\\evil.php", "backslash"),
    ("C:/evil.php", "drive letter"),
    ("activities/../../evil.php", "`..` path component"),
])
def test_an_entry_named_to_write_outside_the_restore_folder(tmp_path, members, name, reason):
    for data in (b"<?php system($_GET['c']); ?>", None):  # a file, then a directory
        entries = [(n, members[n]) for n in sorted(members)] + [(name, data)]
        findings = check_path(write_entries(tmp_path, entries))
        assert [f.rule for f in findings] == ["MBZ-SLIP"], findings
        assert findings[0].member == name and reason in findings[0].message and findings[0].is_error


def test_files_restore_never_reads_are_warned_about(tmp_path, members):
    import hashlib

    unlisted = b"not listed in files.xml"
    sha1 = hashlib.sha1(unlisted).hexdigest()
    members["activities/scorm_1/evil.php"] = b"<?php phpinfo(); ?>"
    members[f"files/{sha1[:2]}/{sha1}"] = unlisted
    members[".ARCHIVE_INDEX"] = b"Moodle's own packer writes this index"
    members["moodle_backup.log"] = b"and Moodle's backup its log"
    findings = check_path(write(tmp_path, members))
    assert sorted((f.rule, f.severity, f.member) for f in findings) == [
        ("MBZ-UNUSED-FILE", "warning", "activities/scorm_1/evil.php"),
        ("MBZ-UNUSED-FILE", "warning", f"files/{sha1[:2]}/{sha1}"),
    ]


def test_directory_entries_count_towards_the_entry_limit(tmp_path, members):
    folders = [(f"x/d{i:04d}", None) for i in range(10)]
    crowded = write_entries(tmp_path, [(n, members[n]) for n in sorted(members)] + folders)
    count = entry_count(crowded)
    assert count == len(members) + 10
    assert "MBZ-BOMB" not in rules(check_path(crowded, limits=ZipLimits(max_entries=count)))
    # Without its folders the backup is under the limit: they are what puts it over.
    findings = check_path(crowded, limits=ZipLimits(max_entries=len(members) + 5))
    assert rules(findings) == ["MBZ-BOMB"] and "entries" in findings[0].message


def test_tar_headers_count_towards_the_inflated_size(tmp_path, members):
    # 4,000 folder headers are 2 MB once inflated, though they hold no byte of content.
    content = sum(len(data) for data in members.values())
    limit = ZipLimits(max_uncompressed=content + 1_000_000)
    folders = [(f"x/d{i:05d}", None) for i in range(4000)]
    findings = check_path(write_entries(tmp_path, [(n, members[n]) for n in sorted(members)] + folders), limits=limit)
    assert rules(findings) == ["MBZ-BOMB"] and "inflated" in findings[0].message


def test_a_compressible_flood_of_headers_is_caught_by_the_ratio(tmp_path, members):
    folders = [(f"x/d{i:05d}", None) for i in range(6000)]
    path = write_entries(tmp_path, [(n, members[n]) for n in sorted(members)] + folders)
    findings = check_path(path, limits=ZipLimits(max_ratio=20, ratio_floor=1 << 20))
    assert rules(findings) == ["MBZ-BOMB"] and "ratio" in findings[0].message


# --- a SCORM activity serves its package: the content area and scorm.xml's SCOs are the package's ---

def add_content_file(members: dict[str, bytes], name: str, data: bytes) -> None:
    """A file added to the SCORM activity's content area the way restore would take it: a files.xml
    record, the activity's inforef naming it, its bytes in the store."""
    import copy
    import hashlib

    from lxml import etree

    root = etree.fromstring(members["files.xml"])
    model = next(n for n in root.iterfind("file") if n.findtext("filearea") == "content"
                 and n.findtext("filename") != ".")
    record = copy.deepcopy(model)
    sha1 = hashlib.sha1(data).hexdigest()
    record.set("id", "999")
    record.find("contenthash").text = sha1
    record.find("filepath").text = "/"
    record.find("filename").text = name
    record.find("filesize").text = str(len(data))
    root.append(record)
    members["files.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    inforef = "activities/scorm_1/inforef.xml"
    members[inforef] = members[inforef].replace(b"</fileref>", b"<file><id>999</id></file></fileref>")
    members[f"files/{sha1[:2]}/{sha1}"] = data


def test_content_that_is_not_in_the_package(tmp_path, members):
    add_content_file(members, "evil.html", b"<script>fetch('/login/logout.php')</script>")
    findings = check_path(write(tmp_path, members))
    assert [(f.rule, f.member) for f in findings] == [("MBZ-ACTIVITY-PACKAGE", "evil.html")]
    assert "not in the package" in findings[0].message and findings[0].message.startswith("activity « ")


@pytest.mark.parametrize(("old", "new", "words"), [
    (b"<launch>index.html</launch>", b"<launch>evil.html</launch>", "launches evil.html"),
    (b"<identifier>ITEM-", b"<identifier>AUTRE-", "not in the package's manifest"),
])
def test_scos_that_are_not_the_manifests(tmp_path, members, old, new, words):
    add_content_file(members, "evil.html", b"<p>hors paquet</p>") if b"evil" in new else None
    scorm_xml = "activities/scorm_1/scorm.xml"
    assert old in members[scorm_xml]
    members[scorm_xml] = members[scorm_xml].replace(old, new)
    findings = [f for f in check_path(write(tmp_path, members)) if f.member != "evil.html"]
    assert [(f.rule, f.member) for f in findings][:1] == [("MBZ-ACTIVITY-PACKAGE", scorm_xml)]
    assert any(words in f.message for f in findings), findings


# --- every course-backup rule has a case that fires it, with the table's severity and fix ----------

def _rewritten(tmp_path, members, name: str, old: bytes, new: bytes):
    assert old in members[name]
    members[name] = members[name].replace(old, new)
    return check_path(write(tmp_path, members))


def _with_entries(tmp_path, members, *extra: tuple[str, bytes | None]):
    return check_path(write_entries(tmp_path, [(n, members[n]) for n in sorted(members)] + list(extra)))


MBZ_CASES = {
    "MBZ-UNREADABLE": lambda tmp, m: check_path(_bytes(tmp, b"not a backup")),
    "MBZ-BOMB": lambda tmp, m: check_path(write(tmp, m), limits=ZipLimits(max_entries=5)),
    "MBZ-SLIP": lambda tmp, m: _with_entries(tmp, m, ("../../evil.php", b"<?php ?>")),
    "MBZ-DUPLICATE": lambda tmp, m: _with_entries(tmp, m, ("course/course.xml", m["course/course.xml"])),
    "MBZ-UNUSED-FILE": lambda tmp, m: _with_entries(tmp, m, ("activities/scorm_1/evil.php", b"<?php ?>")),
    "MBZ-XML": lambda tmp, m: _rewritten(tmp, m, "course/course.xml", b"</course>", b""),
    "MBZ-STRUCTURE": lambda tmp, m: _rewritten(tmp, m, "moodle_backup.xml", b"<type>course</type>",
                                               b"<type>activity</type>"),
    "MBZ-FILE-MISSING": lambda tmp, m: check_path(write(tmp, {k: v for k, v in m.items()
                                                              if k != store_name(m, "package")})),
    "MBZ-FILE-HASH": lambda tmp, m: _rewritten(tmp, m, store_name(m, "content"), b"<", b" <"),
    "MBZ-ACTIVITY-PACKAGE": lambda tmp, m: _rewritten(tmp, m, "activities/scorm_1/scorm.xml",
                                                      b"<launch>index.html</launch>", b"<launch>x.html</launch>"),
    "MBZ-COMPLETION": lambda tmp, m: _rewritten(tmp, m, "completion.xml", b"<moduleinstance>1</moduleinstance>",
                                                b"<moduleinstance>7</moduleinstance>"),
}


def _bytes(tmp_path, data: bytes):
    path = tmp_path / "x.mbz"
    path.write_bytes(data)
    return path


def test_every_course_backup_rule_has_a_case():
    from scormpack.validate import RULES

    assert set(MBZ_CASES) == {rule.id for rule in RULES.values() if rule.family == "mbz"}


@pytest.mark.parametrize("rule", sorted(MBZ_CASES))
def test_course_backup_rule_fires(tmp_path, members, rule):
    from scormpack.validate import RULES

    findings = MBZ_CASES[rule](tmp_path, members)
    reported = [f for f in findings if f.rule == rule]
    assert reported, "\n".join(map(str, findings))
    assert all(f.severity == RULES[rule].severity and f.fix == RULES[rule].fix for f in reported)


def test_the_scos_compared_are_those_mod_scorm_makes_of_the_manifest():
    from scormpack.moodle.activities import scoes_of

    manifest = b"""<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
      xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" identifier="M">
      <organizations default="O"><organization identifier="O"><title>T</title>
        <item identifier="I1" identifierref="R1"><title>a</title></item>
        <item identifier="I2"><title>b</title></item>
      </organization></organizations>
      <resources><resource identifier="R1" type="webcontent" adlcp:scormtype="sco" xml:base="cours/"
        href="page.html"/></resources></manifest>"""
    assert [(s.identifier, s.launch) for s in scoes_of(manifest)] == [("O", ""), ("I1", "cours/page.html"), ("I2", "")]


def _completion_messages(tmp_path, members, edits: list[tuple[str, bytes, bytes]]) -> list[str]:
    for name, old, new in edits:
        assert old in members[name], name
        members[name] = members[name].replace(old, new)
    findings = check_path(write(tmp_path, members))
    assert all(f.rule == "MBZ-COMPLETION" and f.member == "completion.xml" for f in findings), findings
    return [f.message for f in findings]


def test_a_completion_criterion_on_an_activity_the_backup_lacks_is_reported(tmp_path, members):
    messages = _completion_messages(tmp_path, members, [
        ("completion.xml", b"<moduleinstance>1</moduleinstance>", b"<moduleinstance>7</moduleinstance>")])
    assert messages == ["criterion 1 requires activity 7, which moodle_backup.xml does not list "
                        "(expected the moduleid of an activity of the backup)"]


def test_a_completion_criterion_naming_another_module_is_reported(tmp_path, members):
    messages = _completion_messages(tmp_path, members, [
        ("completion.xml", b"<module>scorm</module>", b"<module>h5pactivity</module>")])
    assert messages == ["criterion 1: activity 1 « Les acteurs « essai » » is a 'scorm' activity, "
                        "the criterion says 'h5pactivity'"]


def test_a_completion_criterion_on_an_untracked_activity_is_reported(tmp_path, members):
    messages = _completion_messages(tmp_path, members, [
        ("activities/scorm_1/module.xml", b"<completion>2</completion>", b"<completion>0</completion>")])
    assert messages == ["criterion 1 requires activity 1 « Les acteurs « essai » », whose completion tracking is "
                        "off (expected completion 1 or 2 in its module.xml): the criterion is never met"]


def test_an_activity_required_twice_is_reported(tmp_path, members):
    from lxml import etree

    root = etree.fromstring(members["completion.xml"])
    first = root.find("course_completion_criteria")
    twin = etree.fromstring(etree.tostring(first))
    twin.set("id", "2")
    first.addnext(twin)
    members["completion.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    messages = _completion_messages(tmp_path, members, [])
    assert messages == ["criterion 2 requires activity 1 « Les acteurs « essai » » a second time "
                        "(expected one criterion per activity)"]


def test_a_backup_without_completion_xml_or_criteria_is_not_reported(tmp_path, members):
    assert members["completion.xml"].count(b"<course_completion_criteria ") == 1
    del members["completion.xml"]
    assert check_path(write(tmp_path, members)) == []

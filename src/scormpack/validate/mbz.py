"""Checks of a Moodle course backup (.mbz): the structure Moodle's restore reads, the file store
against files.xml, and each embedded SCORM package and .h5p with the checks of its own kind.

What restore reads (backup/util/helper/backup_general_helper, backup/moodle2/restore_*_task):
moodle_backup.xml first, then for each section and activity it lists, that folder's XML files;
an activity's files are restored when its inforef.xml names them and files.xml describes them.
Findings about an embedded package name its activity.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from scormpack.validate.container import ZipLimits, open_zip
from scormpack.validate.findings import Finding
from scormpack.validate.mbz_completion import check_completion
from scormpack.validate.mbz_reader import (
    STORE_NAME,
    BackupBomb,
    BackupListing,
    BackupUnreadable,
    list_backup,
    read_store_files,
)
from scormpack.validate.names import extracted_key, unsafe_reason
from scormpack.validate.rules import Rule, finding, register_rules
from scormpack.validate.safexml import MANIFEST

register_rules(
    Rule("MBZ-UNREADABLE", "mbz", "error",
         "The .mbz is a readable gzipped tar of plain files (Moodle also reads a zip, but writes tar.gz).",
         "Moodle's restore cannot extract it and stops before creating anything.",
         "Re-create the backup with `scormpack course`, or with Moodle's own backup."),
    Rule("MBZ-BOMB", "mbz", "error",
         "Entry count, inflated size and compression ratio stay under the limits of zips.",
         "A backup inflating to gigabytes would fill the disk of the site that restores it.",
         "Keep media out of the packages; split the course."),
    Rule("MBZ-SLIP", "mbz", "error",
         "No entry name is absolute, contains `..`, a backslash or a drive letter (the names checked "
         "as ZIP-SLIP checks a zip's).",
         "Extracted, such an entry is written outside the restore's temporary folder: a PHP file "
         "in the site's web root, a file over the site's own.",
         "Re-create the backup with `scormpack course`, or with Moodle's own backup."),
    Rule("MBZ-DUPLICATE", "mbz", "error",
         "No two entries extract to the same file: the same name, or names equal without `./` "
         "segments and repeated slashes, ignoring case, in Unicode NFC.",
         "A tar extractor keeps the last copy (on Windows and macOS, whichever comes last of names "
         "differing in case or accents): the copy restored may not be the one a reader or a check "
         "looked at.",
         "Re-create the backup instead of appending to it; never add files to it by hand."),
    Rule("MBZ-UNUSED-FILE", "mbz", "warning",
         "Every file is one restore reads: an XML file, or a file-store entry files.xml lists "
         "(Moodle's own `.ARCHIVE_INDEX` and `moodle_backup.log` aside).",
         "Restore ignores it, yet it is extracted on the server; in a backup nobody edited it is "
         "never there.",
         "Re-create the backup; never add files to it by hand."),
    Rule("MBZ-XML", "mbz", "error",
         "Every XML file of the backup is well-formed, without DTD or entities.",
         "Restore stops at the first XML error, possibly after it created part of the course.",
         "Fix the XML file the message names."),
    Rule("MBZ-STRUCTURE", "mbz", "error",
         "moodle_backup.xml describes a course backup (moodle2) and every section and activity it lists "
         "has the files restore reads.",
         "Restore refuses the backup or stops at the missing file, leaving a half-made course.",
         "Re-create the backup; do not add or remove folders by hand."),
    Rule("MBZ-FILE-MISSING", "mbz", "error",
         "Every file files.xml lists is in the file store (files/xx/<sha1>).",
         "Moodle restores the record without its content: the activity shows a missing file.",
         "Re-create the backup with its files included."),
    Rule("MBZ-FILE-HASH", "mbz", "error",
         "Every stored file has the SHA-1 content hash and the size files.xml gives it, and each inforef "
         "names a file files.xml lists.",
         "Moodle's file store is addressed by content hash: a wrong hash serves other bytes, or none.",
         "Re-create the backup; never edit files inside it."),
    Rule("MBZ-ACTIVITY-PACKAGE", "mbz", "error",
         "Each SCORM and H5P activity holds its package; a SCORM activity's unpacked content is the "
         "package's files, no more, no fewer, the same bytes, and its SCOs in scorm.xml are the "
         "package manifest's (identifiers, launch pages).",
         "Restore copies all three as they are, and Moodle launches the SCOs of scorm.xml from the "
         "content: without a package the activity has nothing to play, otherwise learners would be "
         "served pages that are not the package's.",
         "Re-create the course backup from the packages with `scormpack course`."),
    Rule("MBZ-COMPLETION", "mbz", "error",
         "Each activity criterion of completion.xml names an activity of the backup (its moduleid in "
         "moodle_backup.xml and its module name), once, and that activity has completion tracking on.",
         "Restore drops a criterion whose activity is not in the backup, without a word: the course then "
         "completes without it. A criterion on an activity without completion tracking is never met: "
         "no learner ever completes the course.",
         "Re-create the backup with `scormpack course`; in Moodle, set the criteria again on the "
         "course's « Course completion » page."),
)

# What each folder needs for restore to go through (the other files are optional to it).
_ACTIVITY_FILES = ("module.xml", "inforef.xml")
_SECTION_FILES = ("section.xml",)
# What Moodle's own backups hold beside the XML and the store: the packer's index of the archive
# and the backup's log. Restore reads neither, but they are no sign of tampering.
MOODLE_EXTRAS = frozenset({".ARCHIVE_INDEX", "moodle_backup.log"})
_PACKAGE_AREAS = {"scorm": ("mod_scorm", "package"), "h5pactivity": ("mod_h5pactivity", "package")}


@dataclass(frozen=True)
class StoredFile:
    id: str
    contextid: str
    component: str
    filearea: str
    filepath: str
    filename: str
    sha1: str
    size: int | None  # None: not a number Moodle reads (see `size_text`)
    size_text: str


def content_path(sha1: str) -> str:
    return f"files/{sha1[:2]}/{sha1}"


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    text = data.decode("utf-8", errors="strict")
    if "<!ENTITY" in text or "<!DOCTYPE" in text:
        raise ValueError("DTD or entity declarations")
    return etree.fromstring(data, parser)


def _text(node: etree._Element | None, path: str) -> str:
    found = None if node is None else node.find(path)
    return "" if found is None or found.text is None else found.text.strip()


def _size(text: str) -> int | None:
    # ASCII digits only, as PHP reads a number: str.isdigit() also takes « ² » and « ٢٧ », which
    # int() refuses or reads as a size Moodle would not.
    return int(text) if text.isascii() and text.isdigit() else None


def _files(root: etree._Element) -> dict[str, StoredFile]:
    out: dict[str, StoredFile] = {}
    for node in root.iterfind("file"):
        size = _text(node, "filesize")
        out[node.get("id", "")] = StoredFile(
            node.get("id", ""), _text(node, "contextid"), _text(node, "component"), _text(node, "filearea"),
            _text(node, "filepath"), _text(node, "filename"), _text(node, "contenthash").lower(),
            _size(size), size,
        )
    return out


def check_mbz_path(path: Path, label: str, limits: ZipLimits) -> list[Finding]:
    try:
        listing = list_backup(path, limits)
    except BackupBomb as err:
        return [finding("MBZ-BOMB", label, str(err))]
    except BackupUnreadable as err:
        return [finding("MBZ-UNREADABLE", label, str(err))]
    findings = _check_entry_names(listing, label)
    trees: dict[str, etree._Element] = {}
    for name in sorted(listing.bad_xml_sizes):
        findings.append(finding("MBZ-BOMB", label, "XML file too large to be part of a course backup", member=name))
    for name, data in sorted(listing.xml.items()):
        try:
            trees[name] = _parse(data)
        except (etree.XMLSyntaxError, ValueError) as err:
            findings.append(finding("MBZ-XML", label, f"not safe, well-formed XML: {err}", member=name))
    if "moodle_backup.xml" not in trees:
        if "moodle_backup.xml" not in listing.xml:
            findings.append(finding("MBZ-STRUCTURE", label, "no moodle_backup.xml at the root: not a Moodle backup"))
        return findings
    activities = _check_structure(trees, listing, label, findings)
    files = _check_store(trees, listing, label, findings)
    findings += _check_unused(listing, files, label)
    findings += check_completion(trees, label)
    findings += _check_packages(path, activities, trees, files, listing.offsets, label, limits)
    return findings


def _check_entry_names(listing: BackupListing, label: str) -> list[Finding]:
    """Names an extractor would write outside its folder, and names it would write twice."""
    findings = [
        finding("MBZ-SLIP", label, f"unsafe entry name ({reason}); an extractor could write outside "
                "the restore folder", member=name)
        for name in listing.entries if (reason := unsafe_reason(name))
    ]
    first_of: dict[str, str] = {}
    for name in listing.files:
        key = extracted_key(name)
        if key not in first_of:
            first_of[key] = name
        elif first_of[key] == name:
            findings.append(finding("MBZ-DUPLICATE", label, "the backup holds this name twice: an extractor "
                                    "keeps the last copy, the one checked here", member=name))
        else:
            findings.append(finding("MBZ-DUPLICATE", label, f"extracts to the same file as `{first_of[key]}` "
                                    "(an extractor keeps the last of them)", member=name))
    return findings


def _check_unused(listing: BackupListing, files: dict[str, StoredFile], label: str) -> list[Finding]:
    listed = {content_path(f.sha1) for f in files.values()}
    unsafe = {path for raw, path in zip(listing.files, listing.names, strict=True) if unsafe_reason(raw)}
    findings: list[Finding] = []
    for name in sorted(set(listing.names) - unsafe):  # an unsafe name is MBZ-SLIP already
        if name in MOODLE_EXTRAS or name in listed:
            continue
        if STORE_NAME.fullmatch(name):
            why = "a file-store entry files.xml does not list"
        elif name.endswith(".xml") and not name.startswith("files/"):
            continue
        else:
            why = "neither an XML file nor a file-store entry"
        findings.append(finding("MBZ-UNUSED-FILE", label, f"{why}: restore never reads it", member=name))
    return findings


def _check_structure(
    trees: dict[str, etree._Element], listing: BackupListing, label: str, findings: list[Finding]
) -> list[tuple[str, str, str]]:
    """The activities listed, as (directory, module name, title); structure findings appended."""
    info = trees["moodle_backup.xml"].find("information")
    detail = None if info is None else info.find("details/detail")
    if info is None or detail is None:
        findings.append(finding("MBZ-STRUCTURE", label, "moodle_backup.xml has no information/details",
                                member="moodle_backup.xml"))
        return []
    kind, fmt = _text(detail, "type"), _text(detail, "format")
    if kind != "course" or fmt != "moodle2":
        findings.append(finding("MBZ-STRUCTURE", label,
                                f"a {kind or '?'} backup in format {fmt or '?'} (expected a course backup, moodle2)",
                                member="moodle_backup.xml"))
    names = set(listing.names)
    required = ["course/course.xml", "files.xml"]
    sections = [(_text(s, "directory"), _text(s, "title")) for s in info.iterfind("contents/sections/section")]
    activities = [
        (_text(a, "directory"), _text(a, "modulename"), _text(a, "title"))
        for a in info.iterfind("contents/activities/activity")
    ]
    for directory, _ in sections:
        required += [f"{directory}/{f}" for f in _SECTION_FILES]
    for directory, module, _ in activities:
        required += [f"{directory}/{f}" for f in (*_ACTIVITY_FILES, f"{module}.xml")]
    for name in required:
        if name not in names:
            findings.append(finding("MBZ-STRUCTURE", label, "listed by moodle_backup.xml but missing", member=name))
    for directory, module, title in activities:
        module_xml = trees.get(f"{directory}/module.xml")
        if module_xml is not None and _text(module_xml, "modulename") != module:
            findings.append(finding(
                "MBZ-STRUCTURE", label, f"activity « {title} »: module.xml says {_text(module_xml, 'modulename')!r}, "
                f"moodle_backup.xml {module!r}", member=f"{directory}/module.xml"))
    return activities


def _check_store(
    trees: dict[str, etree._Element], listing: BackupListing, label: str, findings: list[Finding]
) -> dict[str, StoredFile]:
    root = trees.get("files.xml")
    files = {} if root is None else _files(root)
    for record in files.values():
        if record.filename == ".":
            continue
        entry = content_path(record.sha1)
        where = f"{record.component}/{record.filearea}{record.filepath}{record.filename}"
        if entry not in listing.store:
            findings.append(finding("MBZ-FILE-MISSING", label, f"{where} (file {record.id}) is not in the store",
                                    member=entry))
            continue
        sha1, size = listing.store[entry]
        if sha1 != record.sha1:
            findings.append(finding("MBZ-FILE-HASH", label, f"{where}: the bytes hash to {sha1}", member=entry))
        elif record.size is None:
            findings.append(finding("MBZ-FILE-HASH", label, f"{where}: files.xml says filesize "
                                    f"{record.size_text!r} (expected the size in ASCII digits)", member=entry))
        elif size != record.size:
            findings.append(finding("MBZ-FILE-HASH", label,
                                    f"{where}: {size} bytes, files.xml says {record.size}", member=entry))
    for name, tree in sorted(trees.items()):
        if name.endswith("/inforef.xml"):
            for node in tree.iterfind("fileref/file"):
                file_id = _text(node, "id")
                if file_id not in files:
                    findings.append(finding("MBZ-FILE-HASH", label, f"file {file_id} is not in files.xml",
                                            member=name))
    return files


def _activity_files(
    directory: str, trees: dict[str, etree._Element], files: dict[str, StoredFile]
) -> list[StoredFile]:
    inforef = trees.get(f"{directory}/inforef.xml")
    if inforef is None:
        return []
    ids = [_text(n, "id") for n in inforef.iterfind("fileref/file")]
    return [files[i] for i in ids if i in files]


def _named(findings: list[Finding], title: str) -> list[Finding]:
    return [replace(f, message=f"activity « {title} »: {f.message}") for f in findings]


def _check_packages(
    path: Path, activities: list[tuple[str, str, str]], trees: dict[str, etree._Element],
    files: dict[str, StoredFile], offsets: dict[str, int], label: str, limits: ZipLimits,
) -> list[Finding]:
    from scormpack.validate.check import check_members

    findings: list[Finding] = []
    wanted: dict[str, tuple[str, str, StoredFile, list[StoredFile]]] = {}
    for directory, module, title in activities:
        if module not in _PACKAGE_AREAS:
            continue
        component, area = _PACKAGE_AREAS[module]
        own = _activity_files(directory, trees, files)
        packages = [f for f in own if (f.component, f.filearea) == (component, area) and f.filename != "."]
        if len(packages) != 1:
            findings.append(finding("MBZ-ACTIVITY-PACKAGE", label,
                                    f"activity « {title} » has {len(packages)} package files (expected 1)",
                                    member=directory))
            continue
        content = [f for f in own if (f.component, f.filearea) == ("mod_scorm", "content") and f.filename != "."]
        wanted[content_path(packages[0].sha1)] = (directory, title, packages[0], content)
    if not wanted:
        return findings
    try:
        # The copy an extractor keeps, should the name be there twice (MBZ-DUPLICATE).
        blobs = read_store_files(path, {e: offsets[e] for e in wanted if e in offsets}, limits)
    except BackupUnreadable as err:
        return [*findings, finding("MBZ-UNREADABLE", label, str(err))]
    for entry, (directory, title, package, content) in wanted.items():
        if entry not in blobs:
            continue  # reported as MBZ-FILE-MISSING
        sublabel = f"{label}:{directory}/{package.filename}"
        archive, members, container = open_zip(io.BytesIO(blobs[entry]), sublabel, limits)  # type: ignore[arg-type]
        found = list(container)
        if archive is not None and members is not None:
            try:
                found += check_members(members, sublabel)
                if package.component == "mod_scorm":
                    found += _check_content(archive, content, sublabel, directory)
                    scorm_xml = f"{directory}/scorm.xml"
                    if scorm_xml in trees:
                        found += _check_scoes(archive, trees[scorm_xml], label, scorm_xml)
            finally:
                archive.close()
        findings += _named(found, title)
    return findings


def _check_content(
    archive: zipfile.ZipFile, content: list[StoredFile], label: str, directory: str
) -> list[Finding]:
    """The `content` area is what learners are served: it must be the package, unpacked."""
    import hashlib

    stored = {posixpath.join(f.filepath, f.filename).lstrip("/"): f.sha1 for f in content}
    findings: list[Finding] = []
    packaged: set[str] = set()
    for info in archive.infolist():
        if info.is_dir():
            continue
        packaged.add(info.filename)
        sha1 = hashlib.sha1(archive.read(info)).hexdigest()
        if stored.get(info.filename) != sha1:
            what = "missing from" if info.filename not in stored else "different in"
            findings.append(finding("MBZ-ACTIVITY-PACKAGE", label,
                                    f"{info.filename} is {what} the activity's unpacked content",
                                    member=info.filename))
    # Both ways: a page added to the content area is served to learners as if it were the package's.
    for name in sorted(set(stored) - packaged):
        findings.append(finding("MBZ-ACTIVITY-PACKAGE", label,
                                f"{name} is in the activity's unpacked content but not in the package",
                                member=name))
    return findings


def _check_scoes(archive: zipfile.ZipFile, scorm: etree._Element, label: str, member: str) -> list[Finding]:
    """scorm.xml's SCOs are what Moodle launches (restore does not parse the package again): each
    identifier and launch page must be the one mod_scorm makes of the package's manifest."""
    from scormpack.moodle.activities import scoes_of

    try:
        expected = {sco.identifier: sco.launch for sco in scoes_of(archive.read(MANIFEST))}
    except (KeyError, etree.LxmlError, ValueError):
        return []  # the package's own checks say why its manifest cannot be read
    restored: dict[str, str] = {}
    for sco in scorm.iterfind("scorm/scoes/sco"):
        restored.setdefault(_text(sco, "identifier"), _text(sco, "launch"))
    findings: list[Finding] = []
    for identifier, launch in restored.items():
        shown = f"launches {launch}" if launch else "launches nothing"
        if identifier not in expected:
            message = f"the SCO '{identifier}' ({shown}) is not in the package's manifest"
        elif expected[identifier] != launch:
            message = (f"the SCO '{identifier}' {shown}, where the package's manifest launches "
                       f"{expected[identifier] or 'nothing'}")
        else:
            continue
        findings.append(finding("MBZ-ACTIVITY-PACKAGE", label, message, member=member))
    for identifier in sorted(expected.keys() - restored.keys()):
        findings.append(finding("MBZ-ACTIVITY-PACKAGE", label,
                                f"the package's SCO '{identifier}' is missing from scorm.xml", member=member))
    return findings

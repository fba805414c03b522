"""`validate --previous OLD`: what replacing OLD by the new package does to the learners' tracking.

Moodle (mod/scorm, `scorm_parse_scorm`) matches the items of a replaced package with the stored
ones by `identifier` only. A matched item keeps its row, hence its learners' tracks; an item whose
identifier is gone has its row deleted together with every track recorded on it (attempts, scores,
interactions), and the grades computed from them drop. Only items that launch a SCO carry tracks.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from scormpack.errors import ScormpackError
from scormpack.validate.container import open_zip
from scormpack.validate.findings import Finding
from scormpack.validate.rules import finding
from scormpack.validate.safexml import MANIFEST, parse_manifest
from scormpack.validate.sources import FolderMembers, MemberUnreadable


class PreviousUnreadable(ScormpackError):
    """The package given as the previous version has no manifest that can be read."""


def _local(name: object) -> str:
    return etree.QName(name).localname if isinstance(name, str) else ""


def _manifest_root(path: Path) -> etree._Element | None:
    label = str(path)
    if path.is_dir():
        members = FolderMembers(path)
        archive = None
    else:
        archive, members, _ = open_zip(path, label)
        if members is None:
            return None
    try:
        data = members[MANIFEST]
    except (KeyError, MemberUnreadable):
        return None
    finally:
        if archive is not None:
            archive.close()
    return parse_manifest(data, label).root


def tracked_items(root: etree._Element) -> dict[str, str]:
    """Identifier → title of every item that launches a SCO (SCORM 1.2 `scormtype`, 2004 `scormType`)."""
    scos = set()
    for element in root.iter():
        if _local(element.tag) == "resource":
            kinds = [value for name, value in element.attrib.items() if _local(name).lower() == "scormtype"]
            if kinds and kinds[0].strip().lower() == "sco":
                scos.add(element.get("identifier"))
    items: dict[str, str] = {}
    for element in root.iter():
        if _local(element.tag) == "item" and element.get("identifierref") in scos and element.get("identifier"):
            title = next((c.text or "" for c in element if _local(c.tag) == "title"), "")
            items[element.get("identifier", "")] = " ".join(title.split())
    return items


def not_comparable(path: Path) -> str | None:
    """Why `path` cannot be compared with an old version, or None. A course backup restores as new
    activities and an .h5p has no SCOs: neither replaces a SCORM package's tracks."""
    suffix = Path(path).suffix.lower()
    if path.is_file() and suffix == ".mbz":
        return (f"{path} is a course backup: restoring it makes new activities, it replaces no package "
                "(--previous compares a SCORM package, .zip or folder, with the one now in the activity)")
    if path.is_file() and suffix == ".h5p":
        return (f"{path} is an H5P package, which has no SCO tracking (--previous compares a SCORM package, "
                ".zip or folder, with the one now in the activity)")
    return None


def check_previous(path: Path, previous: Path) -> list[Finding]:
    """Findings about `path` replacing `previous` in an LMS activity; PreviousUnreadable when the
    previous package cannot be read (nothing can be compared then)."""
    old_root = _manifest_root(Path(previous))
    if old_root is None:
        raise PreviousUnreadable(f"{previous}: no readable imsmanifest.xml to compare with (expected a SCORM package)")
    new_root = _manifest_root(Path(path))
    if new_root is None:
        return []  # the package's own checks already say why its manifest cannot be read
    old, new = tracked_items(old_root), tracked_items(new_root)
    lost = [identifier for identifier in old if identifier not in new]
    if not lost:
        return []
    kept = ", ".join(sorted(new)) or "none"
    return [
        finding(
            "SCORM-TRACKING-LOST", str(path),
            f"the SCO '{identifier}' ({old[identifier] or 'untitled'}) of {previous} is gone (SCOs here: {kept}): "
            "uploading this package over the old one deletes its learners' tracks and grades",
            member=MANIFEST,
        )
        for identifier in lost
    ]

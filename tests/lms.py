"""Open a SCORM 1.2 zip the way an LMS does: root manifest, default organization, launch file."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"


@dataclass
class Imported:
    names: list[str]
    manifest: etree._Element
    launch: str
    scormtype: str
    masteryscore: str | None
    listed_files: list[str]


def import_scorm12(path: Path) -> Imported:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert "imsmanifest.xml" in names, "manifest must sit at the zip root"
        manifest = etree.fromstring(archive.read("imsmanifest.xml"), etree.XMLParser(resolve_entities=False))
    # Moodle's parser is not namespace aware: it looks for the literal prefix.
    raw = etree.tostring(manifest).decode()
    assert "adlcp:scormtype" in raw
    organizations = manifest.find(f"{CP}organizations")
    default = organizations.get("default")
    organization = next(o for o in organizations.findall(f"{CP}organization") if o.get("identifier") == default)
    items = organization.findall(f".//{CP}item")
    launchable = [i for i in items if i.get("identifierref")]
    assert len(launchable) == 1, "one SCO"
    ref = launchable[0].get("identifierref")
    resource = next(r for r in manifest.iter(f"{CP}resource") if r.get("identifier") == ref)
    mastery = launchable[0].find(f"{{{ADLCP}}}masteryscore")
    return Imported(
        names=names,
        manifest=manifest,
        launch=resource.get("href"),
        scormtype=resource.get(f"{{{ADLCP}}}scormtype"),
        masteryscore=mastery.text if mastery is not None else None,
        listed_files=[f.get("href") for f in resource.findall(f"{CP}file")],
    )

"""imsmanifest.xml for a SCORM 1.2 package: one organization, one item, one SCO."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from scormpack.lom import IMSMD, lom_element
from scormpack.model import Resource

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd")
SCHEMA_LOCATION = (
    f"{IMSCP} imscp_rootv1p1p2.xsd {IMSMD} imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd"
)


def identifiers(resource: Resource) -> dict[str, str]:
    """Identifiers come from the resource's identity only (its `identifier:`, else its file's slug),
    so a re-upload keeps the LMS's tracking data: Moodle matches the old and new SCOs by identifier."""
    base = f"scormpack-{resource.identity}"
    return {
        "manifest": f"MANIFEST-{base}",
        "organization": f"ORG-{base}",
        "item": f"ITEM-{base}",
        "resource": f"RES-{base}",
    }


def manifest_xml(
    resource: Resource, files: Iterable[str], mastery_score: int, lang: str, version: str = "1"
) -> bytes:
    ids = identifiers(resource)

    def cp(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
        element = etree.SubElement(parent, f"{{{IMSCP}}}{name}", attrs)
        if text is not None:
            element.text = text
        return element

    # The prefix must be literally `adlcp`: Moodle matches qualified names, not namespaces.
    root = etree.Element(
        f"{{{IMSCP}}}manifest",
        nsmap={None: IMSCP, "adlcp": ADLCP, "imsmd": IMSMD, "xsi": XSI},
        identifier=ids["manifest"],
        version=version,
    )
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)

    metadata = cp(root, "metadata")
    cp(metadata, "schema", "ADL SCORM")
    cp(metadata, "schemaversion", "1.2")
    lom_element(resource, lang, ids["manifest"], parent=metadata)

    organizations = cp(root, "organizations", default=ids["organization"])
    organization = cp(organizations, "organization", identifier=ids["organization"])
    cp(organization, "title", resource.title)
    item = cp(organization, "item", identifier=ids["item"], identifierref=ids["resource"], isvisible="true")
    cp(item, "title", resource.title)
    etree.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(mastery_score)

    resources = cp(root, "resources")
    sco = cp(resources, "resource", identifier=ids["resource"], type="webcontent", href="index.html")
    sco.set(f"{{{ADLCP}}}scormtype", "sco")
    for name in files:
        cp(sco, "file", href=name)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8", pretty_print=True)

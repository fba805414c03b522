"""IEEE LOM (IMS Metadata 1.2.1 binding) for a resource: what a catalogue shows of the package."""

from __future__ import annotations

from lxml import etree

from scormpack.model import Resource
from scormpack.text import slugify

IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# French credit roles → the LOMv1.0 contributor vocabulary; the French wording travels in the vCard.
_LOM_ROLES = {
    "scenario": "Script Writer",
    "scenariste": "Script Writer",
    "ecriture": "Script Writer",
    "auteur": "Author",
    "autrice": "Author",
    "realisation": "Technical Implementer",
    "montage": "Technical Implementer",
    "production": "Content Provider",
    "direction-de-publication": "Publisher",
    "edition": "Editor",
    "conception-pedagogique": "Instructional Designer",
    "graphisme": "Graphical Designer",
    "illustration": "Graphical Designer",
    "validation-pedagogique": "Educational Validator",
}


def _md(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{IMSMD}}}{name}")
    if text is not None:
        element.text = text
    return element


def _langstring(parent: etree._Element, name: str, text: str, lang: str) -> etree._Element:
    element = _md(parent, name)
    _md(element, "langstring", text).set(XML_LANG, lang)
    return element


def _vocabulary(parent: etree._Element, name: str, value: str) -> None:
    element = _md(parent, name)
    _md(_md(element, "source"), "langstring", "LOMv1.0").set(XML_LANG, "x-none")
    _md(_md(element, "value"), "langstring", value).set(XML_LANG, "x-none")


def _vcard(name: str, role: str) -> str:
    def esc(value: str) -> str:
        return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")

    return f"BEGIN:VCARD\nVERSION:3.0\nFN:{esc(name)}\nN:{esc(name)};;;;\nROLE:{esc(role)}\nEND:VCARD"


def lom_element(
    resource: Resource, lang: str, catalog_id: str, parent: etree._Element | None = None
) -> etree._Element:
    """The LOM record, built inside `parent` when given. Building it in place matters: appending a
    finished tree to another document costs lxml a namespace fix-up per element against all the
    others, quadratic in the number of credits."""
    if parent is None:
        lom = etree.Element(f"{{{IMSMD}}}lom", nsmap={"imsmd": IMSMD})
    else:
        lom = etree.SubElement(parent, f"{{{IMSMD}}}lom")
    general = _md(lom, "general")
    _md(general, "identifier", catalog_id)
    _langstring(general, "title", resource.title, lang)
    _md(general, "language", lang)
    _langstring(general, "description", resource.description, lang)
    _langstring(general, "keyword", resource.area, lang)

    lifecycle = _md(lom, "lifecycle")
    for credit in resource.credits:
        for name in credit.names:
            contribute = _md(lifecycle, "contribute")
            _vocabulary(contribute, "role", _LOM_ROLES.get(slugify(credit.role), "Unknown"))
            _md(_md(contribute, "centity"), "vcard", _vcard(name, credit.role))

    meta = _md(lom, "metametadata")
    _md(meta, "metadatascheme", "LOMv1.0")
    _md(meta, "language", lang)

    technical = _md(lom, "technical")
    _md(technical, "format", "text/html")
    _md(technical, "location", resource.video_page_url).set("type", "URI")

    educational = _md(lom, "educational")
    _vocabulary(educational, "interactivitytype", "Mixed")
    _vocabulary(educational, "learningresourcetype", "Narrative Text")
    _vocabulary(educational, "intendedenduserrole", "Teacher")
    _vocabulary(educational, "context", "Other")

    rights = _md(lom, "rights")
    _vocabulary(rights, "cost", "no")
    _vocabulary(rights, "copyrightandotherrestrictions", "yes")
    return lom

"""SCORM and LMS rules the XSDs cannot express: references, identifiers, values, prefixes.

Each function takes the parsed manifest through a `Manifest` context and adds findings to it; the
checks that also need the package's files live in `scorm_files.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lxml import etree

from scormpack.validate.findings import Finding
from scormpack.validate.rules import finding
from scormpack.validate.safexml import MANIFEST, element_path
from scormpack.validate.xsd_sets import ADLCP12_NS, ADLCP2004_NS, CP12_NS

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
SCORM12 = "scorm12"
SCORM2004 = "scorm2004"
SCORM2004_VERSIONS = {"2004 2nd Edition", "2004 3rd Edition", "2004 4th Edition", "CAM 1.3", "1.3"}

_TIMESPAN = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$")  # CMITimespan, as Moodle parses it
_DECIMAL = re.compile(r"^\d{1,3}(\.\d+)?$")
TIME_LIMIT_ACTIONS = ("exit,message", "exit,no message", "continue,message", "continue,no message")


@dataclass
class Manifest:
    """A parsed manifest and what the rules need to know about it."""

    root: etree._Element
    label: str
    version: str  # SCORM12 or SCORM2004
    findings: list[Finding] = field(default_factory=list)
    cp: str = ""  # the IMS CP namespace of the root element
    source: bytes = b""  # the manifest as read, for checks about how it is written

    def __post_init__(self) -> None:
        self.cp = etree.QName(self.root).namespace or ""

    @property
    def adlcp(self) -> str:
        return ADLCP2004_NS if self.version == SCORM2004 else ADLCP12_NS

    def q(self, local: str) -> str:
        return f"{{{self.cp}}}{local}"

    def add(self, rule: str, message: str, el: etree._Element | None = None) -> None:
        self.findings.append(finding(
            rule, self.label, message, member=MANIFEST,
            line=el.sourceline if el is not None else None,
            xpath=element_path(el) if el is not None else None,
        ))

    def organizations(self) -> etree._Element | None:
        return self.root.find(self.q("organizations"))

    def resources(self) -> list[etree._Element]:
        return list(self.root.iterfind(f"{self.q('resources')}/{self.q('resource')}"))

    def resource_ids(self) -> dict[str, etree._Element]:
        return {r.get("identifier", ""): r for r in self.resources() if r.get("identifier")}


def detect_version(root: etree._Element) -> str:
    """SCORM 1.2 or 2004. The 1.2 CP namespace means 1.2 whatever schemaversion says (a wrong value
    is reported by check_schemaversion); the CP 1.1.4 namespace is shared by 2004 and by some 1.2
    exporters, so schemaversion decides there, as in Moodle; 1.2 by default."""
    cp = etree.QName(root).namespace or ""
    if cp == CP12_NS:
        return SCORM12
    version = (root.findtext(f"{{{cp}}}metadata/{{{cp}}}schemaversion") or "").strip()
    if version in SCORM2004_VERSIONS or version.startswith("2004"):
        return SCORM2004
    return SCORM12


def check_schemaversion(m: Manifest) -> None:
    metadata = m.root.find(m.q("metadata"))
    schema_el = metadata.find(m.q("schema")) if metadata is not None else None
    version_el = metadata.find(m.q("schemaversion")) if metadata is not None else None
    where = metadata if metadata is not None else m.root
    if schema_el is None or (schema_el.text or "").strip() != "ADL SCORM":
        found = "missing" if schema_el is None else f"`{(schema_el.text or '').strip()}`"
        m.add("SCORM-SCHEMAVERSION", f"metadata/schema is {found}, expected `ADL SCORM`",
              schema_el if schema_el is not None else where)
    value = (version_el.text or "").strip() if version_el is not None else None
    if m.version == SCORM12 and value != "1.2":
        found = "missing (Moodle assumes 1.2)" if value is None else f"`{value}`"
        if value and value != "1.2":
            found += " (Moodle would run it with another SCORM runtime)"
        m.add("SCORM-SCHEMAVERSION", f"metadata/schemaversion is {found}, expected `1.2`",
              version_el if version_el is not None else where)


def check_identifiers(m: Manifest) -> None:
    """Manifest, organizations, items and resources share one ID space (xs:ID)."""
    first: dict[str, etree._Element] = {}
    for el in m.root.iter(m.q("manifest"), m.q("organization"), m.q("item"), m.q("resource")):
        ident = el.get("identifier")
        if not ident:
            continue
        if ident in first:
            m.add("SCORM-ID-DUPLICATE",
                  f"identifier `{ident}` is already used at line {first[ident].sourceline}", el)
        else:
            first[ident] = el


def default_organization(m: Manifest) -> etree._Element | None:
    """Check organizations@default; return the organization a learner would get."""
    orgs_el = m.organizations()
    if orgs_el is None:
        return None  # the XSD reports the missing element
    orgs = list(orgs_el.iterfind(m.q("organization")))
    if not orgs:
        m.add("SCORM-DEFAULT-ORG", "no <organization>: the LMS has no course structure to show", orgs_el)
        return None
    default = orgs_el.get("default")
    if default is None:
        m.add("SCORM-DEFAULT-ORG-MISSING", "organizations has no `default` attribute", orgs_el)
        return orgs[0]
    for org in orgs:
        if org.get("identifier") == default:
            return org
    m.add("SCORM-DEFAULT-ORG", f"organizations@default `{default}` names no <organization>", orgs_el)
    return None


def check_references(m: Manifest) -> None:
    resources = m.resource_ids()
    for el in m.root.iter(m.q("item"), m.q("dependency")):
        ref = el.get("identifierref")
        if ref is not None and ref not in resources:
            kind = "item" if el.tag == m.q("item") else "dependency"
            m.add("SCORM-IDREF", f"{kind} identifierref `{ref}` names no <resource>", el)


def check_scormtype(m: Manifest) -> None:
    # SCORM 2004 renamed the attribute scormType; both say sco/asset.
    attr = f"{{{m.adlcp}}}{'scormType' if m.version == SCORM2004 else 'scormtype'}"
    for res in m.resources():
        if res.get(attr) is None:
            m.add("SCORM-SCORMTYPE",
                  f"resource `{res.get('identifier')}` has no adlcp:{etree.QName(attr).localname}; "
                  "Moodle will treat it as an asset (no tracking)", res)


def check_adlcp_prefix(m: Manifest) -> None:
    """Moodle matches the literal qualified names ADLCP:…, so the namespace must use that prefix."""
    # Fast path for the build: when every declaration of the namespace in the text reads
    # xmlns:adlcp="…", nothing can be wrong. Otherwise ask libxml2 where the other binding is.
    declared = re.findall(rb"""xmlns(:[\w.-]+)?\s*=\s*["']""" + re.escape(m.adlcp.encode()) + rb"""["']""",
                          m.source)
    if declared and all(prefix == b":adlcp" for prefix in declared):
        return
    offenders = m.root.xpath(
        "descendant-or-self::*[namespace::*[. = $ns and name() != 'adlcp']][1]", ns=m.adlcp
    )
    for el in offenders:
        prefixes = [p for p, ns in el.nsmap.items() if ns == m.adlcp and p != "adlcp"]
        shown = f"prefix `{prefixes[0]}`" if prefixes and prefixes[0] else "the default namespace"
        m.add("SCORM-ADLCP-PREFIX", f"the ADL namespace is bound to {shown}, not `adlcp`", el)


def check_item_extensions(m: Manifest) -> None:
    """SCORM 1.2 item extensions whose values the LMS hands to the SCO."""
    adl = m.adlcp
    for el in m.root.iter(f"{{{adl}}}masteryscore"):
        text = (el.text or "").strip()
        try:
            ok = bool(_DECIMAL.match(text)) and Decimal(text) <= 100
        except InvalidOperation:
            ok = False
        if not ok:
            m.add("SCORM-MASTERYSCORE", f"masteryscore `{text}` is not a number from 0 to 100", el)
    for el in m.root.iter(f"{{{adl}}}maxtimeallowed"):
        text = (el.text or "").strip()
        if not _TIMESPAN.match(text):
            m.add("SCORM-MAXTIME", f"maxtimeallowed `{text}` is not a CMITimespan HH[HH]:MM:SS[.SS]", el)
    for el in m.root.iter(f"{{{adl}}}timelimitaction"):
        text = (el.text or "").strip()
        if text not in TIME_LIMIT_ACTIONS:
            m.add("SCORM-TIMELIMITACTION", f"timelimitaction `{text}` is not one of "
                  + ", ".join(f"`{v}`" for v in TIME_LIMIT_ACTIONS), el)
    for el in m.root.iter(f"{{{adl}}}datafromlms"):
        text = el.text or ""
        if len(text) > 255:
            m.add("SCORM-DATAFROMLMS", f"datafromlms is {len(text)} characters, over 255", el)

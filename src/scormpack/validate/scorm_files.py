"""Rules that confront the manifest with the files of the package: launch, file lists, XSDs, API calls."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from functools import cache
from urllib.parse import unquote, urlsplit

from lxml import etree

from scormpack.data import schemas_dir
from scormpack.validate.rules import finding
from scormpack.validate.safexml import MANIFEST
from scormpack.validate.scorm_rules import SCORM2004, XML_BASE, Manifest, default_organization
from scormpack.validate.sources import MemberUnreadable, member_size

XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
_SCANNED = (".html", ".htm", ".xhtml", ".js", ".mjs")
_SCAN_LIMIT = 20 << 20  # bigger "pages" are not pages: skip rather than load them
_MAX_UNLISTED = 20
_INCLUDE = re.compile(rb"""<xsd?:(?:import|include)\b[^>]*\bschemaLocation\s*=\s*["']([^"']+)["']""")


def _resolve(href: str, *bases: str | None) -> str | None:
    """The member name an href points to, or None for an absolute URL (nothing to find in the zip)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    for base in reversed([b for b in bases if b]):
        if urlsplit(base).scheme:
            return None
        path = posixpath.join(unquote(base), path)
    return posixpath.normpath(path).lstrip("/") if path else ""


def _bases(m: Manifest, res: etree._Element) -> tuple[str | None, ...]:
    resources = res.getparent()
    return (m.root.get(XML_BASE), resources.get(XML_BASE) if resources is not None else None, res.get(XML_BASE))


def resource_files(m: Manifest, res: etree._Element) -> list[tuple[etree._Element, str]]:
    """(file element, member name) for each <file href> of a resource that is not an absolute URL."""
    out = []
    for el in res.iterfind(m.q("file")):
        name = _resolve(el.get("href", ""), *_bases(m, res))
        if name:
            out.append((el, name))
    return out


def launch_name(m: Manifest, res: etree._Element) -> str | None:
    href = res.get("href")
    return _resolve(href, *_bases(m, res)) if href else None


def check_launch(m: Manifest, members: Mapping[str, bytes]) -> None:
    resources = m.resource_ids()
    org = default_organization(m)
    launched = False
    for item in (org.iter(m.q("item")) if org is not None else ()):
        res = resources.get(item.get("identifierref", "\x00"))
        if res is None:
            continue  # no reference (a folder item) or a dangling one, reported by SCORM-IDREF
        href = res.get("href")
        if not href:
            m.add("SCORM-LAUNCH", f"item `{item.get('identifier')}` launches resource "
                  f"`{res.get('identifier')}`, which has no href", item)
            continue
        name = launch_name(m, res)
        if name is not None and name not in members:
            m.add("SCORM-LAUNCH", f"resource `{res.get('identifier')}` launches `{href}`, "
                  "which is not in the package", res)
            continue
        launched = True
    # Dangling references (SCORM-IDREF) and launch errors already say why nothing launches.
    if org is not None and not launched and not any(
        f.rule in ("SCORM-LAUNCH", "SCORM-IDREF") for f in m.findings
    ):
        m.add("SCORM-LAUNCH", f"organization `{org.get('identifier')}` has no item that launches a "
              "resource", org)


def check_files_exist(m: Manifest, members: Mapping[str, bytes]) -> None:
    for res in m.resources():
        for el, name in resource_files(m, res):
            if name not in members:
                m.add("SCORM-FILE-MISSING", f"file `{el.get('href')}` is not in the package", el)


@cache
def _our_imports(version_folder: str, filename: str) -> tuple[str, ...]:
    """The files our own copy of an XSD imports or includes, recursively (e.g. imscp → ims_xml.xsd)."""
    seen: list[str] = []
    pending = [filename]
    while pending:
        path = schemas_dir() / version_folder / pending.pop()
        if not path.is_file():
            continue
        for raw in _INCLUDE.findall(path.read_bytes()):
            name = raw.decode("ascii", "replace")
            if "/" not in name and name not in seen and name != filename:
                seen.append(name)
                pending.append(name)
    return tuple(seen)


def check_schema_files(m: Manifest, members: Mapping[str, bytes]) -> None:
    """The XSDs the manifest names by xsi:schemaLocation (and what they import) sit at the root."""
    location = m.root.get(XSI_LOCATION)
    if not location:
        return
    folder = "scorm2004" if m.version == SCORM2004 else "scorm12"
    tokens = location.split()
    wanted: list[str] = []
    for href in tokens[1::2]:  # pairs: namespace, location
        name = _resolve(href)
        if name is None:
            continue
        wanted.append(name)
        wanted.extend(i for i in _our_imports(folder, name) if i not in wanted)
    for name in dict.fromkeys(wanted):
        if name not in members:
            m.add("SCORM-XSD-MISSING", f"`{name}` (named by xsi:schemaLocation or imported by it) "
                  "is not in the package", m.root)


def check_sco_api(m: Manifest, members: Mapping[str, bytes]) -> None:
    """Warn when no page or script of a SCO mentions the API's initialize call."""
    call = b"Initialize" if m.version == SCORM2004 else b"LMSInitialize"
    attr = f"{{{m.adlcp}}}{'scormType' if m.version == SCORM2004 else 'scormtype'}"
    by_id = m.resource_ids()
    for res in m.resources():
        if res.get(attr) != "sco":
            continue
        names: list[str] = []
        todo, done = [res], set()
        while todo:  # the SCO's own files and those of the resources it depends on
            current = todo.pop()
            if id(current) in done:
                continue
            done.add(id(current))
            launch = launch_name(m, current)
            names += ([launch] if launch else []) + [n for _, n in resource_files(m, current)]
            todo += [by_id[d.get("identifierref", "")] for d in current.iterfind(m.q("dependency"))
                     if d.get("identifierref") in by_id]
        found = False
        for name in dict.fromkeys(names):
            if not name.lower().endswith(_SCANNED) or name not in members:
                continue
            if member_size(members, name) > _SCAN_LIMIT:
                continue
            try:
                if call in members[name]:
                    found = True
                    break
            except MemberUnreadable:
                continue  # reported by the container checks
        if not found:
            m.add("SCO-NO-INITIALIZE", f"resource `{res.get('identifier')}` is a SCO but none of its "
                  f"pages or scripts calls {call.decode()}", res)


def check_unlisted(m: Manifest, members: Mapping[str, bytes]) -> None:
    listed = {MANIFEST}
    for res in m.resources():
        listed.update(name for _, name in resource_files(m, res))
        launch = launch_name(m, res)
        if launch:
            listed.add(launch)
    unlisted = [
        name for name in members
        if name not in listed and not ("/" not in name and name.lower().endswith((".xsd", ".dtd")))
    ]
    for name in unlisted[:_MAX_UNLISTED]:
        m.findings.append(finding(
            "PKG-UNLISTED-FILE", m.label, "not listed by any <file href> of the manifest", member=name
        ))
    if len(unlisted) > _MAX_UNLISTED:
        m.findings.append(finding(
            "PKG-UNLISTED-FILE", m.label, f"… and {len(unlisted) - _MAX_UNLISTED} more unlisted files"
        ))

"""Parse a manifest without ever trusting it: no network, no DTD, no entity expansion.

A manifest comes from anywhere (another tool, a colleague's zip), so a DOCTYPE with entities is
refused *before* libxml2 sees it — an XXE or a "billion laughs" gets an error, never a file read or
a hang — and the parser is hardened anyway as a second line of defence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from scormpack.validate.findings import Finding
from scormpack.validate.rules import finding

MANIFEST = "imsmanifest.xml"

# Entity declarations or an external DTD (SYSTEM / PUBLIC id) are what make XML dangerous; a bare
# `<!DOCTYPE manifest>` is harmless. Searched on an ASCII-compatible decoding of the bytes.
_DOCTYPE = re.compile(r"<!DOCTYPE\b[^>\[]*?(\bSYSTEM\b|\bPUBLIC\b|\[)", re.IGNORECASE)
_ENTITY = re.compile(r"<!ENTITY\b", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    # A fresh parser per document: lxml parsers keep state (error log) and are not thread-safe.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,  # keep libxml2's depth / text-size limits
        remove_blank_text=False,
    )


@dataclass
class ParsedManifest:
    root: etree._Element | None
    findings: list[Finding] = field(default_factory=list)


def _as_text(data: bytes) -> str:
    """Decode just enough to search for markup: every encoding we may meet keeps ASCII readable
    once decoded with the right family (UTF-16 by its BOM, the rest as latin-1)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    if len(data) > 1 and data[0] == 0 and data[1] == 0x3C:  # UTF-16BE without BOM
        return data.decode("utf-16-be", errors="replace")
    if len(data) > 1 and data[0] == 0x3C and data[1] == 0:  # UTF-16LE without BOM
        return data.decode("utf-16-le", errors="replace")
    return data.decode("latin-1")


def parse_manifest(data: bytes, label: str, member: str = MANIFEST) -> ParsedManifest:
    text = _as_text(data)
    danger = _ENTITY.search(text) or _DOCTYPE.search(text)
    if danger:
        line = text.count("\n", 0, danger.start()) + 1
        return ParsedManifest(None, [finding(
            "XML-UNSAFE", label,
            "the manifest declares a DTD with entities or an external DTD; it was not parsed",
            member=member, line=line,
        )])
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as err:
        message = str(err.msg or err)
        # libxml2's own guard against entity amplification fires on hidden variants we missed.
        rule = "XML-UNSAFE" if "entity" in message.lower() and "amplification" in message.lower() else (
            "XML-MALFORMED"
        )
        line = err.lineno if err.lineno and err.lineno > 0 else None
        return ParsedManifest(None, [finding(rule, label, message, member=member, line=line)])
    except ValueError as err:  # e.g. an unknown declared encoding
        return ParsedManifest(None, [finding("XML-MALFORMED", label, str(err), member=member)])

    findings: list[Finding] = []
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if docinfo.system_url or docinfo.public_id or (dtd is not None and any(True for _ in dtd.iterentities())):
        return ParsedManifest(None, [finding(
            "XML-UNSAFE", label, "the manifest declares a DTD with entities or an external DTD",
            member=member, line=1,
        )])
    if not data.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml"):
        findings.append(finding(
            "XML-ENCODING", label, "the manifest has no XML declaration", member=member, line=1
        ))
    elif (docinfo.encoding or "").upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        findings.append(finding(
            "XML-ENCODING", label, f"the manifest is encoded as {docinfo.encoding}, not UTF-8",
            member=member, line=1,
        ))
    return ParsedManifest(root, findings)


def element_path(el: etree._Element) -> str:
    """A readable XPath-like path with the document's prefixes: /manifest/organizations/organization[2]."""
    parts: list[str] = []
    node: etree._Element | None = el
    while node is not None:
        if not isinstance(node.tag, str):  # comments and processing instructions
            node = node.getparent()
            continue
        qname = etree.QName(node)
        name = f"{node.prefix}:{qname.localname}" if node.prefix else qname.localname
        parent = node.getparent()
        if parent is not None:
            same = [sib for sib in parent if sib.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/" + "/".join(reversed(parts))

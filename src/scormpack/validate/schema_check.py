"""Run the compiled XSDs on a parsed manifest; every error with its line and an XPath-like path."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from scormpack.validate.safexml import element_path
from scormpack.validate.xsd_sets import IMSMD12_NS, scorm12_lom_schema, scorm12_schema, scorm2004_schema

# An error found by a validator: (line, xpath, message).
SchemaError = tuple[int | None, str | None, str]

_CLARK = re.compile(r"\{([^}]*)\}([\w.-]+)")


def _readable(message: str, prefixes: dict[str, str]) -> str:
    """`{http://…imscp…}title` → `title`, `{…adlcp…}masteryscore` → `adlcp:masteryscore`."""

    def shorten(m: re.Match[str]) -> str:
        prefix = prefixes.get(m.group(1))
        return f"{prefix}:{m.group(2)}" if prefix else m.group(2)

    return _CLARK.sub(shorten, message.removeprefix("Element ").strip())


def _prefixes(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in root.iter():
        if isinstance(el.tag, str):
            for prefix, ns in el.nsmap.items():
                if prefix:
                    found.setdefault(ns, prefix)
    return found


def _in_lom(element: etree._Element | None) -> bool:
    """Inside an IMS MD block, i.e. under the content model of an IMS MD element."""
    if element is None:
        return False
    return any(etree.QName(a).namespace == IMSMD12_NS for a in element.iterancestors())


def _lxml_errors(schema: etree.XMLSchema, root: etree._Element) -> tuple[list[SchemaError], bool]:
    """The schema's errors, and whether some lie inside a LOM block."""
    if schema.validate(root):
        return [], False
    prefixes = _prefixes(root)
    tree = root.getroottree()
    errors: list[SchemaError] = []
    in_lom = False
    for entry in schema.error_log:
        path = None
        node = None
        if entry.path:
            # libxml2 gives /*/*[2]/*; resolve it to the element and spell it with the prefixes.
            try:
                nodes = tree.xpath(entry.path, namespaces={p: ns for ns, p in prefixes.items()})
            except etree.XPathError:
                nodes = None
            if isinstance(nodes, list) and nodes and isinstance(nodes[0], etree._Element):
                node = nodes[0]
                path = element_path(node)
            else:
                path = entry.path
        if _in_lom(node):
            in_lom = True
            continue
        errors.append((entry.line or None, path, _readable(entry.message, prefixes)))
    return errors, in_lom


def _lom_errors(root: etree._Element) -> list[SchemaError]:
    """Each outermost IMS MD element (normally `imsmd:lom`) against the imsmd XSD as written (XSD 1.1)."""
    tops = root.xpath("//*[namespace-uri() = $ns and namespace-uri(..) != $ns]", ns=IMSMD12_NS)
    prefixes = _prefixes(root)
    errors: list[SchemaError] = []
    for top in tops:
        for err in scorm12_lom_schema().iter_errors(top, use_location_hints=False):
            reason = _readable(str(err.reason or err.message), prefixes)
            if err.elem is not None:
                errors.append((err.elem.sourceline, element_path(err.elem), reason))
            else:
                errors.append((top.sourceline, element_path(top) + (err.path or ""), reason))
    return errors


def validate_scorm12(root: etree._Element) -> list[SchemaError]:
    errors, in_lom = _lxml_errors(scorm12_schema(), root)
    return errors + _lom_errors(root) if in_lom else errors


def validate_scorm2004(root: etree._Element) -> list[SchemaError]:
    return _lxml_errors(scorm2004_schema(), root)[0]


VALIDATORS: dict[str, Callable[[etree._Element], list[SchemaError]]] = {
    "scorm12": validate_scorm12,
    "scorm2004": validate_scorm2004,
}

"""Run the compiled XSDs on a parsed manifest; every error with its line and an XPath-like path."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from scormpack.validate.lom_memo import lom_subtree_errors
from scormpack.validate.safexml import element_path
from scormpack.validate.xsd_sets import IMSMD12_NS, scorm12_cp_schema, scorm2004_schema

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


def _lxml_errors(schema: etree.XMLSchema, root: etree._Element) -> list[SchemaError]:
    if schema.validate(root):
        return []
    prefixes = _prefixes(root)
    tree = root.getroottree()
    errors: list[SchemaError] = []
    for entry in schema.error_log:
        path = None
        if entry.path:
            # libxml2 gives /*/*[2]/*; resolve it to the element and spell it with the prefixes.
            try:
                nodes = tree.xpath(entry.path, namespaces={p: ns for ns, p in prefixes.items()})
            except etree.XPathError:
                nodes = None
            if isinstance(nodes, list) and nodes and isinstance(nodes[0], etree._Element):
                path = element_path(nodes[0])
            else:
                path = entry.path
        errors.append((entry.line or None, path, _readable(entry.message, prefixes)))
    return errors


def _lom_errors(root: etree._Element) -> list[SchemaError]:
    """Each outermost IMS MD element (normally `imsmd:lom`) against the real imsmd XSD."""
    tops = root.xpath("//*[namespace-uri() = $ns and namespace-uri(..) != $ns]", ns=IMSMD12_NS)
    errors: list[SchemaError] = []
    prefixes: dict[str, str] | None = None
    for top in tops:
        for elem, below, reason in lom_subtree_errors(top):
            prefixes = prefixes if prefixes is not None else _prefixes(root)
            if elem is not None:
                errors.append((elem.sourceline, element_path(elem), _readable(reason, prefixes)))
            else:
                errors.append((top.sourceline, element_path(top) + below, _readable(reason, prefixes)))
    return errors


def validate_scorm12(root: etree._Element) -> list[SchemaError]:
    return _lxml_errors(scorm12_cp_schema(), root) + _lom_errors(root)


def validate_scorm2004(root: etree._Element) -> list[SchemaError]:
    return _lxml_errors(scorm2004_schema(), root)


VALIDATORS: dict[str, Callable[[etree._Element], list[SchemaError]]] = {
    "scorm12": validate_scorm12,
    "scorm2004": validate_scorm2004,
}

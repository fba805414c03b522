"""Validate IMS MD (LOM) subtrees with xmlschema, memoized by their *shape*.

xmlschema is pure Python: a typical LOM block costs 3–4 ms, most of the per-manifest budget. But a
build emits hundreds of manifests whose LOM differs only in free text (titles, descriptions,
keywords, vCards…). The validity of a subtree cannot depend on the text of an element whose type
is an unrestricted `xs:string` (no facet anywhere in its derivation), so such text is replaced by
a marker in the memo key; everything else — tags and their order, attributes, the text of typed
elements (e.g. `size`, an xs:int), non-blank text between elements — is kept verbatim. Equal keys
therefore have equal validation outcomes, and the memo only saves time, never changes a result.
Errors are stored with the document-order index of the element they point to, so a memo hit still
reports the lines and paths of the manifest at hand.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import cache

from lxml import etree

from scormpack.validate.xsd_sets import IMSMD12_NS, scorm12_lom_schema

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_XS_STRING = "{http://www.w3.org/2001/XMLSchema}string"
_XSI_PREFIX = f"{{{XSI_NS}}}"
_FREE = "\x00free"  # stands for any text of a free-text element
_MAX_ENTRIES = 512

# (element index in document order or None, path below the subtree root, reason)
_StoredError = tuple[int | None, str, str]
_memo: OrderedDict[tuple[tuple[object, ...], ...], list[_StoredError]] = OrderedDict()
_lock = threading.Lock()  # the build may validate from threads; the LRU bookkeeping is not atomic


@cache
def free_text_tags() -> frozenset[str]:
    """Global imsmd elements whose text content is an xs:string without any facet."""
    schema = scorm12_lom_schema()
    free: set[str] = set()
    for name, decl in schema.maps.elements.items():
        if not name.startswith(f"{{{IMSMD12_NS}}}"):
            continue
        kind = decl.type
        simple = kind if kind.is_simple() else (kind.content if kind.has_simple_content() else None)
        # Walk the derivation up to the built-in xs:string; any facet on the way makes it typed.
        while simple is not None and simple.name != _XS_STRING:
            if getattr(simple, "facets", None) or getattr(simple, "is_builtin", lambda: False)():
                simple = None
            else:
                simple = getattr(simple, "base_type", None)
        if simple is not None:
            free.add(name)
    return frozenset(free)


def _shape(top: etree._Element, free: frozenset[str]) -> tuple[tuple[object, ...], ...] | None:
    """The memo key, or None when the subtree must not be memoized (xsi:type may use QNames)."""
    key: list[tuple[object, ...]] = []
    for el in top.iter():
        tag = el.tag
        if not isinstance(tag, str):
            key.append(("#c",))  # comments / PIs: structure only
            continue
        attrib = el.attrib
        attrs: tuple[tuple[str, str], ...] = ()
        if attrib:
            attrs = tuple(sorted(attrib.items()))
            if any(name.startswith(_XSI_PREFIX) for name, _ in attrs):
                return None
        text = el.text or ""
        children = len(el)
        if tag in free and not children:
            text = _FREE if text else ""
        elif children and not text.strip():
            text = ""  # indentation between child elements never matters
        tail = el.tail
        key.append((tag, attrs, text, tail if tail and el is not top and tail.strip() else "", children))
    return tuple(key)


def lom_subtree_errors(top: etree._Element) -> list[tuple[etree._Element | None, str, str]]:
    """Errors of one IMS MD subtree: (element or None, path below `top`, reason)."""
    elements = [el for el in top.iter()]
    key = _shape(top, free_text_tags())
    with _lock:
        stored = _memo.get(key) if key is not None else None
        if stored is not None:
            _memo.move_to_end(key)  # type: ignore[arg-type]
    if stored is None:
        index = {el: i for i, el in enumerate(elements)}
        stored = []
        for err in scorm12_lom_schema().iter_errors(top, use_location_hints=False):
            where = index.get(err.elem) if err.elem is not None else None
            stored.append((where, err.path or "", str(err.reason or err.message)))
        if key is not None:
            with _lock:
                _memo[key] = stored
                if len(_memo) > _MAX_ENTRIES:
                    _memo.popitem(last=False)
    return [(elements[i] if i is not None else None, path, reason) for i, path, reason in stored]

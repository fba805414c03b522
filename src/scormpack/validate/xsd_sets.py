"""Compile the official, unmodified XSDs shipped in `schemas/`, offline, once per process.

The SCORM 1.2 set has two defects that no single validator gets past (see schemas/scorm12/PROVENANCE.md):
`imsmd_rootv1p2p1.xsd` breaks XSD 1.0's Unique Particle Attribution rule, so libxml2 refuses it, and
`ims_xml.xsd` binds the default namespace to the XML namespace, so expat (hence xmlschema) refuses it.
So the work is split, each part checked by a validator that accepts its files as they are:

* libxml2 (lxml) checks IMS CP + ADL CP from `adlcp_rootv1p2.xsd` (which imports imscp, which imports
  ims_xml.xsd — libxml2 only logs the namespace defect). IMS MD is stood in for by an in-memory
  schema declaring each global element of the real imsmd file with type anyType, so the strict
  `##other` wildcards of imscp accept LOM subtrees without libxml2 compiling imsmd. This is fast (C).
* xmlschema in XSD 1.1 mode (where the UPA rule is relaxed) checks each LOM subtree against the real
  `imsmd_rootv1p2p1.xsd`; the XML namespace it imports is bound to xmlschema's bundled W3C xml.xsd.
  (That costs 3–5 ms per LOM block, so `lom_memo.py` memoizes results by the block's shape.)

Nothing is ever fetched: lxml runs with no_network and a resolver that serves only files of our
schemas folder; xmlschema runs with allow="local" and without location hints, so the XSDs named by a
package (or by its xsi:schemaLocation) are never used.

Both schemas are compiled once per process, lazily (`functools.cache`); call `warm_up()` before
forking workers to share them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from lxml import etree

from scormpack.data import schemas_dir

XSD_NS = "http://www.w3.org/2001/XMLSchema"
XML_NS = "http://www.w3.org/XML/1998/namespace"
CP12_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP12_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD12_NS = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
CP2004_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP2004_NS = "http://www.adlnet.org/xsd/adlcp_v1p3"

_STUB = "scormpack-stub:imsmd"


class SchemaUnavailable(RuntimeError):
    """The XSD set of a version is missing or cannot be compiled (a broken install)."""


class _LocalOnly(etree.Resolver):
    """Serve our schema files and the stub; anything else (network, other files) gets nothing."""

    def __init__(self, folder: Path, stubs: dict[str, str]) -> None:
        super().__init__()
        self.folder = folder.resolve()
        self.stubs = stubs

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        if system_url in self.stubs:
            return self.resolve_string(self.stubs[system_url], context)
        # libxml2 names imports by file: URL, or by plain path once a file was served by path.
        if system_url and (system_url.startswith("file:") or system_url.startswith("/")):
            path = Path(url2pathname(urlsplit(system_url).path)).resolve()
            if path.is_relative_to(self.folder) and path.is_file():
                return self.resolve_filename(str(path), context)
        # An empty document makes the schema compilation fail loudly instead of reaching out.
        return self.resolve_string("", context)


def _compile_lxml(folder: Path, imports: dict[str, str], stubs: dict[str, str]) -> etree.XMLSchema:
    if not folder.is_dir():
        raise SchemaUnavailable(f"no XSD folder {folder}")
    driver = f'<xsd:schema xmlns:xsd="{XSD_NS}">' + "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{location}"/>' for ns, location in imports.items()
    ) + "</xsd:schema>"
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_LocalOnly(folder, stubs))
    try:
        return etree.XMLSchema(etree.fromstring(driver, parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as err:
        raise SchemaUnavailable(f"cannot compile the XSDs in {folder}: {err}") from err


def _imsmd_stub(imsmd: Path) -> str:
    """Every global element of the real imsmd file, typed anyType, so libxml2 defers to xmlschema."""
    root = etree.parse(str(imsmd), etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    names = [el.get("name") for el in root if el.tag == f"{{{XSD_NS}}}element" and el.get("name")]
    return f'<xsd:schema xmlns:xsd="{XSD_NS}" targetNamespace="{IMSMD12_NS}">' + "".join(
        f'<xsd:element name="{name}"/>' for name in names
    ) + "</xsd:schema>"


@cache
def scorm12_cp_schema() -> etree.XMLSchema:
    folder = schemas_dir() / "scorm12"
    imsmd = folder / "imsmd_rootv1p2p1.xsd"
    if not imsmd.is_file():
        raise SchemaUnavailable(f"missing {imsmd}")
    return _compile_lxml(
        folder,
        {ADLCP12_NS: (folder / "adlcp_rootv1p2.xsd").resolve().as_uri(), IMSMD12_NS: _STUB},
        {_STUB: _imsmd_stub(imsmd)},
    )


@cache
def scorm12_lom_schema():  # type: ignore[no-untyped-def]  # xmlschema.XMLSchema11, imported lazily
    import xmlschema  # slow import (~0.2 s): only when a manifest is actually validated

    folder = schemas_dir() / "scorm12"
    w3c_xml = Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd"
    ims_xml = (folder / "ims_xml.xsd").resolve().as_uri()

    def local_only(url: str) -> str:
        # The only import of imsmd is ims_xml.xsd (unparseable by expat): use W3C's xml.xsd instead.
        if url == ims_xml or url.endswith("/ims_xml.xsd"):
            return w3c_xml.as_uri()
        return url

    try:
        return xmlschema.XMLSchema11(
            str(folder / "imsmd_rootv1p2p1.xsd"), allow="local", defuse="always", uri_mapper=local_only
        )
    except (xmlschema.XMLSchemaException, OSError) as err:
        raise SchemaUnavailable(f"cannot compile {folder / 'imsmd_rootv1p2p1.xsd'}: {err}") from err


@cache
def scorm2004_schema() -> etree.XMLSchema:
    folder = schemas_dir() / "scorm2004"
    # None of these imports the others (PROVENANCE.md); LOM is absent from the set, and imscp's
    # wildcards are lax, so LOM subtrees are skipped rather than rejected.
    files = {
        CP2004_NS: "imscp_v1p1.xsd",
        ADLCP2004_NS: "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    }
    return _compile_lxml(folder, {ns: (folder / f).resolve().as_uri() for ns, f in files.items()}, {})


def warm_up() -> None:
    """Compile the SCORM 1.2 schemas now (e.g. in a parent process before forking workers)."""
    scorm12_cp_schema()
    scorm12_lom_schema()

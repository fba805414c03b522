"""Compile the official XSDs shipped in `schemas/`, offline, once per process.

The SCORM 1.2 set has two defects (see schemas/scorm12/PROVENANCE.md): `ims_xml.xsd` binds the
default namespace to the XML namespace (expat, hence xmlschema, refuses it; libxml2 logs it and goes
on), and `imsmd_rootv1p2p1.xsd` breaks XSD 1.0's Unique Particle Attribution rule: its extension
wildcard `<xsd:any namespace="##any">` competes with the optional IMS MD elements before it.

* libxml2 (lxml) compiles the files as they are on disk, with one change made in memory while
  loading imsmd: that wildcard reads `##other`. It then means what the IMS MD binding documents —
  extension elements from other namespaces — and the UPA conflict is gone. Compiling takes a few
  milliseconds and a manifest validates in tens of microseconds.
* The change is stricter than XSD 1.1 in one corner: there, the wildcard may also take an IMS MD
  element standing out of its place. So when libxml2 finds errors inside a LOM block, xmlschema
  (XSD 1.1 mode, loading the imsmd file unchanged) gives the verdict on that block instead: another
  tool's package is never refused for what the schema as written allows. Our own manifests never
  get there, so a build never imports xmlschema.

Nothing is ever fetched: lxml runs with no_network and a resolver that serves only files of our
schemas folder; xmlschema runs with allow="local" and without location hints, so the XSDs named by a
package (or by its xsi:schemaLocation) are never used.

Schemas are compiled once per process, lazily (`functools.cache`); `warm_up()` compiles them up
front, e.g. before forking workers.
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

# The one in-memory change to the files (see the module's docstring).
_IMSMD_FILE = "imsmd_rootv1p2p1.xsd"
_IMSMD_WILDCARD = (b'namespace="##any"', b'namespace="##other"')


class SchemaUnavailable(RuntimeError):
    """The XSD set of a version is missing or cannot be compiled (a broken install)."""


class _LocalOnly(etree.Resolver):
    """Serve our schema files; anything else (network, other files) gets nothing."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder.resolve()

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        # libxml2 names imports by file: URL, or by plain path once a file was served by path.
        if system_url and (system_url.startswith("file:") or system_url.startswith("/")):
            path = Path(url2pathname(urlsplit(system_url).path)).resolve()
            if path.is_relative_to(self.folder) and path.is_file():
                if path.name == _IMSMD_FILE:
                    data = path.read_bytes().replace(*_IMSMD_WILDCARD)
                    return self.resolve_string(data, context, base_url=str(path))
                return self.resolve_filename(str(path), context)
        # An empty document makes the schema compilation fail loudly instead of reaching out.
        return self.resolve_string("", context)


def _compile_lxml(folder: Path, imports: dict[str, str]) -> etree.XMLSchema:
    if not folder.is_dir():
        raise SchemaUnavailable(f"no XSD folder {folder}")
    driver = f'<xsd:schema xmlns:xsd="{XSD_NS}">' + "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{location}"/>' for ns, location in imports.items()
    ) + "</xsd:schema>"
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_LocalOnly(folder))
    try:
        return etree.XMLSchema(etree.fromstring(driver, parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as err:
        raise SchemaUnavailable(f"cannot compile the XSDs in {folder}: {err}") from err


@cache
def scorm12_schema() -> etree.XMLSchema:
    """IMS CP + ADL CP + IMS MD, from `adlcp_rootv1p2.xsd` (which imports imscp) and the imsmd file."""
    folder = schemas_dir() / "scorm12"
    imsmd = folder / _IMSMD_FILE
    if not imsmd.is_file():
        raise SchemaUnavailable(f"missing {imsmd}")
    return _compile_lxml(
        folder,
        {ADLCP12_NS: (folder / "adlcp_rootv1p2.xsd").resolve().as_uri(), IMSMD12_NS: imsmd.resolve().as_uri()},
    )


@cache
def scorm12_lom_schema():  # type: ignore[no-untyped-def]  # xmlschema.XMLSchema11, imported lazily
    """The imsmd file exactly as written, in XSD 1.1 mode: the verdict on a LOM block libxml2 doubts."""
    import xmlschema  # slow import (~0.2 s): only for a manifest whose LOM libxml2 finds invalid

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
    return _compile_lxml(folder, {ns: (folder / f).resolve().as_uri() for ns, f in files.items()})


def warm_up() -> None:
    """Compile the SCORM 1.2 schema now (e.g. in a parent process before forking workers)."""
    scorm12_schema()

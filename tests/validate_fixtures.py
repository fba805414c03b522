"""Build SCORM 1.2 test packages in memory: a valid one with LOM metadata, then break it per rule.

Nothing here is a checked-in binary: every fixture is produced by the tests themselves.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from scormpack.data import schemas_dir

XSD_FILES = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")

INDEX_HTML = b"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Le\xc3\xa7on</title>
<script src="assets/scorm-api.js"></script><script src="assets/lesson.js"></script></head>
<body><main id="lesson"></main></body></html>
"""
API_JS = b"""var api = findAPI(window);
function start() { return api.LMSInitialize("") === "true"; }
"""

MANIFEST_TEMPLATE = '''
<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-acteurs" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
    <imsmd:lom>
      <imsmd:general>
        <imsmd:title><imsmd:langstring xml:lang="fr">{title}</imsmd:langstring></imsmd:title>
        <imsmd:catalogentry>
          <imsmd:catalog>scormpack</imsmd:catalog>
          <imsmd:entry><imsmd:langstring xml:lang="x-none">acteurs-institutionnels</imsmd:langstring></imsmd:entry>
        </imsmd:catalogentry>
        <imsmd:language>fr</imsmd:language>
        <imsmd:description><imsmd:langstring xml:lang="fr">Une courte vidéo présente les acteurs institutionnels du numérique éducatif au premier degré, suivie d'un quiz d'association.</imsmd:langstring></imsmd:description>
        <imsmd:keyword><imsmd:langstring xml:lang="fr">numérique éducatif</imsmd:langstring></imsmd:keyword>
        <imsmd:keyword><imsmd:langstring xml:lang="fr">premier degré</imsmd:langstring></imsmd:keyword>
      </imsmd:general>
      <imsmd:lifecycle>
        <imsmd:version><imsmd:langstring xml:lang="x-none">1.0</imsmd:langstring></imsmd:version>
        <imsmd:status>
          <imsmd:source><imsmd:langstring xml:lang="x-none">LOMv1.0</imsmd:langstring></imsmd:source>
          <imsmd:value><imsmd:langstring xml:lang="x-none">Final</imsmd:langstring></imsmd:value>
        </imsmd:status>
        <imsmd:contribute>
          <imsmd:role>
            <imsmd:source><imsmd:langstring xml:lang="x-none">LOMv1.0</imsmd:langstring></imsmd:source>
            <imsmd:value><imsmd:langstring xml:lang="x-none">Author</imsmd:langstring></imsmd:value>
          </imsmd:role>
          <imsmd:centity><imsmd:vcard>BEGIN:VCARD
VERSION:3.0
FN:Équipe numérique
END:VCARD</imsmd:vcard></imsmd:centity>
          <imsmd:date><imsmd:datetime>2026-11-28</imsmd:datetime></imsmd:date>
        </imsmd:contribute>
      </imsmd:lifecycle>
      <imsmd:technical>
        <imsmd:format>text/html</imsmd:format>
        <imsmd:location type="URI">index.html</imsmd:location>
      </imsmd:technical>
      <imsmd:educational>
        <imsmd:typicallearningtime><imsmd:datetime>PT10M</imsmd:datetime></imsmd:typicallearningtime>
        <imsmd:language>fr</imsmd:language>
      </imsmd:educational>
      <imsmd:rights>
        <imsmd:cost>
          <imsmd:source><imsmd:langstring xml:lang="x-none">LOMv1.0</imsmd:langstring></imsmd:source>
          <imsmd:value><imsmd:langstring xml:lang="x-none">no</imsmd:langstring></imsmd:value>
        </imsmd:cost>
        <imsmd:copyrightandotherrestrictions>
          <imsmd:source><imsmd:langstring xml:lang="x-none">LOMv1.0</imsmd:langstring></imsmd:source>
          <imsmd:value><imsmd:langstring xml:lang="x-none">yes</imsmd:langstring></imsmd:value>
        </imsmd:copyrightandotherrestrictions>
        <imsmd:description><imsmd:langstring xml:lang="fr">CC BY-SA 4.0</imsmd:langstring></imsmd:description>
      </imsmd:rights>
    </imsmd:lom>
  </metadata>
  <organizations default="ORG-acteurs">
    <organization identifier="ORG-acteurs">
      <title>{title}</title>
      <item identifier="ITEM-acteurs" identifierref="RES-acteurs" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-acteurs" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="assets/lesson.css"/>
      <file href="assets/lesson.js"/>
      <file href="assets/scorm-api.js"/>
      <file href="transcript.html"/>
    </resource>
  </resources>
</manifest>
'''


def manifest(title: str = "Les acteurs institutionnels du numérique éducatif") -> str:
    """A valid SCORM 1.2 manifest (~4 kB) with IMS MD 1.2.1 LOM metadata and a mastery score."""
    return MANIFEST_TEMPLATE.lstrip("\n").replace("{title}", title)


def members(manifest_text: str | None = None, *, title: str | None = None) -> dict[str, bytes]:
    """The files of a valid package: manifest, the 4 XSDs at the root, a SCO that calls LMSInitialize."""
    text = manifest_text if manifest_text is not None else manifest(*(t for t in [title] if t))
    files = {
        "imsmanifest.xml": text.encode("utf-8"),
        "index.html": INDEX_HTML,
        "transcript.html": b"<!doctype html><p>Transcription</p>",
        "assets/lesson.css": b"main { max-width: 60rem; }",
        "assets/lesson.js": b"start();",
        "assets/scorm-api.js": API_JS,
    }
    for name in XSD_FILES:
        files[name] = (schemas_dir() / "scorm12" / name).read_bytes()
    return files


def broken(old: str, new: str, *, count: int = 1) -> dict[str, bytes]:
    """The valid package with one change to its manifest (asserting the change applies)."""
    text = manifest()
    assert old in text, f"fixture out of date: {old!r} not in the manifest"
    return members(text.replace(old, new, count))


def write_zip(
    path: Path, files: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED
) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, compression)
    return path


def unix_entry(name: str, mode: int) -> zipfile.ZipInfo:
    """An entry whose Unix mode (file type included) an unzip restores, e.g. 0o120777 a symlink."""
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def write_zip_with(path: Path, extra: list[tuple[zipfile.ZipInfo, bytes]], files: dict[str, bytes] | None = None) -> Path:
    """The valid package's files (those `extra` names left out), then the hand-made `extra` entries."""
    replaced = {info.filename for info, _ in extra}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (members() if files is None else files).items():
            if name not in replaced:
                archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
        for info, data in extra:
            archive.writestr(info, data)
    return path


class _CP437Info(zipfile.ZipInfo):
    """A ZipInfo written the way old zip tools do: name bytes in CP437, no UTF-8 flag."""

    def _encodeFilenameFlags(self):  # overrides a private hook of zipfile
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def write_zip_without_utf8_flag(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(_CP437Info(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return path


def write_bomb(path: Path, *, inflated: int = 64 << 20) -> Path:
    """A valid package plus one member of `inflated` zero bytes deflated to a few tens of kB."""
    files = members()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        # Stream the zeros so the test itself never holds the inflated size in memory.
        info = zipfile.ZipInfo("assets/zeros.bin", date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as stream:
            block = bytes(1 << 20)
            for _ in range(inflated >> 20):
                stream.write(block)
    return path


def corrupt_crc(path: Path, member: str) -> None:
    """Flip the CRC of `member` in both headers so reading it fails (the zip still opens)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    bad = struct.pack("<I", info.CRC ^ 0xFFFFFFFF)
    good = struct.pack("<I", info.CRC)
    start = 0
    while (at := data.find(good, start)) != -1:
        data[at:at + 4] = bad
        start = at + 4
    path.write_bytes(bytes(data))


def deflate_ratio(data: bytes) -> float:
    return len(data) / max(len(zlib.compress(data)), 1)


def raw_deflate(data: bytes) -> bytes:
    """A raw deflate stream (what a zip entry holds), from one byte string."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def zeros_deflated(size: int) -> bytes:
    """A raw deflate stream of `size` zero bytes, compressed 1 MiB at a time (never held inflated)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(1 << 20)
    out = [packer.compress(block[: min(len(block), size - done)]) for done in range(0, size, len(block))]
    return b"".join(out) + packer.flush()


def write_raw_zip(path: Path, entries: list[tuple[str, bytes, int, int, int]], *, with_package: bool = True) -> Path:
    """A zip written byte by byte, so that its headers may lie as an attacker's do.

    Each entry is (name, data as stored, method, CRC-32, declared uncompressed size); the honest
    files of the valid package come first (deflated) unless `with_package` is False.
    """
    honest = [
        (name, raw_deflate(data), zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data))
        for name, data in members().items()
    ] if with_package else []
    local = bytearray()
    central = bytearray()
    for name, stored, method, crc, size in honest + entries:
        encoded = name.encode("utf-8")
        fields = (20, 0x800, method, 0, 0x5C21, crc, len(stored), size, len(encoded), 0)
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + encoded + stored
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields)
        central += struct.pack("<HHHII", 0, 0, 0, 0, offset) + encoded
    count = len(honest) + len(entries)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(local), 0)
    path.write_bytes(bytes(local + central + end))
    return path

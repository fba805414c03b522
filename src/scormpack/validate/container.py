"""Checks on the zip container itself: first from the central directory alone, then one pass that
inflates every entry in memory, never past its declared size.

A zip bomb is refused from the declared sizes (entry count, total size, per-entry ratio, ratios
deflate cannot produce) before any byte is inflated; the inflating pass then proves each entry
holds what it declares (size and CRC), and the same total caps what `ZipMembers` decompresses.
Entry types (symlinks, devices…) and names come from the central directory too.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from scormpack.validate.findings import Finding
from scormpack.validate.inflate import DEFLATE_MAX_RATIO, DataBroken, DataLie, verify_member
from scormpack.validate.modes import special_kind
from scormpack.validate.rules import finding
from scormpack.validate.sources import ZipMembers

_UTF8_FLAG = 0x800  # general purpose bit 11: names and comments are UTF-8
_ENCRYPTED_FLAG = 0x1
_UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP: a UTF-8 copy of the name, an accepted declaration too
_SUPPORTED = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int = 10_000
    max_uncompressed: int = 1 << 30  # 1 GiB once inflated
    max_ratio: float = 100.0  # uncompressed / compressed, per entry…
    ratio_floor: int = 1 << 20  # …for entries inflating to more than 1 MiB (tiny files compress well)


DEFAULT_LIMITS = ZipLimits()


def _has_unicode_extra(extra: bytes) -> bool:
    offset = 0
    while offset + 4 <= len(extra):
        header_id, length = struct.unpack_from("<HH", extra, offset)
        if header_id == _UNICODE_PATH_EXTRA:
            return True
        offset += 4 + length
    return False


def _entry_kind(info: zipfile.ZipInfo) -> str | None:
    # Not only for create_system 3 (Unix): Info-ZIP's unzip also takes the Unix mode from entries
    # marked FAT by some Unix zip tools, so any file type in the high bits is what an unzip may create.
    return special_kind(info.external_attr >> 16)


def _declared_sizes_lie(info: zipfile.ZipInfo) -> str | None:
    """Why the entry's two declared sizes cannot both be true, read from the central directory."""
    if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
        return (f"stored entry of {info.compress_size} bytes declares {info.file_size} bytes once "
                "extracted: the sizes lie")
    if info.compress_type == zipfile.ZIP_DEFLATED and info.file_size > DEFLATE_MAX_RATIO * info.compress_size:
        ratio = info.file_size / max(info.compress_size, 1)
        return (f"declared ratio {ratio:.0f}:1 ({info.compress_size} → {info.file_size} bytes), which "
                f"deflate cannot produce (at most {DEFLATE_MAX_RATIO}:1): the sizes lie")
    return None


def _refused(findings: list[Finding]) -> bool:
    return any(f.rule in ("ZIP-BOMB", "ZIP-UNREADABLE") for f in findings)


def open_zip(
    path: Path, label: str, limits: ZipLimits = DEFAULT_LIMITS
) -> tuple[zipfile.ZipFile | None, ZipMembers | None, list[Finding]]:
    """Open a zip for checking: (archive, lazy members, findings). Members are None when the
    container is unreadable or a bomb — then nothing may be read from it."""
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as err:
        return None, None, [finding("ZIP-UNREADABLE", label, f"not a readable zip: {err}")]

    findings: list[Finding] = []
    files = [info for info in infos if not info.is_dir()]
    if len(infos) > limits.max_entries:
        findings.append(finding(
            "ZIP-BOMB", label, f"{len(infos)} entries, over the limit of {limits.max_entries}"
        ))
    total = sum(info.file_size for info in files)
    if total > limits.max_uncompressed:
        findings.append(finding(
            "ZIP-BOMB", label,
            f"{total} bytes once uncompressed, over the limit of {limits.max_uncompressed}",
        ))
    for info in files:
        lie = _declared_sizes_lie(info)
        if lie:
            findings.append(finding("ZIP-BOMB", label, lie, member=info.filename))
        elif info.file_size > limits.ratio_floor:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                findings.append(finding(
                    "ZIP-BOMB", label,
                    f"compression ratio {ratio:.0f}:1 ({info.compress_size} → {info.file_size} bytes), "
                    f"over {limits.max_ratio:.0f}:1",
                    member=info.filename,
                ))
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if name in seen:
            findings.append(finding("ZIP-DUPLICATE", label, "the zip holds this name twice", member=name))
        seen.add(name)
        kind = _entry_kind(info)
        if kind:
            findings.append(finding(
                "ZIP-SPECIAL-FILE", label, f"the entry is {kind}, not a regular file: an unzip would "
                "create it as such", member=name,
            ))
        if info.flag_bits & _ENCRYPTED_FLAG:
            findings.append(finding("ZIP-UNREADABLE", label, "entry is encrypted", member=name))
        elif info.compress_type not in _SUPPORTED:
            findings.append(finding(
                "ZIP-UNREADABLE", label, f"unsupported compression method {info.compress_type}",
                member=name,
            ))
        if not (info.flag_bits & _UTF8_FLAG) and not name.isascii() and not _has_unicode_extra(info.extra):
            findings.append(finding(
                "ZIP-ENCODING", label,
                "non-ASCII name stored without the UTF-8 flag: LMSs will decode it as CP437",
                member=name,
            ))
    if not _refused(findings):
        # Declared sizes are only claims: every member is inflated once (never stored, never written)
        # to prove it holds no more than declared and that its CRC matches.
        for info in files:
            try:
                verify_member(archive, info)
            except DataLie as err:
                findings.append(finding("ZIP-BOMB", label, str(err), member=info.filename))
            except DataBroken as err:
                findings.append(finding("ZIP-UNREADABLE", label, str(err), member=info.filename))
    if _refused(findings):
        archive.close()
        return None, None, findings
    keep_directories = label.lower().endswith(".h5p")
    return archive, ZipMembers(archive, infos, limits.max_uncompressed, keep_directories), findings

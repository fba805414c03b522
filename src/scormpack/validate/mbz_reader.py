"""Reading a Moodle course backup (.mbz, a gzipped tar) for checking, never extracting it to disk.

The archive is streamed: the XML files are kept (they are small and every check needs them), the
file store under `files/` is only hashed as it goes by. A second pass fetches the few stored files
that are packages, when an activity's package is to be checked. The bomb limits of zips apply to
every tar header (folders included: each is an entry and 512 bytes or more to inflate) and to the
bytes inflated, counted while reading.

A name held twice is kept as a tar extractor keeps it, Moodle's included: the last copy overwrites
the others. Every check reads that copy (the XML, the hashes, and the packages of the second pass,
found by their place in the archive), so that what is checked is what a restore would see.
"""

from __future__ import annotations

import hashlib
import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from scormpack.validate.container import ZipLimits
from scormpack.validate.names import extracted_path

_CHUNK = 1 << 16
# An XML file of a backup above this size is not one Moodle writes for a course without users.
MAX_XML_BYTES = 64 << 20
STORE_NAME = re.compile(r"files/([0-9a-f]{2})/([0-9a-f]{40})")


class BackupUnreadable(Exception):
    """Not a gzipped tar, truncated, or a link or device entry (which nothing in a backup is)."""


class BackupBomb(Exception):
    """Over the entry count or the inflated size allowed."""


@dataclass
class BackupListing:
    # Every entry's name as written in the archive, folders included, repeats included, in order.
    entries: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the file entries' names as written
    # The path each file entry extracts to (`names.extracted_path`), in order, repeats included.
    names: list[str] = field(default_factory=list)
    # The rest is keyed by that path and holds the copy an extractor keeps (the last one).
    xml: dict[str, bytes] = field(default_factory=dict)  # every *.xml outside files/
    # files/xx/<sha1>: the sha1 of the bytes found there and their size
    store: dict[str, tuple[str, int]] = field(default_factory=dict)
    bad_xml_sizes: set[str] = field(default_factory=set)
    offsets: dict[str, int] = field(default_factory=dict)  # where in the archive the kept copy starts


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r|gz")
    except (tarfile.TarError, OSError, EOFError) as err:
        raise BackupUnreadable(f"not a gzipped tar: {err}") from err


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo, budget: list[int], keep: bool) -> tuple[bytes, str, int]:
    stream = archive.extractfile(member)
    if stream is None:
        raise BackupUnreadable(f"{member.name}: unreadable entry")
    digest = hashlib.sha1()
    kept: list[bytes] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        budget[0] -= len(chunk)
        if budget[0] < 0:
            raise BackupBomb("more bytes once inflated than the limit allows")
        digest.update(chunk)
        if keep:
            kept.append(chunk)
    return b"".join(kept), digest.hexdigest(), size


def _header_bytes(member: tarfile.TarInfo) -> int:
    # The member's header blocks, extended (long name, pax) headers included.
    return max(member.offset_data - member.offset, tarfile.BLOCKSIZE)


def _check_ratio(inflated: int, compressed: int, limits: ZipLimits) -> None:
    if inflated > limits.ratio_floor and inflated / compressed > limits.max_ratio:
        raise BackupBomb(f"compression ratio over {limits.max_ratio:.0f}:1")


def list_backup(path: Path, limits: ZipLimits) -> BackupListing:
    """One pass over the archive: names, XML files, hashes of the file store."""
    listing = BackupListing()
    budget = [limits.max_uncompressed]
    compressed = max(path.stat().st_size, 1)
    inflated = 0
    try:
        with _open(path) as archive:
            for member in archive:
                if len(listing.entries) >= limits.max_entries:
                    raise BackupBomb(f"more than {limits.max_entries} entries")
                listing.entries.append(member.name)
                header = _header_bytes(member)
                budget[0] -= header
                inflated += header
                if budget[0] < 0:
                    raise BackupBomb("more bytes once inflated than the limit allows")
                _check_ratio(inflated, compressed, limits)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupUnreadable(f"{member.name}: a link or special file, which a backup never holds")
                name = extracted_path(member.name)
                listing.files.append(member.name)
                listing.names.append(name)
                # A later copy replaces the earlier one, as it does on disk.
                listing.xml.pop(name, None)
                listing.store.pop(name, None)
                listing.bad_xml_sizes.discard(name)
                listing.offsets[name] = member.offset
                if STORE_NAME.fullmatch(name):
                    _, sha1, size = _read(archive, member, budget, keep=False)
                    listing.store[name] = (sha1, size)
                elif name.endswith(".xml"):
                    if member.size > MAX_XML_BYTES:
                        listing.bad_xml_sizes.add(name)
                        continue
                    data, _, size = _read(archive, member, budget, keep=True)
                    listing.xml[name] = data
                else:
                    _, _, size = _read(archive, member, budget, keep=False)
                inflated += size
                _check_ratio(inflated, compressed, limits)
    except (tarfile.TarError, OSError, EOFError, ValueError) as err:
        raise BackupUnreadable(f"not a readable gzipped tar: {err}") from err
    return listing


def read_store_files(path: Path, wanted: dict[str, int], limits: ZipLimits) -> dict[str, bytes]:
    """The bytes of the file-store entries in `wanted` ({path: offset of the copy to read, as
    `BackupListing.offsets` gives it}), in a second pass."""
    found: dict[str, bytes] = {}
    budget = [limits.max_uncompressed]
    try:
        with _open(path) as archive:
            for member in archive:
                if not member.isfile():
                    continue
                name = extracted_path(member.name)
                if wanted.get(name) == member.offset:
                    found[name], _, _ = _read(archive, member, budget, keep=True)
                    if len(found) == len(wanted):
                        break
    except (tarfile.TarError, OSError, EOFError, ValueError) as err:
        raise BackupUnreadable(f"not a readable gzipped tar: {err}") from err
    return found
